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
void add_op_parameters(CLI::App& cli, ParamValues& params, bool with_axis) {
  std::map<std::string, std::vector<std::string>, std::less<>> takers;
  for (const auto& spec : op_table()) {
    for (const auto& param : spec.params) {
      if (with_axis || param.name != "axis") takers[std::string(param.name)].emplace_back(spec.name);
    }
  }
  for (auto& [name, ops] : takers) {
    std::string help = "parameter of ";
    for (std::size_t i = 0; i < ops.size(); ++i) help += (i ? ", " : "") + ops[i];
    if (name == "axis") help += " (-1, the last: streamed row by row; any other axis of a tensor holds the whole input in memory)";
    cli.add_option_function<std::string>(
           "--" + name, [&params, name = name](const std::string& value) { params[name] = value; },
           help)
        ->group("Op parameters")
        ->type_name("X");
  }
}

namespace {

// Every long option name of `app` and its subcommands ("--alpha").
void long_names(const CLI::App& app, std::vector<std::string>& names) {
  for (const CLI::Option* option : app.get_options()) {
    for (const auto& name : option->get_lnames()) names.push_back("--" + name);
  }
  for (const CLI::App* sub : app.get_subcommands({})) long_names(*sub, names);
}

}  // namespace

std::string parse_error_text(const CLI::App& cli, const std::string& what, int argc, char** argv) {
  std::vector<std::string> known;
  long_names(cli, known);
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--") break;
    if (!arg.starts_with("--")) continue;
    arg = arg.substr(0, arg.find('='));
    if (std::find(known.begin(), known.end(), arg) != known.end()) continue;
    std::string best;
    std::size_t best_distance = 3;  // farther than 2 edits is no typo
    for (const auto& name : known) {
      std::size_t distance = edit_distance(arg, name);
      if (distance < best_distance) best_distance = distance, best = name;
    }
    if (!best.empty()) return what + "; did you mean " + best + "?";
  }
  return what;
}

namespace {

char parse_delimiter(const std::string& text, const char* option = "--delimiter") {
  if (text == "tab" || text == "\\t") return '\t';
  if (text == "space") return ' ';
  if (text.size() != 1 || text == "\"" || text == "\n" || text == "\r") {
    throw usage_error(std::string(option) + " must be one character (or 'tab'), not \"" + text + "\"");
  }
  return text[0];
}

// "NA,null," -> {"NA", "null", ""}: the empty entry stands for an empty cell; "" alone keeps
// only that one.
std::vector<std::string> split_na(const std::string& list) {
  std::vector<std::string> tokens;
  std::size_t start = 0;
  for (;;) {
    std::size_t comma = list.find(',', start);
    tokens.push_back(list.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (comma == std::string::npos) return tokens;
    start = comma + 1;
  }
}

Format checked_format(const std::string& name, const char* option) {
  auto format = parse_format(name);
  if (!format || (*format == Format::kAuto && std::string(option) == "--to")) {
    throw usage_error(std::string(option) + ": unknown format \"" + name + "\"");
  }
  return *format;
}

void convert(const CliOptions& o, Config& config) {
  // auto: a typed input's floating arrays keep their dtype (the pipeline binds the op to it),
  // the rest computes in float32. The op and its parameters are checked now, in that dtype.
  const std::optional<DType> dtype = o.dtype == "auto" ? std::nullopt : parse_dtype(o.dtype);
  const Op checked = Op::make(o.op, o.params, dtype.value_or(DType::kFloat32), o.grad);
  if (!o.upstream.empty() && !o.grad) throw usage_error("--upstream needs --grad");
  if (o.grad && o.upstream.empty() && checked.spec().along_axis) {
    throw usage_error("--grad on " + std::string(checked.spec().name) +
                      " needs --upstream FILE: its Jacobian is not element-wise");
  }
  config.op = OpRequest{o.op, o.params, o.grad};
  config.upstream = o.upstream;
  if (!o.upstream.empty() && o.files.size() > 1) throw usage_error("--upstream FILE goes with one input");
  RunOptions& run = config.run;
  run.read.dtype = dtype.value_or(DType::kFloat32);
  run.read.keep_dtype = !dtype;
  run.read.format = checked_format(o.from, "--from");
  run.write.format = o.to.empty() ? Format::kAuto : checked_format(o.to, "--to");
  if (o.to.empty() && !o.output.empty()) run.write.format = format_from_extension(o.output);
  if (o.decimal != "." && o.decimal != ",") throw usage_error("--decimal must be '.' or ',', not \"" + o.decimal + "\"");
  run.read.decimal = run.write.decimal = o.decimal[0];
  // European CSV: "1,5" in cells that ';' separates, as pandas' to_csv(sep=';', decimal=',').
  run.read.delimiter = parse_delimiter(!o.delimiter.empty() ? o.delimiter : o.decimal == "," ? ";" : ",");
  run.write.delimiter = o.output_delimiter.empty() ? '\0' : parse_delimiter(o.output_delimiter, "--output-delimiter");
  if (run.read.delimiter == run.read.decimal || run.write.delimiter == run.read.decimal) {
    throw usage_error("--decimal , needs another delimiter than ',' (-d ';')");
  }
  run.read.header = o.no_header ? Header::kNo
                    : o.header == "yes" ? Header::kYes
                    : o.header == "no"  ? Header::kNo
                                        : Header::kAuto;
  run.read.fields = o.fields;
  run.read.na = split_na(o.na);
  if (!o.comment.empty()) {
    if (o.comment.size() != 1 || o.comment == "\"" || o.comment == "\n" || o.comment[0] == run.read.delimiter) {
      throw usage_error("--comment must be one character other than the delimiter and '\"', not \"" + o.comment + "\"");
    }
    run.read.comment = o.comment[0];
  }
  run.read.whole_rows = checked.spec().along_axis;
  run.write.precision = o.precision;
  run.write.nonfinite = o.json_nonfinite == "literal" ? JsonNonfinite::kLiteral
                        : o.json_nonfinite == "error" ? JsonNonfinite::kError
                                                      : JsonNonfinite::kNull;
  unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  run.jobs = o.jobs > 0 ? o.jobs : static_cast<int>(cores);  // 0: all cores, as xz -T0 and parallel -j0
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
               "in CSV, TSV, JSON, NDJSON, .npy, .npz, .safetensors or text files.",
               "nnact"};
  cli.set_version_flag("--version", version_text());
  cli.formatter(make_help_formatter());

  cli.add_option("--op", o.op, "the activation (see --list-ops)")->group("Op")->type_name("NAME");
  add_op_parameters(cli, o.params);
  cli.add_flag("--grad", o.grad, "write the derivative f'(x) instead of f(x) (see --list-ops)")->group("Op");
  cli.add_option("--upstream", o.upstream,
                 "with --grad: the upstream gradient dy (any format, one value per input value); "
                 "writes dy * f'(x)")
      ->group("Op")
      ->type_name("FILE");
  cli.add_option("--dtype", o.dtype,
                 "arithmetic and output precision (auto: a typed array's own float dtype (npy, npz, safetensors); "
                 "integer arrays and text: float32)")
      ->check(CLI::IsMember({"auto", "float16", "bfloat16", "float32", "float64"}))
      ->group("Op")
      ->type_name("DTYPE")
      ->default_str("auto");

  const char* input = "Input";
  cli.add_option("files", o.files, "input files; none or '-' reads standard input")->group(input)->type_name("FILE");
  cli.add_option("--from", o.from, "input format: auto|csv|tsv|json|ndjson|npy|npz|safetensors|txt (auto: by extension, then content)")
      ->group(input)->type_name("FMT");
  cli.add_option("-d,--delimiter", o.delimiter, "CSV field delimiter: one character, or 'tab' (default ',', or ';' with --decimal ,)")
      ->group(input)->type_name("C");
  cli.add_option("--decimal", o.decimal, "CSV/TSV decimal mark, read and written: '.' (default) or ',' (1,5)")
      ->group(input)->type_name("C");
  cli.add_option("--header", o.header, "CSV/TSV header row: auto (a first row that is not all numeric) | yes | no")
      ->check(CLI::IsMember({"auto", "yes", "no"}))->group(input)->type_name("MODE");
  cli.add_flag("-n,--no-header", o.no_header, "same as --header no")->group(input);
  cli.add_option("--comment", o.comment, "CSV/TSV lines starting with C pass through unchanged, never the header (default: a '#' first line before a header)")
      ->group(input)->type_name("C");
  cli.add_option("-f,--fields", o.fields, "columns/keys to transform: names, 1-based indices, ranges (2-5,label); tensors: names, globs")
      ->group(input)->type_name("LIST");
  cli.add_option("--na", o.na, "cells that are missing values, kept in place (default NA,N/A,NULL,null,None, ; the "
                 "empty entry is an empty cell; '' keeps only empty cells)")
      ->group(input)->type_name("LIST");

  const char* output = "Output";
  cli.add_option("--to", o.to, "output format: csv|tsv|json|ndjson|npy|npz|safetensors|txt (default: -o's extension, else the input's)")
      ->group(output)->type_name("FMT");
  cli.add_option("--output-delimiter", o.output_delimiter, "CSV output's delimiter (default: -d's); one character or 'tab'")
      ->group(output)->type_name("C");
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
  cli.add_option("-j,--jobs", o.jobs, "worker threads (default and 0: all cores); never changes the output")
      ->check(CLI::Range(0, 1024))->group(diagnostics)->type_name("N");
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
    spdlog::error("{} (see --help)", parse_error_text(cli, e.what(), argc, argv));
    return static_cast<int>(ErrorKind::kUsage);
  } catch (const Error& e) {
    spdlog::error("{}", e.what());
    return static_cast<int>(e.kind());
  }
  return -1;
}

}  // namespace nnact::app
