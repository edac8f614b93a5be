// Gradient kernels (--grad): f'(x) of each element-wise op. The smooth ones are correctly rounded
// by Ziv's strategy (ziv.hpp): a fast evaluation with a stated error bound, MPFR where the bound
// leaves the rounding open; the piecewise ones give exactly what the TF/PyTorch gradient kernel
// gives in the dtype.
#pragma once

#include <bit>
#include <cmath>
#include <cstdint>
#include <span>
#include <string_view>

#include "nnact/ops.hpp"
#include "numeric/dtype_round.hpp"
#include "ops/elementwise.hpp"
#include "ops/ziv.hpp"

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

// The smooth derivatives that have an MPFR evaluation (grad_exact.cpp).
enum class GradOp {
  kElu,
  kSelu,
  kCelu,
  kGelu,
  kGeluTanh,
  kSilu,
  kSigmoid,
  kHardSilu,
  kTanh,
  kSoftplus,
  kSoftsign,
  kMish,
  kLogSigmoid,
  kExponential,
  kTanhshrink,
};

// Built-in constants of the derivatives, rounded to the dtype where they are used (OPS.md rule 1).
inline constexpr double kSeluScale = 1.0507009873554804934;
inline constexpr double kSeluScaleAlpha = 1.7580993408473768599;
inline constexpr double kGeluTanhC = 0.797884560802865355879892119868763737;
inline constexpr double kGeluTanhK = 0.044715;

// f'(x), or dy * f'(x) when dy is not null, for the bound parameters p, correctly rounded to the
// dtype: MPFR at rising precision (Ziv's fallback; counts in fallback_count()). x is not NaN.
double correctly_rounded_grad(GradOp op, double x, const double* p, DType dtype, const double* dy);

// A smooth derivative functor Fn<W> (Fn(params, dtype); Approx<W> operator()(W x), the value and
// its relative error bound; static constexpr GradOp kExact) applied to n values of the dtype D in
// W: f'(x), or dy * f'(x) multiplied in W (one more rounding in the bound), rounded once by
// Ziv's test, through MPFR where the bound leaves the rounding open. NaN in x gives NaN. An
// exact result (a limit, a constant) has rel = 0; a y that underflowed to 0 has rel > 0.
template <DType D, class W, class Fn>
void map_smooth_grad_in(double* values, const double* upstream, std::size_t n, const double* params) {
  const Fn fn(params, D);
  for (std::size_t i = 0; i < n; ++i) {
    const double x = values[i];
    if (std::isnan(x)) continue;
    Approx<W> a = fn(W(x));
    if (upstream != nullptr) {
      // f'(x) of a finite x is a finite real number even where W overflows or underflows (an
      // inexact y = inf or 0, rel > 0): times a zero dy it is 0, times an infinite one infinite.
      const double dy = upstream[i];
      if ((dy == 0 && std::isfinite(x)) || (std::isinf(dy) && a.y == 0 && a.rel > 0)) {
        values[i] = std::signbit(a.y) != std::signbit(dy) ? -std::fabs(dy) : std::fabs(dy);
        continue;
      }
      a = {a.y * W(dy), a.rel + a.rel * kUnit<W> + kUnit<W>};
    }
    double rounded;
    if (!round_if_decided<D>(a, rounded)) {
      rounded = correctly_rounded_grad(Fn::kExact, x, params, D, upstream != nullptr ? upstream + i : nullptr);
    }
    values[i] = rounded;
  }
}

// The float64 derivative is evaluated in long double, the others in double (the 16-bit dtypes
// rounded straight from it, never through float).
template <template <class> class Fn>
void map_smooth_grad(double* values, const double* upstream, std::size_t n, const double* params,
                     DType dtype) {
  switch (dtype) {
    case DType::kFloat64:
      return map_smooth_grad_in<DType::kFloat64, long double, Fn<long double>>(values, upstream, n, params);
    case DType::kFloat32:
      return map_smooth_grad_in<DType::kFloat32, double, Fn<double>>(values, upstream, n, params);
    case DType::kFloat16:
      return map_smooth_grad_in<DType::kFloat16, double, Fn<double>>(values, upstream, n, params);
    case DType::kBFloat16:
      return map_smooth_grad_in<DType::kBFloat16, double, Fn<double>>(values, upstream, n, params);
  }
}

// A smooth derivative's fast path alone in long double, rounded to double (no Ziv test), with its
// bound: bench/verify_ops --grad's float32 reference (an evaluation other than the float32
// kernel's, which is in double).
using GradReference = void (*)(const double* x, std::size_t n, const double* params, double* y, double* rel);

template <template <class> class Fn>
void grad_reference(const double* x, std::size_t n, const double* params, double* y, double* rel) {
  const Fn<long double> fn(params, DType::kFloat32);
  for (std::size_t i = 0; i < n; ++i) {
    const Approx<long double> a = fn(x[i]);
    y[i] = static_cast<double>(a.y);
    rel[i] = static_cast<double>(a.rel);
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
  GradReference float32_reference = nullptr;  // smooth ops only
};

// The entry for `key`; nullptr when there is none.
const GradEntry* find_grad_entry(std::string_view key);

// The gradient kernel for `key`; nullptr when there is none (the axis ops).
Op::GradKernel find_grad_kernel(std::string_view key);

std::span<const GradEntry> piecewise_grad_kernels();
std::span<const GradEntry> smooth_grad_kernels();

}  // namespace nnact::ops
