// float16 and bfloat16 text. Their values are all doubles, so text is read in float64 and
// rounded to the dtype once more; that second rounding is exact except when the double lands
// exactly on a midpoint of the dtype, where the side the text lies on decides (found with
// strtod in the directed rounding modes, which glibc rounds correctly). Output tries 1, 2, ...
// significant digits (printf rounds the value correctly to each) until one reads back, once per
// bit pattern.
#include <atomic>
#include <cfenv>
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "io/half_text.hpp"
#include "io/shortest_text.hpp"
#include "numeric/dtype_round.hpp"

namespace nnact {
namespace {

// strtod of a NUL-terminated number in the given rounding mode.
double read_rounded(const std::string& text, int mode) {
  const int saved = std::fegetround();
  std::fesetround(mode);
  const double value = std::strtod(text.c_str(), nullptr);
  std::fesetround(saved);
  return value;
}

bool is_midpoint(double x, DType dtype) {
  const double scaled = x / numeric::ulp_of(x, dtype);  // exact: a power-of-two scaling
  return scaled - std::floor(scaled) == 0.5;
}

// Does significand * 10^exponent read back as `value` in the dtype?
bool reads_back(std::uint64_t significand, int exponent, double value, DType dtype) {
  char text[48];
  std::snprintf(text, sizeof text, "%" PRIu64 "e%d", significand, exponent);
  const double nearest = std::strtod(text, nullptr);
  return round_text_once(text, nearest, dtype) == value;
}

}  // namespace

double round_text_once(std::string_view text, double nearest, DType dtype) {
  if (!std::isfinite(nearest) || !is_midpoint(nearest, dtype)) return numeric::round_to(nearest, dtype);
  const std::string copy(text);
  double toward = nearest;  // the side of the midpoint the text lies on; itself when exact
  if (read_rounded(copy, FE_UPWARD) != nearest) {
    toward = INFINITY;
  } else if (read_rounded(copy, FE_DOWNWARD) != nearest) {
    toward = -INFINITY;
  }
  return numeric::round_to(toward == nearest ? nearest : std::nextafter(nearest, toward), dtype);
}

namespace {

// The shortest decimal of a positive finite value of the dtype, packed as
// significand << 8 | (exponent + 128) (never 0).
std::uint32_t shortest_packed(double value, DType dtype) {
  for (int digits = 1; digits <= 17; ++digits) {
    char text[48];
    std::snprintf(text, sizeof text, "%.*e", digits - 1, value);  // d.ddde+XX
    std::uint64_t significand = static_cast<std::uint64_t>(text[0] - '0');
    for (int i = 2; i <= digits; ++i) significand = significand * 10 + static_cast<std::uint64_t>(text[i] - '0');
    int exponent = std::atoi(text + (digits > 1 ? digits + 2 : 2)) - (digits - 1);
    // The closest decimal of this many digits first; when it falls outside the value's rounding
    // interval, only its neighbour on the other side of the value can lie inside.
    for (std::uint64_t candidate : {significand, significand - 1, significand + 1}) {
      if (candidate != 0 && reads_back(candidate, exponent, value, dtype)) {
        for (; candidate % 10 == 0; candidate /= 10) ++exponent;
        return static_cast<std::uint32_t>(candidate << 8 | static_cast<std::uint32_t>(exponent + 128));
      }
    }
  }
  return 0;  // not reached: a 16-bit value needs at most 5 digits
}

// Computed on first use per bit pattern (a few microseconds), then looked up; a race only
// computes the same entry twice.
std::atomic<std::uint32_t> g_shortest[2][0x8000];

}  // namespace

char* write_half_shortest(char* out, double value, DType dtype) {
  value = numeric::round_to(value, dtype);  // a value of the dtype (it always is after an op)
  if (!std::isfinite(value) || (std::fabs(value) < 1e16 && value == std::trunc(value))) {
    return write_shortest(out, value);  // nan, inf, zeros and integers: as a double writes them
  }
  const double magnitude = std::fabs(value);
  const bool half = dtype == DType::kFloat16;
  const auto bits = (half ? numeric::half_bits(magnitude) : numeric::bfloat16_bits(magnitude)) & 0x7fff;
  std::atomic<std::uint32_t>& entry = g_shortest[half ? 0 : 1][bits];
  std::uint32_t packed = entry.load(std::memory_order_relaxed);
  if (packed == 0) {
    packed = shortest_packed(magnitude, dtype);
    entry.store(packed, std::memory_order_relaxed);
  }
  if (value < 0) *out++ = '-';
  return write_decimal(out, packed >> 8, static_cast<int>(packed & 0xff) - 128);
}

}  // namespace nnact
