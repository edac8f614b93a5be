// Bindings to glibc's libmvec, and float32 gelu, whose erfc is the costliest call and gets a
// 4-lane AVX2 path (dispatched at run time) on top of the 2-lane one.
#include "ops/vector_math.hpp"

#if NNACT_HAVE_LIBMVEC
#include <immintrin.h>

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

// Returns how many values it did: all but fewer than 4.
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

struct VectorGelu {
  explicit VectorGelu(const double*) {}
  Vec2 operator()(Vec2 x) const {
    const Vec2 y = 0.5 * x * Vec2(_ZGVbN2v_erfc(x * kMinusSqrtHalf));
    return x == -__builtin_inf() ? splat(-0.0) : y;  // -inf * 0 otherwise
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
