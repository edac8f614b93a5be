// Comparing a run's values with the expected ones: shape first, then every value.
#include <algorithm>
#include <cmath>
#include <limits>

#include "compare/json_path.hpp"
#include "nnact/compare.hpp"

namespace nnact {
namespace {

// Row ends as a reader would give them for `values` (a stream without rows is one row).
std::vector<std::size_t> row_ends(const Values& values) {
  if (values.rows.empty() && !values.values.empty()) return {values.values.size()};
  return values.rows;
}

Position row_position(const std::vector<std::size_t>& rows, std::size_t index) {
  auto row = std::upper_bound(rows.begin(), rows.end(), index);
  std::size_t start = row == rows.begin() ? 0 : *(row - 1);
  return {static_cast<std::size_t>(row - rows.begin()) + 1, index - start + 1, {}};
}

Mismatch measure(double got, double expected, DType dtype) {
  Mismatch m;
  m.got = got;
  m.expected = expected;
  m.abs_diff = std::isinf(got) && got == expected ? 0 : std::fabs(got - expected);
  m.rel_diff = expected == 0 ? (m.abs_diff == 0 ? 0 : std::numeric_limits<double>::infinity())
                             : m.abs_diff / std::fabs(expected);
  m.ulp_diff = ulp_distance(got, expected, dtype);
  return m;
}

}  // namespace

std::string shape_text(const Values& values) {
  auto rows = row_ends(values);
  if (rows.empty()) return "0 values";
  std::size_t shortest = std::numeric_limits<std::size_t>::max(), longest = 0, start = 0;
  for (std::size_t end : rows) {
    shortest = std::min(shortest, end - start);
    longest = std::max(longest, end - start);
    start = end;
  }
  std::string n = std::to_string(rows.size());
  if (shortest == longest) return n + "x" + std::to_string(longest);
  return n + " rows of " + std::to_string(shortest) + " to " + std::to_string(longest) + " values";
}

Comparison compare(const Values& got, const Values& expected, const Tolerance& tolerance, DType dtype,
                   std::size_t limit) {
  Comparison result;
  result.got_shape = shape_text(got);
  result.expected_shape = shape_text(expected);
  auto rows = row_ends(expected);
  if (row_ends(got) != rows || got.values.size() != expected.values.size()) {
    result.shape_matches = false;
    return result;
  }
  std::vector<std::size_t> reported;
  for (std::size_t i = 0; i < expected.values.size(); ++i) {
    double g = got.values[i], e = expected.values[i];
    if (within(g, e, tolerance, dtype)) continue;
    Mismatch m = measure(g, e, dtype);
    ++result.mismatches;
    if (!std::isnan(m.abs_diff)) {
      result.max_abs_diff = std::max(result.max_abs_diff, m.abs_diff);
      result.max_rel_diff = std::max(result.max_rel_diff, m.rel_diff);
      result.max_ulp_diff = std::max(result.max_ulp_diff, m.ulp_diff);
    }
    if (result.first.size() < limit) {
      m.position = row_position(rows, i);
      result.first.push_back(m);
      reported.push_back(i);
    }
  }
  result.compared = expected.values.size();
  // Index paths come from whichever side is JSON (the expected file first).
  const Values* json = expected.json && expected.holes.size() == expected.values.size() ? &expected
                       : got.json && got.holes.size() == got.values.size()            ? &got
                                                                                      : nullptr;
  if (json && !reported.empty()) {
    auto paths = json_paths(json->text, json->holes, reported);
    for (std::size_t k = 0; k < paths.size(); ++k) result.first[k].position.path = paths[k];
  }
  return result;
}

}  // namespace nnact
