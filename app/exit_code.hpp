// Where library errors become messages and exit codes (SPEC.md section 5).
#pragma once

#include <functional>

namespace nnact::app {

// Runs `work` with SIGPIPE ignored; returns 0, or the exit code of the nnact::Error it threw
// after logging "nnact: <message>". A closed stdout pipe (PipeClosed) is success.
int exit_code_of(const std::function<void()>& work);

}  // namespace nnact::app
