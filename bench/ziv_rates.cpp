// Ziv's fallback rate and kernel throughput per smooth op and dtype: N inputs with magnitudes
// log-uniform over 2^-40..2^10 (every binade there equally) and random signs, through Op::apply;
// counts the inputs that went to MPFR (ops/ziv.hpp) and prints the first few of them.
//
//   ziv_rates [--n N] [--show K]
#include <chrono>
#include <cmath>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "nnact/ops.hpp"
#include "numeric/dtype_round.hpp"
#include "ops/ziv.hpp"

namespace {

struct Variant {
  const char* label;
  const char* op;
  nnact::ParamValues params;
};

const std::vector<Variant> kVariants = {
    {"elu", "elu", {}},           {"selu", "selu", {}},
    {"celu", "celu", {}},         {"gelu", "gelu", {}},
    {"gelu_tanh", "gelu", {{"approximate", "tanh"}}},
    {"silu", "silu", {}},         {"sigmoid", "sigmoid", {}},
    {"softplus", "softplus", {}}, {"log_sigmoid", "log_sigmoid", {}},
    {"exponential", "exponential", {}},
    {"mish", "mish", {}},         {"tanh", "tanh", {}},
    {"tanhshrink", "tanhshrink", {}},
    {"softsign", "softsign", {}},
};

}  // namespace

int main(int argc, char** argv) {
  std::size_t n = 1000000, show = 0;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--n") n = std::stoul(argv[i + 1]);
    if (flag == "--show") show = std::stoul(argv[i + 1]);
  }
  std::printf("%-12s %-8s %10s %12s %10s\n", "op", "dtype", "inputs", "fallbacks", "ns/value");
  for (nnact::DType dtype : {nnact::DType::kFloat32, nnact::DType::kFloat64}) {
    std::mt19937_64 random(42);
    std::uniform_real_distribution<double> exponent(-40, 10);
    std::vector<double> inputs(n);
    for (double& x : inputs) {
      x = nnact::numeric::round_to((random() & 1 ? -1 : 1) * std::exp2(exponent(random)), dtype);
    }
    for (const Variant& v : kVariants) {
      const nnact::Op op = nnact::Op::make(v.op, v.params, dtype);
      std::vector<double> values = inputs;
      const unsigned long long before = nnact::ops::fallback_count();
      const auto start = std::chrono::steady_clock::now();
      op.apply(values);
      const double seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      const unsigned long long fallbacks = nnact::ops::fallback_count() - before;
      std::printf("%-12s %-8s %10zu %12llu %10.1f\n", v.label,
                  std::string(nnact::dtype_name(dtype)).c_str(), n, fallbacks, seconds * 1e9 / n);
      std::size_t shown = 0;
      for (std::size_t i = 0; i < n && shown < show; ++i) {
        std::vector<double> one{inputs[i]};
        const unsigned long long count = nnact::ops::fallback_count();
        op.apply(one);
        if (nnact::ops::fallback_count() != count) std::printf("  %.17g\n", inputs[i]), ++shown;
      }
      std::fflush(stdout);
    }
  }
}
