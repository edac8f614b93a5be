// Comparing values held in memory: one batch per side through the streaming Comparer.
#include "compare/comparer.hpp"

namespace nnact {
namespace {

Batch as_batch(const Values& values, DType dtype) {
  Batch batch;
  batch.dtype = dtype;
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
  Comparer comparer(tolerance, limit, got.json, expected.json, [&](Batch& batch) {
    if (pulled) return false;
    pulled = true;
    batch = as_batch(expected, dtype);
    return true;
  });
  comparer.add(as_batch(got, dtype));
  return comparer.finish();
}

}  // namespace nnact
