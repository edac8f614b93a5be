// Number text out: integers below 1e16 are written whole (the references are Python's repr and
// glibc's printf "%.0f"); every other value is std::to_chars' shortest form, byte for byte.
#include <doctest/doctest.h>

#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <random>
#include <string>
#include <vector>
#include <algorithm>

#include "cli_runner.hpp"
#include "nnact/io.hpp"

using nnact::DType;
using nnact::format_number;
using nnact::test::run_cli;
using nnact::test::run_program;

namespace {

std::string formatted(double value, DType dtype) {
  std::string out;
  format_number(value, dtype, 0, out);
  return out;
}

// The rule, from outside nnact: "%.0f" (glibc prints the exact value) for integers below 1e16,
// libstdc++'s shortest std::to_chars for everything else.
template <class T>
std::string reference(T value) {
  char buffer[64];
  if (std::isnan(value)) return "nan";
  if (std::isfinite(value) && std::fabs(static_cast<double>(value)) < 1e16 && value == std::trunc(value)) {
    std::snprintf(buffer, sizeof buffer, std::signbit(value) ? "-%.0f" : "%.0f", std::fabs(static_cast<double>(value)));
    return buffer;
  }
  return std::string(buffer, std::to_chars(buffer, buffer + sizeof buffer, value).ptr);
}

// Every power of two and of ten of the type, its neighbours, its limits and subnormals, and
// integers around the places where the integer rule and exactness change.
template <class T>
std::vector<T> special_values() {
  using L = std::numeric_limits<T>;
  std::vector<T> values{T(0), -T(0), L::min(), L::max(), L::lowest(), L::denorm_min(), L::epsilon(),
                        L::infinity(), -L::infinity(), L::quiet_NaN(), T(1e16), T(-1e16), T(1e15),
                        T(9007199254740992.0), T(16777216), T(16777217), T(99999), T(100000)};
  for (int e = L::min_exponent - L::digits - 1; e <= L::max_exponent; ++e) values.push_back(std::ldexp(T(1), e));
  for (int e = L::min_exponent10 - L::digits10 - 2; e <= L::max_exponent10; ++e) {
    values.push_back(static_cast<T>(std::pow(10.0L, e)));
  }
  for (T v : std::vector<T>(values)) {
    values.push_back(std::nextafter(v, T(0)));
    values.push_back(std::nextafter(v, L::infinity()));
  }
  for (std::uint64_t i = 1; i < 1000; ++i) values.push_back(static_cast<T>(i * 7919));
  return values;
}

template <class T, class Bits>
void check_against_to_chars(DType dtype, int random_count) {
  std::vector<T> values = special_values<T>();
  std::mt19937_64 rng(2026);
  for (int i = 0; i < random_count; ++i) values.push_back(std::bit_cast<T>(static_cast<Bits>(rng())));
  // Integers of every size, and values with a short fraction (the common case in data).
  for (int i = 0; i < random_count / 8; ++i) {
    values.push_back(static_cast<T>(static_cast<double>(rng() >> (rng() % 64))));
    values.push_back(static_cast<T>(static_cast<double>(rng() % 2000001) / 1000 - 1000));
  }
  int wrong = 0;
  for (T v : values) {
    const std::string expected = reference(v);
    const std::string got = formatted(static_cast<double>(v), dtype);
    if (got != expected && ++wrong <= 5) {
      CAPTURE(static_cast<double>(v));
      CHECK(got == expected);
    }
  }
  CHECK(wrong == 0);
}

}  // namespace

TEST_CASE("shortest text is std::to_chars' shortest form except integers below 1e16, float32 and float64") {
  check_against_to_chars<float, std::uint32_t>(DType::kFloat32, 2000000);
  check_against_to_chars<double, std::uint64_t>(DType::kFloat64, 2000000);
}

TEST_CASE("integers below 1e16 are written whole, as Python's repr writes them (float32 via numpy)") {
  std::vector<double> doubles{99999, 100000, 16777216, 1e15, 9007199254740992.0, 9007199254740994.0,
                              9999999999999998.0, 1e16, -0.0, 0.0, -5, 123456789012.0, 4.5e15};
  std::vector<float> floats{1e15f, 16777217.0f, 3e10f, 123456789.0f, 9.999999e15f, -0.0f, 65504.0f};
  std::mt19937_64 rng(7);
  for (int i = 0; i < 2000; ++i) {
    doubles.push_back(std::trunc(std::ldexp(static_cast<double>(rng() >> 11), -static_cast<int>(rng() % 64))));
    floats.push_back(std::trunc(std::ldexp(static_cast<float>(rng() >> 40), -static_cast<int>(rng() % 32) + 28)));
  }
  // Above 1e16 Python switches to exponent form where std::to_chars may not (checked above).
  std::erase_if(floats, [](float f) { return f >= 1e16f; });
  std::string input;
  char buffer[64];
  for (double d : doubles) input += std::string(buffer, std::snprintf(buffer, sizeof buffer, "d %a\n", d));
  for (float f : floats) input += std::string(buffer, std::snprintf(buffer, sizeof buffer, "f %a\n", f));
  // Python's repr writes an integral float below 1e16 with all its digits and ".0".
  auto python = run_program("/usr/bin/python3",
                            {"-c",
                             "import sys, numpy as np\n"
                             "for line in sys.stdin:\n"
                             "    kind, text = line.split()\n"
                             "    v = float.fromhex(text)\n"
                             "    if kind == 'f': v = float(np.float32(v))\n"
                             "    r = repr(v)\n"
                             "    print(r[:-2] if r.endswith('.0') else r)\n"},
                            input);
  REQUIRE(python.code == 0);
  std::string ours;
  for (double d : doubles) ours += formatted(d, DType::kFloat64) + "\n";
  for (float f : floats) ours += formatted(f, DType::kFloat32) + "\n";
  CHECK(ours == python.out);
  CHECK(formatted(1e15f, DType::kFloat32) == "999999986991104");
  CHECK(formatted(-0.0, DType::kFloat32) == "-0");
  CHECK(formatted(1e16, DType::kFloat64) == "1e+16");
}

TEST_CASE("a whole number never prints in exponent form, so sort -n orders the output right (README)") {
  auto result = run_cli({"--op", "relu", "-n"}, "99999\n100000\n16777216\n-3\n");
  CHECK(result.code == 0);
  CHECK(result.out == "99999\n100000\n16777216\n0\n");
  auto readme = run_cli({"--op", "relu", "-n"}, "99999\n100000\n1e20\n");  // README's example
  CHECK(readme.out == "99999\n100000\n1e+20\n");
}
