#include "overwrite_guard.hpp"

#include <sys/stat.h>

#include "nnact/status.hpp"

namespace nnact::app {

void refuse_overwriting(const std::string& input, const std::string& output) {
  struct stat in {}, out {};
  if (input == "-" || output.empty() || output == "-" || ::stat(output.c_str(), &out) != 0 ||
      !S_ISREG(out.st_mode) || ::stat(input.c_str(), &in) != 0) {
    return;
  }
  if (in.st_dev == out.st_dev && in.st_ino == out.st_ino) {
    throw usage_error(input + ": the output " + output +
                      " is this input file; refusing to overwrite it (use -I to rewrite inputs in place)");
  }
}

void refuse_output_over_input(const Config& config) {
  for (const auto& file : config.files) refuse_overwriting(file, config.output);
}

}  // namespace nnact::app
