// Shortest round-trip text. The digits come from Dragonbox (fmt's header-only
// dragonbox::to_decimal: the shortest decimal in the value's rounding interval, the closest one
// when several are as short); the layout is std::to_chars': fixed or scientific, whichever is
// shorter, fixed on a tie, exponents of at least two digits. Integer values below 1e16 are
// written whole instead (100000, not 1e+05; float32 1e15 is 999999986991104), as jq, Miller and
// Python's repr write them, so that `sort -n` and readers of integers see integers.
#define FMT_HEADER_ONLY
#include <fmt/format.h>

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
char* digits_backwards(char* end, std::uint64_t value) {
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

// std::to_chars' choice: fixed when it is no longer than scientific.
bool fixed_is_shorter(int n, int exponent) {
  const int point = n + exponent;  // digits before the decimal point (<= 0: "0." and zeros)
  const int abs_sci = point - 1 < 0 ? 1 - point : point - 1;
  const int sci_length = n + (n > 1 ? 1 : 0) + 2 + (abs_sci >= 100 ? 3 : 2);
  const int fixed_length = exponent >= 0 ? n + exponent : point > 0 ? n + 1 : 2 - point + n;
  return fixed_length <= sci_length;
}

// Lays out digits[0, n) * 10^exponent in fixed form (exponent < 0: the value has a fraction).
char* layout_fixed(char* out, const char* digits, int n, int exponent) {
  const int point = n + exponent;
  if (point > 0) {
    std::memcpy(out, digits, point);
    out[point] = '.';
    std::memcpy(out + point + 1, digits + point, n - point);
    return out + n + 1;
  }
  out[0] = '0';
  out[1] = '.';
  std::memset(out + 2, '0', -point);
  std::memcpy(out + 2 - point, digits, n);
  return out + 2 - point + n;
}

char* layout_scientific(char* out, const char* digits, int n, int exponent) {
  const int sci_exponent = n + exponent - 1;
  const int abs_sci = sci_exponent < 0 ? -sci_exponent : sci_exponent;
  *out++ = digits[0];
  if (n > 1) {
    *out++ = '.';
    std::memcpy(out, digits + 1, n - 1);
    out += n - 1;
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
  const auto decimal = fmt::detail::dragonbox::to_decimal(value);
  std::uint64_t significand = decimal.significand;
  int exponent = decimal.exponent;
  while (significand % 10 == 0) {
    significand /= 10;
    ++exponent;
  }
  char digits[24];
  const char* first = digits_backwards(digits + sizeof digits, significand);
  const int n = static_cast<int>(digits + sizeof digits - first);
  if (!fixed_is_shorter(n, exponent)) return layout_scientific(out, first, n, exponent);
  return exponent >= 0 ? write_exact_integer(out, value) : layout_fixed(out, first, n, exponent);
}

}  // namespace

char* write_uint(char* out, std::uint64_t value) {
  char digits[24];
  const char* first = digits_backwards(digits + sizeof digits, value);
  const auto n = static_cast<std::size_t>(digits + sizeof digits - first);
  std::memcpy(out, first, n);
  return out + n;
}

char* write_shortest(char* out, float value) { return write_shortest_as(out, value); }
char* write_shortest(char* out, double value) { return write_shortest_as(out, value); }

}  // namespace nnact
