// The default number text: integers below 1e16 written whole, everything else the shortest
// decimal that reads back to the same value (std::to_chars' shortest form, byte for byte).
#pragma once

#include <cstdint>

namespace nnact {

// Each writes at `out` (room for kMaxNumberChars) and returns the end. NaN is "nan",
// infinities "inf"/"-inf", zeros "0"/"-0".
char* write_shortest(char* out, float value);
char* write_shortest(char* out, double value);

// The decimal digits of `value` at `out`; returns the end.
char* write_uint(char* out, std::uint64_t value);

// significand * 10^exponent (significand > 0, at most 17 digits) laid out as std::to_chars'
// shortest form lays out its digits: fixed or scientific, whichever is shorter.
char* write_decimal(char* out, std::uint64_t significand, int exponent);

// std::to_chars' choice for n digits times 10^exponent: fixed when it is no longer than scientific.
[[gnu::always_inline]] constexpr bool fixed_is_shorter(int n, int exponent) {
  const int point = n + exponent;  // digits before the decimal point (<= 0: "0." and zeros)
  const int abs_sci = point - 1 < 0 ? 1 - point : point - 1;
  const int sci_length = n + (n > 1 ? 1 : 0) + 2 + (abs_sci >= 100 ? 3 : 2);
  const int fixed_length = exponent >= 0 ? n + exponent : point > 0 ? n + 1 : 2 - point + n;
  return fixed_length <= sci_length;
}

}  // namespace nnact
