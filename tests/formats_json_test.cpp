// JSON documents: -f on object keys (other numbers pass through as written), literals across
// read blocks, CSV headers for crelu, and field selection errors.
#include <doctest/doctest.h>

#include "cli_runner.hpp"

using nnact::test::run_cli;

TEST_CASE("-f selects JSON keys by name or position, other numbers pass byte for byte") {
  const std::string in = R"({"id": 1e2, "x": [-1, 2.50], "meta": {"x": -3, "y": -4.0}})";
  CHECK(run_cli({"--op", "relu", "-f", "x"}, in).out ==
        "{\"id\":1e2,\"x\":[0,2.5],\"meta\":{\"x\":0,\"y\":-4.0}}\n");
  CHECK(run_cli({"--op", "relu", "-f", "3"}, in).out ==
        "{\"id\":1e2,\"x\":[-1,2.50],\"meta\":{\"x\":0,\"y\":0}}\n");  // all of "meta"
  CHECK(run_cli({"--op", "relu", "-f", "1-2"}, "{\"a\":-1,\"b\":-2,\"c\":-3}\n{\"b\":-1}\n").out ==
        "{\"a\":0,\"b\":0,\"c\":-3}\n{\"b\":0}\n");
}

TEST_CASE("NaN/Infinity literals and numbers beyond float64 are found where a read block cuts them") {
  const std::pair<std::string, std::string> cases[] = {{"-Infinity, NaN, 1]", "[-Infinity,NaN,1]\n"},
                                                       {"-1e999, 2e+400, 1]", "[-Infinity,Infinity,1]\n"}};
  for (const auto& [numbers, expected] : cases) {
    for (std::size_t shift = 0; shift < 10; ++shift) {
      CAPTURE(numbers);
      CAPTURE(shift);
      std::string in = "[" + std::string((1 << 20) - 6 + shift, ' ') + numbers;
      auto result = run_cli({"--op", "linear", "--json-nonfinite", "literal"}, in);
      CHECK(result.code == 0);
      CHECK(result.out == expected);
    }
  }
}

TEST_CASE("crelu gives a CSV header the twin names x_neg") {
  CHECK(run_cli({"--op", "crelu"}, "x,\"a,b\"\n1,-2\n").out == "x,\"a,b\",x_neg,\"a,b_neg\"\n1,0,0,2\n");
  CHECK(run_cli({"--op", "crelu", "-f", "v"}, "id,v\r\nq,-3\r\n").out == "id,v,v_neg\r\nq,0,3\r\n");
}

TEST_CASE("a selected CSV column with text in it is bad data, not a guess") {
  auto bad = run_cli({"--op", "relu", "-f", "2"}, "name,x\na,1\nb,oops\n");
  CHECK(bad.code == 3);
  CHECK(bad.err == "nnact: <stdin>:3:3: cannot read \"oops\" as a number (column \"x\")\n");
}

TEST_CASE("JSON strings and keys pass through as written, escapes included") {
  CHECK(run_cli({"--op", "relu"}, R"({"k\"\t": ["a\"b\\c\n\u0001\/\u00e9", -1]})").out ==
        R"({"k\"\t":["a\"b\\c\n\u0001\/\u00e9",0]})" "\n");
}
