// exp, expm1 and log1p in double-double arithmetic (double_double.hpp), each with a relative error
// bound in units of u^2 = 2^-106 derived below: the building blocks of float64's second Ziv
// stage (dd_ops.cpp).
#pragma once

#include "ops/double_double.hpp"

namespace nnact::ops::dd {

// exp(x) = 2^k * m, m in [0.7, 1.42]. Refused (false) outside -746 <= x.hi <= 746. Relative
// error of m: <= kExpBound u^2.
bool exp_scaled(DD x, DD& m, int& k);
inline constexpr double kExpBound = 50;

// exp(x) itself (exp_scaled, scaled), with the same bound; refused outside -665 <= x.hi <= 708,
// where 2^k * m could overflow or its low word lose bits below 2^-1022.
bool exp(DD x, DD& y);

// expm1(x): <= kExpm1Bound u^2 relative, same range.
bool expm1(DD x, DD& y);
inline constexpr double kExpm1Bound = 175;

// log1p(v) for 0 <= v <= 1 known to within ev u^2 relative: <= ev + kLog1pExtra u^2 relative.
// Refused (false) if the long double starting point were not within 2^-55 (never seen).
bool log1p(DD v, DD& y);
inline constexpr double kLog1pExtra = 180;

}  // namespace nnact::ops::dd
