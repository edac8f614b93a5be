// Reading a decimal number at the start of text, as std::from_chars<float/double> does (same
// end pointer, error and value), with Clinger's fast path in front: a number of at most 7
// significant digits (15 for a double) and a power of ten the type holds exactly is one
// correctly rounded multiplication or division. Everything else goes to std::from_chars.
#pragma once

#include <charconv>
#include <cstdint>

namespace nnact {

template <class T>
inline std::from_chars_result scan_decimal(const char* first, const char* last, T& value) {
  static_assert(sizeof(T) == 4 || sizeof(T) == 8);
  constexpr int kMaxDigits = sizeof(T) == 4 ? 7 : 15;  // below 2^24 / 2^53: exact in T
  constexpr int kMaxPower = sizeof(T) == 4 ? 10 : 22;  // 10^k exact in T
  static constexpr double kPowers[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                  1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                  1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  const char* p = first;
  const bool negative = p < last && *p == '-';
  p += negative;
  std::uint64_t mantissa = 0;
  int digits = 0;  // significant digits (after the leading zeros)
  int scale = 0;
  const char* const integer = p;
  for (; p < last && static_cast<unsigned>(*p - '0') < 10; ++p) {
    mantissa = mantissa * 10 + static_cast<unsigned>(*p - '0');
    digits += mantissa != 0;
  }
  bool any = p != integer;
  if (p < last && *p == '.') {
    const char* const fraction = ++p;
    for (; p < last && static_cast<unsigned>(*p - '0') < 10; ++p) {
      mantissa = mantissa * 10 + static_cast<unsigned>(*p - '0');
      digits += mantissa != 0;
    }
    scale = static_cast<int>(fraction - p);
    any |= p != fraction;
  }
  if (any && digits <= kMaxDigits) {
    if (p < last && (*p == 'e' || *p == 'E')) {
      const char* e = p + 1;
      const bool down = e < last && *e == '-';
      e += (e < last && (*e == '-' || *e == '+'));
      int power = 0;
      const char* const power_digits = e;
      for (; e < last && static_cast<unsigned>(*e - '0') < 10 && e - power_digits < 4; ++e) {
        power = power * 10 + (*e - '0');
      }
      const bool more = e < last && static_cast<unsigned>(*e - '0') < 10;
      if (e == power_digits || more) return std::from_chars(first, last, value);
      scale += down ? -power : power;
      p = e;
    }
    if (scale >= -kMaxPower && scale <= kMaxPower) {
      const T m = static_cast<T>(mantissa);
      const T v = scale < 0 ? m / static_cast<T>(kPowers[-scale]) : m * static_cast<T>(kPowers[scale]);
      value = negative ? -v : v;
      return {p, std::errc()};
    }
  }
  return std::from_chars(first, last, value);
}

}  // namespace nnact
