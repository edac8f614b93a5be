// The workers' half of the JSON rows fast path (json_rows.hpp): a chunk of whole rows, its
// grammar checked by the reader's scan, turned into the batch JsonSax would have built: the
// template in compact form ("[[", ",", "],[", "]]") with a hole per number. Typed chunks keep
// float32 values as floats (Batch::floats), and with keep_text leave the text of each number
// that is the writer's own in the template (Batch::kept), as the CSV reader does.
#include "io/json_number.hpp"
#include "io/json_rows.hpp"

namespace nnact {
namespace {

template <class T, bool kTyped, bool kKeep>
void parse_rows(Chunk& chunk) {
  static_assert(!kTyped || sizeof(T) == 4);
  const std::string& raw = chunk.raw;
  const char* p = raw.data();
  const char* const end = p + raw.size();
  Batch& batch = chunk.batch;
  // The template is the input less white space and numbers (but kept ones), with a ',' before
  // the first row of every chunk after the first (the scan cut after the one between rows):
  // at most one byte longer than what it was made from, plus 16 of room for a 16-byte copy.
  batch.text.resize(raw.size() + 2 + 16);
  char* const text = batch.text.data();
  char* t = text;
  const std::size_t guess = raw.size() / 6;
  (kTyped ? batch.floats.reserve(guess) : batch.values.reserve(guess));
  if (kKeep) batch.kept.reserve(guess);
  batch.holes.reserve(guess);
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
      batch.holes.push_back(static_cast<std::size_t>(t - text));
      T value;
      int kept = 0;
      const char* const stop = read_json_number(p, end, value, kKeep ? &kept : nullptr);
      if constexpr (kTyped) {
        batch.floats.push_back(value);
      } else {
        batch.values.push_back(value);
      }
      if constexpr (kKeep) {
        batch.kept.push_back(static_cast<std::uint8_t>(kept));
        t = copy_kept(t, p, end, kept);  // the text has room (above) for 16 bytes
      }
      p = stop;
      if (json_space(*p)) p = skip_json_spaces(p, end);
      if (*p++ == ']') break;  // else ','
      *t++ = ',';
      p = skip_json_spaces(p, end);
    }
    batch.rows.push_back(kTyped ? batch.floats.size() : batch.values.size());
    batch.row_tails.push_back(static_cast<std::size_t>(t - text));
    *t++ = ']';
  }
  batch.text.resize(static_cast<std::size_t>(t - text));
  chunk.raw = std::string();
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
