// NDJSON (JSON Lines) reader: one JSON value per line, each read like a JSON document. run()
// cuts the input into chunks of whole lines; parse() reads the lines of a chunk on any thread.
// Blank lines pass through.
#include <nlohmann/json.hpp>

#include "io/codecs.hpp"
#include "io/json_literals.hpp"
#include "io/json_sax.hpp"
#include "io/line_chunks.hpp"

namespace nnact {
namespace {

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
    std::uint64_t line = chunk.batch.first_line;
    std::size_t start = 0;
    while (start < raw.size()) {
      std::size_t nl = raw.find('\n', start);
      std::size_t end = nl == std::string::npos ? raw.size() : nl;
      std::string_view text(raw.data() + start, end - start);
      if (text.find_first_not_of(" \t\r") != std::string_view::npos) {
        sax.start_document(line);
        if (!sax.flat_numbers(text)) {  // NaN/Infinity/1e999 for nlohmann: json_literals.hpp
          literals.reset();
          literals.rewrite(raw.data() + start, text.size(), true);
          nlohmann::json::sax_parse(text, &sax);
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
