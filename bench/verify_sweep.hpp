// verify_ops's float32 sweep (verify_sweep.cpp): every float32 bit pattern (or every stride-th)
// through one smooth op's float32 kernel, or its --grad kernel, checked for correct rounding.
#pragma once

#include <cstdint>

#include "verify_float64.hpp"

struct SweepOptions {
  bool grad = false;
  std::uint64_t stride = 1;
  unsigned threads = 1;
  // Fault injection (validation of the checker itself): every fault_every-th finite input's
  // kernel result is moved by one float ULP before the check. 0: none.
  std::uint64_t fault_every = 0;
  // How many evenly spread bit patterns are also checked against MPFR directly ("MPFR 64k").
  std::uint64_t spread = 65536;
};

// Prints the table's header lines.
void print_sweep_header(const SweepOptions& options);

// Sweeps one op, prints its row (and the inputs found not correctly rounded, if any); returns
// the number of results not correctly rounded.
std::uint64_t sweep_op(const VerifyVariant& variant, const SweepOptions& options);
