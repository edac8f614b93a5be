// Reading one JSON number for the JSON readers' fast paths (json_rows, json_flat): the value as
// the general parser gives it, rounded once to float or double, and whether its text can stay
// in the template (Batch::kept).
#pragma once

#include <bit>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "io/kept_text.hpp"
#include "io/number_scan.hpp"
#include "nnact/io.hpp"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace nnact {

inline bool json_digit(char c) { return static_cast<unsigned>(c - '0') < 10; }
// One comparison for the bytes above ' ' (all but white space in a document of numbers).
inline bool json_space(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u <= ' ' && ((1ull << u) & ((1ull << ' ') | (1ull << '\t') | (1ull << '\r') | (1ull << '\n'))) != 0;
}

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

// The end of the number at p when it is -?(0|[1-9]d*)(.d+)? and ',' or ']' follows it at once
// within 16 bytes (all readable), found from the digit, point and separator masks; else null.
inline const char* json_short_number_end(const char* p) {
#if defined(__SSE2__)
  const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  const __m128i value = _mm_sub_epi8(bytes, _mm_set1_epi8('0'));
  const auto mask = [](__m128i m) { return static_cast<unsigned>(_mm_movemask_epi8(m)); };
  const unsigned digit = mask(_mm_cmpeq_epi8(_mm_min_epu8(value, _mm_set1_epi8(9)), value));
  const unsigned point = mask(_mm_cmpeq_epi8(bytes, _mm_set1_epi8('.')));
  const unsigned separator =
      mask(_mm_or_si128(_mm_cmpeq_epi8(bytes, _mm_set1_epi8(',')), _mm_cmpeq_epi8(bytes, _mm_set1_epi8(']'))));
  if (separator == 0) return nullptr;
  const int length = std::countr_zero(separator);
  const unsigned within = (1u << length) - 1;
  const int sign = p[0] == '-';  // the digits start at p[sign]
  const unsigned points = point & within;
  if (((digit | points | static_cast<unsigned>(sign)) & within) != within || length <= sign) return nullptr;
  if (points != 0 && ((points & (points - 1)) != 0 || std::countr_zero(points) <= sign ||
                      std::countr_zero(points) >= length - 1)) {
    return nullptr;  // two points, or one without digits on both sides
  }
  // A leading 0 (tested last: whether a number starts "0." is a coin toss in most data).
  if (sign + 1 < length && ((digit >> (sign + 1)) & 1) != 0 && p[sign] == '0') return nullptr;
  return p + length;
#else
  (void)p;
  return nullptr;
#endif
}

// The end of the digits at p, read eight at a time while they start before `limit` (8 bytes
// before the end of the buffer); null when they go on past it.
inline const char* skip_json_digits(const char* p, const char* limit) {
  while (p < limit) {
    std::uint64_t bytes;
    std::memcpy(&bytes, p, 8);
    const int k = scan_detail::leading_digits(bytes);
    p += k;
    if (k < 8) return p;
  }
  return nullptr;
}

// The end of the number at p when it is -?(0|[1-9]d*)(.d+)? ending before limit + 8 (its
// digits eight at a time); else null.
inline const char* json_number_end_swar(const char* p, const char* limit) {
  const char* const digits = p + (*p == '-');
  const char* q = skip_json_digits(digits, limit);
  if (q == nullptr || q == digits || (q - digits > 1 && *digits == '0')) return nullptr;  // 0 or [1-9]d*
  if (*q == '.') {
    const char* const fraction = q + 1;
    if ((q = skip_json_digits(fraction, limit)) == nullptr || q == fraction) return nullptr;
  }
  return q;
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
