// Guessing a format from the first bytes of an input (--from auto on stdin or an unknown
// extension): npy magic; JSON, NDJSON or a printed NumPy array for a bracket or brace; else
// TSV, CSV or whitespace-separated txt by the first line.
#include <cstdio>
#include <nlohmann/json.hpp>
#include <utility>

#include "io/fields.hpp"
#include "io/json_literals.hpp"
#include "io/npy_header.hpp"
#include "io/sniff.hpp"
#include "nnact/io.hpp"
#include "nnact/status.hpp"

namespace nnact {
namespace {

// Where JSON text stops being valid: its length when it is a valid prefix (or whole).
struct Acceptor : nlohmann::json_sax<nlohmann::json> {
  std::size_t error_at = static_cast<std::size_t>(-1);
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return true; }
  bool key(string_t&) override { return true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception&) override {
    error_at = position;
    return false;
  }
};

// 0: not JSON; 1: a valid JSON prefix cut by the end of `text`; 2: one whole JSON value.
int json_status(std::string_view text) {
  std::string copy(text);
  JsonLiterals literals;
  literals.rewrite(copy.data(), copy.size(), true);
  Acceptor acceptor;
  if (nlohmann::json::sax_parse(copy, &acceptor)) return 2;
  return acceptor.error_at >= copy.size() ? 1 : 0;
}

std::string_view line_at(std::string_view head, std::size_t i) {
  auto nl = head.find('\n', i);
  std::string_view line = head.substr(i, nl == std::string_view::npos ? nl : nl - i);
  if (line.ends_with('\r')) line.remove_suffix(1);
  return line;
}

// Two or more tokens separated by spaces, every one a number: "1 -0.5 3.4".
bool spaced_numbers(std::string_view line) {
  std::size_t tokens = 0;
  while (true) {
    auto start = line.find_first_not_of(" \t");
    if (start == std::string_view::npos) break;
    line.remove_prefix(start);
    auto end = line.find_first_of(" \t");
    double ignored;
    if (!parse_number(line.substr(0, end), DType::kFloat64, ignored)) return false;
    ++tokens;
    if (end == std::string_view::npos) break;
    line.remove_prefix(end);
  }
  return tokens >= 2;
}

// The first bytes as \xNN escapes where not printable ASCII: `"\x1F\x8B\x08\x00"...`.
std::string escaped_start(std::string_view head, std::size_t limit = 8) {
  std::string out = "\"";
  for (char c : head.substr(0, limit)) {
    auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte >= 0x7f || c == '"' || c == '\\') {
      char escaped[5];
      std::snprintf(escaped, sizeof escaped, "\\x%02X", byte);
      out += escaped;
    } else {
      out += c;
    }
  }
  return out + (head.size() > limit ? "\"..." : "\"");
}

}  // namespace

std::string binary_kind(std::string_view head) {
  static constexpr std::pair<std::string_view, std::string_view> kMagic[] = {
      {"\x1F\x8B", "gzip-compressed data"},
      {"\x28\xB5\x2F\xFD", "zstd-compressed data"},
      {"BZh", "bzip2-compressed data"},
      {std::string_view("\xFD" "7zXZ\0", 6), "xz-compressed data"},
      {"PK\x03\x04", "a zip archive"},
      {"PK\x05\x06", "a zip archive"},
      {kNpyMagic, "an npy array"},
  };
  for (const auto& [magic, kind] : kMagic) {
    // bzip2's "BZh" is followed by the block size digit: "BZh,x" stays a CSV header.
    if (head.starts_with(magic) && (magic != "BZh" || (head.size() > 3 && head[3] >= '1' && head[3] <= '9'))) {
      return std::string(kind);
    }
  }
  auto nul = head.find('\0');
  if (nul != std::string_view::npos) return "binary data (a NUL byte at offset " + std::to_string(nul) + ")";
  return {};
}

void reject_binary_input(Input& input, Format format) {
  if (format == Format::kNpy || format == Format::kSafetensors || format == Format::kNpz) return;
  std::string_view head = input.peek(1 << 16);
  std::string kind = binary_kind(head);
  if (kind.empty()) return;
  std::string hint = kind.find("compressed") != std::string::npos ? "; compressed twice? (one layer is decompressed)"
                     : kind == "an npy array"                     ? "; read it with --from npy"
                                                                  : "";
  throw Error(ErrorKind::kData, input.name(),
              "looks like " + kind + ", not text (it starts " + escaped_start(head) + ")" +
                  hint);
}

Format sniff_format(std::string_view head) {
  if (head.starts_with(kNpyMagic)) return Format::kNpy;
  // safetensors: an 8-byte little-endian header length, then the JSON header's '{'; the high
  // bytes of any plausible length are zero, which no text format starts with.
  if (head.size() >= 9 && head[8] == '{' && head.substr(5, 3) == std::string_view("\0\0\0", 3)) {
    return Format::kSafetensors;
  }
  // npz: a zip whose first member is an npy array ("x.npy", as np.savez names them).
  if (head.starts_with("PK\x03\x04") && head.size() >= 30) {
    std::size_t length = static_cast<unsigned char>(head[26]) | static_cast<unsigned char>(head[27]) << 8;
    if (head.size() >= 30 + length && head.substr(30, length).ends_with(".npy")) return Format::kNpz;
  }
  if (head.starts_with("\xEF\xBB\xBF")) head.remove_prefix(3);
  std::size_t i = head.find_first_not_of(" \t\r\n");
  if (i == std::string_view::npos) return Format::kCsv;
  std::string_view line = line_at(head, i);
  char c = head[i];
  int line_status = c == '{' || c == '[' || c == '"' ? json_status(line) : 0;
  if (c == '{' || c == '[' || (c == '"' && line_status != 0)) {  // '"name",x' is a CSV header
    if (line_status == 2) {
      std::size_t next = head.find_first_not_of(" \t\r\n", i + line.size());
      return next != std::string_view::npos ? Format::kNdjson : Format::kJson;
    }
    // A printed NumPy array ("[[ 1. -0.5]\n [ 2.  3. ]]") is not JSON and has no commas.
    if (c == '[' && head.find_first_of(",\"") == std::string_view::npos && json_status(head.substr(i)) == 0) {
      return Format::kTxt;
    }
    return Format::kJson;
  }
  if (line.find('\t') != std::string_view::npos) return Format::kTsv;
  if (line.find(',') == std::string_view::npos && spaced_numbers(line)) return Format::kTxt;
  return Format::kCsv;
}

}  // namespace nnact
