// libmvec's vector erfc, called directly: the autovectoriser would only use it under
// -ffast-math, which would also break NaN and infinity handling.
#include "ops/vector_math.hpp"

#if defined(__x86_64__) && defined(__GLIBC__)
#include <immintrin.h>

extern "C" __m128d _ZGVbN2v_erfc(__m128d);
extern "C" __m256d _ZGVdN4v_erfc(__m256d);

namespace nnact::ops {
namespace {

constexpr double kMinusSqrtHalf = -0.70710678118654752440;  // erfc(-x / sqrt 2)

__attribute__((target("avx2"))) std::size_t gelu_avx2(double* values, std::size_t n) {
  const __m256d scale = _mm256_set1_pd(kMinusSqrtHalf);
  const __m256d half = _mm256_set1_pd(0.5);
  const __m256d minus_inf = _mm256_set1_pd(-__builtin_inf());
  const __m256d minus_zero = _mm256_set1_pd(-0.0);
  std::size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    const __m256d x = _mm256_loadu_pd(values + i);
    const __m256d e = _ZGVdN4v_erfc(_mm256_mul_pd(x, scale));
    __m256d y = _mm256_mul_pd(_mm256_mul_pd(half, x), e);
    y = _mm256_blendv_pd(y, minus_zero, _mm256_cmp_pd(x, minus_inf, _CMP_EQ_OQ));  // not NaN
    _mm256_storeu_pd(values + i, _mm256_cvtps_pd(_mm256_cvtpd_ps(y)));  // one rounding to float
  }
  return i;
}

std::size_t gelu_sse2(double* values, std::size_t n) {
  const __m128d scale = _mm_set1_pd(kMinusSqrtHalf);
  const __m128d half = _mm_set1_pd(0.5);
  const __m128d minus_inf = _mm_set1_pd(-__builtin_inf());
  const __m128d minus_zero = _mm_set1_pd(-0.0);
  std::size_t i = 0;
  for (; i + 2 <= n; i += 2) {
    const __m128d x = _mm_loadu_pd(values + i);
    const __m128d e = _ZGVbN2v_erfc(_mm_mul_pd(x, scale));
    __m128d y = _mm_mul_pd(_mm_mul_pd(half, x), e);
    const __m128d at_minus_inf = _mm_cmpeq_pd(x, minus_inf);
    y = _mm_or_pd(_mm_andnot_pd(at_minus_inf, y), _mm_and_pd(at_minus_inf, minus_zero));
    _mm_storeu_pd(values + i, _mm_cvtps_pd(_mm_cvtpd_ps(y)));
  }
  return i;
}

}  // namespace

std::size_t vector_gelu_float32(double* values, std::size_t n) {
  static const bool avx2 = __builtin_cpu_supports("avx2");
  return avx2 ? gelu_avx2(values, n) : gelu_sse2(values, n);
}

}  // namespace nnact::ops

#else

namespace nnact::ops {
std::size_t vector_gelu_float32(double*, std::size_t) { return 0; }
}  // namespace nnact::ops

#endif
