// Double-double ("double-word") arithmetic: a value hi + lo held as two doubles with
// |lo| <= ulp(hi) / 2, about 106 bits. The algorithms and their relative error bounds are those of
// Joldes, Muller and Popescu, "Tight and rigorous error bounds for basic building blocks of
// double-word arithmetic", ACM TOMS 44(2), 2017, in the variants without FMA (the build does not
// assume one; Dekker's product gives the same exact error term). Bounds are stated in units of
// kU2 = u^2 = 2^-106 (u = 2^-53), rounded up to whole units; they hold while no intermediate
// value overflows or falls below 2^-969 (where lo would be subnormal): callers keep their
// arguments in range and refuse the rest.
#pragma once

#include <cmath>

namespace nnact::ops::dd {

struct DD {
  double hi = 0;
  double lo = 0;
};

inline constexpr double kU2 = 0x1p-106;

// s + e = a + b exactly (Knuth's TwoSum).
constexpr DD two_sum(double a, double b) {
  const double s = a + b;
  const double bb = s - a;
  return {s, (a - (s - bb)) + (b - bb)};
}

// s + e = a + b exactly, for |a| >= |b| or a = 0 (Dekker's FastTwoSum).
constexpr DD fast_two_sum(double a, double b) {
  const double s = a + b;
  return {s, b - (s - a)};
}

// p + e = a * b exactly (Dekker's TwoProduct with Veltkamp's split at 2^27 + 1; |a|, |b| below
// 2^995 so that the split does not overflow).
constexpr DD two_prod(double a, double b) {
  constexpr double kSplit = 134217729.0;  // 2^27 + 1
  const double p = a * b;
  const double sa = a * kSplit, a_high = sa - (sa - a), a_low = a - a_high;
  const double sb = b * kSplit, b_high = sb - (sb - b), b_low = b - b_high;
  return {p, ((a_high * b_high - p) + a_high * b_low + a_low * b_high) + a_low * b_low};
}

// x + y, y a double (Algorithm 4, DWPlusFP): <= 2 u^2.
constexpr DD add(DD x, double y) {
  const DD s = two_sum(x.hi, y);
  return fast_two_sum(s.hi, x.lo + s.lo);
}

// x + y (Algorithm 6, AccurateDWPlusDW): <= 3 u^2 + 13 u^3, taken as 4 u^2.
constexpr DD add(DD x, DD y) {
  const DD s = two_sum(x.hi, y.hi);
  const DD t = two_sum(x.lo, y.lo);
  const DD v = fast_two_sum(s.hi, s.lo + t.hi);
  return fast_two_sum(v.hi, t.lo + v.lo);
}

constexpr DD neg(DD x) { return {-x.hi, -x.lo}; }

// x * y, y a double (Algorithm 7, DWTimesFP1): <= 1.5 u^2 + 4 u^3, taken as 2 u^2.
constexpr DD mul(DD x, double y) {
  const DD c = two_prod(x.hi, y);
  const DD t = fast_two_sum(c.hi, x.lo * y);
  return fast_two_sum(t.hi, t.lo + c.lo);
}

// x * y (Algorithm 10, DWTimesDW1: the cross terms xh*yl + xl*yh added to the exact product's
// error): <= 7 u^2, taken as 8 u^2.
constexpr DD mul(DD x, DD y) {
  const DD c = two_prod(x.hi, y.hi);
  const double cross = x.hi * y.lo + x.lo * y.hi;
  return fast_two_sum(c.hi, c.lo + cross);
}

// x / y, y a double (Algorithm 15, DWDivFP1): <= 3.5 u^2, taken as 4 u^2.
constexpr DD div(DD x, double y) {
  const double th = x.hi / y;
  const DD p = two_prod(th, y);
  const double delta = ((x.hi - p.hi) - p.lo) + x.lo;
  return fast_two_sum(th, delta / y);
}

// x / y (Algorithm 17, DWDivDW1): <= 15 u^2 + 56 u^3, taken as 16 u^2.
constexpr DD div(DD x, DD y) {
  const double th = x.hi / y.hi;
  const DD r = mul(y, th);
  const double delta = (x.hi - r.hi) + (x.lo - r.lo);
  return fast_two_sum(th, delta / y.hi);
}

inline DD ldexp(DD x, int k) { return {std::ldexp(x.hi, k), std::ldexp(x.lo, k)}; }

}  // namespace nnact::ops::dd
