// Number text for the 16-bit dtypes (float16, bfloat16): decimal text rounded once, straight to
// the dtype, and the shortest decimal that reads back to the same value of the dtype.
#pragma once

#include <string_view>

#include "nnact/tensor.hpp"

namespace nnact {

// The decimal `text` (a number that reads as `nearest` in float64) rounded once to the 16-bit
// dtype. Rounding the double instead could round twice: when `nearest` is exactly halfway
// between two values of the dtype, the text itself may not be.
double round_text_once(std::string_view text, double nearest, DType dtype);

// The shortest text of `value` (a value of the dtype) at `out` (room for kMaxNumberChars), as a
// float is written: integers below 1e16 whole, else the shortest decimal that reads back to the
// same value of the dtype (the closest of them), in std::to_chars' layout.
char* write_half_shortest(char* out, double value, DType dtype);

}  // namespace nnact
