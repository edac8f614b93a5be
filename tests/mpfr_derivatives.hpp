// Exact references for the derivatives of the smooth element-wise ops, in MPFR: each written
// again from calculus (textbook forms; the working precision absorbs their cancellation),
// independently of the kernels in lib/src/ops/grad_smooth.cpp.
#pragma once

#include <bit>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "mpfr_reference.hpp"
#include "nnact/ops.hpp"
#include "numeric/dtype_round.hpp"

namespace nnact::test {

constexpr mpfr_prec_t kDerivativePrecision = 320;

// sigmoid(y) into out.
inline void mpfr_sigmoid(mpfr_ptr out, mpfr_srcptr y) {
  Real e(mpfr_get_prec(out));
  mpfr_neg(e, y, MPFR_RNDN);
  mpfr_exp(e, e, MPFR_RNDN);
  mpfr_add_ui(e, e, 1, MPFR_RNDN);
  mpfr_ui_div(out, 1, e, MPFR_RNDN);
}

// `exact` rounded once to any dtype: to double rounded to odd (more than p + 2 bits for the
// 16-bit types and float32), then to the dtype.
inline double round_exact_to(mpfr_srcptr exact, DType dtype) {
  if (dtype == DType::kFloat64) return mpfr_get_d(exact, MPFR_RNDN);
  if (dtype == DType::kFloat32) return static_cast<double>(mpfr_get_flt(exact, MPFR_RNDN));
  double d = mpfr_get_d(exact, MPFR_RNDZ);
  if (std::isfinite(d) && mpfr_cmp_d(exact, d) != 0) {
    d = std::bit_cast<double>(std::bit_cast<std::uint64_t>(d) | 1);
  }
  return numeric::round_to(d, dtype);
}

// f'(x) of the smooth op `key` (parameters at their defaults, constants rounded to the dtype as
// the ops define them). False for a key it does not know.
inline bool mpfr_derivative(std::string_view key, mpfr_ptr out, double x, DType dtype) {
  const mpfr_prec_t prec = mpfr_get_prec(out);
  Real X(prec), a(prec), b(prec), c(prec);
  mpfr_set_d(X, x, MPFR_RNDN);
  auto constant = [&](Real& r, double value) { mpfr_set_d(r, numeric::round_to(value, dtype), MPFR_RNDN); };
  if (key == "elu" || key == "selu" || key == "celu") {
    if (x < 0) {
      mpfr_exp(out, X, MPFR_RNDN);
      if (key == "selu") {
        constant(a, 1.7580993408473768599);
        mpfr_mul(out, out, a, MPFR_RNDN);
      }
    } else if (key == "selu") {
      mpfr_set_d(out, numeric::round_to(1.0507009873554804934, dtype), MPFR_RNDN);
    } else {
      mpfr_set_ui(out, 1, MPFR_RNDN);
    }
  } else if (key == "gelu") {  // Phi(x) + x phi(x)
    mpfr_sqrt_ui(a, 2, MPFR_RNDN);
    mpfr_div(b, X, a, MPFR_RNDN);
    mpfr_neg(b, b, MPFR_RNDN);
    mpfr_erfc(b, b, MPFR_RNDN);
    mpfr_div_ui(b, b, 2, MPFR_RNDN);  // Phi
    mpfr_sqr(c, X, MPFR_RNDN);
    mpfr_div_si(c, c, -2, MPFR_RNDN);
    mpfr_exp(c, c, MPFR_RNDN);
    mpfr_const_pi(a, MPFR_RNDN);
    mpfr_mul_ui(a, a, 2, MPFR_RNDN);
    mpfr_sqrt(a, a, MPFR_RNDN);
    mpfr_div(c, c, a, MPFR_RNDN);
    mpfr_mul(c, c, X, MPFR_RNDN);  // x phi(x)
    mpfr_add(out, b, c, MPFR_RNDN);
  } else if (key == "gelu_tanh") {  // 0.5 (1 + tanh u) + 0.5 x sech^2(u) c (1 + 3k x^2)
    Real C(prec), K(prec), u(prec);
    constant(C, 0.797884560802865355879892119868763737);
    constant(K, 0.044715);
    mpfr_pow_ui(u, X, 3, MPFR_RNDN);
    mpfr_mul(u, u, K, MPFR_RNDN);
    mpfr_add(u, u, X, MPFR_RNDN);
    mpfr_mul(u, u, C, MPFR_RNDN);
    mpfr_mul_ui(a, u, 2, MPFR_RNDN);
    mpfr_sigmoid(a, a);  // (1 + tanh u) / 2, which 1 + tanh(u) would cancel to 0 for u << 0
    mpfr_sech(b, u, MPFR_RNDN);
    mpfr_sqr(b, b, MPFR_RNDN);
    mpfr_sqr(c, X, MPFR_RNDN);
    mpfr_mul(c, c, K, MPFR_RNDN);
    mpfr_mul_ui(c, c, 3, MPFR_RNDN);
    mpfr_add_ui(c, c, 1, MPFR_RNDN);
    mpfr_mul(c, c, C, MPFR_RNDN);
    mpfr_mul(b, b, c, MPFR_RNDN);
    mpfr_mul(b, b, X, MPFR_RNDN);
    mpfr_div_ui(b, b, 2, MPFR_RNDN);
    mpfr_add(out, a, b, MPFR_RNDN);
  } else if (key == "silu") {  // s + x s (1 - s)
    mpfr_sigmoid(a, X);
    mpfr_ui_sub(b, 1, a, MPFR_RNDN);
    mpfr_mul(b, b, a, MPFR_RNDN);
    mpfr_mul(b, b, X, MPFR_RNDN);
    mpfr_add(out, a, b, MPFR_RNDN);
  } else if (key == "sigmoid") {
    mpfr_sigmoid(a, X);
    mpfr_neg(b, X, MPFR_RNDN);
    mpfr_sigmoid(b, b);
    mpfr_mul(out, a, b, MPFR_RNDN);  // s (1 - s) = s(x) s(-x)
  } else if (key == "tanh") {
    mpfr_sech(a, X, MPFR_RNDN);
    mpfr_sqr(out, a, MPFR_RNDN);
  } else if (key == "tanhshrink") {
    mpfr_tanh(a, X, MPFR_RNDN);
    mpfr_sqr(out, a, MPFR_RNDN);
  } else if (key == "softplus") {  // no threshold by default (TF): sigmoid everywhere
    mpfr_sigmoid(out, X);
  } else if (key == "softsign") {
    mpfr_abs(a, X, MPFR_RNDN);
    mpfr_add_ui(a, a, 1, MPFR_RNDN);
    mpfr_sqr(a, a, MPFR_RNDN);
    mpfr_ui_div(out, 1, a, MPFR_RNDN);
  } else if (key == "mish") {  // tanh(sp) + x sigmoid(x) sech^2(sp), sp = softplus(x)
    Real sp(prec);
    mpfr_softplus(sp, X);
    mpfr_tanh(a, sp, MPFR_RNDN);
    mpfr_sech(b, sp, MPFR_RNDN);
    mpfr_sqr(b, b, MPFR_RNDN);
    mpfr_sigmoid(c, X);
    mpfr_mul(b, b, c, MPFR_RNDN);
    mpfr_mul(b, b, X, MPFR_RNDN);
    mpfr_add(out, a, b, MPFR_RNDN);
  } else if (key == "log_sigmoid") {
    mpfr_neg(a, X, MPFR_RNDN);
    mpfr_sigmoid(out, a);
  } else if (key == "exponential") {
    mpfr_exp(out, X, MPFR_RNDN);
  } else if (key == "hard_silu") {  // TF autodiff: (a + x) / 6 on 0 < a < 6, a = x + 3 in the dtype
    mpfr_add_ui(a, X, 3, MPFR_RNDN);
    const double shifted = round_exact_to(a, dtype);
    if (!(shifted > 0)) {
      mpfr_set_ui(out, 0, MPFR_RNDN);
    } else if (!(shifted < 6)) {
      mpfr_set_ui(out, 1, MPFR_RNDN);
    } else {
      mpfr_add_d(a, X, shifted, MPFR_RNDN);
      mpfr_div_ui(out, a, 6, MPFR_RNDN);
    }
  } else {
    return false;
  }
  // Below MPFR's exponent range the tails of these are 0; their sign is the true value's.
  const bool negative_tail = key == "gelu" || key == "gelu_tanh" || key == "silu" || key == "mish";
  if (negative_tail && mpfr_zero_p(out) && x < 0) mpfr_set_d(out, -0.0, MPFR_RNDN);
  return true;
}

// f'(x), or dy * f'(x), rounded once to the dtype. 320 bits decide every rounding except where
// a term below 2^-220 relative does (f' of a tiny x times a dy that puts f'(0) dy on a midpoint:
// sigmoid'(x) = 1/4 - x^2/16 times a subnormal dy): then again at 4,400 bits (x^2 >= 2^-2148).
inline double derivative_rounded(std::string_view key, double x, DType dtype, const double* dy = nullptr) {
  for (const mpfr_prec_t prec : {kDerivativePrecision, mpfr_prec_t{4400}}) {
    Real exact(prec), low(prec), high(prec);
    if (!mpfr_derivative(key, exact, x, dtype)) return std::numeric_limits<double>::quiet_NaN();
    if (dy != nullptr) mpfr_mul_d(exact, exact, *dy, MPFR_RNDN);
    if (!mpfr_regular_p(exact)) return round_exact_to(exact, dtype);
    mpfr_mul_2si(low, exact, 100 - prec, MPFR_RNDN);
    mpfr_abs(low, low, MPFR_RNDN);
    mpfr_add(high, exact, low, MPFR_RNDN);
    mpfr_sub(low, exact, low, MPFR_RNDN);
    // Still undecided at 4,400 bits: an exact tie (f'(0) = 1/2 times dy = 2^-24 in float16), to even.
    if (prec > kDerivativePrecision || round_exact_to(low, dtype) == round_exact_to(high, dtype)) {
      return round_exact_to(exact, dtype);
    }
  }
  return std::numeric_limits<double>::quiet_NaN();
}

// The --grad op of a kernel key ("gelu_tanh": gelu with --approximate tanh).
inline Op grad_op(std::string_view key, DType dtype) {
  if (key == "gelu_tanh") return Op::make("gelu", {{"approximate", "tanh"}}, dtype, true);
  return Op::make(std::string(key), {}, dtype, true);
}

// Equal values, signed zeros told apart, NaN equal to NaN.
inline bool same(double a, double b) {
  return (std::isnan(a) && std::isnan(b)) || (a == b && std::signbit(a) == std::signbit(b));
}

// Random finite values of the dtype: half with random bit patterns (every magnitude), half
// uniform on [-30, 30] (where the derivatives change), rounded to the dtype.
inline std::vector<double> random_inputs(DType dtype, std::size_t n, std::uint64_t seed) {
  std::mt19937_64 random(seed);
  std::uniform_real_distribution<double> near(-30, 30);
  std::vector<double> inputs;
  while (inputs.size() < n) {
    double x = 0;
    if (inputs.size() % 2 == 0) {
      x = near(random);
    } else if (dtype == DType::kFloat64) {
      x = std::bit_cast<double>(random());
    } else {
      x = std::bit_cast<float>(static_cast<std::uint32_t>(random()));
    }
    x = numeric::round_to(x, dtype);
    if (std::isfinite(x)) inputs.push_back(x);
  }
  return inputs;
}

// The op's kernel key with a derivative reference: every smooth element-wise op.
inline constexpr std::string_view kSmoothDerivatives[] = {
    "elu",  "selu",     "celu",     "gelu", "gelu_tanh",   "silu",        "sigmoid",   "tanh",
    "tanhshrink", "softplus", "softsign", "mish", "log_sigmoid", "exponential", "hard_silu"};

}  // namespace nnact::test
