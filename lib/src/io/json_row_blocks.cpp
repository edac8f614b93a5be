// The JSON rows scan 64 bytes at a time (json_row_blocks.hpp), for RowsScanner.
#include <bit>

#include "io/codecs.hpp"
#include "io/json_row_blocks.hpp"
#include "io/json_rows_scanner.hpp"

namespace nnact::json_rows_detail {

[[NNACT_JSON_BLOCKS_TARGET]] const char* RowsScanner::block_rows(const char* p, const char* end) {
  constexpr std::ptrdiff_t kBlocksRetry = 4096;
  const char* const data = buf_.data();
  json_blocks::Grammar grammar;
  const char* taken = p;
  std::uint64_t line = line_, line_start = line_start_;  // at the block's first byte
  // A byte, with what gives its line and column when they are needed (once, at the end).
  struct Spot {
    std::size_t at = 0;  // its block's offset in buf_
    int bit = 0;
    std::uint64_t line = 0, line_start = 0, newlines = 0;  // the block's, and its '\n' bits
  };
  Spot open, last, row_open, row_last, row_close, before_last;  // rows taken: the last, ...
  std::size_t values = 0, taken_rows = 0;
  bool regular_before = regular_;
  for (const char* block = p; end - block >= 64 && block - taken < kBlocksRetry; block += 64) {
    const json_blocks::Classes k = json_blocks::classify_avx2(block);
    std::uint64_t starts;
    const std::uint64_t bad = grammar.check(k, json_blocks::prefix_xor_clmul(k.open | k.close), starts);
    const int limit = bad != 0 ? std::countr_zero(bad) : 64;  // rows ending before it are good
    const std::size_t at = static_cast<std::size_t>(block - data);
    const auto spot = [&](int b) { return Spot{at, b, line, line_start, k.newline}; };
    int from = 0;  // the current row's numbers start here
    for (std::uint64_t marks = (k.open | k.close) & json_blocks::below_bit(limit); marks != 0; marks &= marks - 1) {
      const int b = std::countr_zero(marks);
      if ((k.open >> b) & 1) {  // a row's '['
        open = spot(b);
        values = 0;
        from = b;
        continue;
      }
      const std::uint64_t mine = starts & json_blocks::from_bit(from) & json_blocks::below_bit(b);
      values += static_cast<std::size_t>(std::popcount(mine));
      if (mine != 0) last = spot(63 - std::countl_zero(mine));
      // The row is taken: what step() does at its '[' and ']' but for what waits till the end.
      if (open.at + open.bit - chunk_start_ >= kBlockBytes) emit_rows(open.at + open.bit - 1, false);
      regular_before = regular_;
      regular_ = regular_ && values == row_length_;
      ++rows_;
      before_last = row_last;
      row_open = open;
      row_last = last;
      row_close = spot(b);
      ++taken_rows;
      taken = block + b + 1;
      from = b;
    }
    if (limit < 64) break;
    const std::uint64_t mine = starts & json_blocks::from_bit(from);
    values += static_cast<std::size_t>(std::popcount(mine));
    if (mine != 0) last = spot(63 - std::countl_zero(mine));
    line += static_cast<std::uint64_t>(std::popcount(k.newline));
    if (k.newline != 0) line_start = base_ + at + 64 - std::countl_zero(k.newline);
  }
  if (taken_rows == 0) {
    blocks_after_ = base_ + static_cast<std::size_t>(p - data) + kBlocksRetry;
    return p;
  }
  // The spot's line (set) and column, and the input offset of its line's first byte.
  const auto place = [&](const Spot& s, std::uint64_t& where_line, std::uint64_t& where_start) {
    const std::uint64_t before = s.newlines & json_blocks::below_bit(s.bit);
    where_line = s.line + static_cast<std::uint64_t>(std::popcount(before));
    where_start = before != 0 ? base_ + s.at + 64 - std::countl_zero(before) : s.line_start;
    return base_ + s.at + s.bit - where_start + 1;
  };
  std::uint64_t ignored;
  element_start_ = row_open.at + row_open.bit;
  element_column_ = place(row_open, element_line_, ignored);
  element_rows_ = rows_ - 1;
  element_length_ = row_length_;
  element_regular_ = regular_before;
  if (taken_rows > 1) {  // else the last number before the row is number_ already
    element_number_ = before_last.at + before_last.bit;
    element_number_column_ = place(before_last, element_number_line_, ignored);
  } else {
    element_number_ = number_;
    element_number_line_ = number_line_;
    element_number_column_ = number_column_;
  }
  number_ = row_last.at + row_last.bit;
  number_column_ = place(row_last, number_line_, ignored);
  place(row_close, line_, line_start_);
  values_ = 0;
  return taken;
}

}  // namespace nnact::json_rows_detail
