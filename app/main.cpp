#include "cli.hpp"
#include "run.hpp"

int main(int argc, char** argv) {
  nnact::app::Config config{};
  int code = nnact::app::parse_command_line(argc, argv, config);
  if (code >= 0) return code;
  return nnact::app::run(config);
}
