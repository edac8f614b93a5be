#include "logging.hpp"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

namespace nnact::app {

void setup_logging(bool quiet, int verbose) {
  static auto logger = [] {
    auto made = spdlog::stderr_logger_st("nnact");
    made->set_pattern("nnact: %v");
    spdlog::set_default_logger(made);
    return made;
  }();
  logger->set_level(quiet          ? spdlog::level::err
                    : verbose >= 2 ? spdlog::level::debug
                    : verbose == 1 ? spdlog::level::info
                                   : spdlog::level::warn);
}

std::string version_text() {
  return std::string("nnact ") + NNACT_VERSION + " (" + NNACT_BUILD_TYPE + ", GCC " + __VERSION__ + ")";
}

}  // namespace nnact::app
