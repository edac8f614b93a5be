// Dtype names.
#include "nnact/tensor.hpp"

namespace nnact {

const char* dtype_name(DType dtype) {
  switch (dtype) {
    case DType::kFloat16: return "float16";
    case DType::kBFloat16: return "bfloat16";
    case DType::kFloat32: return "float32";
    case DType::kFloat64: return "float64";
  }
  return "?";
}

std::optional<DType> parse_dtype(std::string_view name) {
  struct Entry {
    std::string_view name;
    DType dtype;
  };
  static constexpr Entry kNames[] = {
      {"float16", DType::kFloat16}, {"f16", DType::kFloat16},   {"half", DType::kFloat16},
      {"bfloat16", DType::kBFloat16}, {"bf16", DType::kBFloat16}, {"float32", DType::kFloat32},
      {"f32", DType::kFloat32},     {"float", DType::kFloat32},  {"float64", DType::kFloat64},
      {"f64", DType::kFloat64},     {"double", DType::kFloat64},
  };
  for (const Entry& entry : kNames) {
    if (entry.name == name) return entry.dtype;
  }
  return std::nullopt;
}

}  // namespace nnact
