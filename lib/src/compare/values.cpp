// Collecting the numbers of a stream: an expected file through the readers, or a run's result
// through the pipeline, into one Values (regression checks).
#include "nnact/compare.hpp"

namespace nnact {
namespace {

void append_batch(Values& into, Batch&& batch) {
  std::size_t base = into.values.size();
  if (into.values.empty()) {
    into.values = std::move(batch.values);
  } else {
    into.values.insert(into.values.end(), batch.values.begin(), batch.values.end());
  }
  for (std::size_t end : batch.rows) into.rows.push_back(base + end);
  if (into.json) {
    std::size_t text_base = into.text.size();
    into.text += batch.text;
    for (std::size_t hole : batch.holes) into.holes.push_back(text_base + hole);
  }
}

bool is_json(Format format) { return format == Format::kJson; }

}  // namespace

Values read_values(Input& input, const ReadOptions& options) {
  Values values;
  values.json = is_json(options.format);
  auto decoder = make_decoder(options, input.name());
  decoder->run(input, [&](Chunk&& chunk) {
    if (!chunk.parsed) decoder->parse(chunk);
    append_batch(values, std::move(chunk.batch));
  });
  return values;
}

Values transform_values(Input& input, const Op& op, const RunOptions& options) {
  Values values;
  values.json = is_json(options.read.format);
  run_pipeline(input, op, [&](Batch&& batch) { append_batch(values, std::move(batch)); }, options);
  return values;
}

}  // namespace nnact
