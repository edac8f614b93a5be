// `nnact data.csv -o data.csv` (or --output-dir naming the input's own directory) would replace
// the input with its own transform, and a failed or repeated run could not be undone: refused.
// -I is the way to ask for it.
#pragma once

#include <string>

#include "cli.hpp"

namespace nnact::app {

// Throws a usage error when `output` is the file `input` (same device and inode, whatever the
// spelling of the paths). Standard input/output ("-") and outputs that do not exist yet pass.
void refuse_overwriting(const std::string& input, const std::string& output);

// The same for -o and every input of the run.
void refuse_output_over_input(const Config& config);

}  // namespace nnact::app
