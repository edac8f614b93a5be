// The float32 sweep's fast references (verify_sweep.cpp): each smooth op and each smooth
// derivative written from its textbook definition (OPS.md; tests/mpfr_reference.hpp and
// tests/mpfr_derivatives.hpp give the same definitions to MPFR) in Bounded double arithmetic
// (bounded_double.hpp), for the default parameters (alpha = 1, beta = 1, no softplus threshold)
// and the built-in constants rounded to float32 as the float32 ops use them.
#pragma once

#include <string_view>
#include <vector>

#include "bounded_double.hpp"

namespace sweep {

// The reference at x (finite): the value, and what decide() needs besides.
struct Reference {
  Bounded value;
  int side = 0;  // > 0: exact in (v, v + e]; < 0: in [v - e, v)
  int sign = 0;  // the exact value's sign, where known
};

struct Formula {
  std::string_view label;  // verify_ops's label: the op's name, gelu_tanh for approximate=tanh
  Reference (*at)(double x);
};

// The 14 smooth ops (forward) and the 15 smooth derivatives (--grad), cheapest kernels first.
const std::vector<Formula>& forward_formulas();
const std::vector<Formula>& grad_formulas();

// nullptr when there is none.
const Formula* find_formula(std::string_view label, bool grad);

}  // namespace sweep
