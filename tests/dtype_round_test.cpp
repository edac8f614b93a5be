// Rounding to a dtype and the 16-bit bit patterns, against MPFR with the dtype's precision and
// exponent range (mpfr_subnormalize), which is an independent statement of IEEE rounding.
#include <doctest/doctest.h>
#include <mpfr.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <random>

#include "mpfr_reference.hpp"
#include "numeric/dtype_round.hpp"

namespace {

using nnact::DType;
using namespace nnact::numeric;

// MPFR's rounding of x to a format of `precision` bits with normal exponents down to
// `min_exponent` and up to `max_exponent` (IEEE meaning: 2^e <= |x| < 2^(e+1)).
double reference_round(double x, int precision, int min_exponent, int max_exponent) {
  return nnact::test::round_in_format(precision, min_exponent, max_exponent,
                                      [x](mpfr_ptr r) { return mpfr_set_d(r, x, MPFR_RNDN); });
}

bool same(double a, double b) {
  return (std::isnan(a) && std::isnan(b)) || (a == b && std::signbit(a) == std::signbit(b));
}

}  // namespace

TEST_CASE("round_to: float16 and bfloat16 agree with MPFR on random doubles of every magnitude") {
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<std::uint64_t> bits;
  for (DType dtype : {DType::kFloat16, DType::kBFloat16, DType::kFloat32}) {
    const Format f = format_of(dtype);
    int wrong = 0;
    for (int i = 0; i < 200000; ++i) {
      // Exponents near the type's range, and halfway cases (a few extra bits only).
      const int e = static_cast<int>(bits(rng) % (f.max_exponent - f.min_exponent + f.precision + 8)) +
                    f.min_exponent - f.precision - 4;
      double m = 1 + static_cast<double>(bits(rng) >> 11) * 0x1p-53;
      if (i % 3 == 0) m = 1 + std::ldexp(static_cast<double>(bits(rng) % (1u << (f.precision + 1))), -f.precision);
      const double x = std::ldexp(i % 2 ? m : -m, e);
      wrong += !same(round_to(x, dtype), reference_round(x, f.precision, f.min_exponent, f.max_exponent));
    }
    CHECK_MESSAGE(wrong == 0, nnact::dtype_name(dtype));
  }
}

TEST_CASE("float16 and bfloat16 bit patterns: every pattern reads back to itself") {
  for (std::uint32_t b = 0; b < 65536; ++b) {
    const auto bits16 = static_cast<std::uint16_t>(b);
    const double h = half_value(bits16);
    const double bf = bfloat16_value(bits16);
    if (std::isnan(h)) {
      CHECK((half_bits(h) & 0x7e00) == 0x7e00);
    } else {
      REQUIRE(half_bits(h) == bits16);
      REQUIRE(round_to(h, DType::kFloat16) == h);
    }
    if (!std::isnan(bf)) REQUIRE(bfloat16_bits(bf) == bits16);
  }
  CHECK(half_value(0x3c00) == 1.0);
  CHECK(half_value(0x7bff) == 65504.0);
  CHECK(half_value(0x0001) == 0x1p-24);
  CHECK(round_to(65520.0, DType::kFloat16) == INFINITY);  // the midpoint above 65504 ties up to inf
  CHECK(round_to(65519.99, DType::kFloat16) == 65504.0);
  CHECK(bfloat16_value(0x4059) == 3.390625);
  CHECK(round_to(3.41, DType::kBFloat16) == 3.40625);
}

TEST_CASE("dtype names") {
  for (DType d : {DType::kFloat16, DType::kBFloat16, DType::kFloat32, DType::kFloat64}) {
    CHECK(nnact::parse_dtype(nnact::dtype_name(d)) == d);
  }
  CHECK(nnact::parse_dtype("bf16") == DType::kBFloat16);
  CHECK_FALSE(nnact::parse_dtype("float8").has_value());
}
