// Copying a kept number's text (Batch::kept) from the input's text to a template or an output.
#pragma once

#include <cstdint>
#include <cstring>

namespace nnact {

// Whether Batch::kept's entry `k` says the number's text left in the template is the writer's
// own: 1..127 bytes of it (0: no text there; the high bit marks text that is not the writer's).
[[gnu::always_inline]] inline bool kept_is_writers(std::uint8_t k) { return static_cast<std::uint8_t>(k - 1) < 0x7F; }

// Copies the n (0..16) bytes of a kept number's text at p to t, which has 16 bytes of room;
// returns t + n. One 16-byte move when 16 bytes from p can be read (below `readable_end`).
[[gnu::always_inline]] inline char* copy_kept(char* t, const char* p, const char* readable_end, int n) {
  if (readable_end - p >= 16) {
    std::memcpy(t, p, 16);
  } else if (n >= 8) {  // two overlapping 8-byte moves
    std::memcpy(t, p, 8);
    std::memcpy(t + n - 8, p + n - 8, 8);
  } else {
    for (int k = 0; k < n; ++k) t[k] = p[k];
  }
  return t + n;
}

}  // namespace nnact
