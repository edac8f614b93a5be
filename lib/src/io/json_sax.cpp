#include "io/json_sax.hpp"

#include <cstdio>

#include "io/codecs.hpp"
#include "nnact/io.hpp"
#include "nnact/status.hpp"

namespace nnact {

JsonSax::JsonSax(const ReadOptions& options, std::string name, std::uint64_t first_line,
                 Flush flush)
    : dtype_(options.dtype),
      whole_rows_(options.whole_rows), name_(std::move(name)), first_line_(first_line), flush_(std::move(flush)) {}

void JsonSax::before_value() {
  if (stack_.empty()) return;
  Frame& top = stack_.back();
  if (top.array && !top.empty) batch_.text += ',';
  top.empty = false;
}

void JsonSax::after_value() {
  if (stack_.size() == 1 && stack_.front().array && batch_.values.size() >= kBatchValues &&
      (stack_.front().has_container || !whole_rows_)) {
    flush_(std::move(batch_));
    batch_ = Batch();
  }
}

void JsonSax::add_number(double value) {
  before_value();
  batch_.holes.push_back(batch_.text.size());
  batch_.values.push_back(value);
  if (!stack_.empty()) ++stack_.back().numbers;
  after_value();
}

bool JsonSax::null() {
  before_value();
  batch_.text += "null";
  after_value();
  return true;
}

bool JsonSax::boolean(bool value) {
  before_value();
  batch_.text += value ? "true" : "false";
  after_value();
  return true;
}

// An integer is rounded once, straight to the dtype.
bool JsonSax::number_integer(std::int64_t value) {
  add_number(dtype_ == DType::kFloat32 ? static_cast<float>(value) : static_cast<double>(value));
  return true;
}

bool JsonSax::number_unsigned(std::uint64_t value) {
  add_number(dtype_ == DType::kFloat32 ? static_cast<float>(value) : static_cast<double>(value));
  return true;
}

// Read again from its text: nlohmann's double, rounded to float, could be rounded twice.
bool JsonSax::number_float(double value, const std::string& text) {
  if (!parse_number(text, dtype_, value)) value = dtype_ == DType::kFloat32 ? static_cast<float>(value) : value;
  add_number(value);
  return true;
}

bool JsonSax::string(std::string& value) {
  before_value();
  batch_.text += nlohmann::json(value).dump();
  after_value();
  return true;
}

bool JsonSax::binary(std::vector<std::uint8_t>&) { return true; }  // not produced by JSON text

bool JsonSax::start_object(std::size_t) {
  before_value();
  if (!stack_.empty()) stack_.back().has_container = true;
  stack_.push_back(Frame{false});
  batch_.text += '{';
  return true;
}

bool JsonSax::key(std::string& value) {
  Frame& top = stack_.back();
  if (!top.empty) batch_.text += ',';
  top.empty = false;
  batch_.text += nlohmann::json(value).dump();
  batch_.text += ':';
  return true;
}

bool JsonSax::start_array(std::size_t) {
  before_value();
  if (!stack_.empty()) stack_.back().has_container = true;
  stack_.push_back(Frame{true});
  batch_.text += '[';
  return true;
}

void JsonSax::close(char bracket) {
  Frame top = stack_.back();
  stack_.pop_back();
  // A container of numbers only is a row (an innermost array, or an object of numbers).
  if (top.numbers > 0 && !top.has_container) {
    batch_.rows.push_back(batch_.values.size());
    batch_.row_tails.push_back(batch_.text.size());
  }
  batch_.text += bracket;
  after_value();
}

bool JsonSax::end_object() {
  close('}');
  return true;
}

bool JsonSax::end_array() {
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
    where += ":" + std::to_string(first_line_ + line - 1) + ":" + std::to_string(column);
  } else {
    where += ":byte " + std::to_string(position);
  }
  auto colon = message.find(": ", at == std::string::npos ? 0 : at);
  std::string detail = colon == std::string::npos ? message : message.substr(colon + 2);
  throw Error(ErrorKind::kData, where, "invalid JSON: " + detail);
}

void JsonSax::finish() {
  if (batch_.values.size() > (batch_.rows.empty() ? 0 : batch_.rows.back())) {
    batch_.rows.push_back(batch_.values.size());  // numbers outside any row form one row
    batch_.row_tails.push_back(batch_.text.size());
  }
  if (!batch_.text.empty() || !batch_.values.empty()) flush_(std::move(batch_));
  batch_ = Batch();
}

}  // namespace nnact
