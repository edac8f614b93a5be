// The four dtypes as sets of doubles: rounding a double to a dtype once (nearest, ties to even),
// and the bit patterns of the 16-bit types. Every float16, bfloat16 and float32 value is exactly
// a double, so a value of any dtype is held as a double and these are the only conversions.
#pragma once

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>

#include "nnact/tensor.hpp"

namespace nnact::numeric {

// Significand bits (with the implicit one) and the exponent of the smallest normal number.
struct Format {
  int precision;
  int min_exponent;  // 2^min_exponent is the smallest normal
  int max_exponent;  // the largest finite value is below 2^(max_exponent + 1)
};

constexpr Format format_of(DType dtype) {
  switch (dtype) {
    case DType::kFloat16: return {11, -14, 15};
    case DType::kBFloat16: return {8, -126, 127};
    case DType::kFloat32: return {24, -126, 127};
    case DType::kFloat64: return {53, -1022, 1023};
  }
  return {53, -1022, 1023};
}

// The unit in the last place of the dtype at |x| (x finite; subnormals share the smallest).
inline double ulp_of(double x, DType dtype) {
  const Format f = format_of(dtype);
  int e = x == 0 ? f.min_exponent : std::ilogb(x);
  if (e < f.min_exponent) e = f.min_exponent;
  return std::ldexp(1.0, e - f.precision + 1);
}

// x rounded once to the dtype (nearest, ties to even): overflow gives ±inf, underflow keeps
// subnormals, NaN and ±0 stay. Exact arithmetic: x / ulp is a power-of-two scaling, and
// nearbyint rounds ties to even in the default rounding mode.
inline double round_to(double x, DType dtype) {
  if (dtype == DType::kFloat64 || !std::isfinite(x) || x == 0) return x;
  if (dtype == DType::kFloat32) return static_cast<float>(x);
  const Format f = format_of(dtype);
  const double ulp = ulp_of(x, dtype);
  const double r = std::nearbyint(x / ulp) * ulp;
  // The largest finite value is (2 - 2^(1-p)) * 2^emax; anything that rounds beyond it is inf.
  const double max = std::ldexp(2.0 - std::ldexp(1.0, 1 - f.precision), f.max_exponent);
  if (std::fabs(r) > max) return std::copysign(std::numeric_limits<double>::infinity(), x);
  return r == 0 ? std::copysign(0.0, x) : r;
}

// Bit patterns of the 16-bit types (sign, exponent, significand as IEEE 754 lays them out).
// `value` must already be a value of the type (round_to first); NaN becomes a quiet NaN with
// the sign kept.
// Both go through float32, which holds every float16 exactly with the same fields, wider: a
// normal number moves its exponent bias from 15 to 127 (a shift of 112) and its significand by
// 13 bits; subnormals and zero are multiples of 2^-24. A few integer operations, no libm: npy
// float16 data goes through them value by value.
inline std::uint16_t half_bits(double value) {
  const auto f = std::bit_cast<std::uint32_t>(static_cast<float>(value));
  const auto sign = static_cast<std::uint16_t>((f >> 16) & 0x8000);
  const std::uint32_t exponent = (f >> 23) & 0xff;
  if (exponent == 0xff) return sign | ((f & 0x7fffff) != 0 ? 0x7e00 : 0x7c00);  // NaN (made quiet), inf
  if (exponent >= 113) return sign | static_cast<std::uint16_t>(((exponent - 112) << 10) | ((f & 0x7fffff) >> 13));
  return sign | static_cast<std::uint16_t>(std::fabs(value) * 0x1p24);  // subnormal or zero
}

inline double half_value(std::uint16_t bits) {
  const std::uint32_t sign = static_cast<std::uint32_t>(bits & 0x8000) << 16;
  const std::uint32_t magnitude = bits & 0x7fff;
  if (magnitude >= 0x7c00) {  // inf, or NaN made quiet
    const std::uint32_t nan = magnitude > 0x7c00 ? 0x400000 : 0;
    return std::bit_cast<float>(sign | 0x7f800000 | nan | (magnitude & 0x3ff) << 13);
  }
  if (magnitude >= 0x400) return std::bit_cast<float>(sign | (magnitude + (112 << 10)) << 13);
  const double subnormal = static_cast<double>(magnitude) * 0x1p-24;
  return sign ? -subnormal : subnormal;
}

// bfloat16 is the top half of a float32.
inline std::uint16_t bfloat16_bits(double value) {
  if (std::isnan(value)) return std::signbit(value) ? 0xffc0 : 0x7fc0;
  return static_cast<std::uint16_t>(std::bit_cast<std::uint32_t>(static_cast<float>(value)) >> 16);
}

inline double bfloat16_value(std::uint16_t bits) {
  return std::bit_cast<float>(static_cast<std::uint32_t>(bits) << 16);
}

}  // namespace nnact::numeric
