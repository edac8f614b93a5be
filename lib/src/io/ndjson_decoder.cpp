// NDJSON (JSON Lines) reader: one JSON value per line, each read like a JSON document. run()
// cuts the input into chunks of whole lines; parse() reads the lines of a chunk on any thread.
// Blank lines pass through.
#include <iterator>
#include <nlohmann/json.hpp>

#include "io/codecs.hpp"
#include "io/json_literals.hpp"
#include "io/json_sax.hpp"
#include "io/line_chunks.hpp"

namespace nnact {
namespace {

// A line in memory as JSON raw text: the iterator handed to nlohmann moves `consumed_`.
class LineText final : public JsonRawText {
 public:
  class Iterator {
   public:
    using iterator_category = std::input_iterator_tag;
    using value_type = char;
    using difference_type = std::ptrdiff_t;
    using pointer = const char*;
    using reference = char;

    Iterator(const char* at, const char** consumed) : at_(at), consumed_(consumed) {}
    char operator*() const { return *at_; }
    Iterator& operator++() {
      *consumed_ = ++at_;
      return *this;
    }
    Iterator operator++(int) {
      Iterator old = *this;
      ++*this;
      return old;
    }
    bool operator==(const Iterator& other) const { return at_ == other.at_; }

   private:
    const char* at_;
    const char** consumed_;
  };

  explicit LineText(std::string_view text) : text_(text), consumed_(text.data()) {}
  Iterator begin() { return {text_.data(), &consumed_}; }
  Iterator end() { return {text_.data() + text_.size(), &consumed_}; }
  std::uint64_t offset() const override { return static_cast<std::uint64_t>(consumed_ - text_.data()); }
  void keep_from(std::uint64_t) override {}
  std::string_view since(std::uint64_t from) override { return text_.substr(from, offset() - from); }

 private:
  std::string_view text_;
  const char* consumed_;
};

class NdjsonDecoder final : public Decoder {
 public:
  NdjsonDecoder(const ReadOptions& options, std::string name)
      : options_(options), name_(std::move(name)) {}

  void run(Input& input, const std::function<void(Chunk&&)>& emit) override {
    emit_line_chunks(input, emit, after_last_newline);
  }

  void parse(Chunk& chunk) const override {
    std::string& raw = chunk.raw;
    JsonLiterals literals;
    JsonSax sax(options_, name_, &literals, {});
    if (chunk.batch.index != 0) sax.skip_first_row_check();
    sax.set_typed(chunk.typed && options_.dtype == DType::kFloat32, chunk.keep_text);
    sax.reserve(raw.size());
    std::uint64_t line = chunk.batch.first_line;
    std::size_t start = 0;
    while (start < raw.size()) {
      std::size_t nl = raw.find('\n', start);
      std::size_t end = nl == std::string::npos ? raw.size() : nl;
      std::string_view text(raw.data() + start, end - start);
      if (text.find_first_not_of(" \t\r") != std::string_view::npos) {
        sax.start_document(line);
        if (!sax.flat_numbers(text, raw.data() + raw.size())) {  // NaN/Infinity/1e999 for nlohmann: json_literals.hpp
          literals.reset();
          literals.rewrite(raw.data() + start, text.size(), true);
          LineText line_text(text);
          sax.set_raw_text(&line_text);
          nlohmann::json::sax_parse(line_text.begin(), line_text.end(), &sax);
          sax.set_raw_text(nullptr);
        }
        sax.end_document();
      }
      if (!text.empty() && text.back() == '\r') sax.append_text('\r');  // CRLF lines stay CRLF
      if (nl != std::string::npos) sax.append_text('\n');
      start = end + 1;
      ++line;
    }
    Batch batch = sax.take();
    batch.first_line = chunk.batch.first_line;
    batch.index = chunk.batch.index;
    batch.dtype = options_.dtype;
    chunk.batch = std::move(batch);
    chunk.raw = std::string();
  }

 private:
  ReadOptions options_;
  std::string name_;
};

}  // namespace

std::unique_ptr<Decoder> make_ndjson_decoder(const ReadOptions& options, const std::string& name) {
  return std::make_unique<NdjsonDecoder>(options, name);
}

}  // namespace nnact
