// Failing systems (issue 7): a full disk, a reader that goes away, signals mid-write,
// unreadable inputs, a missing output directory, -o naming an input.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <thread>

#include "cli_runner.hpp"
#include "spawn.hpp"

using nnact::test::read_file;
using nnact::test::run_cli;
using nnact::test::sample;
using nnact::test::TempDir;
using nnact::test::write_file;

namespace {

// Stderr of a spawned run, through a pipe read after it ended (messages are one short line).
struct Captured {
  int code;
  std::string err;
};

Captured run_with_stdout(const std::vector<std::string>& args, int out) {
  int err[2];
  REQUIRE(pipe(err) == 0);
  pid_t pid = nnact::test::spawn_cli(args, {.out = out, .err = err[1]});
  close(err[1]);
  std::string text = nnact::test::drain(err[0]);
  close(err[0]);
  return {nnact::test::wait_cli(pid), text};
}

std::vector<std::string> entries(const std::string& dir) {
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(dir)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

std::string big_csv(std::size_t rows) {
  std::string csv;
  for (std::size_t i = 0; i < rows; ++i) csv += std::to_string(static_cast<long>(i % 13) - 6) + ".5,-1,2\n";
  return csv;
}

}  // namespace

TEST_CASE("a full disk is an I/O error (exit 4), on stdout and with -o") {
  int full = open("/dev/full", O_WRONLY);
  REQUIRE(full >= 0);
  auto to_stdout = run_with_stdout({"--op", "relu", sample("seed.csv")}, full);
  close(full);
  CHECK(to_stdout.code == 4);
  CHECK(to_stdout.err == "nnact: <stdout>: No space left on device\n");
  auto to_file = run_cli({"--op", "relu", sample("seed.csv"), "-o", "/dev/full"});
  CHECK(to_file.code == 4);
  CHECK(to_file.err == "nnact: /dev/full: No space left on device\n");
  // A device is written directly, not replaced by a rename.
  auto to_null = run_cli({"--op", "relu", sample("seed.csv"), "-o", "/dev/null"});
  CHECK(to_null.code == 0);
  CHECK(to_null.err.empty());
}

TEST_CASE("the reader of stdout going away (| head -1) ends the run quietly with exit 0") {
  TempDir dir;
  write_file(dir.file("big.csv"), big_csv(400000));
  for (const char* jobs : {"1", "3"}) {
    CAPTURE(jobs);
    int out[2], err[2];
    REQUIRE(pipe(out) == 0);
    REQUIRE(pipe(err) == 0);
    pid_t pid = nnact::test::spawn_cli({"--op", "relu", "-j", jobs, dir.file("big.csv")}, {.out = out[1], .err = err[1]});
    close(out[1]);
    close(err[1]);
    std::string first;  // read the first line, as head -1 does, then go away
    for (char c; read(out[0], &c, 1) == 1 && c != '\n';) first += c;
    close(out[0]);
    std::string message = nnact::test::drain(err[0]);
    close(err[0]);
    CHECK(nnact::test::wait_cli(pid) == 0);
    CHECK(message.empty());
    CHECK(first == "0,0,2");
  }
}

TEST_CASE("SIGINT/SIGTERM while writing -o: no new file, the old one intact, no temp files") {
  for (int signal_number : {SIGINT, SIGTERM}) {
    CAPTURE(signal_number);
    TempDir dir;
    write_file(dir.file("out.csv"), "old\n");
    int in[2];
    REQUIRE(pipe(in) == 0);
    pid_t pid = nnact::test::spawn_cli({"--op", "relu", "-o", dir.file("out.csv")}, {.in = in[0]});
    close(in[0]);
    // Feed input (the run writes its temp file as it goes) and keep the pipe open, so the
    // signal arrives in the middle of the run.
    std::string csv = big_csv(200000);
    for (std::size_t at = 0; at < csv.size();) {
      ssize_t n = write(in[1], csv.data() + at, csv.size() - at);
      REQUIRE(n > 0);
      at += static_cast<std::size_t>(n);
    }
    bool temp_written = false;
    for (int i = 0; i < 400 && !temp_written; ++i) {
      for (const auto& name : entries(dir.path())) {
        if (name.find(".nnact-") != std::string::npos && std::filesystem::file_size(dir.file(name)) > 0) {
          temp_written = true;
        }
      }
      if (!temp_written) std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    CHECK(temp_written);
    kill(pid, signal_number);
    CHECK(nnact::test::wait_cli(pid) == 128 + signal_number);
    close(in[1]);
    CHECK(entries(dir.path()) == std::vector<std::string>{"out.csv"});
    CHECK(read_file(dir.file("out.csv")) == "old\n");
  }
}

TEST_CASE("unreadable inputs are I/O errors naming the file") {
  TempDir dir;
  std::filesystem::permissions(dir.path(), std::filesystem::perms::owner_all | std::filesystem::perms::others_read |
                                               std::filesystem::perms::others_exec);
  write_file(dir.file("secret.csv"), "1,2\n");
  chmod(dir.file("secret.csv").c_str(), 0);
  int err[2];
  REQUIRE(pipe(err) == 0);
  // As root every file is readable: the run drops to "nobody" so the permission applies.
  pid_t pid = nnact::test::spawn_cli({"--op", "relu", dir.file("secret.csv")}, {.err = err[1], .as_nobody = true});
  close(err[1]);
  std::string message = nnact::test::drain(err[0]);
  close(err[0]);
  CHECK(nnact::test::wait_cli(pid) == 4);
  CHECK(message == "nnact: " + dir.file("secret.csv") + ": Permission denied\n");

  auto directory = run_cli({"--op", "relu", dir.path()});
  CHECK(directory.code == 4);
  CHECK(directory.err == "nnact: " + dir.path() + ": is a directory\n");
}

TEST_CASE("an output directory that does not exist is an I/O error, nothing written") {
  TempDir dir;
  auto result = run_cli({"--op", "relu", sample("seed.csv"), "-o", dir.file("missing/out.csv")});
  CHECK(result.code == 4);
  CHECK(result.err.rfind("nnact: " + dir.file("missing/out.csv") + ": cannot create the temporary file ", 0) == 0);
  CHECK(result.err.ends_with(" in " + dir.file("missing") + " (No such file or directory)\n"));
  CHECK(result.out.empty());
  CHECK(entries(dir.path()).empty());
}

TEST_CASE("-o naming an input file is refused (exit 2) and the input is untouched") {
  TempDir dir;
  write_file(dir.file("a.csv"), "-1,2\n");
  auto same = run_cli({"--op", "relu", dir.file("a.csv"), "-o", dir.file("a.csv")});
  CHECK(same.code == 2);
  CHECK(same.err == "nnact: -o " + dir.file("a.csv") + " is an input; use -I/--in-place to rewrite a file\n");
  // The same file under another spelling.
  auto other = run_cli({"--op", "relu", dir.file("a.csv"), "-o", dir.path() + "/./a.csv"});
  CHECK(other.code == 2);
  // --output-dir naming the input's own directory.
  auto dir_out = run_cli({"--op", "relu", dir.file("a.csv"), "--output-dir", dir.path()});
  CHECK(dir_out.code == 2);
  CHECK(dir_out.err.find("--output-dir would write " + dir.file("a.csv") + " over this input") != std::string::npos);
  CHECK(read_file(dir.file("a.csv")) == "-1,2\n");
  CHECK(entries(dir.path()) == std::vector<std::string>{"a.csv"});
  // -I is how to ask for it.
  auto in_place = run_cli({"--op", "relu", "-I", dir.file("a.csv")});
  CHECK(in_place.code == 0);
  CHECK(read_file(dir.file("a.csv")) == "0,2\n");
}
