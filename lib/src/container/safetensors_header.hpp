// The safetensors header (internal): an 8-byte little-endian length N, N bytes of JSON
// {name: {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__": {str: str}}, then the
// data, offsets counted from the byte after the header. Checked as the format's reference
// implementation (huggingface/safetensors, tensor.rs) checks it, and stricter where it is
// silent: duplicate names are refused.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "container/tensor_bytes.hpp"
#include "nnact/tensor.hpp"

namespace nnact {

// The most header bytes a file may declare (the reference reader's limit).
inline constexpr std::uint64_t kMaxSafetensorsHeader = 100'000'000;

struct SafeTensor {
  std::string name;
  std::string dtype;               // as written: "BF16", "F32", "I64", ...
  std::size_t item_size = 0;       // bytes per element
  std::optional<DType> floating;   // F16, BF16, F32, F64; nullopt for integer/bool/float8
  std::vector<std::size_t> shape;
  std::uint64_t begin = 0, end = 0;  // data offsets
  std::size_t elements() const { return item_size ? (end - begin) / item_size : 0; }
};

struct SafetensorsHeader {
  std::vector<SafeTensor> tensors;  // in data order (by offset)
  std::string metadata;             // the "__metadata__" object as JSON text; empty when absent
};

// Parses and checks the N header bytes of a file whose data part holds `data_size` bytes
// (nullopt: unknown, a pipe; the reader then checks the end of the data as it streams).
// Throws Error(kData) "name: safetensors tensor \"x\": ..." naming the tensor at fault.
SafetensorsHeader parse_safetensors_header(std::string_view json, std::optional<std::uint64_t> data_size,
                                           const std::string& name);

// The 8-byte length and the JSON header for `header` (offsets as given), padded with spaces
// to a multiple of 8 bytes as the reference writer does.
std::string make_safetensors_header(const SafetensorsHeader& header);

// The safetensors name of a floating dtype ("F16", "BF16", "F32", "F64").
const char* safetensors_dtype(DType dtype);

}  // namespace nnact
