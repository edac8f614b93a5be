// Parsing and checking an op's command-line parameters against its ParamSpecs.
#pragma once

#include <string>

#include "nnact/ops.hpp"

namespace nnact::ops {

struct BoundParams {
  double values[4] = {};   // in ParamSpec order, rounded to the dtype; a choice is its index
  std::string kernel_key;  // the op's name, or name_choice for a non-default choice ("gelu_tanh")
  int axis = -1;
};

// Throws Error(kUsage) for a parameter the op does not take, a missing required one, text that
// is not a number (or integer, or one of the choices), or a value outside ParamSpec::range.
BoundParams bind_params(const OpSpec& spec, const ParamValues& given, DType dtype);

}  // namespace nnact::ops
