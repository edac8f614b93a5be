// Source -> decoder -> op -> encoder -> sink, on worker threads, in stream order.
#pragma once

#include <cstdint>

#include "nnact/io.hpp"
#include "nnact/ops.hpp"

namespace nnact {

struct RunOptions {
  ReadOptions read;
  WriteOptions write;
  int jobs = 1;  // worker threads; the output never depends on it
};

// What a run did that the caller may want to tell the user about (the library never prints).
struct RunStats {
  // Non-finite results written as JSON null (--json-nonfinite null): worth one warning.
  std::uint64_t nonfinite_nulls = 0;
};

// Transforms everything `input` holds with `op` and writes it to `output` (not committed).
// read.format / write.format must be resolved (not kAuto). Throws Error or PipeClosed.
RunStats run_pipeline(Input& input, const Op& op, Output& output, const RunOptions& options);

}  // namespace nnact
