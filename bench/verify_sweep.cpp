// The float32 sweep (verify_sweep.hpp). Per input x:
//   1. ours: the float32 kernel's result (Op::apply, the path `nnact --op` takes: its fast
//      path in double, Ziv's test, MPFR fallback), or the --grad kernel's;
//   2. the fast reference: the op's textbook formula in Bounded double arithmetic
//      (sweep_formulas.cpp, bounded_double.hpp): a value and a rigorous bound on its error;
//      where every real within the bound rounds to one float, that float is the correctly
//      rounded result ("decided");
//   3. where the reference does not decide, or decides a float other than ours, MPFR decides
//      (tests/mpfr_reference.hpp reference_rounded, tests/mpfr_derivatives.hpp
//      derivative_rounded: Ziv loops at rising precision): "MPFR-decided"; ours differing from
//      MPFR's float is "not CR".
// NaN inputs must give NaN. +-inf and +-0 (4 inputs) are checked against the kernels' long
// double references (the limits and the signs of zero, written per op: tanhshrink(-0) = -0 where
// MPFR's x - tanh(x) gives +0, tests/ops_half_test.cpp), as the previous sweep did.
// "MPFR 64k": 65536 evenly spread bit patterns checked against MPFR directly (ours not CR
// there), which also checks the fast reference's formulas: "ref wrong" counts inputs where the
// fast reference decided a float that MPFR contradicts (over the 64k and every MPFR-decided
// input); it must be 0, or the reference (not the kernel) is at fault.
#include "verify_sweep.hpp"

#include <algorithm>
#include <atomic>
#include <bit>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <mutex>
#include <thread>
#include <vector>

#include "mpfr_derivatives.hpp"
#include "mpfr_reference.hpp"
#include "ops/elementwise.hpp"
#include "ops/grad_kernels.hpp"
#include "ops/params.hpp"
#include "sweep_formulas.hpp"

namespace {

using nnact::DType;
using nnact::Op;

constexpr std::uint64_t kPatterns = std::uint64_t{1} << 32;
constexpr std::uint64_t kChunk = 1 << 16;
constexpr std::size_t kListed = 20;

struct Tally {
  std::uint64_t inputs = 0, decided = 0, mpfr = 0, not_rounded = 0, reference_wrong = 0;
  double max_ulp = 0;
  std::uint32_t worst = 0;
  std::vector<std::uint32_t> wrong;  // the first not-CR inputs

  void merge(const Tally& o) {
    inputs += o.inputs, decided += o.decided, mpfr += o.mpfr, not_rounded += o.not_rounded;
    reference_wrong += o.reference_wrong;
    if (o.max_ulp > max_ulp) max_ulp = o.max_ulp, worst = o.worst;
    for (std::uint32_t bits : o.wrong) {
      if (wrong.size() < kListed) wrong.push_back(bits);
    }
  }
};

std::uint32_t float_bits(double value) {
  return std::bit_cast<std::uint32_t>(static_cast<float>(value));
}

bool same_float(double a, double b) {
  return std::isnan(a) ? std::isnan(b) : float_bits(a) == float_bits(b);
}

// |ours - reference| in float ULPs at the reference (subnormal spacing below the normal range).
double float_ulps(double ours, double reference) {
  if (ours == reference || (std::isinf(ours) && static_cast<float>(reference) == ours)) return 0;
  if (!std::isfinite(ours) || !std::isfinite(reference)) return 1e9;
  const double magnitude = std::fabs(reference);
  const int exponent = magnitude < 0x1p-126 ? -126 : std::ilogb(magnitude);
  return std::fabs(ours - reference) / std::ldexp(1.0, exponent - 23);
}

// One op's kernel, its fast reference, MPFR and the long double reference (for +-inf).
struct Checked {
  const VerifyVariant& variant;
  const SweepOptions& options;
  Op op;
  nnact::ops::BoundParams bound;
  const sweep::Formula* formula;

  Checked(const VerifyVariant& v, const SweepOptions& o)
      : variant(v),
        options(o),
        op(Op::make(v.op, v.params, DType::kFloat32, o.grad)),
        bound(nnact::ops::bind_params(*nnact::find_op(v.op), v.params, DType::kFloat32)),
        formula(sweep::find_formula(v.label, o.grad)) {}

  double mpfr_rounded(double x) const {
    if (options.grad) return nnact::test::derivative_rounded(variant.label, x, DType::kFloat32);
    return nnact::test::reference_rounded(bound.kernel_key, x, bound.values, DType::kFloat32);
  }

  // The long double reference at an infinite x (the limit).
  double limit(double x) const {
    double y = x, rel = 0;
    if (options.grad) {
      nnact::ops::find_grad_entry(bound.kernel_key)->float32_reference(&x, 1, bound.values, &y,
                                                                       &rel);
    } else {
      nnact::ops::find_kernel_entry(bound.kernel_key)->float32_reference(&y, 1, bound.values);
    }
    return static_cast<float>(y);
  }

  void check(double x, double ours, std::uint32_t bits, Tally& tally) const {
    ++tally.inputs;
    if (std::isnan(x)) {
      if (!std::isnan(ours)) ++tally.not_rounded, note(bits, tally);
      return;
    }
    if (std::isinf(x) || x == 0) {  // the documented limits and signed zeros
      ++tally.mpfr;  // counted with the decided-elsewhere inputs
      if (!same_float(ours, limit(x))) ++tally.not_rounded, note(bits, tally);
      return;
    }
    const sweep::Reference r = formula->at(x);
    const double error = float_ulps(ours, r.value.v);
    if (error > tally.max_ulp) tally.max_ulp = error, tally.worst = bits;
    const sweep::Verdict verdict = sweep::decide(r.value, r.side, r.sign);
    if (verdict.decided && same_float(ours, verdict.value)) {
      ++tally.decided;
      return;
    }
    ++tally.mpfr;
    const double exact = mpfr_rounded(x);
    if (!same_float(ours, exact)) ++tally.not_rounded, note(bits, tally);
    if (verdict.decided && !same_float(verdict.value, exact)) {
      ++tally.reference_wrong;
      report_reference_wrong(x, verdict.value, exact);
    }
  }

  // A fast reference contradicted by MPFR: a bug in sweep_formulas.cpp (printed, first few).
  void report_reference_wrong(double x, double decided, double exact) const {
    static std::atomic<int> printed{0};
    if (printed++ < 10) {  // across ops and threads
      std::printf("  ref wrong: %s x = %.9g: fast reference %.9g, MPFR %.9g\n", variant.label, x,
                  decided, exact);
    }
  }

  static void note(std::uint32_t bits, Tally& tally) {
    if (tally.wrong.size() < kListed) tally.wrong.push_back(bits);
  }

  // inputs and ours: the thread's buffers, reused from chunk to chunk.
  void sweep_chunk(std::uint64_t first, std::uint64_t count, Tally& tally,
                   std::vector<double>& inputs, std::vector<double>& ours) const {
    inputs.clear();
    for (std::uint64_t i = first; i < first + kChunk && i < count; ++i) {
      inputs.push_back(std::bit_cast<float>(static_cast<std::uint32_t>(i * options.stride)));
    }
    ours = inputs;
    op.apply(ours);
    for (std::size_t k = 0; k < inputs.size(); ++k) {
      if (options.fault_every != 0 && (first + k) % options.fault_every == 0 &&
          std::isfinite(ours[k])) {
        ours[k] = std::nextafter(static_cast<float>(ours[k]), INFINITY);
      }
      check(inputs[k], ours[k], static_cast<std::uint32_t>((first + k) * options.stride), tally);
    }
  }

  // The 64k spread inputs: ours and the fast reference against MPFR.
  void spread(std::uint64_t& ours_wrong, std::uint64_t& reference_wrong) const {
    const std::uint64_t step = kPatterns / std::max<std::uint64_t>(1, options.spread);
    for (std::uint64_t bits = 12345 % step; bits < kPatterns; bits += step) {
      const double x = std::bit_cast<float>(static_cast<std::uint32_t>(bits));
      if (!std::isfinite(x)) continue;
      std::vector<double> value{x};
      op.apply(value);
      const double exact = mpfr_rounded(x);
      ours_wrong += !same_float(value[0], exact);
      const sweep::Reference r = formula->at(x);
      const sweep::Verdict verdict = sweep::decide(r.value, r.side, r.sign);
      if (verdict.decided && !same_float(verdict.value, exact)) {
        ++reference_wrong;
        report_reference_wrong(x, verdict.value, exact);
      }
    }
  }
};

}  // namespace

void print_sweep_header(const SweepOptions& options) {
  std::printf("%s, float32 inputs: every bit pattern / %llu; reference: the textbook formula in "
              "double with a rigorous error bound (bench/bounded_double.hpp), MPFR where it does "
              "not decide or disagrees\n",
              options.grad ? "derivatives (--grad)" : "forward ops",
              static_cast<unsigned long long>(options.stride));
  std::printf("%-12s %11s %9s %15s %12s %8s %9s %9s %8s %8s %6s\n", "op", "inputs", "max ULP",
              "worst input", "MPFR-decided", "not CR", "MPFR 64k", "ref wrong", "sweep", "total", "ns/in");
  std::fflush(stdout);
}

std::uint64_t sweep_op(const VerifyVariant& variant, const SweepOptions& options) {
  const Checked checked(variant, options);
  if (checked.formula == nullptr) {
    std::printf("%-12s no fast reference\n", variant.label);
    return 0;
  }
  const auto start = std::chrono::steady_clock::now();
  const std::clock_t cpu_start = std::clock();
  const std::uint64_t count = (kPatterns + options.stride - 1) / options.stride;
  std::atomic<std::uint64_t> next{0};
  std::mutex lock;
  Tally total;
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < options.threads; ++t) {
    pool.emplace_back([&] {
      Tally mine;
      std::vector<double> inputs, ours;
      for (std::uint64_t first; (first = next.fetch_add(kChunk)) < count;) {
        checked.sweep_chunk(first, count, mine, inputs, ours);
      }
      const std::lock_guard guard(lock);
      total.merge(mine);
    });
  }
  for (std::thread& thread : pool) thread.join();
  const double sweep_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double cpu_ns = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC * 1e9 /
                        static_cast<double>(total.inputs);
  std::uint64_t spread_wrong = 0, reference_wrong = total.reference_wrong;
  checked.spread(spread_wrong, reference_wrong);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("%-12s %11llu %9.6f %15.9g %12llu %8llu %9llu %9llu %7.1fs %7.1fs %6.0f\n", variant.label,
              static_cast<unsigned long long>(total.inputs), total.max_ulp,
              static_cast<double>(std::bit_cast<float>(total.worst)),
              static_cast<unsigned long long>(total.mpfr),
              static_cast<unsigned long long>(total.not_rounded),
              static_cast<unsigned long long>(spread_wrong),
              static_cast<unsigned long long>(reference_wrong), sweep_seconds, seconds, cpu_ns);
  for (std::uint32_t bits : total.wrong) {
    std::printf("  not CR: %s x = %.9g (0x%08x)\n", variant.label,
                static_cast<double>(std::bit_cast<float>(bits)), bits);
  }
  std::fflush(stdout);
  return total.not_rounded + spread_wrong + reference_wrong;
}
