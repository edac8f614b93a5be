// JSON from other formats: a JSON array of row arrays (CSV/TSV rows as objects keyed by the
// header), or nested arrays of the reader's shape (npy of rank other than 2).
#include <memory>

#include "io/codecs.hpp"
#include "io/nested_arrays.hpp"

namespace nnact {
namespace {

// A JSON document from another format: nested arrays of the reader's shape when it knows one
// (npy), else an array of row arrays. Rows are encoded on the workers with a leading ",\n";
// the writing thread, which alone knows where the stream stands, opens the array and drops the
// first comma. Any rank but 2 is written on the writing thread, which counts the values.
class JsonRowsEncoder final : public Encoder {
 public:
  JsonRowsEncoder(const WriteOptions& options, char table_delimiter)
      : options_(options), table_delimiter_(table_delimiter) {}

  bool nonfinite_as_null() const override { return writes_json_nulls(options_); }
  // CSV/TSV records are written whole (as objects or arrays of cells).
  bool takes_row_pieces() const override { return table_delimiter_ == 0; }

  void encode(const Batch& batch, std::string& out) const override {
    if (table_delimiter_ != 0 && !nested(batch)) {
      return append_json_rows(batch, table_delimiter_, options_, ",\n", "", out);
    }
    MissingCursor missing(batch.missing);
    auto value = [&](std::size_t i) {
      if (missing.take(i)) {
        out += "null";
      } else {
        append_value(batch.values[i], batch.dtype, options_, true, out);
      }
    };
    if (nested(batch)) {  // "v,v,...,": ordered() adds the brackets, knowing where it stands
      for (std::size_t i = 0; i < batch.values.size(); ++i) {
        value(i);
        out += ',';
      }
      return;
    }
    // A piece that continues a row starts with the comma before its first value (RowPieces
    // drops it while the row has none); a row left open is not closed.
    std::size_t start = 0;
    for (std::size_t r = 0; r < batch.rows.size(); ++r) {
      const std::size_t end = batch.rows[r];
      const bool continued = r == 0 && batch.row_continued;
      if (!continued) out += ",\n[";
      for (std::size_t i = start; i < end; ++i) {
        if (i > start || continued) out += ',';
        value(i);
      }
      if (r + 1 < batch.rows.size() || !batch.row_open) out += ']';
      start = end;
    }
  }

  // A stream of one row is a flat array, like a 1-D tensor: the first row waits until a
  // second one shows it is not alone. Records (objects) always stay in their array.
  void ordered(const Batch& batch, std::string& encoded) override {
    if (nested(batch)) {
      encode_nested(batch, encoded);
      return;
    }
    pieces_.ordered(batch, encoded);
    if (encoded.empty()) return;
    rows_ += batch.rows.size() - (batch.row_continued ? 1 : 0);  // rows begun
    if (!started_) {
      encoded[0] = '[';
      started_ = true;
      holding_ = !batch.columns;
    }
    if (holding_) {  // the first row, its pieces included, until a second one begins
      first_row_ += encoded;
      encoded.clear();
      if (rows_ == 1) return;
      holding_ = false;
      encoded = std::move(first_row_);
      first_row_.clear();
    }
  }

  void end(Output& output) override {
    if (!started_) {
      output.write("[]\n");
    } else if (!first_row_.empty()) {  // "[\n[1,2]" -> "[1,2]"
      output.write(std::string_view(first_row_).substr(2));
      output.write("\n");
    } else {
      output.write(std::string(nested_.rank(), ']') + "\n");
    }
  }

 private:
  static bool nested(const Batch& batch) { return batch.shape && batch.shape->size() != 2; }

  // `values` is what encode() wrote: each value followed by a comma.
  void encode_nested(const Batch& batch, std::string& values) {
    if (!started_) nested_.start(*batch.shape);
    std::string out;
    out.reserve(values.size() + values.size() / 2);
    nested_.append(values, out);
    started_ = started_ || nested_.written() > 0;
    values = std::move(out);
  }

  WriteOptions options_;
  char table_delimiter_;
  bool started_ = false;
  bool holding_ = false;  // first_row_ may still be the only row
  RowPieces pieces_;
  std::size_t rows_ = 0;
  std::string first_row_;  // the opening "[" and the first row, while it is the only one
  NestedArrays nested_;  // a shape of rank other than 2 (npy)
};

}  // namespace

std::unique_ptr<Encoder> make_json_rows_encoder(const WriteOptions& options, char table_delimiter) {
  return std::make_unique<JsonRowsEncoder>(options, table_delimiter);
}

}  // namespace nnact
