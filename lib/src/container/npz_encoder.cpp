// .npz writer, for npz input only (the same kind of zip as the input): copied members byte for
// byte with their names, computed members stored or deflated as they were (zlib), then a new
// central directory. Each computed member's local header gets its CRC-32 and sizes once its
// data is written, as Python's zipfile does, so the output must be a regular file.
#include <algorithm>
#include <memory>

#include "container/npz_frames.hpp"
#include "container/tensor_bytes.hpp"
#include "container/zip_member.hpp"
#include "container/zip_records.hpp"
#include "io/codecs.hpp"
#include "nnact/status.hpp"

namespace nnact {
namespace {

class NpzEncoder final : public Encoder {
 public:
  explicit NpzEncoder(bool same) : same_(same) {}

  void begin(Output& output) override {
    if (!same_) throw usage_error("npz is written from npz input only (one array converts with --to npy)");
    if (!output.seekable()) {
      throw usage_error("npz output needs a regular file (-o FILE, or a redirect): each member's CRC-32 and sizes go into "
                        "its header after its data is written");
    }
  }

  void encode(const Batch& batch, std::string& out) const override {
    if (batch.rows_doubled) throw usage_error("crelu doubles the last axis: npz output keeps each array's shape (use --to json)");
    out = batch.text;
    const std::size_t at = out.size();
    encode_elements(batch.values, batch.dtype, out);
    if (!batch.text.empty() && batch.text[0] == npz_frame::kValuesBig) {
      const std::size_t item = dtype_size(batch.dtype);
      for (std::size_t i = at; i < out.size(); i += item) std::reverse(out.begin() + i, out.begin() + i + item);
    }
  }

  void ordered(const Batch&, std::string& encoded) override {
    if (encoded.empty()) return;
    const char kind = encoded[0];
    std::string_view body = std::string_view(encoded).substr(1);
    std::string out;
    switch (kind) {
      case npz_frame::kCopied:
      case npz_frame::kComputed:
        entries_.push_back(parse_zip_local(std::string(body), ""));
        entries_.back().offset = written_;
        if (kind == npz_frame::kComputed) member_ = std::make_unique<ZipMemberWriter>(entries_.back().method);
        out = body;
        break;
      case npz_frame::kBytes:
        out = body;
        break;
      case npz_frame::kEnd: {
        out = member_->finish();
        ZipEntry& e = entries_.back();
        e.crc = member_->crc();
        e.size = member_->size();
        e.compressed = member_->compressed();
        patches_.emplace_back(e.offset, patched_zip_local(e));
        member_.reset();
        break;
      }
      default:  // the npy header and values of a computed member
        out = member_->add(body);
    }
    written_ += out.size();
    encoded = std::move(out);
  }

  void end(Output& output) override {
    output.write(make_zip_directory(entries_, written_));
    for (const auto& [offset, local] : patches_) output.write_at(offset, local);
  }

 private:
  bool same_;
  std::vector<ZipEntry> entries_;
  std::unique_ptr<ZipMemberWriter> member_;
  std::vector<std::pair<std::uint64_t, std::string>> patches_;
  std::uint64_t written_ = 0;
};

}  // namespace

std::unique_ptr<Encoder> make_npz_encoder(const WriteOptions&, Format input_format) {
  return std::make_unique<NpzEncoder>(input_format == Format::kNpz);
}

}  // namespace nnact
