// End to end: what same-format output keeps of the input's bytes besides the transformed
// numbers (UTF-8 byte order mark, CRLF line ends, JSON strings and keys as written), and -I
// refusing to write another format into the input (issue 18 item 9).
#include <doctest/doctest.h>

#include "cli_runner.hpp"

using namespace nnact::test;  // run_cli, TempDir, read_file, write_file

namespace {
const std::string kBom = "\xEF\xBB\xBF";
}

TEST_CASE("-I keeps a UTF-8 byte order mark") {
  TempDir dir;
  write_file(dir.file("b.csv"), kBom + "a\n-1\n");
  auto result = run_cli({"--op", "relu", "-I", dir.file("b.csv")});
  CHECK(result.code == 0);
  CHECK(read_file(dir.file("b.csv")) == kBom + "a\n0\n");
  write_file(dir.file("j.json"), kBom + "[-1,2]\n");
  CHECK(run_cli({"--op", "relu", "-I", dir.file("j.json")}).code == 0);
  CHECK(read_file(dir.file("j.json")) == kBom + "[0,2]\n");
}

TEST_CASE("same-format output keeps the byte order mark, other formats and later inputs do not") {
  struct Case {
    const char* from;
    std::string in, out;
  };
  for (const auto& [from, in, out] : {Case{"csv", "a\n-1\n", "a\n0\n"}, Case{"tsv", "a\tb\n-1\t2\n", "a\tb\n0\t2\n"},
                                      Case{"json", "[-1,2]", "[0,2]\n"}, Case{"ndjson", "[-1]\n[2]\n", "[0]\n[2]\n"},
                                      Case{"txt", "-1 2\n", "0 2\n"}}) {
    CAPTURE(from);
    CHECK(run_cli({"--op", "relu", "--from", from}, kBom + in).out == kBom + out);
  }
  CHECK(run_cli({"--op", "relu", "-n", "--to", "json"}, kBom + "-1,2\n").out == "[0,2]\n");
  TempDir dir;
  write_file(dir.file("a.csv"), kBom + "x\n-1\n");
  write_file(dir.file("b.csv"), kBom + "x\n-2\n");
  CHECK(run_cli({"--op", "relu", dir.file("a.csv"), dir.file("b.csv")}).out == kBom + "x\n0\n0\n");
}

TEST_CASE("CRLF line ends stay CRLF in NDJSON, CSV, TSV and txt") {
  CHECK(run_cli({"--op", "relu", "--from", "ndjson"}, "{\"a\":-1}\r\n\r\n[2,-3]\r\n").out ==
        "{\"a\":0}\r\n\r\n[2,0]\r\n");
  CHECK(run_cli({"--op", "relu"}, "a,b\r\n-1,2\r\n").out == "a,b\r\n0,2\r\n");
  CHECK(run_cli({"--op", "relu", "--from", "tsv"}, "a\tb\r\n-1\t2\r\n").out == "a\tb\r\n0\t2\r\n");
  CHECK(run_cli({"--op", "relu", "--from", "txt"}, "-1 2\r\n3 -4\r\n").out == "0 2\r\n3 0\r\n");
  CHECK(run_cli({"--op", "relu", "--from", "ndjson", "--to", "csv"}, "[-1,2]\r\n").out == "0,2\n");
}

TEST_CASE("JSON and NDJSON strings and keys pass through as written, escapes included") {
  const std::string doc = R"({"x":"\u00e9","k\/\u0061":-1,"s":["a\"b\\", "\ud83d\ude00", "\t"],"n":null})";
  CHECK(run_cli({"--op", "relu"}, doc).out ==
        R"({"x":"\u00e9","k\/\u0061":0,"s":["a\"b\\","\ud83d\ude00","\t"],"n":null})" "\n");
  CHECK(run_cli({"--op", "relu", "--from", "ndjson"}, doc + "\n[\"\\u00e9\",-2]\n").out ==
        R"({"x":"\u00e9","k\/\u0061":0,"s":["a\"b\\","\ud83d\ude00","\t"],"n":null})" "\n"
        R"(["\u00e9",0])" "\n");
  // A string that a read block (512 KiB) cuts, and one longer than a block.
  for (std::size_t length : {std::size_t{10}, std::size_t{600000}, std::size_t{1500000}}) {
    CAPTURE(length);
    const std::string s = "\\u00e9" + std::string(length, 'x') + "\\\"";
    const std::string in = "[" + std::string((1 << 19) - 12, ' ') + "{\"k\\u0061\":\"" + s + "\",\"v\":-1},\"" + s + "\",-2]";
    CHECK(run_cli({"--op", "relu", "--from", "json"}, in).out ==
          "[{\"k\\u0061\":\"" + s + "\",\"v\":0},\"" + s + "\",0]\n");
  }
}

TEST_CASE("-I with an output format other than the file's is a usage error, no file touched") {
  TempDir dir;
  write_file(dir.file("a.json"), "[-1]\n");
  write_file(dir.file("j.json"), "{\"a\":-1}\n");
  auto result = run_cli({"--op", "relu", "-I", dir.file("a.json"), dir.file("j.json"), "--to", "csv"});
  CHECK(result.code == 2);
  CHECK(result.err.find("a.json: -I would write csv into this json file") != std::string::npos);
  CHECK(read_file(dir.file("a.json")) == "[-1]\n");
  CHECK(read_file(dir.file("j.json")) == "{\"a\":-1}\n");
  // --to naming the file's own format is fine; so is a sniffed one.
  CHECK(run_cli({"--op", "relu", "-I", dir.file("j.json"), "--to", "json"}).code == 0);
  CHECK(read_file(dir.file("j.json")) == "{\"a\":0}\n");
  write_file(dir.file("data"), "[-1]\n[2]\n");
  CHECK(run_cli({"--op", "relu", "-I", dir.file("data"), "--to", "csv"}).code == 2);
  CHECK(run_cli({"--op", "relu", "-I", dir.file("data"), "--to", "ndjson"}).code == 0);
  CHECK(read_file(dir.file("data")) == "[0]\n[2]\n");
}
