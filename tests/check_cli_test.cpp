// End to end: --expect / --expect-dir regression checks and their reports (issue 6, SPEC.md 6).
#include <doctest/doctest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "cli_runner.hpp"

using namespace nnact::test;  // run_cli, sample, TempDir, read_file, write_file

namespace fs = std::filesystem;

namespace {

std::string batch(const std::string& name) { return sample("batch/" + name); }
bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("--expect: a match prints nothing and exits 0") {
  auto result = run_cli({"--op", "sigmoid", batch("runs/a.csv"), "--expect", batch("golden/a.csv"), "--rtol", "1e-6"});
  CHECK(result.code == 0);
  CHECK(result.out.empty());
  CHECK(result.err.empty());
}

TEST_CASE("--expect: a mismatch exits 1 with counts, maxima and positions") {
  auto result = run_cli({"--op", "sigmoid", batch("runs/a.csv"), "--expect", batch("golden_off/a.csv"), "--rtol", "1e-6"});
  CHECK(result.code == 1);
  CHECK(result.err.empty());
  // golden_off/a.csv is golden/a.csv (numpy) with row 2, column 1 set to 0.5: numpy's value there
  // is 0.47502083, 0.5 - 0.47502083 = 0.0249792 (6 digits), relative 0.0499583.
  CHECK(has(result.out, "1 of 4 values differ from " + batch("golden_off/a.csv") + " (rtol 1e-06, atol 0)"));
  CHECK(has(result.out, "max difference: abs 0.0249792, rel 0.0499583, ULP "));
  CHECK(has(result.out, "row 2, column 1: got 0.47502083, expected 0.5, difference 0.0249792\n"));
}

TEST_CASE("--report json gives the same report as one JSON object") {
  auto result = run_cli({"--op", "sigmoid", batch("runs/a.csv"), "--expect", batch("golden_off/a.csv"), "--rtol",
                         "1e-6", "--report", "json"});
  CHECK(result.code == 1);
  auto report = nlohmann::json::parse(result.out);
  CHECK(report["mismatches"] == 1);
  CHECK(report["compared"] == 4);
  CHECK(report["shape_matches"] == true);
  CHECK(report["expected_shape"] == "2x2");
  CHECK(report["rtol"].get<double>() == 1e-6);
  REQUIRE(report["first"].size() == 1);
  CHECK(report["first"][0]["row"] == 2);
  CHECK(report["first"][0]["column"] == 1);
  CHECK(report["first"][0]["expected"].get<double>() == 0.5);
  CHECK(report["first"][0]["got"].get<double>() == 0.47502083);
  CHECK(report["max_abs_diff"].get<double>() == doctest::Approx(0.0249792).epsilon(1e-6));
}

TEST_CASE("--expect: JSON positions are index paths") {
  auto result = run_cli({"--op", "relu", sample("seed_nested.json"), "--expect", batch("golden/nested.relu_off.json")});
  CHECK(result.code == 1);
  CHECK(has(result.out, "1 of 6 values differ"));
  CHECK(has(result.out, ".data[1][2]: got 0, expected 1, difference 1\n"));
  // Expected as CSV: the paths come from the JSON input.
  TempDir dir;
  write_file(dir.file("want.csv"), "1,0,3.4\n0,0,1\n");
  auto csv = run_cli({"--op", "relu", sample("seed_nested.json"), "--expect", dir.file("want.csv")});
  CHECK(csv.code == 1);
  CHECK(has(csv.out, ".data[1][2]: got 0, expected 1, difference 1\n"));
}

TEST_CASE("--expect: different shapes are a mismatch reported with both shapes") {
  auto result = run_cli({"--op", "relu", sample("seed.csv"), "--expect", sample("seed_column.csv")});
  CHECK(result.code == 1);
  CHECK(has(result.out, "shape 1x6 differs from " + sample("seed_column.csv") + "'s shape 6x1"));
}

TEST_CASE("--expect across formats: CSV result against a JSON expected file") {
  auto result = run_cli({"--op", "relu", sample("seed.csv"), "--expect", sample("seed.relu.json")});
  CHECK(result.code == 0);
  CHECK(result.out.empty());
}

TEST_CASE("plain comparator: --op linear got.csv --expect want.csv") {
  CHECK(run_cli({"--op", "linear", batch("golden/a.csv"), "--expect", batch("golden/a.csv")}).code == 0);
  auto differ = run_cli({"--op", "linear", batch("golden/a.csv"), "--expect", batch("golden_off/a.csv")});
  CHECK(differ.code == 1);
  CHECK(has(differ.out, "row 2, column 1: got 0.47502083, expected 0.5"));
}

TEST_CASE("tolerances: rtol, atol, ULPs (any passing tolerance passes), NaN equals NaN") {
  TempDir dir;
  write_file(dir.file("got.csv"), "1,100,nan\n");
  write_file(dir.file("want.csv"), "1.0000001,100.001,NaN\n");  // 1 + 2^-23: one float32 ULP above 1
  auto check = [&](std::vector<std::string> extra) {
    std::vector<std::string> args{"--op", "linear", dir.file("got.csv"), "--expect", dir.file("want.csv")};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_cli(args);
  };
  auto strict = check({"--rtol", "0"});
  CHECK(strict.code == 1);
  CHECK(has(strict.out, "2 of 3 values differ"));
  CHECK(has(strict.out, "row 1, column 1: got 1, expected 1.0000001, difference 1.19209e-07\n"));
  CHECK(check({"--rtol", "1e-5"}).code == 0);                    // 0.001 <= 1e-5 * 100.001
  CHECK(check({"--rtol", "0", "--atol", "0.002"}).code == 0);
  auto ulps = check({"--rtol", "0", "--max-ulps", "1"});
  CHECK(ulps.code == 1);
  CHECK(has(ulps.out, "1 of 3 values differ"));                  // 100 vs 100.001 is 131 ULPs
  CHECK(has(ulps.out, "max difference: abs 0.000999451, rel 9.99441e-06, ULP 131\n"));
  CHECK(check({"--rtol", "0", "--max-ulps", "131"}).code == 0);
  CHECK(check({"--dtype", "float64", "--rtol", "0", "--max-ulps", "1"}).code == 1);
}

TEST_CASE("--expect-dir pairs each input with the expected file of the same base name") {
  auto all = run_cli({"--op", "relu", batch("runs/a.csv"), batch("runs/b.csv"), batch("runs/c.csv"), "--expect-dir",
                      batch("expected")});
  CHECK(all.code == 0);
  CHECK(all.out.empty());
  CHECK(all.err.empty());

  TempDir dir;
  fs::copy_file(batch("golden_off/a.csv"), dir.file("a.csv"));
  fs::copy_file(batch("golden/b.csv"), dir.file("b.csv"));
  fs::copy_file(batch("golden/c.csv"), dir.file("c.csv"));
  auto one_off = run_cli({"--op", "sigmoid", "--rtol", "1e-6", "-j", "3", batch("runs/a.csv"), batch("runs/b.csv"),
                          batch("runs/c.csv"), "--expect-dir", dir.path()});
  CHECK(one_off.code == 1);
  CHECK(has(one_off.out, batch("runs/a.csv") + ": 1 of 4 values differ"));
  CHECK_FALSE(has(one_off.out, "b.csv"));
  CHECK(has(one_off.err, "2 files match, 1 differ, 0 failed"));

  fs::remove(dir.file("c.csv"));
  auto missing = run_cli({"--op", "sigmoid", "--rtol", "1e-6", batch("runs/b.csv"), batch("runs/c.csv"),
                          "--expect-dir", dir.path()});
  CHECK(missing.code == 4);
  CHECK(has(missing.err, "no expected file for " + batch("runs/c.csv")));
}

TEST_CASE("check options need --expect, --expect excludes outputs") {
  CHECK(run_cli({"--op", "relu", "--rtol", "1e-3"}, "1\n").code == 2);
  CHECK(run_cli({"--op", "relu", "--report", "json"}, "1\n").code == 2);
  CHECK(run_cli({"--op", "relu", sample("seed.csv"), "--expect", sample("seed.relu.csv"), "-o", "x.csv"}).code == 2);
  CHECK(run_cli({"--op", "relu", sample("seed.csv"), sample("seed.csv"), "--expect", sample("seed.relu.csv")}).code == 2);
  auto bad = run_cli({"--op", "relu", sample("seed.csv"), "--expect", sample("nope.csv")});
  CHECK(bad.code == 4);
}

TEST_CASE("--expect streams: a long JSON array read in many batches keeps exact index paths") {
  TempDir dir;
  std::string got = "[", want = "[";
  for (int i = 0; i < 200000; ++i) {
    got += i ? ",0.5" : "0.5";
    want += (i ? "," : "") + std::string(i == 150000 || i == 199999 ? "1.5" : "0.5");
  }
  write_file(dir.file("got.json"), got + "]\n");
  write_file(dir.file("want.json"), want + "]\n");
  auto result = run_cli({"--op", "linear", dir.file("got.json"), "--expect", dir.file("want.json"), "-j", "2"});
  CHECK(result.code == 1);
  CHECK(has(result.out, "2 of 200000 values differ"));
  CHECK(has(result.out, ".[150000]: got 0.5, expected 1.5, difference 1\n"));
  CHECK(has(result.out, ".[199999]: got 0.5, expected 1.5, difference 1\n"));
  // The same numbers as a CSV column: rows and columns instead.
  std::string column;
  for (int i = 0; i < 200000; ++i) column += "0.5\n";
  write_file(dir.file("got.csv"), column);
  auto csv = run_cli({"--op", "linear", dir.file("got.csv"), "--expect", dir.file("want.json")});
  CHECK(has(csv.out, "shape 200000x1 differs from " + dir.file("want.json") + "'s shape 1x200000"));
}

TEST_CASE("--expect accepts an array pasted from NumPy's print (txt)") {
  // golden/a.txt is str() of the numpy array of golden/a.csv: "[[0.8175745  0.09534947]\n [...]]".
  auto result = run_cli({"--op", "sigmoid", batch("runs/a.csv"), "--expect", batch("golden/a.txt"), "--rtol", "1e-6"});
  CHECK(result.code == 0);
  CHECK(result.out.empty());
  TempDir dir;
  write_file(dir.file("off.txt"), "[[0.8175745  0.09534947]\n [0.5        0.95257413]]\n");
  auto off = run_cli({"--op", "sigmoid", batch("runs/a.csv"), "--expect", dir.file("off.txt"), "--rtol", "1e-6"});
  CHECK(off.code == 1);
  CHECK(has(off.out, "row 2, column 1: got 0.47502083, expected 0.5, difference 0.0249792\n"));
  write_file(dir.file("flat.txt"), "[0.8175745  0.09534947 0.47502083 0.95257413]\n");
  auto flat = run_cli({"--op", "sigmoid", batch("runs/a.csv"), "--expect", dir.file("flat.txt"), "--rtol", "1e-6"});
  CHECK(flat.code == 1);
  CHECK(has(flat.out, "shape 2x2 differs from " + dir.file("flat.txt") + "'s shape 1x4"));
}
