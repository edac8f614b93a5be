// Where library errors become messages and exit codes (SPEC.md section 5).
#pragma once

#include <functional>

namespace nnact::app {

// Runs `work` with SIGPIPE ignored; returns what it returns, or the exit code of the nnact::Error it threw
// after logging "nnact: <message>". A closed stdout pipe (PipeClosed) is success.
int exit_code_of(const std::function<int()>& work);

}  // namespace nnact::app
