// The sweep's fast references (sweep_formulas.hpp). Forms: the textbook formula wherever it does
// not cancel; where it would, a rearranged form or a series with its remainder bounded (noted at
// each). sigmoid(t) = 1 / (1 + exp(-t)) throughout: for t << 0, exp(-t) overflows to inf and the
// quotient is the limit 0 (the float result is 0 long before: e^t < 2^-1000).
#include "sweep_formulas.hpp"

#include <cmath>

namespace sweep {
namespace {

// Built-in constants rounded to float32 (OPS.md rule 1), as the float32 ops and the MPFR
// references use them (decimal -> float; the same floats as double -> float for these).
const double kSeluScale = static_cast<float>(1.0507009873554804934193349852946);
const double kSeluScaleAlpha = static_cast<float>(1.7580993408473768599402175208123);
const double kGeluTanhC = static_cast<float>(0.797884560802865355879892119868763737);
const double kGeluTanhK = static_cast<float>(0.044715);

const Bounded kOne = exact(1);
const Bounded kSqrtHalf = constant(0.70710678118654752440084436210484903928);
const Bounded kInvSqrt2Pi = constant(0.39894228040143267793994605993438186848);

// 1 / cosh^2 u where cosh u overflowed (|u| > 710, also where u's own error is large but far
// smaller than |u|): below 2^-2000, which any float rounding sees as a signed zero.
const Bounded kUnderflow = {0, kEta};

int sign_of(double x) { return x > 0 ? 1 : (x < 0 ? -1 : 0); }

Bounded sigmoid(Bounded t) { return kOne / (kOne + exp(-t)); }

// softplus(t) = log1p(exp(t)) for t <= 0, t + log1p(exp(-t)) above (no cancellation: both
// terms positive).
Bounded softplus(Bounded t) {
  if (t.v <= 0) return log1p(exp(t));
  return t + log1p(exp(-t));
}

// x - tanh x for |x| < 1/16: x^3 (1/3 - 2x^2/15 + 17x^4/315 - 62x^6/2835 + 1382x^8/155925
// - 21844x^10/6081075 + 929569 x^12/638512875 - ...), the alternating series of tanh
// (coefficients decreasing by at least (2/pi)^2 x^2 < 1/400 per step), so the remainder is below
// the first omitted term, 6404582/10854718875 x^14 < 6e-4 x^14 < 2^-66 relative to x^3/3. Horner
// in double: 7 steps, each one rounding of a value dominated by 1/3 (the other terms are < 1/100
// of it): within 16 u of the polynomial, and x^3 two more roundings (exact when e = 0).
Reference tanhshrink_series(double x) {
  const double z = x * x;
  double p = 929569.0 / 638512875;
  p = p * z - 21844.0 / 6081075;
  p = p * z + 1382.0 / 155925;
  p = p * z - 62.0 / 2835;
  p = p * z + 17.0 / 315;
  p = p * z - 2.0 / 15;
  p = p * z + 1.0 / 3;
  const double cube = x * z;
  const double v = cube * p;
  const double e = std::fabs(v) * (24 * kU + 0x1p-64) + 4 * kEta;
  return {{v, e}, 0, sign_of(x)};
}

// For |x| < 2^-40: f(x) = x/2 + c x^2 (1 + t) with |t| < 2^-38 (the next term is O(x^3) or
// O(x^4)), c > 0: silu c = 1/4, gelu c = 1/sqrt(2 pi), gelu_tanh c = C/2 (C = the float
// sqrt(2/pi)). x/2 is exact in double, and f(x) > x/2 for x != 0, strictly: (x/2, x/2 + 1.01 c x^2 + eta].
Reference half_plus_square(double x, double c) {
  if (x == 0) return {exact(x / 2)};  // f(+-0) = +-0
  return {{x / 2, 1.01 * c * x * x + kEta}, 1, sign_of(x)};
}
constexpr double kTiny = 0x1p-40;

// ---- forward ----

Reference elu(double x) {
  if (!(x < 0)) return {exact(x)};
  return {expm1(exact(x)), 0, -1};
}

Reference selu(double x) {
  if (!(x < 0)) return {exact(x) * exact(kSeluScale)};
  return {expm1(exact(x)) * exact(kSeluScaleAlpha), 0, -1};
}

Reference tanh_forward(double x) { return {tanh(exact(x)), 0, sign_of(x)}; }

Reference softsign(double x) {
  return {exact(x) / (kOne + exact(std::fabs(x))), 0, sign_of(x)};
}

Reference sigmoid_forward(double x) { return {sigmoid(exact(x)), 0, 1}; }

Reference exponential(double x) { return {exp(exact(x)), 0, 1}; }

Reference silu(double x) {
  if (std::fabs(x) < kTiny) return half_plus_square(x, 0.25);
  return {exact(x) * sigmoid(exact(x)), 0, sign_of(x)};
}

Reference mish(double x) {
  return {exact(x) * tanh(softplus(exact(x))), 0, sign_of(x)};
}

Reference log_sigmoid(double x) { return {-softplus(-exact(x)), 0, -1}; }

Reference softplus_forward(double x) { return {softplus(exact(x)), 0, 1}; }

// x - tanh x: the series near 0; for |x| >= 20, tanh|x| = 1 - d with 0 < d = 2/(e^{2|x|} + 1)
// < 2^-56, so x - tanh x = (x - 1) + d for x > 0 (x - 1 exact in double below 2^53; above, x - 1
// is x's nearest double and the float result is x): strictly above x - 1, within 2^-56.
Reference tanhshrink(double x) {
  if (std::fabs(x) < 0x1p-4) return tanhshrink_series(x);
  if (std::fabs(x) >= 20) {
    if (std::fabs(x) >= 0x1p53) return {exact(x)};
    const int s = sign_of(x);
    return {{x - s, 0x1p-56}, s, s};
  }
  return {exact(x) - tanh(exact(x)), 0, sign_of(x)};
}

// x / (1 + exp(-2C (x + K x^3))).
Reference gelu_tanh(double x) {
  if (std::fabs(x) < kTiny) return half_plus_square(x, kGeluTanhC / 2);
  const Bounded X = exact(x);
  const Bounded u = X + exact(kGeluTanhK) * (X * X * X);
  return {X / (kOne + exp(exact(-2 * kGeluTanhC) * u)), 0, sign_of(x)};
}

// x Phi(x) = x erfc(-x / sqrt 2) / 2.
Reference gelu(double x) {
  if (std::fabs(x) < kTiny) return half_plus_square(x, 0.3989422804014327);
  const Bounded X = exact(x);
  const Bounded phi = erfc(-(X * kSqrtHalf)) * exact(0.5);
  return {X * phi, 0, sign_of(x)};
}

// ---- derivatives ----

// TF autodiff of x * relu6(x + 3) / 6: (a + x) / 6 on 0 < a < 6, a = x + 3 rounded to float
// (x + 3 in double is exact for |x| >= 2^-27; below, both roundings give 3).
Reference hard_silu_grad(double x) {
  const double a = static_cast<float>(x + 3.0);
  if (!(a > 0)) return {exact(0)};
  if (!(a < 6)) return {exact(1)};
  return {(exact(x) + exact(a)) / exact(6)};
}

Reference elu_grad(double x) {
  if (!(x < 0)) return {exact(1)};
  return {exp(exact(x)), 0, 1};
}

Reference selu_grad(double x) {
  if (!(x < 0)) return {exact(kSeluScale)};
  return {exp(exact(x)) * exact(kSeluScaleAlpha), 0, 1};
}

// 1 / cosh^2 x (cosh overflows to inf for |x| > 710: the quotient's limit 0).
Reference tanh_grad(double x) {
  const Bounded c = cosh(exact(x));
  if (std::isinf(c.v)) return {kUnderflow, 0, 1};
  return {kOne / (c * c), 0, 1};
}

Reference softsign_grad(double x) {
  const Bounded d = kOne + exact(std::fabs(x));
  return {kOne / (d * d), 0, 1};
}

// sigmoid(x) sigmoid(-x).
Reference sigmoid_grad(double x) {
  return {sigmoid(exact(x)) * sigmoid(-exact(x)), 0, 1};
}

// s (1 + x (1 - s)), s = sigmoid(x), 1 - s = sigmoid(-x): no cancellation except near the
// zero at x = -1.278; negative below it, positive above.
Reference silu_grad(double x) {
  const Bounded X = exact(x);
  return {sigmoid(X) * (kOne + X * sigmoid(-X)), 0, x < -2 ? -1 : (x > 0 ? 1 : 0)};
}

// tanh(sp) + x sigmoid(x) sech^2(sp), sp = softplus(x) (zero at x = -1.19).
Reference mish_grad(double x) {
  const Bounded X = exact(x);
  const Bounded sp = softplus(X);
  const Bounded c = cosh(sp);
  const Bounded sech2 = std::isinf(c.v) ? kUnderflow : kOne / (c * c);
  return {tanh(sp) + X * sigmoid(X) * sech2, 0, x < -2 ? -1 : (x > 0 ? 1 : 0)};
}

Reference log_sigmoid_grad(double x) { return {sigmoid(-exact(x)), 0, 1}; }

Reference softplus_grad(double x) { return {sigmoid(exact(x)), 0, 1}; }

Reference tanhshrink_grad(double x) {
  const Bounded t = tanh(exact(x));
  return {t * t, 0, x != 0 ? 1 : 0};
}

// sigmoid(2u) + x sech^2(u) C (1 + 3K x^2) / 2, u = C (x + K x^3) (zero near x = -0.75).
Reference gelu_tanh_grad(double x) {
  const Bounded X = exact(x), C = exact(kGeluTanhC), K = exact(kGeluTanhK);
  const Bounded x2 = X * X;
  const Bounded u = C * (X + K * (x2 * X));
  const Bounded c = cosh(u);
  const Bounded sech2 = std::isinf(c.v) ? kUnderflow : kOne / (c * c);
  const Bounded slope = C * (kOne + exact(3) * K * x2) * exact(0.5);
  return {sigmoid(exact(2) * u) + X * sech2 * slope, 0, x < -2 ? -1 : (x > 0 ? 1 : 0)};
}

// Phi(x) + x phi(x) = erfc(-x/sqrt 2)/2 + x exp(-x^2/2)/sqrt(2 pi) (zero near x = -0.75).
Reference gelu_grad(double x) {
  const Bounded X = exact(x);
  const Bounded phi = erfc(-(X * kSqrtHalf)) * exact(0.5);
  const Bounded density = exp(-(X * X) * exact(0.5)) * kInvSqrt2Pi;
  return {phi + X * density, 0, x < -2 ? -1 : (x > 0 ? 1 : 0)};
}

}  // namespace

const std::vector<Formula>& forward_formulas() {
  static const std::vector<Formula> formulas = {
      {"elu", elu},
      {"celu", elu},  // alpha = 1: alpha expm1(x / alpha) = expm1(x)
      {"selu", selu},
      {"tanh", tanh_forward},
      {"softsign", softsign},
      {"sigmoid", sigmoid_forward},
      {"exponential", exponential},
      {"silu", silu},
      {"mish", mish},
      {"log_sigmoid", log_sigmoid},
      {"softplus", softplus_forward},
      {"tanhshrink", tanhshrink},
      {"gelu_tanh", gelu_tanh},
      {"gelu", gelu},
  };
  return formulas;
}

const std::vector<Formula>& grad_formulas() {
  static const std::vector<Formula> formulas = {
      {"hard_silu", hard_silu_grad},
      {"elu", elu_grad},
      {"celu", elu_grad},  // alpha = 1: exp(x / alpha) = exp(x)
      {"selu", selu_grad},
      {"tanh", tanh_grad},
      {"softsign", softsign_grad},
      {"sigmoid", sigmoid_grad},
      {"exponential", exponential},
      {"silu", silu_grad},
      {"mish", mish_grad},
      {"log_sigmoid", log_sigmoid_grad},
      {"softplus", softplus_grad},
      {"tanhshrink", tanhshrink_grad},
      {"gelu_tanh", gelu_tanh_grad},
      {"gelu", gelu_grad},
  };
  return formulas;
}

const Formula* find_formula(std::string_view label, bool grad) {
  for (const Formula& f : grad ? grad_formulas() : forward_formulas()) {
    if (f.label == label) return &f;
  }
  return nullptr;
}

}  // namespace sweep
