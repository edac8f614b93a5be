// Ziv's stages (lib/src/ops/ziv.hpp; dd_ops.cpp, exact_ops.cpp): inputs known to need float64's
// double-double stage or MPFR are correctly rounded (checked against the tests' own MPFR
// reference), the stage really runs for them, and MPFR gives the same results from several
// threads at once.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <thread>

#include "float64_hard_inputs.hpp"
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

// Found by bench/ziv_rates: inputs the long double stage cannot decide; the double-double stage
// (ops/dd_ops.cpp) decides them.
const Hard kFloat64Hard[] = {
    {"elu", {}, -1.7197313266688223e-05},         {"elu", {}, -26.206880099437406},
    {"selu", {}, -1.0388219898837485},
    {"gelu", {{"approximate", "tanh"}}, -13.906744377590444},
    {"silu", {}, 6.7269465961672874e-05},
    {"sigmoid", {}, 0.14536559339026356},         {"sigmoid", {}, -4.7671359160143647e-07},
    {"softplus", {}, -4.8949748988821916e-10},    {"log_sigmoid", {}, 9.2840675016199495e-08},
    {"exponential", {}, 73.533757648896156},      {"exponential", {}, 1.2381916193261874e-08},
    {"mish", {}, -2.3781336635208038e-11},        {"tanh", {}, 3.3228123884159002},
    {"tanhshrink", {}, -0.75032460274918311},     {"softsign", {}, 0.018923915824742055},
    {"gelu", {}, -7.4827739378618242e-06},        {"gelu", {}, 0.0030056737490087066},
    // gelu below x = -3 sqrt(2): the continued fraction for erfc (dd_ops.cpp gelu_tail), down to
    // results near the subnormal range.
    {"gelu", {}, -5.7904781940093315},            {"gelu", {}, -8.8156443799882744},
    {"gelu", {}, -21.230463021693325},            {"gelu", {}, -36.682479768534755},
    // The smallest subnormal: f(x) = x/2 + (a term of known sign, ~x^2), x/2 exactly a midpoint:
    // decided by the sign of the next term (dd_ops.cpp decide_with_tie), for either sign of x.
    {"silu", {}, 0x1p-1074},                      {"gelu", {}, 0x1p-1074},
    {"gelu", {{"approximate", "tanh"}}, 0x1p-1074},
    {"silu", {}, -0x1p-1074},                     {"gelu", {}, -0x1.8p-1073},
};

// Runs hard.x through the op: the result must be MPFR's correct rounding, and the input must have
// gone through the double-double stage and MPFR as many times as said.
void check_hard(const Hard& hard, DType dtype, unsigned stage2, unsigned mpfr) {
  const ops::BoundParams bound = ops::bind_params(*find_op(hard.op), hard.params, dtype);
  std::vector<double> value{hard.x};
  const unsigned long long before = ops::fallback_count();
  const unsigned long long stage2_before = ops::second_stage_count();
  Op::make(hard.op, hard.params, dtype).apply(value);
  CAPTURE(bound.kernel_key);
  CAPTURE(shortest(hard.x, dtype));
  CHECK(ops::second_stage_count() == stage2_before + stage2);
  CHECK(ops::fallback_count() == before + mpfr);
  CHECK(shortest(value[0], dtype) ==
        shortest(reference_rounded(bound.kernel_key, hard.x, bound.values, dtype), dtype));
}

TEST_CASE("float32 inputs known to take Ziv's fallback are correctly rounded") {
  for (const Hard& hard : kFloat32Hard) check_hard(hard, DType::kFloat32, 0, 1);
}

TEST_CASE("float64 inputs the long double stage cannot decide are decided in double-double") {
  for (const Hard& hard : kFloat64Hard) check_hard(hard, DType::kFloat64, 1, 0);
}

// The op and parameters of a kernel key.
Hard hard_input(std::string_view key, double x) {
  if (key == "gelu_tanh") return {"gelu", {{"approximate", "tanh"}}, x};
  return {key.data(), {}, x};
}

TEST_CASE("float64 inputs within the double-double bound of a midpoint go to MPFR") {
  for (const auto& [key, x] : kFloat64ConstructedHard) {
    check_hard(hard_input(key, x), DType::kFloat64, 1, 1);
  }
}

TEST_CASE("float64's double-double stage decides tiny and subnormal results") {
  // Results below 2^-960 (the stage's general limit): mish's (3/5) x and tanhshrink's x^3 / 3
  // evaluated on scaled inputs (dd_ops.cpp). The long double stage decides nearly all of these
  // itself, so the stage is called directly; 5 2^-1000's (3/5) x is exactly a double.
  const std::pair<ops::ExactOp, double> cases[] = {
      {ops::ExactOp::kMish, 0x1p-1074},        {ops::ExactOp::kMish, -0x1.8p-1073},
      {ops::ExactOp::kMish, 1e-310},           {ops::ExactOp::kMish, -1e-300},
      {ops::ExactOp::kMish, 0x1.4p-998},       {ops::ExactOp::kMish, 0x1.23456789abcdep-1000},
      {ops::ExactOp::kTanhshrink, 0x1p-340},   {ops::ExactOp::kTanhshrink, -1.2345e-110},
      {ops::ExactOp::kTanhshrink, 1e-200},     {ops::ExactOp::kTanhshrink, 0x1.fffffffffffffp-359},
  };
  for (const auto& [op, x] : cases) {
    const char* name = op == ops::ExactOp::kMish ? "mish" : "tanhshrink";
    const ops::BoundParams bound = ops::bind_params(*find_op(name), {}, DType::kFloat64);
    double out = 0;
    CAPTURE(name);
    CAPTURE(x);
    REQUIRE(ops::double_double_rounded(op, x, bound.values, out));
    CHECK(out == reference_rounded(name, x, bound.values, DType::kFloat64));
  }
}

TEST_CASE("tanhshrink where x - sign(x) is a midpoint rounds toward sign(x), in every dtype") {
  // tanhshrink(x) = x - s + s (1 - tanh|x|), 0 < 1 - tanh|x| < 2^-114 for |x| >= 40, s = sign(x):
  // where x - s is a midpoint of the dtype (x in [2^p, 2^(p+1)), p + 1 the dtype's precision)
  // the result is the neighbour on s's side, x itself (ties-to-even would give x - 2s for half of
  // them); below 2^p, x - s is the result.
  struct Case {
    DType dtype;
    double x, expected;
    unsigned stage2, mpfr;
  };
  const Case cases[] = {
      {DType::kFloat64, 0x1p53 + 2, 0x1p53 + 2, 1, 0},  {DType::kFloat64, -0x1p53 - 2, -0x1p53 - 2, 1, 0},
      {DType::kFloat64, 0x1p53 + 4, 0x1p53 + 4, 1, 0},  {DType::kFloat64, 0x1p53, 0x1p53 - 1, 0, 0},
      {DType::kFloat32, 0x1p24 + 2, 0x1p24 + 2, 0, 1},  {DType::kFloat32, -0x1p24 - 2, -0x1p24 - 2, 0, 1},
      {DType::kFloat16, 2050, 2050, 0, 1},              {DType::kFloat16, -2050, -2050, 0, 1},
      {DType::kBFloat16, 258, 258, 0, 1},               {DType::kBFloat16, -258, -258, 0, 1},
  };
  for (const Case& c : cases) {
    CAPTURE(dtype_name(c.dtype));
    CAPTURE(c.x);
    CHECK(reference_rounded("tanhshrink", c.x, nullptr, c.dtype) == c.expected);
    check_hard({"tanhshrink", {}, c.x}, c.dtype, c.stage2, c.mpfr);
    std::vector<double> value{c.x};
    Op::make("tanhshrink", {}, c.dtype).apply(value);
    CHECK(value[0] == c.expected);
  }
}

TEST_CASE("published worst cases of exp, expm1 and tanh within 2^-104 of a midpoint") {
  // float64_worst_cases.txt (Lefevre and Muller's lists, via CORE-MATH): closer to a midpoint
  // than the double-double stage's bounds (2^-98.4 .. 2^-100.3), so most go to MPFR.
  for (const char* key : {"exponential", "elu", "celu", "tanh"}) {
    const std::vector<double> xs = published_worst_cases(key, 104);
    const ops::BoundParams bound = ops::bind_params(*find_op(key), {}, DType::kFloat64);
    CAPTURE(key);
    CHECK(xs.size() >= 150);
    std::vector<double> values = xs;
    const unsigned long long before = ops::fallback_count();
    Op::make(key, {}, DType::kFloat64).apply(values);
    CHECK(ops::fallback_count() - before >= xs.size() / 2);
    std::size_t wrong = 0;
    for (std::size_t i = 0; i < xs.size(); ++i) {
      wrong += values[i] != reference_rounded(key, xs[i], bound.values, DType::kFloat64);
    }
    CHECK(wrong == 0);
  }
}

// gelu's bound counts erfc's condition number x^2 only for x < 0 (for x >= 0 it is below 0.49):
// large positive float32 inputs are decided by the fast path (each went to MPFR before).
TEST_CASE("gelu float32 at large positive x needs no MPFR fallback") {
  std::vector<double> values{8192.5, 1e6, 3e38f, 16384, 12345.678f, 9000, 1e20f, 77777.7f};
  const unsigned long long before = ops::fallback_count();
  Op::make("gelu", {}, DType::kFloat32).apply(values);
  CHECK(ops::fallback_count() == before);
  CHECK(values == std::vector<double>{8192.5, 1e6, 3e38f, 16384, 12345.678f, 9000, 1e20f, 77777.7f});
}

// silu, gelu and gelu_tanh at float32 (and bfloat16) inputs below 2^-125: x/2 is a midpoint
// for odd multiples of the smallest subnormal, and each of these went to MPFR before
// (bench/results/ziv-float64-table.md, every-binade rates: 52 % of subnormal inputs). The tiny
// form (tiny_inputs.cpp) decides them: MPFR's results, no fallback. silu's beta sets the tie's
// direction (beta < 0: down; beta = 0: f(x) = x/2, ties to even).
TEST_CASE("float32 silu, gelu and gelu_tanh at subnormal inputs are decided without MPFR") {
  const double xs[] = {0x1p-149, -0x1p-149, 3 * 0x1p-149, -5 * 0x1p-149, 0x1.000002p-126,
                       -0x1.000006p-126, 0x1.fffffep-126, 0x1.234566p-130, 0x1p-140, -0x1.8p-148};
  const ParamValues gelu_tanh{{"approximate", "tanh"}};
  for (double x : xs) {
    for (DType dtype : {DType::kFloat32, DType::kBFloat16}) {
      if (dtype == DType::kBFloat16 && std::fmod(x, 0x1p-133) != 0) continue;
      check_hard({"silu", {}, x}, dtype, 0, 0);
      check_hard({"silu", {{"beta", "-2"}}, x}, dtype, 0, 0);
      check_hard({"silu", {{"beta", "0"}}, x}, dtype, 0, 0);
      check_hard({"gelu", {}, x}, dtype, 0, 0);
      check_hard({"gelu", gelu_tanh, x}, dtype, 0, 0);
    }
  }
  // The tie really is broken by the sign of the x^2 term: 2^-149 / 2 rounds up to 2^-149
  // (ties-to-even would give 0), and down to 0 with beta < 0.
  CHECK(run_op("silu", {0x1p-149})[0] == 0x1p-149);
  CHECK(run_op("gelu", {-0x1p-149})[0] == -0.0);
  CHECK(run_op("silu", {0x1p-149}, {{"beta", "-1"}})[0] == 0);
  CHECK(run_op("silu", {3 * 0x1p-149}, {{"beta", "0"}})[0] == 2 * 0x1p-149);  // even
}

// The full test must allow for the rounding of y - d itself, not only of d: with a bound of a
// couple of ulps of the wide type, y - d computed in that type can round onto a midpoint of the
// dtype while the exact y - d lies below it. Constructed case, for float64 (long double stage)
// and float32 (double): m a midpoint whose upper neighbour is even (a tie at m rounds up),
// y = m + 2 ulps of the wide type, bound 2.2 ulps: the exact f(x) may be m - 0.1 ulp, which
// (or for float64, any value just below m) rounds down, so the test must not decide "up". (It did before eps |y| was added to d: the
// computed y - 1.0625 bound rounded to m exactly, and m's tie went up.)
TEST_CASE("Ziv's test leaves open a result whose bound reaches a midpoint only after rounding y - d") {
  {
    const long double u = 0x1p-63L;  // long double's ulp at 1
    const long double m = 1.0L + 3 * 0x1p-53L;  // between 1 + 2^-52 (odd) and 1 + 2^-51 (even)
    const long double y = m + 2 * u;
    REQUIRE(static_cast<double>(m) == 1.0 + 0x1p-51);  // the tie goes up
    REQUIRE(static_cast<double>(y) == 1.0 + 0x1p-51);
    REQUIRE(static_cast<double>(m - u) == 1.0 + 0x1p-52);  // just below m goes down
    double out = 0;
    CHECK_FALSE(ops::round_if_decided<DType::kFloat64>(ops::Approx<long double>{y, 2.2L * u / y}, out));
    // Far from the midpoint the same bound decides.
    CHECK(ops::round_if_decided<DType::kFloat64>(ops::Approx<long double>{m + 1000 * u, 2.2L * u / y}, out));
    CHECK(out == 1.0 + 0x1p-51);
  }
  {
    const double u = 0x1p-52;
    const double m = 1.0 + 3 * 0x1p-24;  // between 1 + 2^-23 (odd) and 1 + 2^-22 (even)
    const double y = m + 2 * u;
    REQUIRE(static_cast<float>(m) == 1.0f + 0x1p-22f);
    REQUIRE(static_cast<float>(m - u) == 1.0f + 0x1p-23f);
    double out = 0;
    CHECK_FALSE(ops::round_if_decided<DType::kFloat32>(ops::Approx<double>{y, 2.2 * u / y}, out));
    CHECK(ops::round_if_decided<DType::kFloat32>(ops::Approx<double>{m + 1000 * u, 2.2 * u / y}, out));
    CHECK(out == static_cast<double>(1.0f + 0x1p-22f));
  }
}

// ziv.hpp's cheap float32 test (float32_fast_pass: bits of y, no roundings) must accept only
// what the full test (round_if_decided, two roundings) accepts at the largest rel it is used
// with, with the same result, and must reject values that near a boundary. Probed around float
// midpoints in every kind of binade: normal, the edges 2^-126 and 2^128, subnormal results,
// double subnormals, zeros, infinities and NaN.
TEST_CASE("float32's fast Ziv test accepts only what the full test accepts") {
  std::vector<double> ys{0.0, -0.0, 0x1p-1074, -0x1p-1060, 0x1p-1042, 0x1p-1030, 1e-300,
                         std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity(),
                         std::numeric_limits<double>::quiet_NaN(), 0x1p128, 0x1.0000001p128, 1e300};
  std::vector<double> floats{1.0, 1.5, 0x1p-126, 0x1.000002p-126, 0x1.fffffep-127, 0x1p-149, 0x1p-140,
                             3.4028234663852886e38, 0x1p127, 0x1.fffffcp127, 0.1f, 12345.678f, 0x1p-100};
  for (int e = -149; e <= 127; e += 7) floats.push_back(std::ldexp(1.2345678f, e));
  for (double f : floats) {
    const double half = std::ldexp(1.0, std::ilogb(f) - 24) * (f < 0x1p-126 ? 0 : 1) +
                        (f < 0x1p-126 ? 0x1p-150 : 0);  // half the float spacing above f
    for (double center : {f, f + half, f - half / 2, f - half}) {
      const double ulp = std::ldexp(1.0, std::ilogb(center) - 52);
      for (double k : {0.0, 1.0, 100.0, 1087.0, 1088.0, 1089.0, 1090.0, 1091.0, 1092.0, 1093.0, 1200.0, 5000.0, 1e6, 1.3e8, 2.6e8}) {
        for (double sign : {1.0, -1.0}) {
          ys.push_back(sign * (center + k * ulp));
          ys.push_back(sign * (center - k * ulp));
        }
      }
    }
  }
  std::size_t accepted = 0, near_accepted = 0;
  for (double y : ys) {
    CAPTURE(y);
    const bool fast = ops::all_pass(ops::float32_fast_pass(ops::Float32Pair{y, y}));
    double full = 0;
    const bool decided = ops::round_if_decided<DType::kFloat32>(ops::Approx<double>{y, ops::kFloat32FastRel}, full);
    if (fast) {
      ++accepted;
      CHECK(decided);
      if (!std::isnan(y)) CHECK(full == static_cast<double>(static_cast<float>(y)));
      // Nothing within 1091 ulps of a midpoint of a normal binade passes.
      const double a = std::fabs(y);
      if (a >= 0x1p-126 && a < 0x1p128) {
        const double spacing = std::ldexp(1.0, std::ilogb(a) - 23);
        const double off = std::fabs(std::fmod(a, spacing) - spacing / 2);
        near_accepted += off <= 1091 * std::ldexp(1.0, std::ilogb(a) - 52);
      }
    }
  }
  CHECK(near_accepted == 0);
  CHECK(accepted > ys.size() / 3);
  CHECK(accepted < ys.size());
  // Both lanes count: one open lane fails the pair.
  CHECK(ops::all_pass(ops::float32_fast_pass(ops::Float32Pair{1.0, 2.0})));
  CHECK_FALSE(ops::all_pass(ops::float32_fast_pass(ops::Float32Pair{1.0, 1 + 0x1p-24})));
  CHECK_FALSE(ops::all_pass(ops::float32_fast_pass(ops::Float32Pair{1 + 0x1p-24, 1.0})));
  CHECK_FALSE(ops::all_pass(ops::float32_fast_pass(ops::Float32Pair{1.0, 0x1p-140})));
}

TEST_CASE("the MPFR fallback gives the same results from four threads at once") {
  // sigmoid's constructed hard inputs (each goes to MPFR), many times over.
  std::vector<double> inputs;
  for (int i = 0; i < 100; ++i) {
    for (double x : {0x1p-52, -0x1p-53}) inputs.push_back(x);
  }
  std::vector<double> serial = inputs;
  const Op op = Op::make("sigmoid", {}, DType::kFloat64);
  const unsigned long long before = ops::fallback_count();
  op.apply(serial);
  CHECK(ops::fallback_count() == before + inputs.size());
  std::vector<std::vector<double>> results(4, inputs);
  std::vector<std::thread> threads;
  for (auto& result : results) threads.emplace_back([&] { op.apply(result); });
  for (std::thread& thread : threads) thread.join();
  for (const auto& result : results) CHECK(result == serial);
}

}  // namespace
}  // namespace nnact::test
