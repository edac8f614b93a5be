// Source -> decoder -> op -> encoder -> sink, on worker threads, in stream order.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "nnact/io.hpp"
#include "nnact/ops.hpp"

namespace nnact {

// Several inputs written one after another to one output keep one CSV/TSV header, as Miller
// does: the first input's header record is written, a later input's equal one is dropped.
struct SharedHeader {
  bool seen = false;
  std::string text;  // the first input's header record ("" when it had none)
};

struct RunOptions {
  ReadOptions read;
  WriteOptions write;
  int jobs = 1;  // worker threads; the output never depends on it
  // Set when this run appends to an output other inputs were written to. A header that differs
  // from the first input's (or one input with a header and another without) throws Error(kData).
  SharedHeader* shared_header = nullptr;
};

// What a run did that the caller may want to tell the user about (the library never prints).
struct RunStats {
  // Non-finite results written as JSON null (--json-nonfinite null): worth one warning.
  std::uint64_t nonfinite_nulls = 0;
  std::string note;  // Decoder::note(): e.g. a first line taken for a comment
};

// Transforms everything `input` holds with `op` and writes it to `output` (not committed).
// read.format / write.format must be resolved (not kAuto). Throws Error or PipeClosed.
RunStats run_pipeline(Input& input, const Op& op, Output& output, const RunOptions& options);

// Transforms like run_pipeline but hands each transformed batch to `sink`, in stream order and
// one at a time (not always on the calling thread), instead of encoding it (regression checks). options.write is unused.
void run_pipeline(Input& input, const Op& op, const std::function<void(Batch&&)>& sink,
                  const RunOptions& options);

}  // namespace nnact
