// The libmvec vector paths give what the scalar kernels give, whichever entry point runs.
#include <doctest/doctest.h>

#include <bit>
#include <cstdint>
#include <limits>

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

// Float64 gelu rounded to float: the exact function within 1 ULP of double, so the correctly
// rounded float except within 2^-29 ULP of a tie, which these inputs do not hit.
std::vector<double> reference(std::vector<double> values) {
  Op::make("gelu", {}, DType::kFloat64).apply(values);
  for (double& v : values) v = static_cast<float>(v);
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
