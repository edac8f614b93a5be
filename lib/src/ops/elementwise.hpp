// How an element-wise op becomes a kernel: a functor per op, instantiated per dtype, mapped over
// a contiguous block through one function pointer chosen at Op::make. The loop has no branch on
// the op and no virtual call, so the compiler can vectorise the functor's body.
#pragma once

#include <cstddef>
#include <span>
#include <string_view>
#include <type_traits>

#include "nnact/ops.hpp"

namespace nnact::ops {

// The type an op of storage type T is evaluated in when it is not piecewise linear: wide enough
// that one final rounding to T stays within 1 ULP (OPS.md rule 2).
template <class T>
using Wide = std::conditional_t<std::is_same_v<T, float>, double, long double>;

// Applies Fn (constructed once from the bound, dtype-rounded parameters) to n values in place.
// Values of a float32 op are exact floats, so the narrowing cast loses nothing.
template <class T, class Fn>
void map_values(double* values, std::size_t n, const double* params) {
  const Fn fn(params);
  for (std::size_t i = 0; i < n; ++i) {
    values[i] = static_cast<double>(fn(static_cast<T>(values[i])));
  }
}

// One element-wise op's kernels, looked up by key: the op's TF name, or name_choice for a
// non-default choice parameter ("gelu_tanh").
struct KernelEntry {
  std::string_view key;
  Op::Kernel float32;
  Op::Kernel float64;
};

template <template <class> class Fn>
constexpr KernelEntry kernel_entry(std::string_view key) {
  return {key, &map_values<float, Fn<float>>, &map_values<double, Fn<double>>};
}

// The kernel families; each lists its ops.
std::span<const KernelEntry> linear_kernels();
std::span<const KernelEntry> exp_kernels();
std::span<const KernelEntry> tanh_kernels();

}  // namespace nnact::ops
