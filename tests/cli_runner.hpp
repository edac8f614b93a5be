// Runs the built nnact binary (NNACT_BINARY) with arguments and standard input, capturing
// stdout, stderr and the exit code, for end-to-end tests.
#pragma once

#include <string>
#include <vector>

namespace nnact::test {

struct CliResult {
  int code = -1;
  std::string out;
  std::string err;
};

CliResult run_cli(const std::vector<std::string>& args, const std::string& input = "");
// The same for any program (looked up in PATH when it has no slash), e.g. bash or cmake.
CliResult run_program(const std::string& program, const std::vector<std::string>& args,
                      const std::string& input = "");

// A path under the samples directory.
std::string sample(const std::string& name);

// A fresh empty temporary directory, removed when the object goes away.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

std::string read_file(const std::string& path);
void write_file(const std::string& path, const std::string& bytes);

}  // namespace nnact::test
