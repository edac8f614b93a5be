// safetensors reader. The header is read and checked first; then the data streams tensor by
// tensor in blocks: a selected floating tensor as values (whole rows of its last axis, in the
// dtype --dtype asks for or its own), the rest as pass-through bytes (same-format output) or
// skipped. Nothing is allocated beyond what the file has delivered.
#include <algorithm>

#include "container/byte_source.hpp"
#include "container/safetensors_header.hpp"
#include "container/tensor_stream.hpp"
#include "container/tensor_select.hpp"
#include "io/codecs.hpp"
#include "nnact/status.hpp"

namespace nnact {
namespace {

class SafetensorsDecoder final : public Decoder {
 public:
  SafetensorsDecoder(const ReadOptions& options, std::string name)
      : options_(options), name_(std::move(name)), selection_(options.fields) {}

  void run(Input& input, const std::function<void(Chunk&&)>& emit) override {
    std::string length_bytes = read_up_to(input, 8);
    if (length_bytes.size() < 8) throw Error(ErrorKind::kData, name_, "safetensors file is shorter than its 8-byte header length");
    std::uint64_t length = 0;
    for (int i = 7; i >= 0; --i) length = length << 8 | static_cast<unsigned char>(length_bytes[i]);
    std::optional<std::uint64_t> size = regular_file_size(input);
    if (length > kMaxSafetensorsHeader) {
      throw Error(ErrorKind::kData, name_, "safetensors header length " + std::to_string(length) + " is over the format's limit of 100000000 bytes");
    }
    if (size && length > *size - 8) {
      throw Error(ErrorKind::kData, name_, "safetensors header length " + std::to_string(length) + " is beyond the end of the file (" + std::to_string(*size) + " bytes)");
    }
    std::string json = read_up_to(input, length);
    if (json.size() < length) throw Error(ErrorKind::kData, name_, "safetensors header is cut short: " + std::to_string(json.size()) + " of " + std::to_string(length) + " bytes");
    std::optional<std::uint64_t> data_size;
    if (size) data_size = *size - 8 - length;
    SafetensorsHeader header = parse_safetensors_header(json, data_size, name_);
    plan(header);
    if (options_.pass_through) {
      Chunk chunk;
      chunk.batch.text = rewritten_ ? make_safetensors_header(out_header_) : length_bytes + json;
      send(chunk, emit, first_dtype_);
    }
    for (std::size_t i = 0; i < header.tensors.size(); ++i) {
      const SafeTensor& t = header.tensors[i];
      if (computed_[i]) {
        TensorLayout layout{t.name, t.shape, t.elements(), t.item_size, *t.floating, false};
        stream_tensor(input, layout, out_header_.tensors[i].floating.value(), options_.whole_rows, "",
                      [&](Chunk& chunk) { send(chunk, emit, chunk.batch.dtype); }, [&] { cut_short(t); });
      } else {
        stream_bytes(input, t, emit);
      }
    }
    if (!data_size) {
      char extra;
      if (input.read(&extra, 1) != 0) throw Error(ErrorKind::kData, name_, "safetensors data goes on after the last tensor");
    }
  }

 private:
  // Which tensors are computed, in which dtype, and the header the output needs.
  void plan(const SafetensorsHeader& header) {
    std::vector<std::string> names;
    for (const SafeTensor& t : header.tensors) names.push_back(t.name);
    selection_.check_matches(names);
    out_header_ = header;
    std::uint64_t at = 0;
    for (SafeTensor& t : out_header_.tensors) {
      bool chosen = selection_.selects(t.name);
      if (chosen && !t.floating && selection_.names_exactly(t.name)) {
        throw usage_error("-f " + t.name + ": tensor \"" + t.name + "\" is " + t.dtype +
                          "; only floating tensors (F16, BF16, F32, F64) are computed, the others pass through");
      }
      bool computed = chosen && t.floating;
      computed_.push_back(computed);
      std::uint64_t bytes = t.end - t.begin;
      if (computed) {
        DType dtype = read_dtype(options_, t.floating);
        if (first_dtype_ == std::nullopt) first_dtype_ = dtype;
        if (dtype != *t.floating) {
          std::uint64_t elements = bytes / t.item_size;
          rewritten_ = true;
          t.floating = dtype;
          t.dtype = safetensors_dtype(dtype);
          t.item_size = dtype_size(dtype);
          bytes = elements * t.item_size;
        }
      }
      t.begin = at;
      t.end = at + bytes;
      at = t.end;
    }
  }

  void send(Chunk& chunk, const std::function<void(Chunk&&)>& emit, std::optional<DType> dtype) {
    chunk.parsed = true;
    chunk.batch.index = index_++;
    if (dtype) chunk.batch.dtype = *dtype;
    emit(std::move(chunk));
  }

  void stream_bytes(Input& input, const SafeTensor& t, const std::function<void(Chunk&&)>& emit) {
    for (std::uint64_t left = t.end - t.begin; left > 0;) {
      std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(left, 2 * kBlockBytes));
      std::string bytes = read_exactly(input, n, t);
      left -= n;
      if (!options_.pass_through) continue;
      Chunk chunk;
      chunk.batch.text = std::move(bytes);
      send(chunk, emit, first_dtype_);
    }
  }

  std::string read_exactly(Input& input, std::size_t n, const SafeTensor& t) {
    std::string bytes = read_up_to(input, n);
    if (bytes.size() < n) cut_short(t);
    return bytes;
  }

  [[noreturn]] void cut_short(const SafeTensor& t) {
    throw Error(ErrorKind::kData, name_, "safetensors tensor \"" + t.name + "\": the data ends before data_offsets end " + std::to_string(t.end));
  }

  ReadOptions options_;
  std::string name_;
  TensorSelection selection_;
  SafetensorsHeader out_header_;
  std::vector<bool> computed_;
  bool rewritten_ = false;
  std::optional<DType> first_dtype_;
  std::uint64_t index_ = 0;
};

}  // namespace

std::unique_ptr<Decoder> make_safetensors_decoder(const ReadOptions& options, const std::string& name) {
  return std::make_unique<SafetensorsDecoder>(options, name);
}

}  // namespace nnact
