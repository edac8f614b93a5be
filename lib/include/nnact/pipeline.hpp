// Source -> decoder -> op -> encoder -> sink, on worker threads, in stream order.
#pragma once

#include "nnact/io.hpp"
#include "nnact/ops.hpp"

namespace nnact {

struct RunOptions {
  ReadOptions read;
  WriteOptions write;
  int jobs = 1;  // worker threads; the output never depends on it
};

// Transforms everything `input` holds with `op` and writes it to `output` (not committed).
// read.format / write.format must be resolved (not kAuto). Throws Error or PipeClosed.
void run_pipeline(Input& input, const Op& op, Output& output, const RunOptions& options);

}  // namespace nnact
