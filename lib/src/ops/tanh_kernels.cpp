// tanh-based and rational ops: evaluated in W = Wide<T> with a relative error bound in units of
// kUnit<W> (see exp_kernels.cpp for the accounting), rounded once to T by Ziv's test.
#include <array>
#include <cmath>
#include <limits>

#include "ops/elementwise.hpp"

namespace nnact::ops {
namespace {

template <class T>
struct Tanh {
  static constexpr ExactOp kExact = ExactOp::kTanh;
  explicit Tanh(const double*) {}
  Approx<Wide<T>> operator()(T x) const {
    using W = Wide<T>;
    return {std::tanh(W(x)), kLibm * kUnit<W>};
  }
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
  static constexpr ExactOp kExact = ExactOp::kTanhshrink;
  // rel's largest value (for float32's fast test, ziv.hpp): |t / y| = tanh|w| / (|w| - tanh|w|)
  // falls as |w| grows, 48.2 at 0.25 (t within kLibm u, w - t exact: w and t within a factor
  // 2), so kLibm * 48.3 + 2 < 400; the series 8.
  static constexpr double kMaxUnits = 400;
  explicit Tanhshrink(const double*) {}
  Approx<Wide<T>> operator()(T x) const {
    using W = Wide<T>;
    const W w = x;
    if (!(std::fabs(w) < W(kTanhshrinkSeriesBound))) {
      // tanh's error (kLibm relative to t) is amplified by |t| / |w - t| (at most 49 at
      // |w| = 0.25), and the difference rounds once.
      const W t = std::tanh(w);
      const W y = w - t;
      return {y, (kLibm * std::fabs(t / y) + 2) * kUnit<W>};
    }
    // Horner with terms shrinking by at least 40x (w^2 < 1/16): each step's rounding and the
    // coefficients' (1 u each) stay within 3 u of the sum; w^2, w * w2 and the last product add
    // 3; the truncation (1e-22 relative) is below 0.01 u of long double.
    const W w2 = w * w;
    W sum = 0;
    for (int k = std::size(kTanhshrinkSeries) - 1; k >= 0; --k) {
      sum = sum * w2 + static_cast<W>(kTanhshrinkSeries[k]);
    }
    return {w * w2 * sum, 8 * kUnit<W>};
  }
};

template <class T>
struct Softsign {
  static constexpr ExactOp kExact = ExactOp::kSoftsign;
  explicit Softsign(const double*) {}
  // The sum and the quotient round once each (2 u, and 1 more for the product of the errors).
  Approx<Wide<T>> operator()(T x) const {
    using W = Wide<T>;
    const W w = x;
    // inf / inf would be NaN (as in TF); the limit is +-1.
    if (std::isinf(w)) return {std::copysign(W(1), w), 0};
    return {w / (std::fabs(w) + 1), 3 * kUnit<W>};
  }
};

constexpr std::array kTanh{
    smooth_entry<Tanh>("tanh"),
    smooth_entry<Tanhshrink>("tanhshrink"),
    smooth_entry<Softsign>("softsign"),
};

}  // namespace

std::span<const KernelEntry> tanh_kernels() { return kTanh; }

}  // namespace nnact::ops
