// safetensors writer. From safetensors: the reader's pass-through bytes (header, unselected
// tensors) as they are and the computed tensors in their dtype, so the layout is kept. From
// another format: one tensor named "tensor", held until the end, when its shape is known.
#include "container/safetensors_header.hpp"
#include "container/tensor_bytes.hpp"
#include "io/codecs.hpp"
#include "nnact/status.hpp"

namespace nnact {
namespace {

class SafetensorsEncoder final : public Encoder {
 public:
  explicit SafetensorsEncoder(bool same) : same_(same) {}

  void encode(const Batch& batch, std::string& out) const override {
    if (batch.rows_doubled) {
      throw Error(ErrorKind::kUsage, "", "crelu doubles the last axis: safetensors output keeps each tensor's shape (use --to npy or json)");
    }
    out = batch.text;
    encode_elements(batch.values, batch.dtype, out);
  }

  void ordered(const Batch& batch, std::string& encoded) override {
    if (same_) return;
    if (batch.index == 0) dtype_ = batch.dtype;
    if (batch.shape) shape_ = *batch.shape;
    rows_ += batch.rows.size();
    values_ += encoded.size() / dtype_size(dtype_);
    held_ += encoded;
    encoded.clear();
  }

  void end(Output& output) override {
    if (same_) return;
    SafetensorsHeader header;
    SafeTensor t;
    t.name = "tensor";
    t.dtype = safetensors_dtype(dtype_);
    std::size_t n = 1;
    for (std::size_t d : shape_) n *= d;
    if (shape_.empty() || n != values_) shape_ = rows_ > 1 && values_ % rows_ == 0 ? std::vector<std::size_t>{rows_, values_ / rows_} : std::vector<std::size_t>{values_};
    t.shape = shape_;
    t.end = held_.size();
    header.tensors.push_back(t);
    output.write(make_safetensors_header(header));
    output.write(held_);
  }

 private:
  bool same_;
  DType dtype_ = DType::kFloat32;
  std::vector<std::size_t> shape_;
  std::size_t rows_ = 0, values_ = 0;
  std::string held_;
};

}  // namespace

std::unique_ptr<Encoder> make_safetensors_encoder(const WriteOptions&, Format input_format) {
  return std::make_unique<SafetensorsEncoder>(input_format == Format::kSafetensors);
}

}  // namespace nnact
