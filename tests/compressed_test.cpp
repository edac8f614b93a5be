// Compressed inputs and outputs, with files made and checked by the real gzip, zstd, bzip2 and
// xz commands (Debian packages gzip, zstd, bzip2, xz-utils; make test installs them).
#include <doctest/doctest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "cli_runner.hpp"
#include "io/compression.hpp"
#include "nnact/io.hpp"
#include "nnact/status.hpp"

using nnact::test::CliResult;
using nnact::test::read_file;
using nnact::test::run_cli;
using nnact::test::run_program;
using nnact::test::TempDir;
using nnact::test::write_file;

namespace fs = std::filesystem;

namespace {

struct Tool {
  const char* command;    // compresses stdin to stdout with `-c`
  const char* extension;  // what it names its files
};
const Tool kTools[] = {{"gzip", ".gz"}, {"zstd", ".zst"}, {"bzip2", ".bz2"}, {"xz", ".xz"}};

// Runs a shell command in `dir`; fails the test if it fails.
std::string sh(const TempDir& dir, const std::string& command) {
  CliResult r = run_program("sh", {"-c", "cd '" + dir.path() + "' && " + command});
  REQUIRE_MESSAGE(r.code == 0, command << ": " << r.err);
  return r.out;
}

// A CSV of about 4 MB (several read blocks and compressed buffers), signed decimals, a header.
void write_data(const TempDir& dir) {
  sh(dir, "seq -150000 1 150000 | awk 'BEGIN{print \"a,b,c\"} {printf \"%.4f,%d,%.3e\\n\", $1/7, -$1, $1/3}' > data.csv");
}

}  // namespace

TEST_CASE("compressed: gzip, zstd, bzip2 and xz files read by extension, by magic bytes, and on standard input") {
  TempDir dir;
  write_data(dir);
  std::string expected = run_cli({"--op", "relu", dir.file("data.csv")}).out;
  REQUIRE(expected.size() > 3'000'000);
  for (const Tool& tool : kTools) {
    CAPTURE(std::string(tool.command));
    sh(dir, std::string(tool.command) + " -c data.csv > data.csv" + tool.extension);
    sh(dir, std::string(tool.command) + " -c data.csv > data.unknown");
    for (const char* jobs : {"1", "2", "4"}) {
      CliResult r = run_cli({"--op", "relu", "-j", jobs, dir.file(std::string("data.csv") + tool.extension)});
      CHECK(r.code == 0);
      CHECK(r.out == expected);
    }
    CliResult piped = run_cli({"--op", "relu", "-v"}, read_file(dir.file(std::string("data.csv") + tool.extension)));
    CHECK(piped.code == 0);
    CHECK(piped.out == expected);
    CHECK(piped.err.find(std::string("reading ") + nnact::compression_name(nnact::compression_from_extension(std::string("x") + tool.extension)) +
                         "-compressed csv (by content)") != std::string::npos);
    CliResult unknown = run_cli({"--op", "relu", "--from", "csv", dir.file("data.unknown")});
    CHECK(unknown.out == expected);
    // -f and the header go through decompression unchanged.
    CHECK(run_cli({"--op", "relu", "-f", "2-", dir.file(std::string("data.csv") + tool.extension)}).out ==
          run_cli({"--op", "relu", "-f", "2-", dir.file("data.csv")}).out);
  }
}

TEST_CASE("compressed: concatenated gzip members, zstd frames, bzip2 and xz streams read whole") {
  TempDir dir;
  write_file(dir.file("a.csv"), "1,-1\n2,-2\n");
  write_file(dir.file("b.csv"), "-3,3\n");
  for (const Tool& tool : kTools) {
    CAPTURE(std::string(tool.command));
    std::string c = tool.command;
    sh(dir, c + " -c a.csv > a.z && " + c + " -c b.csv > b.z && cat a.z b.z a.z > all" + tool.extension);
    CliResult r = run_cli({"--op", "relu", dir.file(std::string("all") + tool.extension)});
    CHECK(r.code == 0);
    CHECK(r.out == "1,0\n2,0\n0,3\n1,0\n2,0\n");
    CHECK(run_cli({"--op", "relu"}, read_file(dir.file(std::string("all") + tool.extension))).out == r.out);
  }
}

TEST_CASE("compressed: a truncated or corrupt stream is bad data naming the byte offset, and leaves no output file") {
  TempDir dir;
  write_data(dir);
  for (const Tool& tool : kTools) {
    CAPTURE(std::string(tool.command));
    std::string c = tool.command;
    sh(dir, c + " -c data.csv > full.z && head -c 20000 full.z > cut" + tool.extension);
    fs::create_directory(dir.file("out"));
    CliResult cut = run_cli({"--op", "relu", dir.file(std::string("cut") + tool.extension), "-o", dir.file("out/r.csv")});
    CHECK(cut.code == 3);
    CHECK(cut.err.find(std::string("cut") + tool.extension + ": byte 20000: truncated") != std::string::npos);
    CHECK(fs::is_empty(dir.file("out")));
    // A byte changed in the trailer (checksums, sizes): the codec catches it at the end.
    std::string bytes = read_file(dir.file("full.z"));
    bytes[bytes.size() - 6] = static_cast<char>(bytes[bytes.size() - 6] ^ 0x55);
    write_file(dir.file(std::string("bad") + tool.extension), bytes);
    CliResult bad = run_cli({"--op", "relu", dir.file(std::string("bad") + tool.extension), "-o", dir.file("out/r.csv")});
    CHECK(bad.code == 3);
    CHECK(bad.err.find(std::string("bad") + tool.extension + ": byte ") != std::string::npos);
    CHECK(bad.err.find(std::string("corrupt ") + tool.command + " data") != std::string::npos);
    CHECK(fs::is_empty(dir.file("out")));
    // A byte changed in the middle decodes to garbage or fails the codec: bad data either way
    // (what decoded before it may already be parsed and found bad first).
    bytes = read_file(dir.file("full.z"));
    bytes[bytes.size() / 2] = static_cast<char>(bytes[bytes.size() / 2] ^ 0x55);
    write_file(dir.file("mid.z"), bytes);
    CHECK(run_cli({"--op", "relu", dir.file("mid.z"), "-o", dir.file("out/r.csv")}).code == 3);
    CHECK(fs::is_empty(dir.file("out")));
  }
  // An extension that promises compression the bytes do not have.
  write_file(dir.file("plain.csv.gz"), "1,-1\n");
  CliResult lie = run_cli({"--op", "relu", dir.file("plain.csv.gz")});
  CHECK(lie.code == 3);
  CHECK(lie.err.find("plain.csv.gz: not gz data") != std::string::npos);
}

TEST_CASE("compressed: -o's extension and --compress write what gzip, zstd, bzip2 and xz read back") {
  TempDir dir;
  write_data(dir);
  std::string expected = run_cli({"--op", "relu", dir.file("data.csv")}).out;
  for (const Tool& tool : kTools) {
    CAPTURE(std::string(tool.command));
    std::string out = dir.file(std::string("r.csv") + tool.extension);
    REQUIRE(run_cli({"--op", "relu", dir.file("data.csv"), "-o", out}).code == 0);
    CHECK(sh(dir, std::string(tool.command) + " -dc " + out) == expected);
    // --compress on standard output, the name given without its dot.
    CliResult piped = run_cli({"--op", "relu", dir.file("data.csv"), "--compress", std::string(tool.extension).substr(1)});
    write_file(dir.file("piped.z"), piped.out);
    CHECK(sh(dir, std::string(tool.command) + " -dc < piped.z") == expected);
  }
  // --compress none over -o's extension; npy through gzip is what numpy reads from gzip.open.
  REQUIRE(run_cli({"--op", "relu", dir.file("data.csv"), "-o", dir.file("p.csv.gz"), "--compress", "none"}).code == 0);
  CHECK(read_file(dir.file("p.csv.gz")) == expected);
  CliResult bad = run_cli({"--op", "relu", dir.file("data.csv"), "--compress", "lz4"});
  CHECK(bad.code == 2);
}

TEST_CASE("compressed: -I keeps each file's compression, --output-dir keeps or changes it, --expect reads it") {
  TempDir dir;
  write_file(dir.file("a.csv"), "x,y\n1.5,-2\n");
  write_file(dir.file("b.csv"), "x,y\n-3,4\n");
  sh(dir, "gzip -k a.csv && zstd -q b.csv && cp a.csv.gz a2.csv.gz");
  REQUIRE(run_cli({"--op", "relu", "-I", dir.file("a2.csv.gz")}).code == 0);
  CHECK(sh(dir, "gzip -dc a2.csv.gz") == "x,y\n1.5,0\n");
  CHECK(run_cli({"--op", "relu", "-I", "--compress", "xz", dir.file("a2.csv.gz")}).code == 2);
  for (const char* jobs : {"1", "2"}) {
    CAPTURE(std::string(jobs));
    fs::remove_all(dir.file("out"));
    REQUIRE(run_cli({"--op", "relu", "-j", jobs, dir.file("a.csv.gz"), dir.file("b.csv.zst"), "--output-dir", dir.file("out")}).code == 0);
    CHECK(sh(dir, "gzip -dc out/a.csv.gz") == "x,y\n1.5,0\n");
    CHECK(sh(dir, "zstd -dc out/b.csv.zst") == "x,y\n0,4\n");
    REQUIRE(run_cli({"--op", "relu", "-j", jobs, dir.file("a.csv.gz"), dir.file("b.csv.zst"), "--output-dir",
                     dir.file("out"), "--compress", "none", "--to", "json"}).code == 0);
    CHECK(read_file(dir.file("out/b.json")) == "[\n{\"x\":0,\"y\":4}]\n");  // records, as a CSV converts
    REQUIRE(run_cli({"--op", "relu", dir.file("a.csv.gz"), "--output-dir", dir.file("out"), "--compress", "bz2"}).code == 0);
    CHECK(sh(dir, "bzip2 -dc out/a.csv.bz2") == "x,y\n1.5,0\n");
  }
  // --expect with a compressed golden file (and a compressed input).
  sh(dir, "printf 'x,y\\n1.5,0\\n' | xz > golden.csv.xz && printf 'x,y\\n1.5,1\\n' | gzip > wrong.csv.gz");
  CHECK(run_cli({"--op", "relu", dir.file("a.csv.gz"), "--expect", dir.file("golden.csv.xz")}).code == 0);
  CHECK(run_cli({"--op", "relu", dir.file("a.csv.gz"), "--expect", dir.file("wrong.csv.gz")}).code == 1);
}

TEST_CASE("compressed: magic bytes are recognised only whole, and a short plain input is not mistaken") {
  using nnact::Compression;
  using nnact::detail::compression_from_magic;
  CHECK(compression_from_magic("\x1f\x8b\x08", false) == Compression::kGzip);
  CHECK(compression_from_magic("\x28\xb5\x2f\xfd", false) == Compression::kZstd);
  CHECK(compression_from_magic("BZh9", false) == Compression::kBzip2);
  CHECK(compression_from_magic(std::string_view("\xfd" "7zXZ\0", 6), false) == Compression::kXz);
  CHECK_FALSE(compression_from_magic("BZ", false).has_value());  // wait for more
  CHECK(compression_from_magic("BZ", true) == Compression::kNone);
  CHECK(compression_from_magic("B,1", false) == Compression::kNone);
  CHECK(compression_from_magic("1,-1\n", false) == Compression::kNone);
  CHECK(nnact::format_from_extension("d/x.csv.gz") == nnact::Format::kCsv);
  CHECK(nnact::strip_compression_extension("d/x.npy.zst") == "d/x.npy");
  // In memory: Input decompresses as a file does.
  TempDir dir;
  write_file(dir.file("a.csv"), "1,-1\n");
  sh(dir, "gzip a.csv");
  nnact::Input input = nnact::Input::from_bytes(read_file(dir.file("a.csv.gz")), "mem");
  nnact::Input moved = std::move(input);  // still reads through its own source after a move
  CHECK(moved.peek(64) == "1,-1\n");
  CHECK(moved.compression() == Compression::kGzip);
}

// Issue 16 item 6: comment lines, missing values, -f and decimal commas in compressed files,
// through --output-dir, -I, --expect and --expect-dir, with -j 1 and 2.
TEST_CASE("compressed: comment lines, NA and -f 2- through --output-dir, -I, --expect and --expect-dir, every -j") {
  TempDir dir;
  const std::string s_in = "# Data source: x\nDate,A,B\n2024-01-02,1.5,-2\n2024-01-03,NA,4\n";
  const std::string s_out = "# Data source: x\nDate,A,B\n2024-01-02,1.5,0\n2024-01-03,NA,4\n";
  const std::string t_in = "# Data source: y\nDate,A,B\n2024-02-01,-1,\n";
  const std::string t_out = "# Data source: y\nDate,A,B\n2024-02-01,0,\n";
  write_file(dir.file("s.csv"), s_in);
  write_file(dir.file("t.csv"), t_in);
  fs::create_directory(dir.file("golden"));
  write_file(dir.file("golden/s.csv"), s_out);
  write_file(dir.file("golden/t.csv"), t_out);
  sh(dir, "gzip s.csv && zstd -q --rm t.csv && xz golden/t.csv && gzip -c golden/s.csv > s_golden.csv.gz");
  for (const char* jobs : {"1", "2"}) {
    CAPTURE(std::string(jobs));
    const std::vector<std::string> op = {"--op", "relu", "-f", "2-", "-j", jobs};
    auto with = [&](std::vector<std::string> more) {
      std::vector<std::string> args = op;
      args.insert(args.end(), more.begin(), more.end());
      return run_cli(args);
    };
    fs::remove_all(dir.file("out"));
    REQUIRE(with({dir.file("s.csv.gz"), dir.file("t.csv.zst"), "--output-dir", dir.file("out")}).code == 0);
    CHECK(sh(dir, "gzip -dc out/s.csv.gz") == s_out);
    CHECK(sh(dir, "zstd -dc out/t.csv.zst") == t_out);
    // golden/ holds s.csv (plain) and t.csv.xz: each input finds its own.
    CHECK(with({dir.file("s.csv.gz"), dir.file("t.csv.zst"), "--expect-dir", dir.file("golden")}).code == 0);
    CHECK(with({dir.file("s.csv.gz"), "--expect", dir.file("s_golden.csv.gz")}).code == 0);
    CHECK(with({dir.file("t.csv.zst"), "--expect", dir.file("s_golden.csv.gz")}).code == 1);
    sh(dir, "cp s.csv.gz s2.csv.gz && cp t.csv.zst t2.csv.zst");
    REQUIRE(with({"-I", dir.file("s2.csv.gz"), dir.file("t2.csv.zst")}).code == 0);
    CHECK(sh(dir, "gzip -dc s2.csv.gz") == s_out);
    CHECK(sh(dir, "zstd -dc t2.csv.zst") == t_out);
  }
}

TEST_CASE("compressed: --decimal , through --output-dir, -I and --expect, every -j") {
  TempDir dir;
  write_file(dir.file("eu.csv"), "x;y\n1,5;-2,25\n-0,5;3\n");
  write_file(dir.file("golden.csv"), "x;y\n1,5;0\n0;3\n");
  write_file(dir.file("off.csv"), "x;y\n1,5;0,5\n0;3\n");
  sh(dir, "gzip eu.csv && zstd -q golden.csv");
  for (const char* jobs : {"1", "2"}) {
    CAPTURE(std::string(jobs));
    fs::remove_all(dir.file("out"));
    REQUIRE(run_cli({"--op", "relu", "--decimal", ",", "-j", jobs, dir.file("eu.csv.gz"), "--output-dir",
                     dir.file("out")}).code == 0);
    CHECK(sh(dir, "gzip -dc out/eu.csv.gz") == "x;y\n1,5;0\n0;3\n");
    CHECK(run_cli({"--op", "relu", "--decimal", ",", "-j", jobs, dir.file("eu.csv.gz"), "--expect",
                   dir.file("golden.csv.zst")}).code == 0);
    CHECK(run_cli({"--op", "relu", "--decimal", ",", "-j", jobs, dir.file("eu.csv.gz"), "--expect",
                   dir.file("off.csv")}).code == 1);
    sh(dir, "cp eu.csv.gz eu2.csv.gz");
    REQUIRE(run_cli({"--op", "relu", "--decimal", ",", "-j", jobs, "-I", dir.file("eu2.csv.gz")}).code == 0);
    CHECK(sh(dir, "gzip -dc eu2.csv.gz") == "x;y\n1,5;0\n0;3\n");
  }
}
