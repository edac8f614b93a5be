// tanh, erf and rational ops: evaluated in Wide<T>, rounded once to T.
#include <array>
#include <cmath>
#include <limits>

#include "ops/elementwise.hpp"

namespace nnact::ops {
namespace {

template <class T>
struct Tanh {
  explicit Tanh(const double*) {}
  T operator()(T x) const { return static_cast<T>(std::tanh(Wide<T>(x))); }
};

// x - tanh(x) = x^3 * sum c_k x^2k (from the Bernoulli-number series of tanh). Near 0 the direct
// difference loses about log2(3 / x^2) bits; below |x| = 0.25 the series is used instead, and 14
// terms leave a truncation error under 1e-22 relative there.
constexpr long double kTanhshrinkSeries[] = {
    0.333333333333333333333333333333L,      -0.133333333333333333333333333333L,
    0.0539682539682539682539682539683L,     -0.0218694885361552028218694885362L,
    0.00886323552990219656886323552990L,    -0.00359212803657248101692546136991L,
    0.00145583438705131826824948518070L,    -0.000590027440945585981378075993700L,
    0.000239129114243552481485731458885L,   -0.0000969153795692945032559587500039L,
    0.0000392783238833168340533708080931L,  -0.0000159189050693289647407442798166L,
    0.00000645168921565543076319084231530L, -0.00000261477115129075455426359425641L,
};
constexpr long double kTanhshrinkSeriesBound = 0.25L;

template <class T>
struct Tanhshrink {
  explicit Tanhshrink(const double*) {}
  T operator()(T x) const {
    using W = Wide<T>;
    const W w = x;
    if (!(std::fabs(w) < W(kTanhshrinkSeriesBound))) return static_cast<T>(w - std::tanh(w));
    const W w2 = w * w;
    W sum = 0;
    for (int k = std::size(kTanhshrinkSeries) - 1; k >= 0; --k) {
      sum = sum * w2 + static_cast<W>(kTanhshrinkSeries[k]);
    }
    return static_cast<T>(w * w2 * sum);
  }
};

template <class T>
struct Softsign {
  explicit Softsign(const double*) {}
  T operator()(T x) const {
    const Wide<T> w = x;
    // inf / inf would be NaN (as in TF); the limit is +-1.
    return static_cast<T>(std::isinf(w) ? std::copysign(Wide<T>(1), w) : w / (std::fabs(w) + 1));
  }
};

template <class T>
struct Gelu {
  explicit Gelu(const double*) {}
  // erfc(-x / sqrt 2), not 1 + erf: the latter cancels for x < -3. The 1/sqrt(2) is part of the
  // mathematical definition, so it is not rounded to the dtype (OPS.md's check values agree).
  T operator()(T x) const {
    using W = Wide<T>;
    const W w = x;
    constexpr W kSqrtHalf = static_cast<W>(0.707106781186547524400844362104849039L);
    if (w == -std::numeric_limits<W>::infinity()) return T(-0.0);  // -inf * 0 otherwise
    return static_cast<T>(W(0.5) * w * std::erfc(-w * kSqrtHalf));
  }
};

template <class T>
struct GeluTanh {
  // The approximation's constants are rounded to the dtype, as TF's kernel does.
  static constexpr Wide<T> kC = static_cast<T>(0.797884560802865355879892119868763737L);
  static constexpr Wide<T> kCubic = static_cast<T>(0.044715L);
  explicit GeluTanh(const double*) {}
  // 0.5 * (1 + tanh(u)) = 1 / (1 + exp(-2u)): the same function without the cancellation.
  T operator()(T x) const {
    using W = Wide<T>;
    const W w = x;
    const W u = kC * (w + kCubic * w * w * w);
    const W y = w / (1 + std::exp(-2 * u));
    return static_cast<T>(std::isnan(y) && !std::isnan(w) ? W(-0.0) : y);  // x = -inf
  }
};

constexpr std::array kTanh{
    kernel_entry<Tanh>("tanh"),         kernel_entry<Tanhshrink>("tanhshrink"),
    kernel_entry<Softsign>("softsign"), kernel_entry<Gelu>("gelu"),
    kernel_entry<GeluTanh>("gelu_tanh"),
};

}  // namespace

std::span<const KernelEntry> tanh_kernels() { return kTanh; }

}  // namespace nnact::ops
