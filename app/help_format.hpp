// --help that fits an 80-column terminal: descriptions wrapped beside the option column.
#pragma once

#include <memory>

namespace CLI {
class Formatter;
}

namespace nnact::app {

// Give it to CLI::App::formatter() before adding subcommands (they copy their parent's).
std::shared_ptr<CLI::Formatter> make_help_formatter();

}  // namespace nnact::app
