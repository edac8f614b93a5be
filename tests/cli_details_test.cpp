// End to end: the smaller command-line fixes of issue 18 item 12: --jobs 0, plot's output and
// arguments, npy to a terminal, option typos, and where a temporary file could not be made.
#include <doctest/doctest.h>

#include <filesystem>

#include "cli_runner.hpp"

using namespace nnact::test;  // run_cli, run_program, TempDir, read_file

namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("--jobs 0 means all cores (xz -T0, parallel -j0): the same output as -j 1") {
  auto zero = run_cli({"--op", "relu", "-n", "--jobs", "0"}, "1,-2\n-3,4\n");
  CHECK(zero.code == 0);
  CHECK(zero.out == "1,0\n0,4\n");
  CHECK(run_cli({"--op", "relu", "-j", "-1"}, "1\n").code == 2);
}

TEST_CASE("plot -o NAME.png is refused: plot writes SVG only") {
  TempDir dir;
  auto png = run_cli({"plot", "--op", "relu", "-o", dir.file("r.png")});
  CHECK(png.code == 2);
  CHECK(has(png.err, "plot writes SVG only"));
  CHECK(!std::filesystem::exists(dir.file("r.png")));
  auto svg = run_cli({"plot", "--op", "relu", "-o", dir.file("r.SVG")});
  CHECK(svg.code == 0);
  CHECK(read_file(dir.file("r.SVG")).rfind("<?xml", 0) == 0);
}

TEST_CASE("plot with a file argument says plot takes no input files, and plot --help has no --axis") {
  auto stray = run_cli({"plot", "--op", "relu", "f.csv"});
  CHECK(stray.code == 2);
  CHECK(stray.err == "nnact: plot takes no input files (it draws ops over --range), not \"f.csv\"\n");
  CHECK(run_cli({"plot", "--op", "relu", "--op", "elu"}).code == 0);  // --op still repeats
  auto help = run_cli({"plot", "--help"});
  CHECK(help.code == 0);
  CHECK(has(help.out, "--alpha"));
  CHECK(!has(help.out, "--axis"));
}

TEST_CASE("npy output to a terminal is refused as gzip does, redirected it is written") {
  // script(1) gives nnact a pseudo-terminal as standard output.
  auto tty = run_program("script", {"-qec", std::string(NNACT_BINARY) + " --op relu -n --to npy", "/dev/null"}, "1,2\n");
  CHECK(tty.code == 2);
  CHECK(has(tty.out, "binary output to a terminal; use -o or redirect"));
  CHECK(!has(tty.out, "NUMPY"));
  auto piped = run_cli({"--op", "relu", "-n", "--to", "npy"}, "1,2\n");
  CHECK(piped.code == 0);
  CHECK(piped.out.rfind("\x93NUMPY", 0) == 0);
}

TEST_CASE("an option typo gets \"did you mean\", as op names do") {
  auto typo = run_cli({"--op", "leaky_relu", "--alhpa", "0.1"}, "1\n");
  CHECK(typo.code == 2);
  CHECK(has(typo.err, "--alhpa; did you mean --alpha?"));
  auto equals = run_cli({"--op", "relu", "--precison=3"}, "1\n");
  CHECK(has(equals.err, "did you mean --precision?"));
  auto far = run_cli({"--op", "relu", "--zzzzzzzz"}, "1\n");
  CHECK(far.code == 2);
  CHECK(!has(far.err, "did you mean"));
}

TEST_CASE("a temporary file that cannot be created is named with its directory") {
  // (A read-only directory gives the same error for -I as a user; as root only a missing
  // directory makes mkstemp fail.)
  TempDir dir;
  auto result = run_cli({"--op", "relu", "-o", dir.file("missing/out.csv")}, "1\n");
  CHECK(result.code == 4);
  CHECK(has(result.err, "cannot create the temporary file " + dir.file("missing/.out.csv.nnact-")));
  CHECK(has(result.err, " in " + dir.file("missing") + " ("));
}
