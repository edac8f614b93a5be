// End to end: --files-from with NUL-separated paths (-0/--null, as xargs -0 and tar --null), and
// a NUL in a line-separated list refused rather than read as the wrong paths (issue 18 item 5).
#include <doctest/doctest.h>

#include <filesystem>

#include "cli_runner.hpp"

using namespace nnact::test;  // run_cli, TempDir, read_file, write_file

TEST_CASE("--files-from -0 reads NUL-separated paths, spaces and newlines included") {
  TempDir dir;
  write_file(dir.file("a b.csv"), "1,-2\n");
  write_file(dir.file("c\nd.csv"), "-3,4\n");
  write_file(dir.file("e.csv"), "-5,6\n");
  const std::string list = dir.file("a b.csv") + '\0' + dir.file("c\nd.csv") + '\0' + dir.file("e.csv") + '\0';
  for (const char* flag : {"-0", "--null"}) {
    CAPTURE(flag);
    std::string out = dir.file(std::string("out") + flag);
    auto result = run_cli({"--op", "relu", "-n", flag, "--files-from", "-", "--output-dir", out}, list);
    REQUIRE(result.code == 0);
    CHECK(read_file(out + "/a b.csv") == "1,0\n");
    CHECK(read_file(out + "/c\nd.csv") == "0,4\n");
    CHECK(read_file(out + "/e.csv") == "0,6\n");
  }
  // From a file too, with no NUL after the last path.
  write_file(dir.file("list0"), dir.file("a b.csv") + '\0' + dir.file("e.csv"));
  auto from_file = run_cli({"--op", "relu", "-n", "-0", "--files-from", dir.file("list0")});
  CHECK(from_file.code == 0);
  CHECK(from_file.out == "1,0\n0,6\n");
}

TEST_CASE("--files-from without -0: a path list holding a NUL is a usage error, nothing written") {
  TempDir dir;
  write_file(dir.file("a b.csv"), "1,-2\n");
  write_file(dir.file("c.csv"), "-3,4\n");
  const std::string list = dir.file("a b.csv") + '\0' + dir.file("c.csv") + '\0';
  auto result = run_cli({"--op", "relu", "-n", "--files-from", "-", "--output-dir", dir.file("out")}, list);
  CHECK(result.code == 2);
  CHECK(result.err.find("holds a NUL byte; use -0/--null") != std::string::npos);
  CHECK(!std::filesystem::exists(dir.file("out")));
  // -0 without --files-from has nothing to apply to.
  CHECK(run_cli({"--op", "relu", "-0", dir.file("c.csv")}).code == 2);
}
