// Ziv's fallback of --grad (lib/src/ops/grad_exact.cpp): inputs known to take it are correctly
// rounded and the fallback really runs for them; dy * f'(x) (--upstream) is rounded once, in every
// dtype, against MPFR's exact product.
#include <doctest/doctest.h>

#include <thread>

#include "mpfr_derivatives.hpp"
#include "ops/ziv.hpp"

namespace nnact::test {
namespace {

struct Hard {
  const char* key;
  double x;
};

// Found by running the kernels over random inputs and watching ops::fallback_count(): the fast
// result lies within its error bound of a rounding boundary of the dtype.
const Hard kFloat64Hard[] = {
    {"elu", -25.564339731050808},       {"selu", -29.684106640297578},     {"celu", -7.7741735625556032},
    {"gelu", -0.049771349664837317},    {"gelu", -7.7600603935798134},     {"gelu_tanh", -20.896983424937417},
    {"gelu_tanh", -6.3752639718578443}, {"silu", 17.225219998349665},      {"silu", -1.2886400604677632},
    {"sigmoid", -16.942247461749606},   {"tanh", -3.167871264061894},
    {"softplus", 8.5083433576043035},   {"softsign", -8.8262615886345088}, {"mish", 11.266749648410382},
    {"mish", -11.827482231356907},      {"log_sigmoid", -13.783323918788561},
    {"exponential", 16.101079449073836}, {"tanhshrink", -3.5149715324502111},
};

// In float32 the fast path is double with a bound near 2^-49: about one input in 10^7 falls back
// (among them the zeros of gelu', silu' and mish', where the sum cancels).
const Hard kFloat32Hard[] = {
    {"elu", -14.567090034484863},          {"celu", -14.567090034484863},
    {"gelu", -0.75179755687713623},        {"gelu", -7.6882085800170898},
    {"gelu_tanh", -0.75266486406326294},   {"silu", -1.2784706354141235},
    {"silu", -5.9902667999267578e-06},     {"sigmoid", -2.332953929901123},
    {"softplus", -1.7344951629638672e-05}, {"softsign", -12.115776062011719},
    {"mish", -1.1922415494918823},         {"mish", -13.240995407104492},
    {"log_sigmoid", 1.7344951629638672e-05}, {"exponential", -14.567090034484863},
    {"tanhshrink", 8.6106193044319969e-20},
};

void check_hard(const Hard& hard, DType dtype) {
  CAPTURE(std::string(hard.key));
  CAPTURE(hard.x);
  std::vector<double> value{hard.x};
  const unsigned long long before = ops::fallback_count();
  grad_op(hard.key, dtype).apply(value);
  CHECK(ops::fallback_count() == before + 1);  // the fallback ran
  CHECK(same(value[0], derivative_rounded(hard.key, hard.x, dtype)));
}

}  // namespace

TEST_CASE("--grad: float64 inputs known to take Ziv's fallback are correctly rounded") {
  for (const Hard& hard : kFloat64Hard) check_hard(hard, DType::kFloat64);
}

TEST_CASE("--grad: float32 inputs known to take Ziv's fallback are correctly rounded") {
  for (const Hard& hard : kFloat32Hard) check_hard(hard, DType::kFloat32);
}

TEST_CASE("--grad: the fallback gives the same results from several threads at once") {
  std::vector<double> expected;
  for (const Hard& hard : kFloat64Hard) expected.push_back(derivative_rounded(hard.key, hard.x, DType::kFloat64));
  std::vector<int> wrong(4, 0);
  std::vector<std::thread> threads;
  for (int& count : wrong) {
    threads.emplace_back([&expected, &count] {
      for (int round = 0; round < 20; ++round) {
        for (std::size_t i = 0; i < std::size(kFloat64Hard); ++i) {
          std::vector<double> value{kFloat64Hard[i].x};
          grad_op(kFloat64Hard[i].key, DType::kFloat64).apply(value);
          count += !same(value[0], expected[i]);
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (int count : wrong) CHECK(count == 0);
}

TEST_CASE("--grad --upstream: dy * f'(x) is MPFR's exact product rounded once, in every dtype") {
  for (DType dtype : {DType::kFloat64, DType::kFloat32, DType::kFloat16, DType::kBFloat16}) {
    const std::size_t n = dtype == DType::kFloat64 || dtype == DType::kFloat32 ? 10000 : 4000;
    const std::vector<double> x = random_inputs(dtype, n, 29);
    std::vector<double> dy = random_inputs(dtype, n, 31);
    // Half of dy near 1 in magnitude, where the product's rounding is most often close.
    for (std::size_t i = 0; i < n; i += 2) dy[i] = numeric::round_to(dy[i] / 30 + (dy[i] < 0 ? -1 : 1), dtype);
    for (std::string_view key : kSmoothDerivatives) {
      CAPTURE(key);
      CAPTURE(std::string(dtype_name(dtype)));
      std::vector<double> got = x;
      grad_op(key, dtype).apply_upstream(got, dy);
      std::size_t misses = 0;
      double first = 0;
      for (std::size_t i = 0; i < n; ++i) {
        if (!same(got[i], derivative_rounded(key, x[i], dtype, &dy[i])) && misses++ == 0) first = x[i];
      }
      INFO("first miss at x = ", first);
      CHECK(misses == 0);
    }
  }
}

}  // namespace nnact::test
