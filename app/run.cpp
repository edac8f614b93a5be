#include "run.hpp"

#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <set>

#include "check.hpp"
#include "exit_code.hpp"
#include "file_runner.hpp"
#include "upstream_input.hpp"
#include "nnact/status.hpp"

namespace nnact::app {
namespace {

namespace fs = std::filesystem;

// The library counts non-finite results it wrote as JSON null; the user hears of it once.
void warn_nonfinite(std::uint64_t nulls) {
  if (nulls > 0) {
    spdlog::warn("{} non-finite result{} written as JSON null (--json-nonfinite literal keeps them)", nulls,
                 nulls == 1 ? "" : "s");
  }
}

// -v: how many missing values went through as they were.
void report_missing(std::uint64_t missing) {
  if (missing > 0) spdlog::info("{} missing value{} (empty cells, --na tokens, JSON null) kept in place", missing,
                                missing == 1 ? "" : "s");
}

// -v: the dtype each input was computed in (--dtype auto: an npy array's own).
void note_dtypes(const Input& input, const RunStats& stats) {
  if (stats.dtypes.empty()) return;
  std::string names;
  for (DType dtype : stats.dtypes) names += (names.empty() ? "" : ", ") + std::string(dtype_name(dtype));
  spdlog::info("{}: computed in {}", input.name(), names);
}

// A run that copied one guessed header row and transformed nothing was likely misread: say so
// (once per input; -q silences it).
// Also -v's dtype note and the reader's note. Returns the JSON nulls written, for the one warning at the end.
std::uint64_t heard(const RunStats& stats, const Input& input) {
  note_dtypes(input, stats);
  if (!stats.note.empty()) spdlog::info("{}: {}", input.name(), stats.note);
  if (stats.only_guessed_header) {
    spdlog::warn("{}: nothing transformed: its only row was taken for a header (--header auto); -n reads it as "
                 "data, -d sets the delimiter",
                 input.name());
  }
  return stats.nonfinite_nulls;
}

RunOptions resolved(const Config& config, Input& input, int jobs) {
  RunOptions run = config.run;
  run.read.format = resolve_input_format(input, run.read.format);
  if (run.write.format == Format::kAuto) run.write.format = run.read.format;
  run.jobs = jobs;
  return run;
}

// Several inputs to one output (stdout or -o): one after another, in argument order, with
// Miller's header rule. -o is committed only when every input went through.
int run_concatenated(const Config& config) {
  // An .npy file holds one array with its shape in front: inputs cannot follow one another.
  bool npy_out = config.run.write.format == Format::kNpy ||
                 (config.run.write.format == Format::kAuto &&
                  std::any_of(config.files.begin(), config.files.end(),
                              [](const std::string& f) { return format_from_extension(f) == Format::kNpy; }));
  if (npy_out && config.files.size() > 1) {
    throw usage_error("npy output holds one array: give one input, or --output-dir for one .npy per input");
  }
  bool to_stdout = config.output.empty() || config.output == "-";
  Output output = to_stdout ? Output::standard_output() : Output::atomic_file(config.output, -1, config.fsync);
  Compression compression = config.compress.value_or(to_stdout ? Compression::kNone : compression_from_extension(config.output));
  if (compression != Compression::kNone) output.compress(compression);
  SharedHeader header;
  std::atomic<std::uint64_t> nulls{0}, missing{0};
  int code = run_files(config, 1, [&](std::size_t index, int jobs, std::atomic<std::uint64_t>* bytes) {
    Input input = Input::open(config.files[index]);
    input.count_bytes(bytes);
    RunOptions run = resolved(config, input, jobs);
    if (to_stdout && run.write.format == Format::kNpy && isatty(STDOUT_FILENO)) {
      throw usage_error("binary output to a terminal; use -o or redirect (npy is not text)");  // as gzip refuses
    }
    run.shared_header = config.files.size() > 1 ? &header : nullptr;
    std::optional<Input> upstream;
    attach_upstream(config, run, upstream);
    RunStats stats = run_pipeline(input, config.op, output, run);
    nulls += heard(stats, input);
    missing += stats.missing;
    return FileOutcome{};
  }, false);
  if (code != 0) return code;
  output.commit();
  warn_nonfinite(nulls);
  report_missing(missing);
  if (!to_stdout) spdlog::info("wrote {}", config.output);
  return 0;
}

std::string base_name(const std::string& path) { return fs::path(path).filename().string(); }

// --output-dir: DIR/<base name without extension><extension of the output format>, then that
// of the compression: the input's unless --compress says otherwise.
std::string output_path(const Config& config, const std::string& input, Format input_format,
                        Compression input_compression) {
  Format format = config.run.write.format == Format::kAuto ? input_format : config.run.write.format;
  fs::path stem = fs::path(strip_compression_extension(input)).stem();
  return (fs::path(config.batch.output_dir) / stem).string() + format_extension(format) +
         compression_extension(config.compress.value_or(input_compression));
}

// Two inputs that would write the same output file are refused before anything is written.
void check_distinct_outputs(const Config& config) {
  std::set<std::string> seen;
  for (const auto& file : config.files) {
    Format guess = config.run.read.format != Format::kAuto ? config.run.read.format : format_from_extension(file);
    std::string out = guess == Format::kAuto ? base_name(file)
                                             : output_path(config, file, guess, compression_from_extension(file));
    if (!seen.insert(out).second) throw usage_error("two inputs would both write " + out + " in --output-dir");
  }
}

// -I writes the result over the input under its own name: in another format (--to) that file
// would hold data its name and its readers do not expect. Refused before any file is written;
// an input that cannot be opened is left to the run to report.
void check_in_place_format(const Config& config) {
  const Format to = config.run.write.format;
  if (to == Format::kAuto) return;
  for (const auto& file : config.files) {
    Format from = config.run.read.format;
    if (from == Format::kAuto) from = format_from_extension(file);
    if (from == Format::kAuto) {
      try {
        Input input = Input::open(file);
        from = sniff_format(input.peek(1 << 16));
      } catch (const Error&) {
        continue;
      }
    }
    if (from != to) {
      throw Error(ErrorKind::kUsage, file,
                  std::string("-I would write ") + format_name(to) + " into this " + format_name(from) +
                      " file; -I keeps the input's format (use -o or --output-dir to convert)");
    }
  }
}

// --output-dir or -I: one atomic output per input, files spread over the workers.
int run_each(const Config& config) {
  if (config.batch.in_place) check_in_place_format(config);
  if (!config.batch.output_dir.empty()) {
    check_distinct_outputs(config);
    std::error_code error;
    fs::create_directories(config.batch.output_dir, error);
    if (error) throw Error(ErrorKind::kIo, config.batch.output_dir, error.message());
  }
  int workers = config.run.jobs;
  std::atomic<std::uint64_t> nulls{0}, missing{0};
  int code = run_files(config, workers, [&](std::size_t index, int jobs, std::atomic<std::uint64_t>* bytes) {
    const std::string& file = config.files[index];
    Input input = Input::open(file);
    input.count_bytes(bytes);
    RunOptions run = resolved(config, input, jobs);
    std::string target;
    int mode = -1;
    if (config.batch.in_place) {
      std::error_code error;
      target = fs::canonical(file, error).string();  // a symlink keeps pointing at the rewritten file
      if (error) target = file;
      struct stat st {};
      if (::stat(target.c_str(), &st) == 0) mode = static_cast<int>(st.st_mode & 07777);
    } else {
      target = output_path(config, file, run.read.format, input.compression());
      std::error_code error;
      if (fs::equivalent(file, target, error)) {
        throw usage_error("--output-dir would write " + target + " over this input; use -I/--in-place to rewrite a file");
      }
    }
    FileOutcome outcome;
    outcome.output = Output::atomic_file(target, mode, config.fsync);
    // -I keeps the file's compression; --output-dir too unless --compress says otherwise.
    Compression compression = config.compress.value_or(input.compression());
    if (compression != Compression::kNone) outcome.output->compress(compression);
    std::optional<Input> upstream;
    attach_upstream(config, run, upstream);
    RunStats stats = run_pipeline(input, config.op, *outcome.output, run);
    nulls += heard(stats, input);
    missing += stats.missing;
    outcome.output->close();  // no descriptor held while it waits to be committed in argument order
    return outcome;
  }, false);
  warn_nonfinite(nulls);
  report_missing(missing);
  return code;
}

}  // namespace

int run(Config& config) {
  return exit_code_of([&] {
    if (config.check.active()) return run_checks(config);
    if (config.batch.in_place || !config.batch.output_dir.empty()) return run_each(config);
    return run_concatenated(config);
  });
}

}  // namespace nnact::app
