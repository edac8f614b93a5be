// Compares a stream of result batches with a stream of expected batches, value by value as
// they come, so that neither stream is held whole (internal; compare.cpp, stream_compare.cpp).
#pragma once

#include <deque>
#include <functional>

#include "compare/json_path.hpp"
#include "io/codecs.hpp"
#include "nnact/compare.hpp"

namespace nnact {

class Comparer {
 public:
  // Gives the next expected batch; false at the end of the expected stream.
  using Pull = std::function<bool(Batch&)>;
  // `*_json`: that side's batches carry JSON template text, from which index paths are found
  // (the expected side's when both do).
  Comparer(const Tolerance& tolerance, std::size_t limit, bool got_json, bool expected_json, Pull pull_expected);

  // Result batches, in stream order; each value is compared in its batch's dtype.
  void add(Batch&& got);
  Comparison finish();    // reads what is left of the expected stream

 private:
  // The layout of one side: row ends (global value offsets) not yet matched with the other
  // side's, and the numbers shape_text needs.
  struct Side {
    std::deque<std::size_t> pending_rows;
    std::size_t values = 0;
    std::size_t rows = 0;
    std::size_t shortest = 0, longest = 0, last_end = 0;
    bool json;
    JsonPathWalker paths;
    void add_rows(const Batch& batch);
    void close();
    std::string shape() const;
  };
  bool next_expected();
  void match_rows();
  Position position(std::size_t got_offset);

  Tolerance tolerance_;
  bool first_got_ = true;
  std::size_t limit_;
  Pull pull_;
  Comparison result_;
  Side got_, expected_;
  Batch expected_batch_;         // the expected batch being compared
  std::size_t expected_at_ = 0;  // next value of expected_batch_
  MissingCursor expected_missing_{expected_batch_.missing};  // which of its values are missing
  bool expected_done_ = false;
  bool shape_differs_ = false;
  const Batch* got_batch_ = nullptr;
  // Rows of the expected stream for positions: ends not yet passed, current row, its start.
  std::deque<std::size_t> row_ends_;
  std::size_t row_ = 1, row_start_ = 0;
};

}  // namespace nnact
