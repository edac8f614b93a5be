// JSON reader: one document, parsed by nlohmann_json's SAX interface straight from the input.
// Every number becomes a value; everything else (structure, keys, strings, literals) is kept as
// pass-through text in compact form. A top-level array is handed out in batches as it streams.
#include <algorithm>
#include <cstdio>
#include <iterator>
#include <nlohmann/json.hpp>

#include "io/codecs.hpp"
#include "io/json_literals.hpp"
#include "io/json_sax.hpp"
#include "nnact/status.hpp"

namespace nnact {
namespace {

// Pulls bytes from an Input in blocks, NaN/Infinity literals rewritten (json_literals.hpp);
// the iterator below lets nlohmann read it as a range.
// The bytes from keep_from() on outlive their block (carry_), for strings written as they were.
class BlockReader final : public JsonRawText {
 public:
  BlockReader(Input& input, JsonLiterals& literals)
      : input_(input), literals_(literals), buffer_(kBlockBytes) {}
  bool ensure() {
    while (pos_ == len_) {
      if (eof_) return false;
      if (keep_from_ < before_) {  // carry_ holds [keep_from_, before_): the whole block joins it
        carry_.append(buffer_.data(), len_);
      } else if (keep_from_ < before_ + len_) {
        carry_.assign(buffer_.data() + (keep_from_ - before_), buffer_.data() + len_);
      } else {
        carry_.clear();
      }
      std::size_t held = filled_ - len_;  // bytes the rewrite left for later
      before_ += len_;
      std::copy(buffer_.begin() + static_cast<std::ptrdiff_t>(len_),
                buffer_.begin() + static_cast<std::ptrdiff_t>(filled_), buffer_.begin());
      std::size_t got = input_.read(buffer_.data() + held, buffer_.size() - held);
      eof_ = got == 0;
      filled_ = held + got;
      len_ = literals_.rewrite(buffer_.data(), filled_, eof_);
      pos_ = 0;
    }
    return true;
  }
  char current() const { return buffer_[pos_]; }
  void advance() { ++pos_; }
  // Bytes consumed so far (nlohmann reads one ahead: the 1-based offset of the current one).
  std::uint64_t offset() const override { return before_ + pos_; }
  void keep_from(std::uint64_t from) override { keep_from_ = from; }
  std::string_view since(std::uint64_t from) override {
    if (from >= before_) return {buffer_.data() + (from - before_), before_ + pos_ - from};
    joined_.assign(carry_, static_cast<std::size_t>(from - keep_from_) , std::string::npos);
    joined_.append(buffer_.data(), pos_);
    return joined_;
  }

 private:
  Input& input_;
  JsonLiterals& literals_;
  std::vector<char> buffer_;
  std::size_t pos_ = 0, len_ = 0, filled_ = 0;
  std::uint64_t before_ = 0;  // bytes of the blocks before this one
  bool eof_ = false;
  std::uint64_t keep_from_ = 0;
  std::string carry_;   // bytes [keep_from_, before_) when keep_from_ is in an earlier block
  std::string joined_;  // what since() returns across blocks
};

class ByteIterator {
 public:
  using iterator_category = std::input_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = char;

  ByteIterator() = default;
  explicit ByteIterator(BlockReader* reader) : reader_(reader) {}
  char operator*() const { return reader_->current(); }
  ByteIterator& operator++() {
    reader_->advance();
    return *this;
  }
  ByteIterator operator++(int) {
    ByteIterator old = *this;
    reader_->advance();
    return old;
  }
  bool operator==(const ByteIterator& other) const { return at_end() == other.at_end(); }

 private:
  bool at_end() const { return reader_ == nullptr || !reader_->ensure(); }
  BlockReader* reader_ = nullptr;
};

class JsonDecoder final : public Decoder {
 public:
  JsonDecoder(const ReadOptions& options, std::string name)
      : options_(options), name_(std::move(name)) {}

  void run(Input& input, const std::function<void(Chunk&&)>& emit) override {
    std::uint64_t index = 0;
    auto flush = [&](Batch&& batch) {
      Chunk chunk;
      chunk.batch = std::move(batch);
      chunk.batch.index = index++;
      chunk.batch.dtype = options_.dtype;
      chunk.parsed = true;
      emit(std::move(chunk));
    };
    JsonLiterals literals;
    JsonSax sax(options_, name_, &literals, flush);
    BlockReader reader(input, literals);
    sax.set_offset_source([&reader] { return reader.offset(); });
    sax.set_raw_text(&reader);
    nlohmann::json::sax_parse(ByteIterator(&reader), ByteIterator(), &sax);
    sax.finish();
  }

 private:
  ReadOptions options_;
  std::string name_;
};

}  // namespace

std::unique_ptr<Decoder> make_json_decoder(const ReadOptions& options, const std::string& name) {
  return std::make_unique<JsonDecoder>(options, name);
}

}  // namespace nnact
