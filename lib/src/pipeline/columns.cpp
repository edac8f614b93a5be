#include "pipeline/columns.hpp"

#include "nnact/status.hpp"

namespace nnact {
namespace {

// Appends `from` to `into` as if one reader had produced both: offsets shift past what
// `into` holds.
void append_batch(Batch& into, Batch&& from) {
  const std::size_t text = into.text.size();
  const std::size_t values = into.values.size();
  for (auto hole : from.holes) into.holes.push_back(hole + text);
  for (auto row : from.rows) into.rows.push_back(row + values);
  for (auto tail : from.row_tails) into.row_tails.push_back(tail + text);
  for (auto index : from.missing) into.missing.push_back(index + values);
  into.values.insert(into.values.end(), from.values.begin(), from.values.end());
  into.text += from.text;
  if (from.shape) into.shape = std::move(from.shape);
}

}  // namespace

bool along_columns(const Op& op) {
  return op.spec().along_axis && (op.axis() == 0 || op.axis() == -2);
}

Batch transform_whole_input(Input& input, Decoder& decoder, const Op& op) {
  if (op.spec().name == "crelu") {
    throw usage_error("crelu works along --axis -1 only (its mirrored cells are appended to each row)");
  }
  Batch all;
  bool first = true;
  decoder.run(input, [&](Chunk&& chunk) {
    if (!chunk.parsed) decoder.parse(chunk);
    if (first) {
      all = std::move(chunk.batch);
      first = false;
    } else {
      append_batch(all, std::move(chunk.batch));
    }
  });
  if (all.shape && all.shape->size() > 2) {
    throw usage_error("--axis 0 needs 2-D data (rows and columns); this input has " +
                      std::to_string(all.shape->size()) + " dimensions");
  }
  const std::size_t columns = all.rows.empty() ? all.values.size() : all.rows.front();
  std::size_t start = 0;
  for (std::size_t r = 0; r < all.rows.size(); ++r) {
    if (all.rows[r] - start != columns) {
      throw Error(ErrorKind::kData, input.name(),
                  "--axis 0 needs rows of one length: row " + std::to_string(r + 1) + " has " +
                      std::to_string(all.rows[r] - start) + " values, row 1 has " +
                      std::to_string(columns));
    }
    start = all.rows[r];
  }
  if (columns > 0) op.transform_columns(all.values, columns);
  return all;
}

}  // namespace nnact
