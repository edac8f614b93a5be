// Field selection (-f LIST) and small text helpers shared by the readers (internal).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace nnact {

inline std::string_view trim_spaces(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// Resolves "2-5,label,7" against the header names (nullptr when there is no header) into a
// mask by 0-based column. Throws Error(kUsage) for a name not in the header, a name without a
// header, or a malformed range.
std::vector<bool> select_fields(std::string_view list, const std::vector<std::string>* names,
                                std::size_t columns);

}  // namespace nnact

namespace nnact {

// -f LIST for JSON: a number is selected when a key on its path is named in the list, or
// stands at a listed 1-based position in its object. Throws Error(kUsage) for a bad range.
class KeySelector {
 public:
  explicit KeySelector(std::string_view list);
  bool matches(std::string_view key, std::size_t position) const;

 private:
  std::vector<std::string> names_;
  std::vector<std::pair<std::size_t, std::size_t>> ranges_;  // 1-based, inclusive
};

}  // namespace nnact
