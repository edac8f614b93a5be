// Interrupted runs leave nothing behind: SIGINT, SIGTERM and SIGHUP remove the temporary files
// of unfinished outputs, then end the process by the same signal (so the shell sees 130/143).
#pragma once

namespace nnact::app {

void install_signal_cleanup();

}  // namespace nnact::app
