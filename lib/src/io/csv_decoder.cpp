// CSV/TSV reader: RFC 4180 quoting, CRLF or LF, BOM, comment lines, header detection, field
// selection, a decimal comma.
// run() cuts the input at record boundaries; parse() turns a cut into a batch on any thread.
#include <algorithm>
#include <charconv>
#include <cstring>
#include <limits>

#include "io/codecs.hpp"
#include "io/csv_cells.hpp"
#include "io/fields.hpp"
#include "io/number_scan.hpp"
#include "io/line_chunks.hpp"
#include "io/message_text.hpp"
#include "nnact/status.hpp"

namespace nnact {
namespace {

class CsvDecoder final : public Decoder {
 public:
  CsvDecoder(const ReadOptions& options, std::string name)
      : options_(options), name_(std::move(name)) {
    for (const std::string& token : options_.na) {
      if (token.empty()) {
        na_empty_ = true;
      } else {
        na_tokens_.push_back(token);
      }
    }
  }

  void run(Input& input, const std::function<void(Chunk&&)>& emit) override;
  void parse(Chunk& chunk) const override;
  std::string note() const override {
    return auto_comment_ ? "line 1 starts with '#' and the next line is its header: line 1 passes through as a comment (--comment '#' for every such line)"
                         : std::string();
  }

 private:
  Cell scan_cell(const char* p, const char* end) const { return nnact::scan_cell(p, end, options_.delimiter); }
  std::size_t record_boundary(std::string_view block) const;
  // Where the header candidate starts: past leading comment lines. 0 with `wait` set when the
  // block does not hold enough records yet to tell.
  std::size_t skip_leading_comments(std::string_view block, bool at_end, bool& wait);
  std::vector<std::string> cells_of(std::string_view record, bool& numeric) const;
  bool parses_under(std::string_view header, std::string_view record) const;
  void read_header(std::string_view first_record);
  bool selected(std::size_t column) const {
    return select_all_ || (column < selected_.size() && selected_[column]);
  }
  // A cell's trimmed text as a number, with the decimal mark of --decimal.
  bool read_number(std::string_view text, double& value) const;
  // Whether a cell's trimmed text is a missing value (--na).
  bool missing(std::string_view text) const {
    if (text.empty()) return na_empty_;
    return std::find(na_tokens_.begin(), na_tokens_.end(), text) != na_tokens_.end();
  }
  [[noreturn]] void fail(std::uint64_t line, std::size_t column, std::size_t field, std::string_view text) const;
  [[noreturn]] void fail_unterminated(std::uint64_t line, std::size_t column) const;

  ReadOptions options_;
  std::string name_;
  bool header_ = false;
  std::size_t leading_comments_ = 0;  // comment records at the start of the first chunk
  bool auto_comment_ = false;         // the first of them found by the '#' rule (no --comment)
  std::string header_twins_;  // the header cells crelu appends: ",x_neg,y_neg"
  std::shared_ptr<const std::vector<std::string>> columns_;  // the header's cells (Batch::columns)
  bool select_all_ = true;
  std::vector<bool> selected_;
  bool na_empty_ = false;               // an empty cell is a missing value
  std::vector<std::string> na_tokens_;  // the other --na tokens
};

// One past the last newline outside quotes; 0 if the block holds no whole record.
std::size_t CsvDecoder::record_boundary(std::string_view block) const {
  if (block.find('"') == std::string_view::npos) {
    auto nl = block.rfind('\n');
    return nl == std::string_view::npos ? 0 : nl + 1;
  }
  std::size_t cut = 0;
  bool quoted = false;
  for (std::size_t i = 0; i < block.size(); ++i) {
    if (block[i] == '"') {
      quoted = !quoted;
    } else if (block[i] == '\n' && !quoted) {
      cut = i + 1;
    }
  }
  return cut;
}

void CsvDecoder::run(Input& input, const std::function<void(Chunk&&)>& emit) {
  bool first = true;
  emit_line_chunks(input, emit, [&](std::string_view block, bool at_end) -> std::size_t {
    if (first) {  // the header decides the field selection before any chunk is parsed
      bool wait = false;
      std::size_t start = skip_leading_comments(block, at_end, wait);
      if (wait) return 0;
      std::string_view rest = block.substr(start);
      std::size_t record_end = first_record_end(rest);
      if (record_end == 0 && !at_end) return 0;
      read_header(rest.substr(0, record_end ? record_end : rest.size()));
      first = false;
    }
    return record_boundary(block);
  });
}

std::size_t CsvDecoder::skip_leading_comments(std::string_view block, bool at_end, bool& wait) {
  std::size_t at = 0;
  leading_comments_ = 0;
  if (options_.comment != '\0') {
    while (at < block.size() && block[at] == options_.comment) {
      auto nl = block.find('\n', at);
      if (nl == std::string_view::npos) {
        wait = !at_end;
        return block.size();
      }
      at = nl + 1;
      ++leading_comments_;
    }
    return at;
  }
  // Auto: "# Data source: ...\nDate,AAPL,...\n": a '#' first line is a comment when the line
  // after it would not parse with it as the header ("# x,y\n1,2\n" keeps it as the header).
  if (!block.starts_with('#')) return 0;
  std::size_t first_end = first_record_end(block);
  std::size_t second_end = first_end ? first_record_end(block.substr(first_end)) : 0;
  if (second_end == 0) {
    wait = !at_end;
    return 0;
  }
  if (parses_under(block.substr(0, first_end), block.substr(first_end, second_end))) return 0;
  leading_comments_ = 1;
  auto_comment_ = true;
  return first_end;
}

// The cells of one record, unquoted; `numeric`: every non-empty one is a number.
std::vector<std::string> CsvDecoder::cells_of(std::string_view record, bool& numeric) const {
  std::vector<std::string> cells;
  numeric = true;
  const char* p = record.data();
  const char* end = p + record.size();
  while (p < end && *p != '\n') {
    Cell cell = scan_cell(p, end);
    std::string_view text(cell.begin, cell.end - cell.begin);
    if (cell.quoted) text = text.substr(1, text.size() >= 2 ? text.size() - 2 : 0);
    std::string_view trimmed = trim_spaces(text);
    double ignored;
    if (!trimmed.empty() && !read_number(trimmed, ignored)) numeric = false;
    cells.emplace_back(text);
    p = cell.next;
    if (cell.last_in_record) break;
  }
  return cells;
}

// Whether every selected cell of `record` is a number or empty, `header` naming the columns.
bool CsvDecoder::parses_under(std::string_view header, std::string_view record) const {
  bool numeric = true;
  std::vector<std::string> names = cells_of(header, numeric);
  std::vector<std::string> cells = cells_of(record, numeric);
  if (options_.fields.empty()) return numeric;
  std::vector<bool> selected;
  try {
    selected = select_fields(options_.fields, &names, std::max(names.size(), cells.size()), name_);
  } catch (const Error&) {
    return false;  // -f names a column this header does not have
  }
  for (std::size_t i = 0; i < cells.size(); ++i) {
    std::string_view cell = trim_spaces(cells[i]);
    double ignored;
    if (i < selected.size() && selected[i] && !cell.empty() && !read_number(cell, ignored)) return false;
  }
  return true;
}

void CsvDecoder::read_header(std::string_view record) {
  bool numeric = true;
  std::vector<std::string> names = cells_of(record, numeric);
  std::vector<std::string> twins;
  std::vector<std::string> columns;
  for (const char* p = record.data(), *end = p + record.size(); p < end && *p != '\n';) {
    Cell cell = scan_cell(p, end);
    std::string_view raw(cell.begin, cell.end - cell.begin);
    columns.push_back(cell_text(raw, cell.quoted));
    twins.emplace_back(cell.quoted ? std::string(raw.substr(0, raw.size() - 1)) + "_neg\"" : std::string(raw) + "_neg");
    p = cell.next;
    if (cell.last_in_record) break;
  }
  header_ = options_.header == Header::kYes || (options_.header == Header::kAuto && !numeric);
  if (header_) columns_ = std::make_shared<const std::vector<std::string>>(std::move(columns));
  if (!options_.fields.empty()) {
    select_all_ = false;
    selected_ = select_fields(options_.fields, header_ ? &names : nullptr, names.size(), name_);
  }
  for (std::size_t i = 0; i < twins.size(); ++i) {
    if (selected(i)) header_twins_ += options_.delimiter + twins[i];
  }
}

// "1,5" with --decimal ',' is read as "1.5"; a '.' in it is then no number (as pandas' decimal=',').
bool CsvDecoder::read_number(std::string_view text, double& value) const {
  if (options_.decimal == '.') return parse_number(text, options_.dtype, value);
  if (text.find('.') != std::string_view::npos) return false;
  std::string dotted(text);
  std::replace(dotted.begin(), dotted.end(), options_.decimal, '.');
  return parse_number(dotted, options_.dtype, value);
}

// `field` is the 0-based cell of the record: named when the header names it, so that a text
// column is found at once (-f leaves it out).
void CsvDecoder::fail(std::uint64_t line, std::size_t column, std::size_t field, std::string_view text) const {
  std::string which;
  if (columns_ && field < columns_->size()) {
    which = " (column " + quoted_excerpt((*columns_)[field], 40) + ")";
  }
  throw Error(ErrorKind::kData, name_ + ":" + std::to_string(line) + ":" + std::to_string(column),
              "cannot read " + quoted_excerpt(text) + " as a number" + which);
}

void CsvDecoder::fail_unterminated(std::uint64_t line, std::size_t column) const {
  throw Error(ErrorKind::kData, name_ + ":" + std::to_string(line) + ":" + std::to_string(column),
              "unterminated quoted field: no closing '\"' before the end of the input");
}

// The common cell, an unquoted number right up to the delimiter or line end, is read in one
// scan; anything else (quotes, spaces, text, overflow) takes the general path. `kept` (float
// only): the length of the number's text when it is the text the writer would write (scan_decimal).
template <class T>
[[gnu::always_inline]] inline bool fast_number(const char*& p, const char* end, char delimiter, T& value, int* kept) {
  const char* q = p;
  if (q < end && *q == '+') {
    ++q;
    if (q < end && (*q == '-' || *q == '+')) return false;
    kept = nullptr;  // the '+' is not written back
  }
  auto [stop, ec] = scan_decimal(q, end, value, kept);
  if (ec != std::errc() || stop == q) return false;
  if (stop != end && *stop != delimiter && *stop != '\n' &&
      !(*stop == '\r' && (stop + 1 == end || stop[1] == '\n'))) {
    return false;
  }
  p = stop;
  return true;
}

void CsvDecoder::parse(Chunk& chunk) const {
  Batch& batch = chunk.batch;
  batch.dtype = options_.dtype;
  batch.columns = columns_;
  const std::string& raw = chunk.raw;
  const char delimiter = options_.delimiter;
  const bool float32 = options_.dtype == DType::kFloat32;
  // from_chars reads float and double only: 16-bit dtypes take parse_number's path, and so
  // does a decimal comma.
  const bool fast = (float32 || options_.dtype == DType::kFloat64) && options_.decimal == '.';
  // The text is the input less the numbers (and their quotes): never longer than the input.
  batch.text.resize(raw.size());
  char* const text = batch.text.data();
  char* const text_end = text + batch.text.size();
  char* t = text;
  // Typed: float32 values stay floats (Batch::floats); keep: canonical number text stays in the
  // template (Batch::kept).
  const bool typed = chunk.typed && float32;
  const bool keep = typed && fast && chunk.keep_text;
  (typed ? batch.floats.reserve(raw.size() / 6) : batch.values.reserve(raw.size() / 6));
  if (keep) batch.kept.reserve(raw.size() / 6);
  batch.holes.reserve(raw.size() / 6);
  const char* p = raw.data();
  const char* end = p + raw.size();
  std::uint64_t line = batch.first_line;
  const char* line_start = p;
  bool header = batch.index == 0 && header_;
  std::size_t leading_comments = batch.index == 0 ? leading_comments_ : 0;
  auto add_value = [&](double value) {
    batch.holes.push_back(static_cast<std::size_t>(t - text));
    if (typed) {
      batch.floats.push_back(static_cast<float>(value));  // a float32 value: exact
    } else {
      batch.values.push_back(value);
    }
    if (keep) batch.kept.push_back(0);
  };
  auto count = [&] { return typed ? batch.floats.size() : batch.values.size(); };
  while (p < end) {
    const char* record_start = p;
    if (leading_comments > 0 || (options_.comment != '\0' && *p == options_.comment)) {
      // A comment line, copied as it is (its line end too); not a row, never the header.
      leading_comments -= leading_comments > 0;
      const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
      const char* stop = nl ? nl + 1 : end;
      t = std::copy(p, stop, t);
      p = stop;
      ++line;
      line_start = p;
      continue;
    }
    std::size_t column = 0;
    for (;;) {
      double value;
      float single;
      int kept = 0;
      if (!header && selected(column) && fast &&
          (float32 ? fast_number<float>(p, end, delimiter, single, keep ? &kept : nullptr)
                   : fast_number<double>(p, end, delimiter, value, nullptr))) {
        batch.holes.push_back(static_cast<std::size_t>(t - text));
        if (typed) {
          batch.floats.push_back(single);
          if (keep) {
            batch.kept.push_back(static_cast<std::uint8_t>(kept));
            if (end - (p - kept) >= 16 && text_end - t >= 16) {  // the number's own text (kept)
              std::memcpy(t, p - kept, 16);
              t += kept;
            } else {
              t = std::copy(p - kept, p, t);
            }
          }
        } else {
          batch.values.push_back(float32 ? single : value);
        }
        if (p < end && *p == '\r') *t++ = *p++;
        ++column;
        if (p < end && *p == delimiter) {
          *t++ = *p++;
          continue;
        }
        break;
      }
      Cell cell = scan_cell(p, end);
      if (cell.unterminated) fail_unterminated(line, static_cast<std::size_t>(cell.begin - line_start) + 1);
      std::string_view cell_text(cell.begin, cell.end - cell.begin);
      std::string_view body = cell.quoted ? cell_text.substr(1, cell_text.size() >= 2 ? cell_text.size() - 2 : 0)
                                          : cell_text;
      std::string_view number = trim_spaces(body);
      // A line holding nothing is a blank line, not a row with one missing cell.
      const bool blank_line = column == 0 && cell_text.empty() && cell.last_in_record;
      if (header || !selected(column) || (number.empty() && blank_line)) {
        t = std::copy(cell.begin, cell.end, t);
      } else if (!number.empty() && read_number(number, value)) {
        if (!cell.quoted) t = std::copy(cell.begin, number.data(), t);
        add_value(value);
        if (!cell.quoted) t = std::copy(number.data() + number.size(), cell.end, t);
      } else if (missing(number)) {  // kept as written; the writer leaves the hole empty
        t = std::copy(cell.begin, cell.end, t);
        batch.missing.push_back(count());
        add_value(std::numeric_limits<double>::quiet_NaN());
      } else {
        fail(line, static_cast<std::size_t>(cell.begin - line_start) + 1, column, cell_text);
      }
      for (const char* q = cell.begin; q < cell.end; ++q) {  // newlines inside quotes
        if (*q == '\n') {
          ++line;
          line_start = q + 1;
        }
      }
      t = std::copy(cell.end, cell.next, t);  // the delimiter, or a '\r' before the line end
      p = cell.next;
      ++column;
      if (cell.last_in_record) break;
    }
    bool blank = p - record_start <= 1 && column == 1 && (p == record_start || *record_start == '\r');
    std::size_t tail = static_cast<std::size_t>(t - text);
    tail -= tail > 0 && p > record_start && p[-1] == '\r' ? 1 : 0;
    if (header) {
      batch.header_tail = tail;
      batch.header_twins = header_twins_;
    }
    if (!header && !blank) {
      batch.row_tails.push_back(tail);
      batch.rows.push_back(count());
    }
    if (p < end) {  // the '\n'
      *t++ = '\n';
      ++p;
      ++line;
      line_start = p;
    }
    if (header) batch.header_bytes = static_cast<std::size_t>(t - text);
    header = false;
  }
  batch.text.resize(static_cast<std::size_t>(t - text));
  chunk.raw = std::string();
}

}  // namespace

std::unique_ptr<Decoder> make_csv_decoder(const ReadOptions& options, const std::string& name) {
  return std::make_unique<CsvDecoder>(options, name);
}

}  // namespace nnact
