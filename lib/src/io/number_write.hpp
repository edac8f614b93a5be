// Writing numbers straight into a caller's buffer, for writers that pre-size their output.
#pragma once

#include "nnact/tensor.hpp"

namespace nnact {

// No value of any dtype needs more characters, at any --precision up to 17 (the writers may also
// store a few bytes of scratch past the text, within this room).
inline constexpr int kMaxNumberChars = 32;

// Writes `value` as format_number does, at `out` (room for kMaxNumberChars); returns the end.
char* write_number(char* out, double value, DType dtype, int precision);

}  // namespace nnact
