// The readers and writers behind make_decoder / make_encoder (internal).
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "nnact/io.hpp"

namespace nnact {

// Size of the blocks readers hand to workers: large enough to amortise the hand-off,
// small enough that a few in flight stay within a few MiB.
inline constexpr std::size_t kBlockBytes = 1 << 19;
inline constexpr std::size_t kBatchValues = 1 << 16;
// The npy reader's batches are larger: its values need no parsing, so what a small batch costs
// is the hand-off between threads (400 MB float32 relu: 0.14 s with kBatchValues, 0.11 s with
// this; 8x as many: 0.13 s, the buffers no longer fit the cache).
inline constexpr std::size_t kTensorBatchValues = 1 << 18;

// The dtype a typed reader (npy, safetensors, npz) gives an array whose stored dtype is
// `stored` (nullopt: integers or bools): the stored floating dtype under keep_dtype (--dtype
// auto), else options.dtype. Text readers use options.dtype.
inline DType read_dtype(const ReadOptions& options, std::optional<DType> stored) {
  return options.keep_dtype && stored ? *stored : options.dtype;
}

std::unique_ptr<Decoder> make_csv_decoder(const ReadOptions& options, const std::string& name);
std::unique_ptr<Decoder> make_json_decoder(const ReadOptions& options, const std::string& name);
std::unique_ptr<Decoder> make_ndjson_decoder(const ReadOptions& options, const std::string& name);
std::unique_ptr<Decoder> make_npy_decoder(const ReadOptions& options, const std::string& name);
std::unique_ptr<Decoder> make_txt_decoder(const ReadOptions& options, const std::string& name);
std::unique_ptr<Decoder> make_safetensors_decoder(const ReadOptions& options, const std::string& name);
// safetensors: the same file with the selected tensors rewritten (from safetensors input), or
// one tensor named "tensor" (from any other format).
std::unique_ptr<Encoder> make_safetensors_encoder(const WriteOptions& options, Format input_format);
std::unique_ptr<Decoder> make_npz_decoder(const ReadOptions& options, const std::string& name);
// npz: the same zip with the selected arrays rewritten (npz input only; a regular file).
std::unique_ptr<Encoder> make_npz_encoder(const WriteOptions& options, Format input_format);
// {"name": nested arrays, ...} for the tensors of a container.
std::unique_ptr<Encoder> make_tensors_json_encoder(const WriteOptions& options);

// Same-format output: the batch's pass-through text with the numbers written into its holes;
// cells appended to a row (crelu) are preceded by `separator`.
std::unique_ptr<Encoder> make_template_encoder(const WriteOptions& options, char separator);
// Rows of numbers, `delimiter` between values, one row per line (CSV, TSV, txt from others;
// NDJSON: each row a JSON array).
std::unique_ptr<Encoder> make_rows_encoder(const WriteOptions& options, char delimiter);
// A JSON array of row arrays, or nested arrays of the reader's shape (JSON from other formats).
// `table_delimiter` (0: none): the input is CSV/TSV read with it, whose rows are written in full
// (append_json_rows), as objects when it has a header.
std::unique_ptr<Encoder> make_json_rows_encoder(const WriteOptions& options, char table_delimiter = 0);
// Every cell of a CSV/TSV input (read with `input_delimiter`), header and text included: CSV/TSV
// with `delimiter` (quoted as RFC 4180 needs), or NDJSON (append_json_rows).
std::unique_ptr<Encoder> make_table_encoder(const WriteOptions& options, char input_delimiter, char delimiter);
// The data rows of a CSV/TSV batch as JSON values, each between `before` and `after`: objects
// keyed by the header (Batch::columns; Error(kData) for a row of another length), arrays of
// cells without one. Numbers as numbers, text cells as strings, missing values as null.
void append_json_rows(const Batch& batch, char input_delimiter, const WriteOptions& options, std::string_view before,
                      std::string_view after, std::string& out);
// .npy v1, little-endian, in the batches' dtype (float16/32/64; bfloat16 refused).
std::unique_ptr<Encoder> make_npy_encoder(const WriteOptions& options);

// Walks Batch::missing beside values visited in ascending order: take(i) says whether value i
// is missing.
class MissingCursor {
 public:
  explicit MissingCursor(const std::vector<std::size_t>& missing)
      : at_(missing.data()), end_(missing.data() + missing.size()) {}
  bool take(std::size_t i) {
    if (at_ == end_ || *at_ != i) return false;
    ++at_;
    return true;
  }

 private:
  const std::size_t* at_;
  const std::size_t* end_;
};

// A batch of a tensor's values [done, done + n) (C order), its rows being the last axis of
// `row` values (0: an empty axis; the batch is one row): sets batch.rows, and row_continued /
// row_open where the batch cuts a row (a reader splits rows longer than a batch).
inline void mark_tensor_rows(Batch& batch, std::size_t done, std::size_t n, std::size_t row) {
  for (std::size_t end = done; end < done + n;) {  // row ends within this batch
    const std::size_t row_end = row == 0 ? done + n : std::min(done + n, (end / row + 1) * row);
    batch.rows.push_back(row_end - done);
    end = row_end;
  }
  batch.row_continued = row != 0 && n != 0 && done % row != 0;
  batch.row_open = row != 0 && n != 0 && (done + n) % row != 0;
}

// For a writer whose encode() starts a piece that continues a row (Batch::row_continued) with
// a separator before its first value: ordered() drops it while the row has no value yet.
class RowPieces {
 public:
  void ordered(const Batch& batch, std::string& encoded) {
    if (batch.rows.empty()) return;
    if (batch.row_continued && batch.rows[0] > 0 && !row_has_values_ && !encoded.empty()) encoded.erase(0, 1);
    if (batch.row_open) {
      const std::size_t last = batch.rows.size() > 1 ? batch.rows[batch.rows.size() - 2] : 0;
      row_has_values_ = batch.rows.back() > last || (batch.rows.size() == 1 && batch.row_continued && row_has_values_);
    } else {
      row_has_values_ = false;
    }
  }

 private:
  bool row_has_values_ = false;  // the open row has a value written already
};

// Batch::kept: the bit set when the span (the low bits) of a number's text left in the template
// is not the writer's own text, so that the value is written over it even when unchanged.
inline constexpr std::uint8_t kKeptForeign = 0x80;

// Whether a writer of options.format writes non-finite values as JSON null (--json-nonfinite).
inline bool writes_json_nulls(const WriteOptions& options) {
  return (options.format == Format::kJson || options.format == Format::kNdjson) &&
         options.nonfinite == JsonNonfinite::kNull;
}

// What a missing value is written as: an empty CSV/TSV cell, JSON null, "nan" in txt.
std::string_view missing_text(Format format);

// Writes one value of `dtype` as the output format wants it (JSON: null or NaN/Infinity for non-finite),
// at `out` with room for kMaxNumberChars; returns the end. append_value appends to a string.
char* write_value(char* out, double value, DType dtype, const WriteOptions& options, bool json);
void append_value(double value, DType dtype, const WriteOptions& options, bool json, std::string& out);

}  // namespace nnact
