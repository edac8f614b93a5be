// A JSON document of rows of numbers, read without the general parser (json_rows.hpp).
#include "io/json_rows.hpp"

#include <algorithm>
#include <cstring>
#include <string_view>

#include "io/codecs.hpp"
#include "io/json_number.hpp"
#include "io/text_buffers.hpp"

namespace nnact {
namespace {


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

  JsonRowsResume run() {
    for (;;) {
      if (pos_ == size_ && !fill()) break;
      if (!step()) return resume();
    }
    if (state_ != State::kEnd) return resume();  // cut short: the parser says where
    emit_rows(size_, true);
    JsonRowsResume done;
    done.done = true;
    return done;
  }

 private:
  // Reads another block; false at the end of the input.
  bool fill() {
    // Drops what was handed out, but the last number before the current element (resume()).
    const std::size_t drop = std::min(chunk_start_, element_number_);
    if (index_ > 0 && drop >= kBlockBytes) {
      std::memmove(buf_.data(), buf_.data() + drop, size_ - drop);
      size_ -= drop;
      base_ += drop;
      pos_ -= drop;
      element_start_ -= drop;
      element_number_ -= drop;
      number_ -= drop;
      chunk_start_ -= drop;
    }
    // buf_ keeps its size once grown: reads fill it without zero-filling it first.
    if (buf_.size() < size_ + kBlockBytes) buf_.resize(size_ + kBlockBytes);
    const std::size_t got = input_.read(buf_.data() + size_, kBlockBytes);
    size_ += got;
    return got > 0;
  }

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
  bool step() {
    const char* const data = buf_.data();
    const char* p = data + pos_;
    const char* const end = data + size_;
    for (; p < end; ++p) {
      if (state_ == State::kValue) {
        p = fast_values(p, end);
        if (p == end) break;
      }
      const char c = *p;
      switch (state_) {
        case State::kInt:
        case State::kFrac:
        case State::kExp:
          while (p < end && json_digit(*p)) ++p;
          if (p == end) break;
          if (state_ != State::kExp && *p == '.' && state_ == State::kInt) {
            state_ = State::kDot;
          } else if (state_ != State::kExp && (*p == 'e' || *p == 'E')) {
            state_ = State::kE;
          } else if (!end_value(*p, p)) {
            return stop(p);
          }
          break;
        case State::kZero:
          if (c == '.') {
            state_ = State::kDot;
          } else if (c == 'e' || c == 'E') {
            state_ = State::kE;
          } else if (!end_value(c, p)) {
            return stop(p);
          }
          break;
        case State::kValue:
          if (json_space(c)) {
            space(c, p);
          } else if (c == '-') {
            start_number(p);
            state_ = State::kMinus;
          } else if (c == '0') {
            start_number(p);
            state_ = State::kZero;
          } else if (json_digit(c)) {
            start_number(p);
            state_ = State::kInt;
          } else {
            return stop(p);  // an empty row, a string, null, NaN, a nested array...
          }
          break;
        case State::kMinus:
          if (!json_digit(c)) return stop(p);
          state_ = c == '0' ? State::kZero : State::kInt;
          break;
        case State::kDot:
          if (!json_digit(c)) return stop(p);
          state_ = State::kFrac;
          break;
        case State::kE:
          if (c == '+' || c == '-') {
            state_ = State::kExpSign;
          } else if (json_digit(c)) {
            state_ = State::kExp;
          } else {
            return stop(p);
          }
          break;
        case State::kExpSign:
          if (!json_digit(c)) return stop(p);
          state_ = State::kExp;
          break;
        case State::kAfterValue:
          if (!end_value(c, p)) return stop(p);
          break;
        case State::kBegin:
          if (json_space(c)) {
            space(c, p);
          } else if (c == '[') {
            state_ = State::kFirst;
          } else {
            return stop(p);
          }
          break;
        case State::kFirst:
        case State::kNext:
          if (json_space(c)) {
            space(c, p);
            break;
          }
          pos_ = static_cast<std::size_t>(p - data);
          start_element();
          if (c != '[') return stop(p);
          if (rows_ > 0 && element_start_ - chunk_start_ >= kBlockBytes) cut_before_row();
          state_ = State::kValue;
          break;
        case State::kAfterRow:
          if (json_space(c)) {
            space(c, p);
          } else if (c == ',') {
            state_ = State::kNext;
          } else if (c == ']') {
            pos_ = static_cast<std::size_t>(p - data);
            start_element();  // the parser takes over here if something follows
            state_ = State::kEnd;
          } else {
            return stop(p);
          }
          break;
        case State::kEnd:
          if (!json_space(c)) return stop(p);
          space(c, p);
          break;
      }
      if (p == end) break;
    }
    pos_ = size_;
    return true;
  }

  // The common case in a row: numbers without an exponent, each followed at once by ',' or by
  // the row's ']', and the next row's '[' right after "]," or "],\n": taken without a state per
  // byte. Returns where it stopped, in the state it left for step(): kValue at a number it
  // leaves (step() reads it byte by byte as if this had not looked at it), kAfterRow or kNext
  // between rows. Only numbers that end 8 bytes before `end`.
  const char* fast_values(const char* p, const char* end) {
    const char* const data = buf_.data();
    const char* const limit = end - std::min<std::ptrdiff_t>(end - p, 8);
    const char* const limit16 = end - std::min<std::ptrdiff_t>(end - p, 16);
    const char* last = nullptr;  // the last number taken
    while (p < limit) {
      const char* q = p < limit16 ? json_short_number_end(p) : nullptr;
      if (q == nullptr && (q = json_number_end_swar(p, limit)) == nullptr) break;
      if (*q == ',') {
        ++values_;
        last = p;
        p = q + 1;
        continue;
      }
      if (*q != ']') break;
      start_number(p);  // on this line: before any '\n' below
      last = nullptr;
      end_row();
      p = q + 1;
      if (end - p < 3 || *p != ',') break;
      state_ = State::kNext;
      ++p;
      if (*p == '\n') space(*p, p), ++p;
      if (*p != '[') break;
      pos_ = static_cast<std::size_t>(p - data);
      start_element();
      if (element_start_ - chunk_start_ >= kBlockBytes) cut_before_row();
      state_ = State::kValue;
      ++p;
    }
    if (last != nullptr) start_number(last);
    return p;
  }

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
  // before its '[' (',' or white space), so that parse_json_rows, writing the template over the
  // chunk's own bytes, never runs ahead of what it reads (it writes ",[" there).
  void cut_before_row() { emit_rows(element_start_ - 1, false); }

  // Hands out the rows in [chunk_start_, end): bytes from after the previous chunk's last row.
  void emit_rows(std::size_t end, bool last) {
    if (end == chunk_start_) return;
    Chunk chunk;
    chunk.raw = take_text_buffer();  // recycled: no allocation, no page faults
    chunk.raw.assign(buf_, chunk_start_, end - chunk_start_);
    chunk.batch.index = index_++;
    if (last && regular_) chunk.batch.shape = std::vector<std::size_t>{rows_, row_length_};
    chunk_start_ = end;
    emit_(std::move(chunk));
  }

  // The general parser takes over at the current element: the rows before it are handed out.
  // It starts at the last number before the element, so that its messages quote what they
  // would have quoted ("last read: '2],\n  [x'"), as the end of a row it ignores.
  JsonRowsResume resume() {
    JsonRowsResume r;
    r.rows = element_rows_;
    if (element_rows_ > 0) {
      emit_rows(element_start_, false);
      r.row_length = element_length_;
      r.regular = element_regular_;
      r.held = buf_.substr(element_number_, size_ - element_number_);
      r.offset = base_ + element_number_;
      r.line = element_number_line_;
      r.column = element_number_column_;
    } else {  // nothing handed out (chunk_start_ is 0, and so is base_): from the start
      r.held = std::move(buf_);
      r.held.resize(size_);
    }
    r.next_index = index_;
    return r;
  }

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
  // The current top-level element: where it starts, and the rows before it.
  std::size_t element_start_ = 0;
  std::uint64_t element_line_ = 1, element_column_ = 1;
  std::size_t element_rows_ = 0, element_length_ = 0;
  bool element_regular_ = true;
  // The last number seen (its offset in buf_, line and column), and the last before the element.
  std::size_t number_ = 0, element_number_ = 0;
  std::uint64_t number_line_ = 1, number_column_ = 1, element_number_line_ = 1, element_number_column_ = 1;
};

}  // namespace

JsonRowsResume scan_json_rows(Input& input, const std::function<void(Chunk&&)>& emit) {
  return RowsScanner(input, emit).run();
}

}  // namespace nnact
