// NDJSON: each line transformed like a JSON document, chunked across threads; NaN/Infinity
// literals read; non-finite results written as null with one warning, literally, or refused.
#include <doctest/doctest.h>

#include <algorithm>

#include "cli_runner.hpp"

using nnact::test::run_cli;
using nnact::test::TempDir;
using nnact::test::write_file;

TEST_CASE("NDJSON: every line a document, blank lines kept, by extension or by content") {
  const std::string in = "[1,-2]\n{\"id\":\"a\",\"v\":-3.5}\n\n-4\n";
  const std::string expected = "[1,0]\n{\"id\":\"a\",\"v\":0}\n\n0\n";
  auto sniffed = run_cli({"--op", "relu", "-v"}, in);
  CHECK(sniffed.code == 0);
  CHECK(sniffed.out == expected);
  CHECK(sniffed.err.find("reading ndjson (by content)") != std::string::npos);
  TempDir dir;
  for (const char* name : {"a.ndjson", "a.jsonl"}) {
    write_file(dir.file(name), in);
    CHECK(run_cli({"--op", "relu", dir.file(name)}).out == expected);
  }
}

TEST_CASE("NDJSON errors name the line, also past the first chunk, output independent of -j") {
  std::string big;
  for (int i = 0; i < 100000; ++i) big += "{\"x\":[" + std::to_string(i % 5 - 2) + ",-1.5],\"t\":\"s\"}\n";
  auto one = run_cli({"--op", "relu", "--from", "ndjson", "-j", "1"}, big);
  auto four = run_cli({"--op", "relu", "--from", "ndjson", "-j", "4"}, big);
  CHECK(one.code == 0);
  CHECK(std::count(one.out.begin(), one.out.end(), '\n') == 100000);
  CHECK(one.out.rfind("{\"x\":[2,0],\"t\":\"s\"}\n") == one.out.size() - 20);
  CHECK(one.out == four.out);
  auto broken = run_cli({"--op", "relu", "--from", "ndjson"}, big + "[1,\n");
  CHECK(broken.code == 3);
  CHECK(broken.err.rfind("nnact: <stdin>:100001:", 0) == 0);
}

TEST_CASE("NDJSON to CSV and back: a row per line") {
  CHECK(run_cli({"--op", "relu", "--from", "ndjson", "--to", "csv"}, "[1,-2]\n[3,4]\n").out == "1,0\n3,4\n");
  CHECK(run_cli({"--op", "relu", "--to", "ndjson"}, "1,-2\n3,4\n").out == "[1,0]\n[3,4]\n");
}

TEST_CASE("NaN and Infinity literals are read, written as null with one warning by default") {
  const std::string in = "[NaN, -Infinity, Infinity, -1]\n[\"NaN\", 2]\n";
  auto quiet = run_cli({"--op", "linear"}, in);
  CHECK(quiet.code == 0);
  CHECK(quiet.out == "[null,null,null,-1]\n[\"NaN\",2]\n");
  CHECK(quiet.err == "nnact: 3 non-finite results written as JSON null (--json-nonfinite literal keeps them)\n");
  auto literal = run_cli({"--op", "linear", "--json-nonfinite", "literal"}, in);
  CHECK(literal.out == "[NaN,-Infinity,Infinity,-1]\n[\"NaN\",2]\n");
  CHECK(literal.err.empty());
  auto error = run_cli({"--op", "linear", "--json-nonfinite", "error"}, in);
  CHECK(error.code == 3);
  CHECK(error.err.find("not finite") != std::string::npos);
  auto csv = run_cli({"--op", "relu", "--from", "json", "--to", "csv"}, "[NaN, -Infinity, 2]");
  CHECK(csv.out == "nan,0,2\n");
}
