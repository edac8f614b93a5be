// Numbers nlohmann_json refuses: the literals NaN, Infinity and -Infinity (Python's json writes
// them), and numbers beyond the float64 range such as 1e999 (strtod, Python and NumPy read them
// as +-inf, as nnact's other readers do). rewrite() replaces each such number outside strings by
// one of the same length ("0" and spaces, so positions in error messages stay right) and
// remembers, by the ordinal of the number in the text, its value and text; JsonSax asks take()
// for every number it reads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "io/json_string_state.hpp"

namespace nnact {

// End of a number of the strict JSON grammar, -?(0|[1-9]d*)(.d+)?([eE][+-]?d+)?, that starts at
// p, or nullptr.
const char* json_number_end(const char* p, const char* end);

class JsonLiterals {
 public:
  struct Literal {
    std::uint64_t ordinal;
    double value;
    std::string text;  // as written, for numbers that pass through
  };
  // Rewrites data[0, n) in place and returns how many bytes are done; unless `at_end`, the
  // trailing bytes that may begin a literal or hold a number cut short are left for the next
  // call (with more bytes).
  std::size_t rewrite(char* data, std::size_t n, bool at_end);
  // The number with this ordinal (0-based, in text order), if it was rewritten.
  std::optional<Literal> take(std::uint64_t ordinal) {
    if (next_ == pending_.size() || pending_[next_].ordinal != ordinal) return std::nullopt;
    return std::move(pending_[next_++]);
  }
  // Forgets everything: the next rewrite() starts a new document.
  void reset() { *this = JsonLiterals(); }

 private:
  JsonStringState string_state_;
  bool in_number_ = false;  // a number longer than a whole block continues
  std::uint64_t numbers_ = 0;
  std::vector<Literal> pending_;
  std::size_t next_ = 0;
};

}  // namespace nnact
