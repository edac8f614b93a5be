// Ziv's fallback rate and kernel throughput per smooth op and dtype: N inputs with magnitudes
// log-uniform over 2^-40..2^10 (every binade there equally) and random signs, through Op::apply;
// counts the inputs that went to MPFR (ops/ziv.hpp) and prints the first few of them. Also the
// scalar fast path's worst error against MPFR on the first 20,000 inputs, as a fraction of its
// stated bound (must stay <= 1; the float32 vector paths use libmvec, not measured here).
//
//   ziv_rates [--n N] [--show K]
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "mpfr_reference.hpp"
#include "nnact/ops.hpp"
#include "numeric/dtype_round.hpp"
#include "ops/elementwise.hpp"
#include "ops/params.hpp"
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

// max over inputs of |fast - exact| / (rel * |fast|), exact from MPFR at 256 bits.
double worst_error_over_bound(const Variant& v, nnact::DType dtype, const std::vector<double>& x) {
  const auto bound = nnact::ops::bind_params(*nnact::find_op(v.op), v.params, dtype);
  const auto* entry = nnact::ops::find_kernel_entry(bound.kernel_key);
  const auto probe = dtype == nnact::DType::kFloat32 ? entry->float32_probe : entry->float64_probe;
  const std::size_t n = std::min<std::size_t>(x.size(), 20000);
  std::vector<double> hi(n), lo(n), rel(n);
  probe(x.data(), n, bound.values, hi.data(), lo.data(), rel.data());
  nnact::test::Real exact(256), diff(256);
  double worst = 0;
  for (std::size_t i = 0; i < n; ++i) {
    // Below the dtype's normal range the wide type's own subnormals (double's, for gelu's erfc
    // at t > 26.5 or mish's exp below -708) lose relative accuracy, harmlessly: such results are
    // far below the dtype's smallest subnormal and round to 0 either way. Not measured.
    const double smallest_normal = dtype == nnact::DType::kFloat32 ? 0x1p-126 : 0x1p-1000;
    if (!std::isfinite(hi[i]) || std::fabs(hi[i]) < smallest_normal) continue;
    nnact::test::mpfr_reference(bound.kernel_key, exact, x[i], bound.values, dtype);
    mpfr_sub_d(diff, exact, hi[i], MPFR_RNDN);
    mpfr_sub_d(diff, diff, lo[i], MPFR_RNDN);
    const double error = std::fabs(mpfr_get_d(diff, MPFR_RNDN) / hi[i]);
    worst = std::max(worst, rel[i] > 0 ? error / rel[i] : (error > 0 ? 1e9 : 0.0));
  }
  return worst;
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t n = 1000000, show = 0;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--n") n = std::stoul(argv[i + 1]);
    if (flag == "--show") show = std::stoul(argv[i + 1]);
  }
  std::printf("%-12s %-8s %10s %12s %10s %12s\n", "op", "dtype", "inputs", "fallbacks", "ns/value",
              "err/bound");
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
      std::printf("%-12s %-8s %10zu %12llu %10.1f %12.4f\n", v.label,
                  std::string(nnact::dtype_name(dtype)).c_str(), n, fallbacks, seconds * 1e9 / n,
                  worst_error_over_bound(v, dtype, inputs));
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
