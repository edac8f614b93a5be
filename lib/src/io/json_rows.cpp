// A JSON document of rows of numbers, read without the general parser (json_rows.hpp): the
// byte-by-byte scan.
#include <algorithm>
#include <cstring>

#include "io/codecs.hpp"
#include "io/json_number.hpp"
#include "io/json_row_blocks.hpp"
#include "io/json_rows_scanner.hpp"
#include "io/text_buffers.hpp"

namespace nnact {
namespace json_rows_detail {

JsonRowsResume RowsScanner::run() {
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

bool RowsScanner::fill() {
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

bool RowsScanner::step() {
  const char* const data = buf_.data();
  const char* p = data + pos_;
  const char* const end = data + size_;
  for (; p < end; ++p) {
    if (state_ == State::kValue) {
      p = fast_values(p, end);
      if (p == end) break;
    }
    if (state_ == State::kAfterRow && end - p >= 64 && blocks_at(p)) {
      p = block_rows(p, end);
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

const char* RowsScanner::fast_values(const char* p, const char* end) {
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
    if (blocks_at(p) || end - p < 3 || *p != ',') break;
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

void RowsScanner::emit_rows(std::size_t end, bool last) {
  if (end == chunk_start_) return;
  Chunk chunk;
  chunk.raw = take_text_buffer();  // recycled: no allocation, no page faults
  chunk.raw.assign(buf_, chunk_start_, end - chunk_start_);
  chunk.batch.index = index_++;
  if (last && regular_) chunk.batch.shape = std::vector<std::size_t>{rows_, row_length_};
  chunk_start_ = end;
  emit_(std::move(chunk));
}

JsonRowsResume RowsScanner::resume() {
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

}  // namespace json_rows_detail

JsonRowsResume scan_json_rows(Input& input, const std::function<void(Chunk&&)>& emit) {
  return json_rows_detail::RowsScanner(input, emit).run();
}

}  // namespace nnact
