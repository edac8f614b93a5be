// The workers' half of the JSON rows fast path (json_rows.hpp): a chunk of whole rows, its
// grammar checked by the reader's scan, turned into the batch JsonSax would have built: the
// template in compact form ("[[", ",", "],[", "]]") with a hole per number. Typed chunks keep
// float32 values as floats (Batch::floats), and with keep_text leave the text of each number
// that is the writer's own in the template (Batch::kept), as the CSV reader does.
#include "io/json_number.hpp"
#include "io/json_rows.hpp"
#include "io/text_buffers.hpp"

namespace nnact {
namespace {

template <class T, bool kTyped, bool kKeep>
void parse_rows(Chunk& chunk) {
  static_assert(!kTyped || sizeof(T) == 4);
  Batch& batch = chunk.batch;
  // The template is the input less white space and numbers (but kept ones), written to a
  // recycled buffer of the chunk's size and 16 bytes of room (copy_kept: a kept number's text
  // is one 16-byte move where 16 bytes of input remain, no branch on its length).
  const std::size_t size = chunk.raw.size();
  const char* p = chunk.raw.data();
  const char* const end = p + size;
  batch.text = take_text_buffer();
  batch.text.resize(size + 16);
  char* const text = batch.text.data();
  char* t = text;
  const std::size_t guess = size / 6;
  (kTyped ? batch.floats.reserve(guess) : batch.values.reserve(guess));
  if (kKeep) batch.kept.reserve(guess);
  batch.holes.reserve(guess);
  // Numbers are staged here and appended kStage at a time: no capacity check per number.
  constexpr int kStage = 256;
  struct {
    std::size_t holes[kStage];
    T values[kStage];
    std::uint8_t kept[kStage];
  } stage;
  int staged = 0;
  auto flush = [&] {
    batch.holes.insert(batch.holes.end(), stage.holes, stage.holes + staged);
    if constexpr (kTyped) {
      batch.floats.insert(batch.floats.end(), stage.values, stage.values + staged);
    } else {
      batch.values.insert(batch.values.end(), stage.values, stage.values + staged);
    }
    if (kKeep) batch.kept.insert(batch.kept.end(), stage.kept, stage.kept + staged);
    staged = 0;
  };
  bool comma = batch.index > 0;  // the rows before this chunk's first took the document's '['
  p = skip_json_spaces(p, end);
  if (batch.index == 0) {
    *t++ = '[';
    p = skip_json_spaces(p + 1, end);
  }
  // The scan checked the grammar: '[' starts a row, ']' closes the document, and every number
  // is followed by white space, ',' or ']'.
  while ((p = skip_json_spaces(p, end)) < end) {
    if (*p == ',') {
      ++p;
      continue;
    }
    if (*p == ']') {
      *t++ = ']';
      ++p;
      continue;
    }
    if (comma) *t++ = ',';
    comma = true;
    *t++ = '[';
    p = skip_json_spaces(p + 1, end);
    for (;;) {
      T value;
      int kept = 0;
      const char* const stop = read_json_number(p, end, value, kKeep ? &kept : nullptr);
      stage.holes[staged] = static_cast<std::size_t>(t - text);
      stage.values[staged] = value;
      if constexpr (kKeep) {
        stage.kept[staged] = static_cast<std::uint8_t>(kept);
        t = copy_kept(t, p, end, kept);
      }
      if (++staged == kStage) flush();
      p = stop;
      if (json_space(*p)) p = skip_json_spaces(p, end);
      if (*p++ == ']') break;  // else ','
      *t++ = ',';
      if (json_space(*p)) p = skip_json_spaces(p, end);
    }
    batch.rows.push_back((kTyped ? batch.floats.size() : batch.values.size()) + staged);
    batch.row_tails.push_back(static_cast<std::size_t>(t - text));
    *t++ = ']';
  }
  flush();
  batch.text.resize(static_cast<std::size_t>(t - text));
  recycle_text_buffer(std::move(chunk.raw));
}

}  // namespace

void parse_json_rows(Chunk& chunk, DType dtype) {
  if (dtype != DType::kFloat32) {
    parse_rows<double, false, false>(chunk);
  } else if (chunk.typed && chunk.keep_text) {
    parse_rows<float, true, true>(chunk);
  } else if (chunk.typed) {
    parse_rows<float, true, false>(chunk);
  } else {
    parse_rows<float, false, false>(chunk);
  }
  chunk.batch.dtype = dtype;
}

}  // namespace nnact
