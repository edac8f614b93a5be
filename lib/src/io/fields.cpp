#include "io/fields.hpp"

#include <algorithm>
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

// Splits "2-5,label,7" into items; calls on_range(from, to) for indices and ranges (an open
// range "3-" ends at `last`) and on_name(item) for the rest.
template <class OnRange, class OnName>
void for_each_field(std::string_view list, std::size_t last, OnRange on_range, OnName on_name) {
  while (!list.empty()) {
    auto comma = list.find(',');
    std::string_view item = trim_spaces(list.substr(0, comma));
    list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
    std::size_t from = 0, to = 0;
    auto dash = item.find('-', 1);
    if (parse_index(item, from)) {
      on_range(from, from);
      continue;
    }
    if (dash != std::string_view::npos && parse_index(item.substr(0, dash), from)) {
      std::string_view rest = item.substr(dash + 1);
      if (rest.empty()) to = std::max(last, from);  // "3-": to the last column
      if ((rest.empty() || parse_index(rest, to)) && from <= to) {
        on_range(from, to);
        continue;
      }
      throw usage_error("--fields: bad range \"" + std::string(item) + "\"");
    }
    on_name(item);
  }
}

}  // namespace

std::vector<bool> select_fields(std::string_view list, const std::vector<std::string>* names,
                                std::size_t columns) {
  std::vector<bool> mask;
  auto on_name = [&](std::string_view item) {
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
  };
  for_each_field(list, columns, [&](std::size_t from, std::size_t to) { mark(mask, from, to); },
                 on_name);
  return mask;
}

KeySelector::KeySelector(std::string_view list) {
  for_each_field(
      list, static_cast<std::size_t>(-1),
      [this](std::size_t from, std::size_t to) { ranges_.emplace_back(from, to); },
      [this](std::string_view name) { names_.emplace_back(name); });
}

bool KeySelector::matches(std::string_view key, std::size_t position) const {
  for (const auto& name : names_) {
    if (name == key) return true;
  }
  for (auto [from, to] : ranges_) {
    if (position >= from && position <= to) return true;
  }
  return false;
}

}  // namespace nnact
