#include "cli.hpp"

#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <iostream>
#include <set>
#include <thread>

#include "help_format.hpp"
#include "list_ops.hpp"
#include "logging.hpp"
#include "plot_command.hpp"
#include "nnact/status.hpp"

namespace nnact::app {

// Every parameter any op takes becomes one option; Op::make rejects those the op doesn't take.
void add_op_parameters(CLI::App& cli, ParamValues& params) {
  std::map<std::string, std::vector<std::string>, std::less<>> takers;
  for (const auto& spec : op_table()) {
    for (const auto& param : spec.params) takers[std::string(param.name)].emplace_back(spec.name);
  }
  for (auto& [name, ops] : takers) {
    std::string help = "parameter of ";
    for (std::size_t i = 0; i < ops.size(); ++i) help += (i ? ", " : "") + ops[i];
    if (name == "axis") help += " (-1: each row; 0: down the columns, holding the whole input in memory)";
    cli.add_option_function<std::string>(
           "--" + name, [&params, name = name](const std::string& value) { params[name] = value; },
           help)
        ->group("Op parameters")
        ->type_name("X");
  }
}

namespace {

char parse_delimiter(const std::string& text) {
  if (text == "tab" || text == "\\t") return '\t';
  if (text == "space") return ' ';
  if (text.size() != 1 || text == "\"" || text == "\n" || text == "\r") {
    throw usage_error("--delimiter must be one character (or 'tab'), not \"" + text + "\"");
  }
  return text[0];
}

Format checked_format(const std::string& name, const char* option) {
  auto format = parse_format(name);
  if (!format || (*format == Format::kAuto && std::string(option) == "--to")) {
    throw usage_error(std::string(option) + ": unknown format \"" + name + "\"");
  }
  return *format;
}

void convert(const CliOptions& o, Config& config) {
  DType dtype = o.dtype == "float64" ? DType::kFloat64 : DType::kFloat32;
  config.op = Op::make(o.op, o.params, dtype);
  RunOptions& run = config.run;
  run.read.dtype = run.write.dtype = dtype;
  run.read.format = checked_format(o.from, "--from");
  run.write.format = o.to.empty() ? Format::kAuto : checked_format(o.to, "--to");
  if (o.to.empty() && !o.output.empty()) run.write.format = format_from_extension(o.output);
  run.read.delimiter = run.write.delimiter = parse_delimiter(o.delimiter);
  run.read.header = o.no_header ? Header::kNo
                    : o.header == "yes" ? Header::kYes
                    : o.header == "no"  ? Header::kNo
                                        : Header::kAuto;
  run.read.fields = o.fields;
  if (!o.comment.empty()) {
    if (o.comment.size() != 1 || o.comment == "\"" || o.comment == "\n" || o.comment[0] == run.read.delimiter) {
      throw usage_error("--comment must be one character other than the delimiter and '\"', not \"" + o.comment + "\"");
    }
    run.read.comment = o.comment[0];
  }
  run.read.whole_rows = config.op.spec().along_axis;
  run.write.precision = o.precision;
  run.write.nonfinite = o.json_nonfinite == "literal" ? JsonNonfinite::kLiteral
                        : o.json_nonfinite == "error" ? JsonNonfinite::kError
                                                      : JsonNonfinite::kNull;
  unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  run.jobs = o.jobs > 0 ? o.jobs : static_cast<int>(cores);
  config.output = o.output;
  if (!o.compress.empty()) {
    config.compress = parse_compression(o.compress);
    if (!config.compress) throw usage_error("--compress: unknown compression \"" + o.compress + "\" (gz, zst, bz2, xz, none)");
    if (o.batch.in_place) throw usage_error("--compress does not go with -I/--in-place: a rewritten file keeps its compression");
  }
  config.fsync = o.fsync;
  config.files = o.files;
  convert_batch(o.batch, o.output, config.files, config.batch, config.check);
  if (o.quiet && config.batch.progress == ProgressMode::kAuto) config.batch.progress = ProgressMode::kNever;
}

}  // namespace

int parse_command_line(int argc, char** argv, Config& config) {
  CliOptions o;
  CLI::App cli{"Apply a neural-network activation (as TensorFlow's tf.nn defines it) to numbers "
               "in CSV, TSV, JSON, NDJSON, .npy or text files.",
               "nnact"};
  cli.set_version_flag("--version", version_text());
  cli.formatter(make_help_formatter());

  cli.add_option("--op", o.op, "the activation (see --list-ops)")->group("Op")->type_name("NAME");
  add_op_parameters(cli, o.params);
  cli.add_option("--dtype", o.dtype, "arithmetic and output precision")
      ->check(CLI::IsMember({"float32", "float64"}))
      ->group("Op")
      ->default_str("float32");

  const char* input = "Input";
  cli.add_option("files", o.files, "input files; none or '-' reads standard input")->group(input)->type_name("FILE");
  cli.add_option("--from", o.from, "input format: auto|csv|tsv|json|ndjson|npy|txt (auto: by extension, then content)")
      ->group(input)->type_name("FMT");
  cli.add_option("-d,--delimiter", o.delimiter, "CSV field delimiter: one character, or 'tab'")->group(input)->type_name("C");
  cli.add_option("--header", o.header, "CSV/TSV header row: auto (a first row that is not all numeric) | yes | no")
      ->check(CLI::IsMember({"auto", "yes", "no"}))->group(input)->type_name("MODE");
  cli.add_flag("-n,--no-header", o.no_header, "same as --header no")->group(input);
  cli.add_option("--comment", o.comment, "CSV/TSV lines starting with C pass through unchanged, never the header (default: a '#' first line before a header)")
      ->group(input)->type_name("C");
  cli.add_option("-f,--fields", o.fields, "columns/keys to transform: names, 1-based indices, ranges (2-5,label)")
      ->group(input)->type_name("LIST");

  const char* output = "Output";
  cli.add_option("--to", o.to, "output format: csv|tsv|json|ndjson|npy|txt (default: -o's extension, else the input's)")
      ->group(output)->type_name("FMT");
  cli.add_option("-o,--output", o.output, "output file, written atomically (default: standard output)")
      ->group(output)->type_name("PATH");
  cli.add_option("--compress", o.compress, "compress the output: gz|zst|bz2|xz|none (default: -o's extension; --output-dir: the input's)")
      ->group(output)->type_name("KIND");
  cli.add_flag("--fsync", o.fsync, "flush output files to disk before renaming them into place (slower)")->group(output);
  cli.add_option("--precision", o.precision, "significant digits (default: shortest text that reads back to the same value)")
      ->check(CLI::Range(1, 17))->group(output)->type_name("N");
  cli.add_option("--json-nonfinite", o.json_nonfinite, "NaN/Infinity in JSON: null (default, warns) | literal | error")
      ->check(CLI::IsMember({"null", "literal", "error"}))->group(output)->type_name("MODE");

  add_batch_options(cli, o.batch);

  const char* diagnostics = "Diagnostics";
  cli.add_option("-j,--jobs", o.jobs, "worker threads (default: all cores); never changes the output")
      ->check(CLI::Range(1, 1024))->group(diagnostics)->type_name("N");
  cli.add_flag("-q,--quiet", o.quiet, "only errors on stderr")->group(diagnostics);
  cli.add_flag("-v,--verbose", o.verbose, "say what is done (formats chosen, files written)")->group(diagnostics);
  cli.add_flag("--list-ops", o.list_ops, "list every op, its parameters and formula")->group(diagnostics);

  PlotOptions plot_options;
  CLI::App* plot = add_plot_command(cli, plot_options);

  setup_logging(false, 0);
  try {
    cli.parse(argc, argv);
    setup_logging(o.quiet, o.verbose);
    if (plot->parsed()) return run_plot(plot_options);
    if (o.list_ops) {
      print_op_list(std::cout, o.to == "json");
      return 0;
    }
    if (o.op.empty()) throw usage_error("--op NAME is required (see --list-ops)");
    convert(o, config);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return cli.exit(e);  // --help, --version
    spdlog::error("{} (see --help)", e.what());
    return static_cast<int>(ErrorKind::kUsage);
  } catch (const Error& e) {
    spdlog::error("{}", e.what());
    return static_cast<int>(e.kind());
  }
  return -1;
}

}  // namespace nnact::app
