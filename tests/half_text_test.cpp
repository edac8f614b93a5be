// float16 and bfloat16 text. Reading: decimal text rounded once to the dtype, against MPFR's
// mpfr_strtofr at the dtype's precision and exponent range (mpfr_subnormalize), on texts made to
// land exactly on a midpoint in float64. Writing: every one of the 65,536 bit patterns of each
// type against the shortest decimal found in exact rational arithmetic by Python (cross-checked
// with NumPy's own shortest float16 repr), and read back to the same bits.
#include <doctest/doctest.h>
#include <mpfr.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "cli_runner.hpp"
#include "mpfr_reference.hpp"
#include "nnact/io.hpp"
#include "numeric/dtype_round.hpp"

using nnact::DType;
using nnact::format_number;
using nnact::parse_number;
using nnact::test::run_program;
using namespace nnact::numeric;

namespace {

double value_of(std::uint16_t bits, DType dtype) {
  return dtype == DType::kFloat16 ? half_value(bits) : bfloat16_value(bits);
}

// MPFR reads the decimal text straight into the dtype's precision and exponent range.
double mpfr_read(const std::string& text, DType dtype) {
  const Format f = format_of(dtype);
  return nnact::test::round_in_format(f.precision, f.min_exponent, f.max_exponent, [&text](mpfr_ptr r) {
    return mpfr_strtofr(r, text.c_str(), nullptr, 10, MPFR_RNDN);
  });
}

// Decimal text of m * (1 + nudge * 2^-150) to 70 digits: for nudge = +-1 it reads as m in
// float64 but lies on one side of it; for nudge = 0 it is m exactly (200 digits: exact).
std::string text_near(double m, int nudge) {
  mpfr_t x;
  mpfr_init2(x, 400);
  mpfr_set_d(x, m, MPFR_RNDN);
  if (nudge != 0) {
    mpfr_t d;
    mpfr_init2(d, 400);
    mpfr_mul_2si(d, x, -150, MPFR_RNDN);
    nudge > 0 ? mpfr_add(x, x, d, MPFR_RNDN) : mpfr_sub(x, x, d, MPFR_RNDN);
    mpfr_clear(d);
  }
  char buffer[512];
  mpfr_snprintf(buffer, sizeof buffer, nudge == 0 ? "%.200Re" : "%.70Re", x);
  mpfr_clear(x);
  return buffer;
}

// The significant digits and decimal exponent of a number's text: "-0.0125" -> 125 and -4.
std::string digits_and_exponent(const std::string& text) {
  std::string digits;
  int exponent = 0;
  int point = -1;
  std::size_t i = text[0] == '-' ? 1 : 0;
  for (; i < text.size() && text[i] != 'e'; ++i) {
    if (text[i] == '.') {
      point = static_cast<int>(digits.size());
    } else {
      digits += text[i];
    }
  }
  if (i < text.size()) exponent = std::stoi(text.substr(i + 1));
  if (point < 0) point = static_cast<int>(digits.size());
  std::size_t lead = digits.find_first_not_of('0');
  exponent -= static_cast<int>(digits.size()) - point;  // value = digits * 10^exponent
  digits = digits.substr(lead);
  while (digits.size() > 1 && digits.back() == '0') {
    digits.pop_back();
    ++exponent;
  }
  return digits + " " + std::to_string(exponent);
}

}  // namespace

TEST_CASE("float16 and bfloat16 text is rounded once, straight to the dtype, even on a float64 midpoint") {
  std::mt19937_64 rng(12);
  int wrong = 0;
  int checked = 0;
  for (DType dtype : {DType::kFloat16, DType::kBFloat16}) {
    for (int i = 0; i < 3000; ++i) {
      const auto bits = static_cast<std::uint16_t>(rng() & 0x7fff);
      const double v = value_of(bits, dtype);
      if (!std::isfinite(v)) continue;
      const double midpoint = v + ulp_of(v, dtype) / 2;  // to the next value, or the overflow threshold
      for (int nudge : {-1, 0, 1}) {
        for (const char* sign : {"", "-"}) {
          const std::string text = sign + text_near(midpoint, nudge);
          double ours = 0;
          REQUIRE(parse_number(text, dtype, ours));
          const double expected = mpfr_read(text, dtype);
          ++checked;
          if (!(ours == expected && std::signbit(ours) == std::signbit(expected)) && ++wrong <= 5) {
            CAPTURE(text);
            CHECK(ours == expected);
          }
        }
      }
    }
  }
  CHECK(checked > 30000);
  CHECK(wrong == 0);
  double value = 0;
  CHECK((parse_number("3.41", DType::kBFloat16, value) && value == 3.40625));
  CHECK((parse_number("1.004", DType::kBFloat16, value) && value == 1.0078125));
  CHECK((parse_number("65520", DType::kFloat16, value) && std::isinf(value)));  // the tie at the top
  CHECK((parse_number("65519.999999999999999999", DType::kFloat16, value) && value == 65504));
  CHECK((parse_number("-1e-9", DType::kFloat16, value) && value == 0 && std::signbit(value)));
  CHECK_FALSE(parse_number("1.5x", DType::kFloat16, value));
}

TEST_CASE("float16 and bfloat16 print the shortest text that reads back in the dtype (all 65,536 patterns)") {
  // Exact rational arithmetic: the shortest decimals inside the value's rounding interval in
  // its dtype (ends included when the significand is even), the closest of them; for float16
  // also NumPy's own shortest repr, which must agree.
  const char* script = R"PY(
import sys, numpy as np
from fractions import Fraction as F
from math import floor, ceil
def value(bits, kind):
    if kind == 'f16':
        return F(float(np.array([bits], dtype=np.uint16).view(np.float16)[0]))
    return F(float(np.array([bits << 16], dtype=np.uint32).view(np.float32)[0]))
def shortest(v, lo, hi, closed):
    e10 = len(str(int(v))) - 1 if v >= 1 else -len(str(int(1 / v)))
    while F(10) ** e10 > v: e10 -= 1
    while F(10) ** (e10 + 1) <= v: e10 += 1
    for digits in range(1, 25):
        unit = F(10) ** (e10 - digits + 1)
        a, b = lo / unit, hi / unit
        c_lo = ceil(a) + (0 if closed or a.denominator != 1 else 1)
        c_hi = floor(b) - (0 if closed or b.denominator != 1 else 1)
        if c_lo <= c_hi:
            c = min(max(round(v / unit), c_lo), c_hi)
            e = e10 - digits + 1
            while c % 10 == 0: c //= 10; e += 1
            return '%d %d' % (c, e)
bad = 0
for kind, mbits in (('f16', 10), ('bf16', 7)):
    for bits in range(0x7c00 if kind == 'f16' else 0x7f80):
        v = value(bits, kind)
        if v == 0 or (v.denominator == 1 and v < 10**16):
            print('-'); continue
        lower = value(bits - 1, kind) if bits > 0 else -v
        top = {'f16': (0x7bff, F(65536)), 'bf16': (0x7f7f, F(2) ** 128)}[kind]
        upper = top[1] if bits == top[0] else value(bits + 1, kind)  # past the largest: 2^(emax+1)
        r = shortest(v, (v + lower) / 2, (v + upper) / 2, bits % 2 == 0)
        if kind == 'f16':
            s = np.format_float_scientific(np.float16(float(v)), unique=True, trim='-')
            m, e = s.split('e')
            d = m.replace('.', '')
            ex = int(e) - (len(d) - 1)
            d = int(d)
            while d % 10 == 0: d //= 10; ex += 1
            if '%d %d' % (d, ex) != r: bad += 1
        print(r)
print('numpy-disagrees', bad)
)PY";
  auto python = run_program("/usr/bin/python3", {"-c", script});
  REQUIRE(python.code == 0);
  std::istringstream lines(python.out);
  int wrong_text = 0;
  int wrong_value = 0;
  for (DType dtype : {DType::kFloat16, DType::kBFloat16}) {
    const std::uint32_t end = dtype == DType::kFloat16 ? 0x7c00 : 0x7f80;  // positive finite
    for (std::uint32_t bits = 0; bits < end; ++bits) {
      std::string expected;
      REQUIRE(std::getline(lines, expected));
      for (std::uint32_t sign : {0u, 0x8000u}) {
        const double v = value_of(static_cast<std::uint16_t>(bits | sign), dtype);
        std::string text;
        format_number(v, dtype, 0, text);
        double back = 0;
        if (!(parse_number(text, dtype, back) && back == v && std::signbit(back) == std::signbit(v)) &&
            ++wrong_value <= 5) {
          CAPTURE(text);
          CHECK(back == v);
        }
        std::string got;
        if (expected == "-") {  // zeros and integers: written whole, as printf "%.0f"
          char whole[64];
          std::snprintf(whole, sizeof whole, sign ? "-%.0f" : "%.0f", std::fabs(v));
          got = text == whole ? "-" : text;
        } else {
          got = digits_and_exponent(text);
        }
        if (got != expected && ++wrong_text <= 5) {
          CAPTURE(text);
          CHECK(got == expected);
        }
      }
    }
  }
  std::string last;
  std::getline(lines, last);
  CHECK(last == "numpy-disagrees 0");
  CHECK(wrong_text == 0);
  CHECK(wrong_value == 0);
}

TEST_CASE("float16 and bfloat16: the issue's examples, special values and --precision") {
  auto text = [](double v, DType dtype, int precision = 0) {
    std::string out;
    format_number(v, dtype, precision, out);
    return out;
  };
  CHECK(text(3.40625, DType::kBFloat16) == "3.4");
  CHECK(text(1.0078125, DType::kBFloat16) == "1.01");
  CHECK(text(65504, DType::kFloat16) == "65504");
  CHECK(text(std::ldexp(1.0, -24), DType::kFloat16) == "6e-08");
  CHECK(text(-0.0, DType::kFloat16) == "-0");
  CHECK(text(-INFINITY, DType::kBFloat16) == "-inf");
  CHECK(text(NAN, DType::kFloat16) == "nan");
  CHECK(text(3.40625, DType::kBFloat16, 3) == "3.41");  // --precision: digits of the value
  CHECK(text(120, DType::kFloat16, 2) == "120");         // an integer stays whole
  CHECK(text(0.0999755859375, DType::kFloat16, 2) == "0.1");
}
