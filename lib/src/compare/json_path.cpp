// Index paths found by walking the compact JSON template once, up to the last value asked for.
#include "compare/json_path.hpp"

#include <cctype>

namespace nnact {
namespace {

struct Frame {
  bool array;
  std::size_t index = 0;
  std::string key;
};

bool plain_key(const std::string& key) {
  if (key.empty() || std::isdigit(static_cast<unsigned char>(key[0]))) return false;
  for (char c : key) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  }
  return true;
}

std::string path_of(const std::vector<Frame>& stack) {
  // Appended piece by piece: GCC 12 warns falsely (-Wrestrict) about "[" + std::string.
  std::string path;
  if (stack.empty() || stack.front().array || !plain_key(stack.front().key)) path += '.';
  for (const auto& frame : stack) {
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

// One past the closing quote of the string starting at `p` (an opening quote); `content` gets
// its raw text (escapes kept: paths show keys as written).
std::size_t skip_string(std::string_view text, std::size_t p, std::string& content) {
  std::size_t q = p + 1;
  while (q < text.size() && text[q] != '"') q += text[q] == '\\' ? 2 : 1;
  content.assign(text.substr(p + 1, q - p - 1));
  return q + 1;
}

}  // namespace

std::vector<std::string> json_paths(std::string_view text, const std::vector<std::size_t>& holes,
                                    const std::vector<std::size_t>& which) {
  std::vector<std::string> paths;
  std::vector<Frame> stack;
  std::size_t next = 0;  // index into `which`
  std::size_t p = 0;
  std::string string;
  while (next < which.size()) {
    while (next < which.size() && holes[which[next]] == p) paths.push_back(path_of(stack)), ++next;
    if (p >= text.size()) break;
    char c = text[p];
    if (c == '[' || c == '{') {
      stack.push_back(Frame{c == '[', 0, {}});
    } else if (c == ']' || c == '}') {
      if (!stack.empty()) stack.pop_back();
    } else if (c == ',') {
      if (!stack.empty() && stack.back().array) ++stack.back().index;
    } else if (c == '"') {
      p = skip_string(text, p, string);
      if (p < text.size() && text[p] == ':' && !stack.empty()) stack.back().key = string;
      continue;
    }
    ++p;
  }
  paths.resize(which.size());
  return paths;
}

}  // namespace nnact
