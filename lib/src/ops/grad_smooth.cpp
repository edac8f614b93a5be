// Derivatives of the smooth ops, in W (double for float32 and the 16-bit dtypes, long double for
// float64): sums of same-sign terms and exp(-|x|) forms where the textbook formula cancels
// (1 - tanh^2 is 4e/(1+e)^2 with e = exp(-2|x|)); the rounding error of a product inside an
// exponential's argument is added back (its condition number is the argument itself, up to
// 11356). Each functor states its relative error bound in units of u = kUnit<W> (libm: kLibm or
// kLibmErfc per call, elementwise.hpp; one rounding: 1), for Ziv's test (grad_kernels.hpp); where
// two terms of opposite signs are added (silu', mish', gelu' below their zero) the bound grows
// with the cancellation. At +-inf the limits.
#include <array>
#include <limits>

#include "ops/grad_kernels.hpp"

namespace nnact::ops {
namespace {

// A derivative that underflowed to 0 on the side where it is negative is -0 (correctly rounded
// tiny negative values), not the +0 that 0 + (-0) gives.
template <class W>
Approx<W> negative_tail(Approx<W> d, W side) {
  if (d.y == 0 && side < 0) d.y = W(-0.0);
  return d;
}

// a + b, a and b with relative errors of at most ea and eb units: (|a| ea + |b| eb) / |a + b| + 1.
// A sum that cancels to exactly 0 is left undecided (infinite bound on a non-zero value).
template <class W>
Approx<W> sum_of(W a, W ea, W b, W eb) {
  const W y = a + b;
  if (y == 0 && (a != 0 || b != 0)) return {a != 0 ? a : b, std::numeric_limits<W>::infinity()};
  if (y == 0) return {y, kUnit<W>};  // both underflowed (an exact 0 is stated with rel = 0)
  return {y, ((std::fabs(a) * ea + std::fabs(b) * eb) / std::fabs(y) + 1) * kUnit<W>};
}

// exp(a * b) with the rounding error r of the product p = a * b added back: exp(p) (1 + r) is
// within kLibm + 3 units (exp; 1 + r and the product rounded; r^2 / 2 <= (u |p|)^2 / 2, below a
// unit for |p| <= 11357). r is exact (fma), 0 where a * b is.
template <class W>
W exp_of_product(W a, W b) {
  const W p = a * b;
  if (!std::isfinite(p)) return std::exp(p);
  return std::exp(p) * (1 + std::fma(a, b, -p));
}

// exp(a / b) likewise (the division's remainder is exact; dividing it by b errs by a unit of a
// term itself u |q| small): kLibm + 3 units.
template <class W>
W exp_of_quotient(W a, W b) {
  const W q = a / b;
  if (!std::isfinite(q) || q == 0) return std::exp(q);
  return std::exp(q) * (1 + std::fma(-q, b, a) / b);
}
constexpr double kExpProduct = kLibm + 3;

// 1 / (1 + e) for e within ee units: e's error enters damped by e / (1 + e) <= 1, plus the sum
// and the quotient.
template <class W>
Approx<W> reciprocal_one_plus(W e, W ee) {
  return {1 / (1 + e), (ee + 2) * kUnit<W>};
}

template <class W>
struct EluGrad {  // TF EluGrad: activations < 0 ? (activations + alpha) : 1 = alpha * exp(x)
  static constexpr GradOp kExact = GradOp::kElu;
  W alpha;
  EluGrad(const double* p, DType) : alpha(p[0]) {}
  // exp, then the product with alpha (a value of the dtype, exact in W).
  Approx<W> operator()(W x) const {
    if (!(x < 0)) return {1, 0};
    return {alpha * std::exp(x), (kLibm + 1) * kUnit<W>};
  }
};

template <class W>
struct SeluGrad {  // TF SeluGrad: x < 0 ? scale_alpha * exp(x) : scale (constants in the dtype)
  static constexpr GradOp kExact = GradOp::kSelu;
  W scale, scale_alpha;
  SeluGrad(const double*, DType d)
      : scale(numeric::round_to(kSeluScale, d)), scale_alpha(numeric::round_to(kSeluScaleAlpha, d)) {}
  Approx<W> operator()(W x) const {
    if (!(x < 0)) return {scale, 0};
    return {scale_alpha * std::exp(x), (kLibm + 1) * kUnit<W>};
  }
};

template <class W>
struct CeluGrad {  // PyTorch elu_backward for celu: x < 0 ? exp(x / alpha) : 1
  static constexpr GradOp kExact = GradOp::kCelu;
  W alpha;
  CeluGrad(const double* p, DType) : alpha(p[0]) {}
  Approx<W> operator()(W x) const {
    if (!(x < 0)) return {1, 0};
    return {exp_of_quotient(x, alpha), kExpProduct * kUnit<W>};
  }
};

template <class W>
struct SigmoidGrad {  // s (1 - s) = e / (1 + e)^2, e = exp(-|x|)
  static constexpr GradOp kExact = GradOp::kSigmoid;
  SigmoidGrad(const double*, DType) {}
  // e's error is damped by (1 - e) / (1 + e) <= 1; 1 + e (twice), the square, the quotient: 4.
  Approx<W> operator()(W x) const {
    const W e = std::exp(-std::fabs(x));
    return {e / ((1 + e) * (1 + e)), (kLibm + 4) * kUnit<W>};
  }
};

template <class W>
struct TanhGrad {  // 1 - tanh^2 = 1 / cosh^2 = 4e / (1 + e)^2, e = exp(-2|x|): as sigmoid'
  static constexpr GradOp kExact = GradOp::kTanh;
  TanhGrad(const double*, DType) {}
  Approx<W> operator()(W x) const {
    const W e = std::exp(-2 * std::fabs(x));
    return {4 * e / ((1 + e) * (1 + e)), (kLibm + 4) * kUnit<W>};
  }
};

template <class W>
struct TanhshrinkGrad {  // d/dx (x - tanh x) = tanh^2: tanh's error twice, the square
  static constexpr GradOp kExact = GradOp::kTanhshrink;
  TanhshrinkGrad(const double*, DType) {}
  Approx<W> operator()(W x) const {
    const W t = std::tanh(x);
    return {t * t, (2 * kLibm + 1) * kUnit<W>};
  }
};

template <class W>
struct SoftsignGrad {  // TF SoftsignGrad: 1 / (1 + |x|)^2: the sum twice, the square, the quotient
  static constexpr GradOp kExact = GradOp::kSoftsign;
  SoftsignGrad(const double*, DType) {}
  Approx<W> operator()(W x) const {
    const W d = 1 + std::fabs(x);
    return {1 / (d * d), 4 * kUnit<W>};
  }
};

template <class W>
struct SoftplusGrad {  // PyTorch softplus_backward: beta * x > threshold ? 1 : sigmoid(beta * x)
  static constexpr GradOp kExact = GradOp::kSoftplus;
  W beta, threshold;
  SoftplusGrad(const double* p, DType) : beta(p[0]), threshold(p[1]) {}
  Approx<W> operator()(W x) const {
    if (beta * x > threshold) return {1, 0};
    return reciprocal_one_plus(exp_of_product(-beta, x), W(kExpProduct));
  }
};

template <class W>
struct LogSigmoidGrad {  // sigmoid(-x) = 1 / (1 + exp(x))
  static constexpr GradOp kExact = GradOp::kLogSigmoid;
  LogSigmoidGrad(const double*, DType) {}
  Approx<W> operator()(W x) const { return reciprocal_one_plus(std::exp(x), W(kLibm)); }
};

template <class W>
struct ExponentialGrad {
  static constexpr GradOp kExact = GradOp::kExponential;
  ExponentialGrad(const double*, DType) {}
  Approx<W> operator()(W x) const { return {std::exp(x), kLibm * kUnit<W>}; }
};

template <class W>
struct SiluGrad {  // s + y s (1 - s), s = sigmoid(y), y = beta x; beta = 0: 1/2
  static constexpr GradOp kExact = GradOp::kSilu;
  W beta;
  SiluGrad(const double* p, DType) : beta(p[0]) {}
  // s and 1 - s = sigmoid(-y) each within kExpProduct + 2 units; y s (1 - s) adds y's rounding
  // and two products; the sum cancels below silu's minimum (x = -1.2785 for beta = 1).
  Approx<W> operator()(W x) const {
    if (beta == 0) return {0.5, 0};
    const W y = beta * x;
    if (std::isinf(y)) return {y > 0 ? W(1) : W(-0.0), 0};
    const W s = 1 / (1 + exp_of_product(-beta, x)), complement = 1 / (1 + exp_of_product(beta, x));
    constexpr double kSigmoid = kExpProduct + 2;
    return negative_tail(sum_of(s, W(kSigmoid), y * s * complement, W(2 * kSigmoid + 3)), y);
  }
};

template <class W>
struct MishGrad {  // n / (n + 2) + 4 x e (e + 1) / (n + 2)^2, e = exp(x), n = e (e + 2)
  static constexpr GradOp kExact = GradOp::kMish;
  MishGrad(const double*, DType) {}
  // e within kLibm; e + 2 and e + 1 within kLibm + 1; n = e (e + 2) within 2 kLibm + 2; d = n + 2
  // within 2 kLibm + 3; n / d within 4 kLibm + 6; 4 x e (e + 1) / d^2 within 6 kLibm + 11. The
  // sum cancels below mish's minimum (x = -1.1924).
  Approx<W> operator()(W x) const {
    if (x > 40) return {1, 0};  // 1 + (4x - 2) e^-2x: 1 in every dtype
    if (x == -std::numeric_limits<W>::infinity()) return {W(-0.0), 0};
    const W e = std::exp(x), n = e * (e + 2), d = n + 2;
    return negative_tail(sum_of(n / d, W(4 * kLibm + 6), 4 * x * e * (e + 1) / (d * d), W(6 * kLibm + 11)), x);
  }
};

// Phi(x) = erfc(-x / sqrt 2) / 2, with the rounding error d of t = -x / sqrt 2 added back to
// first order (erfc's condition number is about 2t^2): erfc (kLibmErfc), the subtraction (1),
// the correction's own error and the second-order term (2 u^2 t^4 relative) below a unit for
// |t| <= 107 (beyond, erfc underflows long double) — kLibmErfc + 3 units in all.
template <class W>
W normal_cdf(W x) {
  constexpr long double kSqrtHalfLong = 0.707106781186547524400844362104849039L;
  constexpr long double kSqrtHalfLongLow = 1.8950325588932570797e-20L;  // sqrt(1/2) - kSqrtHalfLong
  constexpr W kSqrtHalf = static_cast<W>(kSqrtHalfLong);
  constexpr W kSqrtHalfLow = static_cast<W>((kSqrtHalfLong - kSqrtHalf) + kSqrtHalfLongLow);
  constexpr W kTwoOverSqrtPi = static_cast<W>(1.128379167095512573896158903121545172L);
  const W t = -x * kSqrtHalf;
  const W d = std::fma(-x, kSqrtHalf, -t) - x * kSqrtHalfLow;
  return (std::erfc(t) - d * kTwoOverSqrtPi * std::exp(-t * t)) / 2;
}

template <class W>
struct GeluGrad {  // Phi(x) + x phi(x)
  static constexpr GradOp kExact = GradOp::kGelu;
  GeluGrad(const double*, DType) {}
  // x phi(x) = x (1 / sqrt(2 pi)) exp(-x x / 2): the constant, two products and kExpProduct. The
  // sum cancels below gelu's minimum (x = -0.7518).
  Approx<W> operator()(W x) const {
    constexpr W kInvSqrt2Pi = static_cast<W>(0.398942280401432677939946059934381868L);
    if (std::isinf(x)) return {x > 0 ? W(1) : W(-0.0), 0};
    const W density = x * kInvSqrt2Pi * exp_of_product(-x / 2, x);
    return negative_tail(sum_of(normal_cdf(x), W(kLibmErfc + 3), density, W(kExpProduct + 3)), x);
  }
};

template <class W>
struct GeluTanhGrad {  // s + 2 c x (1 + 3k x^2) s (1 - s), s = sigmoid(2u), u = c (x + k x^3)
  static constexpr GradOp kExact = GradOp::kGeluTanh;
  W c, k;
  GeluTanhGrad(const double*, DType d) : c(numeric::round_to(kGeluTanhC, d)), k(numeric::round_to(kGeluTanhK, d)) {}
  // u as a pair u + low (error second order in u: its effect on exp(2u), condition 2|u|, is below a
  // unit); exp(-+2u) (1 -+ 2 low) within kLibm + 3, s and 1 - s within kLibm + 5; the product
  // term adds x^2, 3k x^2, 1 + ..., and four products: 2 kLibm + 17. The sum cancels below the
  // minimum (x = -0.7517).
  Approx<W> operator()(W x) const {
    if (std::isinf(x)) return {x > 0 ? W(1) : W(-0.0), 0};
    const W x2 = x * x, x2_low = std::fma(x, x, -x2);
    const W x3 = x2 * x, x3_low = std::fma(x2, x, -x3) + x2_low * x;
    const W kx3 = k * x3, kx3_low = std::fma(k, x3, -kx3) + k * x3_low;
    const W sum = x + kx3, sum_low = (x - (sum - kx3)) + (kx3 - (sum - (sum - kx3))) + kx3_low;
    const W u = c * sum, low = std::fma(c, sum, -u) + c * sum_low;
    const W up = std::exp(-2 * u) * (1 - 2 * low), down = std::exp(2 * u) * (1 + 2 * low);
    const W s = 1 / (1 + up), complement = 1 / (1 + down);
    return negative_tail(sum_of(s, W(kLibm + 5), 2 * c * x * (1 + 3 * k * x2) * s * complement, W(2 * kLibm + 17)),
                         x);
  }
};

// TF autodiff of x * relu6(x + 3) / 6: relu6(a) / 6 + x * Relu6Grad(1/6, a), a = x + 3 rounded
// to the dtype; inside (0, 6) that is (a + x) / 6, rounded once: the sum and the quotient, or
// exact (rel 0: ties of the dtype are common, (a + x) / 3 is exact for a third of the inputs).
template <class W>
struct HardSiluGrad {
  static constexpr GradOp kExact = GradOp::kHardSilu;
  DType dtype;
  HardSiluGrad(const double*, DType d) : dtype(d) {}
  Approx<W> operator()(W x) const {
    const W a = round_wide(WideReal(x) + 3, dtype);
    if (!(a > 0)) return {0, 0};
    if (!(a < 6)) return {1, 0};
    const W sum = a + x, back = sum - a, sum_error = (a - (sum - back)) + (x - back);
    const W y = sum / 6;
    return {y, sum_error == 0 && std::fma(y, W(6), -sum) == 0 ? W(0) : 2 * kUnit<W>};
  }
};

template <template <class> class Fn>
constexpr GradEntry smooth(std::string_view key) {
  return {key, &map_smooth_grad<Fn>, &grad_reference<Fn>};
}

constexpr std::array kSmooth{
    smooth<EluGrad>("elu"),
    smooth<SeluGrad>("selu"),
    smooth<CeluGrad>("celu"),
    smooth<GeluGrad>("gelu"),
    smooth<GeluTanhGrad>("gelu_tanh"),
    smooth<SiluGrad>("silu"),
    smooth<SigmoidGrad>("sigmoid"),
    smooth<HardSiluGrad>("hard_silu"),
    smooth<TanhGrad>("tanh"),
    smooth<SoftplusGrad>("softplus"),
    smooth<SoftsignGrad>("softsign"),
    smooth<MishGrad>("mish"),
    smooth<LogSigmoidGrad>("log_sigmoid"),
    smooth<ExponentialGrad>("exponential"),
    smooth<TanhshrinkGrad>("tanhshrink"),
};

}  // namespace

std::span<const GradEntry> smooth_grad_kernels() { return kSmooth; }

}  // namespace nnact::ops
