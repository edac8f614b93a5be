// The README's derivative table and --list-ops show each op's derivative from the registry.
#include <doctest/doctest.h>

#include <fstream>

#include "cli_runner.hpp"
#include "nnact/ops.hpp"

namespace nnact::test {
namespace {

std::string derivative_table_markdown() {
  std::string table = "| op | derivative f'(x) | semantics of |\n|---|---|---|\n";
  for (const auto& spec : op_table()) {
    std::string formula;
    for (char c : derivative_of(spec).formula) formula += c == '|' ? std::string("\\|") : std::string(1, c);
    table += "| `" + std::string(spec.name) + "` | `" + formula + "` | " + std::string(derivative_of(spec).source) +
             " |\n";
  }
  return table;
}

}  // namespace

TEST_CASE("README: the derivative table is the registry's") {
  const std::string readme = read_file(std::string(NNACT_TESTS_DIR) + "/../README.md");
  const std::string begin = "<!-- derivative table: generated from the registry by tests/grad_docs_test.cpp -->\n";
  const auto from = readme.find(begin);
  REQUIRE(from != std::string::npos);
  const auto to = readme.find("<!-- end of derivative table -->", from);
  REQUIRE(to != std::string::npos);
  const std::string expected = derivative_table_markdown();
  if (readme.substr(from + begin.size(), to - from - begin.size()) != expected) {
    std::ofstream("derivative_table.md") << expected;
    FAIL("README derivative table differs; the table to paste is in build/tests/derivative_table.md");
  }
}

TEST_CASE("--list-ops shows each derivative and --to json includes it") {
  const auto text = run_cli({"--list-ops"});
  REQUIRE(text.code == 0);
  CHECK(text.out.find("derivative: x > 0 ? 1 : 0 (TF ReluGrad)") != std::string::npos);
  CHECK(text.out.find("derivative: s * (1 - s) (TF SigmoidGrad)") != std::string::npos);
  const auto json = run_cli({"--list-ops", "--to", "json"});
  REQUIRE(json.code == 0);
  CHECK(json.out.find("\"derivative\": {\n      \"formula\": \"1 / (1 + abs(x))^2\",\n      \"source\": \"TF SoftsignGrad\"") !=
        std::string::npos);
  for (const auto& spec : op_table()) CHECK_FALSE(derivative_of(spec).source.empty());
}

}  // namespace nnact::test
