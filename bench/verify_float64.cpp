// verify_ops --float64: float64's smooth ops against MPFR (tests/mpfr_reference.hpp's own Ziv
// loop, reference_rounded), per op:
//  - N inputs (default 10^7): half random bit patterns (every binade equally often, subnormals
//    included), half log-uniform magnitudes over 2^-30..2^10, random signs;
//  - hard inputs: dense grids of consecutive doubles around 2 * 71 centres (+-2^e, e = -60..10)
//    searched with MPFR (160 bits) for the x where f(x) lies within 2^-60 relative of a midpoint
//    of doubles, plus the constructed hard cases and the published worst cases of exp, expm1 and
//    tanh (tests/float64_hard_inputs.hpp, tests/float64_worst_cases.txt).
// Prints per op: inputs, not correctly rounded (must be 0), how many went to the double-double
// stage and to MPFR (and the MPFR rate), the hard inputs found and checked, and each stage's
// (long double, double-double) worst error over its stated bound on the hard inputs and 20,000
// sampled ones (must be <= 1).
#include <mpfr.h>

#include <atomic>
#include <bit>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "mpfr_reference.hpp"
#include "nnact/ops.hpp"
#include "float64_hard_inputs.hpp"
#include "ops/elementwise.hpp"
#include "ops/params.hpp"
#include "ops/ziv.hpp"
#include "verify_float64.hpp"

namespace {

using nnact::DType;

struct Counts {
  std::uint64_t inputs = 0, not_rounded = 0, stage2 = 0, mpfr = 0;
  double worst_input = 0;  // the first input not correctly rounded, if any
  void merge(const Counts& o) {
    if (o.not_rounded && !not_rounded) worst_input = o.worst_input;
    inputs += o.inputs, not_rounded += o.not_rounded, stage2 += o.stage2, mpfr += o.mpfr;
  }
};

// The op on xs through Op::apply, each result compared with MPFR's correct rounding.
void check(const nnact::Op& op, const nnact::ops::BoundParams& bound, const std::vector<double>& xs,
           Counts& counts) {
  std::vector<double> ours = xs;
  const auto stage2 = nnact::ops::second_stage_count();
  const auto mpfr = nnact::ops::fallback_count();
  op.apply(ours);
  counts.stage2 += nnact::ops::second_stage_count() - stage2;
  counts.mpfr += nnact::ops::fallback_count() - mpfr;
  for (std::size_t i = 0; i < xs.size(); ++i) {
    const double expected =
        nnact::test::reference_rounded(bound.kernel_key, xs[i], bound.values, DType::kFloat64);
    const bool same = std::isnan(expected) ? std::isnan(ours[i])
                                           : std::bit_cast<std::uint64_t>(expected) ==
                                                 std::bit_cast<std::uint64_t>(ours[i]);
    if (!same && !counts.not_rounded++) counts.worst_input = xs[i];
    ++counts.inputs;
  }
}

// A stage's worst |value - exact| / (bound |value|) over xs; probe(x, hi, lo, rel) gives the
// stage's value hi + lo and its stated relative bound, false where the stage does not apply.
// Values below 2^-960 are skipped: there the double-double stage's low words may be subnormal
// (double_double.hpp), so it refuses such results (dd_ops.cpp decide) and decides tiny inputs by
// their scaled forms instead; the probe's own low word loses bits there too.
template <class Probe>
double error_over_bound(const nnact::ops::BoundParams& bound, const std::vector<double>& xs,
                        const Probe& probe) {
  nnact::test::Real exact(320), diff(320);
  double worst = 0;
  for (double x : xs) {
    double hi = 0, lo = 0, rel = 0;
    if (!probe(x, hi, lo, rel)) continue;
    if (!std::isfinite(hi) || std::fabs(hi) < 0x1p-960) continue;
    nnact::test::mpfr_reference(bound.kernel_key, exact, x, bound.values, DType::kFloat64);
    mpfr_sub_d(diff, exact, hi, MPFR_RNDN);
    mpfr_sub_d(diff, diff, lo, MPFR_RNDN);
    const double error = std::fabs(mpfr_get_d(diff, MPFR_RNDN) / hi);
    worst = std::max(worst, rel > 0 ? error / rel : (error > 0 ? 1e9 : 0.0));
  }
  return worst;
}

// The worst errors over bound of the long double stage and of the double-double stage.
std::pair<double, double> stage_errors(const nnact::ops::BoundParams& bound,
                                       const std::vector<double>& xs) {
  const auto* entry = nnact::ops::find_kernel_entry(bound.kernel_key);
  if (entry == nullptr || entry->float64_probe == nullptr) return {0, 0};
  const double ld = error_over_bound(bound, xs, [&](double x, double& hi, double& lo, double& rel) {
    entry->float64_probe(&x, 1, bound.values, &hi, &lo, &rel);
    return true;
  });
  const double dd = error_over_bound(bound, xs, [&](double x, double& hi, double& lo, double& rel) {
    return nnact::ops::double_double_probe(entry->exact, x, bound.values, hi, lo, rel);
  });
  return {ld, dd};
}

}  // namespace

int verify_float64(const std::vector<VerifyVariant>& variants, std::uint64_t n, unsigned threads,
                   std::size_t per_centre) {
  std::printf("float64: %llu inputs per op (half random bit patterns, half log-uniform over "
              "2^-30..2^10) + hard inputs (f(x) within 2^-60 of a midpoint; %zu consecutive doubles "
              "at each of 142 centres, plus the constructed ones); reference: MPFR\n",
              static_cast<unsigned long long>(n), per_centre);
  std::printf("%-12s %10s %7s %9s %7s %9s | %6s %7s %7s %7s | %8s %8s %7s\n", "op", "inputs",
              "not CR", "stage 2", "MPFR", "MPFR rate", "hard", "not CR", "stage 2", "MPFR",
              "LD err/b", "dd err/b", "time");
  int failures = 0;
  for (const VerifyVariant& v : variants) {
    const auto start = std::chrono::steady_clock::now();
    const auto bound = nnact::ops::bind_params(*nnact::find_op(v.op), v.params, DType::kFloat64);
    const nnact::Op op = nnact::Op::make(v.op, v.params, DType::kFloat64);
    constexpr std::uint64_t kBlock = 1 << 14;
    std::atomic<std::uint64_t> next{0};
    std::mutex lock;
    Counts total;
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t) {
      pool.emplace_back([&] {
        Counts mine;
        for (std::uint64_t first; (first = next.fetch_add(kBlock)) < n;) {
          std::mt19937_64 random(first * 7919 + 17);
          std::uniform_real_distribution<double> exponent(-30, 10);
          std::vector<double> xs;
          for (std::uint64_t i = first; i < std::min(n, first + kBlock); ++i) {
            double x = std::bit_cast<double>(random());
            if (i % 2) x = (random() & 1 ? -1 : 1) * std::exp2(exponent(random));
            if (std::isfinite(x)) xs.push_back(x);
          }
          check(op, bound, xs, mine);
        }
        const std::lock_guard guard(lock);
        total.merge(mine);
      });
    }
    for (std::thread& thread : pool) thread.join();
    const std::vector<double> hard =
        nnact::test::find_hard_float64(bound.kernel_key, bound.values, per_centre);
    Counts hard_counts;
    check(op, bound, hard, hard_counts);
    // Each stage's error over its bound on the hard inputs and the first 20,000 sampled ones.
    std::vector<double> probed = hard;
    {
      std::mt19937_64 random(17);
      std::uniform_real_distribution<double> exponent(-30, 10);
      for (int i = 0; i < 20000; ++i) {
        double x = std::bit_cast<double>(random());
        if (i % 2) x = (random() & 1 ? -1 : 1) * std::exp2(exponent(random));
        if (std::isfinite(x)) probed.push_back(x);
      }
    }
    const auto [ld_ratio, dd_ratio] = stage_errors(bound, probed);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("%-12s %10llu %7llu %9llu %7llu %9.1e | %6zu %7llu %7llu %7llu | %8.4f %8.4f %6.0fs\n",
                v.label, static_cast<unsigned long long>(total.inputs),
                static_cast<unsigned long long>(total.not_rounded),
                static_cast<unsigned long long>(total.stage2),
                static_cast<unsigned long long>(total.mpfr),
                static_cast<double>(total.mpfr) / static_cast<double>(total.inputs), hard.size(),
                static_cast<unsigned long long>(hard_counts.not_rounded),
                static_cast<unsigned long long>(hard_counts.stage2),
                static_cast<unsigned long long>(hard_counts.mpfr), ld_ratio, dd_ratio, seconds);
    if (total.not_rounded) std::printf("  first not correctly rounded: %.17g\n", total.worst_input);
    if (hard_counts.not_rounded)
      std::printf("  first hard input not correctly rounded: %.17g\n", hard_counts.worst_input);
    std::fflush(stdout);
    failures += total.not_rounded + hard_counts.not_rounded > 0;
  }
  return failures ? 1 : 0;
}
