// txt reader: numbers separated by white space; '[', ']' and ',' only separate, so a printed
// NumPy/TensorFlow array can be pasted. A row ends at ']' or at a line end outside an open
// bracket: "[[1. 2.]\n [3. 4.]]" is two rows, and a 1-D print wrapped over lines stays one.
#include <algorithm>
#include <limits>

#include "io/codecs.hpp"
#include "io/message_text.hpp"
#include "io/line_chunks.hpp"
#include "nnact/status.hpp"

namespace nnact {
namespace {

bool separator(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ',' || c == '[' || c == ']';
}

class TxtDecoder final : public Decoder {
 public:
  TxtDecoder(const ReadOptions& options, std::string name)
      : options_(options), name_(std::move(name)) {}

  void run(Input& input, const std::function<void(Chunk&&)>& emit) override {
    if (!options_.record_pieces) {
      emit_line_chunks(input, emit, [this](std::string_view block, bool) { return cut(block); });
      return;
    }
    PieceCursor cursor;
    auto stamped = [&](Chunk&& chunk) {
      const bool open = piece_at_ != 0 && chunk.raw.size() == piece_at_;
      cursor.stamp(chunk, open);
      cursor.advance(chunk.raw, open);
      cursor.bracket = open && piece_bracket_;
      emit(std::move(chunk));
    };
    emit_line_chunks(input, stamped, [&](std::string_view block, bool at_end) {
      return piece_cut(block, at_end, cursor.bracket);
    });
  }

  void parse(Chunk& chunk) const override {
    Batch& batch = chunk.batch;
    batch.dtype = options_.dtype;
    const std::string& raw = chunk.raw;
    std::uint64_t line = batch.first_line;
    std::size_t line_start = 0;
    std::size_t line_base = chunk.column;  // bytes of the first line before this chunk
    bool open = chunk.bracket;  // the last bracket seen was '['
    bool carried = batch.row_continued;  // the first row has values in an earlier chunk
    auto end_row = [&] {
      if (carried || batch.values.size() > (batch.rows.empty() ? 0 : batch.rows.back())) {
        batch.rows.push_back(batch.values.size());
      }
      carried = false;
    };
    for (std::size_t i = 0; i < raw.size();) {
      char c = raw[i];
      if (separator(c)) {
        if (c == '[') open = true;
        if (c == ']') {
          open = false;
          end_row();
        }
        if (c == '\n') {
          if (!open) end_row();
          ++line;
          line_start = i + 1;
          line_base = 0;
        }
        ++i;
        continue;
      }
      std::size_t end = i;
      while (end < raw.size() && !separator(raw[end])) ++end;
      std::string_view token(raw.data() + i, end - i);
      double value;
      if (!parse_number(token, options_.dtype, value) && is_na(token)) {  // --na: kept in place
        batch.missing.push_back(batch.values.size());
        value = std::numeric_limits<double>::quiet_NaN();
      } else if (!parse_number(token, options_.dtype, value)) {
        throw Error(ErrorKind::kData,
                    name_ + ":" + std::to_string(line) + ":" + std::to_string(line_base + i - line_start + 1),
                    "cannot read " + quoted_excerpt(token) + " as a number");
      }
      batch.values.push_back(value);
      i = end;
    }
    end_row();
    chunk.raw = std::string();
  }

 private:
  // After the last line end outside an open bracket, so that axis ops see whole rows; without
  // one, any line end will do unless rows must stay whole.
  std::size_t cut(std::string_view block) const {
    std::size_t closed_cut = 0;
    bool open = false;
    for (std::size_t i = 0; i < block.size(); ++i) {
      char c = block[i];
      if (c == '[') open = true;
      if (c == ']') open = false;
      if (c == '\n' && !open) closed_cut = i + 1;
    }
    return closed_cut != 0 || options_.whole_rows ? closed_cut : after_last_newline(block, false);
  }

  // record_pieces: the last line end outside brackets, or in a block of kBlockBytes without
  // one, right after its last whole token (the row goes on in the next chunk: piece_at_, with
  // the bracket state there in piece_bracket_). `bracket`: a '[' is open at the block's start.
  std::size_t piece_cut(std::string_view block, bool at_end, bool bracket) {
    piece_at_ = 0;
    std::size_t closed_cut = 0, piece = 0;
    bool open = bracket, piece_open = false;
    for (std::size_t i = 0; i < block.size(); ++i) {
      const char c = block[i];
      if (!separator(c)) continue;
      if (i > 0 && !separator(block[i - 1])) {
        piece = i;
        piece_open = open;
      }
      if (c == '[') open = true;
      if (c == ']') open = false;
      if (c == '\n' && !open) closed_cut = i + 1;
    }
    if (closed_cut != 0 || at_end || block.size() < kBlockBytes) return closed_cut;
    piece_bracket_ = piece_open;
    return piece_at_ = piece;
  }

  bool is_na(std::string_view token) const {
    return std::find(options_.na.begin(), options_.na.end(), token) != options_.na.end();
  }

  ReadOptions options_;
  std::string name_;
  std::size_t piece_at_ = 0;     // the last cut, when it fell inside a row (0: none)
  bool piece_bracket_ = false;  // a '[' is open there
};

}  // namespace

std::unique_ptr<Decoder> make_txt_decoder(const ReadOptions& options, const std::string& name) {
  return std::make_unique<TxtDecoder>(options, name);
}

}  // namespace nnact
