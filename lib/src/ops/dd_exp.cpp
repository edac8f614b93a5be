// exp, expm1 and log1p in double-double, with their error bounds (units of u^2 = 2^-106; the
// per-operation bounds are those of double_double.hpp; products of two error terms, O(u^3), are
// absorbed by the rounding up of each bound).
#include "ops/dd_exp.hpp"

#include <cmath>

namespace nnact::ops::dd {
namespace {

// 1/n! for n = 0..10 as double-doubles (the nearest double, then the nearest double to the
// rest: relative error <= 2^-107, 0.5 u^2).
constexpr DD kInvFactorial[] = {
    {1, 0},
    {1, 0},
    {0.5, 0},
    {0x1.5555555555555p-3, 0x1.5555555555555p-57},
    {0x1.5555555555555p-5, 0x1.5555555555555p-59},
    {0x1.1111111111111p-7, 0x1.1111111111111p-63},
    {0x1.6c16c16c16c17p-10, -0x1.f49f49f49f49fp-65},
    {0x1.a01a01a01a01ap-13, 0x1.a01a01a01a01ap-73},
    {0x1.a01a01a01a01ap-16, 0x1.a01a01a01a01ap-76},
    {0x1.71de3a556c734p-19, -0x1.c154f8ddc6c00p-73},
    {0x1.27e4fb7789f5cp-22, 0x1.cbbc05b4fa99ap-76},
};

// log(2) = kLn2High + kLn2Mid + kLn2Low + (4.4e-48): kLn2High has 42 significant bits, so
// k * kLn2High is exact for |k| < 2^11.
constexpr double kLn2High = 0x1.62e42fefa3800p-1;
constexpr double kLn2Mid = 0x1.ef35793c76730p-45;
constexpr double kLn2Low = 0x1.f97b57a079a19p-103;
constexpr double kInvLn2 = 0x1.71547652b82fep+0;

// expm1(r) for |r| <= 0.3467: 108 u^2.
// s = r / 2^8 (exact), |s| <= 2^-9.5. expm1(s) = s q_1, q_k = c_k + s q_{k+1} (c_k = 1/k!),
// q_10 = c_10; the truncated series term is s^10 / 11! < 2^-120 relative (2^-14 u^2). Each step
// multiplies (8 u^2) and adds (4 u^2; 2 u^2 for the double 1 in q_1); |s q_{k+1}| / |q_k| <=
// |s| / (k + 1) * 1.01 < 2^-10, so the errors carried from the previous step shrink by 2^-10:
// eps(q_k) <= 0.5 + 4 + (eps(q_{k+1}) + 8) / 1024 < 4.6, eps(q_1) < 2.1, eps(s q_1) < 10.2.
// Eight doublings em <- em (em + 2) undo the scaling: em + 2 carries em's error damped by
// rho_j = |em_j| / (2 + em_j) and adds 2, the product adds 8, so eps <- eps (1 + rho_j) + 10;
// rho_7 <= 0.0865 and rho_j halves with each step down, sum rho_j < 0.173, prod (1 + rho_j) <
// 1.19: eps <= 1.19 (10.2 + 80) < 108.
DD expm1_reduced(DD r) {
  const DD s{r.hi * 0x1p-8, r.lo * 0x1p-8};
  DD q = kInvFactorial[10];
  for (int k = 9; k >= 2; --k) q = add(mul(q, s), kInvFactorial[k]);
  q = add(mul(q, s), 1.0);
  DD em = mul(q, s);
  for (int j = 0; j < 8; ++j) em = mul(em, add(em, 2.0));
  return em;
}
constexpr double kReducedBound = 108;

}  // namespace

// k = round(x.hi / log 2), r = x - k log 2. x.hi - k kLn2High is exact (a multiple of x.hi's or
// kLn2High's last bit, smaller than 0.35 and than both, by Sterbenz's lemma for k != 0), so r's
// absolute error is the two double-double sums (4 + 2 u^2 relative to |r| <= 0.3467), the
// rounding of k kLn2Low (2^-145) and log 2's truncation (|k| 4.4e-48): below 2.1 u^2, which exp
// turns into 2.1 u^2 relative. exp(r) = 1 + expm1(r): the sum (2 u^2) carries expm1's 108 u^2
// damped by |em| / (1 + em) <= 0.4142 (em in [-0.2929, 0.4144]): 44.8 + 2 + 2.1 < 50.
bool exp_scaled(DD x, DD& m, int& k) {
  if (!(x.hi >= -746 && x.hi <= 746)) return false;
  k = static_cast<int>(std::nearbyint(x.hi * kInvLn2));
  DD r = add(two_sum(x.hi - k * kLn2High, x.lo), neg(two_prod(k, kLn2Mid)));
  r = add(r, -k * kLn2Low);
  m = add(expm1_reduced(r), 1.0);
  return true;
}

bool exp(DD x, DD& y) {
  int k = 0;
  DD m;
  if (!(x.hi >= -665 && x.hi <= 708) || !exp_scaled(x, m, k)) return false;
  y = ldexp(m, k);
  return true;
}

// k = 0 (|x| <= 0.3467): expm1_reduced on x itself, 108 u^2. Otherwise e = exp(x) (50 u^2) minus
// 1 (2 u^2), e's error amplified by e / |e - 1|: at most 2.415 below (e <= 0.7072) and 3.415
// above (e >= 1.414): 50 * 3.415 + 2 < 175.
bool expm1(DD x, DD& y) {
  if (std::fabs(x.hi * kInvLn2) < 0.5) {
    y = expm1_reduced(x);
    return true;
  }
  DD e;
  if (!exp(x, e)) return false;
  y = add(e, -1.0);
  return true;
}

// Newton's step from a long double start L (log1pl, within 2^-61 relative; held exactly as a
// double-double): log1p(v) = L + log1p(z), z = (v - w) / (1 + w), w = expm1(L). z is within
// 2^-55 of 0 relative to L (checked), so log1p(z) = z to within z^2 / 2 < 2^-110 |L| (0.02 u^2
// relative). The absolute error of v - w: v's own (ev u^2 |v|), w's (175 u^2 |w|, w = v to 2^-55)
// and the sum's (4 u^2 |v - w|, negligible); z's quotient and the final sum (4 u^2 relative to
// the result). Relative to log1p(v), |v| errors shrink by v / ((1 + v) log1p(v)) <= 1:
// ev + 175 + 4 + 1 (z's rounding and the rest) = ev + 180.
bool log1p(DD v, DD& y) {
  const long double start = std::log1p(static_cast<long double>(v.hi) + v.lo);
  const double high = static_cast<double>(start);
  const DD l{high, static_cast<double>(start - high)};
  DD w;
  if (!expm1(l, w)) return false;
  const DD z = div(add(v, neg(w)), add(w, 1.0));
  if (!(std::fabs(z.hi) <= 0x1p-55 * std::fabs(l.hi))) return false;
  y = add(l, z);
  return true;
}

}  // namespace nnact::ops::dd
