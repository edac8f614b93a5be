#include "run.hpp"

#include <spdlog/spdlog.h>

#include "exit_code.hpp"
#include "nnact/status.hpp"

namespace nnact::app {
namespace {

// --from auto: the file extension, then the first bytes (standard input included).
Format resolve_input_format(Input& input, Format asked) {
  if (asked != Format::kAuto) return asked;
  Format format = format_from_extension(input.path());
  const char* how = "extension";
  if (format == Format::kAuto) {
    format = sniff_format(input.peek(4096));
    how = "content";
  }
  spdlog::info("{}: reading {} (by {})", input.name(), format_name(format), how);
  return format;
}

void transform_file(const std::string& path, const Config& config, Output& output) {
  Input input = Input::open(path);
  RunOptions run = config.run;
  run.read.format = resolve_input_format(input, run.read.format);
  if (run.write.format == Format::kAuto) run.write.format = run.read.format;
  run_pipeline(input, config.op, output, run);
}

}  // namespace

int run(Config& config) {
  return exit_code_of([&] {
    bool to_stdout = config.output.empty() || config.output == "-";
    Output output = to_stdout ? Output::standard_output() : Output::atomic_file(config.output);
    for (const auto& file : config.files) transform_file(file, config, output);
    output.commit();
    if (!to_stdout) spdlog::info("wrote {}", config.output);
  });
}

}  // namespace nnact::app
