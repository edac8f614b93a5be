// Random samples of every element-wise op, float32 and float64, against MPFR: smooth ops correctly
// rounded (issue 15), piecewise-linear ops bit-for-bit their TF operation sequence. float64's
// smooth ops also on hard inputs (float64_hard_inputs.hpp).
#include <doctest/doctest.h>

#include <bit>
#include <cstdint>
#include <random>

#include "float64_hard_inputs.hpp"
#include "mpfr_reference.hpp"
#include "ops/params.hpp"
#include "ops_helpers.hpp"

namespace nnact::test {
namespace {

constexpr std::size_t kSamples = 20000;

bool is_piecewise_linear(std::string_view name) {
  for (std::string_view linear : {"relu", "relu6", "leaky_relu", "hard_sigmoid", "hard_silu",
                                  "linear", "hardtanh", "hardshrink", "softshrink", "threshold"}) {
    if (name == linear) return true;
  }
  return false;
}

// A third uniform over all finite bit patterns, a third log-uniform in magnitude over
// [1e-8, 100], a third uniform in [-30, 30]: the ranges where the ops are most interesting.
std::vector<double> sample_inputs(DType dtype, std::uint64_t seed) {
  std::mt19937_64 random(seed);
  std::uniform_real_distribution<double> unit(0, 1);
  std::vector<double> values;
  while (values.size() < kSamples) {
    double x = 0;
    switch (values.size() % 3) {
      case 0:
        x = dtype == DType::kFloat32 ? std::bit_cast<float>(static_cast<std::uint32_t>(random()))
                                     : std::bit_cast<double>(random());
        break;
      case 1:
        x = std::copysign(std::pow(10.0, -8 + 10 * unit(random)), unit(random) - 0.5);
        break;
      default:
        x = -30 + 60 * unit(random);
    }
    if (std::isfinite(x)) values.push_back(round_to_dtype(x, dtype));
  }
  return values;
}

struct Case {
  const char* op;
  ParamValues params;
};

const Case kCases[] = {
    {"relu", {}},
    {"relu6", {}},
    {"leaky_relu", {}},
    {"leaky_relu", {{"alpha", "-1.3"}}},
    {"elu", {}},
    {"elu", {{"alpha", "0.3"}}},
    {"selu", {}},
    {"celu", {}},
    {"celu", {{"alpha", "2.5"}}},
    {"gelu", {}},
    {"gelu", {{"approximate", "tanh"}}},
    {"silu", {}},
    {"silu", {{"beta", "1.7"}}},
    {"sigmoid", {}},
    {"hard_sigmoid", {}},
    {"hard_silu", {}},
    {"tanh", {}},
    {"softplus", {}},
    {"softplus", {{"beta", "0.7"}, {"threshold", "9"}}},
    {"softsign", {}},
    {"mish", {}},
    {"log_sigmoid", {}},
    {"exponential", {}},
    {"linear", {}},
    {"hardtanh", {{"min-val", "-0.3"}, {"max-val", "2.7"}}},
    {"hardshrink", {}},
    {"softshrink", {{"lambd", "0.7"}}},
    {"tanhshrink", {}},
    {"threshold", {{"threshold", "0.1"}, {"value", "-3.3"}}},
};

void check_case(const Case& c, DType dtype) {
  const OpSpec& spec = *find_op(c.op);
  const ops::BoundParams bound = ops::bind_params(spec, c.params, dtype);
  const bool exact = is_piecewise_linear(spec.name);
  std::vector<double> inputs = sample_inputs(dtype, 1234 + std::hash<std::string_view>{}(c.op));
  if (dtype == DType::kFloat64 && !exact) {
    // Plus the hard ones: f(x) within 2^-60 of a midpoint (dense grids), and constructed.
    const std::vector<double> hard = find_hard_float64(bound.kernel_key, bound.values, 100);
    CHECK(hard.size() >= 10);
    inputs.insert(inputs.end(), hard.begin(), hard.end());
  }
  std::vector<double> outputs = inputs;
  Op::make(c.op, c.params, dtype).apply(outputs);
  Real reference(dtype == DType::kFloat32 ? 96 : 160);
  double worst = 0, worst_input = 0;
  std::size_t mismatches = 0;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    REQUIRE(mpfr_reference(bound.kernel_key, reference, inputs[i], bound.values, dtype));
    const double error = ulp_error(outputs[i], reference, dtype);
    const double rounded = reference_rounded(bound.kernel_key, inputs[i], bound.values, dtype);
    mismatches += std::bit_cast<std::uint64_t>(rounded) != std::bit_cast<std::uint64_t>(outputs[i]);
    if (error > worst) worst = error, worst_input = inputs[i];
  }
  const std::string op = c.op;
  CAPTURE(op);
  CAPTURE(shortest(worst_input, dtype));
  CAPTURE(bound.kernel_key);
  CHECK(worst <= (exact ? 0.0 : 0.5));
  CHECK(mismatches == 0);  // smooth ops correctly rounded; piecewise ones their TF sequence
}

TEST_CASE("every element-wise op against MPFR, float32 samples") {
  for (const Case& c : kCases) check_case(c, DType::kFloat32);
}

TEST_CASE("every element-wise op against MPFR, float64 samples") {
  for (const Case& c : kCases) check_case(c, DType::kFloat64);
}

TEST_CASE("the samples cover every element-wise op") {
  for (const OpSpec& spec : op_table()) {
    bool covered = spec.along_axis;
    for (const Case& c : kCases) covered = covered || spec.name == c.op;
    CAPTURE(spec.name);
    CHECK(covered);
  }
}

TEST_CASE("the ULP measure can fail: 1 ULP off is seen as 1") {
  Real exact(96);
  mpfr_set_d(exact, 1.0, MPFR_RNDN);
  CHECK(ulp_error(std::nextafter(1.0f, 2.0f), exact, DType::kFloat32) == 1.0);
  CHECK(ulp_error(1.0, exact, DType::kFloat32) == 0.0);
  CHECK(ulp_error(-0.0, exact, DType::kFloat32) >= 1.0);
  mpfr_set_d(exact, 1e-45, MPFR_RNDN);  // the subnormal spacing applies
  CHECK(ulp_error(0.0, exact, DType::kFloat32) == doctest::Approx(1e-45 / 1.4012984643e-45));
}

}  // namespace
}  // namespace nnact::test
