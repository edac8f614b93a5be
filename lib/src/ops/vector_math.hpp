// Vector paths through glibc's libmvec (x86-64), dispatched at run time to AVX2 or SSE2.
#pragma once

#include <cstddef>

namespace nnact::ops {

// float32 gelu of a prefix of `values`, in place; returns how many values it did (the rest,
// fewer than a vector, is for the scalar kernel). 0 where libmvec is not available.
std::size_t vector_gelu_float32(double* values, std::size_t n);

}  // namespace nnact::ops
