// Offending input quoted in an error message (internal): one line on any terminal, whatever
// the input holds (NUL, control bytes, a 100 MB field).
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

namespace nnact {

// `text` in double quotes, at most `limit` bytes of it (then "..."), control bytes and '"' '\'
// escaped as \xNN, \" and \\.
inline std::string quoted_excerpt(std::string_view text, std::size_t limit = 80) {
  std::string out = "\"";
  for (char c : text.substr(0, limit)) {
    auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) {
      char escaped[5];
      std::snprintf(escaped, sizeof escaped, "\\x%02X", byte);
      out += escaped;
    } else {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
  }
  out += text.size() > limit ? "\"..." : "\"";
  return out;
}

}  // namespace nnact
