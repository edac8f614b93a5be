// Where a scan of JSON text stands with respect to string literals (internal; shared by the
// scanners that look at raw JSON bytes without parsing them).
#pragma once

namespace nnact {

struct JsonStringState {
  bool in_string = false;
  bool escaped = false;

  // Feeds a byte that is inside a string. Returns false for the quote that closes it (and then
  // leaves the string); true for every other byte, escapes included.
  bool step(char c) {
    if (escaped) {
      escaped = false;
    } else if (c == '\\') {
      escaped = true;
    } else if (c == '"') {
      in_string = false;
      return false;
    }
    return true;
  }
};

}  // namespace nnact
