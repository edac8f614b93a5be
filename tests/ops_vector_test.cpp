// The libmvec vector paths give what the scalar kernels give, whichever entry point runs.
#include <doctest/doctest.h>

#include <bit>
#include <cstdint>
#include <limits>

#include "mpfr_reference.hpp"
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

}  // namespace
}  // namespace nnact::test
