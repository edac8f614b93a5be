// A fixed table of live temporary paths. A signal may arrive on any thread at any moment, so
// the handler's side uses only lock-free atomics and unlink(2), both async-signal-safe; no
// allocation, no locks.
#include "io/temp_registry.hpp"

#include <unistd.h>

#include <atomic>
#include <climits>
#include <cstring>

#include "nnact/io.hpp"

namespace nnact {
namespace detail {
namespace {

enum : int { kFree = 0, kFilling = 1, kLive = 2 };

struct Entry {
  std::atomic<int> state{kFree};
  char path[PATH_MAX];
};

constexpr int kEntries = 64;  // outputs open at once: one per running output in practice
Entry entries[kEntries];

static_assert(std::atomic<int>::is_always_lock_free, "the signal handler needs lock-free atomics");

}  // namespace

int remember_temporary(const char* path) noexcept {
  std::size_t length = std::strlen(path);
  if (length >= PATH_MAX) return -1;
  for (int i = 0; i < kEntries; ++i) {
    int expected = kFree;
    if (entries[i].state.compare_exchange_strong(expected, kFilling)) {
      std::memcpy(entries[i].path, path, length + 1);
      entries[i].state.store(kLive);
      return i;
    }
  }
  return -1;
}

void forget_temporary(int handle) noexcept {
  if (handle >= 0) entries[handle].state.store(kFree);
}

}  // namespace detail

void remove_temporary_files() noexcept {
  for (auto& entry : detail::entries) {
    if (entry.state.load() == detail::kLive) ::unlink(entry.path);
  }
}

}  // namespace nnact
