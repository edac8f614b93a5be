// float64's second Ziv stage: the smooth ops in double-double (dd_exp.hpp), each with its
// relative error bound B in units of u^2 = 2^-106 derived in its comment. Run only where the
// long double first stage could not decide the rounding (about 1 % of inputs); what this stage
// cannot decide either (B u^2 is about 2^-98: some 1e-13 of inputs) goes to MPFR.
// Error terms: a double-double operation's own bound (double_double.hpp); an input's relative
// error e carried into f(x) times f's condition number; O(u^3) products absorbed by rounding up.
#include <cmath>

#include "ops/dd_exp.hpp"
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

// scale / (1 + e), e = exp(a) = m 2^k known within kExpBound (+ extra for a's own error, a
// condition number |a| times a's relative error): e's error reaches the quotient damped by
// e / (1 + e) <= min(e, 1); the sum 2, the quotient 16, +1 for the rest. For k > 0 it is
// computed as 2^-k scale / (m + 2^-k) (result scale 2^-k), so that e may exceed the double
// range and the result be subnormal; the same bound (m's error damped by m / (m + 2^-k) <= 1).
bool logistic(DD a, double extra, double scale, DD& y, int& result_scale, double& bound) {
  DD m;
  int k = 0;
  if (!dd::exp_scaled(a, m, k)) return false;
  if (k > 0) {
    y = dd::div(DD{scale, 0}, dd::add(m, std::ldexp(1.0, -k)));
    result_scale = -k;
  } else {
    y = dd::div(DD{scale, 0}, dd::add(dd::ldexp(m, k), 1.0));
  }
  bound = 19 + (dd::kExpBound + extra) * std::fmin(std::ldexp(m.hi, k), 1.0);
  return true;
}

// softplus(a) = max(a, 0) + log1p(exp(-|a|)): exp 50, log1p 50 + 180 (dd_exp.hpp), the sum of
// two non-negative terms 4: 234, and 6 more for the callers' final operation. For a < -40
// (v = exp(a) = m 2^k < 2^-57) instead log1p(v) = v - v^2 / 2 + v^3 / 3 - ..., as
// 2^k (m - m.hi^2 2^(k-1)) (result scale 2^k): m's 50, the sum 2, v^3 / 3 < 2^-115 relative,
// m.hi^2's roundings 2^-109: 54, and 6 for the caller: kSoftplusTinyBound.
constexpr double kSoftplusBound = dd::kExpBound + dd::kLog1pExtra + 4 + 6;
constexpr double kSoftplusTinyBound = 60;
bool softplus(DD a, DD& y, int& result_scale, double& bound) {
  if (a.hi < -40) {
    DD m;
    int k = 0;
    if (!dd::exp_scaled(a, m, k)) return false;
    y = dd::add(m, -std::ldexp(m.hi * m.hi, k - 1));
    result_scale = k;
    bound = kSoftplusTinyBound;
    return true;
  }
  DD v, l;
  if (!dd::exp(a.hi > 0 ? dd::neg(a) : a, v) || !dd::log1p(v, l)) return false;
  y = a.hi > 0 ? dd::add(l, a) : l;
  bound = kSoftplusBound;
  return true;
}

// tanh(|x|) = t / (t + 2), t = expm1(2|x|) (175): t's error reaches the quotient damped by
// 2 / (t + 2) <= 1; the sum 2 and the quotient 16, +1.
constexpr double kTanhBound = dd::kExpm1Bound + 19;
bool tanh_abs(double x, DD& y) {
  DD t;
  if (!dd::expm1(DD{2 * std::fabs(x), 0}, t)) return false;
  y = dd::div(t, dd::add(t, 2.0));
  return true;
}

// x - tanh(x) for |x| < 2 without cancellation: (x cosh x - sinh x) / cosh x, numerator
// sum_{n>=1} 2n x^(2n+1) / (2n+1)! and denominator sum_{n>=0} x^(2n) / (2n)!, each a sum of
// terms of one sign. p_n = x^(2n) / (2n)! from p_{n-1} x^2 / ((2n-1) 2n): x^2 exact, 8 + 4 u^2 a
// step, so eps(p_n) <= 12n; the numerator's term p_n x 2n / (2n+1) adds 2 + 2 + 4. Summed from
// the smallest (4 u^2 per sum, relative to partial sums that are at most 1.6 (numerator) and 2
// (denominator) times the total, the terms' ratios being <= x^2 / 10 <= 0.4 and cosh's at x = 2
// 1, 2, 0.67, 0.09): numerator <= 20 + 32 * 0.4 + 44 * 0.06 + ... + 6.4 < 44, denominator <=
// (24 + 24 * 0.67 + 36 * 0.09 + ...) / 3.76 + 8 < 20. Terms stop below 2^-112 of the first (the
// geometric rest < 0.5 u^2). The quotient 16: 44 + 20 + 16 + 1 = 81.
constexpr double kTanhshrinkSeriesBound = 81;
DD tanhshrink_series(double x) {
  constexpr int kMaxTerms = 32;
  const DD x2 = dd::two_prod(x, x);
  DD p{1, 0}, num_terms[kMaxTerms], den_terms[kMaxTerms];
  int n = 1;
  den_terms[0] = p;
  for (; n < kMaxTerms; ++n) {
    p = dd::div(dd::mul(p, x2), static_cast<double>((2 * n - 1) * (2 * n)));
    den_terms[n] = p;
    num_terms[n] = dd::div(dd::mul(dd::mul(p, x), 2.0 * n), 2.0 * n + 1);
    if (std::fabs(num_terms[n].hi) < 0x1p-112 * std::fabs(num_terms[1].hi) && p.hi < 0x1p-112) {
      break;
    }
  }
  DD num{0, 0}, den{0, 0};
  for (int k = std::min(n, kMaxTerms - 1); k >= 1; --k) {
    num = dd::add(num, num_terms[k]);
    den = dd::add(den, den_terms[k]);
  }
  return dd::div(num, dd::add(den, 1.0));
}

// gelu(x) for x < -3 sqrt(2) (t = -x / sqrt(2) > 3), where 1 - erf(t) would cancel: Laplace's
// continued fraction sqrt(pi) e^(t^2) erfc(t) = 1 / (t + a_1 / (t + a_2 / (t + ...))), a_k = k/2,
// turned by an equivalence transformation into t sqrt(pi) e^(s) erfc(t) = 1 / (1 + K),
// K = a_1 / (s + a_2 / (1 + a_3 / (s + a_4 / (1 + ...)))), s = t^2 = x^2 / 2 (exact as a
// double-double), so that gelu(x) = -e^(-s) / sqrt(2 pi) / (1 + K) with no rounded t at all.
// Truncation: K's elements are all positive, so K lies between any two consecutive approximants
// K_n, K_(n+1), and |K_(n+1) - K_n| = a_1...a_(n+1) / (B_(n+1) B_n) (B_n the approximants'
// denominators, B_n = b_n B_(n-1) + a_n B_(n-2), all positive) does not increase with n (the
// intervals nest). That difference d_n is followed in double (relative error below n 2^-51:
// harmless) until d_n <= 2^-110; the approximant K_N, N = n, evaluated backward from T_(N+1) = 0,
// is then within 2^-110 of K, and 1 / (1 + K) within 2^-110 relative (its derivative in K is
// below 1 / (1 + K)): 0.1 u^2. Roundings, backward: T_k = a_k / (b_k + T_(k+1)), a_k and b_k
// exact; the sum (4) carries T_(k+1)'s error damped by rho_k = T_(k+1) / (b_k + T_(k+1)) < 1,
// the quotient adds 16: eps_k <= 20 + rho_k eps_(k+1), accumulated as the loop runs (rho_k from
// the high words, taken 1/1000 larger). 1 / (1 + T_1): 2 + 16 more (T_1's error damped again).
// Then e^(-s) = m 2^k (50; s exact), 1/sqrt(2 pi) (0.5) and two products (16), +1: the result is
// y 2^k, so that it may be subnormal. N is at most 107 (at s = 9). Refused below x = -38.6 (s >
// 745), where |gelu(x)| < 2^-1076 rounds to -0 and the first stage has already decided it.
bool gelu_tail(double x, DD& y, int& scale, double& bound) {
  constexpr DD kInvSqrtTwoPi{0x1.9884533d43651p-2, -0x1.cbc0d30ebfd15p-56};
  constexpr int kMaxTerms = 160;
  if (!(x >= -38.6)) return false;  // s <= 745 (exp_scaled's range: 746)
  const DD s = dd::two_prod(0.5 * x, x);  // x^2 / 2, exact (0.5 x is)
  // Forward: d_n with B_n held as B_(n-1) / B_n ratios (r_prev = B_(n-2) / B_(n-1)).
  double d = 0.5 / s.hi, ratio = 1 / s.hi;  // d_1 = a_1 / (B_1 B_0); ratio = B_0 / B_1
  int n = 1;
  for (; d > 0x1p-110; ++n) {
    if (n >= kMaxTerms) return false;
    const double a = 0.5 * (n + 1), b = (n + 1) % 2 ? s.hi : 1.0;
    const double next = 1 / (b + a * ratio);  // B_n / B_(n+1)
    d *= a * ratio * next;
    ratio = next;
  }
  DD t{0, 0};
  double eps = 0;
  for (int k = n; k >= 1; --k) {
    const DD sum = k % 2 ? dd::add(s, t) : dd::add(t, 1.0);
    eps = 20 + eps * (t.hi / sum.hi) * 1.001;
    t = dd::div(DD{0.5 * k, 0}, sum);
  }
  const DD g = dd::div(DD{1, 0}, dd::add(t, 1.0));
  eps = eps * t.hi / (1 + t.hi) * 1.001 + 18 + 0.1;
  DD m;
  if (!dd::exp_scaled(dd::neg(s), m, scale)) return false;
  y = dd::neg(dd::mul(dd::mul(g, kInvSqrtTwoPi), m));
  bound = eps + 0.5 + dd::kExpBound + 16 + 1;
  return true;
}

// gelu(x) = x/2 erfc(t), t = -x / sqrt(2), for |t| <= 3 (t > 0) or <= 6 (t <= 0), from
// erf(|t|) = 2/sqrt(pi) e^(-t^2) S, S = sum a_n, a_0 = |t|, a_n = a_{n-1} 2t^2 / (2n + 1) (all
// terms positive). t = x sqrt(1/2) (constant 0.5 u^2, product 2: 3 u^2); t^2 (8 + 2 * 3 = 14);
// a step multiplies (8), divides by an integer (4) and carries t^2's 14: eps(a_n) <= 3 + 26n; the
// sum adds 4 per term, so eps(S) <= 3 + 30 N over N terms. Terms stop once past the peak
// (ratio <= 1/2) and below 2^-112 of the sum (the rest < 0.5 u^2). e^(-t^2): 50 plus t^2's
// absolute error 14 t^2; the constant and two products 1 + 8 + 2 (+1): eps(erf) = eps(S) +
// 50 + 14 t^2 + 12. erfc = 1 -+ erf (2): erf's error amplified by erf / erfc (t > 0: the
// cancellation, at most 45,500 at t = 3) or damped by erf / (1 + erf) (t < 0); t's own 3 u^2
// times erfc's condition number |t| 2/sqrt(pi) e^(-t^2) / erfc; the product by x/2 (2), +1.
bool gelu(double x, DD& y, int& scale, double& bound) {
  constexpr DD kSqrtHalf{0x1.6a09e667f3bcdp-1, -0x1.bdd3413b26456p-55};
  constexpr DD kTwoOverSqrtPi{0x1.20dd750429b6dp+0, 0x1.1ae3a914fed80p-56};
  if (x < -0x1.0f876ccdf6cd9p+2) return gelu_tail(x, y, scale, bound);  // t > 3
  if (!(x <= 0x1.0f876ccdf6cd9p+3)) return false;  // t >= -6
  const DD abs_t = dd::mul(kSqrtHalf, std::fabs(x));
  const DD t2 = dd::mul(abs_t, abs_t);
  const DD two_t2{2 * t2.hi, 2 * t2.lo};
  constexpr int kMaxTerms = 200;
  DD a = abs_t, sum = abs_t;
  int n = 1;
  for (; n < kMaxTerms; ++n) {
    a = dd::div(dd::mul(a, two_t2), 2.0 * n + 1);
    sum = dd::add(sum, a);
    if (2 * two_t2.hi <= 2.0 * n + 3 && a.hi < 0x1p-112 * sum.hi) break;
  }
  if (n == kMaxTerms) return false;
  DD e;
  if (!dd::exp(dd::neg(t2), e)) return false;
  const DD erf = dd::mul(dd::mul(sum, kTwoOverSqrtPi), e);
  const double erf_units = 3 + 30.0 * (n + 1) + 50 + 14 * t2.hi + 12;
  // t > 0 for x < 0: erfc = 1 - erf.
  const DD erfc = x < 0 ? dd::add(dd::neg(erf), 1.0) : dd::add(erf, 1.0);
  const double condition = abs_t.hi * kTwoOverSqrtPi.hi * e.hi / erfc.hi;
  bound = erf_units * erf.hi / erfc.hi + 2 + 3 * condition + 3;
  y = dd::mul(erfc, x / 2);  // x / 2 exact (|x| >= 2^-1021 here, or the result is refused)
  return true;
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
      return logistic(DD{-x, 0}, 0, 1.0, y, scale, bound);
    case ExactOp::kSilu:
      // beta * x is exact as a double-double product.
      return logistic(dd::neg(dd::two_prod(p[0], x)), 0, x, y, scale, bound);
    case ExactOp::kGeluTanh: {
      // x / (1 + exp(-2u)), u = c (x + k x^3): x^2 exact, x^3 (2), k x^3 (2), the sum of two
      // terms of x's sign (2), c u (2): u within 8 u^2, so -2u within 16 |u| u^2 absolutely.
      if (!(std::fabs(x) <= 0x1p300)) return false;
      const DD cubic = dd::mul(dd::mul(dd::two_prod(x, x), x), kGeluCubic);
      const DD u = dd::mul(dd::add(cubic, x), kGeluC);
      return logistic(DD{-2 * u.hi, -2 * u.lo}, 16 * std::fabs(u.hi), x, y, scale, bound);
    }
    case ExactOp::kSoftplus:
    case ExactOp::kLogSigmoid: {
      // beta * x exact as a double-double; the first stage has already taken beta x >
      // threshold (x itself, exact). The quotient by beta 4 (within kSoftplusBound's 6).
      const bool log_sigmoid = op == ExactOp::kLogSigmoid;
      const DD a = log_sigmoid ? DD{-x, 0} : dd::two_prod(p[0], x);
      if (!log_sigmoid && !(a.hi <= p[1])) return false;
      if (!softplus(a, y, scale, bound)) return false;
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
      if (!tanh_abs(x, y)) return false;
      if (x < 0) y = dd::neg(y);
      bound = kTanhBound;
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
        y = tanhshrink_series(x);
        bound = kTanhshrinkSeriesBound;
        return true;
      }
      // |x| >= 2: tanh's error is damped by |tanh x| / |x - tanh x| <= 0.93; the sum 4, +1.
      DD t;
      if (!tanh_abs(x, t)) return false;
      y = dd::add(t, -std::fabs(x));
      y = x < 0 ? y : dd::neg(y);
      bound = kTanhBound + 5;
      return true;
    }
    case ExactOp::kSoftsign:
      // 1 + |x| exact as a double-double; the quotient 16, +1.
      y = dd::div(DD{x, 0}, dd::two_sum(std::fabs(x), 1.0));
      bound = 17;
      return true;
    case ExactOp::kGelu:
      return gelu(x, y, scale, bound);
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
    // mish(x) = x tanh(softplus(x)) = (3/5) x + (8/25) x^2 + ... (tanh(log 2) = 3/5): 3 x' / 5
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
