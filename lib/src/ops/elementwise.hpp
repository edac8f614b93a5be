// How an element-wise op becomes a kernel: a functor per op, instantiated per dtype, mapped over
// a contiguous block through one function pointer chosen at Op::make. The loop has no branch on
// the op and no virtual call, so the compiler can vectorise the functor's body.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string_view>
#include <type_traits>

#include "nnact/ops.hpp"
#include "ops/half.hpp"
#include "ops/ziv.hpp"

namespace nnact::ops {

// The type an op of storage type T is evaluated in when it is not piecewise linear: the fast
// path of Ziv's strategy (ziv.hpp).
template <class T>
using Wide = std::conditional_t<std::is_same_v<T, float>, double, long double>;

// The unit roundoff of W (half an ULP of 1): the unit the smooth ops' error bounds are stated in.
template <class W>
inline constexpr W kUnit = std::numeric_limits<W>::epsilon() / 2;

// glibc's libm and libmvec on x86-64: its libm-test-ulps lists at most 3 ULP for exp, expm1,
// log1p and tanh (double and long double), and the vector ABI functions are documented within
// 4 ULP; erfc is listed at up to 5 ULP. Taken as 4 ULP and 8 ULP, in units of kUnit.
inline constexpr double kLibm = 8;
inline constexpr double kLibmErfc = 16;

// Whether the product of two T is exact in Wide<T> (24 + 24 bits fit double's 53; 53 + 53 do
// not fit long double's 64).
template <class T>
inline constexpr bool kExactProducts = std::is_same_v<T, float>;

// Applies Fn (constructed once from the bound, dtype-rounded parameters) to n values in place.
// Values of a float32 op are exact floats, so the narrowing cast loses nothing.
template <class T, class Fn>
void map_values(double* values, std::size_t n, const double* params) {
  const Fn fn(params);
  for (std::size_t i = 0; i < n; ++i) {
    values[i] = static_cast<double>(fn(static_cast<T>(values[i])));
  }
}

// One value of a smooth op: rounded to the dtype D where the bound decides the rounding, else
// (float64) through the double-double stage, else through MPFR.
template <DType D, class Fn, class W>
double settle(const Approx<W>& a, double x, const double* params) {
  double rounded;
  if (round_if_decided<D>(a, rounded)) return rounded;
  if constexpr (D == DType::kFloat64) {
    if (double_double_rounded(Fn::kExact, x, params, rounded)) return rounded;
  }
  return correctly_rounded(Fn::kExact, x, params, D);
}

// Applies a smooth op's Fn (its operator() returns an Approx<Wide<T>>) to n values in place,
// each through settle. float32 goes two at a time through ziv.hpp's cheaper form of the test
// first (the same decisions): settle only where it fails.
template <DType D, class T, class Fn>
void map_smooth(double* values, std::size_t n, const double* params) {
  const Fn fn(params);
  std::size_t i = 0;
  if constexpr (D == DType::kFloat32) {
    for (; i + 2 <= n; i += 2) {
      // Little kept across the second evaluation's libm call (each kept value is a spill); the
      // rare undecided pair is evaluated again.
      const double x0 = values[i];
      const auto a0 = fn(static_cast<T>(x0));
      const bool rel0 = float32_fast_rel<Fn>(a0);
      const auto a1 = fn(static_cast<T>(values[i + 1]));
      if (rel0 && float32_fast_rel<Fn>(a1) && all_pass(float32_fast_pass(Float32Pair{a0.y, a1.y}))) {
        values[i] = round_wide<D>(a0.y);
        values[i + 1] = round_wide<D>(a1.y);
      } else {
        values[i] = settle<D, Fn>(fn(static_cast<T>(x0)), x0, params);
        values[i + 1] = settle<D, Fn>(a1, values[i + 1], params);
      }
    }
  }
  for (; i < n; ++i) values[i] = settle<D, Fn>(fn(static_cast<T>(values[i])), values[i], params);
}

// The fast path alone, in long double, rounded to double (no Ziv check): bench/verify_ops's
// float32 reference, whose error is far below a float ULP.
template <class Fn>
void map_wide(double* values, std::size_t n, const double* params) {
  const Fn fn(params);
  for (std::size_t i = 0; i < n; ++i) values[i] = static_cast<double>(fn(values[i]).y);
}

// A smooth op's fast path alone, for measuring it (bench/ziv_rates): for each x, the wide result
// as hi + lo (two doubles; exact for long double's 64 bits) and its stated relative bound.
using FastProbe = void (*)(const double* x, std::size_t n, const double* params, double* hi,
                           double* lo, double* rel);

template <class T, class Fn>
void probe_fast(const double* x, std::size_t n, const double* params, double* hi, double* lo,
                double* rel) {
  const Fn fn(params);
  for (std::size_t i = 0; i < n; ++i) {
    const auto a = fn(static_cast<T>(x[i]));
    hi[i] = static_cast<double>(a.y);
    lo[i] = std::isfinite(hi[i]) ? static_cast<double>(a.y - hi[i]) : 0;
    rel[i] = static_cast<double>(a.rel);
  }
}

// The same on float32 values held as floats: no widening or narrowing around the op. A NaN
// result gets the quiet bit that widening a signalling NaN to double sets, so the bits are
// map_values<float>'s on the widened values.
template <class Fn>
void map_floats(float* values, std::size_t n, const double* params) {
  const Fn fn(params);
  for (std::size_t i = 0; i < n; ++i) {
    const float y = fn(values[i]);
    const std::uint32_t quiet = y != y ? 0x00400000u : 0u;
    values[i] = std::bit_cast<float>(std::bit_cast<std::uint32_t>(y) | quiet);
  }
}

// One element-wise op's kernels, looked up by key: the op's TF name, or name_choice for a
// non-default choice parameter ("gelu_tanh").
struct KernelEntry {
  std::string_view key;
  Op::Kernel float32;
  Op::Kernel float64;
  Op::Kernel float16;
  Op::Kernel bfloat16;
  // The float32 op's exact function evaluated like float64's fast path (in long double, result
  // rounded to double, no Ziv check): the reference for bench/verify_ops. It differs from float64
  // for ops whose built-in constants are rounded to the dtype (functors Fn<T, C>).
  Op::Kernel float32_reference;
  FastProbe float32_probe = nullptr;  // smooth ops only
  FastProbe float64_probe = nullptr;
  // Smooth ops only: the MPFR key, and float64's fast path rounded without Ziv's check (the
  // kernel before Ziv's strategy: bench/ziv_rates's baseline).
  ExactOp exact = ExactOp::kElu;
  Op::Kernel float64_unchecked = nullptr;
  // Piecewise-linear ops: the float32 kernel on floats in their own storage (Op::apply_floats),
  // the same operation sequence as `float32`, so the same bits.
  Op::Float32Kernel float32_native = nullptr;
};

// A piecewise-linear op: its operation sequence in the dtype itself (Half: each step rounded).
template <template <class> class Fn>
constexpr KernelEntry kernel_entry(std::string_view key) {
  return {key,
          &map_values<float, Fn<float>>,
          &map_values<double, Fn<double>>,
          &map_values<Half<DType::kFloat16>, Fn<Half<DType::kFloat16>>>,
          &map_values<Half<DType::kBFloat16>, Fn<Half<DType::kBFloat16>>>,
          &map_values<double, Fn<double>>,
          nullptr,
          nullptr,
          ExactOp::kElu,
          nullptr,
          &map_floats<Fn<float>>};
}

// A smooth op. The 16-bit dtypes use the float functor (their values are floats; it evaluates
// in double), rounded straight to the dtype: never through float, which would round twice.
template <template <class> class Fn>
constexpr KernelEntry smooth_entry(std::string_view key) {
  return {key,
          &map_smooth<DType::kFloat32, float, Fn<float>>,
          &map_smooth<DType::kFloat64, double, Fn<double>>,
          &map_smooth<DType::kFloat16, float, Fn<float>>,
          &map_smooth<DType::kBFloat16, float, Fn<float>>,
          &map_wide<Fn<double>>,
          &probe_fast<float, Fn<float>>,
          &probe_fast<double, Fn<double>>,
          Fn<double>::kExact,
          &map_wide<Fn<double>>};
}

// The same for ops whose built-in constants are rounded to the dtype: Fn<T, C>, C the dtype.
template <template <class, class> class Fn>
constexpr KernelEntry smooth_entry_with_constants(std::string_view key) {
  return {key,
          &map_smooth<DType::kFloat32, float, Fn<float, float>>,
          &map_smooth<DType::kFloat64, double, Fn<double, double>>,
          &map_smooth<DType::kFloat16, float, Fn<float, Half<DType::kFloat16>>>,
          &map_smooth<DType::kBFloat16, float, Fn<float, Half<DType::kBFloat16>>>,
          &map_wide<Fn<double, float>>,
          &probe_fast<float, Fn<float, float>>,
          &probe_fast<double, Fn<double, double>>,
          Fn<double, double>::kExact,
          &map_wide<Fn<double, double>>};
}

// A built-in constant rounded to the dtype C.
template <class C>
double dtype_constant(long double value) {
  if constexpr (std::is_arithmetic_v<C>) {
    return static_cast<double>(static_cast<C>(value));
  } else {
    // Through double: selu's and gelu's constants are not 16-bit midpoints as doubles, so this is
    // the single rounding (exact_ops.cpp rounds them from their decimal text in MPFR: the same).
    return static_cast<double>(C(static_cast<double>(value)));
  }
}

// The entry for `key` in any family; nullptr when there is none.
const KernelEntry* find_kernel_entry(std::string_view key);

// The kernel families; each lists its ops.
std::span<const KernelEntry> linear_kernels();
std::span<const KernelEntry> exp_kernels();
std::span<const KernelEntry> tanh_kernels();
std::span<const KernelEntry> gelu_kernels();

}  // namespace nnact::ops
