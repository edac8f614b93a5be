// The libmvec vector paths give what the scalar kernels give, whichever entry point runs.
#include <doctest/doctest.h>

#include <bit>
#include <cstdint>
#include <limits>

#include "mpfr_reference.hpp"
#include "ops/params.hpp"
#include "ops/vector_math.hpp"
#include "ops_helpers.hpp"

namespace nnact::test {
namespace {

std::vector<double> gelu_inputs() {
  std::vector<double> values{-std::numeric_limits<double>::infinity(),
                             std::numeric_limits<double>::infinity(),
                             std::numeric_limits<double>::quiet_NaN(),
                             -0.0,
                             0.0,
                             -13.5,
                             1e-45};
  for (std::uint32_t bits = 7; values.size() < 4099; bits += 1048573) {
    const float x = std::bit_cast<float>(bits);
    if (x == x) values.push_back(x);
  }
  return values;
}

// gelu correctly rounded to float, from MPFR. (Float64 gelu rounded to float would round twice:
// wrong at the subnormal ties, where gelu(x) = x/2 (1 + 0.8x) is just off a midpoint.)
std::vector<double> reference(std::vector<double> values) {
  for (double& v : values) {
    if (std::isinf(v)) {
      v = v > 0 ? v : -0.0;  // OPS.md rule 4: the limits
    } else if (!std::isnan(v)) {
      v = reference_rounded("gelu", v, nullptr, DType::kFloat32);
    }
  }
  return values;
}

TEST_CASE("float32 gelu: dispatched and SSE2 vector paths match the reference") {
  const std::vector<double> inputs = gelu_inputs();
  const std::vector<double> expected = reference(inputs);
  std::vector<double> dispatched = inputs;
  Op::make("gelu", {}, DType::kFloat32).apply(dispatched);
  std::vector<double> sse2 = inputs;
#if NNACT_HAVE_LIBMVEC
  ops::vector_gelu_kernel_sse2(sse2.data(), sse2.size());
#else
  sse2 = dispatched;
#endif
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    CAPTURE(inputs[i]);
    CHECK(shortest(dispatched[i]) == shortest(expected[i]));
    CHECK(shortest(sse2[i]) == shortest(expected[i]));
  }
}

// selu and celu went from glibc's scalar expm1 to libmvec's (vector_kernels.cpp), celu's fast
// test has its own rel condition (alpha < 0: z = x / alpha <= 1000), and elu/selu/celu skip
// expm1 for pairs of non-negative inputs: each against MPFR, with alphas of both signs.
TEST_CASE("float32 elu, selu and celu vector paths are correctly rounded, celu's alpha of either sign") {
  const std::vector<double> inputs = gelu_inputs();
  struct Case {
    const char* op;
    ParamValues params;
  };
  const Case cases[] = {{"elu", {}}, {"selu", {}}, {"celu", {}}, {"celu", {{"alpha", "-0.5"}}},
                        {"celu", {{"alpha", "-3e-5"}}}, {"celu", {{"alpha", "2.5"}}}};
  for (const Case& c : cases) {
    const ops::BoundParams bound = ops::bind_params(*find_op(c.op), c.params, DType::kFloat32);
    std::vector<double> values = inputs;
    Op::make(c.op, c.params, DType::kFloat32).apply(values);
    std::size_t wrong = 0;
    for (std::size_t i = 0; i < inputs.size(); ++i) {
      if (std::isnan(inputs[i]) || std::isinf(inputs[i])) continue;
      const double expected = reference_rounded(bound.kernel_key, inputs[i], bound.values, DType::kFloat32);
      if (shortest(values[i]) != shortest(expected)) {
        CAPTURE(inputs[i]);
        CHECK(shortest(values[i]) == shortest(expected));
        ++wrong;
      }
    }
    CAPTURE(c.op);
    CHECK(wrong == 0);
  }
}

}  // namespace
}  // namespace nnact::test
