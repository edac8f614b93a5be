// Ziv's MPFR fallback, shared by the forward ops (exact_ops.cpp) and the derivatives
// (grad_exact.cpp): an evaluation at a working precision with a stated bound on its relative
// error, the precision raised until every value within the bound rounds to the same value of the
// dtype. Only local mpfr_t variables are used, and Debian's MPFR keeps its flags and caches per
// thread, so concurrent calls are safe.
#pragma once

#include <mpfr.h>

#include <cmath>
#include <limits>

#include "nnact/tensor.hpp"
#include "ops/ziv.hpp"

namespace nnact::ops {

class Mp {
 public:
  explicit Mp(mpfr_prec_t precision) { mpfr_init2(value_, precision); }
  Mp(const Mp&) = delete;
  Mp& operator=(const Mp&) = delete;
  ~Mp() { mpfr_clear(value_); }
  operator mpfr_ptr() { return value_; }

 private:
  mpfr_t value_;
};

constexpr mpfr_rnd_t kN = MPFR_RNDN;

// log2(1 + |v|), rounded up: the bits a relative error is amplified by, for a condition number
// of at most 1 + |v|.
inline long condition_bits(double v) {
  const double a = std::fabs(v);
  return std::isfinite(a) ? static_cast<long>(std::ceil(std::log2(1 + a))) + 1 : 0;
}

// v rounded once to the dtype.
double round_mp(mpfr_ptr v, DType dtype);

// Counts a fallback in fallback_count() and holds MPFR's per-thread constant caches until the
// thread ends (then frees them: pipeline workers come and go with each run).
void enter_fallback();

// evaluate(y, prec) sets y (precision prec) and returns s with |y - exact| <= |y| 2^(s - prec);
// the result is the exact value rounded once to the dtype, decided at rising precision.
template <class Evaluate>
double round_by_mpfr(DType dtype, const Evaluate& evaluate) {
  enter_fallback();
  constexpr mpfr_prec_t kMaxPrecision = 1 << 16;
  for (mpfr_prec_t prec = 128;; prec *= 2) {
    Mp y(prec);
    mpfr_clear_inexflag();  // per thread
    const long slack = evaluate(static_cast<mpfr_ptr>(y), prec);
    if (mpfr_nan_p(y)) return std::numeric_limits<double>::quiet_NaN();
    if (mpfr_inf_p(y) || mpfr_zero_p(y)) return mpfr_get_d(y, kN);  // exact (or beyond range)
    // No operation rounded: y is exact, perhaps a tie of the dtype (silu'(0) dy, dy/2 a
    // midpoint), which no precision would decide. Rounded to even.
    if (!mpfr_inexflag_p()) return round_mp(y, dtype);
    Mp error(prec), low(prec), high(prec);
    mpfr_set_ui_2exp(error, 1, mpfr_get_exp(y) + slack - prec, kN);
    mpfr_sub(low, y, error, MPFR_RNDD);
    mpfr_add(high, y, error, MPFR_RNDU);
    const double rounded = round_mp(low, dtype);
    if (rounded == round_mp(high, dtype) || prec >= kMaxPrecision) {
      // A result that is exactly a rounding boundary would never be decided; none is known for
      // these functions (their values at non-zero doubles are transcendental): a safeguard.
      return prec >= kMaxPrecision ? round_mp(y, dtype) : rounded;
    }
  }
}

}  // namespace nnact::ops
