// Regression checks (--expect): the numbers of a run or a file, compared within tolerances.
// The mismatch report is data; formatting it is the caller's business.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "nnact/io.hpp"
#include "nnact/ops.hpp"
#include "nnact/pipeline.hpp"

namespace nnact {

// Every number of a stream held in memory with its layout: values, row ends (as Batch::rows)
// and, for JSON, the pass-through text with each value's offset in it (for index paths).
struct Values {
  std::vector<double> values;
  std::vector<std::size_t> rows;
  bool json = false;
  std::string text;                // JSON only
  std::vector<std::size_t> holes;  // JSON only
};

// numpy.testing.assert_allclose's rule, or units in the last place; a value passes if any
// given tolerance passes. NaN matches NaN.
struct Tolerance {
  double rtol = 1e-7;
  double atol = 0;
  std::optional<std::uint64_t> max_ulps;
};

// Units in the last place between `a` and `b`, exact values of `dtype`: 0 for equal values
// (+0 and -0 too), UINT64_MAX when exactly one is NaN.
std::uint64_t ulp_distance(double a, double b, DType dtype);
bool within(double got, double expected, const Tolerance& tolerance, DType dtype);

// Where a value is: 1-based row and column (row = record / line / innermost array), and for
// JSON a jq-style index path (".[1][0]", ".weights[2]").
struct Position {
  std::size_t row = 0;
  std::size_t column = 0;
  std::string path;
};

struct Mismatch {
  Position position;
  double got = 0;
  double expected = 0;
  double abs_diff = 0;  // NaN when exactly one side is NaN
  double rel_diff = 0;  // abs_diff / |expected|; inf when expected is 0
  std::uint64_t ulp_diff = 0;  // in `dtype`
  DType dtype = DType::kFloat32;  // the result's, in which the values are compared
  bool got_missing = false, expected_missing = false;  // an empty cell, JSON null or --na token
};

struct Comparison {
  bool shape_matches = true;
  std::string got_shape;  // "2x3", "3 rows of 1 to 4 values", "0 values"
  std::string expected_shape;
  std::size_t compared = 0;
  std::size_t mismatches = 0;
  // Over the mismatches whose difference is a number (0 when there are none).
  double max_abs_diff = 0;
  double max_rel_diff = 0;
  std::uint64_t max_ulp_diff = 0;
  // The dtype the results were computed (and compared) in: the first one, when a stream has
  // several; `compare`'s own.
  DType dtype = DType::kFloat32;
  // Mismatches where exactly one side is NaN (no difference to measure), and the first of them.
  std::size_t nan_mismatches = 0;
  double nan_got = 0, nan_expected = 0;
  bool nan_got_missing = false, nan_expected_missing = false;
  std::vector<Mismatch> first;  // the first `limit` mismatches, in stream order
  bool ok() const { return shape_matches && mismatches == 0; }
};

// Compares shapes (row ends: the same rows of the same lengths) and every value. A shape
// mismatch reports no values. Never throws.
Comparison compare(const Values& got, const Values& expected, const Tolerance& tolerance, DType dtype,
                   std::size_t limit = 10);

// Transforms `input` with `op` (options.read.format resolved) and compares the result with
// the numbers of `expected`, read with `expected_options` (format resolved) by the same readers,
// in the dtype of the result: its dtype replaces expected_options.dtype (text is read straight
// in it), and each value is compared in the dtype of its result batch (ULPs of that dtype).
// Both stream batch by batch: memory stays flat whatever the size. Throws Error as the readers
// and the pipeline do.
Comparison compare_run(Input& input, const OpRequest& op, const RunOptions& options, Input& expected,
                       const ReadOptions& expected_options, const Tolerance& tolerance, std::size_t limit = 10);

}  // namespace nnact
