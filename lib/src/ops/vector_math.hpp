// Vector paths for float32 ops through glibc's libmvec (x86-64). libmvec's double functions are
// within a few ULP of double (about 2^-50 relative), far below the 2^-25 a float32 result may
// lose before it is more than half a float ULP off, so one final rounding to float keeps the
// 1-ULP bar (bench/verify_ops checks all 2^32 inputs). The autovectoriser would only use libmvec
// under -ffast-math, which would also break NaN and infinity handling, so it is called directly.
#pragma once

#include <bit>
#include <climits>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "nnact/ops.hpp"

namespace nnact::ops {

// The float32 kernel for `key` that runs through libmvec, or nullptr (no vector path, or not
// x86-64 glibc).
Op::Kernel vector_float32_kernel(std::string_view key);

#if defined(__x86_64__) && defined(__GLIBC__)
#define NNACT_HAVE_LIBMVEC 1

// float32 gelu through libmvec's erfc, 4 lanes with AVX2 (chosen at run time), else 2: a Kernel.
void vector_gelu_kernel(double* values, std::size_t n, const double* params);

// The same through the 2-lane entry point only, whatever the CPU: for the tests.
void vector_gelu_kernel_sse2(double* values, std::size_t n);

// Two doubles, with GCC's element-wise operators and `mask ? a : b` selects.
using Vec2 = double __attribute__((vector_size(16)));
using Mask2 = std::int64_t __attribute__((vector_size(16)));

// libmvec's 2-lane functions (glibc picks the SSE4/AVX2 build at load time).
Vec2 vexp(Vec2 x);
Vec2 vexpm1(Vec2 x);
Vec2 vlog1p(Vec2 x);
Vec2 vtanh(Vec2 x);

inline Vec2 splat(double x) { return Vec2{x, x}; }

inline Vec2 vabs(Vec2 x) {
  constexpr Mask2 kMagnitude = {INT64_MAX, INT64_MAX};
  return std::bit_cast<Vec2>(std::bit_cast<Mask2>(x) & kMagnitude);
}

// +0.0 or -0.0, with the sign of x.
inline Vec2 signed_zero(Vec2 x) {
  constexpr Mask2 kSign = {INT64_MIN, INT64_MIN};
  return std::bit_cast<Vec2>(std::bit_cast<Mask2>(x) & kSign);
}

inline Vec2 round_to_float(Vec2 y) {
  using Float2 = float __attribute__((vector_size(8)));
  return __builtin_convertvector(__builtin_convertvector(y, Float2), Vec2);
}

// Applies Fn (a functor on Vec2, evaluating a float32 op in double) to n values in place, two at
// a time, rounding each result once to float. The odd last value goes through in a padded pair.
template <class Fn>
void map_vector_float32(double* values, std::size_t n, const double* params) {
  const Fn fn(params);
  std::size_t i = 0;
  for (; i + 2 <= n; i += 2) {
    Vec2 x;
    std::memcpy(&x, values + i, sizeof x);
    const Vec2 y = round_to_float(fn(x));
    std::memcpy(values + i, &y, sizeof y);
  }
  if (i < n) values[i] = round_to_float(fn(Vec2{values[i], 0}))[0];
}

#endif  // NNACT_HAVE_LIBMVEC

}  // namespace nnact::ops
