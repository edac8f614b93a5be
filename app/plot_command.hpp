// `nnact plot`: pictures of ops, as an SVG file or as braille characters on a terminal.
#pragma once

#include <string>
#include <vector>

#include "nnact/ops.hpp"

namespace CLI {
class App;
}

namespace nnact::app {

struct PlotOptions {
  std::vector<std::string> ops;
  ParamValues params;  // each applies to every plotted op that takes it
  std::string range = "-6:6";
  bool derivative = false;
  std::string output = "-";
  std::vector<std::string> stray;  // positional arguments: plot reads no files
};

// Adds the `plot` subcommand to `cli`, its options bound to `options`.
CLI::App* add_plot_command(CLI::App& cli, PlotOptions& options);

// Draws what `options` ask for; returns the exit code (errors already reported).
int run_plot(const PlotOptions& options);

}  // namespace nnact::app
