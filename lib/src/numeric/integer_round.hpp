// An integer rounded once to a dtype (npy integer arrays, JSON integers). Converting a 64-bit
// integer to double first and then to a narrower dtype would round twice; rounding to odd
// on the way keeps the second rounding right.
#pragma once

#include <bit>
#include <cmath>
#include <cstdint>

#include "numeric/dtype_round.hpp"

namespace nnact::numeric {

// |magnitude| as a double rounded to odd at 53 bits: exact below 2^53, else the bits below the
// 53rd folded into the last one, so that rounding it again to at most 51 bits is correct.
inline double odd_rounded(std::uint64_t magnitude) {
  const int width = static_cast<int>(std::bit_width(magnitude));
  if (width <= 53) return static_cast<double>(magnitude);
  const int shift = width - 53;
  std::uint64_t kept = magnitude >> shift;
  if ((magnitude & ((std::uint64_t{1} << shift) - 1)) != 0) kept |= 1;
  return std::ldexp(static_cast<double>(kept), shift);
}

inline double integer_to(std::uint64_t value, DType dtype) {
  if (dtype == DType::kFloat64) return static_cast<double>(value);
  return round_to(odd_rounded(value), dtype);
}

inline double integer_to(std::int64_t value, DType dtype) {
  if (dtype == DType::kFloat64) return static_cast<double>(value);
  // Two's complement: the magnitude of INT64_MIN is 2^63, which fits in uint64.
  const std::uint64_t magnitude = value < 0 ? ~static_cast<std::uint64_t>(value) + 1 : static_cast<std::uint64_t>(value);
  const double rounded = round_to(odd_rounded(magnitude), dtype);
  return value < 0 ? -rounded : rounded;
}

}  // namespace nnact::numeric
