// A 16-bit dtype as an arithmetic type for the piecewise-linear kernels: each +, -, *, / is done
// in double and rounded once to the dtype, which is what TF computes for Eigen::half and bfloat16
// (it widens to float, operates, rounds back): the sum, product or quotient of two 16-bit values
// rounded through float (24 >= 2 * 11 + 2 bits) or double and then to the dtype is the same as
// rounding it once (Figueroa, "When is double rounding innocuous?", 1995).
#pragma once

#include <limits>

#include "numeric/dtype_round.hpp"

namespace nnact::ops {

template <DType D>
struct Half {
  double v = 0;
  Half() = default;
  constexpr Half(int i) : v(i) {}  // small integer constants, exact in every dtype
  explicit Half(double d) : v(numeric::round_to(d, D)) {}
  explicit operator double() const { return v; }
  friend Half operator+(Half a, Half b) { return Half(a.v + b.v); }
  friend Half operator-(Half a, Half b) { return Half(a.v - b.v); }
  friend Half operator*(Half a, Half b) { return Half(a.v * b.v); }
  friend Half operator/(Half a, Half b) { return Half(a.v / b.v); }
  Half operator-() const { return exact(-v); }
  friend bool operator<(Half a, Half b) { return a.v < b.v; }
  friend bool operator>(Half a, Half b) { return a.v > b.v; }
  friend bool operator<=(Half a, Half b) { return a.v <= b.v; }
  friend bool operator>=(Half a, Half b) { return a.v >= b.v; }
  friend bool operator==(Half a, Half b) { return a.v == b.v; }
  static Half exact(double d) {
    Half h;
    h.v = d;
    return h;
  }
};

}  // namespace nnact::ops

template <nnact::DType D>
struct std::numeric_limits<nnact::ops::Half<D>> : std::numeric_limits<double> {
  static nnact::ops::Half<D> infinity() {
    return nnact::ops::Half<D>::exact(std::numeric_limits<double>::infinity());
  }
};
