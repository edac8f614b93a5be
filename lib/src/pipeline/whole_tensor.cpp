#include "pipeline/whole_tensor.hpp"

#include <algorithm>
#include "nnact/status.hpp"

namespace nnact {
namespace {

// Appends `from` to `into` as if one reader had produced both: offsets shift past what
// `into` holds.
void append_batch(Batch& into, Batch&& from) {
  const std::size_t text = into.text.size();
  const std::size_t values = into.values.size();
  for (auto hole : from.holes) into.holes.push_back(hole + text);
  for (auto row : from.rows) into.rows.push_back(row + values);
  for (auto tail : from.row_tails) into.row_tails.push_back(tail + text);
  for (auto index : from.missing) into.missing.push_back(index + values);
  into.values.insert(into.values.end(), from.values.begin(), from.values.end());
  into.text += from.text;
  if (from.shape) into.shape = std::move(from.shape);
  if (from.dtype != into.dtype) {
    throw usage_error(std::string("an op along an axis needs one dtype; the input holds ") + dtype_name(into.dtype) +
                      " and " + dtype_name(from.dtype) + " values");
  }
}

bool tabular(Format format) { return format == Format::kCsv || format == Format::kTsv; }

// The tensor the batch holds: the reader's shape, else rows x columns of rows of one length.
std::vector<std::size_t> shape_of(const Batch& all, const std::string& name, Format format, int axis) {
  if (all.shape) return *all.shape;
  if (format == Format::kJson) {
    throw Error(ErrorKind::kData, name,
                "--axis " + std::to_string(axis) + " needs a tensor (nested arrays of equal lengths); this JSON "
                "document is not one");
  }
  const std::size_t columns = all.rows.empty() ? all.values.size() : all.rows.front();
  std::size_t start = 0;
  for (std::size_t r = 0; r < all.rows.size(); ++r) {
    if (all.rows[r] - start != columns) {
      throw Error(ErrorKind::kData, name,
                  "--axis " + std::to_string(axis) + " needs rows of one length: row " + std::to_string(r + 1) +
                      " has " + std::to_string(all.rows[r] - start) + " values, row 1 has " + std::to_string(columns));
    }
    start = all.rows[r];
  }
  return {all.rows.empty() ? std::size_t{1} : all.rows.size(), columns};
}

// --axis as a dimension of a tensor of `rank`: -rank..rank-1, as TF and NumPy accept.
std::size_t dimension(int axis, std::size_t rank) {
  const auto r = static_cast<long long>(rank);
  if (axis < -r || axis >= r) {
    throw usage_error("--axis " + std::to_string(axis) + " is out of range for a tensor of rank " +
                      std::to_string(rank) + (rank == 0 ? " (it has no axes)"
                                                        : " (" + std::to_string(-r) + ".." + std::to_string(r - 1) + ")"));
  }
  return static_cast<std::size_t>(axis < 0 ? axis + r : axis);
}

// The same-format text of a tensor of `shape`, a hole per value: JSON nested arrays, NDJSON a
// row per line, CSV/TSV/txt rows of cells after the header the input had.
void rebuild_template(Batch& batch, const std::vector<std::size_t>& shape, Format format, char delimiter) {
  const std::size_t last = shape.empty() ? 1 : shape.back();
  batch.text.resize(batch.header_bytes);  // the header record stays, the rest is rewritten
  batch.holes.clear();
  batch.rows.clear();
  batch.row_tails.clear();
  batch.header_tail = static_cast<std::size_t>(-1);
  std::string& text = batch.text;
  const char separator = format == Format::kTxt                                  ? ' '
                         : format == Format::kTsv                                ? '\t'
                         : format == Format::kJson || format == Format::kNdjson ? ','
                                                                                 : delimiter;
  // spans[d]: values in one element of dimension d.
  std::vector<std::size_t> spans(shape.size() + 1, 1);
  for (std::size_t d = shape.size(); d-- > 0;) spans[d] = spans[d + 1] * shape[d];
  if (format == Format::kJson) text.append(shape.size(), '[');
  for (std::size_t i = 0; i < batch.values.size(); ++i) {
    bool row_start = i % last == 0;
    if (i > 0 && format == Format::kJson) {
      std::size_t closes = 0;
      for (std::size_t d = 1; d < shape.size(); ++d) closes += i % spans[d] == 0;
      text.append(closes, ']');
      text += ',';
      text.append(closes, '[');
    } else if (!row_start) {
      text += separator;
    } else if (format == Format::kNdjson) {
      text += '[';
    }
    batch.holes.push_back(text.size());
    // A missing value's text is part of the template (the encoder leaves its hole empty).
    if (std::binary_search(batch.missing.begin(), batch.missing.end(), i)) {
      text += format == Format::kJson || format == Format::kNdjson ? "null" : format == Format::kTxt ? "nan" : "";
    }
    if ((i + 1) % last == 0) {
      batch.rows.push_back(i + 1);
      if (format == Format::kNdjson) text += "]\n";
      else if (format != Format::kJson) text += '\n';
    }
  }
  if (format == Format::kJson) text.append(shape.size(), ']');
}

}  // namespace

bool holds_whole_input(const Op& op, Format format) {
  return op.spec().along_axis && op.axis() != -1 && !(tabular(format) && op.axis() == 1);
}

Batch transform_whole_input(Input& input, Decoder& decoder, BoundOps& ops, const ReadOptions& read) {
  const Op& op = ops.prototype();
  const bool crelu = op.spec().name == "crelu";
  if (crelu && !read.fields.empty()) {
    throw usage_error("crelu along --axis " + std::to_string(op.axis()) +
                      " with -f: the new values would have no cells for the other fields");
  }
  Batch all;
  bool first = true;
  decoder.run(input, [&](Chunk&& chunk) {
    if (!chunk.parsed) decoder.parse(chunk);
    if (first) {
      all = std::move(chunk.batch);
      first = false;
    } else {
      append_batch(all, std::move(chunk.batch));
    }
  });
  if (all.values.empty() && !all.shape) return all;  // nothing to transform, no rank to check
  std::vector<std::size_t> shape = shape_of(all, input.name(), read.format, op.axis());
  const std::size_t axis = dimension(op.axis(), shape.size());
  // crelu along `axis` writes, for each index before the axis, the relu block then its negated
  // twin: a missing value keeps its place in both.
  std::size_t block = 1;
  for (std::size_t d = axis; d < shape.size(); ++d) block *= shape[d];
  ops.get(all.dtype).transform_along(all.values, shape, axis);
  if (crelu && block > 0 && !all.missing.empty()) {
    std::vector<std::size_t> missing;
    for (std::size_t index : all.missing) missing.push_back(index + (index / block) * block);
    for (std::size_t index : all.missing) missing.push_back(index + (index / block + 1) * block);
    std::sort(missing.begin(), missing.end());
    all.missing = std::move(missing);
  }
  if (crelu) {
    if (read.format != Format::kNpy) {
      rebuild_template(all, shape, read.format, read.delimiter);
    } else {
      all.rows.clear();
      for (std::size_t end = shape.back(); shape.back() > 0 && end <= all.values.size(); end += shape.back()) {
        all.rows.push_back(end);
      }
    }
    all.shape = shape;
  }
  return all;
}

}  // namespace nnact
