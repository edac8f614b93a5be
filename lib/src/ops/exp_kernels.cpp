// Ops built on exp: evaluated in W = Wide<T> with cancellation-free formulas (expm1 near 0, log1p
// of a small term, sums of same-sign terms only), each with its relative error bound in units of
// u = kUnit<W> (libm's error: kLibm u per call; one rounding: 1 u; a condition number k
// multiplies an argument's error by k); then rounded once to T by Ziv's test (ziv.hpp).
#include <array>
#include <cmath>
#include <limits>

#include "ops/elementwise.hpp"

namespace nnact::ops {
namespace {

template <class T>
struct Elu {
  static constexpr ExactOp kExact = ExactOp::kElu;
  Wide<T> alpha;
  explicit Elu(const double* p) : alpha(static_cast<T>(p[0])) {}
  // x < 0, not x <= 0: TF's test, so elu(-0.0) = -0.0. expm1 (kLibm) and the product (1).
  Approx<Wide<T>> operator()(T x) const {
    using W = Wide<T>;
    if (!(x < T(0))) return {x, 0};
    return {alpha * std::expm1(W(x)), (kLibm + 2) * kUnit<W>};
  }
};

template <class T, class C>
struct Selu {
  static constexpr ExactOp kExact = ExactOp::kSelu;
  static constexpr double kMaxUnits = kLibm + 2;  // rel's largest value (ziv.hpp's fast test)
  // The constants are rounded to the dtype (C) first, as TF's kernel does.
  const T scale = static_cast<T>(dtype_constant<C>(1.0507009873554804934193349852946L));
  const Wide<T> scale_alpha = dtype_constant<C>(1.7580993408473768599402175208123L);
  explicit Selu(const double*) {}
  // s * x in T: the TF operation, correctly rounded since it is a single multiplication (exact
  // as far as the Ziv test goes; for the 16-bit types T is float, where the product of two
  // 16-bit values is exact, rounded once by the caller). Negative side as elu.
  Approx<Wide<T>> operator()(T x) const {
    using W = Wide<T>;
    if (!(x < T(0))) return {scale * x, 0};
    return {scale_alpha * std::expm1(W(x)), (kLibm + 2) * kUnit<W>};
  }
};

template <class T>
struct Celu {
  static constexpr ExactOp kExact = ExactOp::kCelu;
  Wide<T> alpha;
  explicit Celu(const double* p) : alpha(static_cast<T>(p[0])) {}
  // z = x / alpha (1), expm1 at z with condition number |z e^z / (e^z - 1)| on z's rounding:
  // <= 1 for z < 0 (alpha > 0: e^|z| - 1 >= |z|), <= 1 + z for z > 0 (alpha < 0); plus expm1's
  // own kLibm, then the product (1).
  Approx<Wide<T>> operator()(T x) const {
    using W = Wide<T>;
    if (!(x < T(0))) return {x, 0};  // max(0, x) + min(0, positive or 0); -0.0 and NaN pass
    const W z = W(x) / alpha;
    const W negative = alpha * std::expm1(z);
    const W condition = z < 0 ? W(1) : 1 + z;
    return {negative < 0 ? negative : W(0), (kLibm + 3 + condition) * kUnit<W>};
  }
};

template <class T>
struct Sigmoid {
  static constexpr ExactOp kExact = ExactOp::kSigmoid;
  explicit Sigmoid(const double*) {}
  // exp (kLibm, carried into 1 / (1 + e) with a factor e / (1 + e) <= min(e, 1)), the sum and
  // the quotient (3 with the products of errors).
  Approx<Wide<T>> operator()(T x) const {
    using W = Wide<T>;
    const W e = std::exp(-W(x));
    return {1 / (1 + e), (3 + kLibm * std::fmin(e, W(1))) * kUnit<W>};
  }
};

template <class T>
struct Silu {
  static constexpr ExactOp kExact = ExactOp::kSilu;
  Wide<T> beta;
  explicit Silu(const double* p) : beta(static_cast<T>(p[0])) {}
  // As sigmoid, plus the rounding of b = beta * x (exact for float in double, and for beta = 1;
  // else 1 u, which exp's condition number |b| amplifies), damped by the same min(e, 1).
  Approx<Wide<T>> operator()(T x) const {
    using W = Wide<T>;
    const W w = x;
    const W b = beta * w;
    const W e = std::exp(-b);
    const W y = w / (1 + e);
    const W from_exp = kLibm + (kExactProducts<T> || beta == 1 ? 0 : 1 + std::fabs(b));
    const W rel = (3 + from_exp * std::fmin(e, W(1))) * kUnit<W>;
    if (!std::isnan(y) || std::isnan(w)) return {y, rel};
    // Only an infinite x gets here (inf / inf, or 0 * inf when beta = 0): take the limit.
    return {beta == 0 ? w / 2 : std::copysign(W(0), w), 0};
  }
};

// log(1 + exp(y)) without overflow or cancellation: exp (kLibm), log1p (kLibm; it does not
// amplify its argument's error: v / ((1 + v) log1p(v)) <= 1), the sum of two non-negative
// terms (1).
template <class W>
W softplus_of(W y) {
  return (y > 0 ? y : W(0)) + std::log1p(std::exp(-std::fabs(y)));
}
constexpr double kSoftplusUnits = 2 * kLibm + 1;

template <class T>
struct Softplus {
  static constexpr ExactOp kExact = ExactOp::kSoftplus;
  Wide<T> beta, threshold;
  explicit Softplus(const double* p)
      : beta(static_cast<T>(p[0])), threshold(static_cast<T>(p[1])) {}
  // softplus_of, the quotient (1), and y = beta * x's rounding where it is not exact (not for
  // float, nor for beta = 1: 1 u times softplus's condition number y sigmoid(y) / softplus(y),
  // which is <= 1 for y >= 0 (softplus(y) >= y) and <= |y| for y < 0 (log1p(t) >= t / (1 + t)),
  // plus 1 for the product of errors).
  Approx<Wide<T>> operator()(T x) const {
    using W = Wide<T>;
    const W y = beta * W(x);
    if (y > threshold) return {x, 0};
    const W condition = y > 0 ? W(1) : std::fmax(W(1), -y);
    const W rel = (kSoftplusUnits + 2 + (kExactProducts<T> || beta == 1 ? 0 : 1 + condition)) *
                  kUnit<W>;
    return {softplus_of(y) / beta, rel};
  }
};

template <class T>
struct LogSigmoid {
  static constexpr ExactOp kExact = ExactOp::kLogSigmoid;
  explicit LogSigmoid(const double*) {}
  Approx<Wide<T>> operator()(T x) const {
    using W = Wide<T>;
    return {-softplus_of(-W(x)), (kSoftplusUnits + 1) * kUnit<W>};
  }
};

template <class T>
struct Exponential {
  static constexpr ExactOp kExact = ExactOp::kExponential;
  explicit Exponential(const double*) {}
  Approx<Wide<T>> operator()(T x) const {
    using W = Wide<T>;
    return {std::exp(W(x)), kLibm * kUnit<W>};
  }
};

template <class T>
struct Mish {
  static constexpr ExactOp kExact = ExactOp::kMish;
  explicit Mish(const double*) {}
  // tanh(log1p(e)) = n / (n + 2) with n = e * (e + 2), e = exp(x): all terms positive, so no
  // cancellation. e (kLibm) enters n twice (2 kLibm + 2), n / (n + 2) damps n's error by
  // 2 / (n + 2) <= 1 (+2), the product (+1). Above 40 the factor is 1 - 2e^-80 < 1 - 1e-34:
  // x itself, within 1e-34 relative.
  Approx<Wide<T>> operator()(T x) const {
    using W = Wide<T>;
    const W w = x;
    if (w > 40) return {w, W(1e-34)};
    const W e = std::exp(w);
    const W n = e * (e + 2);
    // n == 0 only far below the smallest subnormal result; also makes mish(-inf) = -0, not NaN.
    const W rel = (2 * kLibm + 6) * kUnit<W>;
    return {n == 0 ? std::copysign(W(0), w) : w * (n / (n + 2)), rel};
  }
};

constexpr std::array kExp{
    smooth_entry<Elu>("elu"),
    smooth_entry_with_constants<Selu>("selu"),
    smooth_entry<Celu>("celu"),
    smooth_entry<Sigmoid>("sigmoid"),
    smooth_entry<Silu>("silu"),
    smooth_entry<Softplus>("softplus"),
    smooth_entry<LogSigmoid>("log_sigmoid"),
    smooth_entry<Exponential>("exponential"),
    smooth_entry<Mish>("mish"),
};

}  // namespace

std::span<const KernelEntry> exp_kernels() { return kExp; }

}  // namespace nnact::ops
