#include "batch_options.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "nnact/io.hpp"
#include "nnact/status.hpp"

namespace nnact::app {
namespace {

namespace fs = std::filesystem;

template <typename T>
void add_optional(CLI::App& cli, const std::string& name, std::optional<T>& into, const std::string& help,
                  const char* type) {
  cli.add_option_function<T>(name, [&into](const T& value) { into = value; }, help)->group("Checks")->type_name(type);
}

// --files-from: one path per line ('-' = standard input), blank lines skipped; with -0 one
// path per NUL-terminated record (find -print0), taken as it is. A NUL in a line-separated list
// means it was meant for -0: reading it as lines would name the wrong files.
std::vector<std::string> read_file_list(const std::string& list, bool null_separated) {
  std::ifstream file;
  std::istream* in = &std::cin;
  if (list != "-") {
    file.open(list, std::ios::binary);
    if (!file) throw Error(ErrorKind::kIo, list, "cannot open the list of files");
    in = &file;
  }
  std::vector<std::string> paths;
  std::size_t number = 0;
  for (std::string line; std::getline(*in, line, null_separated ? '\0' : '\n');) {
    ++number;
    if (!null_separated) {
      if (line.find('\0') != std::string::npos) {
        throw usage_error("--files-from " + list + ": line " + std::to_string(number) +
                          " holds a NUL byte; use -0/--null for NUL-separated paths (find -print0)");
      }
      if (!line.empty() && line.back() == '\r') line.pop_back();
    }
    if (!line.empty()) paths.push_back(line);
  }
  return paths;
}

bool same_file(const std::string& a, const std::string& b) {
  std::error_code error;
  return fs::equivalent(a, b, error);
}

void check_conflicts(const BatchCli& o, const std::string& output, const std::vector<std::string>& files) {
  auto fail = [](const std::string& message) { throw usage_error(message); };
  bool check = !o.expect.empty() || !o.expect_dir.empty();
  if (!o.output_dir.empty() && o.in_place) fail("--output-dir and -I/--in-place exclude each other");
  if ((!o.output_dir.empty() || o.in_place) && !output.empty()) {
    fail(std::string("-o/--output and ") + (o.in_place ? "-I/--in-place" : "--output-dir") + " exclude each other");
  }
  if (!o.expect.empty() && !o.expect_dir.empty()) fail("--expect and --expect-dir exclude each other");
  if (check && (!output.empty() || !o.output_dir.empty() || o.in_place)) {
    fail("--expect compares instead of writing: it takes no -o, --output-dir or -I");
  }
  if (!o.expect.empty() && files.size() > 1) fail("--expect FILE checks one input; use --expect-dir DIR for several");
  if (!check && (o.rtol || o.atol || o.max_ulps || o.report != "text")) {
    fail("--rtol, --atol, --max-ulps and --report need --expect or --expect-dir");
  }
  bool stdin_input = std::count(files.begin(), files.end(), "-") > 0;
  if (stdin_input && (o.in_place || !o.output_dir.empty() || !o.expect_dir.empty())) {
    fail("standard input has no file name for -I, --output-dir or --expect-dir");
  }
  if (stdin_input && o.files_from == "-") fail("--files-from - reads the list from standard input: it cannot be an input too");
  if (!output.empty() && output != "-") {
    for (const auto& file : files) {
      if (same_file(file, output)) fail("-o " + output + " is an input; use -I/--in-place to rewrite a file");
    }
  }
}

}  // namespace

void add_batch_options(CLI::App& cli, BatchCli& o) {
  const char* batch = "Batch";
  cli.add_option("--output-dir", o.output_dir, "one output per input in DIR (created): same base name, the output format's extension")
      ->group(batch)->type_name("DIR");
  cli.add_flag("-I,--in-place", o.in_place, "rewrite each input file atomically, keeping its permissions")->group(batch);
  cli.add_option("--files-from", o.files_from, "read input paths from FILE, one per line ('-': standard input)")
      ->group(batch)->type_name("FILE");
  cli.add_flag("-0,--null", o.null_separated, "--files-from paths end with a NUL byte, not a newline (find -print0)")
      ->group(batch);
  cli.add_flag("--keep-going", o.keep_going, "after a failed file go on with the others; exit with the worst code")->group(batch);
  cli.add_option("--progress", o.progress, "progress bar on stderr: auto (a terminal, over a second; not with -q) | always | never")
      ->check(CLI::IsMember({"auto", "always", "never"}))->group(batch)->type_name("WHEN");

  const char* checks = "Checks";
  cli.add_option("--expect", o.expect, "compare the result with FILE (any format) instead of writing it; exit 1 if they differ")
      ->group(checks)->type_name("FILE");
  cli.add_option("--expect-dir", o.expect_dir, "compare each input's result with the file of the same base name in DIR")
      ->group(checks)->type_name("DIR");
  add_optional(cli, "--rtol", o.rtol, "relative tolerance (default 1e-7): |got-exp| <= atol + rtol*|exp|", "X");
  add_optional(cli, "--atol", o.atol, "absolute tolerance (default 0)", "X");
  add_optional(cli, "--max-ulps", o.max_ulps, "also pass values within N units in the last place of the dtype", "N");
  cli.add_option("--report", o.report, "mismatch report: text | json")
      ->check(CLI::IsMember({"text", "json"}))->group(checks)->type_name("FMT");
}

void convert_batch(const BatchCli& o, const std::string& output, std::vector<std::string>& files,
                   BatchConfig& batch, CheckConfig& check) {
  if (o.null_separated && o.files_from.empty()) throw usage_error("-0/--null is for --files-from lists");
  if (!o.files_from.empty()) {
    auto listed = read_file_list(o.files_from, o.null_separated);
    files.insert(files.end(), listed.begin(), listed.end());
  }
  if (files.empty() && o.files_from.empty()) files.push_back("-");
  check_conflicts(o, output, files);
  if (o.rtol && !(*o.rtol >= 0)) throw usage_error("--rtol must be 0 or more");
  if (o.atol && !(*o.atol >= 0)) throw usage_error("--atol must be 0 or more");
  if (o.max_ulps && *o.max_ulps < 0) throw usage_error("--max-ulps must be 0 or more");
  batch.output_dir = o.output_dir;
  batch.in_place = o.in_place;
  batch.keep_going = o.keep_going;
  batch.progress = o.progress == "always" ? ProgressMode::kAlways
                   : o.progress == "never" ? ProgressMode::kNever
                                           : ProgressMode::kAuto;
  check.expect = o.expect;
  check.expect_dir = o.expect_dir;
  if (o.rtol) check.tolerance.rtol = *o.rtol;
  if (o.atol) check.tolerance.atol = *o.atol;
  if (o.max_ulps) check.tolerance.max_ulps = static_cast<std::uint64_t>(*o.max_ulps);
  check.json_report = o.report == "json";
}

}  // namespace nnact::app
