// txt: white-space separated numbers; brackets and commas only separate, so printed NumPy
// arrays paste in; rows end at ']' or at a line end outside brackets.
#include <doctest/doctest.h>

#include "cli_runner.hpp"

using nnact::test::read_file;
using nnact::test::run_cli;
using nnact::test::sample;

TEST_CASE("a pasted NumPy print of the seed vector parses to the seed vector") {
  const std::string print = "[ 1.        -0.5        3.4000001 -2.0999999  0.        -6.5      ]\n";
  auto relu = run_cli({"--op", "relu", "-v"}, print);
  CHECK(relu.code == 0);
  CHECK(relu.err.find("reading txt (by content)") != std::string::npos);
  std::string expected = read_file(sample("seed.relu.csv"));
  for (char& c : expected) c = c == ',' ? ' ' : c;
  CHECK(relu.out == expected);
  auto json = run_cli({"--op", "leaky_relu", "--alpha", "0.01", "--to", "json"}, print);
  CHECK(json.out == read_file(sample("seed.leaky_relu.json")));
}

TEST_CASE("txt rows: 2-D prints, wrapped 1-D prints, plain lines") {
  CHECK(run_cli({"--op", "relu", "--to", "csv"}, "[[ 1.  -2. ]\n [ 3.   4.5]]\n").out == "1,0\n3,4.5\n");
  CHECK(run_cli({"--op", "relu", "--from", "txt", "--to", "csv"}, "[ 1. -2.  3.\n  4.  5.]\n").out ==
        "1,0,3,4,5\n");
  CHECK(run_cli({"--op", "softmax", "--from", "txt"}, "0 0\n1 1 \n").out == "0.5 0.5\n0.5 0.5\n");
  CHECK(run_cli({"--op", "relu"}, "1 -2  3\n").out == "1 0 3\n");
}

TEST_CASE("txt errors give line and column and the text") {
  auto bad = run_cli({"--op", "relu", "--from", "txt"}, "1 2\n3 x4 5\n");
  CHECK(bad.code == 3);
  CHECK(bad.err == "nnact: <stdin>:2:3: cannot read \"x4\" as a number\n");
}
