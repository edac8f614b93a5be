// Number text: reading decimal text rounded once to the dtype, and shortest round-trip output.
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string>

#include "nnact/io.hpp"

namespace nnact {
namespace {

// from_chars reports overflow and underflow without a value; strtod gives the IEEE result
// (±inf, ±0 or a subnormal), which is what numpy and Python's float() give too.
template <class T>
T out_of_range_value(std::string_view text) {
  std::string copy(text);
  if constexpr (sizeof(T) == sizeof(float)) {
    return std::strtof(copy.c_str(), nullptr);
  } else {
    return std::strtod(copy.c_str(), nullptr);
  }
}

template <class T>
bool parse_as(std::string_view text, double& value) {
  const char* first = text.data();
  const char* last = first + text.size();
  if (first != last && *first == '+') ++first;  // from_chars does not take a leading '+'
  if (first == last || *first == '+') return false;
  T parsed{};
  auto [ptr, ec] = std::from_chars(first, last, parsed);
  if (ptr != last) return false;
  if (ec == std::errc::result_out_of_range) {
    parsed = out_of_range_value<T>(text);
  } else if (ec != std::errc()) {
    return false;
  }
  value = parsed;
  return true;
}

template <class T>
void format_as(T value, int precision, std::string& out) {
  if (std::isnan(value)) {
    out += "nan";
    return;
  }
  char buffer[64];
  char* end;
  if (precision <= 0) {
    end = std::to_chars(buffer, buffer + sizeof buffer, value).ptr;
  } else {
    end = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::general,
                        precision).ptr;
    // %g would write 120 at 2 digits as 1.2e+02: an integer is written whole instead.
    T rounded{};
    std::from_chars(buffer, end, rounded);
    if (std::isfinite(rounded) && std::fabs(rounded) < T(1e15) && rounded == std::trunc(rounded)) {
      end = std::to_chars(buffer, buffer + sizeof buffer, rounded, std::chars_format::fixed, 0).ptr;
    }
  }
  out.append(buffer, end);
}

}  // namespace

bool parse_number(std::string_view text, DType dtype, double& value) {
  return dtype == DType::kFloat32 ? parse_as<float>(text, value) : parse_as<double>(text, value);
}

void format_number(double value, DType dtype, int precision, std::string& out) {
  if (dtype == DType::kFloat32) {
    format_as(static_cast<float>(value), precision, out);
  } else {
    format_as(value, precision, out);
  }
}

const char* dtype_name(DType dtype) { return dtype == DType::kFloat32 ? "float32" : "float64"; }

}  // namespace nnact
