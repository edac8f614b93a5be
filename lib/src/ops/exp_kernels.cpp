// Ops built on exp: evaluated in Wide<T> with cancellation-free formulas (expm1 near 0, log1p of
// a small term, sums of same-sign terms only), then rounded once to T.
#include <array>
#include <cmath>
#include <limits>

#include "ops/elementwise.hpp"

namespace nnact::ops {
namespace {

template <class T>
struct Elu {
  Wide<T> alpha;
  explicit Elu(const double* p) : alpha(static_cast<T>(p[0])) {}
  // x < 0, not x <= 0: TF's test, so elu(-0.0) = -0.0.
  T operator()(T x) const { return x < T(0) ? static_cast<T>(alpha * std::expm1(Wide<T>(x))) : x; }
};

template <class T, class C>
struct Selu {
  // The constants are rounded to the dtype (C) first, as TF's kernel does.
  static constexpr T kScale = static_cast<C>(1.0507009873554804934193349852946L);
  static constexpr Wide<T> kScaleAlpha = static_cast<C>(1.7580993408473768599402175208123L);
  explicit Selu(const double*) {}
  // s * x in T: the TF operation, and correctly rounded since it is a single multiplication.
  T operator()(T x) const {
    return x < T(0) ? static_cast<T>(kScaleAlpha * std::expm1(Wide<T>(x))) : kScale * x;
  }
};

template <class T>
struct Celu {
  Wide<T> alpha;
  explicit Celu(const double* p) : alpha(static_cast<T>(p[0])) {}
  T operator()(T x) const {
    if (!(x < T(0))) return x;  // max(0, x) + min(0, positive or 0); -0.0 and NaN pass as in elu
    const Wide<T> negative = alpha * std::expm1(Wide<T>(x) / alpha);
    return static_cast<T>(negative < 0 ? negative : Wide<T>(0));
  }
};

template <class T>
struct Sigmoid {
  explicit Sigmoid(const double*) {}
  T operator()(T x) const { return static_cast<T>(1 / (1 + std::exp(-Wide<T>(x)))); }
};

template <class T>
struct Silu {
  Wide<T> beta;
  explicit Silu(const double* p) : beta(static_cast<T>(p[0])) {}
  T operator()(T x) const {
    const Wide<T> w = x;
    const Wide<T> y = w / (1 + std::exp(-(beta * w)));
    if (!std::isnan(y) || std::isnan(w)) return static_cast<T>(y);
    // Only an infinite x gets here (inf / inf, or 0 * inf when beta = 0): take the limit.
    return beta == 0 ? static_cast<T>(w / 2) : static_cast<T>(std::copysign(Wide<T>(0), w));
  }
};

// log(1 + exp(y)) without overflow or cancellation.
template <class W>
W softplus_of(W y) {
  return (y > 0 ? y : W(0)) + std::log1p(std::exp(-std::fabs(y)));
}

template <class T>
struct Softplus {
  Wide<T> beta, threshold;
  explicit Softplus(const double* p)
      : beta(static_cast<T>(p[0])), threshold(static_cast<T>(p[1])) {}
  T operator()(T x) const {
    const Wide<T> y = beta * Wide<T>(x);  // exact: the product of two T fits in Wide<T>
    return y > threshold ? x : static_cast<T>(softplus_of(y) / beta);
  }
};

template <class T>
struct LogSigmoid {
  explicit LogSigmoid(const double*) {}
  T operator()(T x) const { return static_cast<T>(-softplus_of(-Wide<T>(x))); }
};

template <class T>
struct Exponential {
  explicit Exponential(const double*) {}
  T operator()(T x) const { return static_cast<T>(std::exp(Wide<T>(x))); }
};

template <class T>
struct Mish {
  explicit Mish(const double*) {}
  // tanh(log1p(e)) = n / (n + 2) with n = e * (e + 2), e = exp(x): all terms positive, so no
  // cancellation. Above 40 the factor is 1 - 2e^-80, which rounds to 1 even in long double.
  T operator()(T x) const {
    const Wide<T> w = x;
    if (w > 40) return x;
    const Wide<T> e = std::exp(w);
    const Wide<T> n = e * (e + 2);
    // n == 0 only far below the smallest subnormal result; also makes mish(-inf) = -0, not NaN.
    return static_cast<T>(n == 0 ? std::copysign(Wide<T>(0), w) : w * (n / (n + 2)));
  }
};

constexpr std::array kExp{
    kernel_entry<Elu>("elu"),
    kernel_entry_with_constants<Selu>("selu"),
    kernel_entry<Celu>("celu"),
    kernel_entry<Sigmoid>("sigmoid"),
    kernel_entry<Silu>("silu"),
    kernel_entry<Softplus>("softplus"),
    kernel_entry<LogSigmoid>("log_sigmoid"),
    kernel_entry<Exponential>("exponential"),
    kernel_entry<Mish>("mish"),
};

}  // namespace

std::span<const KernelEntry> exp_kernels() { return kExp; }

}  // namespace nnact::ops
