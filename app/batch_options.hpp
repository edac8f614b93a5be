// Options of batch runs (several inputs, --output-dir, -I, --files-from, progress) and of
// regression checks (--expect): their own CLI groups, "Batch" and "Checks".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "nnact/compare.hpp"

namespace CLI {
class App;
}

namespace nnact::app {

enum class ProgressMode { kAuto, kAlways, kNever };

// As typed on the command line.
struct BatchCli {
  std::string output_dir;
  bool in_place = false;
  std::string files_from;
  bool null_separated = false;  // -0/--null: --files-from paths end with NUL, not newline
  bool keep_going = false;
  std::string progress = "auto";
  std::string expect;
  std::string expect_dir;
  std::optional<double> rtol, atol;
  std::optional<long long> max_ulps;  // signed, so that -1 is refused rather than wrapped
  std::string report = "text";
};

struct BatchConfig {
  std::string output_dir;  // one output per input there
  bool in_place = false;
  bool keep_going = false;
  ProgressMode progress = ProgressMode::kAuto;
};

struct CheckConfig {
  std::string expect;      // one expected file
  std::string expect_dir;  // or a directory of them, paired by base name
  Tolerance tolerance;
  bool json_report = false;
  bool active() const { return !expect.empty() || !expect_dir.empty(); }
};

void add_batch_options(CLI::App& cli, BatchCli& options);

// Checks the batch and check options against each other, -o and the inputs (which it extends
// with --files-from) and fills `batch` and `check`. Throws Error(kUsage), Error(kIo) when the
// list cannot be read.
void convert_batch(const BatchCli& options, const std::string& output, std::vector<std::string>& files,
                   BatchConfig& batch, CheckConfig& check);

}  // namespace nnact::app
