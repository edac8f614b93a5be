// --list-ops: the op registry as a readable table, or as JSON for scripts.
#pragma once

#include <ostream>

namespace nnact::app {

void print_op_list(std::ostream& out, bool json);

}  // namespace nnact::app
