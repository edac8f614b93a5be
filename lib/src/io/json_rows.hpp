// The fast path of the JSON reader (internal): a document of rows of numbers, [[1,2],[3,4]],
// the shape of a matrix written by json.dump or nnact. The reader's thread checks the grammar
// with a small state machine (compact rows 64 bytes at a time, json_row_blocks.hpp) and cuts
// the text into chunks of whole rows; workers read the numbers (scan_decimal) and build the
// batch JsonSax would have built. At the first byte the state machine does not accept (an object, a string, null, NaN, deeper nesting, invalid JSON)
// the general parser takes over from the start of that top-level element.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "nnact/io.hpp"

namespace nnact {

// Where the general parser takes over.
struct JsonRowsResume {
  bool done = false;         // the whole document was handed out: nothing left to parse
  std::size_t rows = 0;      // rows handed out (0: parse the document from its start)
  std::size_t row_length = 0;  // their length, when they all have the same (`regular`)
  bool regular = true;
  // Bytes read and not handed out: the parser starts with them. When rows > 0 they start at
  // the last number of the last row handed out (the parser reads "[[" + held, ignoring that row).
  std::string held;
  std::uint64_t offset = 0;  // input offset of held[0]
  std::uint64_t line = 1;    // line and column (1-based) of held[0]
  std::uint64_t column = 1;
  std::uint64_t next_index = 0;  // Batch::index of the next batch
};

// Reads `input` from its start, handing out unparsed chunks (parse them with parse_json_rows)
// for as long as it is a document of rows of numbers.
JsonRowsResume scan_json_rows(Input& input, const std::function<void(Chunk&&)>& emit);

// Fills chunk.batch from a chunk handed out by scan_json_rows, numbers rounded once to `dtype`
// (float32 or float64).
void parse_json_rows(Chunk& chunk, DType dtype);

}  // namespace nnact
