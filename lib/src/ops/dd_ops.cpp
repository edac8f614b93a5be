// float64's second Ziv stage: the smooth ops in double-double (dd_exp.hpp), each with its
// relative error bound B in units of u^2 = 2^-106 derived in its comment. Run only where the
// long double first stage could not decide the rounding (about 1 % of inputs); what this stage
// cannot decide either (B u^2 is about 2^-98: some 1e-13 of inputs) goes to MPFR.
// Error terms: a double-double operation's own bound (double_double.hpp); an input's relative
// error e carried into f(x) times f's condition number; O(u^3) products absorbed by rounding up.
#include <cmath>

#include "ops/dd_functions.hpp"
#include "ops/elementwise.hpp"

namespace nnact::ops {
namespace {

using dd::DD;

// Ranges: two_prod needs |x| < 2^995; results below 2^-960 would lose bits in their low word.
constexpr double kMaxArgument = 0x1p900;

// The nearest integer to f + t (|f| <= 1/2, t small), from their exact sum hi + lo: nearbyint(hi)
// unless hi is a half-integer (then lo decides; an end of an interval lying exactly on a tie is
// left undecided). The sum must be exact: t may be far below f's last bit.
bool grid_rounding(double f, double t, double& out) {
  const dd::DD r = dd::two_sum(f, t);
  if (r.hi - std::floor(r.hi) == 0.5) return false;
  out = std::nearbyint(r.hi);
  return true;
}

// The double every value within B u^2 (+ 2 u^2 for forming hi + lo -+ d in doubles, and 1/16
// more as in round_if_decided) of y * 2^scale rounds to, if there is one. Where y * 2^scale is
// subnormal the grid is 2^-1074 (2^(-1074 - scale) in y's units): both ends of the interval are
// rounded to it as n + (a - n) + t, a = y.hi on that grid (exact), n the nearest integer to a.
bool decide(DD y, int scale, double bound, double& out) {
  if (!(std::fabs(y.hi) >= 0x1p-960) || !std::isfinite(y.hi)) return false;
  const double d = std::fabs(y.hi) * (bound + 2) * dd::kU2 * 1.0625;
  const int exponent = std::ilogb(y.hi) + scale;
  if (exponent > 1022) return false;
  if (exponent >= -1021) {
    const double low = y.hi + (y.lo - d);
    if (low != y.hi + (y.lo + d)) return false;
    out = std::ldexp(low, scale);
    return true;
  }
  const int shift = 1074 + scale;
  const double a = std::ldexp(y.hi, shift);
  const double n = std::nearbyint(a);
  double low = 0, high = 0;
  if (!grid_rounding(a - n, std::ldexp(y.lo - d, shift), low) ||
      !grid_rounding(a - n, std::ldexp(y.lo + d, shift), high) || low != high) {
    return false;
  }
  out = std::copysign(std::ldexp(n + low, -1074), y.hi);
  return true;
}

// Selu's scale * alpha as float64's kernel rounds it (elementwise.hpp).
double selu_scale_alpha() {
  return dtype_constant<double>(1.7580993408473768599402175208123L);
}

// For |x| < 2^-600 several ops are f(x) = a0 x + delta, a0 x an exact double-double product and
// |delta| <= |a1| x^2 (< 2^-599 |a0 x|) of a known sign: their subnormal results are often
// a0 x = x/2 exactly, a midpoint, which no error bound can decide. The rounding of y 2^scale +
// delta, y exact: y's own rounding where y is no rounding boundary (delta is then too small to
// matter: y has at most 106 significant bits, so a boundary it misses is >= 2^-107 |y| away, and
// in the subnormal range y is a multiple of 2^-1126 while delta < 2^-1200), found by decide() with
// no error beyond its own margin (else undecided); where y is a midpoint, the neighbour on
// delta's side (direction).
bool decide_with_tie(DD y, int scale, int direction, double& out) {
  if (decide(y, scale, 0, out)) return true;
  if (direction == 0) return false;
  if (std::ilogb(y.hi) + scale >= -1021) {
    if (y.lo == 0) return false;  // a double: decide() has taken it
    const bool up = y.lo > 0;
    const double next = std::nextafter(y.hi, up ? HUGE_VAL : -HUGE_VAL);
    if (2 * y.lo != next - y.hi) return false;  // not a midpoint
    out = std::ldexp((direction > 0) == up ? next : y.hi, scale);
    return true;
  }
  const int shift = 1074 + scale;
  const double a = std::ldexp(y.hi, shift);
  const double n = std::nearbyint(a);
  const dd::DD frac = dd::two_sum(a - n, std::ldexp(y.lo, shift));
  if (std::fabs(frac.hi) != 0.5 || frac.lo != 0) return false;  // not a midpoint
  // n + frac.hi is a half-integer; delta moves it toward the integer on its side.
  out = std::copysign(std::ldexp(n + frac.hi + (direction > 0 ? 0.5 : -0.5), -1074), y.hi);
  return true;
}

// The tiny-x forms: a0 and the sign of a1 (0: none of these ops).
struct TinyForm {
  double a0 = 0;
  int direction = 0;
};
TinyForm tiny_form(ExactOp op, const double* p) {
  switch (op) {
    case ExactOp::kElu:  // alpha expm1(x) = alpha x + alpha x^2 / 2: x < 0 only
      return {p[0], p[0] > 0 ? 1 : -1};
    case ExactOp::kSelu:
      return {selu_scale_alpha(), 1};
    case ExactOp::kSilu:  // x sigmoid(beta x) = x/2 + beta x^2 / 4
      return {0.5, p[0] > 0 ? 1 : (p[0] < 0 ? -1 : 0)};
    case ExactOp::kGelu:  // x/2 + x^2 / sqrt(2 pi)
    case ExactOp::kGeluTanh:  // x/2 + c x^2 / 2
      return {0.5, 1};
    default:
      return {};
  }
}

// Selu's and gelu_tanh's constants as float64's kernels round them (elementwise.hpp).
const double kSeluScaleAlpha = selu_scale_alpha();
const double kGeluC = dtype_constant<double>(0.797884560802865355879892119868763737L);
const double kGeluCubic = dtype_constant<double>(0.044715L);

// The op in double-double, as y 2^scale, and its bound; false where this stage does not apply.
bool evaluate(ExactOp op, double x, const double* p, DD& y, int& scale, double& bound) {
  if (!(std::fabs(x) <= kMaxArgument)) return false;
  switch (op) {
    case ExactOp::kElu:
    case ExactOp::kSelu: {
      // x >= 0 is exact in the first stage. expm1 (175), the product by a double (2), +1.
      if (!(x < 0) || !dd::expm1(DD{x, 0}, y)) return false;
      y = dd::mul(y, op == ExactOp::kSelu ? kSeluScaleAlpha : p[0]);
      bound = dd::kExpm1Bound + 3;
      return true;
    }
    case ExactOp::kCelu: {
      // z = x / alpha (4), whose error expm1's condition number |z e^z / (e^z - 1)| amplifies
      // (<= 1 for z < 0, <= 1 + z for z > 0); expm1 (175); the product (2), +1.
      if (!(x < 0)) return false;
      const DD z = dd::div(DD{x, 0}, p[0]);
      if (!dd::expm1(z, y)) return false;
      y = dd::mul(y, p[0]);
      bound = dd::kExpm1Bound + 3 + 4 * (z.hi < 0 ? 1 : 1 + z.hi);
      return true;
    }
    case ExactOp::kSigmoid:
      return dd::logistic(DD{-x, 0}, 0, 1.0, y, scale, bound);
    case ExactOp::kSilu:
      // beta * x is exact as a double-double product.
      return dd::logistic(dd::neg(dd::two_prod(p[0], x)), 0, x, y, scale, bound);
    case ExactOp::kGeluTanh: {
      // x / (1 + exp(-2u)), u = c (x + k x^3): x^2 exact, x^3 (2), k x^3 (2), the sum of two
      // terms of x's sign (2), c u (2): u within 8 u^2, so -2u within 16 |u| u^2 absolutely.
      if (!(std::fabs(x) <= 0x1p300)) return false;
      const DD cubic = dd::mul(dd::mul(dd::two_prod(x, x), x), kGeluCubic);
      const DD u = dd::mul(dd::add(cubic, x), kGeluC);
      return dd::logistic(DD{-2 * u.hi, -2 * u.lo}, 16 * std::fabs(u.hi), x, y, scale, bound);
    }
    case ExactOp::kSoftplus:
    case ExactOp::kLogSigmoid: {
      // beta * x exact as a double-double; the first stage has already taken beta x >
      // threshold (x itself, exact). The quotient by beta 4 (within kSoftplusBound's 6).
      const bool log_sigmoid = op == ExactOp::kLogSigmoid;
      const DD a = log_sigmoid ? DD{-x, 0} : dd::two_prod(p[0], x);
      if (!log_sigmoid && !(a.hi <= p[1])) return false;
      if (!dd::softplus(a, y, scale, bound)) return false;
      y = log_sigmoid ? dd::neg(y) : dd::div(y, p[0]);
      return true;
    }
    case ExactOp::kExponential:
      bound = dd::kExpBound;
      return dd::exp_scaled(DD{x, 0}, y, scale);
    case ExactOp::kMish: {
      // x n / (n + 2), n = e (e + 2), e = exp(x) = m 2^k (50): e's error enters n twice (100),
      // e + 2 (2) and the product (8): 110; n / (n + 2) damps it by 2 / (n + 2) <= 1 and adds
      // 2 + 16; the product by x 2, +1: 131. n = 2^k n', n' = m (e + 2), so that the result,
      // x n' / (n + 2) 2^k, may be subnormal (n's low word may underflow next to 2: harmless).
      // Above 40 the first stage is exact to 1e-34.
      DD m;
      if (!(x <= 40) || !dd::exp_scaled(DD{x, 0}, m, scale)) return false;
      const DD n_scaled = dd::mul(m, dd::add(dd::ldexp(m, scale), 2.0));
      y = dd::mul(dd::div(n_scaled, dd::add(dd::ldexp(n_scaled, scale), 2.0)), x);
      bound = 131;
      return true;
    }
    case ExactOp::kTanh:
      if (!dd::tanh_abs(x, y)) return false;
      if (x < 0) y = dd::neg(y);
      bound = dd::kTanhBound;
      return true;
    case ExactOp::kTanhshrink: {
      if (x != 0 && std::fabs(x) < 0x1p-30) {
        // x^3/3 (1 - 2x^2/5), the rest (17/315) x^4 < 2^-124 relative, on x' = x 2^j in [1, 2)
        // (exact; result scale 2^-3j, so that it may be subnormal): x'^2 exact, x'^3 (2), / 3
        // (4), the factor's rounding (1) and the product (8), +1: 16.
        const int j = -std::ilogb(x);
        const double xs = std::ldexp(x, j);
        const DD cube = dd::div(dd::mul(dd::two_prod(xs, xs), xs), 3.0);
        y = dd::mul(cube, dd::two_sum(1.0, -0.4 * (x * x)));
        scale = -3 * j;
        bound = 16;
        return true;
      }
      if (std::fabs(x) < 2) {
        y = dd::tanhshrink_series(x);
        bound = dd::kTanhshrinkSeriesBound;
        return true;
      }
      // |x| >= 2: tanh's error is damped by |tanh x| / |x - tanh x| <= 0.93; the sum 4, +1.
      DD t;
      if (!dd::tanh_abs(x, t)) return false;
      y = dd::add(t, -std::fabs(x));
      y = x < 0 ? y : dd::neg(y);
      bound = dd::kTanhBound + 5;
      return true;
    }
    case ExactOp::kSoftsign:
      // 1 + |x| exact as a double-double; the quotient 16, +1.
      y = dd::div(DD{x, 0}, dd::two_sum(std::fabs(x), 1.0));
      bound = 17;
      return true;
    case ExactOp::kGelu:
      return dd::gelu(x, y, scale, bound);
  }
  return false;
}

}  // namespace

unsigned long long& second_stage_count() {
  thread_local unsigned long long count = 0;
  return count;
}

bool double_double_rounded(ExactOp op, double x, const double* p, double& out) {
  ++second_stage_count();
  if (x != 0 && std::fabs(x) < 0x1p-600 && ((op != ExactOp::kElu && op != ExactOp::kSelu) || x < 0)) {
    const TinyForm form = tiny_form(op, p);
    if (form.direction != 0) {
      const int j = -std::ilogb(x);
      return decide_with_tie(dd::two_prod(form.a0, std::ldexp(x, j)), -j, form.direction, out);
    }
  }
  if (op == ExactOp::kMish && x != 0 && std::fabs(x) < 0x1p-600) {
    // mish(x) = x tanh(dd::softplus(x)) = (3/5) x + (8/25) x^2 + ... (tanh(log 2) = 3/5): 3 x' / 5
    // on x' = x 2^j in [1, 2) (3 x' exact as a double-double, the quotient 4 u^2) with result
    // scale 2^-j, so that subnormal results are decided too; the x^2 term is below 2^-600
    // relative (1 u^2 more). 3x/5 is never a midpoint here (nor undecidable): where it is a
    // double, that double.
    const int j = -std::ilogb(x);
    return decide(dd::div(dd::two_prod(3.0, std::ldexp(x, j)), 5.0), -j, 5, out);
  }
  if (op == ExactOp::kTanhshrink && std::fabs(x) >= 40 && std::isfinite(x)) {
    // x - s + s t, s = sign(x), 0 < t < 2^-114 (exact_ops.cpp tanhshrink_far): x - s exactly as
    // a double-double, a midpoint for x in [2^53, 2^54), then decided by t's side.
    return decide_with_tie(dd::two_sum(x, x > 0 ? -1.0 : 1.0), 0, x > 0 ? 1 : -1, out);
  }
  DD y;
  int scale = 0;
  double bound = 0;
  return evaluate(op, x, p, y, scale, bound) && decide(y, scale, bound, out);
}

bool double_double_probe(ExactOp op, double x, const double* p, double& hi, double& lo,
                         double& rel) {
  DD y;
  int scale = 0;
  double bound = 0;
  if (!evaluate(op, x, p, y, scale, bound)) return false;
  hi = std::ldexp(y.hi, scale), lo = std::ldexp(y.lo, scale), rel = bound * dd::kU2;
  return true;
}

}  // namespace nnact::ops
