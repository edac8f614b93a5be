// jq-style index paths of values in compact JSON pass-through text (internal; compare).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "io/json_string_state.hpp"

namespace nnact {

// Walks a reader's compact JSON template text, which may come in pieces (one per batch), and
// says where a value hole is: ".[1][0]", ".w[2]", "." for a scalar document.
class JsonPathWalker {
 public:
  // Starts on the next piece, `text`, which the caller keeps alive until finish_piece().
  void next_piece(std::string_view text);
  // Walks the rest of the current piece (call it before that text goes away).
  void finish_piece();
  // The path of the value at `offset` of the current piece; offsets must not go backwards.
  std::string path_at(std::size_t offset);

 private:
  struct Frame {
    bool array;
    std::size_t index = 0;
    std::string key;
  };
  void walk_to(std::size_t offset);

  std::vector<Frame> stack_;
  std::string_view text_;
  std::size_t at_ = 0;
  std::string string_;  // a string cut by the end of a piece continues here
  JsonStringState string_state_;
};

}  // namespace nnact
