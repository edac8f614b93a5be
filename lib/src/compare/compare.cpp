// Comparing values held in memory: one batch per side through the streaming Comparer.
#include "compare/comparer.hpp"

namespace nnact {
namespace {

Batch as_batch(const Values& values) {
  Batch batch;
  batch.values = values.values;
  batch.rows = values.rows;
  batch.text = values.text;
  batch.holes = values.holes;
  return batch;
}

}  // namespace

Comparison compare(const Values& got, const Values& expected, const Tolerance& tolerance, DType dtype,
                   std::size_t limit) {
  bool pulled = false;
  Comparer comparer(tolerance, dtype, limit, got.json, expected.json, [&](Batch& batch) {
    if (pulled) return false;
    pulled = true;
    batch = as_batch(expected);
    return true;
  });
  comparer.add(as_batch(got));
  return comparer.finish();
}

}  // namespace nnact
