// Ziv's fallback (lib/src/ops/ziv.hpp, exact_ops.cpp): inputs known to take it are correctly
// rounded (checked against the tests' own MPFR reference), the fallback really runs for them,
// and it gives the same results from several threads at once.
#include <doctest/doctest.h>

#include <thread>

#include "mpfr_reference.hpp"
#include "ops/params.hpp"
#include "ops/ziv.hpp"
#include "ops_helpers.hpp"

namespace nnact::test {
namespace {

struct Hard {
  const char* op;
  ParamValues params;
  double x;
};

// Found by bench/ziv_rates (bench/results/ziv-rates.txt): inputs whose fast result lies within
// its error bound of a rounding boundary.
const Hard kFloat32Hard[] = {
    {"sigmoid", {}, -1.7344951629638672e-05},    {"sigmoid", {}, -2.8789043426513672e-05},
    {"sigmoid", {}, -1.9729137420654297e-05},    {"gelu", {{"approximate", "tanh"}}, -2.1101341474150104e-07},
    {"log_sigmoid", {}, 0.44168487191200256},    {"tanhshrink", {}, 0.36997699737548828},
    {"tanhshrink", {}, -5.1500137487892061e-11}, {"tanhshrink", {}, -7.148628355935216e-10},
};

const Hard kFloat64Hard[] = {
    {"elu", {}, -1.7197313266688223e-05},         {"elu", {}, -26.206880099437406},
    {"selu", {}, -1.0388219898837485},            {"celu", {}, -1004.1354931490075},
    {"gelu", {}, -7.4827739378618242e-06},        {"gelu", {}, 0.0030056737490087066},
    {"gelu", {{"approximate", "tanh"}}, -13.906744377590444},
    {"silu", {}, -193.00325703527082},            {"silu", {}, 6.7269465961672874e-05},
    {"sigmoid", {}, 0.14536559339026356},         {"sigmoid", {}, -4.7671359160143647e-07},
    {"softplus", {}, -4.8949748988821916e-10},    {"log_sigmoid", {}, 9.2840675016199495e-08},
    {"exponential", {}, 73.533757648896156},      {"exponential", {}, 1.2381916193261874e-08},
    {"mish", {}, -2.3781336635208038e-11},        {"tanh", {}, 3.3228123884159002},
    {"tanhshrink", {}, -0.75032460274918311},     {"softsign", {}, 0.018923915824742055},
};

void check_hard(const Hard& hard, DType dtype) {
  const ops::BoundParams bound = ops::bind_params(*find_op(hard.op), hard.params, dtype);
  std::vector<double> value{hard.x};
  const unsigned long long before = ops::fallback_count();
  Op::make(hard.op, hard.params, dtype).apply(value);
  CAPTURE(bound.kernel_key);
  CAPTURE(shortest(hard.x, dtype));
  CHECK(ops::fallback_count() == before + 1);  // the fallback ran
  CHECK(shortest(value[0], dtype) ==
        shortest(reference_rounded(bound.kernel_key, hard.x, bound.values, dtype), dtype));
}

TEST_CASE("float32 inputs known to take Ziv's fallback are correctly rounded") {
  for (const Hard& hard : kFloat32Hard) check_hard(hard, DType::kFloat32);
}

TEST_CASE("float64 inputs known to take Ziv's fallback are correctly rounded") {
  for (const Hard& hard : kFloat64Hard) check_hard(hard, DType::kFloat64);
}

TEST_CASE("float64 exp at a published hard case is correctly rounded") {
  // A worst case for exp in double from Lefevre and Muller's tables: exp(x) lies 2^-110.6
  // relative from a midpoint of doubles (checked with mpmath at 300 bits).
  const double x = 7.5417527749959590085206221e-10;
  std::vector<double> value{x};
  const unsigned long long before = ops::fallback_count();
  Op::make("exponential", {}, DType::kFloat64).apply(value);
  CHECK(ops::fallback_count() == before + 1);
  CHECK(shortest(value[0], DType::kFloat64) ==
        shortest(reference_rounded("exponential", x, nullptr, DType::kFloat64), DType::kFloat64));
}

TEST_CASE("the MPFR fallback gives the same results from four threads at once") {
  std::vector<double> inputs;
  for (const Hard& hard : kFloat64Hard) {
    if (hard.params.empty() && std::string_view(hard.op) == "gelu") inputs.push_back(hard.x);
  }
  for (int i = 0; i < 200; ++i) inputs.push_back(-7.4827739378618242e-06 * (1 + i * 1e-3));
  std::vector<double> serial = inputs;
  const Op op = Op::make("gelu", {}, DType::kFloat64);
  op.apply(serial);
  std::vector<std::vector<double>> results(4, inputs);
  std::vector<std::thread> threads;
  for (auto& result : results) threads.emplace_back([&] { op.apply(result); });
  for (std::thread& thread : threads) thread.join();
  for (const auto& result : results) CHECK(result == serial);
}

}  // namespace
}  // namespace nnact::test
