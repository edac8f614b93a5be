// Piecewise-linear ops: literally the IEEE operation sequence of the TF/PyTorch kernel in the
// dtype itself (no wider type), so results are bit-for-bit theirs. Comparisons are written so
// that NaN falls through to an arithmetic branch and propagates.
#include <array>
#include <limits>

#include "ops/elementwise.hpp"

namespace nnact::ops {
namespace {

template <class T>
T clamp_propagating_nan(T x, T lo, T hi) {
  return x < lo ? lo : (x > hi ? hi : x);  // NaN fails both tests and is returned; -0.0 stays
}

template <class T>
struct Relu {
  explicit Relu(const double*) {}
  T operator()(T x) const { return x < T(0) ? T(0) : x; }
};

template <class T>
struct Relu6 {
  explicit Relu6(const double*) {}
  T operator()(T x) const { return clamp_propagating_nan(x, T(0), T(6)); }
};

template <class T>
struct LeakyRelu {
  T alpha;
  explicit LeakyRelu(const double* p) : alpha(static_cast<T>(p[0])) {}
  T operator()(T x) const { return x > T(0) ? x : x * alpha; }
};

template <class T>
struct HardSigmoid {
  explicit HardSigmoid(const double*) {}
  T operator()(T x) const { return clamp_propagating_nan(x + T(3), T(0), T(6)) / T(6); }
};

template <class T>
struct HardSilu {
  explicit HardSilu(const double*) {}
  T operator()(T x) const {
    // TF/Keras 3's order, x * hard_sigmoid(x): PyTorch's (x * relu6(x + 3)) / 6 overflows.
    const T y = x * (clamp_propagating_nan(x + T(3), T(0), T(6)) / T(6));
    // -inf * 0 is NaN in TF and PyTorch; the limit is -0 (OPS.md rule 4).
    return x == -std::numeric_limits<T>::infinity() ? T(-0.0) : y;
  }
};

template <class T>
struct Linear {
  explicit Linear(const double*) {}
  T operator()(T x) const { return x; }
};

template <class T>
struct Hardtanh {
  T lo, hi;
  explicit Hardtanh(const double* p) : lo(static_cast<T>(p[0])), hi(static_cast<T>(p[1])) {}
  T operator()(T x) const { return clamp_propagating_nan(x, lo, hi); }
};

template <class T>
struct Hardshrink {
  T lambd;
  explicit Hardshrink(const double* p) : lambd(static_cast<T>(p[0])) {}
  // PyTorch's test: the band is closed, and NaN is outside it.
  T operator()(T x) const { return (x >= -lambd && x <= lambd) ? T(0) : x; }
};

template <class T>
struct Softshrink {
  T lambd;
  explicit Softshrink(const double* p) : lambd(static_cast<T>(p[0])) {}
  // The band gives +0 (-0.3 and -0.0 too), as PyTorch's vectorised kernel and TF Addons' select
  // of a constant 0 do; NaN is in no branch and propagates.
  T operator()(T x) const { return x > lambd ? x - lambd : (x < -lambd ? x + lambd : (x == x ? T(0) : x)); }
};

template <class T>
struct Threshold {
  T threshold, value;
  explicit Threshold(const double* p)
      : threshold(static_cast<T>(p[0])), value(static_cast<T>(p[1])) {}
  T operator()(T x) const { return x <= threshold ? value : x; }  // PyTorch's test: NaN stays
};

constexpr std::array kLinear{
    kernel_entry<Relu>("relu"),
    kernel_entry<Relu6>("relu6"),
    kernel_entry<LeakyRelu>("leaky_relu"),
    kernel_entry<HardSigmoid>("hard_sigmoid"),
    kernel_entry<HardSilu>("hard_silu"),
    kernel_entry<Linear>("linear"),
    kernel_entry<Hardtanh>("hardtanh"),
    kernel_entry<Hardshrink>("hardshrink"),
    kernel_entry<Softshrink>("softshrink"),
    kernel_entry<Threshold>("threshold"),
};

}  // namespace

std::span<const KernelEntry> linear_kernels() { return kLinear; }

}  // namespace nnact::ops
