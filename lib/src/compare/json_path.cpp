// Index paths found by walking the compact JSON template once, in stream order.
#include "compare/json_path.hpp"

#include <cctype>

namespace nnact {
namespace {

bool plain_key(const std::string& key) {
  if (key.empty() || std::isdigit(static_cast<unsigned char>(key[0]))) return false;
  for (char c : key) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  }
  return true;
}

}  // namespace

void JsonPathWalker::next_piece(std::string_view text) {
  finish_piece();
  text_ = text;
  at_ = 0;
}

void JsonPathWalker::finish_piece() {
  walk_to(text_.size());
  text_ = {};
  at_ = 0;
}

std::string JsonPathWalker::path_at(std::size_t offset) {
  walk_to(offset);
  // Appended piece by piece: GCC 12 warns falsely (-Wrestrict) about "[" + std::string.
  std::string path;
  if (stack_.empty() || stack_.front().array || !plain_key(stack_.front().key)) path += '.';
  for (const auto& frame : stack_) {
    if (frame.array) {
      path.append(1, '[').append(std::to_string(frame.index)).append(1, ']');
    } else if (plain_key(frame.key)) {
      path.append(1, '.').append(frame.key);
    } else {
      path.append("[\"").append(frame.key).append("\"]");
    }
  }
  return path;
}

// A string's raw text (escapes kept: paths show keys as written) becomes the key of its object
// when a ':' follows it.
void JsonPathWalker::walk_to(std::size_t offset) {
  for (; at_ < offset && at_ < text_.size(); ++at_) {
    char c = text_[at_];
    if (string_state_.in_string) {
      if (string_state_.step(c)) string_ += c;
      continue;
    }
    switch (c) {
      case '[':
      case '{':
        stack_.push_back(Frame{c == '[', 0, {}});
        break;
      case ']':
      case '}':
        if (!stack_.empty()) stack_.pop_back();
        break;
      case ',':
        if (!stack_.empty() && stack_.back().array) ++stack_.back().index;
        break;
      case '"':
        string_state_.in_string = true;
        string_.clear();
        break;
      case ':':
        if (!stack_.empty()) stack_.back().key = string_;
        break;
      default:
        break;
    }
  }
}

}  // namespace nnact
