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
// mask by 0-based column. An item that is a header name (compared with both sides trimmed)
// means that column even when it looks like a number; otherwise numbers are 1-based indices.
// `columns` is the width of the first row. Throws Error(kUsage) at `where` for a name not in
// the header, a name without a header, an index beyond `columns`, or a malformed range.
std::vector<bool> select_fields(std::string_view list, const std::vector<std::string>* names,
                                std::size_t columns, const std::string& where);

}  // namespace nnact

namespace nnact {

// -f LIST for JSON: a number is selected when a key on its path is named in the list, or
// stands at a listed 1-based position in its object; in an array outside any object (an NDJSON
// row, a JSON matrix), a number at a listed position. Throws Error(kUsage) for a bad range.
class KeySelector {
 public:
  explicit KeySelector(std::string_view list);
  bool matches(std::string_view key, std::size_t position) const;
  bool at_position(std::size_t position) const;
  // The largest position listed (an open range "3-" counts as 3); 0 when only names.
  std::size_t last_position() const { return last_; }

 private:
  std::vector<std::string> names_;
  std::vector<std::pair<std::size_t, std::size_t>> ranges_;  // 1-based, inclusive
  std::size_t last_ = 0;
};

}  // namespace nnact
