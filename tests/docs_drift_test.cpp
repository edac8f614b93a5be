// The man page, the bash completion, --help and the README against the real program: the
// options --help lists, the op registry, the format and dtype names. Adding an option without
// documenting it fails here.
#include <doctest/doctest.h>

#include <regex>
#include <set>
#include <sstream>

#include "cli_runner.hpp"
#include "nnact/io.hpp"
#include "nnact/ops.hpp"

namespace nnact::test {
namespace {

const std::string kSource = std::string(NNACT_TESTS_DIR) + "/..";

// Option names in a --help text: "  -o,--output PATH" gives -o and --output.
std::set<std::string> help_options(const std::string& help) {
  std::set<std::string> names;
  std::regex option_line(R"(^\s+((-[A-Za-z0-9]),\s*)?(--[a-z0-9][a-z0-9-]*))");
  std::istringstream lines(help);
  for (std::string line; std::getline(lines, line);) {
    std::smatch m;
    if (!std::regex_search(line, m, option_line)) continue;
    if (m[2].matched) names.insert(m[2]);
    names.insert(m[3]);
  }
  return names;
}

std::set<std::string> all_help_options() {
  auto main_help = run_cli({"--help"});
  auto plot_help = run_cli({"plot", "--help"});
  REQUIRE(main_help.code == 0);
  REQUIRE(plot_help.code == 0);
  auto names = help_options(main_help.out);
  names.merge(help_options(plot_help.out));
  return names;
}

// Every op name and alias in the registry.
std::set<std::string> registry_names() {
  std::set<std::string> names;
  for (const auto& spec : op_table()) {
    names.emplace(spec.name);
    for (auto alias : spec.aliases) names.emplace(alias);
  }
  return names;
}

std::set<std::string> words(const std::string& text) {
  std::set<std::string> out;
  std::istringstream in(text);
  for (std::string w; in >> w;) out.insert(w);
  return out;
}

// What the completion script offers for the words typed so far (the last one being completed).
std::set<std::string> complete(std::vector<std::string> typed) {
  std::string script = "source '" + kSource + "/completion/nnact.bash'; COMP_WORDS=('" NNACT_BINARY "'";
  for (const auto& w : typed) script += " '" + w + "'";
  script += "); COMP_CWORD=" + std::to_string(typed.size()) + "; _nnact; printf '%s\\n' \"${COMPREPLY[@]}\"";
  auto result = run_program("bash", {"--norc", "-c", script});
  REQUIRE_MESSAGE(result.code == 0, result.err);
  return words(result.out);
}

}  // namespace

TEST_CASE("man page: documents exactly the options --help lists, and every op") {
  std::string man = read_file(kSource + "/man/nnact.1.md");
  std::set<std::string> documented;
  std::regex bold_option(R"(\*\*(--?[A-Za-z0-9][a-z0-9-]*)\*\*)");
  for (std::sregex_iterator it(man.begin(), man.end(), bold_option), end; it != end; ++it) {
    documented.insert((*it)[1]);
  }
  for (const auto& option : all_help_options()) CHECK_MESSAGE(documented.count(option), option << " is not in man/nnact.1.md");
  auto real = all_help_options();
  for (const auto& option : documented) CHECK_MESSAGE(real.count(option), option << " is in the man page but not in --help");

  auto ops_begin = man.find("ops are: ");
  REQUIRE(ops_begin != std::string::npos);
  ops_begin += 9;
  std::string ops_text = man.substr(ops_begin, man.find('.', ops_begin) - ops_begin);
  std::set<std::string> man_ops;
  std::regex op_name("[a-z0-9_]+");
  for (std::sregex_iterator it(ops_text.begin(), ops_text.end(), op_name), end; it != end; ++it) man_ops.insert(it->str());
  std::set<std::string> names;
  for (const auto& spec : op_table()) names.emplace(spec.name);
  CHECK(man_ops == names);
}

TEST_CASE("--help: fits 80 columns, options in groups") {
  for (auto args : {std::vector<std::string>{"--help"}, std::vector<std::string>{"plot", "--help"}}) {
    auto result = run_cli(args);
    REQUIRE(result.code == 0);
    std::istringstream lines(result.out);
    for (std::string line; std::getline(lines, line);) CHECK_MESSAGE(line.size() <= 80, line);
  }
  std::string help = run_cli({"--help"}).out;
  std::size_t last = 0;
  for (const char* group : {"\nOp:\n", "\nOp parameters:\n", "\nInput:\n", "\nOutput:\n", "\nBatch:\n", "\nChecks:\n",
                            "\nDiagnostics:\n"}) {
    auto at = help.find(group);
    CHECK_MESSAGE(at != std::string::npos, group);
    CHECK_MESSAGE(at > last, group << " out of order");
    last = at;
  }
  CHECK(help.find("plot") != std::string::npos);
}

TEST_CASE("--version: version, build type and compiler") {
  auto result = run_cli({"--version"});
  CHECK(result.code == 0);
  CHECK_MESSAGE(std::regex_match(result.out, std::regex(R"(nnact \d+\.\d+\.\d+ \((Release|Debug|RelWithDebInfo|MinSizeRel), GCC \d+\.\d+\.\d+.*\)\n)")),
                result.out);
}

TEST_CASE("bash completion: options from --help, ops from the registry, formats and dtypes") {
  CHECK(complete({"--op", ""}) == registry_names());
  CHECK(complete({"--op", "leaky"}) == std::set<std::string>{"leaky_relu", "leakyrelu"});
  std::set<std::string> formats;
  for (Format f : {Format::kCsv, Format::kTsv, Format::kJson, Format::kNdjson, Format::kNpy, Format::kTxt, Format::kSafetensors, Format::kNpz}) {
    formats.insert(format_name(f));
  }
  CHECK(complete({"--to", ""}) == formats);
  formats.insert(format_name(Format::kAuto));
  CHECK(complete({"--from", ""}) == formats);
  std::set<std::string> dtypes{"auto"};
  for (DType d : {DType::kFloat16, DType::kBFloat16, DType::kFloat32, DType::kFloat64}) dtypes.insert(dtype_name(d));
  CHECK(complete({"--dtype", ""}) == dtypes);
  CHECK(complete({"--approximate", ""}) == std::set<std::string>{"none", "tanh"});

  auto main_help = help_options(run_cli({"--help"}).out);
  auto offered = complete({"-"});
  for (const auto& option : main_help) CHECK_MESSAGE(offered.count(option), option);
  CHECK(offered.count("--op"));
  CHECK(offered.count("--list-ops"));
  CHECK(complete({"plot", "--r"}) == std::set<std::string>{"--range"});
  CHECK(complete({"pl"}).count("plot"));
}

}  // namespace nnact::test
