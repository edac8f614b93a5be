// Correct rounding by Ziv's strategy. A smooth op is first evaluated in a wider type W (double
// for the 16-bit types and float32, long double for float64) together with a bound on its
// relative error, derived per op in its functor. If every value within that bound of the wide
// result rounds to the same value of the dtype, that value is the exact function's rounding.
// Otherwise (rare: the exact value lies too close to a rounding boundary) float64 tries a second
// stage in double-double arithmetic (about 2^-98 relative; dd_ops.cpp), and what is still
// undecided is evaluated in MPFR at increasing precision until the rounding is decided
// (exact_ops.cpp).
#pragma once

#include <cmath>
#include <type_traits>

#include "nnact/tensor.hpp"
#include "numeric/dtype_round.hpp"

namespace nnact::ops {

// The smooth ops that have an MPFR evaluation (the kernel keys of exact_ops.cpp).
enum class ExactOp {
  kElu,
  kSelu,
  kCelu,
  kGelu,
  kGeluTanh,
  kSilu,
  kSigmoid,
  kSoftplus,
  kLogSigmoid,
  kExponential,
  kMish,
  kTanh,
  kTanhshrink,
  kSoftsign,
};

// op(x) for the bound parameters p (already rounded to the dtype), correctly rounded to the
// dtype: MPFR at increasing precision. Thread-safe (no global MPFR state is touched). Counts
// itself in fallback_count().
double correctly_rounded(ExactOp op, double x, const double* p, DType dtype);

// How many times correctly_rounded ran in this thread (for the tests and the fallback-rate bench).
unsigned long long& fallback_count();

// float64's second stage: op(x) in double-double with a proven bound (dd_ops.cpp); true and the
// correctly rounded double in out when the bound decides the rounding. Counts itself in
// second_stage_count(). Thread-safe (no state beyond the counter).
bool double_double_rounded(ExactOp op, double x, const double* p, double& out);
unsigned long long& second_stage_count();

// The second stage's value hi + lo and its stated relative bound, for measuring it
// (bench/ziv_rates); false where the stage does not apply (op, range).
bool double_double_probe(ExactOp op, double x, const double* p, double& hi, double& lo,
                         double& rel);

// A fast result in the wide type and a bound on its relative error: |y - f(x)| <= rel * |y|.
template <class W>
struct Approx {
  W y;
  W rel;
};

// The dtype's value of a wide result (one rounding).
template <DType D, class W>
double round_wide(W y) {
  if constexpr (D == DType::kFloat64) {
    return static_cast<double>(y);
  } else if constexpr (D == DType::kFloat32) {
    return static_cast<double>(static_cast<float>(y));
  } else {
    static_assert(std::is_same_v<W, double>, "16-bit dtypes are evaluated in double");
    return numeric::round_to(y, D);
  }
}

// The rounding of a.y to the dtype if every value within a.rel * |a.y| of it rounds the same
// way; else false. NaN, infinities and zeros pass: the fast path gives them only as exact
// results, or for values that underflow the wide type, far below the dtype's half-subnormal.
// NNACT_BENCH_NO_ZIV (a benchmark build only, bench/ziv_overhead.sh): every result is taken as
// decided, i.e. the fast evaluation rounded with no check, the kernels before Ziv's strategy.
template <DType D, class W>
bool round_if_decided(const Approx<W>& a, double& out) {
  out = round_wide<D>(a.y);
#ifdef NNACT_BENCH_NO_ZIV
  return true;
#endif
  if (!std::isfinite(a.y) || a.y == 0) return true;
  // The bound is widened by 1/16 to cover the rounding of d and of y -+ d themselves.
  const W d = std::fabs(a.y) * a.rel * W(1.0625);
  return round_wide<D>(a.y - d) == out && round_wide<D>(a.y + d) == out;
}

}  // namespace nnact::ops
