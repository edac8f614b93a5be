#include "exit_code.hpp"

#include <spdlog/spdlog.h>

#include <csignal>

#include "nnact/io.hpp"
#include "nnact/status.hpp"

namespace nnact::app {

int exit_code_of(const std::function<int()>& work) {
  std::signal(SIGPIPE, SIG_IGN);  // a closed pipe becomes EPIPE, then PipeClosed: exit 0
  try {
    return work();
  } catch (const PipeClosed&) {
    return 0;
  } catch (const Error& e) {
    spdlog::error("{}", e.what());
    return static_cast<int>(e.kind());
  }
}

}  // namespace nnact::app
