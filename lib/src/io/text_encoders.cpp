// Writers: same-format output through the batch's template, and rows of numbers for
// conversions (CSV/TSV/txt/NDJSON lines; a JSON array of arrays: json_rows_encoder.cpp).
#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <memory>

#include "io/codecs.hpp"
#include "io/kept_text.hpp"
#include "io/number_write.hpp"
#include "io/shortest_text.hpp"
#include "io/text_buffers.hpp"
#include "nnact/status.hpp"

namespace nnact {

// JSON has no NaN or Infinity: null, Python's literals, or an error (--json-nonfinite).
static char* write_json_nonfinite(char* out, double value, JsonNonfinite mode) {
  std::string_view text;
  switch (mode) {
    case JsonNonfinite::kNull:
      text = "null";
      break;
    case JsonNonfinite::kLiteral:
      text = std::isnan(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity";
      break;
    case JsonNonfinite::kError:
      throw Error(ErrorKind::kData, "", "a result is not finite and JSON cannot hold it "
                                        "(--json-nonfinite null|literal writes it anyway)");
  }
  return std::copy(text.begin(), text.end(), out);
}

char* write_value(char* out, double value, DType dtype, const WriteOptions& options, bool json) {
  if (json && !std::isfinite(value)) return write_json_nonfinite(out, value, options.nonfinite);
  char* end = write_number(out, value, dtype, options.precision);
  // --decimal ',': CSV/TSV numbers as pandas' to_csv(decimal=',') writes them ("-2,25", "1e-05").
  if (options.decimal != '.' && (options.format == Format::kCsv || options.format == Format::kTsv)) {
    std::replace(out, end, '.', options.decimal);
  }
  return end;
}

void append_value(double value, DType dtype, const WriteOptions& options, bool json, std::string& out) {
  char buffer[kMaxNumberChars];
  out.append(buffer, write_value(buffer, value, dtype, options, json));
}

std::string_view missing_text(Format format) {
  switch (format) {
    case Format::kJson:
    case Format::kNdjson:
      return "null";
    case Format::kTxt:
      return "nan";
    default:
      return "";
  }
}

namespace {

bool is_json(Format format) { return format == Format::kJson || format == Format::kNdjson; }

// Copies the template's text into the output up to each hole: short runs (a delimiter, a kept
// number) as one or two 16-byte moves where the text and the output have the room.
class TemplateCursor {
 public:
  TemplateCursor(const std::string& text, char* out) : text_(text.data()), size_(text.size()), w_(out) {}
  void to(std::size_t to) {
    const std::size_t n = to - at_;
    if (n <= 32 && size_ - at_ >= 32) {
      // The output has kMaxNumberChars (32) of room past any text.
      std::memcpy(w_, text_ + at_, 16);
      if (n > 16) std::memcpy(w_ + 16, text_ + at_ + 16, 16);
      w_ += n;
    } else {
      w_ = std::copy(text_ + at_, text_ + to, w_);
    }
    at_ = to;
  }
  void skip_to(std::size_t to) { at_ = to; }
  char*& out() { return w_; }

 private:
  const char* text_;
  std::size_t size_;
  std::size_t at_ = 0;  // text written so far
  char* w_;
};

// A buffer of at least `size` bytes, left uninitialised, reused by the thread's later calls.
char* scratch_buffer(std::size_t size) {
  thread_local std::unique_ptr<char[]> buffer;
  thread_local std::size_t capacity = 0;
  if (capacity < size) {
    capacity = std::max(size, capacity + capacity / 2);
    buffer.reset(new char[capacity]);
  }
  return buffer.get();
}

class TemplateEncoder final : public Encoder {
 public:
  TemplateEncoder(const WriteOptions& options, char separator)
      : options_(options), separator_(separator), json_(is_json(options.format)),
        missing_(missing_text(options.format)) {}

  bool nonfinite_as_null() const override { return writes_json_nulls(options_); }
  bool takes_floats() const override { return true; }
  bool takes_kept_text() const override { return shortest(); }
  // A piece of a row is template text like any other (rows are not doubled by element-wise ops).
  bool takes_row_pieces() const override { return true; }

  // Writes into a scratch buffer of the thread sized for the worst case, then appends what it
  // wrote: no per-value allocation, and no zero-filling of the worst case.
  void encode(const Batch& batch, std::string& out) const override {
    const std::size_t count = batch.values.size() + batch.floats.size();
    char* const scratch = scratch_buffer(batch.text.size() + batch.header_twins.size() +
                                         count * (kMaxNumberChars + 1) + kMaxNumberChars);
    TemplateCursor cursor(batch.text, scratch);
    char*& w = cursor.out();
    // A missing value's text is in the template already: its hole stays empty.
    MissingCursor missing(batch.missing);
    if (!batch.floats.empty()) {
      encode_floats(batch, cursor);
    } else if (!batch.rows_doubled && batch.missing.empty()) {
      for (std::size_t i = 0; i < batch.values.size(); ++i) {
        cursor.to(batch.holes[i]);
        w = write_value(w, batch.values[i], batch.dtype, options_, json_);
      }
    } else if (!batch.rows_doubled) {
      for (std::size_t i = 0; i < batch.values.size(); ++i) {
        cursor.to(batch.holes[i]);
        if (!missing.take(i)) w = write_value(w, batch.values[i], batch.dtype, options_, json_);
      }
    } else {
      // Row r holds 2n values: the first n go into the row's holes, the rest after its tail.
      if (batch.header_tail != static_cast<std::size_t>(-1)) {  // the header's twin names
        cursor.to(batch.header_tail);
        w = std::copy(batch.header_twins.begin(), batch.header_twins.end(), w);
      }
      std::size_t start = 0, next_hole = 0;
      for (std::size_t r = 0; r < batch.rows.size(); ++r) {
        std::size_t n = (batch.rows[r] - start) / 2;
        for (std::size_t k = 0; k < n; ++k) {
          cursor.to(batch.holes[next_hole++]);
          if (!missing.take(start + k)) w = write_value(w, batch.values[start + k], batch.dtype, options_, json_);
        }
        cursor.to(batch.row_tails[r]);
        for (std::size_t k = n; k < 2 * n; ++k) {
          if (k > 0) *w++ = separator_;
          if (missing.take(start + k)) {
            w = std::copy(missing_.begin(), missing_.end(), w);
          } else {
            w = write_value(w, batch.values[start + k], batch.dtype, options_, json_);
          }
        }
        start = batch.rows[r];
      }
    }
    cursor.to(batch.text.size());
    if (out.empty()) {  // a recycled string: its room is there already
      out = take_text_buffer();
      out.clear();
    }
    out.append(scratch, w);
  }
  // A JSON document is kept compact; it ends with a newline like every text file.
  void end(Output& output) override {
    if (options_.format == Format::kJson) output.write("\n");
  }

 private:
  bool shortest() const { return options_.precision <= 0 && options_.decimal == '.'; }

  // Batch::floats (float32, one value per hole, never rows doubled). A value the op left as it
  // was read keeps its text when that text is the writer's own (Batch::kept): it is template
  // text like the rest. The values to write are listed first, a block at a time, without a
  // branch per value (whether the op changed one is as good as random), then written between
  // runs of template text.
  void encode_floats(const Batch& batch, TemplateCursor& cursor) const {
    char*& w = cursor.out();
    const float* values = batch.floats.data();
    const std::size_t* holes = batch.holes.data();
    const std::uint8_t* kept = batch.kept.empty() ? nullptr : batch.kept.data();
    const float* read = batch.read.data();
    const bool shortest = this->shortest();
    MissingCursor missing(batch.missing);
    constexpr std::size_t kBlock = 1024;
    std::uint32_t listed[kBlock];
    for (std::size_t block = 0, n = batch.floats.size(); block < n; block += kBlock) {
      const auto size = static_cast<std::uint32_t>(std::min(kBlock, n - block));
      std::size_t count = 0;
      if (kept == nullptr) {
        for (std::uint32_t i = 0; i < size; ++i) listed[i] = i;
        count = size;
      } else {
        for (std::uint32_t i = 0; i < size; ++i) {
          const std::size_t at = block + i;
          const bool own = static_cast<std::uint8_t>(kept[at] - 1) < kKeptForeign - 1;  // 1..127
          const bool same = std::bit_cast<std::uint32_t>(values[at]) == std::bit_cast<std::uint32_t>(read[at]);
          listed[count] = i;
          count += !(own & same);
        }
      }
      for (std::size_t k = 0; k < count; ++k) {
        const std::size_t i = block + listed[k];
        const std::size_t hole = holes[i];
        cursor.to(hole);
        cursor.skip_to(hole + (kept ? kept[i] & ~kKeptForeign : 0));
        if (missing.take(i)) continue;
        const float v = values[i];
        if (json_ && !std::isfinite(v)) {
          w = write_json_nonfinite(w, v, options_.nonfinite);
        } else if (shortest) {
          w = write_shortest(w, v);
        } else {
          w = write_value(w, v, DType::kFloat32, options_, json_);
        }
      }
    }
  }

  WriteOptions options_;
  char separator_;
  bool json_;
  std::string_view missing_;
};

// Rows of numbers, one per line, for CSV/TSV/txt written from another format; NDJSON writes
// each row as a JSON array.
class RowsEncoder final : public Encoder {
 public:
  RowsEncoder(const WriteOptions& options, char delimiter)
      : options_(options), delimiter_(delimiter), json_(is_json(options.format)) {}

  bool nonfinite_as_null() const override { return writes_json_nulls(options_); }
  bool takes_row_pieces() const override { return true; }
  bool takes_floats() const override { return true; }
  bool takes_kept_text() const override { return options_.precision <= 0 && options_.decimal == '.'; }

  // A piece that continues a row (Batch::row_continued) starts with a delimiter before its
  // first value, which ordered() drops when the row has no value yet; a row left open ends
  // without its line end.
  void encode(const Batch& batch, std::string& out) const override {
    if (!batch.floats.empty()) return encode_floats(batch, out);
    std::size_t start = 0;
    MissingCursor missing(batch.missing);
    const std::string_view missing_value = missing_text(options_.format);
    for (std::size_t r = 0; r < batch.rows.size(); ++r) {
      const std::size_t end = batch.rows[r];
      const bool continued = r == 0 && batch.row_continued;
      if (json_ && !continued) out += '[';
      for (std::size_t i = start; i < end; ++i) {
        if (i > start || continued) out += delimiter_;
        if (missing.take(i)) {
          out += missing_value;
        } else {
          append_value(batch.values[i], batch.dtype, options_, json_, out);
        }
      }
      if (r + 1 < batch.rows.size() || !batch.row_open) out += json_ ? "]\n" : "\n";
      start = end;
    }
  }

  // encode() for Batch::floats, into the thread's scratch buffer: a value the op left as it was
  // read keeps its text when that text is the writer's own (Batch::kept; the reader left it in
  // the template).
  void encode_floats(const Batch& batch, std::string& out) const {
    const std::size_t n = batch.floats.size();
    char* const begin = scratch_buffer(n * (kMaxNumberChars + 1) + batch.rows.size() * 3 + kMaxNumberChars);
    char* w = begin;
    const float* values = batch.floats.data();
    const float* read = batch.read.data();
    const std::uint8_t* kept = batch.kept.empty() ? nullptr : batch.kept.data();
    const char* const text = batch.text.data();
    const char* const text_end = text + batch.text.size();
    const bool shortest = takes_kept_text();
    MissingCursor missing(batch.missing);
    const std::string_view missing_value = missing_text(options_.format);
    std::size_t start = 0;
    for (std::size_t r = 0; r < batch.rows.size(); ++r) {
      const std::size_t end = batch.rows[r];
      const bool continued = r == 0 && batch.row_continued;
      if (json_ && !continued) *w++ = '[';
      for (std::size_t i = start; i < end; ++i) {
        if (i > start || continued) *w++ = delimiter_;
        const float v = values[i];
        if (kept != nullptr && kept_is_writers(kept[i]) && std::bit_cast<std::uint32_t>(v) == std::bit_cast<std::uint32_t>(read[i])) {
          w = copy_kept(w, text + batch.holes[i], text_end, kept[i]);
        } else if (missing.take(i)) {
          w = std::copy(missing_value.begin(), missing_value.end(), w);
        } else if (json_ && !std::isfinite(v)) {
          w = write_json_nonfinite(w, v, options_.nonfinite);
        } else {
          w = shortest ? write_shortest(w, v) : write_value(w, v, DType::kFloat32, options_, json_);
        }
      }
      if (r + 1 < batch.rows.size() || !batch.row_open) {
        if (json_) *w++ = ']';
        *w++ = '\n';
      }
      start = end;
    }
    out.append(begin, w);
  }

  void ordered(const Batch& batch, std::string& encoded) override { pieces_.ordered(batch, encoded); }

 private:
  WriteOptions options_;
  char delimiter_;
  bool json_;
  RowPieces pieces_;
};

}  // namespace

std::unique_ptr<Encoder> make_template_encoder(const WriteOptions& options, char separator) {
  return std::make_unique<TemplateEncoder>(options, separator);
}

std::unique_ptr<Encoder> make_rows_encoder(const WriteOptions& options, char delimiter) {
  return std::make_unique<RowsEncoder>(options, delimiter);
}

}  // namespace nnact
