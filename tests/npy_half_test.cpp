// npy and the 16-bit dtypes (issue 12): float16 reads and writes as '<f2' (dtype_auto_test.cpp
// checks the bits against NumPy); bfloat16 has no npy descr, so both directions are refused
// with a message that says why and where to go, never silently widened.
#include <doctest/doctest.h>

#include <filesystem>

#include "cli_runner.hpp"
#include "numpy_script.hpp"

using nnact::test::run_cli;
using nnact::test::run_numpy;
using nnact::test::TempDir;

TEST_CASE("npy: raw 2-byte '|V2' data (bfloat16 saved through NumPy) is refused, naming safetensors") {
  TempDir dir;
  // What np.save writes for ml_dtypes' bfloat16, which NumPy itself only knows as 2 opaque bytes.
  run_numpy("np.save('" + dir.file("v2.npy") + "', np.zeros(3, dtype='V2'))");
  CHECK(run_numpy("print(np.load('" + dir.file("v2.npy") + "').dtype.str)") == "|V2\n");
  auto result = run_cli({"--op", "relu", dir.file("v2.npy"), "-o", dir.file("out.npy")});
  CHECK(result.code == 3);
  CHECK(result.err.find("npy header field 'descr': dtype '|V2'") != std::string::npos);
  CHECK(result.err.find("bfloat16") != std::string::npos);
  CHECK(result.err.find(".safetensors") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir.file("out.npy")));
}

TEST_CASE("npy: writing bfloat16 is refused, never widened, and nothing is written") {
  TempDir dir;
  auto to_file = run_cli({"--op", "relu", "--dtype", "bfloat16", "--from", "csv", "-o", dir.file("out.npy")}, "1,-2\n");
  CHECK(to_file.code == 2);
  CHECK(to_file.err.find("cannot write bfloat16 as npy: NumPy has no bfloat16 dtype") != std::string::npos);
  CHECK(to_file.err.find(".safetensors") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir.file("out.npy")));
  auto piped = run_cli({"--op", "relu", "--dtype", "bfloat16", "--from", "csv", "--to", "npy"}, "1,-2\n");
  CHECK(piped.code == 2);
  CHECK(piped.out.empty());
  // float16 goes to npy as it is.
  auto half = run_cli({"--op", "relu", "--dtype", "float16", "--from", "csv", "--to", "npy"}, "1,-2\n");
  CHECK(half.code == 0);
  CHECK(half.out.find("'descr': '<f2'") != std::string::npos);
}
