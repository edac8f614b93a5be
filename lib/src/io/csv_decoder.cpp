// CSV/TSV reader: RFC 4180 quoting, CRLF or LF, BOM, comment lines, header detection, field
// selection, a decimal comma.
// run() cuts the input at record boundaries and reads the header; parse() turns a cut into a
// batch on any thread (csv_records.cpp).
#include <algorithm>
#include <utility>

#include "io/codecs.hpp"
#include "io/csv_cells.hpp"
#include "io/csv_records.hpp"
#include "io/fields.hpp"
#include "io/line_chunks.hpp"
#include "nnact/status.hpp"

namespace nnact {
namespace {

// How much of a first record longer than a block is looked at to tell a header from data.
constexpr std::size_t kHeaderProbeBytes = 1 << 14;

class CsvDecoder final : public Decoder {
 public:
  CsvDecoder(const ReadOptions& options, std::string name)
      : options_(options), layout_(options, std::move(name)) {}

  void run(Input& input, const std::function<void(Chunk&&)>& emit) override;
  void parse(Chunk& chunk) const override { parse_csv_records(layout_, chunk); }
  std::string note() const override {
    return auto_comment_ ? "line 1 starts with '#' and the next line is its header: line 1 passes through as a comment (--comment '#' for every such line)"
                         : std::string();
  }

 private:
  Cell scan_cell(const char* p, const char* end) const { return nnact::scan_cell(p, end, options_.delimiter); }
  std::size_t record_boundary(std::string_view block) const;
  // Where run() cuts a block: at the last record end, or (record_pieces) inside a long record
  // after its last whole cell, noted in piece_*.
  std::size_t cut(std::string_view block, bool at_end);
  // One past the last delimiter outside quotes, from `from` on (0: none); sets piece_cells_
  // and piece_record_end_ for it.
  std::size_t piece_end(std::string_view block, std::size_t from);
  // Where the header candidate starts: past leading comment lines. 0 with `wait` set when the
  // block does not hold enough records yet to tell.
  std::size_t skip_leading_comments(std::string_view block, bool at_end, bool& wait);
  std::vector<std::string> cells_of(std::string_view record, bool& numeric) const;
  bool parses_under(std::string_view header, std::string_view record) const;
  void read_header(std::string_view first_record);
  bool read_number(std::string_view text, double& value) const { return layout_.read_number(text, value); }

  const ReadOptions options_;
  CsvLayout layout_;  // what parse() needs, the header's decisions included
  bool auto_comment_ = false;  // the first leading comment found by the '#' rule (no --comment)
  // The last cut, when it fell inside a record (0: at a record end or none); the cells of that
  // record the piece holds, counted from a record end in it if it holds one.
  std::size_t piece_at_ = 0;
  std::size_t piece_cells_ = 0;
  bool piece_record_end_ = false;
};

// One past the last newline outside quotes; 0 if the block holds no whole record.
std::size_t CsvDecoder::record_boundary(std::string_view block) const {
  if (block.find('"') == std::string_view::npos) {
    return after_last_newline(block);
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

std::size_t CsvDecoder::piece_end(std::string_view block, std::size_t from) {
  const char delimiter = options_.delimiter;
  piece_cells_ = 0;
  piece_record_end_ = false;
  std::string_view rest = block.substr(from);
  if (rest.find('"') == std::string_view::npos) {  // no quotes, and (record_boundary) no line end
    auto last = last_byte(rest, delimiter);
    if (last == std::string_view::npos) return 0;
    piece_cells_ = count_byte(rest.data(), last + 1, delimiter);
    return from + last + 1;
  }
  // Cell by cell, with the parser's own rules, so that no quoted cell is cut.
  std::size_t at = 0, cells = 0;
  bool record_end = false;
  const char* const begin = block.data();
  const char* const end = begin + block.size();
  for (const char* p = begin + from; p < end;) {
    Cell cell = nnact::scan_cell(p, end, delimiter);
    if (cell.unterminated) break;
    if (cell.last_in_record) {
      if (cell.next == end) break;  // the block ends inside this cell
      p = cell.next + 1;  // a line end the quote count missed: cells count from it
      cells = 0;
      record_end = true;
      continue;
    }
    p = cell.next;
    at = static_cast<std::size_t>(p - begin);
    piece_cells_ = ++cells;
    piece_record_end_ = record_end;
  }
  return at;
}

std::size_t CsvDecoder::cut(std::string_view block, bool at_end) {
  piece_at_ = 0;
  const std::size_t at = record_boundary(block);
  if (at != 0 || at_end || !options_.record_pieces || block.size() < kBlockBytes) return at;
  return piece_at_ = piece_end(block, 0);
}

void CsvDecoder::run(Input& input, const std::function<void(Chunk&&)>& emit) {
  bool first = true;
  PieceCursor cursor;
  auto stamped = [&](Chunk&& chunk) {
    const bool open = piece_at_ != 0 && chunk.raw.size() == piece_at_;
    cursor.stamp(chunk, open);
    const std::size_t field = cursor.field;
    cursor.advance(chunk.raw, open);
    if (open) cursor.field = piece_record_end_ ? piece_cells_ : field + piece_cells_;
    emit(std::move(chunk));
  };
  emit_line_chunks(input, stamped, [&](std::string_view block, bool at_end) -> std::size_t {
    if (first) {  // the header decides the field selection before any chunk is parsed
      piece_at_ = 0;
      bool wait = false;
      std::size_t start = skip_leading_comments(block, at_end, wait);
      if (wait) return 0;
      std::string_view rest = block.substr(start);
      std::size_t record_end = first_record_end(rest);
      if (record_end == 0 && !at_end) {
        // A first record too long to hold (record_pieces) is read as data when its whole cells
        // are numbers; a header (or -f, which needs its width) is held whole.
        if (!options_.record_pieces || rest.size() < kBlockBytes || !options_.fields.empty() ||
            options_.header == Header::kYes) {
          return 0;
        }
        // Its cells in the first kHeaderProbeBytes decide (a header is not that long): all of
        // the block's would be some 65,000 cells read twice before the first chunk goes out.
        std::size_t piece = piece_end(rest.substr(0, kHeaderProbeBytes), 0);
        bool numeric = true;
        if (piece != 0) cells_of(rest.substr(0, piece), numeric);
        if (piece == 0 || piece_record_end_ || (options_.header == Header::kAuto && !numeric)) return 0;
        record_end = piece;
      }
      read_header(rest.substr(0, record_end ? record_end : rest.size()));
      first = false;
    }
    return cut(block, at_end);
  });
}

std::size_t CsvDecoder::skip_leading_comments(std::string_view block, bool at_end, bool& wait) {
  std::size_t at = 0;
  std::size_t& leading_comments = layout_.leading_comments;
  leading_comments = 0;
  if (options_.comment != '\0') {
    while (at < block.size() && block[at] == options_.comment) {
      auto nl = block.find('\n', at);
      if (nl == std::string_view::npos) {
        wait = !at_end;
        return block.size();
      }
      at = nl + 1;
      ++leading_comments;
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
  leading_comments = 1;
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
    selected = select_fields(options_.fields, &names, std::max(names.size(), cells.size()), layout_.name);
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
  CsvLayout& layout = layout_;
  layout.header = options_.header == Header::kYes || (options_.header == Header::kAuto && !numeric);
  if (layout.header) layout.columns = std::make_shared<const std::vector<std::string>>(std::move(columns));
  if (!options_.fields.empty()) {
    layout.select_all = false;
    layout.selected_columns = select_fields(options_.fields, layout.header ? &names : nullptr, names.size(), layout.name);
  }
  for (std::size_t i = 0; i < twins.size(); ++i) {
    if (layout.selected(i)) layout.header_twins += options_.delimiter + twins[i];
  }
}

}  // namespace

std::unique_ptr<Decoder> make_csv_decoder(const ReadOptions& options, const std::string& name) {
  return std::make_unique<CsvDecoder>(options, name);
}

}  // namespace nnact
