// Runs a Python script with NumPy (Debian's /usr/bin/python3 and python3-numpy, installed by
// `make deps`), so tests can check nnact against files and values NumPy itself produces.
#pragma once

#include <doctest/doctest.h>

#include <string>

#include "cli_runner.hpp"

namespace nnact::test {

// `script` runs after "import numpy as np"; its standard output is returned. A failing script
// fails the test (REQUIRE), with Python's message.
inline std::string run_numpy(const std::string& script) {
  auto result = run_program("/usr/bin/python3", {"-c", "import numpy as np\n" + script});
  INFO("python: " << result.err);
  REQUIRE(result.code == 0);
  return result.out;
}

}  // namespace nnact::test
