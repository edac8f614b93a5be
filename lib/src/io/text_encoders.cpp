// Writers: same-format output through the batch's template, and rows of numbers for
// conversions (CSV/TSV/txt lines, or a JSON array of arrays).
#include <cmath>

#include <algorithm>

#include "io/codecs.hpp"
#include "io/number_write.hpp"
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

char* write_value(char* out, double value, const WriteOptions& options, bool json) {
  if (json && !std::isfinite(value)) return write_json_nonfinite(out, value, options.nonfinite);
  return write_number(out, value, options.dtype, options.precision);
}

void append_value(double value, const WriteOptions& options, bool json, std::string& out) {
  char buffer[kMaxNumberChars];
  out.append(buffer, write_value(buffer, value, options, json));
}

namespace {

bool is_json(Format format) { return format == Format::kJson || format == Format::kNdjson; }

class TemplateEncoder final : public Encoder {
 public:
  TemplateEncoder(const WriteOptions& options, char separator)
      : options_(options), separator_(separator), json_(is_json(options.format)) {}

  // Writes into a buffer sized for the worst case, then trims: no per-value allocation.
  void encode(const Batch& batch, std::string& out) const override {
    const std::size_t base = out.size();
    out.resize(base + batch.text.size() + batch.values.size() * (kMaxNumberChars + 1));
    char* w = out.data() + base;
    const char* text = batch.text.data();
    std::size_t at = 0;  // text written so far
    auto text_to = [&](std::size_t to) {
      if (to - at == 1) {
        *w++ = text[at];
      } else {
        w = std::copy(text + at, text + to, w);
      }
      at = to;
    };
    if (!batch.rows_doubled) {
      for (std::size_t i = 0; i < batch.values.size(); ++i) {
        text_to(batch.holes[i]);
        w = write_value(w, batch.values[i], options_, json_);
      }
    } else {
      // Row r holds 2n values: the first n go into the row's holes, the rest after its tail.
      std::size_t start = 0, next_hole = 0;
      for (std::size_t r = 0; r < batch.rows.size(); ++r) {
        std::size_t n = (batch.rows[r] - start) / 2;
        for (std::size_t k = 0; k < n; ++k) {
          text_to(batch.holes[next_hole++]);
          w = write_value(w, batch.values[start + k], options_, json_);
        }
        text_to(batch.row_tails[r]);
        for (std::size_t k = n; k < 2 * n; ++k) {
          if (k > 0) *w++ = separator_;
          w = write_value(w, batch.values[start + k], options_, json_);
        }
        start = batch.rows[r];
      }
    }
    text_to(batch.text.size());
    out.resize(static_cast<std::size_t>(w - out.data()));
  }
  // A JSON document is kept compact; it ends with a newline like every text file.
  void end(Output& output) override {
    if (options_.format == Format::kJson) output.write("\n");
  }

 private:
  WriteOptions options_;
  char separator_;
  bool json_;
};

// Rows of numbers, one per line, for CSV/TSV/txt written from another format.
class RowsEncoder final : public Encoder {
 public:
  RowsEncoder(const WriteOptions& options, char delimiter)
      : options_(options), delimiter_(delimiter) {}

  void encode(const Batch& batch, std::string& out) const override {
    std::size_t start = 0;
    for (std::size_t end : batch.rows) {
      for (std::size_t i = start; i < end; ++i) {
        if (i > start) out += delimiter_;
        append_value(batch.values[i], options_, false, out);
      }
      out += '\n';
      start = end;
    }
  }

 private:
  WriteOptions options_;
  char delimiter_;
};

// A JSON array of row arrays. Every row is written with a leading ",\n"; ordered() drops the
// one before the first row of the stream, which only the writing thread knows.
class JsonRowsEncoder final : public Encoder {
 public:
  explicit JsonRowsEncoder(const WriteOptions& options) : options_(options) {}

  void begin(Output& output) override { output.write("["); }
  void encode(const Batch& batch, std::string& out) const override {
    std::size_t start = 0;
    for (std::size_t end : batch.rows) {
      out += ",\n[";
      for (std::size_t i = start; i < end; ++i) {
        if (i > start) out += ',';
        append_value(batch.values[i], options_, true, out);
      }
      out += ']';
      start = end;
    }
  }
  void ordered(const Batch&, std::string& encoded) override {
    if (first_ && !encoded.empty()) {
      encoded.erase(0, 1);
      first_ = false;
    }
  }
  void end(Output& output) override { output.write("]\n"); }

 private:
  WriteOptions options_;
  bool first_ = true;
};

}  // namespace

std::unique_ptr<Encoder> make_template_encoder(const WriteOptions& options, char separator) {
  return std::make_unique<TemplateEncoder>(options, separator);
}

std::unique_ptr<Encoder> make_rows_encoder(const WriteOptions& options, char delimiter) {
  return std::make_unique<RowsEncoder>(options, delimiter);
}

std::unique_ptr<Encoder> make_json_rows_encoder(const WriteOptions& options) {
  return std::make_unique<JsonRowsEncoder>(options);
}

}  // namespace nnact
