// Parsing a chunk of CSV/TSV records into a batch (internal): the part of the CSV reader that
// runs on any thread, after run() has cut the input and read the header.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "nnact/io.hpp"

namespace nnact {

// What parsing a chunk needs to know: the options, and what the first chunk decided (header,
// field selection, leading comments). Filled by the reader before the first chunk is parsed.
struct CsvLayout {
  CsvLayout(const ReadOptions& read, std::string input_name);

  ReadOptions options;
  std::string name;
  bool header = false;                // the first record of the first chunk is a header
  std::size_t leading_comments = 0;   // comment records at the start of the first chunk
  std::string header_twins;           // the header cells crelu appends: ",x_neg,y_neg"
  std::shared_ptr<const std::vector<std::string>> columns;  // the header's cells (Batch::columns)
  bool select_all = true;
  std::vector<bool> selected_columns;
  bool na_empty = false;               // an empty cell is a missing value
  std::vector<std::string> na_tokens;  // the other --na tokens

  bool selected(std::size_t column) const {
    return select_all || (column < selected_columns.size() && selected_columns[column]);
  }
  // Whether a cell's trimmed text is a missing value (--na).
  bool missing(std::string_view text) const {
    if (text.empty()) return na_empty;
    return std::find(na_tokens.begin(), na_tokens.end(), text) != na_tokens.end();
  }
  // A cell's trimmed text as a number, with the decimal mark of --decimal.
  bool read_number(std::string_view text, double& value) const;
  // Error(kData) at name:line:column for the cell `text` of the 0-based `field`.
  [[noreturn]] void fail(std::uint64_t line, std::size_t column, std::size_t field, std::string_view text) const;
  [[noreturn]] void fail_unterminated(std::uint64_t line, std::size_t column) const;
};

// Fills chunk.batch from chunk.raw (which it takes). The template (Batch::text) is built in
// raw's own storage: the input less the numbers' text, or with Chunk::keep_text the input as it
// is, Batch::kept giving each number's span in it.
void parse_csv_records(const CsvLayout& layout, Chunk& chunk);

}  // namespace nnact
