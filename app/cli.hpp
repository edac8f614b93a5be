// The command line: one plain options struct filled by CLI11, then checked and turned into the
// library's configuration.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "batch_options.hpp"
#include "nnact/ops.hpp"
#include "nnact/pipeline.hpp"

namespace CLI {
class App;
}

namespace nnact::app {

struct CliOptions {
  std::string op;
  ParamValues params;  // only the op parameters given on the command line
  bool grad = false;   // write f'(x) (or dy * f'(x) with --upstream) instead of f(x)
  std::string upstream;
  std::string dtype = "auto";
  std::string from = "auto";
  std::string to;
  std::string output;
  std::string compress;
  bool fsync = false;
  std::string delimiter;  // -d; unset: ',' (';' with --decimal ',')
  std::string decimal = ".";
  std::string output_delimiter;  // --output-delimiter ("": the input's)
  std::string header = "auto";
  bool no_header = false;
  std::string fields;
  std::string comment;
  std::string na = "NA,N/A,NULL,null,None,";  // --na: the missing-value tokens
  int precision = 0;
  std::string json_nonfinite = "null";
  int jobs = 0;  // 0: all cores
  bool quiet = false;
  int verbose = 0;
  bool list_ops = false;
  std::vector<std::string> files;
  BatchCli batch;
};

// What the options ask for, checked: the op bound to its parameters and the run settings.
struct Config {
  OpRequest op;  // checked; bound per input once its dtype is known
  std::string upstream;  // --upstream FILE ("" without)
  RunOptions run;  // read.format / write.format may still be kAuto (resolved per input)
  std::string output;
  std::optional<Compression> compress;  // --compress; unset: by -o's extension, or the input's
  bool fsync = false;              // output files reach the disk before they are renamed into place
  std::vector<std::string> files;  // in argument order, then those of --files-from
  BatchConfig batch;
  CheckConfig check;
};

// Adds --alpha, --beta, ... (every parameter any op takes) to `cli`, filling `params`; --axis
// only when `with_axis` (plot draws element-wise curves: it has no axis).
void add_op_parameters(CLI::App& cli, ParamValues& params, bool with_axis = true);

// A CLI11 parse error as the user reads it: for an unknown option, the closest known option
// ("did you mean --alpha?"), by the registry's edit distance.
std::string parse_error_text(const CLI::App& cli, const std::string& what, int argc, char** argv);

// Parses argv. Returns the exit code to stop with (0 after --help/--version/--list-ops, 2 for
// a usage error, already reported), or -1 to go on with `config` filled.
int parse_command_line(int argc, char** argv, Config& config);

}  // namespace nnact::app
