// Number text: reading decimal text rounded once to the dtype, and shortest round-trip output.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string>

#include "io/number_write.hpp"
#include "io/shortest_text.hpp"
#include "io/half_text.hpp"
#include "io/number_scan.hpp"
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
  auto [ptr, ec] = scan_decimal(first, last, parsed);
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
char* write_as(char* out, T value, int precision) {
  if (precision <= 0) return write_shortest(out, value);
  if (std::isnan(value)) return std::copy_n("nan", 3, out);
  char* const limit = out + kMaxNumberChars;
  char* end = std::to_chars(out, limit, value, std::chars_format::general, precision).ptr;
  // %g would write 120 at 2 digits as 1.2e+02: an integer is written whole instead.
  T rounded{};
  std::from_chars(out, end, rounded);
  if (std::isfinite(rounded) && std::fabs(rounded) < T(1e15) && rounded == std::trunc(rounded)) {
    end = std::to_chars(out, limit, rounded, std::chars_format::fixed, 0).ptr;
  }
  return end;
}

}  // namespace

bool parse_number(std::string_view text, DType dtype, double& value) {
  switch (dtype) {
    case DType::kFloat32: return parse_as<float>(text, value);
    case DType::kFloat64: return parse_as<double>(text, value);
    case DType::kFloat16:
    case DType::kBFloat16: break;
  }
  double nearest = 0;
  if (!parse_as<double>(text, nearest)) return false;
  value = round_text_once(text, nearest, dtype);
  return true;
}

// The 16-bit dtypes' values are doubles: --precision formats them as doubles do.
char* write_number(char* out, double value, DType dtype, int precision) {
  switch (dtype) {
    case DType::kFloat32: return write_as(out, static_cast<float>(value), precision);
    case DType::kFloat64: return write_as(out, value, precision);
    case DType::kFloat16:
    case DType::kBFloat16: break;
  }
  return precision > 0 ? write_as(out, value, precision) : write_half_shortest(out, value, dtype);
}

void format_number(double value, DType dtype, int precision, std::string& out) {
  char buffer[kMaxNumberChars];
  out.append(buffer, write_number(buffer, value, dtype, precision));
}


}  // namespace nnact
