// NaN, Infinity and -Infinity in JSON text (Python's json writes them; nlohmann rejects them).
// rewrite() replaces each such literal outside strings by a number of the same length ("0" and
// spaces, so positions in error messages stay right) and remembers, by the ordinal of the
// number in the text, which value it stands for; JsonSax asks take() for every number it reads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <utility>

#include "io/json_string_state.hpp"

namespace nnact {

class JsonLiterals {
 public:
  // Rewrites data[0, n) in place and returns how many bytes are done; unless `at_end`, a few
  // trailing bytes that may begin a literal are left for the next call (with more bytes).
  std::size_t rewrite(char* data, std::size_t n, bool at_end);
  // If the number with this ordinal (0-based, in text order) was a literal, sets `value`.
  bool take(std::uint64_t ordinal, double& value) {
    if (pending_.empty() || pending_.front().first != ordinal) return false;
    value = pending_.front().second;
    pending_.pop_front();
    return true;
  }

 private:
  JsonStringState string_state_;
  bool in_number_ = false;
  std::uint64_t numbers_ = 0;
  std::deque<std::pair<std::uint64_t, double>> pending_;
};

}  // namespace nnact
