// `nnact data.csv -o data.csv` would replace the input with its own transform, and a failed or
// repeated run could not be undone: refused unless the user asks for it with -I.
#pragma once

#include "cli.hpp"

namespace nnact::app {

// Throws a usage error when config.output is the same file as one of config.files (same
// device and inode, whatever the spelling of the paths).
void refuse_output_over_input(const Config& config);

}  // namespace nnact::app
