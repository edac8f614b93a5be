// --upstream FILE: opened for one run and handed to the pipeline beside the input.
#pragma once

#include <optional>

#include "cli.hpp"
#include "file_runner.hpp"

namespace nnact::app {

// Opens config.upstream (if given) into `holder` and points run at it, read as the input is
// (dtype, delimiter, header) in its own format; -f applies only when it has the input's format.
inline void attach_upstream(const Config& config, RunOptions& run, std::optional<Input>& holder) {
  if (config.upstream.empty()) return;
  holder.emplace(Input::open(config.upstream));
  run.upstream = &*holder;
  run.upstream_read = run.read;
  run.upstream_read.format = resolve_input_format(*holder, Format::kAuto);
  if (run.upstream_read.format != run.read.format) run.upstream_read.fields.clear();
}

}  // namespace nnact::app
