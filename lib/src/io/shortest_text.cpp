// Shortest round-trip text. The digits come from Dragonbox (fmt's header-only
// dragonbox::to_decimal: the shortest decimal in the value's rounding interval, the closest one
// when several are as short); the layout is std::to_chars': fixed or scientific, whichever is
// shorter, fixed on a tie, exponents of at least two digits. Integer values below 1e16 are
// written whole instead (100000, not 1e+05; float32 1e15 is 999999986991104), as jq, Miller and
// Python's repr write them, so that `sort -n` and readers of integers see integers.
#define FMT_HEADER_ONLY
#include <fmt/format.h>

#include <bit>
#include <cmath>
#include <cstring>

#include "io/shortest_text.hpp"

namespace nnact {
namespace {

constexpr char kPairs[] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

// Digits of `value` ending at `end` (written backwards); returns their start.
template <class U>
char* digits_backwards(char* end, U value) {
  while (value >= 100) {
    const auto pair = static_cast<unsigned>(value % 100);
    value /= 100;
    end -= 2;
    std::memcpy(end, kPairs + 2 * pair, 2);
  }
  if (value >= 10) {
    end -= 2;
    std::memcpy(end, kPairs + 2 * value, 2);
  } else {
    *--end = static_cast<char>('0' + value);
  }
  return end;
}

constexpr std::uint64_t kPowersOfTen[] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000,
                                          100000000, 1000000000, 10000000000, 100000000000,
                                          1000000000000, 10000000000000, 100000000000000,
                                          1000000000000000, 10000000000000000, 100000000000000000};

// The number of decimal digits of value (> 0), without a loop: from its bit width, then one
// comparison with the power of ten at that count.
template <class U>
[[gnu::always_inline]] inline int digit_count(U value) {
  const int guess = (static_cast<int>(std::bit_width(static_cast<std::uint64_t>(value))) * 1233) >> 12;
  return guess + (value >= kPowersOfTen[guess]);
}

// The eight digits of value (< 10^8, leading zeros kept) as ASCII in one register, the first
// digit in the lowest byte: in-register division (SWAR), so the digits go out with one store
// and are never read back (a narrow store read back wide stalls the CPU).
inline std::uint64_t eight_ascii(std::uint32_t value) {
  const std::uint64_t halves = (value / 10000) | (static_cast<std::uint64_t>(value % 10000) << 32);
  const std::uint64_t hundreds_high = ((halves * 10486) >> 20) & 0x0000007f0000007full;  // v / 100
  const std::uint64_t pairs = ((halves - 100 * hundreds_high) << 16) + hundreds_high;
  const std::uint64_t tens = ((pairs * 103) >> 10) & 0x000f000f000f000full;  // w / 10
  return (((pairs - 10 * tens) << 8) + tens) | 0x3030303030303030ull;
}

inline void store8(char* out, std::uint64_t bytes) { std::memcpy(out, &bytes, 8); }

// The last `count` (1..17) decimal digits of value, leading zeros kept, at out; returns the end.
// May write up to 8 bytes past the end (a caller's buffer has kMaxNumberChars of room).
template <class U>
[[gnu::always_inline]] inline char* write_digits(char* out, U value, int count) {
  std::uint64_t rest = value;
  if (count > 16) {  // at most 20 digits in 64 bits: the first four
    store8(out, eight_ascii(static_cast<std::uint32_t>(rest / 10000000000000000)) >> (8 * (24 - count)));
    out += count - 16;
    rest %= 10000000000000000;
    count = 16;
  }
  if (count > 8) {
    store8(out, eight_ascii(static_cast<std::uint32_t>(rest / 100000000)) >> (8 * (16 - count)));
    out += count - 8;
    rest %= 100000000;
    count = 8;
  }
  store8(out, eight_ascii(static_cast<std::uint32_t>(rest)) >> (8 * (8 - count)));
  return out + count;
}

// Writes significand (n digits) * 10^exponent in fixed form, exponent < 0 (a fraction).
template <class U>
char* write_fixed(char* out, U significand, int n, int exponent) {
  const int point = n + exponent;
  if (point > 0) {
    const U scale = static_cast<U>(kPowersOfTen[-exponent]);
    out = write_digits(out, significand / scale, point);
    *out++ = '.';
    return write_digits(out, significand % scale, -exponent);
  }
  // 0.000ddd: at most three zeros (fixed form is longer beyond).
  std::memcpy(out, "0.000000", 8);
  return write_digits(out + 2 - point, significand, n);
}

template <class U>
char* write_scientific(char* out, U significand, int n, int exponent) {
  const int sci_exponent = n + exponent - 1;
  const int abs_sci = sci_exponent < 0 ? -sci_exponent : sci_exponent;
  if (n > 1) {
    write_digits(out + 1, significand, n);
    out[0] = out[1];
    out[1] = '.';
    out += n + 1;
  } else {
    *out++ = static_cast<char>('0' + significand);
  }
  *out++ = 'e';
  *out++ = sci_exponent < 0 ? '-' : '+';
  if (abs_sci >= 100) {
    *out++ = static_cast<char>('0' + abs_sci / 100);
    std::memcpy(out, kPairs + 2 * (abs_sci % 100), 2);
  } else {
    std::memcpy(out, kPairs + 2 * abs_sci, 2);
  }
  return out + 2;
}

// A large integer value (>= 1e16, below 1e23 when fixed form wins) written exactly, as
// std::to_chars writes it: not its shortest digits padded with zeros.
template <class T>
char* write_exact_integer(char* out, T value) {
  int exponent = 0;
  const double significand = std::frexp(static_cast<double>(value), &exponent);
  __extension__ using Wide = unsigned __int128;
  Wide whole = static_cast<std::uint64_t>(std::ldexp(significand, 53));
  whole <<= exponent - 53;  // exponent > 53: the value is at least 2^53
  char digits[48];
  char* first = digits + sizeof digits;
  while (whole > ~std::uint64_t{0}) {
    const auto rest = static_cast<std::uint64_t>(whole % 10000000000000000000ull);
    whole /= 10000000000000000000ull;
    char* stop = first - 19;
    first = digits_backwards(first, rest);
    while (first > stop) *--first = '0';
  }
  first = digits_backwards(first, static_cast<std::uint64_t>(whole));
  const auto n = static_cast<std::size_t>(digits + sizeof digits - first);
  std::memcpy(out, first, n);
  return out + n;
}

// The shortest digits of a positive finite value (32 bits for a float, 64 for a double), no
// trailing zeros: value = significand * 10^exponent, n digits.
template <class T>
[[gnu::always_inline]] inline auto shortest_digits(T value, int& exponent, int& n) {
  const auto decimal = fmt::detail::dragonbox::to_decimal(value);
  auto significand = decimal.significand;
  exponent = decimal.exponent;
  while (significand % 10 == 0) {
    significand /= 10;
    ++exponent;
  }
  n = digit_count(significand);
  return significand;
}

template <class T>
char* write_shortest_as(char* out, T value) {
  if (std::isnan(value)) {
    std::memcpy(out, "nan", 3);
    return out + 3;
  }
  if (std::signbit(value)) {
    *out++ = '-';
    value = -value;
  }
  if (static_cast<double>(value) < 1e16) {  // integers (and zero) are written whole
    const auto whole = static_cast<std::uint64_t>(value);
    if (static_cast<T>(whole) == value) return write_uint(out, whole);
  } else if (std::isinf(value)) {
    std::memcpy(out, "inf", 3);
    return out + 3;
  }
  int exponent = 0;
  int n = 0;
  const auto significand = shortest_digits(value, exponent, n);
  if (!fixed_is_shorter(n, exponent)) return write_scientific(out, significand, n, exponent);
  return exponent >= 0 ? write_exact_integer(out, value) : write_fixed(out, significand, n, exponent);
}

}  // namespace

char* write_uint(char* out, std::uint64_t value) {
  if (value == 0) {
    *out = '0';
    return out + 1;
  }
  return write_digits(out, value, digit_count(value));
}

char* write_decimal(char* out, std::uint64_t significand, int exponent) {
  while (significand % 10 == 0) {
    significand /= 10;
    ++exponent;
  }
  const int n = digit_count(significand);
  if (!fixed_is_shorter(n, exponent)) return write_scientific(out, significand, n, exponent);
  if (exponent >= 0) {
    out = write_digits(out, significand, n);
    std::memset(out, '0', exponent);
    return out + exponent;
  }
  return write_fixed(out, significand, n, exponent);
}

// A float32 the same way, in fewer steps (half the values a CSV op writes go through here): the
// special cases from the bits, the integer test only for magnitudes of 1 or more, and a point
// among the digits put in by two stores instead of a division.
char* write_shortest(char* out, float value) {
  const auto bits = std::bit_cast<std::uint32_t>(value);
  const std::uint32_t magnitude = bits & 0x7fffffffu;
  if (magnitude >= 0x7f800000u) return write_shortest_as(out, value);  // nan, inf
  *out = '-';
  out += bits >> 31;
  const float a = std::bit_cast<float>(magnitude);
  if (magnitude >= 0x3f800000u || magnitude == 0) {  // 1 or more, or 0: integers are written whole
    if (static_cast<double>(a) >= 1e16) return write_shortest_as(out, a);
    const auto whole = static_cast<std::uint64_t>(a);
    if (static_cast<float>(whole) == a) return write_uint(out, whole);
  }
  int exponent = 0;
  int n = 0;
  const std::uint32_t significand = shortest_digits(a, exponent, n);
  if (!fixed_is_shorter(n, exponent)) return write_scientific(out, significand, n, exponent);
  const int point = n + exponent;  // exponent < 0: a non-integer below 1e16
  if (n > 8) return write_fixed(out, significand, n, exponent);
  const std::uint64_t digits = eight_ascii(significand) >> (8 * (8 - n));  // the first in the lowest byte
  if (point <= 0) {  // 0.000ddd: at most three zeros (fixed form is longer beyond)
    std::memcpy(out, "0.000000", 8);
    store8(out + 2 - point, digits);
    return out + 2 - point + n;
  }
  store8(out, digits);
  store8(out + point + 1, digits >> (8 * point));
  out[point] = '.';
  return out + n + 1;
}
char* write_shortest(char* out, double value) { return write_shortest_as(out, value); }

}  // namespace nnact
