#include <cmath>

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
  Curve curve;
  curve.label = std::string(op.spec().name);
  curve.x.resize(points);
  double step = (hi - lo) / static_cast<double>(points - 1);
  for (std::size_t i = 0; i < points; ++i) curve.x[i] = i + 1 == points ? hi : lo + step * static_cast<double>(i);
  curve.y = curve.x;
  for (double& v : curve.y) v = numeric::round_to(v, op.dtype());
  if (!derivative) {
    op.apply(curve.y);
    return curve;
  }
  op.derivative().apply(curve.y);  // exact: --grad's kernel
  curve.label = "d/dx " + curve.label;
  curve.dashed = true;
  return curve;
}

}  // namespace nnact
