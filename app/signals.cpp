#include "signals.hpp"

#include <csignal>

#include "nnact/io.hpp"

namespace nnact::app {
namespace {

extern "C" void remove_and_reraise(int signal_number) {
  nnact::remove_temporary_files();  // async-signal-safe
  // SA_RESETHAND restored the default action; SA_NODEFER lets it act at once.
  std::raise(signal_number);
}

}  // namespace

void install_signal_cleanup() {
  struct sigaction action {};
  action.sa_handler = remove_and_reraise;
  action.sa_flags = SA_RESETHAND | SA_NODEFER;
  sigemptyset(&action.sa_mask);
  for (int signal_number : {SIGINT, SIGTERM, SIGHUP}) sigaction(signal_number, &action, nullptr);
}

}  // namespace nnact::app
