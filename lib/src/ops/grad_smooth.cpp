// Derivatives of the smooth ops, in long double: sums of same-sign terms and exp(-|x|) forms
// where the textbook formula cancels (1 - tanh^2 is 4e/(1+e)^2 with e = exp(-2|x|)); the
// rounding error of a product inside an exponential's argument is added back (its condition
// number is the argument itself, up to 745). At +-inf the limits.
#include <array>
#include <limits>

#include "ops/grad_kernels.hpp"

namespace nnact::ops {
namespace {

using W = WideReal;
constexpr W kInf = std::numeric_limits<W>::infinity();

// A derivative that underflowed to 0 on the side where it is negative is -0 (correctly rounded
// tiny negative values), not the +0 that 0 + (-0) gives.
W negative_tail(W d, W side) { return d == 0 && side < 0 ? W(-0.0) : d; }

// hi + residual where |residual| may be below half a long double ULP of hi: hi moved one ULP the
// residual's way then, so that a hi exactly on a midpoint of the dtype rounds the right way.
W nudged(W hi, W residual) {
  const W sum = hi + residual;
  if (sum != hi || residual == 0) return sum;
  return std::nextafter(hi, residual > 0 ? kInf : -kInf);
}

// exp(x); for tiny x 1 + x is exact or nearly, and x^2/2 decides a midpoint (exp(2^-53)).
W exp_of(W x) {
  if (!(std::fabs(x) < 0x1p-20L)) return std::exp(x);
  const W hi = 1 + x, low = (1 - hi) + x;
  return nudged(hi, low + x * x / 2);
}

// 1 / (1 + exp(-y)), without overflow.
W sigmoid_of(W y) { return 1 / (1 + std::exp(-y)); }

// exp(a * b) with the rounding error of the product a * b taken into account.
W exp_of_product(W a, W b) {
  const W p = a * b;
  if (!std::isfinite(p)) return std::exp(p);
  return std::exp(p) * (1 + std::fma(a, b, -p));
}

// exp(a / b) likewise.
W exp_of_quotient(W a, W b) {
  const W q = a / b;
  if (!std::isfinite(q) || q == 0) return std::exp(q);
  return std::exp(q) * (1 + std::fma(-q, b, a) / b);
}

struct EluGrad {  // TF EluGrad: activations < 0 ? (activations + alpha) : 1 = alpha * exp(x)
  W alpha;
  EluGrad(const double* p, DType) : alpha(p[0]) {}
  W operator()(W x) const { return x < 0 ? alpha * exp_of(x) : 1; }
};

struct SeluGrad {  // TF SeluGrad: x < 0 ? scale_alpha * exp(x) : scale (constants in the dtype)
  W scale, scale_alpha;
  SeluGrad(const double*, DType d)
      : scale(numeric::round_to(1.0507009873554804934, d)),
        scale_alpha(numeric::round_to(1.7580993408473768599, d)) {}
  W operator()(W x) const { return x < 0 ? scale_alpha * exp_of(x) : scale; }
};

struct CeluGrad {  // PyTorch elu_backward for celu: x <= 0 ? exp(x / alpha) : 1
  W alpha;
  CeluGrad(const double* p, DType) : alpha(p[0]) {}
  W operator()(W x) const { return x < 0 ? exp_of_quotient(x, alpha) : 1; }
};

struct SigmoidGrad {  // s (1 - s) = e / (1 + e)^2, e = exp(-|x|)
  SigmoidGrad(const double*, DType) {}
  W operator()(W x) const {
    const W e = std::exp(-std::fabs(x));
    return e / ((1 + e) * (1 + e));
  }
};

struct TanhGrad {  // 1 - tanh^2 = 1 / cosh^2 = 4e / (1 + e)^2, e = exp(-2|x|)
  TanhGrad(const double*, DType) {}
  W operator()(W x) const {
    const W e = std::exp(-2 * std::fabs(x));
    return 4 * e / ((1 + e) * (1 + e));
  }
};

struct TanhshrinkGrad {  // d/dx (x - tanh x) = tanh^2
  TanhshrinkGrad(const double*, DType) {}
  W operator()(W x) const {
    // Tiny x: tanh^2 = x^2 - 2x^4/3 + ..., and x^2 may be exactly a midpoint of the dtype (tanhl
    // is not reliable to the last bit there); the residual says which way it rounds, so the
    // square moves one long double ULP its way when the sum cannot show it.
    if (std::fabs(x) < 0x1p-20L) {
      const W square = x * x;
      return nudged(square, std::fma(x, x, -square) - 2 * square * square / 3);
    }
    const W t = std::tanh(x);
    return t * t;
  }
};

struct SoftsignGrad {  // TF SoftsignGrad: 1 / (1 + |x|)^2
  SoftsignGrad(const double*, DType) {}
  W operator()(W x) const {
    const W d = 1 + std::fabs(x);
    return 1 / (d * d);
  }
};

struct SoftplusGrad {  // PyTorch softplus_backward: beta * x > threshold ? 1 : sigmoid(beta * x)
  W beta, threshold;
  SoftplusGrad(const double* p, DType) : beta(p[0]), threshold(p[1]) {}
  W operator()(W x) const {
    const W y = beta * x;
    return y > threshold ? 1 : 1 / (1 + exp_of_product(-beta, x));
  }
};

struct LogSigmoidGrad {  // sigmoid(-x)
  LogSigmoidGrad(const double*, DType) {}
  W operator()(W x) const { return sigmoid_of(-x); }
};

struct ExponentialGrad {
  ExponentialGrad(const double*, DType) {}
  W operator()(W x) const { return exp_of(x); }
};

struct SiluGrad {  // s (1 + b x (1 - s)), s = sigmoid(b x); beta = 0: 1/2
  W beta;
  SiluGrad(const double* p, DType) : beta(p[0]) {}
  W operator()(W x) const {
    if (beta == 0) return 0.5L;
    const W y = beta * x;
    if (std::isinf(y)) return y > 0 ? W(1) : W(-0.0);
    const W s = 1 / (1 + exp_of_product(-beta, x)), complement = 1 / (1 + exp_of_product(beta, x));
    return negative_tail(s + y * s * complement, y);
  }
};

struct MishGrad {  // n / (n + 2) + 4 x e (e + 1) / (n + 2)^2, e = exp(x), n = e (e + 2)
  MishGrad(const double*, DType) {}
  W operator()(W x) const {
    if (x > 40) return 1;  // 1 + (4x - 2) e^-2x: 1 in every dtype
    if (x == -kInf) return W(-0.0);
    const W e = std::exp(x), n = e * (e + 2), d = n + 2;
    return negative_tail(n / d + 4 * x * e * (e + 1) / (d * d), x);
  }
};

// Phi(x) = erfc(-x / sqrt 2) / 2, with the rounding error of -x / sqrt 2 added back to first
// order (erfc's condition number is about 2t^2).
W normal_cdf(W x) {
  constexpr W kSqrtHalf = 0.707106781186547524400844362104849039L;
  constexpr W kSqrtHalfLow = 1.8950325588932570797e-20L;  // sqrt(1/2) - kSqrtHalf
  constexpr W kTwoOverSqrtPi = 1.128379167095512573896158903121545172L;
  const W t = -x * kSqrtHalf;
  const W d = std::fma(-x, kSqrtHalf, -t) - x * kSqrtHalfLow;
  return (std::erfc(t) - d * kTwoOverSqrtPi * std::exp(-t * t)) / 2;
}

struct GeluGrad {  // Phi(x) + x phi(x)
  GeluGrad(const double*, DType) {}
  W operator()(W x) const {
    constexpr W kInvSqrt2Pi = 0.398942280401432677939946059934381868L;
    if (std::isinf(x)) return x > 0 ? W(1) : W(-0.0);
    return negative_tail(normal_cdf(x) + x * kInvSqrt2Pi * exp_of_product(-x / 2, x), x);
  }
};

struct GeluTanhGrad {  // s + 2 c x (1 + 3k x^2) s (1 - s), s = sigmoid(2u), u = c (x + k x^3)
  W c, k;
  GeluTanhGrad(const double*, DType d)
      : c(numeric::round_to(0.797884560802865355879892119868763737, d)),
        k(numeric::round_to(0.044715, d)) {}
  W operator()(W x) const {
    if (std::isinf(x)) return x > 0 ? W(1) : W(-0.0);
    // u = c (x + k x^3) as a pair u + u_low: exp(2u) has condition number 2u, up to ~1e4.
    W low = 0;
    const W x2 = x * x, x2_low = std::fma(x, x, -x2);
    const W x3 = x2 * x, x3_low = std::fma(x2, x, -x3) + x2_low * x;
    const W kx3 = k * x3, kx3_low = std::fma(k, x3, -kx3) + k * x3_low;
    const W sum = x + kx3, sum_low = (x - (sum - kx3)) + (kx3 - (sum - (sum - kx3))) + kx3_low;
    const W u = c * sum;
    low = std::fma(c, sum, -u) + c * sum_low;
    const W up = std::exp(-2 * u) * (1 - 2 * low), down = std::exp(2 * u) * (1 + 2 * low);
    const W s = 1 / (1 + up), complement = 1 / (1 + down);
    return negative_tail(s + 2 * c * x * (1 + 3 * k * x2) * s * complement, x);
  }
};

// TF autodiff of x * relu6(x + 3) / 6: relu6(a) / 6 + x * Relu6Grad(1/6, a), a = x + 3 rounded
// to the dtype; inside (0, 6) that is (a + x) / 6, rounded once.
struct HardSiluGrad {
  DType dtype;
  HardSiluGrad(const double*, DType d) : dtype(d) {}
  W operator()(W x) const {
    const W a = round_wide(x + 3, dtype);
    if (!(a > 0)) return 0;
    if (!(a < 6)) return 1;
    return (a + x) / 6;
  }
};

template <class Fn>
constexpr GradEntry smooth(std::string_view key) {
  return {key, &map_smooth_grad<Fn>};
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
