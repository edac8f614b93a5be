#include "container/tensor_select.hpp"

#include <fnmatch.h>

#include <algorithm>

#include "nnact/status.hpp"

namespace nnact {

TensorSelection::TensorSelection(const std::string& list) {
  std::size_t at = 0;
  while (at <= list.size() && !list.empty()) {
    std::size_t comma = std::min(list.find(',', at), list.size());
    if (comma > at) patterns_.push_back(list.substr(at, comma - at));
    at = comma + 1;
  }
}

bool TensorSelection::selects(const std::string& name) const {
  if (patterns_.empty()) return true;
  return std::any_of(patterns_.begin(), patterns_.end(),
                     [&](const std::string& p) { return p == name || ::fnmatch(p.c_str(), name.c_str(), 0) == 0; });
}

bool TensorSelection::names_exactly(const std::string& name) const {
  return std::find(patterns_.begin(), patterns_.end(), name) != patterns_.end();
}

void TensorSelection::check_matches(const std::vector<std::string>& names) const {
  for (const std::string& p : patterns_) {
    bool any = std::any_of(names.begin(), names.end(),
                           [&](const std::string& n) { return p == n || ::fnmatch(p.c_str(), n.c_str(), 0) == 0; });
    if (!any) throw usage_error("-f " + p + ": no tensor of that name (" + std::to_string(names.size()) + " tensors in the file)");
  }
}

}  // namespace nnact
