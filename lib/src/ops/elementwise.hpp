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
  // The float32 op's exact function evaluated like float64 (in long double, result in double):
  // the reference for bench/verify_ops. It differs from float64 only for ops whose built-in
  // constants are rounded to the dtype (their functors take the constants' type as Fn<T, C>).
  Op::Kernel float32_reference;
};

template <template <class> class Fn>
constexpr KernelEntry kernel_entry(std::string_view key) {
  return {key, &map_values<float, Fn<float>>, &map_values<double, Fn<double>>,
          &map_values<double, Fn<double>>};
}

template <template <class, class> class Fn>
constexpr KernelEntry kernel_entry_with_constants(std::string_view key) {
  return {key, &map_values<float, Fn<float, float>>, &map_values<double, Fn<double, double>>,
          &map_values<double, Fn<double, float>>};
}

// The entry for `key` in any family; nullptr when there is none.
const KernelEntry* find_kernel_entry(std::string_view key);

// The kernel families; each lists its ops.
std::span<const KernelEntry> linear_kernels();
std::span<const KernelEntry> exp_kernels();
std::span<const KernelEntry> tanh_kernels();
std::span<const KernelEntry> gelu_kernels();

}  // namespace nnact::ops
