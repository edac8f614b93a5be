// The format table: names, extensions, content sniffing, and the reader/writer per format.
#include <array>
#include <cctype>

#include "io/codecs.hpp"
#include "nnact/io.hpp"
#include "nnact/status.hpp"

namespace nnact {
namespace {

struct FormatInfo {
  Format format;
  const char* name;
  const char* extension;
};

constexpr std::array<FormatInfo, 9> kFormats{{
    {Format::kAuto, "auto", ""},
    {Format::kCsv, "csv", ".csv"},
    {Format::kTsv, "tsv", ".tsv"},
    {Format::kJson, "json", ".json"},
    {Format::kNdjson, "ndjson", ".ndjson"},
    {Format::kNpy, "npy", ".npy"},
    {Format::kTxt, "txt", ".txt"},
    {Format::kSafetensors, "safetensors", ".safetensors"},
    {Format::kNpz, "npz", ".npz"},
}};

const FormatInfo& info(Format format) { return kFormats[static_cast<std::size_t>(format)]; }

}  // namespace

const char* format_name(Format format) { return info(format).name; }
const char* format_extension(Format format) { return info(format).extension; }

std::optional<Format> parse_format(std::string_view name) {
  for (const auto& f : kFormats) {
    if (name == f.name) return f.format;
  }
  return std::nullopt;
}

Format format_from_extension(std::string_view path) {
  path = strip_compression_extension(path);
  auto dot = path.rfind('.');
  if (dot == std::string_view::npos || path.find('/', dot) != std::string_view::npos) {
    return Format::kAuto;
  }
  std::string ext;
  for (char c : path.substr(dot)) ext += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (ext == ".tab") return Format::kTsv;
  if (ext == ".jsonl") return Format::kNdjson;
  for (const auto& f : kFormats) {
    if (f.format != Format::kAuto && ext == f.extension) return f.format;
  }
  return Format::kAuto;
}

void Decoder::parse(Chunk&) const {}
void Encoder::begin(Output&) {}
void Encoder::ordered(const Batch&, std::string&) {}
void Encoder::end(Output&) {}

std::unique_ptr<Decoder> make_decoder(const ReadOptions& options, const std::string& name) {
  if (!options.fields.empty() && (options.format == Format::kTxt || options.format == Format::kNpy)) {
    throw Error(ErrorKind::kUsage, name,
                std::string("--fields: ") + format_name(options.format) +
                    " input has no columns or keys to select (-f applies to CSV/TSV columns and JSON keys "
                    "or row positions)");
  }
  switch (options.format) {
    case Format::kCsv:
      return make_csv_decoder(options, name);
    case Format::kTsv: {
      ReadOptions tsv = options;
      tsv.delimiter = '\t';
      return make_csv_decoder(tsv, name);
    }
    case Format::kJson:
      return make_json_decoder(options, name);
    case Format::kNdjson:
      return make_ndjson_decoder(options, name);
    case Format::kNpy:
      return make_npy_decoder(options, name);
    case Format::kTxt:
      return make_txt_decoder(options, name);
    case Format::kSafetensors:
      return make_safetensors_decoder(options, name);
    case Format::kNpz:
      return make_npz_decoder(options, name);
    case Format::kAuto:
      break;
  }
  throw usage_error("make_decoder: the input format must be resolved first");
}

std::unique_ptr<Encoder> make_encoder(const WriteOptions& options, const ReadOptions& input) {
  const bool same = options.format == input.format;
  // A CSV/TSV input is written back cell by cell (header and text too) in another format.
  const bool table = input.format == Format::kCsv || input.format == Format::kTsv;
  const char input_delimiter = input.format == Format::kTsv ? '\t' : input.delimiter;
  if (options.delimiter != 0 && options.format != Format::kCsv) {
    throw usage_error(std::string("--output-delimiter is for CSV output, not ") + format_name(options.format));
  }
  switch (options.format) {
    case Format::kCsv:
    case Format::kTsv: {
      const char delimiter = options.format == Format::kTsv ? '\t'
                             : options.delimiter != 0       ? options.delimiter
                                                            : input.delimiter;
      if (delimiter == options.decimal) {  // "1,5" would need quotes the template does not hold
        throw usage_error(std::string("the decimal mark '") + options.decimal + "' cannot also be the delimiter");
      }
      if (same && delimiter == input_delimiter) return make_template_encoder(options, delimiter);
      return table ? make_table_encoder(options, input_delimiter, delimiter) : make_rows_encoder(options, delimiter);
    }
    case Format::kJson:
      if (input.format == Format::kSafetensors || input.format == Format::kNpz) return make_tensors_json_encoder(options);
      if (same) return make_template_encoder(options, ',');
      return make_json_rows_encoder(options, table ? input_delimiter : 0);
    case Format::kNdjson:
      if (same) return make_template_encoder(options, ',');
      return table ? make_table_encoder(options, input_delimiter, ',') : make_rows_encoder(options, ',');
    case Format::kNpy:
      return make_npy_encoder(options);
    case Format::kTxt:
      return make_rows_encoder(options, ' ');
    case Format::kSafetensors:
      return make_safetensors_encoder(options, input.format);
    case Format::kNpz:
      return make_npz_encoder(options, input.format);
    case Format::kAuto:
      break;
  }
  throw usage_error("make_encoder: the output format must be resolved first");
}

}  // namespace nnact
