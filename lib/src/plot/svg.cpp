// The SVG chart: a plot area with margins for tick labels, title and axis labels; curves are
// clipped to the plot area; the legend sits in its top-left corner.
#include <cmath>
#include <cstdio>

#include "nnact/plot.hpp"
#include "scale.hpp"

namespace nnact {
namespace {

std::string escaped(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string number(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2f", v);
  return text;
}

struct Frame {
  double left, top, right, bottom;
  plot::Bounds b;
  double px(double x) const { return left + (x - b.x_min) / (b.x_max - b.x_min) * (right - left); }
  double py(double y) const { return bottom - (y - b.y_min) / (b.y_max - b.y_min) * (bottom - top); }
};

void line(std::string& svg, double x1, double y1, double x2, double y2, const char* style) {
  svg += "<line x1=\"" + number(x1) + "\" y1=\"" + number(y1) + "\" x2=\"" + number(x2) + "\" y2=\"" +
         number(y2) + "\" " + style + "/>\n";
}

void text(std::string& svg, double x, double y, const char* anchor, const std::string& content,
          const char* extra = "") {
  svg += "<text x=\"" + number(x) + "\" y=\"" + number(y) + "\" text-anchor=\"" + anchor + "\"" + extra + ">" +
         escaped(content) + "</text>\n";
}

void grid_and_ticks(std::string& svg, const Frame& f) {
  auto xs = plot::nice_ticks(f.b.x_min, f.b.x_max, 10);
  auto ys = plot::nice_ticks(f.b.y_min, f.b.y_max, 8);
  double x_step = xs.size() > 1 ? xs[1] - xs[0] : 1, y_step = ys.size() > 1 ? ys[1] - ys[0] : 1;
  const char* grid = "stroke=\"#e0e0e0\" stroke-width=\"1\"";
  for (double x : xs) {
    line(svg, f.px(x), f.top, f.px(x), f.bottom, grid);
    text(svg, f.px(x), f.bottom + 18, "middle", plot::tick_text(x, x_step));
  }
  for (double y : ys) {
    line(svg, f.left, f.py(y), f.right, f.py(y), grid);
    text(svg, f.left - 6, f.py(y) + 4, "end", plot::tick_text(y, y_step));
  }
  const char* axis = "stroke=\"#555555\" stroke-width=\"1.2\"";
  if (f.b.y_min <= 0 && 0 <= f.b.y_max) line(svg, f.left, f.py(0), f.right, f.py(0), axis);
  if (f.b.x_min <= 0 && 0 <= f.b.x_max) line(svg, f.px(0), f.top, f.px(0), f.bottom, axis);
  svg += "<rect x=\"" + number(f.left) + "\" y=\"" + number(f.top) + "\" width=\"" + number(f.right - f.left) +
         "\" height=\"" + number(f.bottom - f.top) + "\" fill=\"none\" stroke=\"#333333\"/>\n";
}

// One path per curve; a non-finite value ends the current stroke so the gap shows.
void curve_path(std::string& svg, const Frame& f, const Curve& c, const char* color) {
  std::string d;
  bool pen_down = false;
  for (std::size_t i = 0; i < c.x.size() && i < c.y.size(); ++i) {
    if (!std::isfinite(c.y[i])) {
      pen_down = false;
      continue;
    }
    d += (pen_down ? "L" : "M") + number(f.px(c.x[i])) + " " + number(f.py(c.y[i]));
    pen_down = true;
  }
  svg += "<path d=\"" + d + "\" fill=\"none\" stroke=\"" + color + "\" stroke-width=\"2\"" +
         (c.dashed ? " stroke-dasharray=\"6 4\"" : "") + " clip-path=\"url(#plot-area)\"/>\n";
}

// A dashed curve right after another is its derivative and takes its colour.
std::vector<const char*> curve_colors(const std::vector<Curve>& curves) {
  std::vector<const char*> colors;
  std::size_t next = 0;
  for (std::size_t i = 0; i < curves.size(); ++i) {
    colors.push_back(curves[i].dashed && i > 0 && !curves[i - 1].dashed ? colors.back() : plot::curve_color(next++));
  }
  return colors;
}

void legend(std::string& svg, const Frame& f, const std::vector<Curve>& curves) {
  auto colors = curve_colors(curves);
  double x = f.left + 10, y = f.top + 10, row = 18;
  std::size_t longest = 0;
  for (const auto& c : curves) longest = std::max(longest, c.label.size());
  double width = 40 + 7.5 * static_cast<double>(longest), height = row * static_cast<double>(curves.size()) + 8;
  svg += "<rect x=\"" + number(x) + "\" y=\"" + number(y) + "\" width=\"" + number(width) + "\" height=\"" +
         number(height) + "\" fill=\"#ffffff\" fill-opacity=\"0.85\" stroke=\"#bbbbbb\"/>\n";
  for (std::size_t i = 0; i < curves.size(); ++i) {
    double cy = y + 13 + row * static_cast<double>(i);
    std::string style = std::string("stroke=\"") + colors[i] + "\" stroke-width=\"2\"" +
                        (curves[i].dashed ? " stroke-dasharray=\"6 4\"" : "");
    line(svg, x + 6, cy, x + 30, cy, style.c_str());
    text(svg, x + 36, cy + 4, "start", curves[i].label);
  }
}

}  // namespace

std::string render_svg(const std::vector<Curve>& curves, const ChartStyle& style) {
  double w = style.width, h = style.height;
  Frame f{70, style.title.empty() ? 20.0 : 40.0, w - 20, h - 50, plot::chart_bounds(curves, 0.05)};
  std::string svg = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  svg += "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"" + number(w) + "\" height=\"" +
         number(h) + "\" viewBox=\"0 0 " + number(w) + " " + number(h) +
         "\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" font-size=\"12\">\n";
  svg += "<defs><clipPath id=\"plot-area\"><rect x=\"" + number(f.left) + "\" y=\"" + number(f.top) +
         "\" width=\"" + number(f.right - f.left) + "\" height=\"" + number(f.bottom - f.top) +
         "\"/></clipPath></defs>\n";
  svg += "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n";
  grid_and_ticks(svg, f);
  auto colors = curve_colors(curves);
  for (std::size_t i = 0; i < curves.size(); ++i) curve_path(svg, f, curves[i], colors[i]);
  if (!curves.empty()) legend(svg, f, curves);
  if (!style.title.empty()) text(svg, w / 2, 24, "middle", style.title, " font-size=\"16\"");
  text(svg, (f.left + f.right) / 2, h - 12, "middle", style.x_label, " font-size=\"13\"");
  std::string rotate = " font-size=\"13\" transform=\"rotate(-90 16 " + number((f.top + f.bottom) / 2) + ")\"";
  text(svg, 16, (f.top + f.bottom) / 2, "middle", style.y_label, rotate.c_str());
  svg += "</svg>\n";
  return svg;
}

}  // namespace nnact
