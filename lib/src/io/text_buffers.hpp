// Large strings recycled across the pipeline (internal): the bytes of a spent chunk (a batch's
// template, an encoded chunk once written) go back to a small shared pool, and the next reader
// block or encoder output takes them. A string keeps its size there, so growing it again to
// about the same size fills no zeros, and no megabytes are asked of the allocator per chunk.
#pragma once

#include <cstddef>
#include <string>

namespace nnact {

// A recycled string (its size kept, its bytes garbage), or an empty one when none is pooled.
std::string take_text_buffer();
// Gives `buffer` to the pool (small ones, and any beyond the pool's few, are freed).
void recycle_text_buffer(std::string&& buffer);

}  // namespace nnact
