// The double-double forms of float64's second Ziv stage that take more than one building block
// (dd_exp.hpp), each with its relative error bound in units of u^2 = 2^-106 derived in its
// comment; dd_ops.cpp puts them together per op and decides the rounding.
#include "ops/dd_functions.hpp"

#include <cmath>

namespace nnact::ops::dd {

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

}  // namespace nnact::ops::dd
