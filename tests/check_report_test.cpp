// End to end: --expect reports that a script can trust (issue 18 items 1 and 11): a negative
// --max-ulps is refused, NaN against a number is named, JSON keeps non-finite values and is
// always written.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "cli_runner.hpp"

using namespace nnact::test;  // run_cli, TempDir, write_file

namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("--max-ulps -1 is a usage error, not 2^64-1 ULPs that pass everything") {
  TempDir dir;
  write_file(dir.file("a.csv"), "1\n");
  write_file(dir.file("e.csv"), "1e30\n");
  auto negative = run_cli({"--op", "linear", "-n", dir.file("a.csv"), "--expect", dir.file("e.csv"), "--max-ulps", "-1"});
  CHECK(negative.code == 2);
  CHECK(has(negative.err, "--max-ulps must be 0 or more"));
  CHECK(negative.out.empty());
  // 0 is allowed and means exact equality in ULPs: 1 against 1e30 still differs.
  CHECK(run_cli({"--op", "linear", "-n", dir.file("a.csv"), "--expect", dir.file("e.csv"), "--max-ulps", "0"}).code == 1);
}

TEST_CASE("--expect: NaN against a number is reported as \"NaN vs 1\", not a difference of 0") {
  TempDir dir;
  write_file(dir.file("got.csv"), "nan,2\n");
  write_file(dir.file("want.csv"), "1,2\n");
  auto only_nan = run_cli({"--op", "linear", "-n", dir.file("got.csv"), "--expect", dir.file("want.csv")});
  CHECK(only_nan.code == 1);
  CHECK(has(only_nan.out, "1 of 2 values differ"));
  CHECK(has(only_nan.out, "max difference: NaN vs 1\n"));
  CHECK(!has(only_nan.out, "abs 0"));
  CHECK(has(only_nan.out, "row 1, column 1: got nan, expected 1 (NaN vs 1)\n"));
  // Mixed with a measurable difference: the maxima of those, then the NaN pair.
  write_file(dir.file("want2.csv"), "1,3\n");
  auto mixed = run_cli({"--op", "linear", "-n", dir.file("got.csv"), "--expect", dir.file("want2.csv")});
  CHECK(mixed.code == 1);
  CHECK(has(mixed.out, "max difference: abs 1, rel 0.333333, ULP 4194304; NaN vs 1\n"));
}

TEST_CASE("--report json: non-finite values as \"NaN\"/\"Infinity\" strings, nan_mismatches counted") {
  TempDir dir;
  write_file(dir.file("got.csv"), "nan,inf,1\n");
  write_file(dir.file("want.csv"), "1,-inf,1\n");
  auto result = run_cli({"--op", "linear", "-n", dir.file("got.csv"), "--expect", dir.file("want.csv"), "--report", "json"});
  CHECK(result.code == 1);
  auto report = nlohmann::json::parse(result.out);
  CHECK(report["mismatches"] == 2);
  CHECK(report["nan_mismatches"] == 1);
  REQUIRE(report["first"].size() == 2);
  CHECK(report["first"][0]["got"] == "NaN");
  CHECK(report["first"][0]["expected"] == 1);
  CHECK(report["first"][0]["abs_diff"] == "NaN");
  CHECK(report["first"][0]["ulp_diff"] == "NaN");
  CHECK(report["first"][1]["got"] == "Infinity");
  CHECK(report["first"][1]["expected"] == "-Infinity");
  CHECK(report["first"][1]["abs_diff"] == "Infinity");
  CHECK(report["max_abs_diff"] == "Infinity");
  CHECK(report["max_ulps"].is_null());  // not given: the one null, an absent setting
}

TEST_CASE("--report json always prints the report, \"mismatches\": 0 on success") {
  TempDir dir;
  write_file(dir.file("got.csv"), "1,2\n");
  auto result = run_cli({"--op", "linear", "-n", dir.file("got.csv"), "--expect", dir.file("got.csv"), "--report", "json"});
  CHECK(result.code == 0);
  auto report = nlohmann::json::parse(result.out);
  CHECK(report["mismatches"] == 0);
  CHECK(report["compared"] == 2);
  CHECK(report["shape_matches"] == true);
  CHECK(report["first"].empty());
  // The text report stays silent on success.
  auto text = run_cli({"--op", "linear", "-n", dir.file("got.csv"), "--expect", dir.file("got.csv")});
  CHECK(text.code == 0);
  CHECK(text.out.empty());
}
