// The README's "Batch" and "Regression checks" examples, run as shown (issue 6): every
// "    $ command" line runs with sh in a scratch directory holding build/nnact and a copy of
// samples/, and its stdout and stderr together must be the indented lines under it.
#include <doctest/doctest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <sstream>

#include "cli_runner.hpp"

using nnact::test::read_file;
using nnact::test::TempDir;

namespace fs = std::filesystem;

namespace {

struct Example {
  std::string command;
  std::string output;
};

std::vector<Example> examples_of(const std::string& readme, const std::string& section) {
  std::vector<Example> examples;
  auto start = readme.find("\n## " + section + "\n");
  REQUIRE(start != std::string::npos);
  auto end = readme.find("\n## ", start + 1);
  std::istringstream lines(readme.substr(start, end - start));
  bool in_output = false;
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("    $ ", 0) == 0) {
      examples.push_back({line.substr(6), ""});
      in_output = true;
    } else if (in_output && line.rfind("    ", 0) == 0) {
      examples.back().output += line.substr(4) + "\n";
    } else {
      in_output = false;
    }
  }
  return examples;
}

std::string run_shell(const std::string& dir, const std::string& command) {
  std::string script = dir + "/example.sh";
  std::FILE* file = std::fopen(script.c_str(), "w");
  std::fprintf(file, "cd '%s' || exit 99\n%s\n", dir.c_str(), command.c_str());
  std::fclose(file);
  std::string out;
  std::FILE* pipe = popen(("sh " + script + " 2>&1").c_str(), "r");
  char buffer[4096];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) out.append(buffer, n);
  pclose(pipe);
  return out;
}

void run_section(const std::string& section, std::size_t min_examples = 5) {
  TempDir dir;
  fs::create_directory(dir.file("build"));
  fs::create_symlink(NNACT_BINARY, dir.file("build/nnact"));
  fs::copy(NNACT_SAMPLES, dir.file("samples"), fs::copy_options::recursive);
  bool have_parallel = std::system("parallel --version >/dev/null 2>&1") == 0;
  auto examples = examples_of(read_file(std::string(NNACT_TESTS_DIR) + "/../README.md"), section);
  CHECK(examples.size() >= min_examples);
  for (const auto& example : examples) {
    CAPTURE(example.command);
    if (example.command.find("parallel ") != std::string::npos && !have_parallel) {
      MESSAGE("skipped (GNU parallel is not installed): " << example.command);
      continue;
    }
    CHECK(run_shell(dir.path(), example.command) == example.output);
  }
}

}  // namespace

TEST_CASE("README: the Batch examples work as shown") { run_section("Batch"); }

TEST_CASE("README: the Regression checks examples work as shown") { run_section("Regression checks"); }

TEST_CASE("README: the Pipelines examples work as shown") { run_section("Pipelines", 2); }

TEST_CASE("README: the Pictures examples work as shown") { run_section("Pictures", 3); }

TEST_CASE("README: the Formats examples work as shown") { run_section("Formats"); }

TEST_CASE("README: the Half precision examples work as shown") { run_section("Half precision and model files", 3); }

// Needs gzip, zstd and xz (Makefile DEB_PACKAGES), as the compressed-file tests do.
TEST_CASE("README: the Messy files examples work as shown") { run_section("Messy files"); }
