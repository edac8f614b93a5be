// A JSON string written from text (internal): how the JSON writers quote strings and keys.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

namespace nnact {

// `text` as a JSON string, as nlohmann's dump() writes it: '"', '\\' and control bytes escaped,
// other bytes (UTF-8) kept.
inline void append_quoted(std::string& out, std::string_view text) {
  out += '"';
  for (char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char escaped[8];
          std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(c));
          out += escaped;
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

}  // namespace nnact
