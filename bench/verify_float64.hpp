// verify_ops's float64 mode (verify_float64.cpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "nnact/ops.hpp"

struct VerifyVariant {
  const char* label;
  const char* op;
  nnact::ParamValues params;
};

// Each variant's float64 kernel on n sampled inputs and on hard inputs against MPFR; prints a
// table; returns 1 if any result is not correctly rounded.
int verify_float64(const std::vector<VerifyVariant>& variants, std::uint64_t n, unsigned threads,
                   std::size_t per_centre);
