#include "io/json_sax.hpp"

#include <cmath>
#include <cstdio>
#include <limits>

#include "io/codecs.hpp"
#include "io/json_quote.hpp"
#include "nnact/io.hpp"
#include "nnact/status.hpp"
#include "numeric/integer_round.hpp"

namespace nnact {
namespace {

constexpr std::size_t kUnknown = static_cast<std::size_t>(-1);

}  // namespace

JsonSax::JsonSax(const ReadOptions& options, std::string name, JsonLiterals* literals, Flush flush)
    : dtype_(options.dtype),
      whole_rows_(options.whole_rows),
      record_pieces_(options.record_pieces),
      name_(std::move(name)),
      literals_(literals),
      flush_(std::move(flush)) {
  if (!options.fields.empty()) fields_.emplace(options.fields);
}

void JsonSax::before_value() {
  if (stack_.empty()) return;
  Frame& top = stack_.back();
  if (top.array && !top.empty) batch_.text += ',';
  top.empty = false;
  if (top.array) ++top.count;
}

// Between two events the parser reads only white space and , : [ { ] } (and after a number one
// byte ahead, never a quote): the string just read is what follows the first quote.
void JsonSax::append_string(const std::string& value) {
  if (raw_ != nullptr) {
    std::string_view text = raw_->since(mark_);
    auto quote = text.find('"');
    if (quote != std::string_view::npos && text.size() - quote >= 2 && text.back() == '"') {
      batch_.text += text.substr(quote);
      return;
    }
  }
  append_quoted(batch_.text, value);
}

void JsonSax::after_value() {
  mark();
  if (flush_ && stack_.size() == 1 && stack_.front().array && count() >= kBatchValues &&
      (stack_.front().has_container || !whole_rows_)) {
    // A flat array (one row) cut here: a writer of rows joins the pieces (Batch::row_open);
    // without the marks it saw a row only in the last batch and lost the others' values.
    const bool piece = record_pieces_ && !stack_.front().has_container;
    if (piece) {
      batch_.rows.push_back(count());
      batch_.row_tails.push_back(batch_.text.size());
      batch_.row_open = true;
    }
    flush_(std::move(batch_));
    batch_ = Batch();
    batch_.row_continued = piece;
  }
}

// In an array outside any object (a row of numbers), -f positions pick elements, like columns.
bool JsonSax::selected() const {
  if (!fields_) return true;
  if (stack_.empty()) return false;
  const Frame& top = stack_.back();
  if (!top.array) return top.key_selected;
  return top.selected || (!top.in_object && fields_->at_position(top.count));
}

// -f positions beyond the input's first row of numbers (outside objects) select nothing there:
// a usage error, as an index beyond a CSV's first row is.
void JsonSax::check_first_row(const Frame& row) {
  row_checked_ = true;
  if (fields_->last_position() > row.count) {
    throw Error(ErrorKind::kUsage, where(),
                "--fields: position " + std::to_string(fields_->last_position()) +
                    " is beyond the first row, which has " + std::to_string(row.count) +
                    (row.count == 1 ? " element" : " elements"));
  }
}

std::string JsonSax::where() const {
  return name_ + ":" + (offset_ ? "byte " + std::to_string(offset_()) : std::to_string(first_line_));
}

// `text` is the number as written; an unselected number passes through as it was.
void JsonSax::add_number(double value, const std::string& text) {
  std::optional<JsonLiterals::Literal> literal;
  if (literals_ != nullptr && (literal = literals_->take(ordinal_))) value = literal->value;
  ++ordinal_;
  if (replayed_ > 0) {
    --replayed_;
    return;
  }
  before_value();
  if (!stack_.empty()) stack_.back().has_number = true;
  if (selected()) {
    add_value(value);
  } else {
    batch_.text += literal ? literal->text : text;
    not_a_tensor();
  }
  after_value();
}

void JsonSax::add_value(double value) {
  batch_.holes.push_back(batch_.text.size());
  if (typed_) {
    batch_.floats.push_back(static_cast<float>(value));  // a float32 value: exact
    if (keep_) batch_.kept.push_back(0);
  } else {
    batch_.values.push_back(value);
  }
  if (!stack_.empty()) ++stack_.back().numbers;
  if (leaf_depth_ == 0) leaf_depth_ = stack_.size() + 1;
  if (leaf_depth_ != stack_.size() + 1) not_a_tensor();
}

// A selected null inside a container is a missing value: it keeps its place in its row (and
// in the tensor), the template keeps the "null", and other formats write their missing value.
bool JsonSax::null() {
  before_value();
  batch_.text += "null";
  if (!stack_.empty() && selected()) {
    batch_.missing.push_back(count());
    add_value(std::numeric_limits<double>::quiet_NaN());
  } else {
    not_a_tensor();
  }
  after_value();
  return true;
}

bool JsonSax::boolean(bool value) {
  before_value();
  batch_.text += value ? "true" : "false";
  not_a_tensor();
  after_value();
  return true;
}

// An integer is rounded once, straight to the dtype.
bool JsonSax::number_integer(std::int64_t value) {
  add_number(numeric::integer_to(value, dtype_), std::to_string(value));
  return true;
}

bool JsonSax::number_unsigned(std::uint64_t value) {
  add_number(numeric::integer_to(value, dtype_), std::to_string(value));
  return true;
}

// Read again from its text: nlohmann's double, rounded to float, could be rounded twice.
bool JsonSax::number_float(double value, const std::string& text) {
  if (!parse_number(text, dtype_, value)) value = numeric::round_to(value, dtype_);
  add_number(value, text);
  return true;
}

bool JsonSax::string(std::string& value) {
  before_value();
  append_string(value);
  not_a_tensor();
  after_value();
  return true;
}

bool JsonSax::binary(std::vector<std::uint8_t>&) { return true; }  // not produced by JSON text

void JsonSax::open(bool array, char bracket) {
  if (stack_.size() >= kMaxDepth) {
    throw Error(ErrorKind::kData, where(),
                "invalid JSON: nested deeper than " + std::to_string(kMaxDepth) + " arrays/objects");
  }
  // A container is selected by a key; a position in an array picks numbers only (columns).
  bool inherited = false, in_object = !array;
  if (!stack_.empty()) {
    const Frame& parent = stack_.back();
    inherited = fields_ && (parent.array ? parent.selected : parent.key_selected);
    in_object = in_object || parent.in_object;
  }
  before_value();
  if (!stack_.empty()) stack_.back().has_container = true;
  Frame frame{array, inherited};
  frame.in_object = in_object;
  stack_.push_back(frame);
  batch_.text += bracket;
  mark();
}

bool JsonSax::start_object(std::size_t) {
  open(false, '{');
  not_a_tensor();
  return true;
}

bool JsonSax::key(std::string& value) {
  Frame& top = stack_.back();
  if (!top.empty) batch_.text += ',';
  top.empty = false;
  ++top.count;
  top.key_selected = fields_ && (top.selected || fields_->matches(value, top.count));
  append_string(value);
  batch_.text += ':';
  mark();
  return true;
}

void JsonSax::resume_rows(std::size_t rows, std::size_t length, bool regular, std::uint64_t line,
                          std::uint64_t column, std::uint64_t offset) {
  stack_.push_back(Frame{true, selected()});
  stack_.back().empty = rows == 0;
  stack_.back().has_container = rows > 0;
  stack_.back().count = rows;
  dims_ = {kUnknown, length};
  leaf_depth_ = 3;  // the numbers of a matrix
  regular_ = regular;
  first_line_ = line;
  column_shift_ = static_cast<std::int64_t>(column) - 3;  // "[[" are the parser's columns 1 and 2
  byte_shift_ = static_cast<std::int64_t>(offset) - 2;
  replayed_ = 4;  // '[', '[', the number, ']'
}

bool JsonSax::start_array(std::size_t) {
  if (replayed_ > 0) {
    --replayed_;
    return true;
  }
  open(true, '[');
  return true;
}

void JsonSax::close(char bracket) {
  Frame top = stack_.back();
  stack_.pop_back();
  // A container of numbers only is a row (an innermost array, or an object of numbers).
  if (fields_ && !row_checked_ && top.array && !top.in_object && top.has_number && !top.has_container) {
    check_first_row(top);
  }
  if (top.numbers > 0 && !top.has_container) {
    batch_.rows.push_back(count());
    batch_.row_tails.push_back(batch_.text.size());
  }
  if (top.array) {
    std::size_t depth = stack_.size();
    if (dims_.size() <= depth) dims_.resize(depth + 1, kUnknown);
    if (dims_[depth] == kUnknown) dims_[depth] = top.count;
    if (dims_[depth] != top.count || (top.numbers > 0 && top.has_container)) not_a_tensor();
  }
  batch_.text += bracket;
  after_value();
}

bool JsonSax::end_object() {
  close('}');
  return true;
}

bool JsonSax::end_array() {
  if (replayed_ > 0) {
    --replayed_;
    return true;
  }
  close(']');
  return true;
}

bool JsonSax::parse_error(std::size_t position, const std::string&,
                          const nlohmann::detail::exception& error) {
  // nlohmann says "[json.exception.parse_error.101] parse error at line L, column C: detail".
  std::string message = error.what();
  unsigned long line = 0, column = 0;
  auto at = message.find(" at line ");
  std::string where = name_;
  if (at != std::string::npos &&
      std::sscanf(message.c_str() + at, " at line %lu, column %lu", &line, &column) == 2) {
    // Column 0: nlohmann's, when the bad token is the last on its line (it read the line end
    // and gave it back); the same whether the parser started at the input's start or not.
    const std::int64_t shifted = static_cast<std::int64_t>(column) + (line == 1 && column != 0 ? column_shift_ : 0);
    where.append(":").append(std::to_string(first_line_ + line - 1)).append(":").append(std::to_string(shifted));
  } else {
    where += ":byte " + std::to_string(static_cast<std::int64_t>(position) + byte_shift_);
  }
  std::string detail;
  if (at != std::string::npos) {
    auto colon = message.find(": ", at);
    detail = colon == std::string::npos ? message : message.substr(colon + 2);
  } else {  // "[json.exception.out_of_range.406] number overflow parsing '1e999'"
    auto bracket = message.find("] ");
    detail = bracket == std::string::npos ? message : message.substr(bracket + 2);
  }
  throw Error(ErrorKind::kData, where, "invalid JSON: " + detail);
}

void JsonSax::end_document() {
  if (count() > (batch_.rows.empty() ? 0 : batch_.rows.back())) {
    batch_.rows.push_back(count());  // numbers outside any row form one row
    batch_.row_tails.push_back(batch_.text.size());
  }
}

void JsonSax::finish() {
  end_document();
  // leaf_depth_ counts from 1 (0: no number), so numbers of a rank-k array sit at k + 1.
  if (regular_ && (leaf_depth_ == 0 || leaf_depth_ == dims_.size() + 1)) batch_.shape = dims_;
  if (flush_) flush_(take());
}

Batch JsonSax::take() {
  Batch out = std::move(batch_);
  batch_ = Batch();
  return out;
}

}  // namespace nnact
