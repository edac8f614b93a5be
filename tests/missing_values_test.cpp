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
