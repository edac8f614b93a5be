// End to end: several inputs, --output-dir, -I, --files-from, -j across files, failures,
// progress, and nnact as a stage of GNU parallel / Hadoop Streaming (issue 6).
#include <doctest/doctest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>

#include "cli_runner.hpp"

using namespace nnact::test;  // run_cli, sample, TempDir, read_file, write_file

namespace fs = std::filesystem;

namespace {

std::string run_file(const char* name) { return sample(std::string("batch/runs/") + name); }
std::string expected(const char* name) { return read_file(sample(std::string("batch/expected/") + name)); }
std::string without_header(const std::string& csv) { return csv.substr(csv.find('\n') + 1); }

// Copies the three runs into a temporary directory (inputs tests may rewrite or break).
void copy_runs(const TempDir& dir) {
  for (const char* name : {"a.csv", "b.csv", "c.csv"}) fs::copy_file(run_file(name), dir.file(name));
}

std::vector<std::string> relu(std::vector<std::string> args) {
  args.insert(args.begin(), {"--op", "relu"});
  return args;
}

}  // namespace

TEST_CASE("several inputs to stdout: one header when all match, in argument order") {
  auto result = run_cli(relu({run_file("a.csv"), run_file("b.csv"), run_file("c.csv")}));
  CHECK(result.code == 0);
  CHECK(result.err.empty());
  CHECK(result.out == expected("a.csv") + without_header(expected("b.csv")) + without_header(expected("c.csv")));
  auto reversed = run_cli(relu({run_file("c.csv"), run_file("a.csv")}));
  CHECK(reversed.out == expected("c.csv") + without_header(expected("a.csv")));
}

TEST_CASE("several inputs to stdout: one header also when the op widens rows (crelu)") {
  auto result = run_cli({"--op", "crelu", run_file("a.csv"), run_file("b.csv")});
  CHECK(result.code == 0);
  auto body = result.out.substr(result.out.find('\n') + 1);
  CHECK(result.out.rfind("x,y", 0) == 0);  // the header first (with crelu's names, if any)
  // crelu(x) = [relu(x), relu(-x)] along the row.
  CHECK(body == "1.5,0,0,2.25\n0,3,0.1,0\n0.5,0,0,1\n0,0.0025,7,0\n");
}

TEST_CASE("several inputs to stdout: a different header is an error naming the file") {
  auto result = run_cli(relu({run_file("a.csv"), sample("batch/other.csv")}));
  CHECK(result.code == 3);
  CHECK(result.out == expected("a.csv"));
  CHECK(result.err.find("other.csv") != std::string::npos);
  CHECK(result.err.find("header \"p,q\" differs from the first input's header \"x,y\"") != std::string::npos);
  // A file without a header after one with a header differs too.
  auto mixed = run_cli(relu({run_file("a.csv"), sample("seed.csv")}));
  CHECK(mixed.code == 3);
  CHECK(mixed.err.find("no header differs") != std::string::npos);
}

TEST_CASE("several inputs into one -o file: written only when every input went through") {
  TempDir dir;
  auto ok = run_cli(relu({run_file("a.csv"), run_file("b.csv"), "-o", dir.file("all.csv")}));
  CHECK(ok.code == 0);
  CHECK(read_file(dir.file("all.csv")) == expected("a.csv") + without_header(expected("b.csv")));
  auto bad = run_cli(relu({run_file("c.csv"), sample("batch/other.csv"), "-o", dir.file("none.csv"), "--keep-going"}));
  CHECK(bad.code == 3);
  CHECK_FALSE(fs::exists(dir.file("none.csv")));
}

TEST_CASE("--output-dir: one output per input, directory created, extension of the output format") {
  TempDir dir;
  std::string out = dir.file("new/out");
  auto result = run_cli(relu({run_file("a.csv"), run_file("b.csv"), run_file("c.csv"), "--output-dir", out}));
  CHECK(result.code == 0);
  CHECK(result.out.empty());
  CHECK(result.err.empty());
  for (const char* name : {"a.csv", "b.csv", "c.csv"}) CHECK(read_file(out + "/" + name) == expected(name));
  auto json = run_cli(relu({run_file("a.csv"), "--to", "json", "--output-dir", out}));
  CHECK(json.code == 0);
  CHECK(read_file(out + "/a.json") == "[\n{\"x\":1.5,\"y\":0},\n{\"x\":0,\"y\":3}]\n");
  // No temporary files are left behind.
  int entries = 0;
  for (auto& entry : fs::directory_iterator(out)) entries += entry.path().filename().string()[0] == '.' ? 100 : 1;
  CHECK(entries == 4);
}

TEST_CASE("--output-dir with -j 4 writes what -j 1 writes") {
  TempDir dir;
  std::vector<std::string> inputs;
  std::string data;
  for (int i = 0; i < 8; ++i) {
    std::string body = "x,y\n";
    for (int r = 0; r < 2000; ++r) body += std::to_string(r - 1000 * (i % 3)) + ".25,-" + std::to_string(r * i) + "e-3\n";
    inputs.push_back(dir.file("in" + std::to_string(i) + ".csv"));
    write_file(inputs.back(), body);
  }
  auto one = inputs, four = inputs;
  one.insert(one.end(), {"-j", "1", "--output-dir", dir.file("one")});
  four.insert(four.end(), {"-j", "4", "--output-dir", dir.file("four")});
  REQUIRE(run_cli(relu(one)).code == 0);
  REQUIRE(run_cli(relu(four)).code == 0);
  for (int i = 0; i < 8; ++i) {
    std::string name = "/in" + std::to_string(i) + ".csv";
    CHECK(read_file(dir.file("one") + name) == read_file(dir.file("four") + name));
    CHECK(read_file(dir.file("one") + name).size() > 5000);
  }
}

TEST_CASE("-I rewrites each file atomically and keeps its permissions") {
  TempDir dir;
  copy_runs(dir);
  ::chmod(dir.file("b.csv").c_str(), 0640);
  auto result = run_cli(relu({dir.file("a.csv"), dir.file("b.csv"), "-I"}));
  CHECK(result.code == 0);
  CHECK(result.out.empty());
  CHECK(read_file(dir.file("a.csv")) == expected("a.csv"));
  CHECK(read_file(dir.file("b.csv")) == expected("b.csv"));
  CHECK(read_file(dir.file("c.csv")) == read_file(run_file("c.csv")));
  struct stat st {};
  ::stat(dir.file("b.csv").c_str(), &st);
  CHECK((st.st_mode & 07777) == 0640);
  // Through a symlink the target is rewritten and the link stays a link.
  fs::create_symlink(dir.file("c.csv"), dir.file("link.csv"));
  CHECK(run_cli(relu({dir.file("link.csv"), "-I"})).code == 0);
  CHECK(fs::is_symlink(dir.file("link.csv")));
  CHECK(read_file(dir.file("c.csv")) == expected("c.csv"));
  // --fsync flushes before the rename: the same files and permissions come out.
  fs::copy_file(run_file("b.csv"), dir.file("b.csv"), fs::copy_options::overwrite_existing);
  ::chmod(dir.file("b.csv").c_str(), 0640);
  CHECK(run_cli(relu({dir.file("b.csv"), "-I", "--fsync"})).code == 0);
  CHECK(run_cli(relu({run_file("a.csv"), "--fsync", "-o", dir.file("a.out.csv")})).code == 0);
  CHECK(read_file(dir.file("b.csv")) == expected("b.csv"));
  CHECK(read_file(dir.file("a.out.csv")) == expected("a.csv"));
  ::stat(dir.file("b.csv").c_str(), &st);
  CHECK((st.st_mode & 07777) == 0640);
}

TEST_CASE("a failed file stops the batch, --keep-going does the rest and exits with the worst code") {
  TempDir dir;
  copy_runs(dir);
  fs::rename(dir.file("b.csv"), dir.file("b_bad.csv"));
  write_file(dir.file("b_bad.csv"), "x,y\n1,2\n3,oops\n");
  std::vector<std::string> files{dir.file("a.csv"), dir.file("b_bad.csv"), dir.file("c.csv")};

  auto args = files;
  args.insert(args.end(), {"-j", "1", "--output-dir", dir.file("out")});
  auto stopped = run_cli(relu(args));
  CHECK(stopped.code == 3);
  CHECK(stopped.err.find("b_bad.csv:3:3: cannot read \"oops\" as a number") != std::string::npos);
  CHECK(stopped.err.find("1 file done, 1 failed, 1 not started") != std::string::npos);
  CHECK(fs::exists(dir.file("out/a.csv")));
  CHECK_FALSE(fs::exists(dir.file("out/b_bad.csv")));
  CHECK_FALSE(fs::exists(dir.file("out/c.csv")));

  args.push_back("--keep-going");
  auto kept = run_cli(relu(args));
  CHECK(kept.code == 3);
  CHECK(kept.err.find("2 files done, 1 failed") != std::string::npos);
  CHECK(read_file(dir.file("out/c.csv")) == expected("c.csv"));

  // In place, the bad file is left as it was and the files after it are not touched.
  auto in_place = files;
  in_place.push_back("-I");
  CHECK(run_cli(relu(in_place)).code == 3);
  CHECK(read_file(dir.file("a.csv")) == expected("a.csv"));
  CHECK(read_file(dir.file("b_bad.csv")) == "x,y\n1,2\n3,oops\n");
  CHECK(read_file(dir.file("c.csv")) == read_file(run_file("c.csv")));

  // With -j 2, c.csv runs beside a bad file that fails late: it is still left alone, as -j 1
  // would (results are committed in argument order).
  std::string slow = "x,y\n";
  for (int i = 0; i < 400000; ++i) slow += "1,2\n";
  write_file(dir.file("b_bad.csv"), slow + "3,oops\n");
  for (const char* jobs : {"1", "2"}) {
    CAPTURE(jobs);
    auto late = run_cli(relu({dir.file("b_bad.csv"), dir.file("c.csv"), "-I", "-j", jobs}));
    CHECK(late.code == 3);
    CHECK(late.err.find("0 files done, 1 failed, 1 not started") != std::string::npos);
    CHECK(read_file(dir.file("c.csv")) == read_file(run_file("c.csv")));
  }
}

TEST_CASE("--files-from reads paths one per line, from a file or standard input") {
  TempDir dir;
  std::string list = run_file("a.csv") + "\n\n" + run_file("c.csv") + "\n";
  write_file(dir.file("list.txt"), list);
  std::string both = expected("a.csv") + without_header(expected("c.csv"));
  auto from_file = run_cli(relu({"--files-from", dir.file("list.txt")}));
  CHECK(from_file.code == 0);
  CHECK(from_file.out == both);
  auto from_stdin = run_cli(relu({"--files-from", "-"}), list);
  CHECK(from_stdin.code == 0);
  CHECK(from_stdin.out == both);
  auto missing = run_cli(relu({"--files-from", dir.file("nope.txt")}));
  CHECK(missing.code == 4);
}

TEST_CASE("conflicting batch options are usage errors") {
  TempDir dir;
  copy_runs(dir);
  CHECK(run_cli(relu({dir.file("a.csv"), "-I", "--output-dir", dir.file("o")})).code == 2);
  CHECK(run_cli(relu({dir.file("a.csv"), "-I", "-o", dir.file("o.csv")})).code == 2);
  CHECK(run_cli(relu({"-I"}), "1,2\n").code == 2);
  auto same = run_cli(relu({dir.file("a.csv"), "-o", dir.file("a.csv")}));
  CHECK(same.code == 2);
  CHECK(same.err.find("use -I/--in-place") != std::string::npos);
  CHECK(read_file(dir.file("a.csv")) == read_file(run_file("a.csv")));
  fs::create_directory(dir.file("sub"));
  fs::copy_file(run_file("a.csv"), dir.file("sub/a.csv"));
  auto clash = run_cli(relu({dir.file("a.csv"), dir.file("sub/a.csv"), "--output-dir", dir.file("o")}));
  CHECK(clash.code == 2);
  CHECK(clash.err.find("would both write") != std::string::npos);
}

TEST_CASE("progress: nothing when stderr is not a terminal, a bar with --progress always") {
  TempDir dir;
  std::vector<std::string> args{run_file("a.csv"), run_file("b.csv"), run_file("c.csv"), "--output-dir", dir.path()};
  auto quiet = run_cli(relu(args));
  CHECK(quiet.err.empty());
  args.insert(args.end(), {"--progress", "always"});
  auto shown = run_cli(relu(args));
  CHECK(shown.code == 0);
  CHECK(shown.err.find("3/3 files") != std::string::npos);
  CHECK(shown.err.find(" total") != std::string::npos);
  CHECK(shown.err.find("\x1b[") == std::string::npos);  // not a terminal: no colour codes
  CHECK(shown.out.empty());
}

TEST_CASE("progress on a terminal is coloured unless NO_COLOR is set") {
  if (std::system("command -v script >/dev/null 2>&1") != 0) {
    MESSAGE("skipped: util-linux `script` (a pseudo-terminal) is not installed");
    return;
  }
  TempDir dir;
  std::string command = std::string(NNACT_BINARY) + " --op relu --progress always --output-dir " + dir.path() + " " +
                        run_file("a.csv") + " " + run_file("b.csv");
  auto on_terminal = [&](const std::string& env) {
    std::string log = dir.file("typescript");
    std::string line = "script -qec '" + env + command + "' " + log + " >/dev/null 2>&1";
    CHECK(std::system(line.c_str()) == 0);
    return read_file(log);
  };
  CHECK(on_terminal("").find("\x1b[32m") != std::string::npos);
  // -q: no bar in auto mode, even on a terminal (the run is short, so auto would not show it
  // either; --progress always shows it, -q only turns off auto).
  command += " -q";
  std::string quiet_always = on_terminal("");
  CHECK(quiet_always.find("2/2 files") != std::string::npos);
  std::string plain = on_terminal("NO_COLOR=1 ");
  CHECK(plain.find("2/2 files") != std::string::npos);
  CHECK(plain.find("\x1b[32m") == std::string::npos);
}

TEST_CASE("GNU parallel spreads files over processes with the same results") {
  if (std::system("parallel --version >/dev/null 2>&1") != 0) {
    MESSAGE("skipped: GNU parallel is not installed (make test installs it)");
    return;
  }
  TempDir dir;
  fs::create_directory(dir.file("out"));
  std::string command = "cd " + dir.path() + " && parallel " + NNACT_BINARY + " --op relu {} -o out/{/} ::: " +
                        run_file("a.csv") + " " + run_file("b.csv") + " " + run_file("c.csv");
  REQUIRE(std::system(command.c_str()) == 0);
  for (const char* name : {"a.csv", "b.csv", "c.csv"}) CHECK(read_file(dir.file(std::string("out/") + name)) == expected(name));
  // --pipe: records cut into blocks, each through its own nnact -n, in order (-k).
  std::string big;
  for (int i = 0; i < 20000; ++i) big += std::to_string(i % 7 - 3) + ".5," + std::to_string(-i) + "\n";
  write_file(dir.file("big.csv"), big);
  std::string piped = "cd " + dir.path() + " && parallel --pipe -k --block 50k " + NNACT_BINARY +
                      " --op relu -n < big.csv > piped.csv";
  REQUIRE(std::system(piped.c_str()) == 0);
  auto whole = run_cli({"--op", "relu", "-n", dir.file("big.csv")});
  CHECK(read_file(dir.file("piped.csv")) == whole.out);
}

TEST_CASE("streaming stage (Hadoop Streaming, RDD.pipe): stdin to stdout, no state across records with -n") {
  std::string first = "1.5,-2\n-0.25,4\n", second = "3,-3\n0,-0.5\n";
  auto whole = run_cli({"--op", "relu", "-n"}, first + second);
  auto a = run_cli({"--op", "relu", "-n"}, first);
  auto b = run_cli({"--op", "relu", "-n"}, second);
  CHECK(whole.code == 0);
  CHECK(whole.out == "1.5,0\n0,4\n3,0\n0,0\n");
  CHECK(a.out + b.out == whole.out);
  // A first record that looks like a header is still data with -n (a split may start anywhere).
  auto header_like = run_cli({"--op", "relu", "-n"}, "x,y\n");
  CHECK(header_like.code == 3);
}
