// Exhaustive float32 check: every one of the 2^32 bit patterns through each smooth element-wise
// op, compared with the same function evaluated as for float64's fast path (in long double,
// rounded to double: its error, under 1 ULP of double, is 2^-29 of a float ULP), and MPFR used
// on the cases that matter: the worst input, every result that is not the reference rounded to
// float (the reference can be wrong there: it rounds twice), and 65536 evenly spread inputs.
// "not CR" in MPFR's column is the verdict: results that are not the correctly rounded value,
// decided by MPFR at rising precision (tests/mpfr_reference.hpp reference_rounded). Piecewise-linear ops are not swept: they are their TF operation sequence,
// checked bit for bit in tests/ops_mpfr_test.cpp.
//
// --grad: the derivatives (--grad's kernels) instead, against the derivative's long double
// evaluation with its error bound, MPFR (tests/mpfr_derivatives.hpp) deciding every input where
// that reference does not, and on 65536 spread inputs (see verify_grad).
//
// --float64 N: float64 instead, N sampled inputs per op plus hard inputs, against MPFR
// (verify_float64.cpp; --per-centre K: the hard-input search's grid size, default 2000).
//
//   verify_ops [--ops gelu,sigmoid,...] [--stride N] [--threads N] [--grad] [--float64 N]
#include <atomic>
#include <bit>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "mpfr_derivatives.hpp"
#include "mpfr_reference.hpp"
#include "nnact/ops.hpp"
#include "ops/elementwise.hpp"
#include "ops/grad_kernels.hpp"
#include "ops/params.hpp"
#include "verify_float64.hpp"

namespace {

using nnact::DType;
using nnact::Op;
using nnact::ParamValues;

using Variant = VerifyVariant;

// Cheapest first, so that a full sweep under a deadline covers the most ops.
const std::vector<Variant> kVariants = {
    {"elu", "elu", {}},
    {"celu", "celu", {}},
    {"selu", "selu", {}},
    {"tanh", "tanh", {}},
    {"softsign", "softsign", {}},
    {"sigmoid", "sigmoid", {}},
    {"exponential", "exponential", {}},
    {"silu", "silu", {}},
    {"mish", "mish", {}},
    {"log_sigmoid", "log_sigmoid", {}},
    {"softplus", "softplus", {}},
    {"tanhshrink", "tanhshrink", {}},
    {"gelu_tanh", "gelu", {{"approximate", "tanh"}}},
    {"gelu", "gelu", {}},
};

// --grad: the same, and hard_silu (piecewise linear, but its derivative (a + x) / 6 is rounded).
const std::vector<Variant> kGradVariants = [] {
  std::vector<Variant> variants = kVariants;
  variants.insert(variants.begin(), {"hard_silu", "hard_silu", {}});
  return variants;
}();

constexpr std::uint64_t kPatterns = std::uint64_t{1} << 32;
constexpr std::size_t kChunk = 1 << 16;
constexpr std::size_t kMismatchCap = 4096;

struct Tally {
  std::uint64_t inputs = 0;
  double max_ulp = 0;  // against the float64 reference
  std::uint32_t worst = 0;
  std::uint64_t not_rounded = 0;  // result != reference rounded to float
  std::vector<std::uint32_t> mismatches;

  void merge(const Tally& other) {
    inputs += other.inputs;
    if (other.max_ulp > max_ulp) max_ulp = other.max_ulp, worst = other.worst;
    not_rounded += other.not_rounded;
    for (std::uint32_t bits : other.mismatches) {
      if (mismatches.size() < kMismatchCap) mismatches.push_back(bits);
    }
  }
};

// |ours - reference| in float ULPs at the reference (subnormal spacing below the normal range).
double float_ulps(double ours, double reference) {
  if (std::isnan(ours) || std::isnan(reference))
    return std::isnan(ours) && std::isnan(reference) ? 0 : 1e9;
  if (static_cast<float>(reference) == ours) {
    if (std::isinf(ours) || ours == reference) return 0;
  } else if (std::isinf(ours)) {
    return 1e9;
  }
  const double magnitude = std::fabs(reference);
  const int exponent = magnitude < 0x1p-126 ? -126 : std::ilogb(magnitude);
  return std::fabs(ours - reference) / std::ldexp(1.0, exponent - 23);
}

// The float32 op and its reference: the same function, with the same float-rounded parameters
// and constants, evaluated in long double and rounded to double.
struct Pair {
  Op f32;
  Op::Kernel reference;
  nnact::ops::BoundParams bound;

  explicit Pair(const Variant& v)
      : f32(Op::make(v.op, v.params, DType::kFloat32)),
        bound(nnact::ops::bind_params(*nnact::find_op(v.op), v.params, DType::kFloat32)) {
    reference = nnact::ops::find_kernel_entry(bound.kernel_key)->float32_reference;
  }
};

void sweep_chunk(const Pair& pair, std::uint64_t first, std::uint64_t stride, Tally& tally) {
  std::vector<double> ours, reference;
  for (std::uint64_t i = first; i < first + kChunk && i * stride < kPatterns; ++i) {
    ours.push_back(std::bit_cast<float>(static_cast<std::uint32_t>(i * stride)));
  }
  reference = ours;
  pair.f32.apply(ours);
  pair.reference(reference.data(), reference.size(), pair.bound.values);
  for (std::size_t k = 0; k < ours.size(); ++k) {
    const auto bits = static_cast<std::uint32_t>((first + k) * stride);
    const double error = float_ulps(ours[k], reference[k]);
    const double rounded = static_cast<float>(reference[k]);
    const bool same = std::isnan(rounded)
                          ? std::isnan(ours[k])
                          : rounded == ours[k] && std::signbit(rounded) == std::signbit(ours[k]);
    if (!same) {
      ++tally.not_rounded;
      if (tally.mismatches.size() < kMismatchCap) tally.mismatches.push_back(bits);
    }
    if (error > tally.max_ulp || (!same && tally.max_ulp == 0)) {
      tally.max_ulp = std::max(error, tally.max_ulp), tally.worst = bits;
    }
  }
  tally.inputs += ours.size();
}

// Runs sweep(first, tally) for every chunk of [0, count) on `threads` threads; the tallies merged.
template <class Sweep>
Tally sweep_all(std::uint64_t count, unsigned threads, const Sweep& sweep) {
  std::atomic<std::uint64_t> next{0};
  std::mutex lock;
  Tally total;
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t) {
    pool.emplace_back([&] {
      Tally mine;
      for (std::uint64_t first; (first = next.fetch_add(kChunk)) < count;) sweep(first, mine);
      const std::lock_guard guard(lock);
      total.merge(mine);
    });
  }
  for (std::thread& thread : pool) thread.join();
  return total;
}

struct MpfrCheck {
  double max_ulp = 0;
  std::uint64_t not_rounded = 0;
};

// The float32 kernel's result at `bits` against MPFR.
MpfrCheck mpfr_check(const Pair& pair, const std::vector<std::uint32_t>& inputs) {
  nnact::test::Real exact(128);
  MpfrCheck check;
  for (std::uint32_t bits : inputs) {
    const double x = std::bit_cast<float>(bits);
    std::vector<double> ours{x};
    pair.f32.apply(ours);
    nnact::test::mpfr_reference(pair.bound.kernel_key, exact, x, pair.bound.values,
                                DType::kFloat32);
    check.max_ulp =
        std::max(check.max_ulp, nnact::test::ulp_error(ours[0], exact, DType::kFloat32));
    // Correct rounding decided by the reference's own Ziv loop (128 bits is not enough at the
    // subnormal ties, where silu(x) = x/2 (1 + x/2) is 2^-140 relative off a midpoint).
    const double rounded = nnact::test::reference_rounded(pair.bound.kernel_key, x,
                                                          pair.bound.values, DType::kFloat32);
    check.not_rounded += !(rounded == ours[0] || (std::isnan(rounded) && std::isnan(ours[0])));
  }
  return check;
}

void verify(const Variant& v, std::uint64_t stride, unsigned threads) {
  const Pair pair(v);
  const auto start = std::chrono::steady_clock::now();
  const std::uint64_t count = (kPatterns + stride - 1) / stride;
  const Tally total = sweep_all(count, threads, [&](std::uint64_t first, Tally& mine) {
    sweep_chunk(pair, first, stride, mine);
  });
  std::vector<std::uint32_t> spread;
  for (std::uint64_t bits = 12345; bits < kPatterns; bits += 65536)
    spread.push_back(static_cast<std::uint32_t>(bits));
  const MpfrCheck worst = mpfr_check(pair, {total.worst});
  const MpfrCheck mismatches = mpfr_check(pair, total.mismatches);
  const MpfrCheck sampled = mpfr_check(pair, spread);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("%-12s %11llu %9.6f %15.9g %9.6f %8llu %8llu/%-5zu %9.6f %7.0fs\n", v.label,
              static_cast<unsigned long long>(total.inputs), total.max_ulp,
              static_cast<double>(std::bit_cast<float>(total.worst)), worst.max_ulp,
              static_cast<unsigned long long>(total.not_rounded),
              static_cast<unsigned long long>(mismatches.not_rounded), total.mismatches.size(),
              sampled.max_ulp, seconds);
  std::fflush(stdout);
}

// --grad: the float32 derivative kernel (its fast path in double, Ziv's test, MPFR fallback)
// against the same derivative's long double evaluation with its stated bound (GradEntry::
// float32_reference). Where that reference decides the float rounding (every value within its
// bound, plus the 2^-53 of its rounding to double, rounds to one float) and ours is that float,
// ours is correctly rounded; every other input (an undecided reference or a disagreement) is
// decided by MPFR (tests/mpfr_derivatives.hpp, an independent textbook form): "MPFR-checked" and
// "not CR". 65536 evenly spread inputs are also checked against MPFR ("MPFR 64k": not CR there),
// which tests the formulas themselves, not only the rounding.
struct GradTally {
  std::uint64_t inputs = 0, checked = 0, not_rounded = 0;
  double max_ulp = 0;
  std::uint32_t worst = 0;

  void merge(const GradTally& other) {
    inputs += other.inputs, checked += other.checked, not_rounded += other.not_rounded;
    if (other.max_ulp > max_ulp) max_ulp = other.max_ulp, worst = other.worst;
  }
};

bool same_float(double a, double b) { return a == b && std::signbit(a) == std::signbit(b); }

void verify_grad(const Variant& v, std::uint64_t stride, unsigned threads) {
  const Op op = Op::make(v.op, v.params, DType::kFloat32, true);
  const auto bound = nnact::ops::bind_params(*nnact::find_op(v.op), v.params, DType::kFloat32);
  const auto reference = nnact::ops::find_grad_entry(bound.kernel_key)->float32_reference;
  const auto start = std::chrono::steady_clock::now();
  const std::uint64_t count = (kPatterns + stride - 1) / stride;
  std::mutex lock;
  GradTally total;
  std::atomic<std::uint64_t> next{0};
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t) {
    pool.emplace_back([&] {
      GradTally mine;
      std::vector<double> inputs, ours, y(kChunk), rel(kChunk);
      for (std::uint64_t first; (first = next.fetch_add(kChunk)) < count;) {
        inputs.clear();
        for (std::uint64_t i = first; i < first + kChunk && i < count; ++i) {
          const double x = std::bit_cast<float>(static_cast<std::uint32_t>(i * stride));
          if (std::isfinite(x)) inputs.push_back(x);  // NaN and the limits at +-inf: the tests
        }
        ours = inputs;
        op.apply(ours);
        reference(inputs.data(), inputs.size(), bound.values, y.data(), rel.data());
        for (std::size_t k = 0; k < inputs.size(); ++k) {
          const double error = float_ulps(ours[k], y[k]);
          if (error > mine.max_ulp) mine.max_ulp = error, mine.worst = std::bit_cast<std::uint32_t>(static_cast<float>(inputs[k]));
          const double d = std::fabs(y[k]) * (rel[k] + 0x1p-53) * 1.0625;
          const double rounded = static_cast<float>(y[k]);
          const bool decided = y[k] == 0 || std::isinf(y[k]) ||
                               (static_cast<float>(y[k] - d) == rounded && static_cast<float>(y[k] + d) == rounded);
          if (!decided || !same_float(ours[k], rounded)) {
            ++mine.checked;
            mine.not_rounded += !same_float(ours[k], nnact::test::derivative_rounded(v.label, inputs[k], DType::kFloat32));
          }
          ++mine.inputs;
        }
      }
      const std::lock_guard guard(lock);
      total.merge(mine);
    });
  }
  for (std::thread& thread : pool) thread.join();
  std::uint64_t spread_not_rounded = 0;
  for (std::uint64_t bits = 12345; bits < kPatterns; bits += 65536) {
    const double x = std::bit_cast<float>(static_cast<std::uint32_t>(bits));
    if (!std::isfinite(x)) continue;
    std::vector<double> value{x};
    op.apply(value);
    spread_not_rounded += !same_float(value[0], nnact::test::derivative_rounded(v.label, x, DType::kFloat32));
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("%-12s %11llu %9.6f %15.9g %12llu %8llu %9llu %7.0fs\n", v.label,
              static_cast<unsigned long long>(total.inputs), total.max_ulp,
              static_cast<double>(std::bit_cast<float>(total.worst)), static_cast<unsigned long long>(total.checked),
              static_cast<unsigned long long>(total.not_rounded), static_cast<unsigned long long>(spread_not_rounded),
              seconds);
  std::fflush(stdout);
}

std::vector<std::string> split(const std::string& list) {
  std::vector<std::string> items;
  for (std::size_t start = 0; start <= list.size();) {
    const std::size_t comma = std::min(list.find(',', start), list.size());
    items.push_back(list.substr(start, comma - start));
    start = comma + 1;
  }
  return items;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> ops;
  std::uint64_t stride = 1;
  unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  bool grad = false;
  std::uint64_t float64 = 0;
  std::size_t per_centre = 2000;
  for (int i = 1; i < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--grad") {
      grad = true;
      --i;
      continue;
    }
    if (i + 1 >= argc) return std::fprintf(stderr, "%s needs a value\n", argv[i]), 2;
    if (flag == "--ops")
      ops = split(argv[i + 1]);
    else if (flag == "--stride")
      stride = std::max<std::uint64_t>(1, std::stoull(argv[i + 1]));
    else if (flag == "--float64")
      float64 = std::stoull(argv[i + 1]);
    else if (flag == "--per-centre")
      per_centre = std::stoul(argv[i + 1]);
    else if (flag == "--threads")
      threads = std::max(1u, static_cast<unsigned>(std::stoul(argv[i + 1])));
    else
      return std::fprintf(stderr, "usage: verify_ops [--ops a,b] [--stride N] [--threads N] [--grad] [--float64 N] [--per-centre K]\n"), 2;
  }
  if (float64 > 0) {
    std::vector<Variant> chosen;
    for (const Variant& v : kVariants) {
      bool wanted = ops.empty();
      for (const std::string& name : ops) wanted = wanted || name == v.label;
      if (wanted) chosen.push_back(v);
    }
    return verify_float64(chosen, float64, threads, per_centre);
  }
  if (grad) {
    std::printf("derivatives (--grad), float32 inputs: every bit pattern / %llu, finite; reference: the "
                "derivative in long double with its bound, MPFR where it does not decide or disagrees\n",
                static_cast<unsigned long long>(stride));
    std::printf("%-12s %11s %9s %15s %12s %8s %9s %8s\n", "op", "inputs", "max ULP", "worst input", "MPFR-checked",
                "not CR", "MPFR 64k", "time");
    for (const Variant& v : kGradVariants) {
      bool wanted = ops.empty();
      for (const std::string& name : ops) wanted = wanted || name == v.label;
      if (wanted) verify_grad(v, stride, threads);
    }
    return 0;
  }
  std::printf(
      "float32 inputs: every bit pattern / %llu; reference: the same function in long double\n",
      static_cast<unsigned long long>(stride));
  std::printf("%-12s %11s %9s %15s %9s %8s %14s %9s %8s\n", "op", "inputs", "max ULP",
              "worst input", "MPFR ULP", "not CR", "MPFR-conf/chk", "MPFR 64k", "time");
  for (const Variant& v : kVariants) {
    bool wanted = ops.empty();
    for (const std::string& name : ops) wanted = wanted || name == v.label;
    if (wanted) verify(v, stride, threads);
  }
}
