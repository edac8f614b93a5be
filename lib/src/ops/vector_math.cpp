// Bindings to glibc's libmvec, and float32 gelu, whose erfc is the costliest call and gets a
// 4-lane AVX2 path (dispatched at run time) on top of the 2-lane one.
#include "ops/vector_math.hpp"

#include "ops/elementwise.hpp"

#if NNACT_HAVE_LIBMVEC
#include <immintrin.h>

#include <cmath>

extern "C" {
__m128d _ZGVbN2v_exp(__m128d);
__m128d _ZGVbN2v_expm1(__m128d);
__m128d _ZGVbN2v_log1p(__m128d);
__m128d _ZGVbN2v_tanh(__m128d);
__m128d _ZGVbN2v_erfc(__m128d);
// Declared for AVX2 callers only: clang rejects an AVX argument in a non-AVX signature.
__attribute__((target("avx2"))) __m256d _ZGVdN4v_erfc(__m256d);
}

namespace nnact::ops {

Vec2 vexp(Vec2 x) { return _ZGVbN2v_exp(x); }
Vec2 vexpm1(Vec2 x) { return _ZGVbN2v_expm1(x); }
Vec2 vlog1p(Vec2 x) { return _ZGVbN2v_log1p(x); }
Vec2 vtanh(Vec2 x) { return _ZGVbN2v_tanh(x); }

namespace {

constexpr double kMinusSqrtHalf = -0.70710678118654752440;  // gelu = 0.5 x erfc(-x / sqrt 2)
// gelu's bound in double (gelu_kernels.cpp): (kLibmErfc + 4 + 2 min(x, 0)^2) u.
constexpr double kGeluBase = (kLibmErfc + 4) * kUnit<double>;
constexpr double kGeluSquare = 2 * kUnit<double>;
constexpr double kGeluFastLimit = -22;  // x >= -22: rel = (20 + 2 x^2) u <= 988 u
static_assert(kGeluBase + kGeluSquare * kGeluFastLimit * kGeluFastLimit <= kFloat32FastRel);

// Returns how many values it did: all but fewer than 4.
__attribute__((target("avx2"))) std::size_t gelu_avx2(double* values, std::size_t n) {
  const __m256d scale = _mm256_set1_pd(kMinusSqrtHalf);
  const __m256d half = _mm256_set1_pd(0.5);
  const __m256d minus_inf = _mm256_set1_pd(-__builtin_inf());
  const __m256d minus_zero = _mm256_set1_pd(-0.0);
  const __m256d base = _mm256_set1_pd(kGeluBase);
  const __m256d square = _mm256_set1_pd(kGeluSquare);
  const __m256d margin = _mm256_set1_pd(1.0625);
  const __m256d eps = _mm256_set1_pd(0x1p-52);
  constexpr std::uint32_t kSign = 0x80000000u;  // as ziv.hpp float32_fast_pass
  const __m256i fast_mask = _mm256_set_epi32(0x7fffffff, 0x1fffffff, 0x7fffffff, 0x1fffffff,
                                             0x7fffffff, 0x1fffffff, 0x7fffffff, 0x1fffffff);
  const int low_bias = static_cast<int>(kSign - (kFloat32MidpointBits - kFloat32FastMargin));
  const int high_bias = static_cast<int>(kSign - 1);
  const __m256i fast_bias = _mm256_set_epi32(high_bias, low_bias, high_bias, low_bias, high_bias,
                                             low_bias, high_bias, low_bias);
  const int low_limit = static_cast<int>((2 * kFloat32FastMargin) ^ kSign);
  const int high_limit = static_cast<int>((kFloat32MinNormalHigh - 2) ^ kSign);
  const __m256i fast_limit = _mm256_set_epi32(high_limit, low_limit, high_limit, low_limit,
                                              high_limit, low_limit, high_limit, low_limit);
  const __m256d fast_x = _mm256_set1_pd(kGeluFastLimit);
  std::size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    const __m256d x = _mm256_loadu_pd(values + i);
    const __m256d e = _ZGVdN4v_erfc(_mm256_mul_pd(x, scale));
    __m256d y = _mm256_mul_pd(_mm256_mul_pd(half, x), e);
    y = _mm256_blendv_pd(y, minus_zero, _mm256_cmp_pd(x, minus_inf, _CMP_EQ_OQ));  // not NaN
    const __m256d r = _mm256_cvtps_pd(_mm256_cvtpd_ps(y));  // one rounding to float
#ifdef NNACT_BENCH_NO_ZIV  // ziv.hpp round_if_decided
    _mm256_storeu_pd(values + i, r);
    continue;
#endif
    _mm256_storeu_pd(values + i, r);
    // ziv.hpp's fast test (float32_fast_pass) on four lanes, with VectorGelu's fast_rel_ok.
    const __m256i biased = _mm256_add_epi32(_mm256_and_si256(_mm256_castpd_si256(y), fast_mask), fast_bias);
    const __m256i pass = _mm256_and_si256(_mm256_cmpgt_epi32(biased, fast_limit),
                                          _mm256_castpd_si256(_mm256_cmp_pd(x, fast_x, _CMP_GE_OQ)));
    if (_mm256_movemask_epi8(pass) == -1) continue;
    // The full test per lane (ziv.hpp round_if_decided): d = |y| (rel 1.0625 + eps), rel = base + square x^2.
    const __m256d neg = _mm256_min_pd(x, _mm256_setzero_pd());  // NaN gives 0: y is NaN anyway
    const __m256d rel = _mm256_add_pd(base, _mm256_mul_pd(square, _mm256_mul_pd(neg, neg)));
    const __m256d d =
        _mm256_mul_pd(_mm256_andnot_pd(minus_zero, y), _mm256_add_pd(_mm256_mul_pd(rel, margin), eps));
    const __m256d low = _mm256_cvtps_pd(_mm256_cvtpd_ps(_mm256_sub_pd(y, d)));
    const __m256d high = _mm256_cvtps_pd(_mm256_cvtpd_ps(_mm256_add_pd(y, d)));
    const int decided = _mm256_movemask_pd(_mm256_and_pd(_mm256_cmp_pd(low, r, _CMP_EQ_OQ),
                                                         _mm256_cmp_pd(high, r, _CMP_EQ_OQ)));
    if (decided != 0xf) {
      for (int k = 0; k < 4; ++k) {
        if (!(decided >> k & 1) && std::isfinite(y[k]) && y[k] != 0) {
          values[i + k] = correctly_rounded(ExactOp::kGelu, x[k], nullptr, DType::kFloat32);
        }
      }
    }
  }
  return i;
}

struct VectorGelu {
  static constexpr ExactOp kExact = ExactOp::kGelu;
  explicit VectorGelu(const double*) {}
  // rel <= kFloat32FastRel where x >= -22: (20 + 2 x^2) u <= 988 u. (NaN fails.)
  Mask2 fast_rel_ok(Vec2 x) const { return x >= kGeluFastLimit; }
  Approx2 operator()(Vec2 x) const {
    const Vec2 y = 0.5 * x * Vec2(_ZGVbN2v_erfc(x * kMinusSqrtHalf));
    const Vec2 negative = x < 0 ? x : splat(0.0);
    return {x == -__builtin_inf() ? splat(-0.0) : y, kGeluBase + kGeluSquare * negative * negative};  // -inf
  }
};

}  // namespace

void vector_gelu_kernel(double* values, std::size_t n, const double* params) {
  static const bool avx2 = __builtin_cpu_supports("avx2");
  const std::size_t done = avx2 ? gelu_avx2(values, n) : 0;
  map_vector_float32<VectorGelu>(values + done, n - done, params);
}

void vector_gelu_kernel_sse2(double* values, std::size_t n) {
  map_vector_float32<VectorGelu>(values, n, nullptr);
}

}  // namespace nnact::ops

#endif  // NNACT_HAVE_LIBMVEC
