// Missing values (empty CSV/TSV cells, --na tokens, JSON null among numbers) keep their
// position: same-format output writes them as they were, other formats write their own missing
// value (empty cell, null, NaN in npy, nan in txt); an axis op over a row holding one gives a
// NaN row.
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>

#include "cli_runner.hpp"

using nnact::test::run_cli;

TEST_CASE("missing values: an empty CSV cell keeps its column in every output format") {
  auto json = run_cli({"--op", "relu", "--to", "json"}, "a,b\n-2,\n,3\n");
  CHECK(json.code == 0);
  CHECK(json.out == "[\n{\"a\":0,\"b\":null},\n{\"a\":null,\"b\":3}]\n");
  auto same = run_cli({"--op", "relu"}, "a,b\n-2,\n,3\n");
  CHECK(same.out == "a,b\n0,\n,3\n");
  auto crelu = run_cli({"--op", "crelu"}, "a,b\n,3\n");
  CHECK(crelu.out == "a,b,a_neg,b_neg\n,3,,0\n");
  auto npy = run_cli({"--op", "relu", "--to", "npy"}, "a,b\n-2,\n,3\n");
  REQUIRE(npy.code == 0);
  REQUIRE(npy.out.size() >= 16);
  std::string data = npy.out.substr(npy.out.size() - 16);
  float v[4];
  std::memcpy(v, data.data(), 16);
  CHECK(v[0] == 0.0f);
  CHECK(std::isnan(v[1]));
  CHECK(std::isnan(v[2]));
  CHECK(v[3] == 3.0f);
}

TEST_CASE("missing values: JSON null and --na tokens pass through, --na '' turns tokens off") {
  CHECK(run_cli({"--op", "relu", "--to", "csv"}, "[[1,null],[-1,2]]\n").out == "1,\n0,2\n");
  CHECK(run_cli({"--op", "relu"}, "[[1,null],[-1,2]]\n").out == "[[1,null],[0,2]]\n");
  CHECK(run_cli({"--op", "relu", "-n"}, "NA,-1\n").out == "NA,0\n");
  CHECK(run_cli({"--op", "relu", "-n", "--na", ""}, "NA,-1\n").code == 3);
}

TEST_CASE("missing values: softmax over a row holding one gives a NaN row, other rows unchanged") {
  auto soft = run_cli({"--op", "softmax", "-n"}, "1,\n0,0\n");
  CHECK(soft.code == 0);
  CHECK(soft.out == "nan,\n0.5,0.5\n");
}

TEST_CASE("missing values: crelu along another axis keeps each missing value in both halves") {
  // NumPy: concatenate([relu(x), relu(-x)], axis) with NaN for the missing cells; a missing
  // value's negated twin is missing too, written as the format writes it.
  auto csv = run_cli({"--op", "crelu", "--axis", "0"}, "a,b\n-2,\n1,3\n");
  CHECK(csv.code == 0);
  CHECK(csv.out == "a,b\n0,\n1,3\n2,\n0,0\n");
  auto json = run_cli({"--op", "crelu", "--axis", "1"}, "[[[1,null],[3,4]],[[5,6],[null,8]]]\n");
  CHECK(json.code == 0);
  CHECK(json.out == "[[[1,null],[3,4],[0,null],[0,0]],[[5,6],[null,8],[0,0],[null,0]]]\n");
  auto ndjson = run_cli({"--op", "crelu", "--axis", "0", "--from", "ndjson"}, "[1,null]\n[3,4]\n");
  CHECK(ndjson.out == "[1,null]\n[3,4]\n[0,null]\n[0,0]\n");
}

TEST_CASE("missing values: --expect counts a missing value equal only to a missing value") {
  nnact::test::TempDir dir;
  nnact::test::write_file(dir.file("x.csv"), "a,b\n-2,\n,3\n");
  nnact::test::write_file(dir.file("same.csv"), "a,b\n0,\n,3\n");
  nnact::test::write_file(dir.file("number.csv"), "a,b\n0,1\n,3\n");
  nnact::test::write_file(dir.file("swapped.csv"), "a,b\n0,\n0,3\n");
  CHECK(run_cli({"--op", "relu", dir.file("x.csv"), "--expect", dir.file("same.csv")}).code == 0);
  CHECK(run_cli({"--op", "relu", dir.file("x.csv"), "--expect", dir.file("number.csv")}).code == 1);
  CHECK(run_cli({"--op", "relu", dir.file("x.csv"), "--expect", dir.file("swapped.csv")}).code == 1);
  // The report names a missing value "missing" (it was written as "nan", like a NaN result).
  auto text = run_cli({"--op", "relu", dir.file("x.csv"), "--expect", dir.file("number.csv")});
  CHECK(text.out.find("row 1, column 2: got missing, expected 1\n") != std::string::npos);
  CHECK(text.out.find("max difference: missing vs 1") != std::string::npos);
  auto swapped = run_cli({"--op", "relu", dir.file("x.csv"), "--expect", dir.file("swapped.csv")});
  CHECK(swapped.out.find("row 2, column 1: got missing, expected 0\n") != std::string::npos);
  nnact::test::write_file(dir.file("fewer.csv"), "a,b\n0,\n,\n");
  auto fewer = run_cli({"--op", "relu", dir.file("x.csv"), "--expect", dir.file("fewer.csv")});
  CHECK(fewer.out.find("row 2, column 2: got 3, expected missing\n") != std::string::npos);
  auto json = run_cli({"--op", "relu", dir.file("x.csv"), "--expect", dir.file("number.csv"), "--report", "json"});
  CHECK(json.out.find(R"("expected":1,"got":null)") != std::string::npos);
}
