// Little-endian floating elements of any dtype to and from doubles (internal).
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "numeric/dtype_round.hpp"

namespace nnact {

// Bytes per element of a floating dtype.
inline std::size_t dtype_size(DType dtype) { return dtype == DType::kFloat64 ? 8 : dtype == DType::kFloat32 ? 4 : 2; }

// Decodes n elements of `stored` at `p` into `values` (resized to n), each rounded once to `dtype`.
inline void decode_elements(const char* p, std::size_t n, DType stored, DType dtype, std::vector<double>& values) {
  values.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    double v;
    if (stored == DType::kFloat64) {
      std::uint64_t u;
      std::memcpy(&u, p + 8 * i, 8);
      if constexpr (std::endian::native == std::endian::big) u = __builtin_bswap64(u);
      v = std::bit_cast<double>(u);
    } else if (stored == DType::kFloat32) {
      std::uint32_t u;
      std::memcpy(&u, p + 4 * i, 4);
      if constexpr (std::endian::native == std::endian::big) u = __builtin_bswap32(u);
      v = std::bit_cast<float>(u);
    } else {
      auto u = static_cast<std::uint16_t>(static_cast<unsigned char>(p[2 * i]) | static_cast<unsigned char>(p[2 * i + 1]) << 8);
      v = stored == DType::kFloat16 ? numeric::half_value(u) : numeric::bfloat16_value(u);
    }
    values[i] = stored == dtype ? v : numeric::round_to(v, dtype);
  }
}

// Appends the values (each a value of `dtype`, else rounded once) as little-endian `dtype`.
inline void encode_elements(const std::vector<double>& values, DType dtype, std::string& out) {
  std::size_t at = out.size();
  const std::size_t size = dtype_size(dtype);
  out.resize(at + values.size() * size);
  char* p = out.data() + at;
  for (double v : values) {
    std::uint64_t u;
    if (dtype == DType::kFloat64) {
      u = std::bit_cast<std::uint64_t>(v);
    } else if (dtype == DType::kFloat32) {
      u = std::bit_cast<std::uint32_t>(static_cast<float>(v));
    } else {
      double r = numeric::round_to(v, dtype);
      u = dtype == DType::kFloat16 ? numeric::half_bits(r) : numeric::bfloat16_bits(r);
    }
    for (std::size_t b = 0; b < size; ++b) p[b] = static_cast<char>((u >> (8 * b)) & 0xff);
    p += size;
  }
}

}  // namespace nnact
