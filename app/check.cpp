#include "check.hpp"

#include <spdlog/spdlog.h>

#include <filesystem>
#include <string>
#include <vector>

#include "file_runner.hpp"
#include "upstream_input.hpp"
#include "nnact/status.hpp"

namespace nnact::app {
namespace {

namespace fs = std::filesystem;

// --expect-dir: the file of the same name in DIR, else the one with the same stem and the
// extension of any format, with or without a compression extension.
std::string expected_for(const std::string& input, const std::string& dir) {
  fs::path same = fs::path(dir) / fs::path(input).filename();
  if (fs::exists(same)) return same.string();
  // Then the name without the input's compression, in any format, compressed or not: a.csv.gz
  // is checked against a.csv, a.csv.zst, a.json, a.json.gz, ...
  fs::path plain = fs::path(strip_compression_extension(input)).filename();
  std::vector<std::string> names{plain.string()};
  for (Format format : {Format::kCsv, Format::kTsv, Format::kJson, Format::kNdjson, Format::kNpy, Format::kTxt,
                        Format::kSafetensors, Format::kNpz}) {
    names.push_back(plain.stem().string() + format_extension(format));
  }
  for (const std::string& name : names) {
    for (Compression compression :
         {Compression::kNone, Compression::kGzip, Compression::kZstd, Compression::kBzip2, Compression::kXz}) {
      fs::path other = fs::path(dir) / (name + compression_extension(compression));
      if (fs::exists(other)) return other.string();
    }
  }
  throw Error(ErrorKind::kIo, same.string(), "no expected file for " + input + " (--expect-dir " + dir + ")");
}

}  // namespace

int run_checks(const Config& config) {
  const CheckConfig& check = config.check;
  return run_files(config, config.run.jobs, [&](std::size_t index, int jobs, std::atomic<std::uint64_t>* bytes) {
    const std::string& file = config.files[index];
    std::string expected_path = check.expect.empty() ? expected_for(file, check.expect_dir) : check.expect;
    Input input = Input::open(file);
    input.count_bytes(bytes);
    RunOptions run = config.run;
    run.read.format = resolve_input_format(input, run.read.format);
    run.jobs = jobs;

    // The expected file is read as the input is (dtype, delimiter, header, row mode), in its own
    // format; -f applies to it only when it has the input's format (the same columns).
    Input expected_input = Input::open(expected_path);
    ReadOptions read = config.run.read;
    read.format = resolve_input_format(expected_input, Format::kAuto);
    if (read.format != run.read.format) read.fields.clear();

    std::optional<Input> upstream;
    attach_upstream(config, run, upstream);
    Comparison comparison = compare_run(input, config.op, run, expected_input, read, check.tolerance);
    spdlog::info("{}: compared in {}", input.name(), dtype_name(comparison.dtype));
    // Text reports say nothing on success; a JSON report is always written, for scripts.
    if (comparison.ok() && !check.json_report) return FileOutcome{};
    return FileOutcome{comparison.ok() ? 0 : 1, {}, format_report(comparison, input.name(), expected_path, check), {}};
  }, true);
}

}  // namespace nnact::app
