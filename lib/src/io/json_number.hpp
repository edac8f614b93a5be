// Reading one JSON number for the JSON readers' fast paths (json_rows, json_flat): the value as
// the general parser gives it, rounded once to float or double, and whether its text can stay
// in the template (Batch::kept).
#pragma once

#include <charconv>
#include <string_view>

#include "io/kept_text.hpp"
#include "io/number_scan.hpp"
#include "nnact/io.hpp"

namespace nnact {

inline bool json_digit(char c) { return static_cast<unsigned>(c - '0') < 10; }
inline bool json_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

inline const char* skip_json_spaces(const char* p, const char* end) {
  while (p < end && json_space(*p)) ++p;
  return p;
}

// Reads the number at p (text up to `end`; the number ends before it) and returns its end.
// Out of range: +-inf or +-0, as strtod. "-0" is the integer 0 in JSON (nlohmann and Python's
// json agree): no sign. `kept` as scan_decimal's (float only). The caller checks the grammar:
// anything std::from_chars reads ("01", "1.", ".5" too) is read, and nothing is (returned as p)
// where it reads nothing.
template <class T>
[[gnu::always_inline]] inline const char* read_json_number(const char* p, const char* end, T& value, int* kept) {
  auto [stop, ec] = scan_decimal(p, end, value, kept);
  if (ec == std::errc::result_out_of_range) {
    double wide = 0;
    parse_number(std::string_view(p, stop - p), sizeof(T) == 4 ? DType::kFloat32 : DType::kFloat64, wide);
    value = static_cast<T>(wide);
  } else if (ec != std::errc()) {
    return p;
  }
  if (value == 0 && std::string_view(p, stop - p).find_first_of(".eE") == std::string_view::npos) value = 0;
  return stop;
}

// Whether [p, stop), text std::from_chars read as a number, is a JSON number:
// -?(0|[1-9]d*)(.d+)?([eE][+-]?d+)? (from_chars also reads "01", "1.", "1.e5").
inline bool json_number_grammar(const char* p, const char* stop) {
  p += p < stop && *p == '-';
  if (p == stop || !json_digit(*p)) return false;
  if (*p == '0' && p + 1 < stop && json_digit(p[1])) return false;
  for (++p; p < stop && json_digit(*p);) ++p;
  return p == stop || *p != '.' || (p + 1 < stop && json_digit(p[1]));
}

}  // namespace nnact
