// Gradient kernels (--grad): f'(x) of each element-wise op, evaluated in long double from a
// formula without cancellation where one exists and rounded once to the dtype; the piecewise
// ones give exactly what the TF/PyTorch gradient kernel gives in the dtype.
#pragma once

#include <bit>
#include <cmath>
#include <cstdint>
#include <span>
#include <string_view>

#include "nnact/ops.hpp"
#include "numeric/dtype_round.hpp"

namespace nnact::ops {

using WideReal = long double;

// w rounded once to the dtype. float16/bfloat16 go through a double rounded to odd, which has
// more than p + 2 bits, so the second rounding is the only one that counts.
inline double round_wide(WideReal w, DType dtype) {
  if (dtype == DType::kFloat64) return static_cast<double>(w);
  if (dtype == DType::kFloat32) return static_cast<float>(w);
  double d = static_cast<double>(w);
  if (!std::isfinite(d) || static_cast<WideReal>(d) == w) return numeric::round_to(d, dtype);
  if (std::fabs(static_cast<WideReal>(d)) > std::fabs(w)) d = std::nextafter(d, 0.0);
  d = std::bit_cast<double>(std::bit_cast<std::uint64_t>(d) | 1);
  return numeric::round_to(d, dtype);
}

// dy * g as the dtype's own multiplication gives it (a piecewise op's factor g is a value of
// the dtype: the product of two float32/16-bit values is exact in long double).
inline double dtype_product(double dy, double g, DType dtype) {
  if (dtype == DType::kFloat64) return dy * g;
  return round_wide(static_cast<WideReal>(dy) * g, dtype);
}

// Smooth derivative functor Fn (Fn(params, dtype), WideReal operator()(WideReal x)): f'(x) (or
// dy * f'(x), multiplied wide) rounded once. NaN in x gives NaN.
template <class Fn>
void map_smooth_grad(double* values, const double* upstream, std::size_t n, const double* params,
                     DType dtype) {
  const Fn fn(params, dtype);
  for (std::size_t i = 0; i < n; ++i) {
    const double x = values[i];
    WideReal d = std::isnan(x) ? WideReal(x) : fn(WideReal(x));
    if (upstream != nullptr) d *= upstream[i];
    values[i] = round_wide(d, dtype);
  }
}

// Piecewise derivative functor Fn (double operator()(double x): a value of the dtype).
template <class Fn>
void map_piecewise_grad(double* values, const double* upstream, std::size_t n,
                        const double* params, DType dtype) {
  const Fn fn(params, dtype);
  for (std::size_t i = 0; i < n; ++i) {
    const double x = values[i];
    const double g = std::isnan(x) ? x : fn(x);
    values[i] = upstream != nullptr ? dtype_product(upstream[i], g, dtype) : g;
  }
}

struct GradEntry {
  std::string_view key;  // as KernelEntry::key: the op's name or name_choice ("gelu_tanh")
  Op::GradKernel kernel;
};

// The gradient kernel for `key`; nullptr when there is none (the axis ops).
Op::GradKernel find_grad_kernel(std::string_view key);

std::span<const GradEntry> piecewise_grad_kernels();
std::span<const GradEntry> smooth_grad_kernels();

}  // namespace nnact::ops
