#include "io/json_literals.hpp"

#include <cstring>
#include <limits>
#include <string_view>

namespace nnact {
namespace {

constexpr std::size_t kLongestLiteral = 9;  // "-Infinity"

bool number_char(char c) {
  return (c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-';
}

}  // namespace

std::size_t JsonLiterals::rewrite(char* data, std::size_t n, bool at_end) {
  constexpr double kInf = std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i < n; ++i) {
    char c = data[i];
    if (string_state_.in_string) {
      string_state_.step(c);
      continue;
    }
    if (c == '"') {
      string_state_.in_string = true;
      in_number_ = false;
      continue;
    }
    if (c == 'N' || c == 'I' || (c == '-' && !in_number_)) {
      if (!at_end && n - i < kLongestLiteral) return i;  // may be cut: decide with more bytes
      std::string_view rest(data + i, n - i);
      double value = 0;
      std::size_t length = 0;
      if (rest.starts_with("NaN")) {
        value = std::numeric_limits<double>::quiet_NaN();
        length = 3;
      } else if (rest.starts_with("Infinity")) {
        value = kInf;
        length = 8;
      } else if (rest.starts_with("-Infinity")) {
        value = -kInf;
        length = 9;
      }
      if (length > 0) {
        std::memset(data + i, ' ', length);
        data[i] = '0';
        pending_.emplace_back(numbers_++, value);
        in_number_ = false;
        i += length - 1;
        continue;
      }
    }
    bool part = number_char(c);
    if (part && !in_number_ && (c == '-' || (c >= '0' && c <= '9'))) ++numbers_;
    in_number_ = part && (in_number_ || c == '-' || (c >= '0' && c <= '9'));
  }
  return n;
}

}  // namespace nnact
