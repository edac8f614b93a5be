// The temporary files of uncommitted Outputs, kept where a signal handler can reach them
// (internal; the public entry point is remove_temporary_files() in nnact/io.hpp).
#pragma once

namespace nnact::detail {

// Remembers `path` until forget_temporary(handle); returns -1 when it cannot (too many live
// outputs or a path too long), in which case a signal leaves that file behind.
int remember_temporary(const char* path) noexcept;
void forget_temporary(int handle) noexcept;

}  // namespace nnact::detail
