// Reading a decimal number at the start of text, as std::from_chars<float/double> does (same
// end pointer, error and value), with Clinger's fast path in front: a number of at most 7
// significant digits (15 for a double) and a power of ten the type holds exactly is one
// correctly rounded multiplication or division. Everything else goes to std::from_chars.
// Digits are read eight at a time where the text has eight more bytes (SWAR, as fast_float).
// In front of that, the common short form ("-0.0647231": up to 8 significant digits, no
// exponent) is read from one 16-byte load and its digit mask (SSE2), where 26 bytes remain.
#pragma once

#include <bit>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <type_traits>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

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

// The number of decimal digits of v, 0 < v < 10^18: from its bit width, then one comparison.
[[gnu::always_inline]] inline int decimal_digits(std::uint64_t v) {
  const int guess = (static_cast<int>(std::bit_width(v)) * 1233) >> 12;
  return guess + (v >= kPowersOfTen[guess]);
}

inline constexpr double kExactPowers[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                          1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                          1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

template <class T>
inline constexpr int kMaxPower = sizeof(T) == 4 ? 10 : 22;  // 10^k exact in T

// kKeptShapes[n][f]: n significant digits (the last not 0) with f of them or more after the
// point are std::to_chars' fixed text of a float32 read from them: n <= 6 (FLT_DIG), f > 0,
// and fixed no longer than scientific.
struct KeptShapes {
  bool shapes[9][16];
  constexpr KeptShapes() : shapes() {
    for (int n = 1; n <= 6; ++n) {
      for (int f = 1; f < 16; ++f) shapes[n][f] = fixed_is_shorter(n, -f);
    }
  }
  constexpr const bool* operator[](int n) const { return shapes[n]; }
};
inline constexpr KeptShapes kKeptShapes;

#if defined(__SSE2__)
// The short form at `first` (26 bytes readable): an optional '-', digits with or without a
// '.', no exponent, within 16 bytes after the sign, at most `max_digits` (<= 8) of them from
// the first that is not 0, and at most `max_fraction` after the point (10^that exact in T).
// The significant digits are read in one 8-byte word (the point taken out of it), so that
// their count is known without looking at the value. Sets value, *stop and (float, non-null)
// *kept as scan_decimal does; false: not this form, nothing set.
template <class T>
[[gnu::always_inline]] inline bool scan_short(const char* first, T& value, const char** stop, int* kept,
                                              int max_digits, int max_fraction) {
  const bool negative = *first == '-';
  const char* const p = first + negative;
  const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  // Digits become -128..-119 as signed bytes; every other byte is above.
  const __m128i digit = _mm_cmplt_epi8(_mm_add_epi8(bytes, _mm_set1_epi8(static_cast<char>(128 - '0'))),
                                       _mm_set1_epi8(static_cast<char>(-118)));
  const unsigned digits = static_cast<unsigned>(_mm_movemask_epi8(digit));
  const unsigned zeros = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, _mm_set1_epi8('0'))));
  const unsigned other = ~digits;  // bit 16 up always set
  const int integer_digits = std::countr_zero(other);
  int end = integer_digits;  // one past the last digit
  const bool point = p[integer_digits] == '.';
  if (point) {
    end = std::countr_zero(other & (other - 1));  // the next byte that is no digit
    if (end > 15 || end == 1) return false;       // ".": no number
  } else if (integer_digits == 0 || integer_digits > 15) {
    return false;
  }
  if ((p[end] | 0x20) == 'e') return false;  // an exponent (or "1.e5")
  const int fraction_digits = point ? end - integer_digits - 1 : 0;
  if (fraction_digits > max_fraction) return false;
  const int lead = std::countr_zero((digits & ~zeros) | 0x10000u);  // the first digit not 0
  std::uint64_t mantissa = 0;
  int n = 0;  // significant digits: the mantissa's
  if (lead < end) {
    const int before_point = integer_digits - lead;  // > 0: the point is among them
    n = end - lead - (before_point > 0 && point);
    if (n > max_digits) return false;
    // The fraction's digits moved one byte down, over the point, when it is among them (no
    // branch: the data decides it number by number).
    const int inside = static_cast<int>(point) & static_cast<int>(before_point > 0);
    const int moved = 8 + inside * (before_point - 8);
    std::uint64_t word, next;
    std::memcpy(&word, p + lead, 8);
    std::memcpy(&next, p + lead + 1, 8);
    const std::uint64_t low = ~0ull >> (64 - 8 * moved);
    mantissa = digits_value((word & low) | (next & ~low), n);
  }
  const T v = static_cast<T>(mantissa) / static_cast<T>(kExactPowers[fraction_digits]);
  using Bits = std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>;
  value = std::bit_cast<T>(std::bit_cast<Bits>(v) | (static_cast<Bits>(negative) << (8 * sizeof(T) - 1)));
  *stop = p + end;
  if constexpr (sizeof(T) == 4) {
    if (kept) {
      // As scan_long decides: at most 6 digits, the last not 0, no leading zeros, fixed layout.
      const bool writers = kKeptShapes[n][fraction_digits] & (integer_digits > 0) & (p[end - 1] != '0') &
                           ((*p != '0') | (integer_digits == 1));
      *kept = writers ? end + negative : 0;
    }
  } else if (kept) {
    *kept = 0;
  }
  return true;
}
#endif

}  // namespace scan_detail

// `kept` (float only, may be null): set to the length of the number's text when that text is
// exactly what write_shortest writes for the value read, else to 0. It is when the text has at
// most 6 significant digits, the last one not 0 (a float32 round-trips any 6 digits (FLT_DIG), so
// no shorter text reads back to the same float and no other of as many digits does), the value
// is a normal non-integer float, and the layout is std::to_chars': no '+', no leading zeros,
// "0.00ddd" or "d.ddde-XX" (two exponent digits, 'e', a sign) whichever is shorter, fixed on a tie.
template <class T>
std::from_chars_result scan_decimal(const char* first, const char* last, T& value, int* kept = nullptr);

namespace scan_detail {

// scan_decimal past the short form: kept out of line, so that the short form's callers stay small.
template <class T>
[[gnu::noinline]] std::from_chars_result scan_long(const char* first, const char* last, T& value, int* kept) {
  static_assert(sizeof(T) == 4 || sizeof(T) == 8);
  constexpr std::uint64_t kMaxMantissa = sizeof(T) == 4 ? 10000000 : 1000000000000000;  // 7 / 15 digits: exact in T
  constexpr int kMaxPower = scan_detail::kMaxPower<T>;
  constexpr const double* kPowers = scan_detail::kExactPowers;
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

}  // namespace scan_detail

template <class T>
[[gnu::always_inline]] inline std::from_chars_result scan_decimal(const char* first, const char* last, T& value,
                                                                  int* kept) {
#if defined(__SSE2__)
  if (last - first >= 26) {
    const char* stop;
    if (scan_detail::scan_short(first, value, &stop, kept, sizeof(T) == 4 ? 7 : 8, scan_detail::kMaxPower<T>)) {
      return {stop, std::errc()};
    }
  }
#endif
  return scan_detail::scan_long(first, last, value, kept);
}

}  // namespace nnact
