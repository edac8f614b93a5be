// README sections that are made from the code: the op table (from the registry), the library
// example (samples/library, built by the install test), the Pictures chart (made by nnact plot).
#include <doctest/doctest.h>

#include <fstream>

#include "cli_runner.hpp"
#include "nnact/ops.hpp"

namespace nnact::test {
namespace {

const std::string kSource = std::string(NNACT_TESTS_DIR) + "/..";

std::string escaped_cell(std::string_view text) {
  std::string out;
  for (char c : text) out += c == '|' ? std::string("\\|") : std::string(1, c);
  return out;
}

// The README's op table, one row per op of the registry, in --list-ops order.
std::string op_table_markdown() {
  std::string table = "| op | aliases | parameters (default) | formula | notes |\n|---|---|---|---|---|\n";
  for (const auto& spec : op_table()) {
    std::string aliases, params;
    for (auto alias : spec.aliases) aliases += (aliases.empty() ? "`" : ", `") + std::string(alias) + "`";
    for (const auto& p : spec.params) {
      params += (params.empty() ? "`--" : ", `--") + std::string(p.name) + "` " +
                (p.default_text.empty() ? std::string("(required)") : std::string(p.default_text));
    }
    table += "| `" + std::string(spec.name) + "` | " + aliases + " | " + params + " | `" + escaped_cell(spec.formula) +
             "` | " + escaped_cell(spec.notes) + " |\n";
  }
  return table;
}

std::string between(const std::string& text, const std::string& begin, const std::string& end) {
  auto from = text.find(begin);
  REQUIRE_MESSAGE(from != std::string::npos, begin);
  from += begin.size();
  auto to = text.find(end, from);
  REQUIRE_MESSAGE(to != std::string::npos, end);
  return text.substr(from, to - from);
}

std::string indented(const std::string& code) {
  std::string out;
  std::size_t start = 0;
  while (start < code.size()) {
    auto end = code.find('\n', start);
    std::string line = code.substr(start, end - start);
    out += (line.empty() ? "" : "    ") + line + "\n";
    start = end + 1;
  }
  return out;
}

}  // namespace

TEST_CASE("README: the op table is the registry's") {
  std::string readme = read_file(kSource + "/README.md");
  std::string table = between(readme, "<!-- op table: generated from the registry by tests/readme_docs_test.cpp -->\n",
                              "<!-- end of op table -->");
  std::string expected = op_table_markdown();
  if (table != expected) {
    std::ofstream("op_table.md") << expected;
    FAIL("README op table differs from the registry; the table to paste is in build/tests/op_table.md");
  }
}

TEST_CASE("README: the library example is samples/library, verbatim") {
  std::string readme = read_file(kSource + "/README.md");
  CHECK(readme.find(indented(read_file(kSource + "/samples/library/main.cpp"))) != std::string::npos);
  CHECK(readme.find(indented(read_file(kSource + "/samples/library/CMakeLists.txt"))) != std::string::npos);
}

TEST_CASE("README: the pictured chart is what nnact plot draws now") {
  TempDir dir;
  auto made = run_cli({"plot", "--op", "gelu", "--op", "silu", "--derivative", "-o", dir.file("c.svg")});
  REQUIRE(made.code == 0);
  CHECK(read_file(dir.file("c.svg")) == read_file(kSource + "/samples/plot/gelu_silu.svg"));
  CHECK(read_file(kSource + "/README.md").find("(samples/plot/gelu_silu.svg)") != std::string::npos);
}

}  // namespace nnact::test
