// The JSON rows fast path's scan (internal, json_rows.hpp): the reader thread's state machine,
// byte by byte (json_rows.cpp) and 64 bytes at a time (json_row_blocks.cpp).
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "io/json_number.hpp"
#include "io/json_row_blocks.hpp"
#include "io/json_rows.hpp"

namespace nnact::json_rows_detail {

// The grammar: ws '[' ws row (ws ',' ws row)* ws ']' ws, a row being '[' ws number (ws ',' ws
// number)* ws ']' and a number JSON's -?(0|[1-9]d*)(.d+)?([eE][+-]?d+)?.
enum class State {
  kBegin,     // before the document's '['
  kFirst,     // after it: the first row's '['
  kAfterRow,  // after a row: ',' or the document's ']'
  kNext,      // after ',': a row's '['
  kEnd,       // after the document's ']': white space only
  kValue,     // a row's first number, or one after ','
  kMinus,     // after '-'
  kZero,      // after a leading 0
  kInt,       // in the integer digits
  kDot,       // after '.'
  kFrac,      // in the fraction digits
  kE,         // after 'e'
  kExpSign,   // after the exponent's sign
  kExp,       // in the exponent digits
  kAfterValue,  // white space after a number: ',' or ']'
};

class RowsScanner {
 public:
  RowsScanner(Input& input, const std::function<void(Chunk&&)>& emit) : input_(input), emit_(emit) {}

  JsonRowsResume run();

 private:
  // Reads another block; false at the end of the input.
  bool fill();

  // A top-level element (a row, or whatever is not) starts at pos_.
  void start_element() {
    element_start_ = pos_;
    element_line_ = line_;
    element_column_ = base_ + pos_ - line_start_ + 1;
    element_rows_ = rows_;
    element_length_ = row_length_;
    element_regular_ = regular_;
    element_number_ = number_;
    element_number_line_ = number_line_;
    element_number_column_ = number_column_;
  }

  // A number starts at p.
  void start_number(const char* p) {
    number_ = static_cast<std::size_t>(p - buf_.data());
    number_line_ = line_;
    number_column_ = base_ + number_ - line_start_ + 1;
  }

  void end_row() {
    ++values_;
    if (rows_ == 0) row_length_ = values_;
    regular_ = regular_ && values_ == row_length_;
    ++rows_;
    values_ = 0;
    state_ = State::kAfterRow;
  }

  // Scans from pos_ to the end of the buffer; false at a byte the grammar does not accept.
  bool step();

  // The common case in a row: numbers without an exponent, each followed at once by ',' or by
  // the row's ']', and the next row's '[' right after "]," or "],\n": taken without a state per
  // byte. Returns where it stopped, in the state it left for step(): kValue at a number it
  // leaves (step() reads it byte by byte as if this had not looked at it), kAfterRow or kNext
  // between rows. Only numbers that end 8 bytes before `end`.
  const char* fast_values(const char* p, const char* end);

  // Whether block_rows() may start at p (the byte after a row).
  bool blocks_at(const char* p) const {
    return json_blocks::available() && base_ + static_cast<std::size_t>(p - buf_.data()) >= blocks_after_;
  }

  // Rows 64 bytes at a time (json_row_blocks.hpp) from p, just after a row's ']', for as long
  // as the blocks hold them; leaves the state step() would have left after the last row taken
  // (kAfterRow) and returns its end. When none is taken (p), the next kBlocksRetry bytes are
  // scanned byte by byte (white space in rows, exponents, a long row, the document's end).
  // Compiled for AVX2 (with POPCNT, LZCNT and PCLMUL); blocks_at() is false without them.
  [[NNACT_JSON_BLOCKS_TARGET]] const char* block_rows(const char* p, const char* end);

  // After a number: white space, ',' or ']'; false for anything else.
  bool end_value(char c, const char* p) {
    if (json_space(c)) {
      space(c, p);
      state_ = State::kAfterValue;
    } else if (c == ',') {
      ++values_;
      state_ = State::kValue;
    } else if (c == ']') {
      end_row();
    } else {
      return false;
    }
    return true;
  }

  void space(char c, const char* p) {
    if (c == '\n') {
      ++line_;
      line_start_ = base_ + static_cast<std::size_t>(p - buf_.data()) + 1;
    }
  }

  bool stop(const char* p) {
    pos_ = static_cast<std::size_t>(p - buf_.data());
    if (state_ == State::kBegin || state_ == State::kFirst) start_element();
    return false;
  }

  // Hands out the rows before the current element, a row: the next chunk starts with the byte
  // before its '[' (',' or white space), where parse_json_rows writes the template's ",[".
  void cut_before_row() { emit_rows(element_start_ - 1, false); }

  // Hands out the rows in [chunk_start_, end): bytes from after the previous chunk's last row.
  void emit_rows(std::size_t end, bool last);

  // The general parser takes over at the current element: the rows before it are handed out.
  // It starts at the last number before the element, so that its messages quote what they
  // would have quoted ("last read: '2],\n  [x'"), as the end of a row it ignores.
  JsonRowsResume resume();

  Input& input_;
  const std::function<void(Chunk&&)>& emit_;
  std::string buf_;
  std::size_t size_ = 0;  // bytes of buf_ read (the rest is room)
  std::uint64_t base_ = 0;  // input offset of buf_[0]
  std::size_t pos_ = 0;     // next byte to scan
  std::size_t chunk_start_ = 0;  // first byte not handed out
  State state_ = State::kBegin;
  std::uint64_t line_ = 1, line_start_ = 0;  // line number, input offset of its first byte
  std::size_t rows_ = 0, values_ = 0;  // rows done; separators seen in the current row
  std::size_t row_length_ = 0;
  bool regular_ = true;
  std::uint64_t index_ = 0;
  std::uint64_t blocks_after_ = 0;  // input offset before which block_rows() is not tried
  // The current top-level element: where it starts, and the rows before it.
  std::size_t element_start_ = 0;
  std::uint64_t element_line_ = 1, element_column_ = 1;
  std::size_t element_rows_ = 0, element_length_ = 0;
  bool element_regular_ = true;
  // The last number seen (its offset in buf_, line and column), and the last before the element.
  std::size_t number_ = 0, element_number_ = 0;
  std::uint64_t number_line_ = 1, number_column_ = 1, element_number_line_ = 1, element_number_column_ = 1;
};


}  // namespace nnact::json_rows_detail
