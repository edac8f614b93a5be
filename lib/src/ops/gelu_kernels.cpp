// gelu, exact (erfc) and tanh forms: evaluated in W = Wide<T> with a relative error bound in
// units of kUnit<W> (see exp_kernels.cpp), rounded once to T by Ziv's test. (float32 has vector
// paths too: vector_kernels.cpp.)
#include <array>
#include <cmath>
#include <limits>

#include "ops/elementwise.hpp"

namespace nnact::ops {
namespace {

// erfc(t) for t = -x / sqrt(2). erfc's relative condition number is about 2t^2, so for float64
// (t up to 27) the rounding of t in long double alone would cost up to 0.4 ULP; its rounding
// error d is added back with the first-order term erfc(t + d) = erfc(t) - d * 2/sqrt(pi) e^-t^2.
// The rounding error of the long double product a * b (rounded: p), exactly: Dekker's
// TwoProduct with Veltkamp's split for a 64-bit significand. The same value as
// std::fma(a, b, -p), which glibc computes in software with four floating-point environment
// switches, about 20 times slower.
long double product_error(long double a, long double b, long double p) {
  constexpr long double kSplit = 4294967297.0L;  // 2^32 + 1
  const long double sa = a * kSplit, a_high = sa - (sa - a), a_low = a - a_high;
  const long double sb = b * kSplit, b_high = sb - (sb - b), b_low = b - b_high;
  return ((a_high * b_high - p) + a_high * b_low + a_low * b_high) + a_low * b_low;
}

template <class W>
W erfc_of_scaled(W x) {
  constexpr long double kSqrtHalf = 0.707106781186547524400844362104849039L;
  if constexpr (std::is_same_v<W, double>) {
    return std::erfc(-x * W(kSqrtHalf));  // conditioning costs < 1e-13 relative: ample for float
  } else {
    constexpr long double kSqrtHalfLow = 1.8950325588932570797e-20L;  // sqrt(1/2) - kSqrtHalf
    constexpr long double kTwoOverSqrtPi = 1.128379167095512573896158903121545172L;
    const W t = -x * kSqrtHalf;
    if (!std::isfinite(t)) return std::erfc(t);
    const W d = product_error(-x, kSqrtHalf, t) - x * kSqrtHalfLow;
    return std::erfc(t) - d * kTwoOverSqrtPi * std::exp(-t * t);
  }
}

// gelu's relative error bound in units of kUnit<W>, for erfc_of_scaled(x): in double, t = -x
// sqrt(1/2) errs by 2 u and erfc's condition number amplifies that: about 2 t^2 = x^2 for x < 0
// (t > 0); for x >= 0 (t <= 0, erfc(t) >= 1) it is |t| (2/sqrt(pi)) e^(-t^2) / erfc(t) <= 0.49,
// so 2 more units cover it (x^2 there sent every x >= 2^13 to MPFR in float32); plus erfc's own
// kLibmErfc and the product (1); in long double t's rounding is added back to first order (the
// second-order rest, about t^4 u^2, is far below u), leaving kLibmErfc, the correction and the
// product (3).
template <class W>
W gelu_units(W x) {
  if constexpr (std::is_same_v<W, double>) {
    const W negative = std::fmin(x, W(0));
    return kLibmErfc + 4 + 2 * negative * negative;
  } else {
    return kLibmErfc + 4;
  }
}

template <class T>
struct Gelu {
  static constexpr ExactOp kExact = ExactOp::kGelu;
  explicit Gelu(const double*) {}
  // erfc(-x / sqrt 2), not 1 + erf: the latter cancels for x < -3. The 1/sqrt(2) is part of the
  // mathematical definition, so it is not rounded to the dtype (OPS.md's check values agree).
  Approx<Wide<T>> operator()(T x) const {
    using W = Wide<T>;
    const W w = x;
    if (w == -std::numeric_limits<W>::infinity()) return {W(-0.0), 0};  // -inf * 0 otherwise
    return {W(0.5) * w * erfc_of_scaled(w), gelu_units(w) * kUnit<W>};
  }
};

template <class T, class C>
struct GeluTanh {
  static constexpr ExactOp kExact = ExactOp::kGeluTanh;
  // The approximation's constants are rounded to the dtype (C), as TF's kernel does.
  const Wide<T> c = dtype_constant<C>(0.797884560802865355879892119868763737L);
  const Wide<T> cubic = dtype_constant<C>(0.044715L);
  explicit GeluTanh(const double*) {}
  // 0.5 * (1 + tanh(u)) = 1 / (1 + exp(-2u)): the same function without the cancellation.
  // u errs by 5 u (four roundings, no cancellation: x and k x^3 share their sign), which exp's
  // condition number 2|u| amplifies; exp itself kLibm; e's error reaches the quotient damped by
  // e / (1 + e) <= min(e, 1); the sum and quotient 3.
  Approx<Wide<T>> operator()(T x) const {
    using W = Wide<T>;
    const W w = x;
    const W u = c * (w + cubic * w * w * w);
    const W e = std::exp(-2 * u);
    const W y = w / (1 + e);
    if (std::isnan(y) && !std::isnan(w)) return {W(-0.0), 0};  // x = -inf
    return {y, (3 + (kLibm + 1 + 12 * std::fabs(u)) * std::fmin(e, W(1))) * kUnit<W>};
  }
};

constexpr std::array kGelu{
    smooth_entry<Gelu>("gelu"),
    smooth_entry_with_constants<GeluTanh>("gelu_tanh"),
};

}  // namespace

std::span<const KernelEntry> gelu_kernels() { return kGelu; }

}  // namespace nnact::ops
