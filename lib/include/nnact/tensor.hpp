// The unit of data that flows from a reader through a kernel to a writer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nnact {

// Arithmetic and output precision. Values are held as double: every float16, bfloat16 and
// float32 value is exactly representable in double, so holding it there loses nothing, and
// kernels round their result to the dtype before it is stored.
enum class DType { kFloat16, kBFloat16, kFloat32, kFloat64 };

// "float16", "bfloat16", "float32", "float64".
const char* dtype_name(DType dtype);
// The dtype of that name (also "f16", "bf16", "f32", "f64", "half", "float", "double"); nullopt
// when there is none.
std::optional<DType> parse_dtype(std::string_view name);

// One chunk of a stream: the numbers of a range of records, and how to write them back.
//
// Same-format output is a template: `text` holds every byte that passes through (delimiters,
// headers, untouched fields, JSON punctuation and keys) and value i is written at text offset
// holes[i]. Writers of npy and txt use only `values` and `rows`; writers of another format
// from CSV/TSV read the cells back from the template (csv_table.hpp).
struct Batch {
  std::vector<double> values;
  // Typed storage: float32 values kept as floats, no widening, filled instead of `values` (then
  // empty) by a binary reader when the chunk's consumer asked for it (Chunk::typed) and the
  // input is float32 already. Kernels see one contiguous span (Op::apply_floats) and
  // the npy writer copies it as it is. Everything else about the batch (rows, shape, dtype) is
  // as for `values`.
  std::vector<float> floats;
  // Same-format text output of Batch::floats, when the consumer asked for it (Chunk::keep_text):
  // the input's text of value i stays in `text`, the low 7 bits of kept[i] bytes from holes[i]
  // (0: taken out), bit 0x80 set unless it is exactly what the writer writes for that value
  // (its shortest digits in its layout); `read` holds the values as read, so a writer copies the
  // text of a value the op left unchanged instead of formatting it again. Empty otherwise.
  std::vector<std::uint8_t> kept;
  std::vector<float> read;
  // The dtype of `values` (each one is a value of it), set by the reader: the one the op is
  // bound to and the writer writes (npy descr, shortest digits). Under ReadOptions::keep_dtype
  // a typed input's floating array keeps its own.
  DType dtype = DType::kFloat32;
  std::string text;
  std::vector<std::size_t> holes;  // holes[i] is the offset in `text` where values[i] goes
  // Indices (ascending) of the values that are missing in the input: an empty CSV/TSV cell, an
  // --na token, a JSON null among numbers. They hold NaN and keep their position; a same-format
  // writer leaves their original text in the template, other writers write the output format's
  // missing value (empty cell, null, NaN).
  std::vector<std::size_t> missing;
  // rows[r] is one past the index in `values` of the last value of row r (a CSV record, a
  // text line, an innermost JSON array, the last npy axis). Axis ops work along rows.
  std::vector<std::size_t> rows;
  // row_tails[r] is the offset in `text` where cells appended to row r are written (crelu);
  // filled by readers that support appending, else empty.
  std::vector<std::size_t> row_tails;
  // Values per row appended by the op (crelu: as many as the row had), written at row_tails.
  bool rows_doubled = false;
  // Bytes at the start of `text` that are a header record, with its line end (CSV/TSV with a
  // header, first batch only): concatenated outputs keep one header.
  std::size_t header_bytes = 0;
  // A header row (CSV): where cells appended to it go, and what they are ("," "x_neg" for a
  // column x). Written only when the op doubles rows; npos when there is no header here.
  std::size_t header_tail = static_cast<std::size_t>(-1);
  std::string header_twins;
  // The header's cells as text, quotes undone (CSV/TSV with a header): on every batch, so that
  // a writer of records (JSON objects) keys each row by them. Null without a header.
  std::shared_ptr<const std::vector<std::string>> columns;
  // The shape of the whole input, when the reader knows it as a tensor (npy: on every batch; a
  // JSON document of regular nested arrays: on its last batch). Writers of npy and JSON use it.
  std::optional<std::vector<std::size_t>> shape;
  // The name of the tensor these values belong to, when the input is a container of named
  // tensors (safetensors); empty otherwise.
  std::string tensor;
  // A row longer than a chunk, handed out in pieces (ReadOptions::record_pieces; element-wise
  // ops only): row_continued says rows[0] ends the rest of a row begun in earlier batches,
  // row_open that rows.back() ends a piece of a row that goes on in the next batch (so
  // rows is never empty when either is set). Writers join the pieces into one row.
  bool row_continued = false;
  bool row_open = false;
  std::uint64_t first_line = 1;  // line number of the first record, for error messages
  std::uint64_t index = 0;       // position of this batch in the stream (0 = first)
};

}  // namespace nnact
