// Writers of CSV/TSV input in another format (or CSV with another delimiter): every cell is
// written, not only the numbers — the header, text cells, missing values — as the target needs
// them: CSV/TSV quoted as RFC 4180 (Python's csv module) does, JSON/NDJSON objects keyed by
// the header (as `mlr --icsv --ojson`), or arrays of cells when there is no header.
#include <algorithm>
#include <set>
#include <string>

#include "io/codecs.hpp"
#include "io/csv_cells.hpp"
#include "io/csv_table.hpp"
#include "io/json_quote.hpp"
#include "nnact/status.hpp"

namespace nnact {
namespace {

// RFC 8259's number: what a JSON reader takes for a number as it is written.
bool is_json_number(std::string_view s) {
  std::size_t i = 0;
  auto digits = [&] {
    std::size_t from = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    return i > from;
  };
  if (i < s.size() && s[i] == '-') ++i;
  if (i < s.size() && s[i] == '0') {
    ++i;
  } else if (!digits()) {
    return false;
  }
  if (i < s.size() && s[i] == '.' && (++i, !digits())) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (!digits()) return false;
  }
  return i == s.size();
}

// The object keys of a header's cells, `"name":` each. A name met again gets Miller's suffix
// (a, a_2, a_3), so that no value hides another.
std::vector<std::string> json_keys(const std::vector<std::string>& columns) {
  std::vector<std::string> keys;
  std::set<std::string> used;
  for (const std::string& column : columns) {
    std::string name = column;
    for (int n = 2; !used.insert(name).second; ++n) name = column + "_" + std::to_string(n);
    keys.emplace_back();
    append_quoted(keys.back(), name);
    keys.back() += ':';
  }
  return keys;
}

// One cell as a JSON value: a number, null for a missing value; a text cell as a string, or as
// the number it is when it is written as a JSON number (outside quotes), as Miller does.
void append_json_cell(const Batch& batch, const TableCell& cell, const WriteOptions& options, std::string& out) {
  if (cell.value == kNoValue) {
    if (!cell.quoted && is_json_number(cell.raw)) {
      out += cell.raw;
    } else {
      append_quoted(out, cell_text(cell.raw, cell.quoted));
    }
  } else if (cell.missing) {
    out += "null";
  } else {
    append_value(batch.values[cell.value], batch.dtype, options, true, out);
  }
}

// A data record as a JSON object keyed by the header (`keys`), or an array without one.
void append_json_record(const Batch& batch, const TableRecord& record, const std::vector<std::string>& keys,
                        const WriteOptions& options, std::string& out) {
  if (batch.columns == nullptr) {
    out += '[';
    for (std::size_t i = 0; i < record.cells.size(); ++i) {
      if (i > 0) out += ',';
      append_json_cell(batch, record.cells[i], options, out);
    }
    out += ']';
    return;
  }
  if (record.appended != keys.size()) {
    throw Error(ErrorKind::kData, "line " + std::to_string(record.line),
                std::to_string(record.appended) + (record.appended == 1 ? " cell" : " cells") + ", the header has " +
                    std::to_string(keys.size()) + ": JSON records need one cell per header column");
  }
  out += '{';
  std::size_t twin = 0;  // appended cell j (crelu) is the twin of the j-th cell holding a value
  for (std::size_t i = 0; i < record.cells.size(); ++i) {
    if (i > 0) out += ',';
    if (i < record.appended) {
      out += keys[i];
    } else {
      while (record.cells[twin].value == kNoValue) ++twin;
      append_quoted(out, (*batch.columns)[twin++] + "_neg");
      out += ':';
    }
    append_json_cell(batch, record.cells[i], options, out);
  }
  out += '}';
}

// A cell of CSV/TSV output: quoted when it holds the delimiter, a quote or a line break, as
// Python's csv module writes (QUOTE_MINIMAL), so that a reader of either gets it back.
void append_delimited_cell(std::string_view text, char delimiter, std::string& out) {
  if (text.find_first_of(std::string{delimiter, '"', '\n', '\r'}) == std::string_view::npos) {
    out += text;
    return;
  }
  out += '"';
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

class TableEncoder final : public Encoder {
 public:
  TableEncoder(const WriteOptions& options, char input_delimiter, char delimiter)
      : options_(options), input_delimiter_(input_delimiter), delimiter_(delimiter) {}

  bool nonfinite_as_null() const override {
    return options_.format == Format::kNdjson && options_.nonfinite == JsonNonfinite::kNull;
  }

  void encode(const Batch& batch, std::string& out) const override {
    if (options_.format == Format::kNdjson) return append_json_rows(batch, input_delimiter_, options_, "", "\n", out);
    for_each_record(batch, input_delimiter_, [&](const TableRecord& record) {
      for (std::size_t i = 0; i < record.cells.size(); ++i) {
        if (i > 0) out += delimiter_;
        const TableCell& cell = record.cells[i];
        const std::size_t size = out.size();
        if (cell.value == kNoValue) {
          append_delimited_cell(cell_text(cell.raw, cell.quoted), delimiter_, out);
        } else if (!cell.missing) {
          append_value(batch.values[cell.value], batch.dtype, options_, false, out);
        }
        // A record of one empty cell would read back as a blank line: quoted, as Python does.
        if (out.size() == size && record.cells.size() == 1) out += "\"\"";
      }
      out += '\n';
    });
  }

 private:
  WriteOptions options_;
  char input_delimiter_;
  char delimiter_;
};

}  // namespace

void append_json_rows(const Batch& batch, char input_delimiter, const WriteOptions& options, std::string_view before,
                      std::string_view after, std::string& out) {
  const std::vector<std::string> keys = batch.columns ? json_keys(*batch.columns) : std::vector<std::string>();
  for_each_record(batch, input_delimiter, [&](const TableRecord& record) {
    if (record.header) return;
    out += before;
    append_json_record(batch, record, keys, options, out);
    out += after;
  });
}

std::unique_ptr<Encoder> make_table_encoder(const WriteOptions& options, char input_delimiter, char delimiter) {
  return std::make_unique<TableEncoder>(options, input_delimiter, delimiter);
}

}  // namespace nnact
