// Functions of float64's second Ziv stage built from dd_exp.hpp's exp, expm1 and log1p
// (internal): each returns its result in double-double with a relative error bound in units of
// u^2 = 2^-106 (derived in dd_functions.cpp), or false where it does not apply.
#pragma once

#include "ops/dd_exp.hpp"

namespace nnact::ops::dd {

// scale / (1 + exp(a)) as y 2^result_scale; `extra`: a's own relative error times |a|.
bool logistic(DD a, double extra, double scale, DD& y, int& result_scale, double& bound);

// softplus(a) = log1p(exp(a)) as y 2^result_scale: bound kSoftplusBound, or kSoftplusTinyBound
// for a < -40 (both include 6 for the caller's final operation).
inline constexpr double kSoftplusBound = kExpBound + kLog1pExtra + 4 + 6;
inline constexpr double kSoftplusTinyBound = 60;
bool softplus(DD a, DD& y, int& result_scale, double& bound);

// tanh(|x|), within kTanhBound.
inline constexpr double kTanhBound = kExpm1Bound + 19;
bool tanh_abs(double x, DD& y);

// x - tanh(x) for |x| < 2, without cancellation, within kTanhshrinkSeriesBound.
inline constexpr double kTanhshrinkSeriesBound = 81;
DD tanhshrink_series(double x);

// gelu(x) as y 2^scale: x < -3 sqrt(2) (gelu_tail: Laplace's continued fraction of erfc), and
// the rest of the range where the first stage may need help (gelu: erf's series).
bool gelu_tail(double x, DD& y, int& scale, double& bound);
bool gelu(double x, DD& y, int& scale, double& bound);

}  // namespace nnact::ops::dd
