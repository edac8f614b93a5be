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
// The index of the last `c` in `text` (memrchr: a long line is not walked back byte by byte,
// as string_view::rfind does), or npos.
std::size_t last_byte(std::string_view text, char c);
// How many bytes of [p, p + n) are `c` (SSE2).
std::size_t count_byte(const char* p, std::size_t n, char c);

// Where the next chunk starts when a reader cuts long records into pieces
// (ReadOptions::record_pieces): inside a record or not, its byte column on its line, and the
// reader's own state there (the CSV field, an open txt bracket).
struct PieceCursor {
  bool continued = false;
  std::uint64_t column = 0;
  std::size_t field = 0;
  bool bracket = false;

  // Tells `chunk` where it starts and whether it ends inside a record (`open`).
  void stamp(Chunk& chunk, bool open) const {
    chunk.batch.row_continued = continued;
    chunk.batch.row_open = open;
    chunk.column = column;
    chunk.field = field;
    chunk.bracket = bracket;
  }
  // Moves past `raw`, the chunk just stamped; the caller then sets field/bracket if `open`.
  void advance(std::string_view raw, bool open) {
    continued = open;
    if (!open) {
      *this = PieceCursor();
      return;
    }
    auto nl = last_byte(raw, '\n');
    column = nl == std::string_view::npos ? column + raw.size() : raw.size() - nl - 1;
  }
};

// Reads `input` in blocks of about kBlockBytes and hands out chunks of whole lines, in order,
// with batch.first_line and batch.index set (a UTF-8 BOM at the start is dropped). The last
// chunk holds whatever follows the last cut. Throws Error(kIo) for read failures.
void emit_line_chunks(Input& input, const std::function<void(Chunk&&)>& emit, const CutFinder& cut);

}  // namespace nnact
