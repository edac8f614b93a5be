#include "io/py_literal.hpp"

#include <cctype>

#include "io/message_text.hpp"

namespace nnact {
namespace {

constexpr int kMaxDepth = 32;  // npy headers nest 2 deep; a hostile one must not blow the stack

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  PyLiteral whole() {
    PyLiteral value = parse(0);
    skip_spaces();
    if (at_ < text_.size()) fail("unexpected text after the literal: " + excerpt(at_));
    return value;
  }

 private:
  [[noreturn]] void fail(const std::string& message) const { throw PyLiteralError(at_, message, key_); }

  // The rest of the line from `from`, quoted (at most 30 bytes, control bytes escaped).
  std::string excerpt(std::size_t from) const {
    std::string_view rest = text_.substr(from);
    return quoted_excerpt(rest.substr(0, rest.find('\n')), 30);
  }

  void skip_spaces() {
    while (at_ < text_.size() && (text_[at_] == ' ' || text_[at_] == '\t' || text_[at_] == '\n' ||
                                  text_[at_] == '\r' || text_[at_] == '\f')) {
      ++at_;
    }
  }

  bool take(char c) {
    skip_spaces();
    if (at_ < text_.size() && text_[at_] == c) {
      ++at_;
      return true;
    }
    return false;
  }

  PyLiteral parse(int depth) {
    if (depth > kMaxDepth) fail("nested more than " + std::to_string(kMaxDepth) + " deep");
    skip_spaces();
    if (at_ >= text_.size()) fail("the header ends where a value was expected");
    const std::size_t start = at_;
    PyLiteral value;
    const char c = text_[at_];
    if (c == '\'' || c == '"') {
      value = string();
    } else if (c == '(' || c == '[') {
      value = sequence(depth, c == '(' ? ')' : ']');
    } else if (c == '{') {
      value = dict(depth);
    } else if (std::isdigit(static_cast<unsigned char>(c)) || c == '-' || c == '+' || c == '.') {
      value = number();
    } else if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
      value = name();
    } else {
      fail(excerpt(start) + " is not a Python literal");
    }
    value.source = text_.substr(start, at_ - start);
    return value;
  }

  PyLiteral string() {
    const char quote = text_[at_++];
    PyLiteral value;
    value.kind = PyLiteral::Kind::kString;
    for (;;) {
      if (at_ >= text_.size() || text_[at_] == '\n') fail("unterminated string");
      char c = text_[at_++];
      if (c == quote) break;
      if (c == '\\') {
        if (at_ >= text_.size()) fail("unterminated string");
        c = text_[at_++];
      }
      value.string += c;
    }
    if (at_ < text_.size() && text_[at_] == quote && value.string.empty()) fail("triple-quoted strings are not read");
    return value;
  }

  // (a, b), (a,), (), (a) which is just a; [a, b] and [].
  PyLiteral sequence(int depth, char close) {
    ++at_;
    PyLiteral value;
    value.kind = close == ')' ? PyLiteral::Kind::kTuple : PyLiteral::Kind::kList;
    bool comma = false;
    while (!take(close)) {
      if (!value.items.empty() && !comma) fail(std::string("expected ',' or '") + close + "' at " + excerpt(at_));
      value.items.push_back(parse(depth + 1));
      comma = take(',');
    }
    if (close == ')' && value.items.size() == 1 && !comma) return std::move(value.items.front());  // (a) is a
    return value;
  }

  PyLiteral dict(int depth) {
    ++at_;
    PyLiteral value;
    value.kind = PyLiteral::Kind::kDict;
    bool comma = false;
    while (!take('}')) {
      if (!value.entries.empty() && !comma) fail("expected ',' or '}' at " + excerpt(at_));
      PyLiteral key = parse(depth + 1);
      if (!take(':')) fail("expected ':' after the key " + quoted_excerpt(key.source, 30));
      if (depth == 0) key_ = key.kind == PyLiteral::Kind::kString ? key.string : std::string(key.source);
      PyLiteral item = parse(depth + 1);
      if (depth == 0) key_.clear();
      value.entries.emplace_back(std::move(key), std::move(item));
      comma = take(',');
    }
    return value;
  }

  // A decimal integer (magnitude kept when it fits 64 bits) or a float, with an optional sign.
  PyLiteral number() {
    PyLiteral value;
    value.kind = PyLiteral::Kind::kInt;
    if (text_[at_] == '-' || text_[at_] == '+') {
      value.negative = text_[at_++] == '-';
      skip_spaces();  // Python's unary minus: "- 3" is -3
    }
    const std::size_t digits = at_;
    std::uint64_t magnitude = 0;
    bool fits = true;
    while (at_ < text_.size() && (std::isdigit(static_cast<unsigned char>(text_[at_])) || text_[at_] == '_')) {
      if (text_[at_] != '_') {
        const auto d = static_cast<std::uint64_t>(text_[at_] - '0');
        if (magnitude > (UINT64_MAX - d) / 10) fits = false;
        magnitude = magnitude * 10 + d;
      }
      ++at_;
    }
    bool is_float = false;
    while (at_ < text_.size() && (std::isalnum(static_cast<unsigned char>(text_[at_])) || text_[at_] == '.' ||
                                  ((text_[at_] == '-' || text_[at_] == '+') && (text_[at_ - 1] == 'e' || text_[at_ - 1] == 'E')))) {
      is_float = true;  // 1.5, 1e3, 0x10 (read as a non-integer: a shape never holds one)
      ++at_;
    }
    if (at_ == digits) fail(excerpt(digits) + " is not a Python literal");
    if (is_float) {
      value.kind = PyLiteral::Kind::kFloat;
    } else if (fits) {
      value.magnitude = magnitude;
    }
    return value;
  }

  PyLiteral name() {
    const std::size_t start = at_;
    while (at_ < text_.size() && (std::isalnum(static_cast<unsigned char>(text_[at_])) || text_[at_] == '_')) ++at_;
    const std::string_view word = text_.substr(start, at_ - start);
    PyLiteral value;
    if (word == "True" || word == "False") {
      value.kind = PyLiteral::Kind::kBool;
      value.truth = word == "True";
    } else if (word == "None") {
      value.kind = PyLiteral::Kind::kNone;
    } else {
      at_ = start;
      fail(excerpt(start) + " is not a Python literal (a name or a call; the header must hold only literals)");
    }
    return value;
  }

  std::string_view text_;
  std::size_t at_ = 0;
  std::string key_;  // the top-level dict key whose value is being read
};

}  // namespace

PyLiteral parse_py_literal(std::string_view text) { return Parser(text).whole(); }

}  // namespace nnact
