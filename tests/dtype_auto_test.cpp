// --dtype auto (SPEC.md section 2): a typed input keeps each array's own floating dtype, as
// tf.constant keeps a NumPy array's; integer and bool arrays and text compute in float32; an
// explicit --dtype converts. Inputs and expected outputs are written by NumPy at test time.
#include <doctest/doctest.h>

#include <filesystem>

#include "cli_runner.hpp"
#include "numpy_script.hpp"

using nnact::test::read_file;
using nnact::test::run_cli;
using nnact::test::run_numpy;
using nnact::test::TempDir;
using nnact::test::write_file;

namespace {

// relu as TensorFlow's kernel computes it in the array's own dtype: x < 0 ? 0 : x (NaN and -0 pass).
constexpr const char* kNumpyRelu = "def relu(x): return np.where(x < 0, x.dtype.type(0), x)\n";

}  // namespace

TEST_CASE("auto: a float64 npy stays float64 - relu(1e-300) is 1e-300, written as <f8 as NumPy would") {
  TempDir dir;
  run_numpy(std::string(kNumpyRelu) + "x = np.array([0.1, -2.5, 1e-300, -0.0, 5e-324, np.inf])\n" +
            "np.save('" + dir.file("f64.npy") + "', x)\nnp.save('" + dir.file("expected.npy") + "', relu(x))");
  auto result = run_cli({"--op", "relu", dir.file("f64.npy"), "-o", dir.file("out.npy")});
  CHECK(result.code == 0);
  CHECK(read_file(dir.file("out.npy")) == read_file(dir.file("expected.npy")));
  CHECK(run_numpy("y = np.load('" + dir.file("out.npy") + "'); print(y.dtype, y[2] == 1e-300)") == "float64 True\n");
}

TEST_CASE("auto: a float16 npy of either endianness stays float16, written as <f2 with NumPy's bits") {
  TempDir dir;
  for (const char* descr : {"<f2", ">f2"}) {
    CAPTURE(descr);
    run_numpy(std::string(kNumpyRelu) +
              "x = np.array([1.0, -0.5, 3.4, -2.1, 0.0, -6.5, 6e-8, -0.0, 65504, -65504, np.inf, -np.inf, np.nan], "
              "dtype='" + descr + "')\n" +
              "np.save('" + dir.file("f2.npy") + "', x)\n" +
              "np.save('" + dir.file("expected.npy") + "', relu(x).astype('<f2'))");
    auto result = run_cli({"--op", "relu", dir.file("f2.npy"), "-o", dir.file("out.npy")});
    CHECK(result.code == 0);
    CHECK(read_file(dir.file("out.npy")) == read_file(dir.file("expected.npy")));
  }
}

TEST_CASE("auto: integer and bool arrays compute in float32, each integer rounded once") {
  TempDir dir;
  // 2^54 + 2^30 + 1 rounds up to float32 only if rounded once: through float64 first it is a
  // tie that rounds down. NumPy's int64 -> float32 cast rounds once.
  run_numpy(std::string(kNumpyRelu) + "x = np.array([1, -2, 16777217, 2**54 + 2**30 + 1, -(2**63)], dtype=np.int64)\n" +
            "np.save('" + dir.file("i8.npy") + "', x)\n" + "np.save('" + dir.file("expected.npy") +
            "', relu(x.astype(np.float32)))\n" + "np.save('" + dir.file("b.npy") + "', np.array([True, False]))");
  auto ints = run_cli({"--op", "relu", dir.file("i8.npy"), "-o", dir.file("out.npy")});
  CHECK(ints.code == 0);
  CHECK(read_file(dir.file("out.npy")) == read_file(dir.file("expected.npy")));
  auto bools = run_cli({"--op", "linear", "--to", "npy", dir.file("b.npy")});
  CHECK(bools.out.find("'descr': '<f4'") != std::string::npos);
}

TEST_CASE("auto: text inputs compute in float32 as today") {
  auto npy = run_cli({"--op", "linear", "--from", "csv", "--to", "npy"}, "0.1,2\n");
  CHECK(npy.code == 0);
  CHECK(npy.out.find("'descr': '<f4'") != std::string::npos);
  auto csv = run_cli({"--op", "linear", "--from", "csv"}, "0.1,16777217\n");
  CHECK(csv.out == "0.1,16777216\n");
}

TEST_CASE("an explicit --dtype converts a typed input: float64 to float32, float16 to float64") {
  TempDir dir;
  run_numpy("np.save('" + dir.file("f64.npy") + "', np.array([0.1, -2.5, 1e-300]))\n" + "np.save('" +
            dir.file("f2.npy") + "', np.array([0.1, -2.5], dtype=np.float16))\n" + "np.save('" +
            dir.file("expected32.npy") + "', np.array([0.1, 0, 0], dtype=np.float32))\n" + "np.save('" +
            dir.file("expected64.npy") + "', np.array([0.1, -2.5], dtype=np.float16).astype(np.float64))");
  auto narrowed = run_cli({"--op", "relu", "--dtype", "float32", dir.file("f64.npy"), "-o", dir.file("n.npy")});
  CHECK(narrowed.code == 0);
  CHECK(read_file(dir.file("n.npy")) == read_file(dir.file("expected32.npy")));
  auto widened = run_cli({"--op", "linear", "--dtype", "float64", dir.file("f2.npy"), "-o", dir.file("w.npy")});
  CHECK(widened.code == 0);
  CHECK(read_file(dir.file("w.npy")) == read_file(dir.file("expected64.npy")));
}

TEST_CASE("auto with several files and -j: each input in its own dtype, and -v says which") {
  TempDir dir;
  run_numpy("np.save('" + dir.file("a.npy") + "', np.array([1e-300, -1.0]))\n" + "np.save('" + dir.file("b.npy") +
            "', np.array([0.5, -1.0], dtype=np.float16))");
  write_file(dir.file("c.csv"), "0.5,-1\n");
  auto result = run_cli({"--op", "relu", "-v", "-j", "3", "--to", "npy", "--output-dir", dir.file("out"),
                         dir.file("a.npy"), dir.file("b.npy"), dir.file("c.csv")});
  CHECK(result.code == 0);
  CHECK(result.err.find(dir.file("a.npy") + ": computed in float64") != std::string::npos);
  CHECK(result.err.find(dir.file("b.npy") + ": computed in float16") != std::string::npos);
  CHECK(result.err.find(dir.file("c.csv") + ": computed in float32") != std::string::npos);
  CHECK(read_file(dir.file("out/a.npy")).find("'descr': '<f8'") != std::string::npos);
  CHECK(read_file(dir.file("out/b.npy")).find("'descr': '<f2'") != std::string::npos);
  CHECK(read_file(dir.file("out/c.npy")).find("'descr': '<f4'") != std::string::npos);
}

TEST_CASE("--expect compares in the dtype of the result: a float64 input is not rounded to float32 first") {
  TempDir dir;
  run_numpy("np.save('" + dir.file("x.npy") + "', np.array([1 + 2**-40, 2.0]))");
  write_file(dir.file("expected.csv"), "1,2\n");
  // In float64 1 + 2^-40 is not 1: a mismatch of 2^12 ULPs (float32 would have seen 1 == 1).
  auto differ = run_cli({"--op", "linear", dir.file("x.npy"), "--expect", dir.file("expected.csv"), "--rtol", "0"});
  CHECK(differ.code == 1);
  CHECK(differ.out.find("ULP 4096") != std::string::npos);
  CHECK(differ.out.find("got 1.0000000000009095, expected 1") != std::string::npos);
  auto converted = run_cli({"--op", "linear", "--dtype", "float32", dir.file("x.npy"), "--expect",
                            dir.file("expected.csv"), "--rtol", "0"});
  CHECK(converted.code == 0);
}

TEST_CASE("--expect in float16: ULPs of float16, the expected text read in float16") {
  TempDir dir;
  // 1 + 2^-10 is the float16 after 1: one float16 ULP.
  run_numpy("np.save('" + dir.file("x.npy") + "', np.array([1 + 2**-10, 2.0], dtype=np.float16))");
  write_file(dir.file("expected.csv"), "1,2\n");
  auto one_ulp = run_cli({"--op", "linear", dir.file("x.npy"), "--expect", dir.file("expected.csv"), "--rtol", "0",
                          "--max-ulps", "1"});
  CHECK(one_ulp.code == 0);
  auto zero_ulps = run_cli({"--op", "linear", dir.file("x.npy"), "--expect", dir.file("expected.csv"), "--rtol", "0",
                            "--max-ulps", "0"});
  CHECK(zero_ulps.code == 1);
  CHECK(zero_ulps.out.find("ULP 1\n") != std::string::npos);
}

TEST_CASE("bfloat16: a 64-bit integer is rounded once, straight to bfloat16") {
  TempDir dir;
  // 2^60 + 2^52 + 1 is just above a bfloat16 tie: it rounds up to 2^60 + 2^53. Through float64
  // it would become the tie 2^60 + 2^52 and round to even, down to 2^60.
  run_numpy("np.save('" + dir.file("i.npy") + "', np.array([2**60 + 2**52 + 1], dtype=np.int64))");
  write_file(dir.file("up.csv"), "1161928703861587968\n");  // 2^60 + 2^53
  auto result = run_cli({"--op", "linear", "--dtype", "bfloat16", dir.file("i.npy"), "--expect", dir.file("up.csv"),
                         "--rtol", "0"});
  CHECK(result.code == 0);
  CHECK(result.out.empty());
}
