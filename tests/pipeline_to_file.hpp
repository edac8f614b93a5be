// Runs the library pipeline on in-memory input bytes and returns what it wrote to a real (atomic)
// output file: the path a CLI run takes, without spawning one. Shared by the typed-batch and
// kept-text tests.
#pragma once

#include <string>

#include "cli_runner.hpp"
#include "nnact/io.hpp"
#include "nnact/pipeline.hpp"

namespace nnact::test {

inline std::string run_pipeline_to_file(const std::string& bytes, const std::string& name, const OpRequest& request,
                                        const RunOptions& options) {
  Input input = Input::from_bytes(bytes, name);
  TempDir dir;
  Output output = Output::atomic_file(dir.file("out"));
  run_pipeline(input, request, output, options);
  output.commit();
  return read_file(dir.file("out"));
}

}  // namespace nnact::test
