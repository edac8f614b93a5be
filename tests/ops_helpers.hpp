// Shared by the ops tests: run an op on a few values, print floats the way OPS.md shows them.
#pragma once

#include <charconv>
#include <string>
#include <vector>

#include "nnact/ops.hpp"

namespace nnact::test {

inline std::vector<double> run_op(std::string_view name, std::vector<double> values,
                                  const ParamValues& params = {}, DType dtype = DType::kFloat32) {
  Op::make(name, params, dtype).apply(values);
  return values;
}

// Shortest text that reads back as the same float (or double), e.g. "2.0611537e-09".
inline std::string shortest(double value, DType dtype = DType::kFloat32) {
  char buffer[64];
  const auto result = dtype == DType::kFloat32
                          ? std::to_chars(buffer, buffer + sizeof buffer, static_cast<float>(value))
                          : std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

inline std::string shortest_all(const std::vector<double>& values, DType dtype = DType::kFloat32) {
  std::string text;
  for (double v : values) text += (text.empty() ? "" : ",") + shortest(v, dtype);
  return text;
}

}  // namespace nnact::test
