// A double with a rigorous running error bound, for the float32 sweep's fast reference
// (bench/verify_sweep.cpp): Bounded{v, e} stands for an exact real z with |z - v| <= e.
//
// Rounding of one double operation (round to nearest): |rn(z) - z| <= u |rn(z)| + eta / 2,
// u = 2^-53, eta = 2^-1074 (subnormal spacing; kEta below is larger). Where the error of an
// operation can be computed
// exactly (TwoSum for +, fma for *, the remainder fma(-q, b, a) for /), that exact error is used,
// so a chain of exact operations keeps e = 0 and the result's own rounding to float is then the
// correctly rounded one (ties included).
//
// Propagation rules (a = va + da, |da| <= ea, likewise b):
//   a + b: (va + vb) - rn(va + vb) is TwoSum's err, exact: e = ea + eb + |err|.
//   a * b: ab - va vb = va db + vb da + da db, and va vb - rn(va vb) = fma(va, vb, -p) (exact
//          unless the product lies near the underflow range, where eta is added):
//          e = |va| eb + |vb| ea + ea eb + |r|.
//   a / b: a/b - va/vb = (da - q db) / (vb + db), q = va/vb: |.| <= (ea + |q| eb) / (|vb| - eb)
//          (needs |vb| > eb); q's own rounding is |fma(-q, vb, va)| / |vb| (the remainder is
//          exact), taken (1 + 2^-50) larger for the division's rounding.
//   f(a) for a libm function f: |f(a) - f(va)| <= ea max|f'| over [va - ea, va + ea], plus
//          f's own error against f(va): kUlps ulps of the result (relative kUlps 2^-52, plus
//          kUlps eta for subnormal results). glibc's libm is not proven correctly rounded;
//          libm-test-ulps (glibc 2.36, x86_64, double) lists at most 1 ulp for exp, expm1,
//          log, log1p, erf, 2 for tanh, cosh, and 5 for erfc: we take 8 ulps for each and 16
//          for erfc (twice the documented maximum, and at least 4 ulps twice over).
//          Derivative bounds: exp' = exp <= exp(va) e^ea; expm1' = exp likewise; log1p' =
//          1/(1 + t) <= 1/(1 + va - ea); tanh' = sech^2 <= 1; cosh' = sinh <= cosh(|va| + ea);
//          erf' = erfc' = (2/sqrt(pi)) exp(-t^2) <= 1.1284 exp(-(max(|va| - ea, 0))^2).
// The bound e itself is computed in rounded arithmetic: each rule's few operations err by a few
// u relative; the decision (decide()) inflates the final e by 2^-40 relative, far above the
// accumulated relative error of the bound's own computation, and adds eta.
//
// An overflow of libm (exp(710) = inf) is exact for our purpose: the true value exceeds
// DBL_MAX (1 - 16 u) > FLT_MAX, so it rounds to float's infinity; such an inf carries e = 0. A
// NaN anywhere (inf - inf, 0 * inf) leaves the input undecided: the sweep asks MPFR.
#pragma once

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>

namespace sweep {

constexpr double kU = 0x1p-53;
// eta: an absolute term above every subnormal rounding error (2^-1075) and far below float's
// (2^-150). 2^-900 rather than 2^-1074, and relative terms |y| k (k <= 2^-48) dropped below
// kRelativeFloor (where eta covers them): arithmetic on subnormal operands takes a microcode
// assist (~100 cycles), which made the sweep several times slower.
constexpr double kEta = 0x1p-900;
constexpr double kRelativeFloor = 0x1p-852;  // 2^-852 2^-48 = eta

// |y| k for k <= 2^-48, or 0 where that is below eta (then eta, added beside it, covers it).
inline double relative(double y, double k) {
  const double m = std::fabs(y);
  return m >= kRelativeFloor ? m * k : 0;
}
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kLibmUlps = 8;
constexpr double kErfcUlps = 16;

struct Bounded {
  double v = 0;
  double e = 0;
};

inline Bounded exact(double v) { return {v, 0}; }

// A double constant c rounded to nearest from the real constant: within u |c|.
inline Bounded constant(double c) { return {c, std::fabs(c) * kU}; }

// Overflow (inf from operands whose errors are small against them): the exact value is beyond
// DBL_MAX (1 - 2^-29), so beyond float's range; such an inf is carried with e = 0, and 1/inf
// becomes {0, eta}: a value below 2^-1000, which float rounding sees as a signed zero.
inline bool relatively_small(Bounded a) { return a.e <= std::fabs(a.v) * 0x1p-30; }

inline Bounded operator+(Bounded a, Bounded b) {
  const double s = a.v + b.v;
  if (!std::isfinite(s)) {
    return {s, std::isinf(s) && relatively_small(a) && relatively_small(b) ? 0 : kInf};
  }
  const double bb = s - a.v;
  const double err = (a.v - (s - bb)) + (b.v - bb);  // TwoSum: exact
  return {s, a.e + b.e + std::fabs(err)};
}

inline Bounded operator-(Bounded a) { return {-a.v, a.e}; }
inline Bounded operator-(Bounded a, Bounded b) { return a + (-b); }

inline Bounded operator*(Bounded a, Bounded b) {
  const double p = a.v * b.v;
  if (!std::isfinite(p)) {
    return {p, std::isinf(p) && relatively_small(a) && relatively_small(b) ? 0 : kInf};
  }
  double r = std::fabs(std::fma(a.v, b.v, -p));
  if (std::fabs(p) < 0x1p-960 && (a.v != 0 && b.v != 0)) r += kEta;  // fma's error may underflow
  double e = r;
  if (a.e != 0 || b.e != 0) e += std::fabs(a.v) * b.e + std::fabs(b.v) * a.e + a.e * b.e;
  return {p, e};
}

inline Bounded operator/(Bounded a, Bounded b) {
  const double q = a.v / b.v;
  if (std::isinf(b.v) && std::isfinite(a.v) && b.e == 0) return {q, kEta};  // a / inf
  if (!std::isfinite(q)) {
    return {q, std::isinf(q) && relatively_small(a) && relatively_small(b) ? 0 : kInf};
  }
  const double denominator = std::fabs(b.v) - b.e;
  if (!(denominator > 0)) return {q, kInf};
  double e = std::fabs(std::fma(-q, b.v, a.v)) / std::fabs(b.v) * (1 + 0x1p-50);
  if (std::fabs(q) < 0x1p-960 && a.v != 0) e += kEta;
  if (a.e != 0 || b.e != 0) e += (a.e + std::fabs(q) * (1 + 2 * kU) * b.e) / denominator;
  return {q, e};
}

inline Bounded abs(Bounded a) { return {std::fabs(a.v), a.e}; }

// f's own error: `ulps` ulps of the result y.
inline double libm_error(double y, double ulps) {
  return relative(y, ulps * 2 * kU) + ulps * kEta;
}

inline Bounded exp(Bounded a) {
  if (a.v == 0 && a.e == 0) return {1, 0};
  if (a.v + a.e < -746) return {0, kEta};  // exp(t) < 2^-1076 on the whole interval
  if (a.v - a.e > 710) return {kInf, 0};   // exp(t) > DBL_MAX on the whole interval
  const double y = std::exp(a.v);
  if (std::isinf(y)) return {y, a.e < 1 ? 0 : kInf};  // exp overflowed: see the header
  if (a.e >= 1) return {y, kInf};
  // exp(va + d) - exp(va) = exp(va) (e^d - 1), |e^d - 1| <= ea + ea^2 for ea <= 1.
  const double bound_of_exp = std::fabs(y) * (1 + 2 * kLibmUlps * kU) + kLibmUlps * kEta;
  return {y, bound_of_exp * (a.e + a.e * a.e) + libm_error(y, kLibmUlps)};
}

inline Bounded expm1(Bounded a) {
  if (a.v == 0 && a.e == 0) return a;
  const double y = std::expm1(a.v);
  if (std::isinf(y)) return {y, a.e < 1 ? 0 : kInf};
  if (a.e >= 0.5) return {y, kInf};
  // expm1' = exp <= exp(va) e^ea <= (y + 1)(1 + 2 ea) for ea <= 1/2.
  const double slope = (std::fabs(y + 1) + libm_error(y, kLibmUlps) + kU) * (1 + 2 * a.e);
  return {y, slope * a.e + libm_error(y, kLibmUlps)};
}

inline Bounded log1p(Bounded a) {
  if (a.v == 0 && a.e == 0) return a;
  const double floor = 1 + a.v - a.e;
  if (!(floor > 0)) return {std::log1p(a.v), kInf};
  const double y = std::log1p(a.v);
  return {y, a.e / floor * (1 + 4 * kU) + libm_error(y, kLibmUlps)};
}

inline Bounded tanh(Bounded a) {
  if (a.v == 0 && a.e == 0) return a;
  const double y = std::tanh(a.v);
  return {y, a.e + libm_error(y, kLibmUlps)};  // tanh' <= 1
}

inline Bounded cosh(Bounded a) {
  const double y = std::cosh(a.v);
  if (std::isinf(y)) return {y, a.e < 1 ? 0 : kInf};
  if (a.e >= 1) return {y, kInf};
  // sinh(t) <= cosh(t) <= cosh(|va|) e^ea <= y (1 + 2 ea) (ea <= 1: e^ea <= 1 + 2 ea).
  const double slope = (y + libm_error(y, kLibmUlps)) * (1 + 2 * a.e);
  return {y, slope * a.e + libm_error(y, kLibmUlps)};
}

// (2/sqrt(pi)) exp(-t^2) over |t - va| <= ea, bounded above.
inline double erf_slope(Bounded a) {
  const double t = std::fmax(std::fabs(a.v) - a.e, 0);
  return 1.1284 * std::exp(-t * t * (1 - 4 * kU)) * (1 + 16 * kU) + kEta;
}

inline Bounded erfc(Bounded a) {
  const double y = std::erfc(a.v);
  return {y, (a.e != 0 ? erf_slope(a) * a.e : 0) + libm_error(y, kErfcUlps)};
}

// Whether the reference decides the float32 rounding, and the float it decides.
struct Verdict {
  bool decided = false;
  float value = 0;
};

// side > 0: the exact value is known to lie in (v, v + e] (strictly above v); side < 0: in
// [v - e, v). sign > 0 / < 0: the exact value is known to be positive / negative (clamps the
// interval at zero, so that a result that underflows keeps its sign).
inline Verdict decide(Bounded b, int side = 0, int sign = 0) {
  if (std::isnan(b.v) || std::isnan(b.e) || std::isinf(b.e)) return {};
  if (b.e == 0 && side == 0) return {true, static_cast<float>(b.v)};
  const double e = b.e * (1 + 0x1p-40) + kEta;
  // Outward by a double ulp or more: lo - |lo| 2^-52 - eta is at or below lo's rounding error.
  double lo = side > 0 ? std::nextafter(b.v, kInf) : b.v - e;
  double hi = side < 0 ? std::nextafter(b.v, -kInf) : b.v + e;
  if (side <= 0) lo = lo - relative(lo, 0x1p-52) - kEta;
  if (side >= 0) hi = hi + relative(hi, 0x1p-52) + kEta;
  if (sign > 0 && !(lo > 0)) lo = 0.0;
  if (sign < 0 && !(hi < 0)) hi = -0.0;
  const float flo = static_cast<float>(lo), fhi = static_cast<float>(hi);
  if (std::bit_cast<std::uint32_t>(flo) != std::bit_cast<std::uint32_t>(fhi)) return {};
  return {true, flo};
}

}  // namespace sweep
