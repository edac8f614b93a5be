// Runs one piece of work per input file on a few worker threads, reports outcomes and commits
// output files in argument order, stops after a failure unless --keep-going (files after it are
// not started, or their results dropped), so the outcome never depends on -j; and ends with a
// summary line for several files.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "cli.hpp"
#include "nnact/io.hpp"

namespace nnact::app {

struct FileOutcome {
  int code = 0;         // SPEC exit code: 0 done, 1 values differ, 2-4 failed
  std::string error;    // the message for a failure ("file:line:col: ...")
  std::string report;   // written to standard output (a mismatch report)
  std::optional<Output> output;  // committed when its turn comes, unless an earlier file failed
};

// `work(index, jobs, bytes)` handles files[index] with `jobs` threads, adding the bytes it reads
// to `bytes`; it reports failures in its outcome (Error is caught for it). `workers` files run at
// once. Returns the worst exit code. PipeClosed is passed on.
using FileWork = std::function<FileOutcome(std::size_t index, int jobs, std::atomic<std::uint64_t>* bytes)>;
int run_files(const Config& config, int workers, const FileWork& work, bool checking);

// --from auto: the file extension, then the first bytes (standard input included).
Format resolve_input_format(Input& input, Format asked);

}  // namespace nnact::app
