// -f for containers of named tensors: a comma-separated list of exact names and shell globs
// (fnmatch: `encoder.*.weight`, `layer[0-3].bias`) (internal).
#pragma once

#include <string>
#include <vector>

namespace nnact {

class TensorSelection {
 public:
  // Empty `list`: every tensor is selected.
  explicit TensorSelection(const std::string& list);
  bool selects(const std::string& name) const;
  // Throws Error(kUsage) naming a pattern that matches none of `names`.
  void check_matches(const std::vector<std::string>& names) const;
  bool all() const { return patterns_.empty(); }
  // Whether `name` is listed as an exact name (not only matched by a glob).
  bool names_exactly(const std::string& name) const;

 private:
  std::vector<std::string> patterns_;
};

}  // namespace nnact
