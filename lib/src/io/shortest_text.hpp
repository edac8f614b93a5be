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

}  // namespace nnact
