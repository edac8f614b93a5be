// CSV/TSV records to a batch: the values, and the template the same-format writer fills. The
// common cell, an unquoted number right up to the delimiter or line end, is read in one scan;
// anything else (quotes, spaces, text, missing values, overflow) takes the cell-by-cell path.
#include "io/csv_records.hpp"

#include <charconv>
#include <cstring>
#include <limits>
#include <utility>

#include "io/codecs.hpp"
#include "io/csv_cells.hpp"
#include "io/fields.hpp"
#include "io/number_scan.hpp"

namespace nnact {
namespace {

// An unquoted number right up to the delimiter or line end, read in one scan; false for
// anything else (nothing read). `kept` (float only): as scan_decimal sets it.
template <class T>
[[gnu::always_inline]] inline bool fast_number(const char*& p, const char* end, char delimiter, T& value, int* kept) {
  const char* q = p;
  if (*q == '+') {
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

// The template, built in the raw bytes' own storage as they are read: the text of everything
// that is not a number, moved down over the numbers' text taken out (never past what is read).
// With kept text (Chunk::keep_text) the numbers' text stays, so nothing moves.
class TemplateText {
 public:
  explicit TemplateText(std::string& raw) : base_(raw.data()), t_(raw.data()) {}
  void pass(const char* from, const char* to) {
    const auto n = static_cast<std::size_t>(to - from);
    if (t_ != from) std::memmove(t_, from, n);
    t_ += n;
  }
  void pass(const char* from) {  // one byte
    *t_++ = *from;
  }
  std::size_t offset() const { return static_cast<std::size_t>(t_ - base_); }
  const char* base() const { return base_; }
  // Whether the template so far is the input up to `at` (nothing taken out yet).
  bool in_step(const char* at) const { return t_ == at; }
  // Passes up to `at`, the template being in step with the input.
  void step_to(const char* at) { t_ = base_ + (at - base_); }

 private:
  char* const base_;
  char* t_;
};

// Numbers read and not yet appended to the batch, a few hundred at a time: reading one is a
// few stores to the stack instead of a push_back on each of three vectors.
class StagedNumbers {
 public:
  StagedNumbers(Batch& batch, bool typed, bool keep) : batch_(batch), typed_(typed), keep_(keep) {}
  std::size_t count() const { return (typed_ ? batch_.floats.size() : batch_.values.size()) + n_; }
  template <class T>
  [[gnu::always_inline]] void add(std::size_t hole, std::uint8_t kept, T value) {
    holes_[n_] = hole;
    kept_[n_] = kept;
    if (typed_) {
      floats_[n_] = static_cast<float>(value);  // a float32 value: exact
    } else {
      values_[n_] = value;
    }
    if (++n_ == kSize) flush();
  }
  void flush() {
    batch_.holes.insert(batch_.holes.end(), holes_, holes_ + n_);
    if (keep_) batch_.kept.insert(batch_.kept.end(), kept_, kept_ + n_);
    if (typed_) {
      batch_.floats.insert(batch_.floats.end(), floats_, floats_ + n_);
    } else {
      batch_.values.insert(batch_.values.end(), values_, values_ + n_);
    }
    n_ = 0;
  }

 private:
  static constexpr std::size_t kSize = 256;
  Batch& batch_;
  const bool typed_;
  const bool keep_;
  std::size_t n_ = 0;
  std::size_t holes_[kSize];
  std::uint8_t kept_[kSize];
  float floats_[kSize];
  double values_[kSize];
};

class RecordParser {
 public:
  RecordParser(const CsvLayout& layout, Chunk& chunk)
      : layout_(layout),
        chunk_(chunk),
        batch_(chunk.batch),
        text_(chunk.raw),
        delimiter_(layout.options.delimiter),
        float32_(layout.options.dtype == DType::kFloat32),
        // from_chars reads float and double only: 16-bit dtypes take parse_number's path, and
        // so does a decimal comma.
        fast_((float32_ || layout.options.dtype == DType::kFloat64) && layout.options.decimal == '.'),
        typed_(chunk.typed && float32_),
        keep_(typed_ && fast_ && chunk.keep_text),
        staged_(chunk.batch, typed_, keep_) {}

  // Parses the whole chunk; returns the length of the template left at the start of raw.
  std::size_t run();

 private:
  std::size_t count() const { return staged_.count(); }
  void new_line(const char* start) {
    ++line_;
    line_start_ = start;
    line_base_ = 0;
  }
  std::size_t column_of(const char* at) const {
    return line_base_ + static_cast<std::size_t>(at - line_start_) + 1;
  }
  // A number whose text is [from, to) in the input; `kept` > 0: that text is the writer's own.
  template <class T>
  [[gnu::always_inline]] void add_number(const char* from, const char* to, int kept, T value) {
    const std::size_t hole = text_.offset();
    std::uint8_t span = 0;  // 0: the text is taken out (too long to note, or no kept text)
    const auto length = static_cast<std::size_t>(to - from);
    if (keep_ && length < kKeptForeign) {
      text_.pass(from, to);
      span = static_cast<std::uint8_t>(kept > 0 ? length : length | kKeptForeign);
    }
    staged_.add(hole, span, value);
  }
  const char* comment_line(const char* p);
  // Records whose every cell is a number of scan_decimal's short form, the template in step
  // with the input (kept text), from `column` cells into a record (a piece's first record goes
  // on from chunk.field). Stops at the first cell it does not read: `column` cells into the
  // record at `record_start` (left as it was while no record ended); returns where.
  const char* common_records(const char* p, const char*& record_start, std::size_t& column);
  // The cells of one record from `p` (its first cell `column`); returns where it stopped.
  // `resume` non-null: returns early, setting it, after a number read here when the template is
  // in step, so that common_records() takes the record's next cells (a long record's form
  // changes little from cell to cell: only its unusual cells are read here).
  const char* record(const char* p, std::size_t& column, bool header, bool piece, bool* resume);
  const char* general_cell(const char* p, std::size_t& column, bool header, bool piece, bool& last);

  const CsvLayout& layout_;
  Chunk& chunk_;
  Batch& batch_;
  TemplateText text_;
  const char delimiter_;
  const bool float32_;
  const bool fast_;
  const bool typed_;
  const bool keep_;
  StagedNumbers staged_;
  const char* end_ = nullptr;
  std::uint64_t line_ = 0;
  const char* line_start_ = nullptr;
  std::size_t line_base_ = 0;  // bytes of line_start_'s line before this chunk
};

// Bytes a number may start with: a comment character among them would need each record looked at.
bool number_start(char c) { return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.'; }

const char* RecordParser::common_records(const char* p, const char*& record_start, std::size_t& column) {
#if defined(__SSE2__)
  staged_.flush();  // the numbers before these first
  constexpr std::size_t kStage = 256;
  std::size_t holes[kStage];
  std::uint8_t kept[kStage];
  float floats[kStage];
  std::size_t n = 0;
  auto flush = [&] {
    batch_.holes.insert(batch_.holes.end(), holes, holes + n);
    batch_.kept.insert(batch_.kept.end(), kept, kept + n);
    batch_.floats.insert(batch_.floats.end(), floats, floats + n);
    n = 0;
  };
  const char* const base = text_.base();
  // scan_short reads 26 bytes from where it starts, and a '\r' is looked past.
  const char* const last = end_ - p > 32 ? end_ - 32 : p;
  const char delimiter = delimiter_;
  const char* start = record_start;
  std::size_t cells = column;
  while (p < last) {
    float value;
    int length;
    const char* stop;
    if (!scan_detail::scan_short(p, value, &stop, &length, 7, 10)) break;
    const char c = *stop;
    const bool record_end = c == '\n' || (c == '\r' && stop[1] == '\n');
    if (c != delimiter && !record_end) break;
    holes[n] = static_cast<std::size_t>(p - base);
    kept[n] = static_cast<std::uint8_t>(length > 0 ? length : (stop - p) | kKeptForeign);
    floats[n] = value;
    if (++n == kStage) flush();
    ++cells;
    p = stop + 1;
    if (!record_end) continue;
    batch_.row_tails.push_back(static_cast<std::size_t>(stop - base));
    batch_.rows.push_back(batch_.floats.size() + n);
    p += c == '\r';
    new_line(p);
    start = p;
    cells = 0;
  }
  flush();
  text_.step_to(p);
  record_start = start;
  column = cells;
#else
  (void)record_start;
  (void)column;
#endif
  return p;
}

// A comment line, passed through as it is (its line end too); not a row, never the header.
const char* RecordParser::comment_line(const char* p) {
  const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end_ - p)));
  const char* stop = nl ? nl + 1 : end_;
  text_.pass(p, stop);
  new_line(stop);
  return stop;
}

const char* RecordParser::record(const char* p, std::size_t& column, bool header, bool piece, bool* resume) {
  const char* const end = end_;
  const bool all = layout_.select_all && !header && fast_;
  for (;;) {
    // A chunk that ends inside a record (row_open) ends after a delimiter: the next cell is
    // in the next chunk.
    if (p == end) {
      if (batch_.row_open) return p;
    } else if (all || (!header && fast_ && layout_.selected(column))) {
      const char* const start = p;
      bool read;
      if (float32_) {
        float single;
        int kept = 0;
        read = fast_number<float>(p, end, delimiter_, single, keep_ ? &kept : nullptr);
        if (read) add_number(start, p, kept, single);
      } else {
        double value;
        read = fast_number<double>(p, end, delimiter_, value, nullptr);
        if (read) add_number(start, p, 0, value);
      }
      if (read) {
        if (p < end && *p == '\r') text_.pass(p++);
        ++column;
        if (p < end && *p == delimiter_) {
          text_.pass(p++);
          if (resume && p < end && text_.in_step(p)) {
            *resume = true;
            return p;
          }
          continue;
        }
        return p;
      }
    }
    bool last = false;
    p = general_cell(p, column, header, piece, last);
    if (last) return p;
  }
}

// Any cell, by RFC 4180's rules: quoted or not, a number (trimmed of spaces), a missing value,
// or text where no number is wanted (the header, cells -f leaves out).
const char* RecordParser::general_cell(const char* p, std::size_t& column, bool header, bool piece, bool& last) {
  Cell cell = scan_cell(p, end_, delimiter_);
  if (cell.unterminated) layout_.fail_unterminated(line_, column_of(cell.begin));
  std::string_view cell_text(cell.begin, cell.end - cell.begin);
  std::string_view body = cell.quoted ? cell_text.substr(1, cell_text.size() >= 2 ? cell_text.size() - 2 : 0)
                                      : cell_text;
  std::string_view number = trim_spaces(body);
  // A line holding nothing is a blank line, not a row with one missing cell.
  const bool blank_line = column == 0 && !piece && cell_text.empty() && cell.last_in_record;
  // Newlines inside quotes, found before pass() may move the cell's bytes.
  std::uint64_t newlines = 0;
  const char* last_newline = nullptr;
  for (const char* q = static_cast<const char*>(std::memchr(cell.begin, '\n', cell_text.size())); q != nullptr;
       q = static_cast<const char*>(std::memchr(q + 1, '\n', static_cast<std::size_t>(cell.end - q - 1)))) {
    ++newlines;
    last_newline = q;
  }
  double value;
  if (header || !layout_.selected(column) || (number.empty() && blank_line)) {
    text_.pass(cell.begin, cell.end);
  } else if (!number.empty() && layout_.read_number(number, value)) {
    const char* from = cell.quoted ? cell.begin : number.data();  // a quoted number loses its quotes
    const char* to = cell.quoted ? cell.end : number.data() + number.size();
    text_.pass(cell.begin, from);
    add_number(from, to, 0, value);
    text_.pass(to, cell.end);
  } else if (layout_.missing(number)) {  // kept as written; the writer leaves the hole empty
    text_.pass(cell.begin, cell.end);
    batch_.missing.push_back(count());
    add_number(cell.end, cell.end, 0, std::numeric_limits<double>::quiet_NaN());
  } else {
    layout_.fail(line_, column_of(cell.begin), column, cell_text);
  }
  if (newlines > 0) {
    line_ += newlines - 1;
    new_line(last_newline + 1);
  }
  text_.pass(cell.end, cell.next);  // the delimiter, or a '\r' before the line end
  ++column;
  last = cell.last_in_record;
  return cell.next;
}

std::size_t RecordParser::run() {
  const std::string& raw = chunk_.raw;
  const char* p = raw.data();
  end_ = p + raw.size();
  line_ = batch_.first_line;
  line_start_ = p;
  line_base_ = chunk_.column;
  const std::size_t guess = raw.size() / 6;
  (typed_ ? batch_.floats.reserve(guess) : batch_.values.reserve(guess));
  if (keep_) batch_.kept.reserve(guess);
  batch_.holes.reserve(guess);
  bool continued = batch_.row_continued;  // the first record began in an earlier chunk
  bool header = batch_.index == 0 && layout_.header;
  std::size_t leading_comments = batch_.index == 0 ? layout_.leading_comments : 0;
  const char comment = layout_.options.comment;
  // Records of plain numbers go through common_records() when the text is kept (nothing moves)
  // and a comment line cannot start like a number.
  const bool common = keep_ && layout_.select_all && (comment == '\0' || !number_start(comment));
  bool piece = false;
  const char* record_start = p;
  std::size_t column = 0;
  bool resumed = false;  // p is inside the record at record_start, `column` cells in
  while (p < end_) {
    if (!std::exchange(resumed, false)) {
      piece = std::exchange(continued, false);
      record_start = p;
      column = piece ? chunk_.field : 0;
    }
    if (common && !header && leading_comments == 0 && text_.in_step(p)) {
      const char* const start = record_start;
      p = common_records(p, record_start, column);  // stops at a cell it does not read
      piece = piece && record_start == start;       // still in the piece's first record
    }
    const char first_byte = *record_start;  // before pass() may move it
    if (!piece && p == record_start && (leading_comments > 0 || (comment != '\0' && *p == comment))) {
      leading_comments -= leading_comments > 0;
      p = comment_line(p);
      continue;
    }
    p = record(p, column, header, piece, common && !header ? &resumed : nullptr);
    if (resumed) continue;
    bool blank = !piece && p - record_start <= 1 && column == 1 && (p == record_start || first_byte == '\r');
    std::size_t tail = text_.offset();
    tail -= tail > 0 && p > record_start && p[-1] == '\r' ? 1 : 0;
    if (header) {
      batch_.header_tail = tail;
      batch_.header_twins = layout_.header_twins;
    }
    if (!header && !blank) {
      batch_.row_tails.push_back(tail);
      batch_.rows.push_back(count());
    }
    if (p < end_) {  // the '\n'
      text_.pass(p++);
      new_line(p);
    }
    if (header) batch_.header_bytes = text_.offset();
    header = false;
  }
  staged_.flush();
  return text_.offset();
}

}  // namespace

void parse_csv_records(const CsvLayout& layout, Chunk& chunk) {
  Batch& batch = chunk.batch;
  batch.dtype = layout.options.dtype;
  batch.columns = layout.columns;
  const std::size_t size = RecordParser(layout, chunk).run();
  batch.text = std::move(chunk.raw);  // the template is what the parser left at its start
  chunk.raw = std::string();
  batch.text.resize(size);
}

}  // namespace nnact
