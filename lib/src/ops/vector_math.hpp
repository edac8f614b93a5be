// Vector paths for float32 ops through glibc's libmvec (x86-64). libmvec's double functions are
// within 4 ULP of double (kLibm in elementwise.hpp); each functor states its relative error
// bound as the scalar one does, and the same Ziv test (ziv.hpp) decides each lane's rounding to
// float, lanes it cannot decide going to MPFR. The autovectoriser would only use libmvec under
// -ffast-math, which would also break NaN and infinity handling, so it is called directly.
#pragma once

#include <bit>
#include <cmath>
#include <climits>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "nnact/ops.hpp"
#include "ops/ziv.hpp"

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

// Two results and their relative error bounds.
struct Approx2 {
  Vec2 y;
  Vec2 rel;
};

// y rounded to float, with the lanes whose rounding the bound leaves open recomputed by MPFR
// (x: the inputs; n: 1 or 2 lanes in use). NaN, infinities and zeros pass, as in
// round_if_decided.
inline Vec2 round_decided(const Approx2& a, Vec2 x, ExactOp op, const double* params,
                          std::size_t n = 2) {
  Vec2 r = round_to_float(a.y);
#ifdef NNACT_BENCH_NO_ZIV  // ziv.hpp round_if_decided
  return r;
#endif
  const Vec2 d = vabs(a.y) * (a.rel * 1.0625 + 0x1p-52);  // as round_if_decided
  const Mask2 open = (round_to_float(a.y - d) != r) | (round_to_float(a.y + d) != r);
  if ((open[0] | open[1]) == 0) return r;
  for (std::size_t k = 0; k < n; ++k) {
    if (open[k] != 0 && std::isfinite(a.y[k]) && a.y[k] != 0) {
      r[k] = correctly_rounded(op, x[k], params, DType::kFloat32);
    }
  }
  return r;
}

// ziv.hpp's fast test on a pair. Fn states how rel stays below kFloat32FastRel: a constant
// bound (kMaxUnits), a cheaper condition on x that implies it (fast_rel_ok), or neither (rel is
// compared).
template <class Fn>
PassMask fast_pass(const Fn& fn, const Approx2& a, Vec2 x) {
  if constexpr (kRelBounded<Fn>) {
    static_assert(Fn::kMaxUnits * 0x1p-53 <= kFloat32FastRel);
    return float32_fast_pass(a.y);
  } else if constexpr (requires { fn.fast_rel_ok(x); }) {
    return float32_fast_pass(a.y) & std::bit_cast<PassMask>(fn.fast_rel_ok(x));
  } else {
    return float32_fast_pass(a.y) & std::bit_cast<PassMask>(a.rel <= kFloat32FastRel);  // NaN fails
  }
}

// The pairs the fast test leaves open (rare): evaluated again and decided by round_decided.
template <class Fn>
[[gnu::noinline]] Vec2 settle_pair(const Fn& fn, Vec2 x, const double* params, std::size_t n) {
  return round_decided(fn(x), x, Fn::kExact, params, n);
}

// Applies Fn (a functor on Vec2 returning Approx2, evaluating a float32 op in double) to n
// values in place, two at a time, rounding each result once to float. The odd last value goes
// through in a padded pair.
template <class Fn>
void map_vector_float32(double* values, std::size_t n, const double* params) {
  const Fn fn(params);
  std::size_t i = 0;
  for (; i + 4 <= n; i += 4) {  // two pairs per test of the mask
    Vec2 x0, x1;
    std::memcpy(&x0, values + i, sizeof x0);
    std::memcpy(&x1, values + i + 2, sizeof x1);
    const Approx2 a0 = fn(x0), a1 = fn(x1);
    Vec2 y0 = round_to_float(a0.y), y1 = round_to_float(a1.y);
    if (!all_pass(fast_pass(fn, a0, x0) & fast_pass(fn, a1, x1))) [[unlikely]] {
      y0 = settle_pair(fn, x0, params, 2);
      y1 = settle_pair(fn, x1, params, 2);
    }
    std::memcpy(values + i, &y0, sizeof y0);
    std::memcpy(values + i + 2, &y1, sizeof y1);
  }
  for (; i + 2 <= n; i += 2) {
    Vec2 x;
    std::memcpy(&x, values + i, sizeof x);
    const Vec2 y = settle_pair(fn, x, params, 2);
    std::memcpy(values + i, &y, sizeof y);
  }
  if (i < n) values[i] = settle_pair(fn, Vec2{values[i], 0}, params, 1)[0];
}

#endif  // NNACT_HAVE_LIBMVEC

}  // namespace nnact::ops
