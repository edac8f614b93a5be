// libFuzzer target: the whole command-line path. The first line of the input is the option
// list (split at spaces), the rest is standard input; parse_command_line() and run() do what
// the nnact binary does, writing to /dev/null. Options that would write or read other files
// (-o, --output-dir, -I, --expect, paths) are dropped, so a run touches nothing on disk.
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "app/cli.hpp"
#include "app/run.hpp"

namespace {

bool allowed(std::string_view token) {
  static const std::set<std::string_view, std::less<>> kLong = {
      "--op", "--alpha", "--beta", "--threshold", "--approximate", "--axis", "--min-val",
      "--max-val", "--lambd", "--value", "--dtype", "--from", "--to", "--delimiter", "--header",
      "--no-header", "--fields", "--precision", "--json-nonfinite", "--quiet", "--verbose"};
  static const std::set<std::string_view, std::less<>> kShort = {"-", "-d", "-n", "-f", "-q", "-v"};
  if (token.find('/') != std::string_view::npos) return false;
  if (token.substr(0, 2) == "--") return kLong.count(token.substr(0, token.find('='))) > 0;
  if (token.substr(0, 1) == "-") {
    // A negative number is a value (--alpha -1), never a bundle of short flags.
    return kShort.count(token) > 0 || token.find_first_not_of("-+0123456789.eE") == std::string_view::npos;
  }
  return true;  // a value, or a file name (no '/': at worst a missing file)
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  // Standard output goes nowhere; standard input is a memory file refilled per input.
  int null = open("/dev/null", O_WRONLY);
  int memory = memfd_create("nnact-fuzz-stdin", 0);
  if (null < 0 || memory < 0 || dup2(null, STDOUT_FILENO) < 0 || dup2(memory, STDIN_FILENO) < 0) {
    std::abort();
  }
  close(null);
  close(memory);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  std::size_t newline = bytes.find('\n');
  std::string_view options = bytes.substr(0, newline);
  std::string_view body = newline == std::string_view::npos ? std::string_view() : bytes.substr(newline + 1);

  std::vector<std::string> args{"nnact"};
  for (std::size_t at = 0; at <= options.size();) {
    std::size_t space = std::min(options.find(' ', at), options.size());
    std::string_view token = options.substr(at, space - at);
    if (!token.empty() && allowed(token) && args.size() < 32) args.emplace_back(token);
    at = space + 1;
  }
  args.emplace_back("-j");
  args.emplace_back(size % 2 ? "2" : "1");
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);

  if (ftruncate(STDIN_FILENO, 0) != 0 ||
      pwrite(STDIN_FILENO, body.data(), body.size(), 0) != static_cast<ssize_t>(body.size()) ||
      lseek(STDIN_FILENO, 0, SEEK_SET) != 0) {
    std::abort();
  }
  nnact::app::Config config{};
  int code = nnact::app::parse_command_line(static_cast<int>(args.size()), argv.data(), config);
  if (code < 0) nnact::app::run(config);
  return 0;
}
