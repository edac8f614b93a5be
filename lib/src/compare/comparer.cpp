#include "compare/comparer.hpp"

#include "numeric/dtype_round.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

namespace nnact {
namespace {

Mismatch measure(double got, double expected, DType dtype) {
  Mismatch m;
  m.got = got;
  m.expected = expected;
  m.abs_diff = std::isinf(got) && got == expected ? 0 : std::fabs(got - expected);
  m.rel_diff = expected == 0 ? (m.abs_diff == 0 ? 0 : std::numeric_limits<double>::infinity())
                             : m.abs_diff / std::fabs(expected);
  m.ulp_diff = ulp_distance(got, expected, dtype);
  m.dtype = dtype;
  return m;
}

}  // namespace

void Comparer::Side::add_rows(const Batch& batch) {
  for (std::size_t end : batch.rows) {
    std::size_t global = values + end;
    std::size_t length = global - last_end;
    shortest = rows == 0 ? length : std::min(shortest, length);
    longest = std::max(longest, length);
    ++rows;
    last_end = global;
    pending_rows.push_back(global);
  }
  values += batch.values.size();
}

// A stream of numbers outside any row (a JSON scalar, a reader without rows) is one row.
void Comparer::Side::close() {
  if (rows > 0 || values == 0) return;
  rows = 1;
  shortest = longest = last_end = values;
  pending_rows.push_back(values);
}

std::string Comparer::Side::shape() const {
  if (rows == 0) return "0 values";
  std::string n = std::to_string(rows);
  if (shortest == longest) return n + "x" + std::to_string(longest);
  return n + " rows of " + std::to_string(shortest) + " to " + std::to_string(longest) + " values";
}

Comparer::Comparer(const Tolerance& tolerance, std::size_t limit, bool got_json, bool expected_json,
                   Pull pull_expected)
    : tolerance_(tolerance), limit_(limit), pull_(std::move(pull_expected)) {
  expected_.json = expected_json;
  got_.json = got_json && !expected_json;  // paths come from the expected side when it has them
}

bool Comparer::next_expected() {
  while (!expected_done_) {
    if (expected_.json) expected_.paths.finish_piece();  // before its text is replaced
    if (!pull_(expected_batch_)) {
      expected_done_ = true;
      expected_batch_ = Batch();
      expected_missing_ = MissingCursor(expected_batch_.missing);
      break;
    }
    for (std::size_t end : expected_batch_.rows) row_ends_.push_back(expected_.values + end);
    expected_.add_rows(expected_batch_);
    if (expected_.json) expected_.paths.next_piece(expected_batch_.text);
    expected_at_ = 0;
    expected_missing_ = MissingCursor(expected_batch_.missing);
    if (!expected_batch_.values.empty()) return true;
  }
  return false;
}

// Row ends agree pairwise, in order, or the shapes differ.
void Comparer::match_rows() {
  auto& a = got_.pending_rows;
  auto& b = expected_.pending_rows;
  while (!a.empty() && !b.empty()) {
    if (a.front() != b.front()) shape_differs_ = true;
    a.pop_front();
    b.pop_front();
  }
}

Position Comparer::position(std::size_t offset) {
  while (!row_ends_.empty() && row_ends_.front() <= offset) {
    row_start_ = row_ends_.front();
    row_ends_.pop_front();
    ++row_;
  }
  return {row_, offset - row_start_ + 1, {}};
}

void Comparer::add(Batch&& got) {
  if (std::exchange(first_got_, false)) result_.dtype = got.dtype;
  const DType dtype = got.dtype;
  std::size_t base = got_.values;
  got_.add_rows(got);
  bool got_paths = got_.json && got.holes.size() == got.values.size();  // crelu adds values without holes
  if (got_.json) got_.paths.next_piece(got.text);
  MissingCursor got_missing(got.missing);
  for (std::size_t i = 0; i < got.values.size() && !shape_differs_; ++i) {
    if (expected_at_ >= expected_batch_.values.size() && !next_expected()) {
      shape_differs_ = true;  // more results than expected values
      break;
    }
    // The expected value as a value of the result's dtype (exact for one read in it).
    double g = got.values[i], e = numeric::round_to(expected_batch_.values[expected_at_], dtype);
    // A missing value equals a missing value only (a NaN result does not match it).
    const bool g_missing = got_missing.take(i);
    const bool e_missing = expected_missing_.take(expected_at_);
    if (g_missing != e_missing || (!g_missing && !within(g, e, tolerance_, dtype))) {
      Mismatch m = measure(g, e, dtype);
      m.got_missing = g_missing;
      m.expected_missing = e_missing;
      ++result_.mismatches;
      if (!std::isnan(m.abs_diff)) {
        result_.max_abs_diff = std::max(result_.max_abs_diff, m.abs_diff);
        result_.max_rel_diff = std::max(result_.max_rel_diff, m.rel_diff);
        result_.max_ulp_diff = std::max(result_.max_ulp_diff, m.ulp_diff);
      } else if (result_.nan_mismatches++ == 0) {
        result_.nan_got = g;
        result_.nan_expected = e;
        result_.nan_got_missing = g_missing;
        result_.nan_expected_missing = e_missing;
      }
      if (result_.first.size() < limit_) {
        m.position = position(base + i);
        if (expected_.json) {
          m.position.path = expected_.paths.path_at(expected_batch_.holes[expected_at_]);
        } else if (got_paths) {
          m.position.path = got_.paths.path_at(got.holes[i]);
        }
        result_.first.push_back(std::move(m));
      }
    }
    ++expected_at_;
  }
  if (got_.json) got_.paths.finish_piece();  // the batch goes away after this
  position(got_.values);  // passes the row ends behind us: memory stays flat
  match_rows();
}

Comparison Comparer::finish() {
  if (expected_at_ < expected_batch_.values.size() || next_expected()) shape_differs_ = true;
  while (next_expected()) {
  }
  got_.close();
  expected_.close();
  match_rows();
  if (!got_.pending_rows.empty() || !expected_.pending_rows.empty() || got_.values != expected_.values) {
    shape_differs_ = true;
  }
  result_.got_shape = got_.shape();
  result_.expected_shape = expected_.shape();
  result_.compared = expected_.values;
  if (shape_differs_) {
    Comparison shapes;
    shapes.shape_matches = false;
    shapes.got_shape = result_.got_shape;
    shapes.expected_shape = result_.expected_shape;
    shapes.dtype = result_.dtype;
    return shapes;
  }
  return result_;
}

}  // namespace nnact
