// Runs a checked configuration: resolves formats per input, runs the pipeline, reports errors
// as "nnact: file:line:col: message" and returns the exit code of SPEC.md section 5.
#pragma once

#include "cli.hpp"

namespace nnact::app {

int run(Config& config);

}  // namespace nnact::app
