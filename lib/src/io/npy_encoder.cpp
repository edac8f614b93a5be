// .npy writer: v1, little-endian, float16, float32 or float64: the batches' dtype (bfloat16 has
// no npy form and is refused). The shape is known only at the end (rows are counted as they
// stream, or a reader that knows the tensor's shape says it), so the header is written last:
// over a placeholder in a seekable file, or in front of the data held in memory when the
// output is a pipe.
#include <bit>
#include <cstring>
#include <utility>

#include "io/codecs.hpp"
#include "io/npy_header.hpp"
#include "io/text_buffers.hpp"
#include "nnact/status.hpp"
#include "numeric/dtype_round.hpp"

namespace nnact {
namespace {

// The header np.save writes for any shape of rank 2 or less (and most others).
constexpr std::size_t kHeaderBytes = 128;

// Little-endian bits of one value at p, then p moves past them.
template <class Bits>
void store(char*& p, Bits bits) {
  if constexpr (std::endian::native == std::endian::big) bits = byte_swapped(bits);
  std::memcpy(p, &bits, sizeof bits);
  p += sizeof bits;
}

class NpyEncoder final : public Encoder {
 public:
  explicit NpyEncoder(const WriteOptions&) {}

  void begin(Output& output) override { seekable_ = output.seekable(); }

  // Floats are written as their bytes: little-endian hosts only.
  bool takes_floats() const override { return std::endian::native == std::endian::little; }
  bool takes_row_pieces() const override { return true; }

  void encode(const Batch& batch, std::string& out) const override {
    const std::size_t size = npy_item_size(batch.dtype);
    if (size == 0) throw usage_error(npy_bfloat16_message("write"));
    out = take_text_buffer();  // recycled: no allocation, no zero-filling
    if (!batch.floats.empty()) {  // float32 in its own storage: its bytes (takes_floats)
      out.assign(reinterpret_cast<const char*>(batch.floats.data()), batch.floats.size() * sizeof(float));
      return;
    }
    out.resize(batch.values.size() * size);
    char* p = out.data();
    // One loop per dtype, so each is a plain vectorisable conversion.
    switch (batch.dtype) {
      case DType::kFloat32:
        for (double v : batch.values) store(p, std::bit_cast<std::uint32_t>(static_cast<float>(v)));
        break;
      case DType::kFloat64:
        for (double v : batch.values) store(p, std::bit_cast<std::uint64_t>(v));
        break;
      default:  // float16: a value not of the type (a reader's or kernel's fault) is rounded first
        for (double v : batch.values) {
          const std::uint16_t bits = numeric::half_bits(v);
          store(p, numeric::half_value(bits) == v ? bits : numeric::half_bits(numeric::round_to(v, DType::kFloat16)));
        }
        break;
    }
  }

  // Sees the batch without its values (the pipeline frees them after encode()). Counts rows
  // and remembers the first whose length differs (reported at the end, unless a
  // reader said the shape: its rows may be cut across batches).
  // A row in pieces (Batch::row_open) is counted when its last piece comes.
  void ordered(const Batch& batch, std::string& encoded) override {
    std::size_t start = 0;
    for (std::size_t r = 0; r < batch.rows.size(); ++r) {
      const std::size_t end = batch.rows[r];
      std::size_t length = end - start + std::exchange(piece_values_, 0);
      if (r + 1 == batch.rows.size() && batch.row_open) {
        piece_values_ = length;
        break;
      }
      if (rows_ == 0) row_length_ = length;
      if (length != row_length_ && ragged_row_ == 0) {
        ragged_row_ = rows_ + 1;
        ragged_length_ = length;
      }
      ++rows_;
      start = end;
    }
    if (batch.index == 0) {
      dtype_ = batch.dtype;
      tensor_ = batch.tensor;
    } else if (batch.tensor != tensor_) {
      throw Error(ErrorKind::kUsage, "", "npy holds one array: the input has the tensors \"" + tensor_ + "\" and \"" +
                                             batch.tensor + "\" (select one with -f NAME)");
    }
    values_ += encoded.size() / npy_item_size(dtype_);  // batch.values is gone
    if (batch.index == 0 && seekable_) {  // room for the header, written over it at the end
      if (batch.shape) reserved_ = std::max(reserved_, make_npy_header(*batch.shape, dtype_).size());
      encoded.insert(0, reserved_, ' ');
    }
    if (batch.shape) {
      shape_ = *batch.shape;
      if (batch.rows_doubled) {
        if (shape_->empty()) shape_->push_back(1);
        shape_->back() *= 2;
      }
    }
    if (!seekable_) {
      held_ += encoded;
      encoded.clear();
    }
  }

  void end(Output& output) override {
    std::vector<std::size_t> shape = final_shape();
    if (seekable_) {
      std::string header = make_npy_header(shape, dtype_);
      if (header.size() != reserved_) header = make_npy_header(shape, dtype_, reserved_);
      if (header.empty()) {
        throw Error(ErrorKind::kData, output.name(), "npy: a shape of rank " +
                                                         std::to_string(shape.size()) + " is too long for the header");
      }
      output.write_at(0, header);
    } else {
      output.write(make_npy_header(shape, dtype_));
      output.write(held_);
    }
  }

 private:
  std::vector<std::size_t> final_shape() const {
    if (shape_) {
      std::size_t n = 1;
      for (std::size_t d : *shape_) n *= d;
      if (n == values_) return *shape_;
    }
    if (ragged_row_ != 0) {
      throw Error(ErrorKind::kData, "",
                  "npy needs rows of equal length: row " + std::to_string(ragged_row_) + " has " +
                      std::to_string(ragged_length_) + (ragged_length_ == 1 ? " value" : " values") + ", row 1 has " +
                      std::to_string(row_length_));
    }
    if (rows_ <= 1) return {values_};
    return {rows_, row_length_};
  }

  DType dtype_ = DType::kFloat32;  // the first batch's (an npy array has one dtype)
  std::string tensor_;             // the first batch's tensor name (containers)
  bool seekable_ = false;
  std::size_t reserved_ = kHeaderBytes;
  std::string held_;
  std::optional<std::vector<std::size_t>> shape_;
  std::size_t values_ = 0, rows_ = 0, row_length_ = 0;
  std::size_t ragged_row_ = 0, ragged_length_ = 0;
  std::size_t piece_values_ = 0;  // values of the open row's pieces so far
};

}  // namespace

std::unique_ptr<Encoder> make_npy_encoder(const WriteOptions& options) {
  return std::make_unique<NpyEncoder>(options);
}

}  // namespace nnact
