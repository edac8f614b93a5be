// Cutting a byte stream into chunks of whole lines (internal; NDJSON and txt readers).
#pragma once

#include <functional>
#include <string_view>

#include "nnact/io.hpp"

namespace nnact {

// Returns one past the last byte of `block` where a chunk may end, or 0 when it holds no such
// place yet (the block then grows until it does). At the end of the input (`at_end`) the
// whole block is the last chunk, whatever it returns.
using CutFinder = std::function<std::size_t(std::string_view block, bool at_end)>;

// One past the last '\n' of the block; 0 if it has none.
std::size_t after_last_newline(std::string_view block, bool at_end = false);

// Reads `input` in blocks of about kBlockBytes and hands out chunks of whole lines, in order,
// with batch.first_line and batch.index set (a UTF-8 BOM at the start is dropped). The last
// chunk holds whatever follows the last cut. Throws Error(kIo) for read failures.
void emit_line_chunks(Input& input, const std::function<void(Chunk&&)>& emit, const CutFinder& cut);

}  // namespace nnact
