// Exact references for the element-wise ops, in MPFR, for the tests and bench/verify_ops: each
// op written again from OPS.md, independently of the kernels, and ULP distances measured there.
#pragma once

#include <mpfr.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <string_view>

#include "nnact/tensor.hpp"

namespace nnact::test {

// The value `set` stores (set(r) returns MPFR's ternary value) rounded to nearest in a binary
// format of `precision` bits whose normal exponents run from min_exponent to max_exponent (IEEE
// meaning: 2^e <= |x| < 2^(e+1)), subnormals included: IEEE rounding to float16, bfloat16, ...
// stated independently of nnact.
template <class Set>
double round_in_format(int precision, int min_exponent, int max_exponent, Set set) {
  const mpfr_exp_t old_min = mpfr_get_emin(), old_max = mpfr_get_emax();
  // MPFR's exponent is one more than IEEE's (0.5 <= m < 1); the subnormals reach down to
  // 2^(min_exponent - precision + 1).
  mpfr_set_emin(min_exponent - precision + 2);
  mpfr_set_emax(max_exponent + 1);
  mpfr_t r;
  mpfr_init2(r, precision);
  int t = set(r);
  t = mpfr_check_range(r, t, MPFR_RNDN);
  mpfr_subnormalize(r, t, MPFR_RNDN);
  const double out = mpfr_get_d(r, MPFR_RNDN);
  mpfr_clear(r);
  mpfr_set_emin(old_min);
  mpfr_set_emax(old_max);
  return out;
}

// An MPFR number that frees itself.
class Real {
 public:
  explicit Real(mpfr_prec_t precision = 192) { mpfr_init2(value_, precision); }
  Real(const Real&) = delete;
  Real& operator=(const Real&) = delete;
  ~Real() { mpfr_clear(value_); }
  mpfr_ptr get() { return value_; }
  operator mpfr_ptr() { return value_; }

 private:
  mpfr_t value_;
};

// The value rounded to a 16-bit dtype by MPFR itself: its precision, and its exponent range
// (MPFR's m * 2^e, 0.5 <= m < 1) set for the rounding, with mpfr_subnormalize for the
// subnormals. float16: largest 65504 < 2^16, smallest subnormal 2^-24 = 0.5 * 2^-23; bfloat16:
// float32's range, smallest subnormal 2^-133 = 0.5 * 2^-132.
inline double round_to_16_bits(mpfr_srcptr exact, DType dtype) {
  const bool half = dtype == DType::kFloat16;
  const mpfr_exp_t old_min = mpfr_get_emin(), old_max = mpfr_get_emax();
  mpfr_t t;
  mpfr_init2(t, half ? 11 : 8);
  mpfr_set_emin(half ? -23 : -132);
  mpfr_set_emax(half ? 16 : 128);
  int inexact = mpfr_set(t, exact, MPFR_RNDN);
  inexact = mpfr_check_range(t, inexact, MPFR_RNDN);
  mpfr_subnormalize(t, inexact, MPFR_RNDN);
  mpfr_set_emin(old_min);
  mpfr_set_emax(old_max);
  const double value = mpfr_get_d(t, MPFR_RNDN);
  mpfr_clear(t);
  return value;
}

// The value rounded to the dtype (subnormals included: mpfr_get_flt/get_d round correctly).
inline double round_to_dtype(mpfr_srcptr exact, DType dtype) {
  switch (dtype) {
    case DType::kFloat32: return static_cast<double>(mpfr_get_flt(exact, MPFR_RNDN));
    case DType::kFloat64: return mpfr_get_d(exact, MPFR_RNDN);
    default: return round_to_16_bits(exact, dtype);
  }
}

inline double round_to_dtype(double value, DType dtype) {
  if (dtype == DType::kFloat64) return value;
  if (dtype == DType::kFloat32) return static_cast<double>(static_cast<float>(value));
  mpfr_t t;
  mpfr_init2(t, 53);
  mpfr_set_d(t, value, MPFR_RNDN);
  const double rounded = round_to_16_bits(t, dtype);
  mpfr_clear(t);
  return rounded;
}

// |ours - exact| in units of the dtype's last place at `exact` (the spacing of the subnormals
// below the normal range). 0 when both are NaN, or both the same infinity.
inline double ulp_error(double ours, mpfr_srcptr exact, DType dtype) {
  if (std::isnan(ours) || mpfr_nan_p(exact)) return std::isnan(ours) && mpfr_nan_p(exact) ? 0 : 1e9;
  const double rounded = round_to_dtype(exact, dtype);
  if (ours == rounded && std::signbit(ours) == std::signbit(rounded)) {
    if (std::isinf(ours)) return 0;
  } else if (std::isinf(ours) || std::isinf(rounded) ||
             (ours == 0 && rounded == 0)) {  // wrong sign of zero, or overflow disagreement
    return 1e9;
  }
  const int digits = dtype == DType::kFloat32 ? 24 : 53;
  const int min_exponent = dtype == DType::kFloat32 ? -125 : -1021;  // mpfr's: 0.5 <= m < 1
  Real diff(256);
  mpfr_sub_d(diff, exact, ours, MPFR_RNDN);
  mpfr_abs(diff, diff, MPFR_RNDN);
  long exponent = mpfr_zero_p(exact) ? min_exponent : mpfr_get_exp(exact);
  if (exponent < min_exponent) exponent = min_exponent;
  mpfr_mul_2si(diff, diff, digits - exponent, MPFR_RNDN);
  return mpfr_get_d(diff, MPFR_RNDN);
}

// One IEEE operation in the dtype: exact in MPFR, then rounded once to the dtype.
class DtypeSteps {
 public:
  explicit DtypeSteps(DType dtype) : dtype_(dtype) {}
  double add(double a, double b) { return step(mpfr_add_d, a, b); }
  double mul(double a, double b) { return step(mpfr_mul_d, a, b); }
  double div(double a, double b) { return step(mpfr_div_d, a, b); }
  double relu6(double a) { return a < 0 ? 0.0 : (a > 6 ? 6.0 : a); }

 private:
  double step(int (*op)(mpfr_ptr, mpfr_srcptr, double, mpfr_rnd_t), double a, double b) {
    mpfr_set_d(t_, a, MPFR_RNDN);
    op(t_, t_, b, MPFR_RNDN);
    return round_to_dtype(t_, dtype_);
  }
  DType dtype_;
  Real t_{2200};  // wide enough that sums of any two doubles are exact
};

// log(1 + exp(y)), exactly to out's precision; as y + log1p(exp(-y)) for y > 0, since exp(y)
// overflows even MPFR's exponent range for the largest doubles.
inline void mpfr_softplus(mpfr_ptr out, mpfr_srcptr y) {
  Real t(mpfr_get_prec(out) + 64);
  mpfr_set(t, y, MPFR_RNDN);
  if (mpfr_sgn(y) > 0) mpfr_neg(t, t, MPFR_RNDN);
  mpfr_exp(t, t, MPFR_RNDN);
  mpfr_log1p(t, t, MPFR_RNDN);
  if (mpfr_sgn(y) > 0) mpfr_add(t, t, y, MPFR_RNDN);
  mpfr_set(out, t, MPFR_RNDN);
}

// Sets `out` to op(x) for the element-wise op `key` (the kernel key: "gelu_tanh" for the tanh
// form), with parameters p already rounded to the dtype. Smooth ops are exact to out's precision
// (tanhshrink raises it near 0, where x - tanh(x) cancels); piecewise-linear ops are their TF
// operation sequence, each step rounded to the dtype, so kernels must match them bit for bit.
// Returns false for a key it does not know.
inline bool mpfr_reference(std::string_view key, mpfr_ptr out, double x, const double* p,
                           DType dtype) {
  DtypeSteps steps(dtype);
  const auto constant = [&](const char* text) {
    Real c(256);
    mpfr_set_str(c, text, 10, MPFR_RNDN);
    return round_to_dtype(c, dtype);
  };
  Real a(mpfr_get_prec(out) + 64), b(mpfr_get_prec(out) + 64);
  mpfr_set_d(a, x, MPFR_RNDN);
  double linear = 0;  // the result of a piecewise-linear op
  if (key == "relu")
    linear = x < 0 ? 0.0 : x;
  else if (key == "relu6")
    linear = steps.relu6(x);
  else if (key == "leaky_relu")
    linear = x > 0 ? x : steps.mul(x, p[0]);
  else if (key == "hard_sigmoid")
    linear = steps.div(steps.relu6(steps.add(x, 3)), 6);
  else if (key == "hard_silu")
    linear =
        std::isinf(x) && x < 0 ? -0.0 : steps.mul(x, steps.div(steps.relu6(steps.add(x, 3)), 6));
  else if (key == "linear")
    linear = x;
  else if (key == "hardtanh")
    linear = x < p[0] ? p[0] : (x > p[1] ? p[1] : x);
  else if (key == "hardshrink")
    linear = std::fabs(x) > p[0] || std::isnan(x) ? x : 0.0;
  else if (key == "softshrink")
    linear = x > p[0]        ? steps.add(x, -p[0])
             : x < -p[0]     ? steps.add(x, p[0])
             : std::isnan(x) ? x
                             : 0.0;  // +0 in the band, as PyTorch and TF Addons
  else if (key == "threshold")
    linear = x > p[0] || std::isnan(x) ? x : p[1];
  else if (key == "elu" || key == "selu" || key == "celu") {
    const double scale = key == "selu" ? constant("1.0507009873554804934193349852946") : 1.0;
    const double alpha = key == "selu" ? constant("1.7580993408473768599402175208123") : p[0];
    if (!(x < 0)) {
      linear = steps.mul(x, scale);
    } else {
      mpfr_div_d(a, a, key == "celu" ? alpha : 1.0, MPFR_RNDN);
      mpfr_expm1(a, a, MPFR_RNDN);
      mpfr_mul_d(out, a, alpha, MPFR_RNDN);
      if (key == "celu" && mpfr_sgn(out) > 0) mpfr_set_zero(out, 1);
      return true;
    }
  } else if (key == "sigmoid" || key == "silu" || key == "log_sigmoid") {
    const double beta = key == "silu" ? p[0] : 1.0;
    mpfr_mul_d(b, a, -beta, MPFR_RNDN);
    if (key == "log_sigmoid") {
      mpfr_softplus(out, b);
      mpfr_neg(out, out, MPFR_RNDN);
      return true;
    }
    mpfr_exp(b, b, MPFR_RNDN);
    mpfr_add_ui(b, b, 1, MPFR_RNDN);
    if (key == "sigmoid")
      mpfr_ui_div(out, 1, b, MPFR_RNDN);
    else
      mpfr_div(out, a, b, MPFR_RNDN);
    return true;
  } else if (key == "softplus") {
    mpfr_mul_d(b, a, p[0], MPFR_RNDN);
    if (mpfr_cmp_d(b, p[1]) > 0) {
      linear = x;
    } else {
      mpfr_softplus(b, b);
      mpfr_div_d(out, b, p[0], MPFR_RNDN);
      return true;
    }
  } else if (key == "exponential") {
    mpfr_exp(out, a, MPFR_RNDN);
    return true;
  } else if (key == "mish") {
    mpfr_softplus(b, a);
    mpfr_tanh(b, b, MPFR_RNDN);
    mpfr_mul(out, a, b, MPFR_RNDN);
    return true;
  } else if (key == "tanh") {
    mpfr_tanh(out, a, MPFR_RNDN);
    return true;
  } else if (key == "tanhshrink") {
    const long extra = x == 0 ? 0 : 3 * std::max(0L, -static_cast<long>(std::ilogb(x)));
    Real wide(mpfr_get_prec(out) + 64 + extra);
    mpfr_tanh(wide, a, MPFR_RNDN);
    mpfr_sub(out, a, wide, MPFR_RNDN);
    return true;
  } else if (key == "softsign") {
    if (std::isinf(x)) {
      linear = std::copysign(1.0, x);
    } else {
      mpfr_abs(b, a, MPFR_RNDN);
      mpfr_add_ui(b, b, 1, MPFR_RNDN);
      mpfr_div(out, a, b, MPFR_RNDN);
      return true;
    }
  } else if (key == "gelu") {
    mpfr_sqrt_ui(b, 2, MPFR_RNDN);
    mpfr_div(b, a, b, MPFR_RNDN);
    mpfr_neg(b, b, MPFR_RNDN);
    mpfr_erfc(b, b, MPFR_RNDN);
    mpfr_mul(out, a, b, MPFR_RNDN);
    mpfr_div_2ui(out, out, 1, MPFR_RNDN);
    return true;
  } else if (key == "gelu_tanh") {
    // x * sigmoid(2u) = 0.5 x (1 + tanh(u)), u = c (x + k x^3), c and k rounded to the dtype.
    mpfr_pow_ui(b, a, 3, MPFR_RNDN);
    mpfr_mul_d(b, b, constant("0.044715"), MPFR_RNDN);
    mpfr_add(b, b, a, MPFR_RNDN);
    mpfr_mul_d(b, b, -2 * constant("0.797884560802865355879892119868763737"), MPFR_RNDN);
    mpfr_exp(b, b, MPFR_RNDN);
    mpfr_add_ui(b, b, 1, MPFR_RNDN);
    mpfr_div(out, a, b, MPFR_RNDN);
    return true;
  } else {
    return false;
  }
  mpfr_set_d(out, linear, MPFR_RNDN);
  return true;
}

// The dtype's correct rounding of op(x) (Ziv's strategy, independently of the kernels'): the
// reference at rising precision until every value within 2^-(precision - 16) relative of it
// rounds alike. Near 0 many ops are x/2 or x plus a term of relative size |x|, which decides
// ties in the subnormal range (gelu(x) at x ~ 1e-38): those need precision beyond -log2 |x|.
inline double reference_rounded(std::string_view key, double x, const double* p, DType dtype) {
  if (key == "tanhshrink" && std::fabs(x) >= 40 && std::isfinite(x)) {
    // x - tanh(x) = x - s + s t, s = sign(x), 0 < t = 2 / (e^(2|x|) + 1) < 2^-114: where x - s
    // is a midpoint of the dtype (x in [2^53, 2^54) in float64) no precision below would decide
    // it. x - s is exact at 1100 bits, and any other rounding boundary is >= 2^-54 |x - s| away
    // from it (both are multiples of min(1, ulp(x)) / 2): x - s moved toward s by one 1100-bit
    // ulp (much less than 2^-54) rounds as the exact value does.
    Real y(1100);
    mpfr_set_d(y, x, MPFR_RNDN);
    mpfr_sub_si(y, y, x > 0 ? 1 : -1, MPFR_RNDN);
    x > 0 ? mpfr_nextabove(y) : mpfr_nextbelow(y);
    return round_to_dtype(y, dtype);
  }
  for (long precision = 128;; precision *= 2) {
    Real exact(precision), low(precision), high(precision);
    mpfr_reference(key, exact, x, p, dtype);
    const double rounded = round_to_dtype(exact, dtype);
    if (!mpfr_number_p(exact) || mpfr_zero_p(exact) || precision > 100000) return rounded;
    mpfr_set_ui_2exp(low, 1, mpfr_get_exp(exact) + 16 - precision, MPFR_RNDN);
    mpfr_add(high, exact, low, MPFR_RNDU);
    mpfr_sub(low, exact, low, MPFR_RNDD);
    if (round_to_dtype(low, dtype) == rounded && round_to_dtype(high, dtype) == rounded) {
      return rounded;
    }
  }
}

}  // namespace nnact::test
