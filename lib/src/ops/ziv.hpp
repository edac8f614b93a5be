// Correct rounding by Ziv's strategy. A smooth op is first evaluated in a wider type W (double
// for the 16-bit types and float32, long double for float64) together with a bound on its
// relative error, derived per op in its functor. If every value within that bound of the wide
// result rounds to the same value of the dtype, that value is the exact function's rounding.
// Otherwise (rare: the exact value lies too close to a rounding boundary) float64 tries a second
// stage in double-double arithmetic (about 2^-98 relative; dd_ops.cpp), and what is still
// undecided is evaluated in MPFR at increasing precision until the rounding is decided
// (exact_ops.cpp).
#pragma once

#include <bit>
#include <cmath>
#include <limits>
#include <cstdint>
#include <type_traits>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "nnact/tensor.hpp"
#include "numeric/dtype_round.hpp"

namespace nnact::ops {

// The smooth ops that have an MPFR evaluation (the kernel keys of exact_ops.cpp).
enum class ExactOp {
  kElu,
  kSelu,
  kCelu,
  kGelu,
  kGeluTanh,
  kSilu,
  kSigmoid,
  kSoftplus,
  kLogSigmoid,
  kExponential,
  kMish,
  kTanh,
  kTanhshrink,
  kSoftsign,
};

// op(x) for the bound parameters p (already rounded to the dtype), correctly rounded to the
// dtype: MPFR at increasing precision. Thread-safe (no global MPFR state is touched). Counts
// itself in fallback_count() (except where tiny_input_rounded decides).
double correctly_rounded(ExactOp op, double x, const double* p, DType dtype);

// silu, gelu and gelu_tanh at float32 and bfloat16 inputs below 2^-125 (x/2 a midpoint for
// half of them, which the fast path cannot decide): true and the correctly rounded result in
// out, exactly and without MPFR (tiny_inputs.cpp); false for other ops, dtypes and inputs.
// correctly_rounded tries it first, uncounted.
bool tiny_input_rounded(ExactOp op, double x, const double* p, DType dtype, double& out);

// How many times correctly_rounded ran in this thread (for the tests and the fallback-rate bench).
unsigned long long& fallback_count();

// float64's second stage: op(x) in double-double with a proven bound (dd_ops.cpp); true and the
// correctly rounded double in out when the bound decides the rounding. Counts itself in
// second_stage_count(). Thread-safe (no state beyond the counter).
bool double_double_rounded(ExactOp op, double x, const double* p, double& out);
unsigned long long& second_stage_count();

// The second stage's value hi + lo and its stated relative bound, for measuring it
// (bench/ziv_rates); false where the stage does not apply (op, range).
bool double_double_probe(ExactOp op, double x, const double* p, double& hi, double& lo,
                         double& rel);

// A fast result in the wide type and a bound on its relative error: |y - f(x)| <= rel * |y|.
template <class W>
struct Approx {
  W y;
  W rel;
};

// The dtype's value of a wide result (one rounding).
template <DType D, class W>
double round_wide(W y) {
  if constexpr (D == DType::kFloat64) {
    return static_cast<double>(y);
  } else if constexpr (D == DType::kFloat32) {
    return static_cast<double>(static_cast<float>(y));
  } else {
    static_assert(std::is_same_v<W, double>, "16-bit dtypes are evaluated in double");
    return numeric::round_to(y, D);
  }
}

// The rounding of a.y to the dtype if every value within a.rel * |a.y| of it rounds the same
// way; else false. NaN, infinities and zeros pass: the fast path gives them only as exact
// results, or for values that underflow the wide type, far below the dtype's half-subnormal.
// NNACT_BENCH_NO_ZIV (a benchmark build only, bench/ziv_overhead.sh): every result is taken as
// decided, i.e. the fast evaluation rounded with no check, the kernels before Ziv's strategy.
//
// float64 (the hot path there) tests the special values only where the rounding test fails:
// y = 0 passes it (d = 0) or falls through to pass, and for infinite or NaN y it fails (y -+ d
// is NaN) and they pass as before. The same decisions, with two compares fewer per value.
template <DType D, class W>
bool round_if_decided(const Approx<W>& a, double& out) {
  out = round_wide<D>(a.y);
#ifdef NNACT_BENCH_NO_ZIV
  return true;
#endif
  // The bound is widened by 1/16 to cover the rounding in computing d, and by eps |y| (at least
  // one ulp of the wide type at y, two below a power of two) to cover the rounding of y -+ d
  // itself: half an ulp of y -+ d, which can be a large part of d when the bound is a few ulps of
  // the wide type (float64's long double stage). Without it a computed y - d rounded onto a
  // midpoint could pass although the exact y - d lies beyond it.
  constexpr W kEps = std::numeric_limits<W>::epsilon();
  if constexpr (D == DType::kFloat64) {
    const W d = std::fabs(a.y) * (a.rel * W(1.0625) + kEps);
    if (round_wide<D>(a.y - d) == out && round_wide<D>(a.y + d) == out) return true;
    return !std::isfinite(a.y) || a.y == 0;
  } else {
    if (!std::isfinite(a.y) || a.y == 0) return true;
    const W d = std::fabs(a.y) * (a.rel * W(1.0625) + kEps);
    return round_wide<D>(a.y - d) == out && round_wide<D>(a.y + d) == out;
  }
}

// The same decision for float32 from double, cheaper: a few integer operations on y's bits, no
// extra roundings, so that the hot loops stay branch-free and vectorise. It accepts a subset of
// what round_if_decided accepts; what it leaves open goes to round_if_decided, so the results are
// round_if_decided's, bit for bit. It needs rel <= kFloat32FastRel (callers check it, or state a
// smaller bound for their op) and tests:
//   low:  |L - 2^28| > kFloat32FastMargin, L = y's lowest 29 significand bits, and
//   high: |y| >= 2^-126 (H >= 0x38100000, H = y's upper 32 bits without the sign) or H = 0.
// Proof that an accepted y rounds as f(x) does, f(x) within rel |y| of y (the stated bound):
// - H = 0 (|y| < 2^-1042, or 0): y = 0 passes round_if_decided too; else |f(x)| < 2^-1041 and
//   f(x) has y's sign, so both round to the same signed zero.
// - 2^-126 <= |y| < 2^128, binade [2^e, 2^(e+1)): its float midpoints (the rounding boundaries)
//   are the values with L = 2^28, in units of y's ulp 2^(e-52); the nearest boundary outside the
//   binade is at least 2^27 ulps away (2^e - 2^(e-25) below; 2^(e+1) + 2^(e-23) above, or none
//   above 2^128). So y lies more than min(|L - 2^28|, 2^27) > kFloat32FastMargin ulps from any
//   boundary, while |f(x) - y| <= rel |y| < rel 2^53 ulps <= 1024 ulps: both lie strictly on the
//   same side of every boundary. The margin 1091 = 1024 x 1.0625 + 3 keeps round_if_decided's 1/16
//   allowance for the rounding in the computed rel and its eps |y| (<= 2 ulps) for y -+ d.
// - |y| >= 2^128 (or infinite): y rounds to infinity, and so does f(x) >= |y| (1 - 2^-43), above
//   the overflow threshold 2^128 - 2^103; a NaN y is a NaN result, as in round_if_decided.
// It accepts nothing round_if_decided rejects: an accepted y has no boundary within 1092 ulps,
// while round_if_decided's y -+ d lie within 1088 + 2 + 1 (their rounding) ulps. Rejected (about
// 4e-6 of all values, plus float subnormal results) only costs the full test.
inline constexpr double kFloat32FastRel = 1024 * 0x1p-53;
inline constexpr std::uint32_t kFloat32FastMargin = 1091;
inline constexpr std::uint32_t kFloat32MidpointBits = 1u << 28;
inline constexpr std::uint32_t kFloat32MinNormalHigh = 0x38100000;  // 2^-126's upper bits

// The test on two values at once, on their bits as four 32-bit halves (low, high, low, high):
// all 32 bits set in both halves of a lane that passes (the caller checks rel <= kFloat32FastRel
// itself). 3 integer operations (SSE2 pand, paddd, pcmpgtd) for two values, where
// round_if_decided takes two extra roundings each. Unsigned comparisons are signed ones offset
// by 2^31, folded into the sums: low - (2^28 - margin) >u 2 margin, high - 1 >=u 2^-126's high - 1.
using Float32Pair = double __attribute__((vector_size(16)));
using PassMask = std::int32_t __attribute__((vector_size(16)));

inline PassMask float32_fast_pass(Float32Pair y) {
  using Uint4 = std::uint32_t __attribute__((vector_size(16)));
  constexpr std::uint32_t kSign = 0x80000000u;
  constexpr std::uint32_t kLowBias = kSign - (kFloat32MidpointBits - kFloat32FastMargin);
  constexpr std::uint32_t kHighBias = kSign - 1;
  constexpr Uint4 kMask = {0x1fffffffu, 0x7fffffffu, 0x1fffffffu, 0x7fffffffu};
  constexpr Uint4 kBias = {kLowBias, kHighBias, kLowBias, kHighBias};
  constexpr auto kLowLimit = static_cast<std::int32_t>((2 * kFloat32FastMargin) ^ kSign);
  constexpr auto kHighLimit = static_cast<std::int32_t>((kFloat32MinNormalHigh - 2) ^ kSign);
  constexpr PassMask kLimit = {kLowLimit, kHighLimit, kLowLimit, kHighLimit};
  const Uint4 biased = (std::bit_cast<Uint4>(y) & kMask) + kBias;
  return std::bit_cast<PassMask>(biased) > kLimit;
}

// Whether every half passed. Under NNACT_BENCH_NO_ZIV everything passes (the build without the
// check, for bench/ziv_overhead.py).
inline bool all_pass(PassMask pass) {
#ifdef NNACT_BENCH_NO_ZIV
  return true;
#endif
#ifdef __SSE2__
  return _mm_movemask_epi8(std::bit_cast<__m128i>(pass)) == 0xffff;
#else
  return (pass[0] & pass[1] & pass[2] & pass[3]) == -1;
#endif
}

// Whether a functor states a constant bound on its rel below kFloat32FastRel (kMaxUnits, in
// units of 2^-53 for float32's double evaluation): then rel need not be computed for the fast
// test; else it is compared.
template <class Fn>
constexpr bool kRelBounded = requires { Fn::kMaxUnits; };

// Whether a's rel is within the fast test's reach (always, for a functor with kMaxUnits).
template <class Fn>
bool float32_fast_rel(const Approx<double>& a) {
  if constexpr (kRelBounded<Fn>) {
    static_assert(Fn::kMaxUnits * 0x1p-53 <= kFloat32FastRel);
    return true;
  } else {
    return a.rel <= kFloat32FastRel;  // NaN fails
  }
}

}  // namespace nnact::ops
