// Reading a decimal number at the start of text, as std::from_chars<float/double> does (same
// end pointer, error and value), with Clinger's fast path in front: a number of at most 7
// significant digits (15 for a double) and a power of ten the type holds exactly is one
// correctly rounded multiplication or division. Everything else goes to std::from_chars.
// Digits are read eight at a time where the text has eight more bytes (SWAR, as fast_float).
#pragma once

#include <bit>
#include <charconv>
#include <cstdint>
#include <cstring>

#include "io/shortest_text.hpp"

namespace nnact {
namespace scan_detail {

inline constexpr std::uint64_t kPowersOfTen[] = {1,         10,         100,         1000,        10000,
                                                 100000,    1000000,    10000000,    100000000,   1000000000,
                                                 10000000000, 100000000000, 1000000000000, 10000000000000,
                                                 100000000000000, 1000000000000000, 10000000000000000,
                                                 100000000000000000, 1000000000000000000};

// How many of the eight bytes (first in the lowest) are decimal digits before the first that is not.
[[gnu::always_inline]] inline int leading_digits(std::uint64_t bytes) {
  const std::uint64_t nondigit =
      ((bytes + 0x4646464646464646ull) | (bytes - 0x3030303030303030ull)) & 0x8080808080808080ull;
  return nondigit == 0 ? 8 : std::countr_zero(nondigit) >> 3;
}

// The value of the first `count` (1..8) digit bytes.
[[gnu::always_inline]] inline std::uint64_t digits_value(std::uint64_t bytes, int count) {
  std::uint64_t v = (bytes - 0x3030303030303030ull) << (8 * (8 - count));  // leading zeros
  v = v * 10 + (v >> 8);
  v = (((v & 0x000000FF000000FFull) * (100 + (1000000ull << 32))) +
       (((v >> 16) & 0x000000FF000000FFull) * (1 + (10000ull << 32)))) >> 32;
  return v;
}

// Reads the digits at p into mantissa (mantissa * 10 + digit each); `count` grows by their
// number. Stops early (count > 19) when the mantissa may have wrapped.
[[gnu::always_inline]] inline const char* read_digits(const char* p, const char* last, std::uint64_t& mantissa, int& count) {
  while (last - p >= 8) {
    std::uint64_t bytes;
    std::memcpy(&bytes, p, 8);
    const int k = leading_digits(bytes);
    if (k == 0) return p;
    mantissa = mantissa * kPowersOfTen[k] + digits_value(bytes, k);
    count += k;
    p += k;
    if (k < 8 || count > 19) return p;
  }
  for (; p < last && static_cast<unsigned>(*p - '0') < 10; ++p) {
    mantissa = mantissa * 10 + static_cast<unsigned>(*p - '0');
    ++count;
  }
  return p;
}

// The number of decimal digits of v, 0 < v < 10^6.
[[gnu::always_inline]] inline int decimal_digits(std::uint64_t v) {
  return 1 + (v >= 10) + (v >= 100) + (v >= 1000) + (v >= 10000) + (v >= 100000);
}

}  // namespace scan_detail

// `kept` (float only, may be null): set to the length of the number's text when that text is
// exactly what write_shortest writes for the value read, else to 0. It is when the text has at
// most 6 significant digits, the last one not 0 (a float32 round-trips any 6 digits (FLT_DIG), so
// no shorter text reads back to the same float and no other of as many digits does), the value
// is a normal non-integer float, and the layout is std::to_chars': no '+', no leading zeros,
// "0.00ddd" or "d.ddde-XX" (two exponent digits, 'e', a sign) whichever is shorter, fixed on a tie.
template <class T>
inline std::from_chars_result scan_decimal(const char* first, const char* last, T& value, int* kept = nullptr) {
  static_assert(sizeof(T) == 4 || sizeof(T) == 8);
  constexpr std::uint64_t kMaxMantissa = sizeof(T) == 4 ? 10000000 : 1000000000000000;  // 7 / 15 digits: exact in T
  constexpr int kMaxPower = sizeof(T) == 4 ? 10 : 22;  // 10^k exact in T
  static constexpr double kPowers[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                       1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                       1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  if (kept) *kept = 0;
  const char* p = first;
  const bool negative = p < last && *p == '-';
  p += negative;
  std::uint64_t mantissa = 0;
  int count = 0;  // digits read, leading zeros too
  int scale = 0;
  const char* const integer = p;
  p = scan_detail::read_digits(p, last, mantissa, count);
  const int integer_digits = static_cast<int>(p - integer);
  bool any = integer_digits != 0;
  int fraction_digits = -1;  // no point
  if (p < last && *p == '.' && count <= 19) {
    const char* const fraction = ++p;
    p = scan_detail::read_digits(p, last, mantissa, count);
    fraction_digits = static_cast<int>(p - fraction);
    scale = -fraction_digits;
    any |= fraction_digits != 0;
  }
  if (any && count <= 19 && mantissa < kMaxMantissa) {
    int exponent_text = 0;  // 1: "e" + sign + two digits (std::to_chars' form); 2: any other
    int power = 0;
    if (p < last && (*p == 'e' || *p == 'E')) {
      const char* e = p + 1;
      const bool down = e < last && *e == '-';
      const bool sign = e < last && (*e == '-' || *e == '+');
      e += sign;
      const char* const power_digits = e;
      for (; e < last && static_cast<unsigned>(*e - '0') < 10 && e - power_digits < 4; ++e) {
        power = power * 10 + (*e - '0');
      }
      const bool more = e < last && static_cast<unsigned>(*e - '0') < 10;
      if (e == power_digits || more) return std::from_chars(first, last, value);
      exponent_text = *p == 'e' && sign && e - power_digits == 2 ? 1 : 2;
      power = down ? -power : power;
      scale += power;
      p = e;
    }
    if (scale >= -kMaxPower && scale <= kMaxPower) {
      const T m = static_cast<T>(mantissa);
      const T v = scale < 0 ? m / static_cast<T>(kPowers[-scale]) : m * static_cast<T>(kPowers[scale]);
      value = negative ? -v : v;
      if constexpr (sizeof(T) == 4) {
        if (kept && mantissa < 1000000 && mantissa % 10 != 0 && scale < 0 && exponent_text != 2) {
          const int n = scan_detail::decimal_digits(mantissa);
          const char lead = *integer;
          bool layout;
          if (exponent_text == 0) {  // "ddd.ddd" or "0.000ddd"
            layout = fraction_digits > 0 && integer_digits > 0 && (lead != '0' || integer_digits == 1) &&
                     fixed_is_shorter(n, scale);
          } else {  // "d.ddde-XX", "de-XX"
            layout = integer_digits == 1 && lead != '0' && fraction_digits != 0 && power > -38 && power < 38 &&
                     !fixed_is_shorter(n, scale);
          }
          if (layout) *kept = static_cast<int>(p - first);
        }
      }
      return {p, std::errc()};
    }
  }
  return std::from_chars(first, last, value);
}

}  // namespace nnact
