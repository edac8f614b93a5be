// Ziv's fallback rate and kernel throughput per smooth op and dtype: N inputs with magnitudes
// log-uniform over 2^-40..2^10 (every binade there equally) and random signs, through Op::apply;
// counts the inputs that went to float64's double-double second stage ("stage 2") and to MPFR
// (ops/ziv.hpp) and prints the first few that went to MPFR. Also the scalar fast path's worst
// error against MPFR on the first 20,000 inputs, as a fraction of its stated bound (must stay
// <= 1; the float32 vector paths use libmvec, not measured here), the same for the double-double
// stage (float64; evaluated on those inputs whether or not they needed it), and "no-Ziv ns": the
// long double evaluation rounded to double without any check (the kernels before Ziv's
// strategy), timed on the same inputs; "dd ns": the double-double stage's cost per call, on the
// first 20,000 inputs whether or not they need it.
//
// --inputs npy:FILE: the values of a little-endian float32 or float64 .npy file (rounded to the
// dtype), e.g. the bench workloads bench/data/f64x2000000.npy. Times are this thread's CPU time
// (shared machines).
//
// --inputs binades: instead, every binade of the dtype equally often (float64: 2^-1074..2^1023,
// subnormal binades included; float32: 2^-149..2^127), random significands and signs, and the
// stage-2 and MPFR counts also per band of |x| (subnormal, normal below 2^-40, 2^-40..2^10,
// above 2^10). --op LABEL: that op only; --dtype float32|float64: that dtype only. --grad yes:
// the ops' derivatives (--grad) instead: their fallback counts only (no probes or timings of the
// stages: the derivatives have no double-double stage).
//
//   ziv_rates [--n N] [--show K] [--repeat R: times are the fastest of R runs] [--probe no]
//             [--inputs binades|npy:FILE] [--op LABEL] [--dtype D] [--grad yes]
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>
#include <iterator>
#include <stdexcept>
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

// The same for float64's double-double stage.
double worst_stage2_error_over_bound(const Variant& v, const std::vector<double>& x) {
  const auto bound = nnact::ops::bind_params(*nnact::find_op(v.op), v.params, nnact::DType::kFloat64);
  const auto op = nnact::ops::find_kernel_entry(bound.kernel_key)->exact;
  nnact::test::Real exact(256), diff(256);
  double worst = 0;
  for (std::size_t i = 0; i < std::min<std::size_t>(x.size(), 20000); ++i) {
    double hi = 0, lo = 0, rel = 0;
    if (!nnact::ops::double_double_probe(op, x[i], bound.values, hi, lo, rel)) continue;
    if (!std::isfinite(hi) || std::fabs(hi) < 0x1p-960) continue;
    nnact::test::mpfr_reference(bound.kernel_key, exact, x[i], bound.values, nnact::DType::kFloat64);
    mpfr_sub_d(diff, exact, hi, MPFR_RNDN);
    mpfr_sub_d(diff, diff, lo, MPFR_RNDN);
    worst = std::max(worst, std::fabs(mpfr_get_d(diff, MPFR_RNDN) / hi) / rel);
  }
  return worst;
}

// A value of the dtype (float32 or float64) in a binade drawn uniformly from all of them (the
// subnormal range counted per binade), random significand and sign.
double binade_input(std::mt19937_64& random, nnact::DType dtype) {
  const bool f64 = dtype == nnact::DType::kFloat64;
  const int lowest = f64 ? -1074 : -149, highest = f64 ? 1023 : 127, bits = f64 ? 52 : 23;
  const int e = lowest + static_cast<int>(random() % static_cast<unsigned>(highest - lowest + 1));
  // Significand: a leading 1 and up to `bits` random bits below it, as many as the binade holds.
  const int below = std::min(bits, e - lowest);
  const double fraction =
      below > 0 ? static_cast<double>(random() >> (64 - below)) * std::ldexp(1.0, -below) : 0.0;
  const double x = std::ldexp(1.0 + fraction, e);
  return random() & 1 ? -x : x;
}

// This thread's CPU time in seconds.
double cpu_now() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

// The values of a .npy file of little-endian float32 ('<f4') or float64 ('<f8'), any shape.
std::vector<double> read_npy(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (bytes.size() < 10 || bytes.compare(1, 5, "NUMPY") != 0) throw std::runtime_error(path + ": not a .npy file");
  const std::size_t header = bytes[6] == 1 ? 10 + (static_cast<unsigned char>(bytes[8]) |
                                                   static_cast<unsigned char>(bytes[9]) << 8)
                                           : 12 + (static_cast<unsigned char>(bytes[8]) |
                                                   static_cast<unsigned char>(bytes[9]) << 8 |
                                                   static_cast<unsigned char>(bytes[10]) << 16);
  const std::string head = bytes.substr(0, header);
  const bool f4 = head.find("'<f4'") != std::string::npos;
  if (!f4 && head.find("'<f8'") == std::string::npos) throw std::runtime_error(path + ": not <f4 or <f8");
  std::vector<double> values((bytes.size() - header) / (f4 ? 4 : 8));
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (f4) {
      float v;
      std::memcpy(&v, bytes.data() + header + 4 * i, 4);
      values[i] = v;
    } else {
      std::memcpy(&values[i], bytes.data() + header + 8 * i, 8);
    }
  }
  return values;
}

// The band of |x| for the per-band counts.
int band_of(double x, nnact::DType dtype) {
  const double a = std::fabs(x);
  const double min_normal = dtype == nnact::DType::kFloat64 ? 0x1p-1022 : 0x1p-126;
  return a < min_normal ? 0 : a < 0x1p-40 ? 1 : a <= 0x1p10 ? 2 : 3;
}
constexpr const char* kBands[] = {"subnormal", "normal<2^-40", "2^-40..2^10", ">2^10"};

}  // namespace

int main(int argc, char** argv) {
  std::size_t n = 1000000, show = 0;
  int repeat = 1;
  bool probe = true, binades = false, grad = false;
  std::string only_op, only_dtype, npy;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--inputs") binades = std::string(argv[i + 1]) == "binades";
    if (flag == "--inputs" && std::string(argv[i + 1]).rfind("npy:", 0) == 0) npy = argv[i + 1] + 4;
    if (flag == "--op") only_op = argv[i + 1];
    if (flag == "--grad") grad = std::string(argv[i + 1]) == "yes";
    if (flag == "--dtype") only_dtype = argv[i + 1];
    if (flag == "--n") n = std::stoul(argv[i + 1]);
    if (flag == "--show") show = std::stoul(argv[i + 1]);
    if (flag == "--repeat") repeat = std::max(1, std::stoi(argv[i + 1]));
    if (flag == "--probe") probe = std::string(argv[i + 1]) != "no";
  }
  if (grad) std::printf("derivatives (--grad): fallbacks = MPFR\n");
  std::printf("inputs: %s\n", !npy.empty() ? npy.c_str()
                              : binades     ? "every binade equally (random significands and signs)"
                                            : "log-uniform magnitudes over 2^-40..2^10, random signs");
  std::printf("%-12s %-8s %10s %10s %10s %9s %9s %10s %10s %9s\n", "op", "dtype", "inputs",
              "stage 2", "fallbacks", "ns/value", "no-Ziv ns", "err/bound", "dd err/b", "dd ns");
  for (nnact::DType dtype : {nnact::DType::kFloat32, nnact::DType::kFloat64}) {
    if (!only_dtype.empty() && only_dtype != nnact::dtype_name(dtype)) continue;
    std::mt19937_64 random(42);
    std::uniform_real_distribution<double> exponent(-40, 10);
    std::vector<double> inputs(n);
    for (double& x : inputs) {
      x = binades ? binade_input(random, dtype)
                  : nnact::numeric::round_to(
                        (random() & 1 ? -1 : 1) * std::exp2(exponent(random)), dtype);
    }
    if (!npy.empty()) {
      inputs = read_npy(npy);
      for (double& x : inputs) x = nnact::numeric::round_to(x, dtype);
      n = inputs.size();
    }
    // Grouped by band (the order does not matter to the rates), each band applied on its own.
    std::stable_sort(inputs.begin(), inputs.end(),
                     [&](double a, double b) { return band_of(a, dtype) < band_of(b, dtype); });
    const bool f64 = dtype == nnact::DType::kFloat64 && !grad;
    if (grad) probe = false;
    for (const Variant& v : kVariants) {
      if (!only_op.empty() && only_op != v.label) continue;
      const nnact::Op op = nnact::Op::make(v.op, v.params, dtype, grad);
      std::vector<double> values = inputs;
      const unsigned long long before = nnact::ops::fallback_count();
      const unsigned long long stage2_before = nnact::ops::second_stage_count();
      unsigned long long band_mpfr[4] = {}, band_stage2[4] = {}, band_n[4] = {};
      auto start = cpu_now();
      for (std::size_t first = 0; first < n;) {
        const int band = band_of(inputs[first], dtype);
        std::size_t last = first;
        while (last < n && band_of(inputs[last], dtype) == band) ++last;
        const auto mpfr0 = nnact::ops::fallback_count();
        const auto stage0 = nnact::ops::second_stage_count();
        op.apply(std::span<double>(values.data() + first, last - first));
        band_mpfr[band] += nnact::ops::fallback_count() - mpfr0;
        band_stage2[band] += nnact::ops::second_stage_count() - stage0;
        band_n[band] += last - first;
        first = last;
      }
      double seconds = cpu_now() - start;
      const unsigned long long fallbacks = nnact::ops::fallback_count() - before;
      const unsigned long long stage2 = nnact::ops::second_stage_count() - stage2_before;
      for (int r = 1; r < repeat; ++r) {  // the fastest of `repeat` runs (shared machines)
        values = inputs;
        start = cpu_now();
        op.apply(values);
        seconds = std::min(seconds, cpu_now() - start);
      }
      // float64 before Ziv: the same long double evaluation, rounded, no check.
      double plain = 0;
      if (f64) {
        const auto bound = nnact::ops::bind_params(*nnact::find_op(v.op), v.params, dtype);
        const auto* entry = nnact::ops::find_kernel_entry(bound.kernel_key);
        for (int r = 0; r < repeat; ++r) {
          values = inputs;
          start = cpu_now();
          entry->float64_unchecked(values.data(), values.size(), bound.values);
          const double t = cpu_now() - start;
          plain = r == 0 ? t : std::min(plain, t);
        }
      }
      // float64's double-double stage alone, per call, over the first 20,000 inputs.
      double stage2_ns = 0;
      if (f64) {
        const auto bound = nnact::ops::bind_params(*nnact::find_op(v.op), v.params, dtype);
        const auto exact = nnact::ops::find_kernel_entry(bound.kernel_key)->exact;
        const std::size_t m = std::min<std::size_t>(n, 20000);
        for (int r = 0; r < repeat; ++r) {
          double sink = 0;
          start = cpu_now();
          for (std::size_t i = 0; i < m; ++i) {
            double out = 0;
            nnact::ops::double_double_rounded(exact, inputs[i], bound.values, out);
            sink += out;
          }
          const double t = (cpu_now() - start) * 1e9 / static_cast<double>(m);
          stage2_ns = r == 0 ? t : std::min(stage2_ns, t);
          if (sink == 0.123) std::printf(" ");
        }
      }
      std::printf("%-12s %-8s %10zu %10llu %10llu %9.1f %9.1f %10.4f %10.4f %9.1f\n", v.label,
                  std::string(nnact::dtype_name(dtype)).c_str(), n, stage2, fallbacks,
                  seconds * 1e9 / n, plain * 1e9 / n,
                  probe ? worst_error_over_bound(v, dtype, inputs) : 0.0,
                  f64 && probe ? worst_stage2_error_over_bound(v, inputs) : 0.0, stage2_ns);
      if (binades) {
        std::printf("    by |x|:");
        for (int b = 0; b < 4; ++b) {
          std::printf(" %s %llu in, %llu stage 2, %llu MPFR;", kBands[b], band_n[b], band_stage2[b],
                      band_mpfr[b]);
        }
        std::printf("\n");
      }
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
