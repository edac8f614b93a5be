#include "scale.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace nnact::plot {

Bounds chart_bounds(const std::vector<Curve>& curves, double pad) {
  Bounds b;
  double inf = std::numeric_limits<double>::infinity();
  double x_min = inf, x_max = -inf, y_min = inf, y_max = -inf;
  for (const auto& c : curves) {
    for (double x : c.x) x_min = std::min(x_min, x), x_max = std::max(x_max, x);
    for (double y : c.y) {
      if (std::isfinite(y)) y_min = std::min(y_min, y), y_max = std::max(y_max, y);
    }
  }
  if (x_min < x_max) b.x_min = x_min, b.x_max = x_max;
  if (y_min > y_max) y_min = y_max = 0;
  if (y_max - y_min < 1e-12 * std::max(1.0, std::abs(y_max))) y_min -= 0.5, y_max += 0.5;
  double margin = (y_max - y_min) * pad;
  b.y_min = y_min - margin;
  b.y_max = y_max + margin;
  return b;
}

std::vector<double> nice_ticks(double lo, double hi, int target) {
  double raw = (hi - lo) / std::max(1, target);
  double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  double step = magnitude;
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    step = m * magnitude;
    if (step >= raw) break;
  }
  std::vector<double> ticks;
  for (double k = std::ceil(lo / step); k * step <= hi + step * 1e-9; k += 1) ticks.push_back(k * step);
  return ticks;
}

std::string tick_text(double value, double step, int digits) {
  if (std::abs(value) < step * 1e-9) value = 0;
  char text[32];
  std::snprintf(text, sizeof text, "%.*g", digits, value);
  return text;
}

const char* curve_color(std::size_t index) {
  static const char* const kColors[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                                        "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};
  return kColors[index % std::size(kColors)];
}

}  // namespace nnact::plot
