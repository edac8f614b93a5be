// float64 inputs whose exact result lies closer to a midpoint of doubles than the double-double
// stage's bound (about 2^-98 relative), so that Ziv's strategy must take them to MPFR, by kernel
// key: constructed from the Taylor series at 0 (the first terms land exactly on a midpoint, the
// rest is far smaller) and exp's published worst case. And a search for inputs within 2^-60 of a
// midpoint on dense grids, and the published worst cases of exp, expm1 and tanh
// (float64_worst_cases.txt). Used by tests/ops_ziv_test.cpp, ops_mpfr_test.cpp and verify_ops
// --float64.
#pragma once

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mpfr_reference.hpp"

namespace nnact::test {

inline constexpr std::pair<std::string_view, double> kFloat64ConstructedHard[] = {
    // exp(2^-53) = 1 + 2^-53 + 2^-107 + ...; exp(-2^-54) = 1 - 2^-54 + 2^-109 - ...
    {"exponential", 0x1p-53},
    {"exponential", -0x1p-54},
    // Lefevre and Muller's tables: exp(x) lies 2^-110.6 relative from a midpoint (mpmath, 300
    // bits).
    {"exponential", 7.5417527749959590085206221e-10},
    // sigmoid(x) = 1/2 + x/4 - x^3/48: 1/2 + 2^-54 and 1/2 - 2^-55 are midpoints.
    {"sigmoid", 0x1p-52},
    {"sigmoid", -0x1p-53},
    // silu(x) = x/2 + x^2/4 - x^4/48: 2^-53 + 2^-106 is a midpoint.
    {"silu", 0x1p-52},
    // expm1(x) = x + x^2/2 + x^3/6: -2^-53 + 2^-107 is a midpoint.
    {"elu", -0x1p-53},
    {"celu", -0x1p-53},
    // tanh(x) = x - x^3/3 + 2x^5/15: for x = 3 2^-26, x - 9 2^-78 is a midpoint, 2^-100.6 away.
    {"tanh", 0x1.8p-25},
    // tanhshrink(x) = x^3/3 - 2x^5/15: x = 300087 2^-78, x^3/3 = 9 * 100029^3 2^-234 has 54
    // significant bits (a midpoint), 2^-120.9 relative away.
    {"tanhshrink", 0x1.250dcp-60},
    // softsign(2^54) = 2^54 / (2^54 + 1) = 1 - 2^-54 + 2^-108 - ...
    {"softsign", 0x1p54},
    {"softsign", -0x1p54},
};

// The published worst cases for the kernel key (float64_worst_cases.txt: exp's for exponential,
// expm1's for elu and celu, tanh's for tanh) whose result lies within 2^-min_bits relative of a
// midpoint; none for the other keys.
inline std::vector<double> published_worst_cases(std::string_view key, double min_bits = 0) {
  const std::string wanted = key == "celu" ? "elu" : std::string(key);
  std::vector<double> xs;
  std::ifstream in(NNACT_TESTS_DIR "/float64_worst_cases.txt");
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    std::string name, x;
    double bits = 0;
    fields >> name >> x >> bits;
    if (name == wanted && bits >= min_bits) xs.push_back(std::strtod(x.c_str(), nullptr));
  }
  return xs;
}

// Whether f(x) (exact, 160 bits) lies within 2^-60 relative of a midpoint of doubles.
inline bool near_midpoint(mpfr_srcptr exact) {
  if (!mpfr_number_p(exact) || mpfr_zero_p(exact)) return false;
  const double y = mpfr_get_d(exact, MPFR_RNDN);
  if (!std::isfinite(y) || std::fabs(y) < 0x1p-1000) return false;
  const double ulp = std::ldexp(1.0, std::ilogb(y) - 52);
  Real diff(160);
  mpfr_sub_d(diff, exact, y, MPFR_RNDN);
  mpfr_div_d(diff, diff, ulp, MPFR_RNDN);  // in [-0.5, 0.5] ulp
  const double distance = (0.5 - std::fabs(mpfr_get_d(diff, MPFR_RNDN))) * ulp;
  return distance < 0x1p-60 * std::fabs(y);
}

// Hard inputs for the kernel key with parameters p: per_centre consecutive doubles from each of
// +-1.2345 2^e, e = -60..10, kept where f(x) lies within 2^-60 relative of a midpoint of doubles
// (MPFR, 160 bits), plus kFloat64ConstructedHard's and the published worst cases for the key.
inline std::vector<double> find_hard_float64(std::string_view key, const double* p,
                                             std::size_t per_centre) {
  std::vector<double> hard;
  Real exact(160);
  for (int e = -60; e <= 10; ++e) {
    for (double sign : {1.0, -1.0}) {
      double x = sign * std::ldexp(1.0, e) * 1.2345;  // off the power of two
      for (std::size_t k = 0; k < per_centre; ++k, x = std::nextafter(x, 2 * x)) {
        mpfr_reference(key, exact, x, p, DType::kFloat64);
        if (near_midpoint(exact)) hard.push_back(x);
      }
    }
  }
  for (const auto& [hard_key, x] : kFloat64ConstructedHard) {
    if (hard_key == key) hard.push_back(x);
  }
  const std::vector<double> published = published_worst_cases(key);
  hard.insert(hard.end(), published.begin(), published.end());
  return hard;
}

}  // namespace nnact::test
