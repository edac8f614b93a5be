// Pictures of ops: sample an op (or its derivative) over a range, then draw the curves as a
// standalone SVG document or as Unicode braille text for a terminal. Nothing here prints.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "nnact/ops.hpp"

namespace nnact {

// One line of a chart: y[i] is the value at x[i]. Non-finite y values leave a gap.
struct Curve {
  std::string label;  // legend text
  std::vector<double> x;
  std::vector<double> y;
  bool dashed = false;  // drawn dashed in SVG (derivatives), in the colour of the curve before it
};

// `points` (>= 2) evenly spaced x from lo to hi (lo < hi, both finite), and the op at each,
// computed by op.apply (so in op.dtype()). With `derivative`, y is the exact derivative as
// op.derivative() computes it (--grad), in op.dtype().
// Throws Error(kUsage) for an axis op (softmax, log_softmax, crelu have no curve of one
// variable) or a bad range.
Curve sample_op(const Op& op, double lo, double hi, std::size_t points, bool derivative);

struct ChartStyle {
  std::string title;
  std::string x_label = "x";
  std::string y_label = "y";
  int width = 720;  // SVG user units (pixels)
  int height = 450;
};

// A standalone SVG 1.1 document: axes with tick labels, a grid, the axis lines through 0, one
// coloured polyline per curve, a legend, the title and axis labels.
std::string render_svg(const std::vector<Curve>& curves, const ChartStyle& style);

// The same chart in `columns` x `rows` characters (at least 20 x 5) of Unicode braille
// (2 x 4 dots per character), with y labels, an x axis line and a legend; each curve gets an
// ANSI colour when `color` is set.
std::string render_braille(const std::vector<Curve>& curves, int columns, int rows, bool color);

}  // namespace nnact
