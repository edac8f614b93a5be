// The terminal chart: each character cell is a 2 x 4 grid of braille dots (U+2800 + dot bits),
// so a 60 x 16 cell plot has 120 x 64 dots. Curves are drawn as connected dot lines.
#include <algorithm>
#include <cmath>
#include <cstdint>

#include "nnact/plot.hpp"
#include "nnact/status.hpp"
#include "scale.hpp"

namespace nnact {
namespace {

// Bit of the dot at (column dx 0..1, row dy 0..3) of a braille cell.
constexpr std::uint8_t kDotBit[4][2] = {{0x01, 0x08}, {0x02, 0x10}, {0x04, 0x20}, {0x40, 0x80}};
// ANSI foreground colours close to curve_color()'s first ones: blue, yellow, green, red, ...
constexpr int kAnsi[] = {34, 33, 32, 31, 35, 36};

class DotCanvas {
 public:
  DotCanvas(int cells_x, int cells_y)
      : cx_(cells_x), cy_(cells_y), bits_(static_cast<std::size_t>(cx_ * cy_)), owner_(bits_.size(), -1) {}
  int width() const { return cx_ * 2; }
  int height() const { return cy_ * 4; }

  void set(int x, int y, int owner) {
    if (x < 0 || y < 0 || x >= width() || y >= height()) return;
    std::size_t cell = static_cast<std::size_t>((y / 4) * cx_ + x / 2);
    bits_[cell] |= kDotBit[y % 4][x % 2];
    if (owner >= 0) owner_[cell] = owner;
  }

  // Bresenham between two dots, so steep parts of a curve stay connected.
  void segment(int x0, int y0, int x1, int y1, int owner) {
    int dx = std::abs(x1 - x0), dy = -std::abs(y1 - y0), sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1;
    for (int err = dx + dy;;) {
      set(x0, y0, owner);
      if (x0 == x1 && y0 == y1) break;
      int e2 = 2 * err;
      if (e2 >= dy) err += dy, x0 += sx;
      if (e2 <= dx) err += dx, y0 += sy;
    }
  }

  void append_row(int row, bool color, std::string& out) const {
    int current = -1;
    for (int c = 0; c < cx_; ++c) {
      std::size_t cell = static_cast<std::size_t>(row * cx_ + c);
      int owner = bits_[cell] ? owner_[cell] : -1;
      if (color && owner != current) {
        out += owner < 0 ? "\x1b[0m" : "\x1b[" + std::to_string(kAnsi[owner % std::size(kAnsi)]) + "m";
        current = owner;
      }
      char32_t code = 0x2800 + bits_[cell];
      out += static_cast<char>(0xE0 | (code >> 12));
      out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (code & 0x3F));
    }
    if (color && current >= 0) out += "\x1b[0m";
  }

 private:
  int cx_, cy_;
  std::vector<std::uint8_t> bits_;
  std::vector<int> owner_;
};

std::string padded_left(std::string text, std::size_t width) {
  return text.size() >= width ? text : std::string(width - text.size(), ' ') + text;
}

}  // namespace

std::string render_braille(const std::vector<Curve>& curves, int columns, int rows, bool color) {
  if (columns < 20 || rows < 5) throw usage_error("a terminal chart needs at least 20 x 5 characters");
  plot::Bounds b = plot::chart_bounds(curves, 0.02);
  std::string top = plot::tick_text(b.y_max, (b.y_max - b.y_min) / 100, 3);
  std::string bottom = plot::tick_text(b.y_min, (b.y_max - b.y_min) / 100, 3);
  std::size_t label_width = std::max(top.size(), bottom.size());
  int plot_rows = rows - 3;  // x axis line, x labels, legend
  DotCanvas canvas(columns - static_cast<int>(label_width) - 2, plot_rows);
  auto dot_x = [&](double x) {
    return static_cast<int>(std::lround((x - b.x_min) / (b.x_max - b.x_min) * (canvas.width() - 1)));
  };
  auto dot_y = [&](double y) {
    return static_cast<int>(std::lround((b.y_max - y) / (b.y_max - b.y_min) * (canvas.height() - 1)));
  };
  if (b.y_min < 0 && b.y_max > 0) {
    for (int x = 0; x < canvas.width(); x += 2) canvas.set(x, dot_y(0), -1);  // a dotted y = 0 line
  }
  for (std::size_t i = 0; i < curves.size(); ++i) {
    const Curve& c = curves[i];
    bool have_last = false;
    int last_x = 0, last_y = 0;
    for (std::size_t k = 0; k < c.x.size() && k < c.y.size(); ++k) {
      if (!std::isfinite(c.y[k])) {
        have_last = false;
        continue;
      }
      int x = dot_x(c.x[k]), y = dot_y(c.y[k]);
      if (have_last) canvas.segment(last_x, last_y, x, y, static_cast<int>(i));
      canvas.set(x, y, static_cast<int>(i));
      have_last = true, last_x = x, last_y = y;
    }
  }
  std::string out;
  for (int r = 0; r < plot_rows; ++r) {
    std::string label = r == 0 ? top : r == plot_rows - 1 ? bottom : "";
    out += padded_left(label, label_width) + (r == 0 || r == plot_rows - 1 ? " ┤" : " │");
    canvas.append_row(r, color, out);
    out += '\n';
  }
  out += std::string(label_width + 1, ' ') + "└";
  for (int c = 0; c < canvas.width() / 2; ++c) out += "─";
  std::string left = plot::tick_text(b.x_min, (b.x_max - b.x_min) / 100, 3);
  std::string right = plot::tick_text(b.x_max, (b.x_max - b.x_min) / 100, 3);
  std::size_t gap = static_cast<std::size_t>(canvas.width() / 2) + 1;
  gap = gap > left.size() + right.size() ? gap - left.size() - right.size() : 1;
  out += '\n' + std::string(label_width + 1, ' ') + left + std::string(gap, ' ') + right + '\n';
  std::string legend = std::string(label_width + 2, ' ');
  for (std::size_t i = 0; i < curves.size(); ++i) {
    std::string mark = curves[i].dashed ? "╌╌ " : "── ";
    if (color) mark = "\x1b[" + std::to_string(kAnsi[i % std::size(kAnsi)]) + "m" + mark + "\x1b[0m";
    legend += (i ? "   " : "") + mark + curves[i].label;
  }
  out += legend + '\n';
  return out;
}

}  // namespace nnact
