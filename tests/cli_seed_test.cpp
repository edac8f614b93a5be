// End to end: the seed example of SPEC.md in every way a user would try it (issue 2).
#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "cli_runner.hpp"

using nnact::test::read_file;
using nnact::test::run_cli;
using nnact::test::sample;

namespace {

const char* kSeedJson = "[1.0, -0.5, 3.4, -2.1, 0.0, -6.5]\n";

// The numbers of a CSV/JSON text, in order, as their text (ignoring structure and names).
std::vector<std::string> numbers_of(const std::string& text) {
  std::vector<std::string> out;
  std::string current;
  for (char c : text + "\n") {
    if ((c >= '0' && c <= '9') || c == '-' || c == '.' || c == 'e') {
      current += c;
    } else {
      bool number = !current.empty() && (std::isdigit(current[0]) ||
                                         (current.size() > 1 && std::isdigit(current[1])));
      if (number) out.push_back(current);
      current.clear();
    }
  }
  return out;
}

}  // namespace

TEST_CASE("seed vector from stdin JSON: relu and leaky_relu") {
  auto relu = run_cli({"--op", "relu"}, kSeedJson);
  CHECK(relu.code == 0);
  CHECK(relu.err.empty());
  CHECK(relu.out == read_file(sample("seed.relu.json")));
  auto leaky = run_cli({"--op", "leaky_relu", "--alpha", "0.01"}, kSeedJson);
  CHECK(leaky.code == 0);
  CHECK(leaky.out == read_file(sample("seed.leaky_relu.json")));
}

TEST_CASE("seed vector gives the same numbers in every layout") {
  const auto expected = numbers_of(read_file(sample("seed.leaky_relu.csv")));
  REQUIRE(expected.size() == 6);
  for (const char* file : {"seed.csv", "seed_column.csv", "seed.json", "seed_nested.json"}) {
    CAPTURE(file);
    auto result = run_cli({"--op", "leaky_relu", "--alpha", "0.01", sample(file)});
    CHECK(result.code == 0);
    CHECK(numbers_of(result.out) == expected);
  }
  auto row = run_cli({"--op", "leaky_relu", "--alpha", "0.01", sample("seed.csv")});
  CHECK(row.out == read_file(sample("seed.leaky_relu.csv")));
}

TEST_CASE("--precision 7 shows the seed as NumPy prints it (README), the default does not round") {
  auto seven = run_cli({"--op", "leaky_relu", "--alpha", "0.01", "--precision", "7"}, kSeedJson);
  CHECK(seven.out == "[1,-0.005,3.4,-0.021,0,-0.065]\n");
  auto shortest = run_cli({"--op", "leaky_relu", "--alpha", "0.01"}, kSeedJson);
  CHECK(shortest.out != seven.out);
}

TEST_CASE("CSV column with a header keeps the header, stdin CSV is sniffed") {
  auto result = run_cli({"--op", "relu"}, read_file(sample("seed_column.csv")));
  CHECK(result.code == 0);
  CHECK(result.out == "x\n1\n0\n3.4\n0\n0\n0\n");
}

TEST_CASE("leaky_relu default alpha is tf.nn's 0.2, rounded to float32") {
  auto result = run_cli({"--op", "leaky_relu"}, "[-2,-1,0,1,2]");
  CHECK(result.out == "[-0.4,-0.2,0,1,2]\n");
}

TEST_CASE("relu keeps -0.0 and NaN as TensorFlow does, float64 keeps more digits") {
  CHECK(run_cli({"--op", "relu"}, "-0.0,nan,-inf,inf\n").out == "-0,nan,0,inf\n");
  CHECK(run_cli({"--op", "linear", "--dtype", "float64"}, "0.1\n").out == "0.1\n");
  CHECK(run_cli({"--op", "leaky_relu", "--dtype", "float64", "--alpha", "0.01"}, "-2.1\n").out ==
        "-0.021\n");
}

TEST_CASE("usage, data and I/O errors: one line, the right exit code") {
  auto unknown = run_cli({"--op", "nope"}, kSeedJson);
  CHECK(unknown.code == 2);
  CHECK(unknown.err.find("unknown op \"nope\"") != std::string::npos);
  auto foreign = run_cli({"--op", "relu", "--alpha", "1"}, kSeedJson);
  CHECK(foreign.code == 2);
  CHECK(foreign.err.find("--alpha") != std::string::npos);
  auto bad = run_cli({"--op", "relu", "-"}, "1,2\n3,4\n5,abc\n");
  CHECK(bad.code == 3);
  CHECK(bad.err == "nnact: <stdin>:3:3: cannot read \"abc\" as a number\n");
  auto missing = run_cli({"--op", "relu", "/nonexistent/x.csv"});
  CHECK(missing.code == 4);
  CHECK(missing.err == "nnact: /nonexistent/x.csv: No such file or directory\n");
  for (const auto& r : {unknown, foreign, bad, missing}) {
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    CHECK(r.out.empty());
  }
}

TEST_CASE("JSON keeps its structure, strings, booleans and null pass through") {
  auto result = run_cli({"--op", "relu"}, R"({"a": [[-1, 2.5]], "s": "x\u00e9", "t": true, "n": null})");
  CHECK(result.code == 0);
  CHECK(result.out == "{\"a\":[[0,2.5]],\"s\":\"x\\u00e9\",\"t\":true,\"n\":null}\n");
  auto broken = run_cli({"--op", "relu"}, "[1, 2,\n 3, x]");
  CHECK(broken.code == 3);
  CHECK(broken.err.rfind("nnact: <stdin>:2:", 0) == 0);
}

TEST_CASE("CSV dialect: quotes, CRLF, BOM, delimiter, ragged rows") {
  CHECK(run_cli({"--op", "relu"}, "\xEF\xBB\xBF-1,2\r\n3,-4,5\r\n").out == "\xEF\xBB\xBF" "0,2\r\n3,0,5\r\n");
  CHECK(run_cli({"--op", "relu", "-d", ";"}, "-1;\"2\"\n").out == "0;2\n");
  CHECK(run_cli({"--op", "relu", "-f", "2"}, "name,x\n\"a,\"\"b\"\"\",-1\n").out ==
        "name,x\n\"a,\"\"b\"\"\",0\n");
  CHECK(run_cli({"--op", "relu", "--header", "yes"}, "1,2\n-3,4\n").out == "1,2\n0,4\n");
  CHECK(run_cli({"--op", "relu", "-n"}, "-1,2\n").out == "0,2\n");
}

TEST_CASE("-o writes atomically and leaves no partial file on bad input") {
  nnact::test::TempDir dir;
  auto good = run_cli({"--op", "relu", sample("seed.csv"), "-o", dir.file("out.csv")});
  CHECK(good.code == 0);
  CHECK(read_file(dir.file("out.csv")) == read_file(sample("seed.relu.csv")));
  auto bad = run_cli({"--op", "relu", "-o", dir.file("bad.csv")}, "1\n2\nx\n");
  CHECK(bad.code == 3);
  CHECK_FALSE(std::filesystem::exists(dir.file("bad.csv")));
  CHECK(std::distance(std::filesystem::directory_iterator(dir.path()),
                      std::filesystem::directory_iterator()) == 1);
}

TEST_CASE("output does not depend on -j") {
  std::string csv;
  for (int i = 0; i < 200000; ++i) csv += std::to_string(i % 7 - 3) + ".25," + std::to_string(-i) + "e-3\n";
  auto one = run_cli({"--op", "leaky_relu", "-j", "1"}, csv);
  auto four = run_cli({"--op", "leaky_relu", "-j", "4"}, csv);
  CHECK(one.code == 0);
  CHECK(one.out.size() > csv.size() / 2);
  CHECK(one.out == four.out);
}
