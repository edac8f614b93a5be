// Python literals, as numpy reads the header of an .npy file with ast.literal_eval (internal):
// strings, integers, floats, True/False/None, tuples, lists and dicts. Anything else (a name,
// a call, an operator) is refused: the header is data, never code.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace nnact {

struct PyLiteral {
  enum class Kind { kString, kInt, kFloat, kBool, kNone, kTuple, kList, kDict };
  Kind kind = Kind::kNone;
  std::string_view source;  // the literal's text, for messages
  std::string string;       // kString
  bool negative = false;    // kInt: its sign
  bool truth = false;       // kBool
  std::optional<std::uint64_t> magnitude;  // kInt: nullopt beyond 2^64 - 1
  std::vector<PyLiteral> items;            // kTuple, kList
  std::vector<std::pair<PyLiteral, PyLiteral>> entries;  // kDict, in order: key, value
};

// Why a text is not one literal: the byte offset, what was wrong, and the top-level dict key
// whose value held it ("" when not inside one).
struct PyLiteralError : std::runtime_error {
  PyLiteralError(std::size_t at, const std::string& message, std::string in_key)
      : std::runtime_error(message), offset(at), key(std::move(in_key)) {}
  std::size_t offset;
  std::string key;
};

// Reads `text` as exactly one literal, surrounded by white space at most. Throws
// PyLiteralError. The result refers to `text` (source), which must outlive it.
PyLiteral parse_py_literal(std::string_view text);

}  // namespace nnact
