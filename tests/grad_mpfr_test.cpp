// --grad against MPFR: every smooth derivative at check values and on random inputs (float32,
// float64: 20,000 each; float16, bfloat16: every finite value), correctly rounded.
#include <doctest/doctest.h>

#include <random>
#include <vector>

#include "mpfr_derivatives.hpp"
#include "nnact/ops.hpp"
#include "numeric/dtype_round.hpp"

namespace nnact::test {
namespace {

struct Misses {
  std::size_t count = 0;
  double first_x = 0, first_got = 0, first_expected = 0;
};

// The inputs' derivatives by --grad's kernel, each compared with MPFR's rounded once.
Misses check_inputs(std::string_view key, DType dtype, const std::vector<double>& inputs) {
  const Op op = grad_op(key, dtype);
  std::vector<double> got = inputs;
  op.apply(got);
  Misses misses;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const double expected = derivative_rounded(key, inputs[i], dtype);
    if (!same(got[i], expected)) {
      if (misses.count++ == 0) misses = {1, inputs[i], got[i], expected};
    }
  }
  return misses;
}

std::vector<double> every_16_bit_value(DType dtype) {
  std::vector<double> inputs;
  for (std::uint32_t bits = 0; bits < 65536; ++bits) {
    const double x = dtype == DType::kFloat16
                         ? numeric::half_value(static_cast<std::uint16_t>(bits))
                         : numeric::bfloat16_value(static_cast<std::uint16_t>(bits));
    if (std::isfinite(x)) inputs.push_back(x);
  }
  return inputs;
}

void report(std::string_view key, DType dtype, std::size_t n, const Misses& misses) {
  MESSAGE(key << " " << std::string(dtype_name(dtype)) << ": " << misses.count << " of " << n
              << " not correctly rounded"
              << (misses.count ? " (first: x = " + std::to_string(misses.first_x) + ")" : ""));
}

}  // namespace

TEST_CASE("--grad: smooth derivatives at check values are MPFR's, correctly rounded") {
  const std::vector<double> checks = {-20, -5, -3, -2, -1.5, -1, -0.75, -0.5, -0.1, -1e-5, -0.0,
                                      0,   1e-5, 0.1, 0.5, 1, 1.5, 2, 3, 5, 20, 100};
  for (std::string_view key : kSmoothDerivatives) {
    for (DType dtype : {DType::kFloat16, DType::kBFloat16, DType::kFloat32, DType::kFloat64}) {
      std::vector<double> inputs;
      for (double x : checks) inputs.push_back(numeric::round_to(x, dtype));
      const Misses misses = check_inputs(key, dtype, inputs);
      INFO(key, " ", std::string(dtype_name(dtype)), " x = ", misses.first_x, " got ", misses.first_got, " expected ",
           misses.first_expected);
      CHECK(misses.count == 0);
    }
  }
}

TEST_CASE("--grad: 20,000 random float32 inputs per smooth op are correctly rounded") {
  for (std::string_view key : kSmoothDerivatives) {
    const auto inputs = random_inputs(DType::kFloat32, 20000, 13);
    const Misses misses = check_inputs(key, DType::kFloat32, inputs);
    report(key, DType::kFloat32, inputs.size(), misses);
    CHECK(misses.count == 0);
  }
}

TEST_CASE("--grad: tanhshrink' of tiny x, x^2 a subnormal float32 or a midpoint, is correctly rounded") {
  // tanh(x)^2 = x^2 - 2x^4/3: where x^2 is exactly a midpoint of float32 the x^4 term decides.
  std::vector<double> inputs;
  for (std::uint32_t bits = 0x1E000000; bits < 0x2C000000; bits += 4099) inputs.push_back(std::bit_cast<float>(bits));
  for (DType dtype : {DType::kFloat32, DType::kFloat16, DType::kBFloat16}) {
    const Misses misses = check_inputs("tanhshrink", dtype, inputs);
    INFO(std::string(dtype_name(dtype)), " x = ", misses.first_x);
    CHECK(misses.count == 0);
  }
}

TEST_CASE("--grad: 20,000 random float64 inputs per smooth op against MPFR") {
  for (std::string_view key : kSmoothDerivatives) {
    const auto inputs = random_inputs(DType::kFloat64, 20000, 13);
    const Misses misses = check_inputs(key, DType::kFloat64, inputs);
    report(key, DType::kFloat64, inputs.size(), misses);
    CHECK(misses.count == 0);
  }
}

TEST_CASE("--grad: every finite float16 and bfloat16 input of every smooth op is correctly rounded") {
  for (DType dtype : {DType::kFloat16, DType::kBFloat16}) {
    const auto inputs = every_16_bit_value(dtype);
    for (std::string_view key : kSmoothDerivatives) {
      const Misses misses = check_inputs(key, dtype, inputs);
      report(key, dtype, inputs.size(), misses);
      CHECK(misses.count == 0);
    }
  }
}

TEST_CASE("--grad: the softmax and log_softmax vector-Jacobian products are MPFR's, correctly rounded") {
  const std::vector<double> x = {-3.25, 0.5, 1.75, 2, -0.125, 7};
  const std::vector<double> dy = {0.5, -1.25, 3, 0.0625, -2, 1};
  for (const char* name : {"softmax", "log_softmax"}) {
    for (DType dtype : {DType::kFloat32, DType::kFloat64}) {
      CAPTURE(name);
      const Op op = Op::make(name, {}, dtype, true);
      std::vector<double> got = x;
      op.apply_upstream(got, dy);
      // Exact: s_i = exp(x_i) / sum exp(x_j); softmax dx_i = s_i (dy_i - sum dy_j s_j),
      // log_softmax dx_i = dy_i - s_i sum dy_j.
      std::vector<Real> s(x.size());
      Real sum(kDerivativePrecision), dot(kDerivativePrecision), dy_sum(kDerivativePrecision), t(kDerivativePrecision);
      mpfr_set_zero(sum, 1);
      mpfr_set_zero(dot, 1);
      mpfr_set_zero(dy_sum, 1);
      for (std::size_t i = 0; i < x.size(); ++i) {
        mpfr_set_prec(s[i], kDerivativePrecision);
        mpfr_set_d(s[i], x[i], MPFR_RNDN);
        mpfr_exp(s[i], s[i], MPFR_RNDN);
        mpfr_add(sum, sum, s[i], MPFR_RNDN);
        mpfr_add_d(dy_sum, dy_sum, dy[i], MPFR_RNDN);
      }
      for (std::size_t i = 0; i < x.size(); ++i) {
        mpfr_div(s[i], s[i], sum, MPFR_RNDN);
        mpfr_mul_d(t, s[i], dy[i], MPFR_RNDN);
        mpfr_add(dot, dot, t, MPFR_RNDN);
      }
      for (std::size_t i = 0; i < x.size(); ++i) {
        if (std::string(name) == "softmax") {
          mpfr_d_sub(t, dy[i], dot, MPFR_RNDN);
          mpfr_mul(t, t, s[i], MPFR_RNDN);
        } else {
          mpfr_mul(t, s[i], dy_sum, MPFR_RNDN);
          mpfr_d_sub(t, dy[i], t, MPFR_RNDN);
        }
        CHECK(got[i] == round_exact_to(t, dtype));
      }
    }
  }
}

}  // namespace nnact::test
