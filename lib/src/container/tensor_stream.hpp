// A named tensor's floating elements streamed as batches (internal): safetensors and npz
// members. Each batch holds whole rows of the last axis (a row longer than a batch is split
// unless whole_rows), the tensor's name and shape, values rounded once to the dtype computed in.
#pragma once

#include <algorithm>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "container/byte_source.hpp"
#include "container/tensor_bytes.hpp"
#include "io/codecs.hpp"
#include "nnact/io.hpp"

namespace nnact {

struct TensorLayout {
  std::string name;
  std::vector<std::size_t> shape;
  std::size_t elements = 0;
  std::size_t item_size = 2;
  DType stored = DType::kFloat32;  // a floating dtype
  bool big_endian = false;
};

// Reads the elements from `source`; `text` starts every batch's pass-through text (frames);
// `cut_short` is called (and must throw) when the source ends first.
template <class Source>
void stream_tensor(Source& source, const TensorLayout& t, DType dtype, bool whole_rows, const std::string& text,
                   const std::function<void(Chunk&)>& send, const std::function<void()>& cut_short) {
  const std::size_t total = t.elements;
  const std::size_t row = t.shape.empty() ? 1 : t.shape.back();
  std::size_t per_chunk = row == 0 ? std::max<std::size_t>(total, 1) : std::max<std::size_t>(1, kBatchValues / row) * row;
  if (row > kBatchValues && !whole_rows) per_chunk = kBatchValues;
  bool first = true;
  for (std::size_t done = 0; done < total || first; first = false) {
    std::size_t n = std::min(per_chunk, total - done);
    std::string raw = read_up_to(source, n * t.item_size);
    if (raw.size() < n * t.item_size) cut_short();
    if (t.big_endian) {
      for (std::size_t i = 0; i < n; ++i) std::reverse(raw.begin() + i * t.item_size, raw.begin() + (i + 1) * t.item_size);
    }
    Chunk chunk;
    decode_elements(raw.data(), n, t.stored, dtype, chunk.batch.values);
    mark_tensor_rows(chunk.batch, done, n, row);
    chunk.batch.shape = t.shape;
    chunk.batch.tensor = t.name;
    chunk.batch.text = text;
    chunk.batch.dtype = dtype;
    done += n;
    send(chunk);
  }
}

}  // namespace nnact
