// The .npy header: magic, version, and the dict of descr, fortran_order and shape (internal).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "nnact/tensor.hpp"

namespace nnact {

struct NpyHeader {
  char kind = 'f';  // 'f' float, 'i' signed, 'u' unsigned, 'b' bool
  std::size_t item_size = 4;
  bool big_endian = false;
  bool fortran_order = false;
  std::vector<std::size_t> shape;
  std::size_t values() const;
};

// std::byteswap is C++23; GCC 12 has the builtins.
template <class U>
U byte_swapped(U u) {
  if constexpr (sizeof(U) == 1) return u;
  if constexpr (sizeof(U) == 2) return __builtin_bswap16(u);
  if constexpr (sizeof(U) == 4) return __builtin_bswap32(u);
  if constexpr (sizeof(U) == 8) return __builtin_bswap64(u);
}

inline constexpr std::string_view kNpyMagic = "\x93NUMPY";

// Bytes of the fixed preamble before the dict for `major` version (1: 10, 2 and 3: 12).
std::size_t npy_preamble_size(unsigned major);
// Parses the dict text of a v1/v2/v3 header. Throws Error(kData) "name: npy header field
// 'descr': ..." for a field it cannot read or a dtype it does not support.
NpyHeader parse_npy_dict(std::string_view dict, const std::string& name);
// Bytes per value of `dtype` in npy ('<f2', '<f4', '<f8'); 0 for bfloat16, which has none.
std::size_t npy_item_size(DType dtype);
// Why bfloat16 cannot be read from or written to npy ("read" or "write"), and what to do.
std::string npy_bfloat16_message(const char* verb);
// A complete v1 header for little-endian float16/32/64 data of `shape`, as np.save writes it
// (size 0), or padded with spaces to `size` bytes; empty if it does not fit in `size`.
std::string make_npy_header(const std::vector<std::size_t>& shape, DType dtype, std::size_t size = 0);

}  // namespace nnact
