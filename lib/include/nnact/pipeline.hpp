// Source -> decoder -> op -> encoder -> sink, on worker threads, in stream order.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "nnact/io.hpp"
#include "nnact/ops.hpp"

namespace nnact {

// Several inputs written one after another to one output keep one CSV/TSV header, as Miller
// does: the first input's header record is written, a later input's equal one is dropped.
struct SharedHeader {
  bool seen = false;
  std::string text;  // the first input's header record ("" when it had none)
  bool output_started = false;  // an earlier input has run: a byte order mark is the first's only
};

// An op by name with its parameters as given, not yet bound to a dtype. The pipeline binds it
// for the dtype of the values it reads (Batch::dtype), once per dtype met, so the parameters
// are rounded to the dtype the values are in: with ReadOptions::keep_dtype a float64 npy array
// runs relu in float64 and a CSV in float32, as TensorFlow would.
struct OpRequest {
  std::string name;
  ParamValues params;
  bool grad = false;  // the op's derivative (--grad)
  // Op::make(name, params, dtype, grad); throws Error(kUsage) as it does.
  Op bind(DType dtype) const { return Op::make(name, params, dtype, grad); }
};

struct RunOptions {
  ReadOptions read;
  WriteOptions write;
  int jobs = 1;  // worker threads; the output never depends on it
  // Set when this run appends to an output other inputs were written to. A header that differs
  // from the first input's (or one input with a header and another without) throws Error(kData).
  SharedHeader* shared_header = nullptr;
  // --upstream: with an op bound with grad, the upstream gradient dy read with upstream_read
  // (format resolved) and streamed beside the input, one value per transformed value (crelu:
  // two); the output is dy * f'(x). Runs on one thread. A count that differs is Error(kUsage).
  Input* upstream = nullptr;
  ReadOptions upstream_read;
};

// What a run did that the caller may want to tell the user about (the library never prints).
struct RunStats {
  // Non-finite results written as JSON null (--json-nonfinite null): worth one warning.
  std::uint64_t nonfinite_nulls = 0;
  // Missing values read (empty cells, --na tokens, JSON nulls among numbers): -v reports them.
  std::uint64_t missing = 0;
  // The dtypes the values were computed in, in the order first met (empty: no values read).
  std::vector<DType> dtypes;
  // The input was one row that --header auto took for a header, and nothing else: it was
  // copied and nothing transformed ("hello world", "1;-2;3" without -d ';'). Worth a warning.
  bool only_guessed_header = false;
  std::string note;  // Decoder::note(): e.g. a first line taken for a comment
};

// Transforms everything `input` holds with `op`, bound to the dtype of each batch the reader
// gives, and writes it to `output` (not committed). read.format / write.format must be
// resolved (not kAuto). Throws Error or PipeClosed.
RunStats run_pipeline(Input& input, const OpRequest& op, Output& output, const RunOptions& options);
// The same with an op already bound: every value is read in op.dtype() (options.read.dtype and
// keep_dtype are overridden).
RunStats run_pipeline(Input& input, const Op& op, Output& output, const RunOptions& options);

// Transforms like run_pipeline but hands each transformed batch to `sink`, in stream order and
// one at a time (not always on the calling thread), instead of encoding it (regression checks).
// options.write is unused.
RunStats run_pipeline(Input& input, const OpRequest& op, const std::function<void(Batch&&)>& sink,
                      const RunOptions& options);

}  // namespace nnact
