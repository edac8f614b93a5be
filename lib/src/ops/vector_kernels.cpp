// float32 kernels two values at a time through libmvec (see vector_math.hpp). Each functor is its
// op's scalar formula from exp_kernels.cpp / gelu_kernels.cpp, written on Vec2 with the same
// relative error bound (libmvec's 4 ULP is the kLibm the scalar bounds assume): selects replace
// branches, and special values are fixed the same way.
#include <array>

#include "ops/elementwise.hpp"
#include "ops/vector_math.hpp"

#if NNACT_HAVE_LIBMVEC

namespace nnact::ops {
namespace {

constexpr double kU = kUnit<double>;

struct VectorEntry {
  std::string_view key;
  Op::Kernel float32;
};

// min(e, 1) >= e / (1 + e): how much of exp's error reaches x / (1 + e) (NaN lanes give NaN,
// which the Ziv test treats as undecided only where the result is finite).
Vec2 damping(Vec2 e) { return e < 1.0 ? e : splat(1.0); }

struct VectorSigmoid {
  static constexpr ExactOp kExact = ExactOp::kSigmoid;
  static constexpr double kMaxUnits = 3 + kLibm;  // rel's largest value
  explicit VectorSigmoid(const double*) {}
  Approx2 operator()(Vec2 x) const {
    const Vec2 e = vexp(-x);
    return {1.0 / (1.0 + e), (3 + kLibm * damping(e)) * kU};
  }
};

struct VectorSilu {
  static constexpr ExactOp kExact = ExactOp::kSilu;
  static constexpr double kMaxUnits = 3 + kLibm;  // rel's largest value
  double beta;
  explicit VectorSilu(const double* p) : beta(p[0]) {}
  Approx2 operator()(Vec2 x) const {
    const Vec2 e = vexp(-(beta * x));  // beta * x is exact for floats
    const Vec2 y = x / (1.0 + e);
    const Vec2 limit = beta == 0 ? x * 0.5 : signed_zero(x);  // for x = +-inf (inf / inf)
    return {(y != y) & (x == x) ? limit : y, (3 + kLibm * damping(e)) * kU};
  }
};

struct VectorExponential {
  static constexpr ExactOp kExact = ExactOp::kExponential;
  static constexpr double kMaxUnits = kLibm;  // rel's largest value
  explicit VectorExponential(const double*) {}
  Approx2 operator()(Vec2 x) const { return {vexp(x), splat(kLibm * kU)}; }
};

// expm1(z) where some lane of x has its sign bit set (x < 0 is where the result is used), else
// z itself without the call: a pair of non-negative inputs (a quarter of random signs) skips it.
Vec2 expm1_where_negative(Vec2 z, Vec2 x) { return _mm_movemask_pd(x) != 0 ? vexpm1(z) : z; }
Vec2 expm1_where_negative(Vec2 x) { return expm1_where_negative(x, x); }

struct VectorElu {
  static constexpr ExactOp kExact = ExactOp::kElu;
  static constexpr double kMaxUnits = kLibm + 2;  // rel's largest value
  double alpha;
  explicit VectorElu(const double* p) : alpha(p[0]) {}
  Approx2 operator()(Vec2 x) const {
    return {x < 0.0 ? alpha * expm1_where_negative(x) : x, splat((kLibm + 2) * kU)};
  }
};

// exp_kernels.cpp's Selu: the constants rounded to float; scale * x in double is the exact
// product of two floats, so its rounding to float is the float product (rel 0).
struct VectorSelu {
  static constexpr ExactOp kExact = ExactOp::kSelu;
  static constexpr double kMaxUnits = kLibm + 2;  // rel's largest value
  static constexpr double kScale = static_cast<float>(1.0507009873554804934193349852946L);
  static constexpr double kScaleAlpha = static_cast<float>(1.7580993408473768599402175208123L);
  explicit VectorSelu(const double*) {}
  Approx2 operator()(Vec2 x) const {
    const Mask2 negative = x < 0.0;
    return {negative ? kScaleAlpha * expm1_where_negative(x) : kScale * x,
            negative ? splat(kMaxUnits * kU) : splat(0.0)};
  }
};

// exp_kernels.cpp's Celu (its bound's derivation is there).
struct VectorCelu {
  static constexpr ExactOp kExact = ExactOp::kCelu;
  double alpha;
  explicit VectorCelu(const double* p) : alpha(static_cast<float>(p[0])) {}
  // rel <= kFloat32FastRel: always for alpha > 0 (rel <= 12 u), else where z = x / alpha <= 1000
  // (rel <= (12 + z) u; 0 where x >= 0, z <= 0). NaN fails.
  Mask2 fast_rel_ok(Vec2 x) const {
    if (alpha > 0) return Mask2{-1, -1};
    return x / alpha <= 1000.0;
  }
  Approx2 operator()(Vec2 x) const {
    const Vec2 z = x / alpha;
    const Vec2 below = alpha * expm1_where_negative(z, x);
    const Vec2 condition = z < 0.0 ? splat(1.0) : 1.0 + z;
    const Mask2 negative = x < 0.0;
    return {negative ? (below < 0.0 ? below : splat(0.0)) : x,
            negative ? (kLibm + 3 + condition) * kU : splat(0.0)};
  }
};

// log(1 + exp(y)) without overflow or cancellation.
Vec2 softplus_of(Vec2 y) { return (y > 0.0 ? y : splat(0.0)) + vlog1p(vexp(-vabs(y))); }
constexpr double kSoftplusUnits = 2 * kLibm + 1;

struct VectorSoftplus {
  static constexpr ExactOp kExact = ExactOp::kSoftplus;
  static constexpr double kMaxUnits = kSoftplusUnits + 2;  // rel's largest value
  double beta, threshold;
  explicit VectorSoftplus(const double* p) : beta(p[0]), threshold(p[1]) {}
  Approx2 operator()(Vec2 x) const {
    const Vec2 y = beta * x;  // exact for floats
    return {y > threshold ? x : softplus_of(y) / beta, splat((kSoftplusUnits + 2) * kU)};
  }
};

struct VectorLogSigmoid {
  static constexpr ExactOp kExact = ExactOp::kLogSigmoid;
  static constexpr double kMaxUnits = kSoftplusUnits + 1;  // rel's largest value
  explicit VectorLogSigmoid(const double*) {}
  Approx2 operator()(Vec2 x) const { return {-softplus_of(-x), splat((kSoftplusUnits + 1) * kU)}; }
};

struct VectorMish {
  static constexpr ExactOp kExact = ExactOp::kMish;
  static constexpr double kMaxUnits = 2 * kLibm + 6;  // rel's largest value
  explicit VectorMish(const double*) {}
  Approx2 operator()(Vec2 x) const {
    const Vec2 e = vexp(x);
    const Vec2 n = e * (e + 2.0);
    const Vec2 y = n == 0.0 ? signed_zero(x) : x * (n / (n + 2.0));
    return {x > 40.0 ? x : y, splat((2 * kLibm + 6) * kU)};
  }
};

struct VectorTanh {
  static constexpr ExactOp kExact = ExactOp::kTanh;
  static constexpr double kMaxUnits = kLibm;  // rel's largest value
  explicit VectorTanh(const double*) {}
  Approx2 operator()(Vec2 x) const { return {vtanh(x), splat(kLibm * kU)}; }
};

struct VectorGeluTanh {
  static constexpr ExactOp kExact = ExactOp::kGeluTanh;
  static constexpr double kC = static_cast<float>(0.797884560802865355879892119868763737L);
  static constexpr double kCubic = static_cast<float>(0.044715L);
  explicit VectorGeluTanh(const double*) {}
  // rel's largest value wherever the fast test (ziv.hpp) can pass a nonzero y, so rel need not
  // be computed for it: for u >= 0, 12 u e^(-2u) <= 6/e and rel <= 15 u; for -84 <= u < 0,
  // damping = 1 and rel = (12 + 12|u|) u <= 1020 u. Below u = -84 (x < -13) either e overflows
  // and y = x / inf = -0 (which round_if_decided passes too), or 2|u| < 710 (|x| < 21.5) and
  // |y| < 21.5 e^-168 < 2^-126, which the fast test never passes. NaN x gives a NaN y, passed
  // as by round_if_decided.
  static constexpr double kMaxUnits = 1020;
  Approx2 operator()(Vec2 x) const {
    const Vec2 u = kC * (x + kCubic * x * x * x);
    const Vec2 e = vexp(-2.0 * u);
    const Vec2 y = x / (1.0 + e);
    const Vec2 rel = (3 + (kLibm + 1 + 12 * vabs(u)) * damping(e)) * kU;
    return {(y != y) & (x == x) ? splat(-0.0) : y, rel};  // x = -inf
  }
};

// The scalar Softsign's operations (tanh_kernels.cpp) in the same order, so the same doubles.
struct VectorSoftsign {
  static constexpr ExactOp kExact = ExactOp::kSoftsign;
  static constexpr double kMaxUnits = 3;
  explicit VectorSoftsign(const double*) {}
  Approx2 operator()(Vec2 x) const {
    const Vec2 y = x / (vabs(x) + 1.0);
    const Vec2 limit = std::bit_cast<Vec2>(std::bit_cast<Mask2>(splat(1.0)) |
                                           std::bit_cast<Mask2>(signed_zero(x)));  // +-inf
    return {vabs(x) == __builtin_inf() ? limit : y, splat(3 * kU)};
  }
};

constexpr std::array kVector{
    VectorEntry{"sigmoid", &map_vector_float32<VectorSigmoid>},
    VectorEntry{"silu", &map_vector_float32<VectorSilu>},
    VectorEntry{"exponential", &map_vector_float32<VectorExponential>},
    VectorEntry{"elu", &map_vector_float32<VectorElu>},
    VectorEntry{"selu", &map_vector_float32<VectorSelu>},
    VectorEntry{"celu", &map_vector_float32<VectorCelu>},
    VectorEntry{"softplus", &map_vector_float32<VectorSoftplus>},
    VectorEntry{"log_sigmoid", &map_vector_float32<VectorLogSigmoid>},
    VectorEntry{"mish", &map_vector_float32<VectorMish>},
    VectorEntry{"tanh", &map_vector_float32<VectorTanh>},
    VectorEntry{"gelu_tanh", &map_vector_float32<VectorGeluTanh>},
    VectorEntry{"gelu", &vector_gelu_kernel},
    VectorEntry{"softsign", &map_vector_float32<VectorSoftsign>},
};

}  // namespace

Op::Kernel vector_float32_kernel(std::string_view key) {
  for (const VectorEntry& entry : kVector) {
    if (entry.key == key) return entry.float32;
  }
  return nullptr;
}

}  // namespace nnact::ops

#else

namespace nnact::ops {
Op::Kernel vector_float32_kernel(std::string_view) { return nullptr; }
}  // namespace nnact::ops

#endif
