#include "io/fields.hpp"

#include <charconv>

#include "nnact/status.hpp"

namespace nnact {
namespace {

bool parse_index(std::string_view text, std::size_t& index) {
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), index);
  return ec == std::errc() && ptr == text.data() + text.size() && index >= 1;
}

void mark(std::vector<bool>& mask, std::size_t from, std::size_t to) {  // 1-based, inclusive
  if (mask.size() < to) mask.resize(to, false);
  for (std::size_t i = from; i <= to; ++i) mask[i - 1] = true;
}

}  // namespace

std::vector<bool> select_fields(std::string_view list, const std::vector<std::string>* names,
                                std::size_t columns) {
  std::vector<bool> mask;
  while (!list.empty()) {
    auto comma = list.find(',');
    std::string_view item = trim_spaces(list.substr(0, comma));
    list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
    std::size_t from = 0, to = 0;
    auto dash = item.find('-', 1);
    if (parse_index(item, from)) {
      mark(mask, from, from);
      continue;
    }
    if (dash != std::string_view::npos && parse_index(item.substr(0, dash), from)) {
      std::string_view rest = item.substr(dash + 1);
      if (rest.empty()) to = std::max(columns, from);  // "3-": to the last column
      if ((rest.empty() || parse_index(rest, to)) && from <= to) {
        mark(mask, from, to);
        continue;
      }
      throw usage_error("--fields: bad range \"" + std::string(item) + "\"");
    }
    if (names == nullptr) {
      throw usage_error("--fields: \"" + std::string(item) +
                        "\" is a name, but the input has no header (use indices, or --header yes)");
    }
    bool found = false;
    for (std::size_t i = 0; i < names->size(); ++i) {
      if ((*names)[i] == item) {
        mark(mask, i + 1, i + 1);
        found = true;
      }
    }
    if (!found) throw usage_error("--fields: no column named \"" + std::string(item) + "\"");
  }
  return mask;
}

}  // namespace nnact
