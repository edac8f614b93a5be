// Derivatives of the piecewise ops: the mask (and factor) of the TF/PyTorch gradient kernel,
// comparisons made on the values as the dtype holds them, so results are bit-for-bit theirs.
#include <array>

#include "ops/grad_kernels.hpp"

namespace nnact::ops {
namespace {

struct ReluGrad {  // TF ReluGrad: gradients * (features > 0); relu'(0) = 0
  ReluGrad(const double*, DType) {}
  double operator()(double x) const { return x > 0 ? 1 : 0; }
};

struct Relu6Grad {  // TF Relu6Grad: (features > 0) & (features < 6)
  Relu6Grad(const double*, DType) {}
  double operator()(double x) const { return x > 0 && x < 6 ? 1 : 0; }
};

struct LeakyReluGrad {  // TF LeakyReluGrad: features > 0 ? gradients : gradients * alpha
  double alpha;
  LeakyReluGrad(const double* p, DType) : alpha(p[0]) {}
  double operator()(double x) const { return x > 0 ? 1 : alpha; }
};

// relu6(x + 3) with x + 3 rounded to the dtype, as TF's autodiff computes it.
struct ShiftedRelu6 {
  DType dtype;
  double shifted(double x) const { return round_wide(WideReal(x) + 3, dtype); }
};

struct HardSigmoidGrad : ShiftedRelu6 {  // d/dx relu6(x + 3) / 6: Relu6Grad(1/6, x + 3)
  double sixth;
  HardSigmoidGrad(const double*, DType d) : ShiftedRelu6{d}, sixth(round_wide(WideReal(1) / 6, d)) {}
  double operator()(double x) const {
    const double a = shifted(x);
    return a > 0 && a < 6 ? sixth : 0;
  }
};

struct LinearGrad {
  LinearGrad(const double*, DType) {}
  double operator()(double) const { return 1; }
};

struct HardtanhGrad {  // PyTorch hardtanh_backward: 0 where x <= min or x >= max
  double lo, hi;
  HardtanhGrad(const double* p, DType) : lo(p[0]), hi(p[1]) {}
  double operator()(double x) const { return x > lo && x < hi ? 1 : 0; }
};

struct ShrinkGrad {  // PyTorch hardshrink_backward / softshrink_backward: 0 on [-lambd, lambd]
  double lambd;
  ShrinkGrad(const double* p, DType) : lambd(p[0]) {}
  double operator()(double x) const { return x >= -lambd && x <= lambd ? 0 : 1; }
};

struct ThresholdGrad {  // PyTorch threshold_backward: 0 where x <= threshold
  double threshold;
  ThresholdGrad(const double* p, DType) : threshold(p[0]) {}
  double operator()(double x) const { return x <= threshold ? 0 : 1; }
};

template <class Fn>
constexpr GradEntry piecewise(std::string_view key) {
  return {key, &map_piecewise_grad<Fn>};
}

constexpr std::array kPiecewise{
    piecewise<ReluGrad>("relu"),           piecewise<Relu6Grad>("relu6"),
    piecewise<LeakyReluGrad>("leaky_relu"), piecewise<HardSigmoidGrad>("hard_sigmoid"),
    piecewise<LinearGrad>("linear"),       piecewise<HardtanhGrad>("hardtanh"),
    piecewise<ShrinkGrad>("hardshrink"),   piecewise<ShrinkGrad>("softshrink"),
    piecewise<ThresholdGrad>("threshold"),
};

}  // namespace

std::span<const GradEntry> piecewise_grad_kernels() { return kPiecewise; }

const GradEntry* find_grad_entry(std::string_view key) {
  for (const auto& family : {piecewise_grad_kernels(), smooth_grad_kernels()}) {
    for (const GradEntry& entry : family) {
      if (entry.key == key) return &entry;
    }
  }
  return nullptr;
}

Op::GradKernel find_grad_kernel(std::string_view key) {
  const GradEntry* entry = find_grad_entry(key);
  return entry != nullptr ? entry->kernel : nullptr;
}

}  // namespace nnact::ops
