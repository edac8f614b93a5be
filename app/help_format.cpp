#include "help_format.hpp"

#include <CLI/CLI.hpp>

namespace nnact::app {
namespace {

constexpr std::size_t kTerminalWidth = 80;
constexpr std::size_t kOptionColumn = 30;

// Breaks `text` at spaces into lines of at most `width` characters joined by '\n' (CLI11
// indents each continuation line to the description column).
std::string wrapped(const std::string& text, std::size_t width) {
  std::string out, line;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find(' ', start);
    if (end == std::string::npos) end = text.size();
    std::string word = text.substr(start, end - start);
    if (!line.empty() && line.size() + 1 + word.size() > width) {
      out += line + '\n';
      line.clear();
    }
    line += (line.empty() ? "" : " ") + word;
    start = end + 1;
  }
  return out + line;
}

class HelpFormatter : public CLI::Formatter {
 public:
  HelpFormatter() { column_width(kOptionColumn); }
  std::string make_option_desc(const CLI::Option* option) const override {
    return wrapped(CLI::Formatter::make_option_desc(option), kTerminalWidth - kOptionColumn);
  }
  // CLI11 puts two blank lines between groups; one is enough and keeps --help shorter.
  std::string make_help(const CLI::App* app, std::string name, CLI::AppFormatMode mode) const override {
    std::string help = CLI::Formatter::make_help(app, std::move(name), mode);
    for (auto at = help.find("\n\n\n"); at != std::string::npos; at = help.find("\n\n\n")) help.erase(at, 1);
    return help;
  }
  std::string make_description(const CLI::App* app) const override {
    return wrapped(app->get_description(), kTerminalWidth) + "\n";
  }
};

}  // namespace

std::shared_ptr<CLI::Formatter> make_help_formatter() { return std::make_shared<HelpFormatter>(); }

}  // namespace nnact::app
