#include <cmath>
#include <limits>

#include "nnact/plot.hpp"
#include "nnact/status.hpp"
#include "numeric/dtype_round.hpp"

namespace nnact {

Curve sample_op(const Op& op, double lo, double hi, std::size_t points, bool derivative) {
  if (op.spec().along_axis) {
    throw usage_error(std::string(op.spec().name) + " works along an axis of many values; it has no curve to plot");
  }
  if (!std::isfinite(lo) || !std::isfinite(hi) || !(lo < hi)) {
    throw usage_error("the range must be two finite numbers, the first below the second");
  }
  if (points < 2) throw usage_error("a curve needs at least 2 points");
  if (derivative && op.dtype() != DType::kFloat64) {
    // Differences of float32 results would be mostly rounding noise.
    throw usage_error("the derivative of an op needs the op bound for float64");
  }
  Curve curve;
  curve.label = std::string(op.spec().name);
  curve.x.resize(points);
  double step = (hi - lo) / static_cast<double>(points - 1);
  for (std::size_t i = 0; i < points; ++i) curve.x[i] = i + 1 == points ? hi : lo + step * static_cast<double>(i);
  if (!derivative) {
    curve.y = curve.x;
    for (double& v : curve.y) v = numeric::round_to(v, op.dtype());
    op.apply(curve.y);
    return curve;
  }
  // Central differences: error O(h^2) against rounding O(eps/h), balanced at h ~ cbrt(eps).
  const double scale = std::cbrt(std::numeric_limits<double>::epsilon());
  std::vector<double> above(points), below(points), h(points);
  for (std::size_t i = 0; i < points; ++i) {
    h[i] = scale * std::max(1.0, std::abs(curve.x[i]));
    above[i] = curve.x[i] + h[i];
    below[i] = curve.x[i] - h[i];
  }
  op.apply(above);
  op.apply(below);
  curve.y.resize(points);
  for (std::size_t i = 0; i < points; ++i) curve.y[i] = (above[i] - below[i]) / (2 * h[i]);
  curve.label = "d/dx " + curve.label;
  curve.dashed = true;
  return curve;
}

}  // namespace nnact
