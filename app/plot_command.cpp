#include "plot_command.hpp"

#include <spdlog/spdlog.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "cli.hpp"
#include "exit_code.hpp"
#include "nnact/io.hpp"
#include "nnact/plot.hpp"
#include "nnact/status.hpp"

namespace nnact::app {
namespace {

constexpr std::size_t kPoints = 801;

void parse_range(const std::string& text, double& lo, double& hi) {
  auto colon = text.find(':');
  if (colon == std::string::npos || !parse_number(std::string_view(text).substr(0, colon), DType::kFloat64, lo) ||
      !parse_number(std::string_view(text).substr(colon + 1), DType::kFloat64, hi) || !(lo < hi) ||
      !std::isfinite(lo) || !std::isfinite(hi)) {
    throw usage_error("--range: expected LO:HI with finite numbers LO < HI, not \"" + text + "\"");
  }
}

// The op's own share of the parameters given, and its legend label ("elu alpha=0.5").
Op bind_op(const std::string& name, const ParamValues& given, std::string& label) {
  const OpSpec* spec = find_op(name);
  ParamValues own;
  label = name;
  if (spec) {
    for (const auto& p : spec->params) {
      auto it = given.find(p.name);
      if (it == given.end()) continue;
      own.insert(*it);
      label += " " + it->first + "=" + it->second;
    }
  }
  return Op::make(name, own, DType::kFloat64);  // unknown names: usage error naming the closest
}

std::vector<Curve> curves_of(const PlotOptions& o, double lo, double hi) {
  for (const auto& [param, value] : o.params) {
    bool taken = std::any_of(o.ops.begin(), o.ops.end(), [&, &param = param](const std::string& name) {
      const OpSpec* spec = find_op(name);
      return spec && std::any_of(spec->params.begin(), spec->params.end(),
                                 [&](const ParamSpec& p) { return p.name == param; });
    });
    if (!taken) throw usage_error("--" + param + ": none of the plotted ops takes it");
  }
  std::vector<Curve> curves;
  for (const auto& name : o.ops) {
    std::string label;
    Op op = bind_op(name, o.params, label);
    curves.push_back(sample_op(op, lo, hi, kPoints, false));
    curves.back().label = label;
    if (o.derivative) {
      curves.push_back(sample_op(op, lo, hi, kPoints, true));
      curves.back().label = "d/dx " + label;
    }
  }
  return curves;
}

void draw_on_terminal(const std::vector<Curve>& curves) {
  winsize size{};
  int columns = 80, rows = 24;
  if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) columns = size.ws_col, rows = size.ws_row;
  const char* term = std::getenv("TERM");
  bool color = !std::getenv("NO_COLOR") && !(term && std::string(term) == "dumb");
  std::cout << render_braille(curves, std::clamp(columns, 20, 120), std::clamp(rows - 2, 8, 24), color);
}

}  // namespace

CLI::App* add_plot_command(CLI::App& cli, PlotOptions& o) {
  CLI::App* plot = cli.add_subcommand("plot", "Draw ops as an SVG chart, or on a terminal");
  plot->add_option("--op", o.ops, "an op to draw; repeat to overlay several with a legend")
      ->required()->allow_extra_args(false)->group("Op")->type_name("NAME");
  plot->add_option("stray", o.stray)->group("");  // caught to say that plot reads no files
  add_op_parameters(*plot, o.params, false);
  plot->add_option("--range", o.range, "x range LO:HI (default -6:6); negative LO: --range=-6:6 also works")
      ->group("Op")->type_name("LO:HI");
  plot->add_flag("--derivative", o.derivative,
                 "also draw each op's derivative (exact, as --grad computes it)")->group("Op");
  plot->add_option("-o,--output", o.output,
                   "SVG file to write; '-' (default): braille on a terminal, SVG when stdout is not one")
      ->group("Output")->type_name("PATH");
  return plot;
}

int run_plot(const PlotOptions& o) {
  return exit_code_of([&] {
    if (!o.stray.empty()) {
      throw usage_error("plot takes no input files (it draws ops over --range), not \"" + o.stray.front() + "\"");
    }
    std::string extension = std::filesystem::path(o.output).extension().string();
    std::transform(extension.begin(), extension.end(), extension.begin(), [](unsigned char c) { return std::tolower(c); });
    if (o.output != "-" && !extension.empty() && extension != ".svg") {
      throw usage_error("plot writes SVG only: -o " + o.output + " would hold SVG under a " + extension +
                        " name (use a .svg name, or convert it, e.g. rsvg-convert -o r.png r.svg)");
    }
    double lo = 0, hi = 0;
    parse_range(o.range, lo, hi);
    std::vector<Curve> curves = curves_of(o, lo, hi);
    bool to_stdout = o.output.empty() || o.output == "-";
    if (to_stdout && isatty(STDOUT_FILENO)) {
      draw_on_terminal(curves);
      return 0;
    }
    ChartStyle style;
    for (std::size_t i = 0; i < o.ops.size(); ++i) style.title += (i ? ", " : "") + o.ops[i];
    style.y_label = o.derivative ? "f(x), f'(x)" : "f(x)";
    Output output = to_stdout ? Output::standard_output() : Output::atomic_file(o.output);
    output.write(render_svg(curves, style));
    output.commit();
    if (!to_stdout) spdlog::info("wrote {}", o.output);
    return 0;
  });
}

}  // namespace nnact::app
