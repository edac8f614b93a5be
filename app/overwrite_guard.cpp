#include "overwrite_guard.hpp"

#include <sys/stat.h>

#include "nnact/status.hpp"

namespace nnact::app {

void refuse_output_over_input(const Config& config) {
  struct stat out {};
  if (config.output.empty() || config.output == "-" || ::stat(config.output.c_str(), &out) != 0 ||
      !S_ISREG(out.st_mode)) {
    return;
  }
  for (const auto& file : config.files) {
    struct stat in {};
    if (file != "-" && ::stat(file.c_str(), &in) == 0 && in.st_dev == out.st_dev && in.st_ino == out.st_ino) {
      throw usage_error(file + ": -o " + config.output +
                        " is this input file; refusing to overwrite it (use -I to rewrite inputs in place)");
    }
  }
}

}  // namespace nnact::app
