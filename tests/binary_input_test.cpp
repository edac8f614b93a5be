// End to end: binary input where text is expected (issue 18 item 4) is refused with exit 3 and a
// short escaped excerpt, never echoed back as a "header-only CSV"; a text input that is only a
// guessed header says so on stderr.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include "cli_runner.hpp"
#include "io/sniff.hpp"

using namespace nnact::test;  // run_cli, run_program, TempDir, write_file, read_file

namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("binary_kind names compressed data, archives, npy arrays and NUL bytes") {
  using nnact::binary_kind;
  CHECK(binary_kind("\x1F\x8B\x08\x00") == "gzip-compressed data");
  CHECK(binary_kind("\x28\xB5\x2F\xFD\x00") == "zstd-compressed data");
  CHECK(binary_kind("BZh91AY&SY") == "bzip2-compressed data");
  CHECK(binary_kind(std::string("\xFD" "7zXZ\0\0", 7)) == "xz-compressed data");
  CHECK(binary_kind("PK\x03\x04\x14") == "a zip archive");
  CHECK(binary_kind("\x93NUMPY\x01") == "an npy array");
  CHECK(binary_kind(std::string("ab\0c", 4)) == "binary data (a NUL byte at offset 2)");
  CHECK(binary_kind("BZh,x\n1,2\n").empty());  // a CSV header that happens to start so
  CHECK(binary_kind("a,b\n1,2\n").empty());
  CHECK(binary_kind("caf\xC3\xA9,1\n").empty());  // UTF-8 text is text
}

TEST_CASE("a gzip-compressed CSV is decompressed (by extension, content or --from), and refused when compressed twice") {
  TempDir dir;
  write_file(dir.file("s.csv"), "a,b\n1,-2\n");
  write_file(dir.file("r.csv"), "a,b\n1,0\n");
  REQUIRE(run_program("gzip", {"-k", dir.file("s.csv")}).code == 0);
  REQUIRE(run_program("gzip", {"-k", dir.file("r.csv")}).code == 0);
  auto by_content = run_cli({"--op", "relu", dir.file("s.csv.gz"), "-o", dir.file("out.csv")});
  CHECK(by_content.code == 0);
  CHECK(read_file(dir.file("out.csv")) == "a,b\n1,0\n");
  auto on_stdin = run_cli({"--op", "relu"}, read_file(dir.file("s.csv.gz")));
  CHECK(on_stdin.code == 0);
  CHECK(on_stdin.out == "a,b\n1,0\n");
  auto forced = run_cli({"--op", "relu", "--from", "csv", dir.file("s.csv.gz")});
  CHECK(forced.code == 0);
  CHECK(forced.out == "a,b\n1,0\n");
  // The same as the expected file of a check.
  auto expected = run_cli({"--op", "relu", dir.file("s.csv"), "--expect", dir.file("r.csv.gz")});
  CHECK(expected.code == 0);
  // One layer is decompressed: a .gz of a .gz is refused, with a short excerpt.
  REQUIRE(run_program("sh", {"-c", "gzip -c '" + dir.file("s.csv.gz") + "' > '" + dir.file("s.csv.gz.gz") + "'"}).code == 0);
  auto twice = run_cli({"--op", "relu", dir.file("s.csv.gz.gz"), "-o", dir.file("twice.csv")});
  CHECK(twice.code == 3);
  CHECK(has(twice.err, dir.file("s.csv.gz.gz") + ": looks like gzip-compressed data, not text (it starts \"\\x1F\\x8B"));
  CHECK(has(twice.err, "compressed twice"));
  CHECK(twice.err.size() < 300);  // a short excerpt, not the data
  CHECK(!std::filesystem::exists(dir.file("twice.csv")));
}

TEST_CASE("an npy file read as text and a zip archive are refused with exit 3") {
  TempDir dir;
  auto npy = run_cli({"--op", "relu", "--to", "npy", "-o", dir.file("a.npy")}, "1,-2\n");
  REQUIRE(npy.code == 0);
  auto as_csv = run_cli({"--op", "relu", "--from", "csv", dir.file("a.npy")});
  CHECK(as_csv.code == 3);
  CHECK(has(as_csv.err, "looks like an npy array, not text (it starts \"\\x93NUMPY"));
  CHECK(has(as_csv.err, "--from npy"));
  auto zip = run_cli({"--op", "relu"}, std::string("PK\x03\x04\x14\x00\x00\x00", 8));
  CHECK(zip.code == 3);
  CHECK(has(zip.err, "looks like a zip archive"));
}

TEST_CASE("a text input that is only a guessed header warns that nothing was transformed") {
  for (const char* text : {"hello world\n", "1;-2;3\n"}) {
    CAPTURE(text);
    auto result = run_cli({"--op", "relu"}, text);
    CHECK(result.code == 0);
    CHECK(result.out == text);
    CHECK(result.err == "nnact: <stdin>: nothing transformed: its only row was taken for a header (--header auto); "
                        "-n reads it as data, -d sets the delimiter\n");
    CHECK(run_cli({"--op", "relu", "-q"}, text).err.empty());
  }
  // Told what the row is, or with data below it: no warning.
  CHECK(run_cli({"--op", "relu", "--header", "yes"}, "x,y\n").err.empty());
  CHECK(run_cli({"--op", "relu"}, "x,y\n1,-2\n").err.empty());
  auto semicolon = run_cli({"--op", "relu", "-d", ";", "-n"}, "1;-2;3\n");
  CHECK(semicolon.out == "1;0;3\n");
  CHECK(semicolon.err.empty());
}
