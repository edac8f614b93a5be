// float16 and bfloat16 (issue 12 item 2): all 65,536 bit patterns of each type through every
// element-wise op against MPFR. Smooth ops: the exact value rounded once to the dtype (MPFR at
// rising precision); piecewise-linear ops: their TF operation sequence, each step rounded to the
// dtype in MPFR. NaN propagates, +-inf give the float64 op's limits, subnormals are kept.
#include <doctest/doctest.h>

#include <bit>
#include <cstdint>
#include <random>

#include "mpfr_reference.hpp"
#include "numeric/dtype_round.hpp"
#include "ops/elementwise.hpp"
#include "ops/params.hpp"
#include "ops_helpers.hpp"

namespace nnact::test {
namespace {

struct Case {
  const char* op;
  ParamValues params;
  bool smooth;
};

const Case kCases[] = {
    {"relu", {}, false},
    {"relu6", {}, false},
    {"leaky_relu", {}, false},
    {"elu", {{"alpha", "0.3"}}, true},
    {"selu", {}, true},
    {"celu", {{"alpha", "2.5"}}, true},
    {"gelu", {}, true},
    {"gelu", {{"approximate", "tanh"}}, true},
    {"silu", {{"beta", "1.7"}}, true},
    {"sigmoid", {}, true},
    {"hard_sigmoid", {}, false},
    {"hard_silu", {}, false},
    {"tanh", {}, true},
    {"softplus", {{"beta", "0.7"}}, true},
    {"softsign", {}, true},
    {"mish", {}, true},
    {"log_sigmoid", {}, true},
    {"exponential", {}, true},
    {"linear", {}, false},
    {"hardtanh", {{"min-val", "-0.3"}, {"max-val", "2.7"}}, false},
    {"hardshrink", {}, false},
    {"softshrink", {{"lambd", "0.7"}}, false},
    {"tanhshrink", {}, true},
    {"threshold", {{"threshold", "0.1"}, {"value", "-3.3"}}, false},
};

double value_of(std::uint16_t bits, DType dtype) {
  return dtype == DType::kFloat16 ? numeric::half_value(bits) : numeric::bfloat16_value(bits);
}

bool same(double a, double b) {
  return std::isnan(a) ? std::isnan(b) : a == b && std::signbit(a) == std::signbit(b);
}

void check_every_pattern(DType dtype) {
  std::vector<double> inputs;
  for (std::uint32_t bits = 0; bits < 65536; ++bits) {
    inputs.push_back(value_of(static_cast<std::uint16_t>(bits), dtype));
  }
  for (const Case& c : kCases) {
    const ops::BoundParams bound = ops::bind_params(*find_op(c.op), c.params, dtype);
    std::vector<double> outputs = inputs;
    Op::make(c.op, c.params, dtype).apply(outputs);
    // The limits at -+inf: the float64 kernel with the dtype's parameters, rounded to the dtype
    // (they are parameters, built-in constants, 0, +-1 or +-inf).
    std::vector<double> limits{-INFINITY, INFINITY};
    ops::find_kernel_entry(bound.kernel_key)->float64(limits.data(), 2, bound.values);
    for (double& limit : limits) limit = round_to_dtype(limit, dtype);
    Real exact(2200);
    std::size_t wrong = 0, subnormal_results = 0;
    double first_wrong = 0;
    for (std::size_t i = 0; i < inputs.size(); ++i) {
      const double x = inputs[i];
      double expected;
      if (std::isnan(x)) {
        expected = x;
      } else if (std::isinf(x)) {
        expected = limits[x > 0];
      } else if (c.smooth) {
        expected = reference_rounded(bound.kernel_key, x, bound.values, dtype);
      } else {
        mpfr_reference(bound.kernel_key, exact, x, bound.values, dtype);
        expected = round_to_dtype(exact, dtype);
      }
      // tanhshrink(-0) is -0 in every dtype (the series x^3 * sum), where MPFR's x - tanh(x)
      // gives +0: the sign of that zero is the kernels' choice, pinned in ops_values_test.
      const bool zero_sign_free = bound.kernel_key == "tanhshrink" && x == 0;
      if (zero_sign_free ? outputs[i] != expected : !same(outputs[i], expected)) {
        if (wrong++ == 0) first_wrong = x;
      }
      const double magnitude = std::fabs(outputs[i]);
      subnormal_results += magnitude > 0 && magnitude < numeric::ulp_of(0, dtype) * 1024;
    }
    CAPTURE(bound.kernel_key);
    CAPTURE(first_wrong);
    CHECK(wrong == 0);
    if (std::string_view(c.op) == "linear") CHECK(subnormal_results > 0);  // no flush to zero
  }
}

TEST_CASE("float16: every bit pattern through every element-wise op against MPFR") {
  check_every_pattern(DType::kFloat16);
}

TEST_CASE("bfloat16: every bit pattern through every element-wise op against MPFR") {
  check_every_pattern(DType::kBFloat16);
}

// softmax / log_softmax of one row in MPFR (200 bits), as doubles.
std::vector<double> exact_softmax(const std::vector<double>& row, bool log) {
  Real sum(200), t(200);
  mpfr_set_zero(sum, 1);
  for (double x : row) {
    mpfr_set_d(t, x, MPFR_RNDN);
    mpfr_exp(t, t, MPFR_RNDN);
    mpfr_add(sum, sum, t, MPFR_RNDN);
  }
  std::vector<double> out;
  for (double x : row) {
    mpfr_set_d(t, x, MPFR_RNDN);
    if (log) {
      Real log_sum(200);
      mpfr_log(log_sum, sum, MPFR_RNDN);
      mpfr_sub(t, t, log_sum, MPFR_RNDN);
    } else {
      mpfr_exp(t, t, MPFR_RNDN);
      mpfr_div(t, t, sum, MPFR_RNDN);
    }
    out.push_back(mpfr_get_d(t, MPFR_RNDN));
  }
  return out;
}

TEST_CASE("float16 and bfloat16 softmax and log_softmax: computed in double, rounded once") {
  // The bound stated in axis_ops.cpp: within 0.5 + 2^-9 ULP of the exact value.
  std::mt19937_64 random(7);
  std::uniform_real_distribution<double> uniform(-12, 12);
  for (DType dtype : {DType::kFloat16, DType::kBFloat16}) {
    for (bool log : {false, true}) {
      double worst = 0;
      for (int r = 0; r < 2000; ++r) {
        Batch batch;
        for (int i = 0; i < 8; ++i) batch.values.push_back(numeric::round_to(uniform(random), dtype));
        batch.rows = {batch.values.size()};
        const std::vector<double> exact = exact_softmax(batch.values, log);
        Op::make(log ? "log_softmax" : "softmax", {}, dtype).transform(batch);
        for (std::size_t i = 0; i < exact.size(); ++i) {
          CHECK(batch.values[i] == numeric::round_to(batch.values[i], dtype));  // in the dtype
          worst = std::max(worst, std::fabs(batch.values[i] - exact[i]) /
                                      numeric::ulp_of(exact[i], dtype));
        }
      }
      CAPTURE(log);
      CHECK(worst <= 0.5 + 0x1p-9);
      CHECK(worst > 0.4);  // the measure sees rounding at all
    }
  }
}

}  // namespace
}  // namespace nnact::test
