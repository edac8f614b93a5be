// CsvLayout (csv_records.hpp): what parsing a CSV/TSV chunk needs to know, and how it reports a
// cell it cannot read.
#include <algorithm>
#include <string>

#include "io/csv_records.hpp"
#include "io/message_text.hpp"
#include "nnact/status.hpp"

namespace nnact {

CsvLayout::CsvLayout(const ReadOptions& read, std::string input_name) : options(read), name(std::move(input_name)) {
  for (const std::string& token : options.na) {
    if (token.empty()) {
      na_empty = true;
    } else {
      na_tokens.push_back(token);
    }
  }
}

// "1,5" with --decimal ',' is read as "1.5"; a '.' in it is then no number (as pandas' decimal=',').
bool CsvLayout::read_number(std::string_view text, double& value) const {
  if (options.decimal == '.') return parse_number(text, options.dtype, value);
  if (text.find('.') != std::string_view::npos) return false;
  std::string dotted(text);
  std::replace(dotted.begin(), dotted.end(), options.decimal, '.');
  return parse_number(dotted, options.dtype, value);
}

// `field` is named when the header names it, so that a text column is found at once (-f
// leaves it out).
void CsvLayout::fail(std::uint64_t line, std::size_t column, std::size_t field, std::string_view text) const {
  std::string which;
  if (columns && field < columns->size()) {
    which = " (column " + quoted_excerpt((*columns)[field], 40) + ")";
  }
  throw Error(ErrorKind::kData, name + ":" + std::to_string(line) + ":" + std::to_string(column),
              "cannot read " + quoted_excerpt(text) + " as a number" + which);
}

void CsvLayout::fail_unterminated(std::uint64_t line, std::size_t column) const {
  throw Error(ErrorKind::kData, name + ":" + std::to_string(line) + ":" + std::to_string(column),
              "unterminated quoted field: no closing '\"' before the end of the input");
}

}  // namespace nnact
