// A nlohmann_json SAX handler that turns JSON into batches (internal; JSON and NDJSON readers).
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "io/fields.hpp"
#include "io/json_literals.hpp"
#include "nnact/io.hpp"

namespace nnact {

// The JSON text as the parser consumes it, so that strings and keys are written back as they
// were written ("\u00e9" stays "\u00e9"), not as nlohmann decoded them.
class JsonRawText {
 public:
  virtual ~JsonRawText() = default;
  // Bytes the parser has consumed so far.
  virtual std::uint64_t offset() const = 0;
  // The bytes from `from` on stay available to since().
  virtual void keep_from(std::uint64_t from) = 0;
  // The bytes from `from` (the last keep_from) to offset().
  virtual std::string_view since(std::uint64_t from) = 0;
};

class JsonSax {
 public:
  using Flush = std::function<void(Batch&&)>;
  // Batches are flushed between elements of the top-level array once they hold enough values
  // (but never inside a row when options.whole_rows), and by finish(); with an empty `flush`
  // nothing is flushed and take() hands out everything (NDJSON: one batch per chunk of lines).
  // Parse errors throw Error(kData) naming `name` and the line and column. `literals` (may be
  // null) says which numbers were NaN/Infinity literals in the text.
  JsonSax(const ReadOptions& options, std::string name, JsonLiterals* literals, Flush flush);

  // Line numbers in error messages count from `line` (NDJSON: the line being parsed); numbers
  // are counted for `literals` from the document's start.
  void start_document(std::uint64_t line) {
    first_line_ = line;
    ordinal_ = 0;
  }
  // Closes a document: numbers outside any row form one row.
  void end_document();
  // end_document(), then flushes what is left with the document's shape when it is a regular
  // nested array of numbers.
  void finish();

  // Continues a document of rows that the fast path (json_rows.hpp) began: `rows` rows of
  // numbers are out, of `length` each when `regular`. The parser reads "[[" and the rest from
  // the last number of the last row handed out: that '[', the row's '[', the number and the
  // row's ']' are events of rows already out, ignored. Messages on the parser's first line
  // say `line` and the input's columns, its byte after "[[" being at `column`, input `offset`.
  void resume_rows(std::size_t rows, std::size_t length, bool regular, std::uint64_t line,
                   std::uint64_t column, std::uint64_t offset);

  // Containers nest at most this deep (simdjson's default); deeper input is an error, so no
  // document can exhaust memory or a stack through nesting alone.
  static constexpr std::size_t kMaxDepth = 1024;
  // Where the parser is in the input, in bytes, for messages about nesting (else: the line).
  void set_offset_source(std::function<std::uint64_t()> offset) { offset_ = std::move(offset); }
  // Where strings and keys are copied from as written; without it they are written as
  // nlohmann's dump() would (the same text unless the input escaped what needs no escape).
  void set_raw_text(JsonRawText* raw) {
    raw_ = raw;
    mark();
  }
  Batch take();
  void append_text(char c) { batch_.text += c; }
  // NDJSON chunks after the first: their first row is not the input's (see check_first_row).
  void skip_first_row_check() { row_checked_ = true; }
  // Float32 values as floats (Batch::floats; Chunk::typed), and with `keep` the text of numbers
  // that is the writer's own left in the template (Batch::kept; Chunk::keep_text). Only for a
  // float32 dtype.
  void set_typed(bool typed, bool keep) {
    typed_ = typed;
    keep_ = typed && keep;
  }
  // Room in the batch for what `bytes` of input make at most (NDJSON: a chunk of lines).
  void reserve(std::size_t bytes);
  // Reads `text` if it is a whole document that is a flat array of numbers (the common NDJSON
  // line), with the same effect as parsing it through nlohmann; returns false, having changed
  // nothing, for anything else (which must then go through nlohmann). The bytes after `text`
  // up to `readable_end` may be read (not used).
  bool flat_numbers(std::string_view text, const char* readable_end);

  bool null();
  bool boolean(bool value);
  bool number_integer(std::int64_t value);
  bool number_unsigned(std::uint64_t value);
  bool number_float(double value, const std::string& text);
  bool string(std::string& value);
  bool binary(std::vector<std::uint8_t>& value);
  bool start_object(std::size_t elements);
  bool key(std::string& value);
  bool end_object();
  bool start_array(std::size_t elements);
  bool end_array();
  bool parse_error(std::size_t position, const std::string& last_token,
                   const nlohmann::detail::exception& error);

 private:
  struct Frame {
    bool array;
    bool selected;               // -f: a key on the path to here is selected
    bool empty = true;           // no element written yet (decides the comma)
    bool has_container = false;  // holds an array or object: not a row of numbers
    std::size_t numbers = 0;     // numbers directly inside
    std::size_t count = 0;       // elements (arrays) or keys (objects) so far
    bool key_selected = false;   // objects: the current key is selected
    bool in_object = false;      // an object is on the path to here (or this is one)
    bool has_number = false;     // holds a number, selected or not
  };
  void before_value();
  void after_value();
  bool selected() const;
  void add_number(double value, const std::string& text);
  void add_value(double value);  // a selected number or missing value, at the end of the text
  void open(bool array, char bracket);
  void close(char bracket);
  void not_a_tensor() { regular_ = false; }
  std::size_t count() const { return typed_ ? batch_.floats.size() : batch_.values.size(); }
  template <class T, bool kTyped, bool kKeep>
  bool read_flat(const char* p, const char* end, const char* readable_end, std::size_t& n);
  // Each event ends with mark(): a string's token is the first '"' after the previous event on.
  void mark() {
    if (raw_ != nullptr) raw_->keep_from(mark_ = raw_->offset());
  }
  void append_string(const std::string& value);
  void check_first_row(const Frame& row);
  std::string where() const;  // name:byte N, or name:line

  DType dtype_;
  bool whole_rows_;
  bool record_pieces_;  // a flat array split into batches hands them out as pieces of its row
  std::optional<KeySelector> fields_;
  std::string name_;
  std::uint64_t first_line_ = 1;
  JsonLiterals* literals_;
  std::function<std::uint64_t()> offset_;
  JsonRawText* raw_ = nullptr;
  std::uint64_t mark_ = 0;
  std::uint64_t ordinal_ = 0;  // numbers seen, for literals_
  Flush flush_;
  Batch batch_;
  std::vector<Frame> stack_;
  // Shape of a regular nested array: elements per depth; npos until the first array closes.
  std::vector<std::size_t> dims_;
  std::size_t leaf_depth_ = 0;  // depth of the numbers (0 = none yet)
  bool regular_ = true;
  bool row_checked_ = false;  // -f positions have been checked against the first row
  bool typed_ = false, keep_ = false;  // set_typed
  int replayed_ = 0;  // resume_rows: events of rows already handed out, still to ignore
  std::int64_t column_shift_ = 0;  // resume_rows: added to columns on the parser's first line
  std::int64_t byte_shift_ = 0;    // and to byte positions
};

}  // namespace nnact
