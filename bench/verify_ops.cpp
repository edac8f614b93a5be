// Exhaustive float32 check: every one of the 2^32 bit patterns through each smooth element-wise
// op's float32 kernel (or, with --grad, each smooth derivative's), checked for correct rounding
// against a fast reference in double with a rigorous error bound, MPFR deciding every input
// where that reference does not decide or disagrees (verify_sweep.cpp). Piecewise-linear ops
// are not swept: they are their TF operation sequence, checked bit for bit in
// tests/ops_mpfr_test.cpp (hard_silu's derivative (a + x) / 6 is rounded, so it is swept).
//
// --float64 N: float64 instead, N sampled inputs per op plus hard inputs, against MPFR
// (verify_float64.cpp; --per-centre K: the hard-input search's grid size, default 2000).
// --spread N: how many evenly spread inputs are also checked against MPFR directly (65536).
// --fault K: validation of the checker: every K-th swept input's kernel result is moved by one
// float ULP, and the sweep must report each of them as not correctly rounded.
//
//   verify_ops [--ops gelu,sigmoid,...] [--stride N] [--threads N] [--grad] [--fault K]
//              [--spread N] [--float64 N]
#include <cstdint>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "nnact/ops.hpp"
#include "verify_float64.hpp"
#include "verify_sweep.hpp"

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
  std::uint64_t float64 = 0, fault = 0, spread = 65536;
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
    else if (flag == "--spread")
      spread = std::stoull(argv[i + 1]);
    else if (flag == "--fault")
      fault = std::stoull(argv[i + 1]);
    else if (flag == "--per-centre")
      per_centre = std::stoul(argv[i + 1]);
    else if (flag == "--threads")
      threads = std::max(1u, static_cast<unsigned>(std::stoul(argv[i + 1])));
    else
      return std::fprintf(stderr, "usage: verify_ops [--ops a,b] [--stride N] [--threads N] [--grad] [--fault K] [--spread N] [--float64 N] [--per-centre K]\n"), 2;
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
  SweepOptions options;
  options.grad = grad, options.stride = stride, options.threads = threads, options.fault_every = fault;
  options.spread = spread;
  print_sweep_header(options);
  std::uint64_t not_rounded = 0;
  for (const Variant& v : grad ? kGradVariants : kVariants) {
    bool wanted = ops.empty();
    for (const std::string& name : ops) wanted = wanted || name == v.label;
    if (wanted) not_rounded += sweep_op(v, options);
  }
  return not_rounded == 0 ? 0 : 1;
}
