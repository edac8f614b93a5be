// Regression-check library (issue 6): ULP distance, the tolerance rule, shapes, positions.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "compare/json_path.hpp"  // internal: the walker behind index paths
#include "nnact/compare.hpp"

using nnact::DType;

namespace {

nnact::Values matrix(std::vector<double> values, std::size_t columns) {
  nnact::Values v;
  v.values = std::move(values);
  for (std::size_t end = columns; end <= v.values.size(); end += columns) v.rows.push_back(end);
  return v;
}

}  // namespace

TEST_CASE("ulp_distance counts representable values of the dtype between two numbers") {
  float one = 1.0f;
  float next = std::nextafter(one, 2.0f);
  CHECK(nnact::ulp_distance(one, next, DType::kFloat32) == 1);
  CHECK(nnact::ulp_distance(next, one, DType::kFloat32) == 1);
  // 1 + 2^-23 is one float32 step but 2^29 float64 steps.
  CHECK(nnact::ulp_distance(one, next, DType::kFloat64) == (1ull << 29));
  CHECK(nnact::ulp_distance(0.0, -0.0, DType::kFloat32) == 0);
  // Across zero: smallest subnormals either side are 2 steps apart (through the shared zero).
  double tiny = std::numeric_limits<float>::denorm_min();
  CHECK(nnact::ulp_distance(-tiny, tiny, DType::kFloat32) == 2);
  CHECK(nnact::ulp_distance(std::numeric_limits<float>::max(), INFINITY, DType::kFloat32) == 1);
  double nan = std::nan("");
  CHECK(nnact::ulp_distance(nan, nan, DType::kFloat64) == 0);
  CHECK(nnact::ulp_distance(nan, 1.0, DType::kFloat64) == std::numeric_limits<std::uint64_t>::max());
}

TEST_CASE("within: allclose rule, ULPs as an alternative, NaN equals NaN") {
  nnact::Tolerance t;  // rtol 1e-7, atol 0
  CHECK(nnact::within(1.0, 1.0, t, DType::kFloat64));
  CHECK(nnact::within(1.00000005, 1.0, t, DType::kFloat64));
  CHECK_FALSE(nnact::within(1.0000002, 1.0, t, DType::kFloat64));
  CHECK_FALSE(nnact::within(1e-30, 0.0, t, DType::kFloat64));  // rtol alone never passes near 0
  t.atol = 1e-29;
  CHECK(nnact::within(1e-30, 0.0, t, DType::kFloat64));
  CHECK(nnact::within(std::nan(""), std::nan(""), t, DType::kFloat32));
  CHECK_FALSE(nnact::within(std::nan(""), 0.0, t, DType::kFloat32));
  CHECK(nnact::within(INFINITY, INFINITY, t, DType::kFloat32));
  CHECK_FALSE(nnact::within(INFINITY, 1e30, t, DType::kFloat64));
  CHECK_FALSE(nnact::within(-INFINITY, INFINITY, t, DType::kFloat32));
  nnact::Tolerance ulps{0, 0, 2};
  float x = 0.1f;
  float two_up = std::nextafter(std::nextafter(x, 1.0f), 1.0f);
  CHECK(nnact::within(two_up, x, ulps, DType::kFloat32));
  CHECK_FALSE(nnact::within(std::nextafter(two_up, 1.0f), x, ulps, DType::kFloat32));
}

TEST_CASE("compare: counts, maxima over the mismatches and row/column positions") {
  auto expected = matrix({1, 2, 3, 4, 5, 6}, 3);
  auto got = matrix({1, 2.5, 3, 4, 5, 5}, 3);
  auto c = nnact::compare(got, expected, {}, DType::kFloat64);
  CHECK_FALSE(c.ok());
  CHECK(c.shape_matches);
  CHECK(c.got_shape == "2x3");
  CHECK(c.compared == 6);
  CHECK(c.mismatches == 2);
  CHECK(c.max_abs_diff == 1.0);
  CHECK(c.max_rel_diff == doctest::Approx(0.25));
  REQUIRE(c.first.size() == 2);
  CHECK(c.first[0].position.row == 1);
  CHECK(c.first[0].position.column == 2);
  CHECK(c.first[0].got == 2.5);
  CHECK(c.first[0].expected == 2);
  CHECK(c.first[1].position.row == 2);
  CHECK(c.first[1].position.column == 3);
  CHECK(nnact::compare(expected, expected, {}, DType::kFloat64).ok());
}

TEST_CASE("compare: a shape mismatch reports both shapes and compares no values") {
  auto c = nnact::compare(matrix({1, 2, 3, 4, 5, 6}, 3), matrix({1, 2, 3, 4, 5, 6}, 2), {}, DType::kFloat64);
  CHECK_FALSE(c.ok());
  CHECK_FALSE(c.shape_matches);
  CHECK(c.got_shape == "2x3");
  CHECK(c.expected_shape == "3x2");
  CHECK(c.mismatches == 0);
  nnact::Values ragged;
  ragged.values = {1, 2, 3};
  ragged.rows = {1, 3};
  nnact::Values flat;  // no rows: one row
  flat.values = {1, 2, 3};
  auto c2 = nnact::compare(ragged, flat, {}, DType::kFloat64);
  CHECK_FALSE(c2.shape_matches);
  CHECK(c2.got_shape == "2 rows of 1 to 2 values");
  CHECK(c2.expected_shape == "1x3");
  CHECK(nnact::compare(flat, matrix({1, 2, 3}, 3), {}, DType::kFloat64).ok());
}

TEST_CASE("compare keeps only the first `limit` mismatches but counts all") {
  auto c = nnact::compare(matrix(std::vector<double>(25, 1.0), 5), matrix(std::vector<double>(25, 0.0), 5), {},
                          DType::kFloat32);
  CHECK(c.mismatches == 25);
  CHECK(c.first.size() == 10);
  CHECK(c.first[9].position.row == 2);
  CHECK(c.first[9].position.column == 5);
}

// Compact JSON text with '#' where the values go; the holes are where the marks were.
static std::pair<std::string, std::vector<std::size_t>> unmark(const std::string& marked) {
  std::string text;
  std::vector<std::size_t> holes;
  for (char c : marked) {
    if (c == '#') {
      holes.push_back(text.size());
    } else {
      text += c;
    }
  }
  return {text, holes};
}

TEST_CASE("JsonPathWalker finds jq-style paths in compact JSON text") {
  auto [text, holes] = unmark(R"({"name":"s","data":[[#,#],[#,#]],"w":{"k a":#,"b\"":[#]}})");
  nnact::JsonPathWalker walker;
  walker.next_piece(text);
  CHECK(walker.path_at(holes[0]) == ".data[0][0]");
  CHECK(walker.path_at(holes[1]) == ".data[0][1]");
  CHECK(walker.path_at(holes[3]) == ".data[1][1]");
  CHECK(walker.path_at(holes[4]) == ".w[\"k a\"]");
  CHECK(walker.path_at(holes[5]) == ".w[\"b\\\"\"][0]");
  nnact::JsonPathWalker top;
  top.next_piece("[,,]");
  CHECK(top.path_at(3) == ".[2]");
  nnact::JsonPathWalker scalar;
  scalar.next_piece("");
  CHECK(scalar.path_at(0) == ".");
}

TEST_CASE("JsonPathWalker keeps its place across pieces, even inside a key") {
  auto [text, holes] = unmark(R"({"long key":[#,#],"x":[[#]]})");
  std::size_t cut = text.find("key");  // the first piece ends inside "long key"
  std::string first = text.substr(0, cut), second = text.substr(cut);
  nnact::JsonPathWalker walker;
  walker.next_piece(first);
  walker.finish_piece();
  first.assign(first.size(), '?');  // the walker no longer looks at the first piece
  walker.next_piece(second);
  CHECK(walker.path_at(holes[1] - cut) == ".[\"long key\"][1]");
  CHECK(walker.path_at(holes[2] - cut) == ".x[0][0]");
}
