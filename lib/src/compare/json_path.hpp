// jq-style index paths of values in compact JSON pass-through text (internal; compare).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace nnact {

// The path of value holes[i] for each i of `which` (ascending), e.g. ".[1][0]" or ".w[2]";
// "." for a scalar document. `text` is a reader's compact pass-through JSON text.
std::vector<std::string> json_paths(std::string_view text, const std::vector<std::size_t>& holes,
                                    const std::vector<std::size_t>& which);

}  // namespace nnact
