// What the SVG and braille charts share: the data's bounds and "nice" tick positions.
#pragma once

#include <string>
#include <vector>

#include "nnact/plot.hpp"

namespace nnact::plot {

struct Bounds {
  double x_min = 0, x_max = 1, y_min = 0, y_max = 1;
};

// The x range of the curves and the range of their finite y values, widened by `pad` (a
// fraction of the span) in y; a flat or empty range becomes one unit wide.
Bounds chart_bounds(const std::vector<Curve>& curves, double pad);

// Ticks at multiples of 1, 2 or 5 x 10^k inside [lo, hi], about `target` of them.
std::vector<double> nice_ticks(double lo, double hi, int target);

// A tick value as short text of at most `digits` significant digits: "-0.5", "2", "1e+03"
// (an exact 0 for values within rounding of it).
std::string tick_text(double value, double step, int digits = 6);

// Distinct colours for the curves, in order (matplotlib's tab10).
const char* curve_color(std::size_t index);

}  // namespace nnact::plot
