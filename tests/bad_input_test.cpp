// Hostile input (issue 7): each case ends in the right exit code with one line naming the
// position, or is processed exactly; never a crash, a hang or a garbled terminal.
#include <doctest/doctest.h>

#include <algorithm>

#include "cli_runner.hpp"

using nnact::test::run_cli;

namespace {

bool one_line(const std::string& text) {
  return std::count(text.begin(), text.end(), '\n') == 1 && text.back() == '\n' && text.size() < 400;
}

}  // namespace

TEST_CASE("empty input: no records, no output (CSV), not a JSON document (JSON)") {
  auto csv = run_cli({"--op", "relu"}, "");
  CHECK(csv.code == 0);
  CHECK(csv.out.empty());
  CHECK(csv.err.empty());
  auto json = run_cli({"--op", "relu", "--from", "json"}, "");
  CHECK(json.code == 3);
  CHECK(json.err.rfind("nnact: <stdin>:1:1: invalid JSON: ", 0) == 0);
  CHECK(json.err.find("unexpected end of input") != std::string::npos);
  CHECK(one_line(json.err));
}

TEST_CASE("header only: the header passes through, nothing else") {
  auto csv = run_cli({"--op", "relu"}, "x,y\n");
  CHECK(csv.code == 0);
  CHECK(csv.out == "x,y\n");
  auto to_json = run_cli({"--op", "relu", "--to", "json"}, "x,y\n");
  CHECK(to_json.code == 0);
  CHECK(to_json.out == "[]\n");
}

TEST_CASE("a 100 MB single line: a huge pass-through field is kept whole") {
  const std::string field(100u << 20, 'a');
  auto result = run_cli({"--op", "relu", "-n", "-f", "1,3"}, "-1,\"" + field + "\",2\n3,,-4\n");
  CHECK(result.code == 0);
  CHECK(result.err.empty());
  CHECK(result.out.size() == field.size() + 12);
  CHECK(result.out == "0,\"" + field + "\",2\n3,,0\n");
}

TEST_CASE("a 100 MB single line that is not a number: a short message with its position") {
  auto result = run_cli({"--op", "relu", "-n"}, "1,2" + std::string(100u << 20, '7') + "x\n");
  CHECK(result.code == 3);
  CHECK(result.err.rfind("nnact: <stdin>:1:3: cannot read \"27777", 0) == 0);
  CHECK(result.err.find("\"... as a number") != std::string::npos);
  CHECK(one_line(result.err));
}

TEST_CASE("invalid UTF-8: passes through CSV byte for byte, is an error in a JSON string") {
  auto csv = run_cli({"--op", "relu", "-n", "-f", "2"}, "\xff\xfe name,-1\n\xc3(,2\n");
  CHECK(csv.code == 0);
  CHECK(csv.out == "\xff\xfe name,0\n\xc3(,2\n");
  auto json = run_cli({"--op", "relu"}, "[1,\n\"a\xff\"]");
  CHECK(json.code == 3);
  CHECK(json.err.rfind("nnact: <stdin>:2:", 0) == 0);
  CHECK(json.err.find("invalid JSON") != std::string::npos);
  CHECK(one_line(json.err));
}

TEST_CASE("an unterminated quote is an error at the opening quote, even in a passed-through column") {
  for (const char* fields : {"1-3", "1"}) {
    CAPTURE(fields);
    auto result = run_cli({"--op", "relu", "-f", fields}, "1,2,3\n4,\"5,6\n7,8,9\n");
    CHECK(result.code == 3);
    CHECK(result.err ==
          "nnact: <stdin>:2:3: unterminated quoted field: no closing '\"' before the end of the input\n");
  }
}

TEST_CASE("NUL bytes: binary data (issue 18), refused with an escaped excerpt, never echoed") {
  auto bad = run_cli({"--op", "relu"}, std::string("1,2\n3,4\0,5\n", 11));
  CHECK(bad.code == 3);
  CHECK(bad.err == "nnact: <stdin>: looks like binary data (a NUL byte at offset 7), not text (it starts \"1,2\\x0A3,4\\x00\"...)\n");
  CHECK(bad.out.empty());
  auto field = run_cli({"--op", "relu", "-n", "-f", "2"}, std::string("a\0b,-1\n", 7));
  CHECK(field.code == 3);
  CHECK(field.out.empty());
  auto json = run_cli({"--op", "relu", "--from", "json"}, std::string("[1,\0]", 5));
  CHECK(json.code == 3);
  CHECK(json.err.find('\0') == std::string::npos);
  CHECK(one_line(json.err));
}

TEST_CASE("numbers out of range for the dtype become +-inf or +-0, as strtod and numpy do") {
  // numpy: np.float32("1e39") == inf, np.float32("1e-50") == 0, np.float64("1e999") == inf
  CHECK(run_cli({"--op", "linear"}, "1e999,-1e999,1e39,1e-50,-1e-999\n").out == "inf,-inf,inf,0,-0\n");
  CHECK(run_cli({"--op", "linear", "--dtype", "float64"}, "1e999,1e39,1e-400\n").out == "inf,1e+39,0\n");
  // In float32, JSON numbers beyond the float range but within double's become inf too.
  auto json = run_cli({"--op", "linear", "--json-nonfinite", "literal"}, "[1e39, -1e39, 1e-50]");
  CHECK(json.code == 0);
  CHECK(json.out == "[Infinity,-Infinity,0]\n");
  // Beyond double's range too (nlohmann_json alone would refuse 1e999), in JSON and NDJSON,
  // flat or nested, as in CSV: the same number reads the same in every format.
  auto lines = run_cli({"--op", "linear", "--from", "ndjson", "--json-nonfinite", "literal"},
                       "[1e999, -1E+999, 1e-999, -1e-999]\n{\"a\": [1e999, -2e400]}\n");
  CHECK(lines.out == "[Infinity,-Infinity,0,-0]\n{\"a\":[Infinity,-Infinity]}\n");
  auto nested = run_cli({"--op", "linear", "--json-nonfinite", "literal"}, "[[1,\n 1e999], [2, -1" + std::string(400, '0') + "]]");
  CHECK(nested.out == "[[1,Infinity],[2,-Infinity]]\n");
  // Not JSON numbers, however large: still errors.
  for (const char* bad : {"[1e999e]", "[01e999]", "[1.e999]", "[-.5e999]", "[1e999.5]"}) {
    CAPTURE(bad);
    CHECK(run_cli({"--op", "linear", "--from", "json"}, bad).code == 3);
    CHECK(run_cli({"--op", "linear", "--from", "ndjson"}, std::string(bad) + "\n").code == 3);
  }
  // A number that passes through (not selected by -f) keeps its text.
  CHECK(run_cli({"--op", "relu", "-f", "b"}, R"({"a": 1e999, "b": -1})").out == "{\"a\":1e999,\"b\":0}\n");
}

TEST_CASE("JSON nested 1,000,000 deep is an error, never a stack overflow") {
  const std::size_t depth = 1000000;
  auto closed = run_cli({"--op", "relu"}, std::string(depth, '[') + std::string(depth, ']'));
  CHECK(closed.code == 3);
  CHECK(closed.err == "nnact: <stdin>:byte 1025: invalid JSON: nested deeper than 1024 arrays/objects\n");
  CHECK(closed.err.find("nested deeper than 1024") != std::string::npos);
  CHECK(one_line(closed.err));
  auto open = run_cli({"--op", "relu", "--from", "json"}, std::string(depth, '{') );
  CHECK(open.code == 3);
  CHECK(one_line(open.err));
  // 1024 levels are fine.
  auto deep = run_cli({"--op", "relu"}, std::string(1023, '[') + "-1" + std::string(1023, ']'));
  CHECK(deep.code == 0);
  CHECK(deep.out == std::string(1023, '[') + "0" + std::string(1023, ']') + "\n");
}

TEST_CASE("truncated JSON: an error at the end of the input") {
  auto result = run_cli({"--op", "relu"}, "{\"a\": [1, 2");
  CHECK(result.code == 3);
  CHECK(result.err.rfind("nnact: <stdin>:1:12: invalid JSON: ", 0) == 0);
  CHECK(result.err.find("unexpected end of input") != std::string::npos);
  CHECK(result.out.empty());
}
