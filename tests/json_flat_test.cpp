// The NDJSON fast path for flat numeric arrays must agree with nlohmann's path (used by the JSON
// document reader) on every valid line, and leave every invalid one to nlohmann's errors.
#include <doctest/doctest.h>

#include "cli_runner.hpp"

using nnact::test::run_cli;

TEST_CASE("NDJSON flat arrays read exactly as the JSON reader reads them") {
  const char* lines[] = {
      "[1.0, -0.5, 3.4, -2.1, 0.0, -6.5]",
      "[ -0 , 0.0 , 1e5, 1E+5, 2.5e-3, 123456789, 16777217, -9007199254740993 ]",
      "[3.4028235e38, 3.4028236e38, 1e-45, 7e-46, 1e300, -1e300]",
      "[0.1]",
  };
  for (const char* dtype : {"float32", "float64"}) {
    for (const char* line : lines) {
      CAPTURE(line);
      CAPTURE(dtype);
      auto as_document = run_cli({"--op", "gelu", "--dtype", dtype, "--from", "json", "--to", "ndjson",
                                  "--json-nonfinite", "literal"},
                                 line);
      auto as_line = run_cli({"--op", "gelu", "--dtype", dtype, "--from", "ndjson",
                              "--json-nonfinite", "literal"},
                             std::string(line) + "\n");
      CHECK(as_document.code == 0);
      CHECK(as_line.code == 0);
      CHECK(as_line.out == as_document.out);
    }
  }
}

TEST_CASE("NDJSON: an empty array passes through, beyond the dtype's range is +-inf or +-0") {
  CHECK(run_cli({"--op", "relu", "--from", "ndjson"}, "[]\n[-1]\n").out == "[]\n[0]\n");
  for (const char* dtype : {"float32", "float64"}) {
    CAPTURE(dtype);
    auto overflow = run_cli({"--op", "linear", "--from", "ndjson", "--dtype", dtype, "--json-nonfinite", "literal"},
                            "[1e999,-1e999,1e-999,-1e-999]\n");
    CHECK(overflow.out == "[Infinity,-Infinity,0,-0]\n");
  }
}

TEST_CASE("NDJSON lines that are not strict JSON still fail with nlohmann's message") {
  for (const char* line : {"[01]", "[1.]", "[1,]", "[.5]", "[+1]", "[1 2]", "[1]]", "[-]", "[1e]"}) {
    CAPTURE(line);
    auto result = run_cli({"--op", "relu", "--from", "ndjson"}, std::string("[2]\n") + line + "\n");
    CHECK(result.code == 3);
    CHECK(result.err.rfind("nnact: <stdin>:2:", 0) == 0);
  }
}
