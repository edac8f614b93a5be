// Diagnostics: spdlog on stderr as "nnact: message"; data never goes there.
#pragma once

#include <string>

namespace nnact::app {

// quiet: errors only; verbose 1: info, 2: debug. Warnings otherwise.
void setup_logging(bool quiet, int verbose);

// "nnact 0.1.0 (Release, GCC 12.2.0)"
std::string version_text();

}  // namespace nnact::app
