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

// Splits "2-5,label,7" into items, trimmed of spaces on both sides. An item for which
// named(item) is true is taken (a header name that looks like a number, "2020", means that
// column); else on_range(from, to) gets indices and ranges (an open range "3-" ends at `last`)
// and on_name(item) the rest.
template <class Named, class OnRange, class OnName>
void for_each_field(std::string_view list, std::size_t last, Named named, OnRange on_range, OnName on_name) {
  while (!list.empty()) {
    auto comma = list.find(',');
    std::string_view item = trim_spaces(list.substr(0, comma));
    list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
    if (named(item)) continue;
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
                                std::size_t columns, const std::string& where) {
  std::vector<bool> mask;
  // Header names are compared trimmed, as the list's items are: -f ' y' and -f y both find " y".
  auto named = [&](std::string_view item) {
    bool found = false;
    for (std::size_t i = 0; names != nullptr && i < names->size(); ++i) {
      if (trim_spaces((*names)[i]) == item) {
        mark(mask, i + 1, i + 1);
        found = true;
      }
    }
    return found;
  };
  auto on_range = [&](std::size_t from, std::size_t to) {
    if (columns > 0 && to > columns) {  // an empty input has no columns to check against
      throw Error(ErrorKind::kUsage, where,
                  "--fields: column " + std::to_string(to) + " is beyond the first row, which has " +
                      std::to_string(columns) + (columns == 1 ? " column" : " columns"));
    }
    mark(mask, from, to);
  };
  auto on_name = [&](std::string_view item) {
    if (names == nullptr) {
      throw Error(ErrorKind::kUsage, where, "--fields: \"" + std::string(item) +
                        "\" is a name, but the input has no header (use indices, or --header yes)");
    }
    throw Error(ErrorKind::kUsage, where, "--fields: no column named \"" + std::string(item) + "\"");
  };
  for_each_field(list, columns, named, on_range, on_name);
  return mask;
}

// Every item is a key name, "2020" included (keys differ from object to object, so a numeric
// item means the key spelled so as well as the position); numeric items are positions too.
KeySelector::KeySelector(std::string_view list) {
  for_each_field(
      list, static_cast<std::size_t>(-1),
      [this](std::string_view name) {
        names_.emplace_back(name);
        return false;
      },
      [this](std::size_t from, std::size_t to) {
        ranges_.emplace_back(from, to);
        last_ = std::max(last_, to == static_cast<std::size_t>(-1) ? from : to);
      },
      [](std::string_view) {});
}

bool KeySelector::at_position(std::size_t position) const {
  for (auto [from, to] : ranges_) {
    if (position >= from && position <= to) return true;
  }
  return false;
}

bool KeySelector::matches(std::string_view key, std::size_t position) const {
  for (const auto& name : names_) {
    if (name == key) return true;
  }
  return at_position(position);
}

}  // namespace nnact
