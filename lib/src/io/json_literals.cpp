#include "io/json_literals.hpp"

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <string_view>

namespace nnact {
namespace {

constexpr std::size_t kLongestLiteral = 9;  // "-Infinity"

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool number_char(char c) {
  return is_digit(c) || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-';
}

// Whether a number token is valid JSON beyond the float64 range. Only a decimal exponent of 308
// or more can be: at least three characters after the 'e', or more than 308 in all; the grammar
// and strtod decide those few.
bool overflows(std::string_view token) {
  auto e = token.find_first_of("eE");
  if (e == std::string_view::npos ? token.size() <= 308 : token.size() - e <= 3) return false;
  if (json_number_end(token.data(), token.data() + token.size()) != token.data() + token.size()) return false;
  std::string copy(token);
  return std::isinf(std::strtod(copy.c_str(), nullptr));
}

}  // namespace

const char* json_number_end(const char* p, const char* end) {
  if (p < end && *p == '-') ++p;
  if (p == end || !is_digit(*p)) return nullptr;
  if (*p == '0') {
    ++p;
  } else {
    while (p < end && is_digit(*p)) ++p;
  }
  if (p < end && *p == '.') {
    if (++p == end || !is_digit(*p)) return nullptr;
    while (p < end && is_digit(*p)) ++p;
  }
  if (p < end && (*p == 'e' || *p == 'E')) {
    if (++p < end && (*p == '+' || *p == '-')) ++p;
    if (p == end || !is_digit(*p)) return nullptr;
    while (p < end && is_digit(*p)) ++p;
  }
  return p;
}

std::size_t JsonLiterals::rewrite(char* data, std::size_t n, bool at_end) {
  constexpr double kInf = std::numeric_limits<double>::infinity();
  auto replace = [&](std::size_t at, std::size_t length, double value) {
    pending_.push_back({numbers_++, value, std::string(data + at, length)});
    std::memset(data + at, ' ', length);
    data[at] = '0';
  };
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
      std::size_t length = rest.starts_with("NaN") ? 3 : rest.starts_with("Infinity") ? 8
                           : rest.starts_with("-Infinity")                             ? 9
                                                                                       : 0;
      if (length > 0) {
        replace(i, length, c == 'N' ? std::numeric_limits<double>::quiet_NaN() : c == 'I' ? kInf : -kInf);
        in_number_ = false;
        i += length - 1;
        continue;
      }
    }
    if (!number_char(c)) {
      in_number_ = false;
      continue;
    }
    if (in_number_ || !(c == '-' || is_digit(c))) continue;
    std::size_t end = i;  // a number starts: find its end
    while (end < n && number_char(data[end])) ++end;
    if (end == n && !at_end) {
      if (i > 0) return i;  // may be cut: decide with more bytes
      in_number_ = true;    // longer than a whole block: read as it is
      ++numbers_;
      return n;
    }
    std::string_view token(data + i, end - i);
    if (overflows(token)) {
      replace(i, token.size(), token.front() == '-' ? -kInf : kInf);
    } else {
      ++numbers_;
    }
    i = end - 1;
  }
  return n;
}

}  // namespace nnact
