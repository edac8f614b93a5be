// Large buffers recycled across the pipeline (internal): the bytes of a spent chunk (a batch's
// template, an encoded chunk once written) and the float32 values of a spent typed batch go back
// to a small shared pool, and the next reader block, encoder output or typed batch takes them. A
// buffer keeps its size there, so growing it again to about the same size fills no zeros, and no
// megabytes are asked of the allocator per chunk.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace nnact {

// A recycled string (its size kept, its bytes garbage), or an empty one when none is pooled.
std::string take_text_buffer();
// Gives `buffer` to the pool (small ones, and any beyond the pool's few, are freed).
void recycle_text_buffer(std::string&& buffer);

// The same for Batch::floats.
std::vector<float> take_float_buffer();
void recycle_float_buffer(std::vector<float>&& buffer);

}  // namespace nnact
