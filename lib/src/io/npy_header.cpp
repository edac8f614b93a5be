#include "io/npy_header.hpp"

#include <algorithm>
#include <charconv>

#include "nnact/status.hpp"

namespace nnact {
namespace {

[[noreturn]] void bad_field(const std::string& name, const char* field, const std::string& message) {
  throw Error(ErrorKind::kData, name, std::string("npy header field '") + field + "': " + message);
}

// The text after "'key':" up to the end of its value, or empty when the key is missing.
std::string_view value_of(std::string_view dict, std::string_view key) {
  std::string quoted(1, '\'');
  quoted.append(key);
  quoted += '\'';
  auto at = dict.find(quoted);
  if (at == std::string_view::npos) return {};
  auto colon = dict.find(':', at + quoted.size());
  if (colon == std::string_view::npos) return {};
  std::string_view rest = dict.substr(colon + 1);
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  return rest;
}

void parse_descr(std::string_view value, NpyHeader& header, const std::string& name) {
  if (value.empty() || (value.front() != '\'' && value.front() != '"')) {
    bad_field(name, "descr", "structured dtypes are not supported (expected a string like '<f4')");
  }
  auto close = value.find(value.front(), 1);
  std::string_view descr = value.substr(1, close == std::string_view::npos ? 0 : close - 1);
  std::string text(descr);
  if (descr.size() < 3 || std::string_view("<>|=").find(descr[0]) == std::string_view::npos) {
    bad_field(name, "descr", "cannot read dtype '" + text + "'");
  }
  header.big_endian = descr[0] == '>';
  header.kind = descr[1];
  std::size_t size = 0;
  auto [ptr, ec] = std::from_chars(descr.data() + 2, descr.data() + descr.size(), size);
  bool ok = ec == std::errc() && ptr == descr.data() + descr.size();
  bool supported = ok && ((header.kind == 'f' && (size == 2 || size == 4 || size == 8)) ||
                          ((header.kind == 'i' || header.kind == 'u') &&
                           (size == 1 || size == 2 || size == 4 || size == 8)) ||
                          (header.kind == 'b' && size == 1));
  if (!supported) {
    bad_field(name, "descr", "dtype '" + text + "' is not supported (float16/32/64, int8-64, uint8-64, bool)");
  }
  header.item_size = size;
}

}  // namespace

std::size_t NpyHeader::values() const {
  std::size_t n = 1;
  for (std::size_t d : shape) n *= d;
  return n;
}

std::size_t npy_preamble_size(unsigned major) { return major == 1 ? 10 : 12; }

NpyHeader parse_npy_dict(std::string_view dict, const std::string& name) {
  NpyHeader header;
  parse_descr(value_of(dict, "descr"), header, name);
  std::string_view order = value_of(dict, "fortran_order");
  if (order.starts_with("True")) {
    header.fortran_order = true;
  } else if (!order.starts_with("False")) {
    bad_field(name, "fortran_order", "expected True or False");
  }
  std::string_view shape = value_of(dict, "shape");
  auto close = shape.find(')');
  if (shape.empty() || shape.front() != '(' || close == std::string_view::npos) {
    bad_field(name, "shape", "expected a tuple of integers, like (3, 4)");
  }
  std::string_view items = shape.substr(1, close - 1);
  while (!items.empty()) {
    while (!items.empty() && (items.front() == ' ' || items.front() == ',')) items.remove_prefix(1);
    if (items.empty()) break;
    std::size_t d = 0;
    auto [ptr, ec] = std::from_chars(items.data(), items.data() + items.size(), d);
    if (ec != std::errc()) {
      bad_field(name, "shape", "cannot read \"" + std::string(shape.substr(0, close + 1)) + "\"");
    }
    if (d != 0 && header.values() > (std::size_t(1) << 60) / d) {  // bytes would overflow
      bad_field(name, "shape", "\"" + std::string(shape.substr(0, close + 1)) + "\" is too large");
    }
    header.shape.push_back(d);
    items.remove_prefix(static_cast<std::size_t>(ptr - items.data()));
  }
  return header;
}

std::size_t npy_item_size(DType dtype) {
  switch (dtype) {
    case DType::kFloat16: return 2;
    case DType::kFloat32: return 4;
    case DType::kFloat64: return 8;
    case DType::kBFloat16: break;
  }
  return 0;
}

std::string npy_bfloat16_message(const char* verb) {
  return std::string("cannot ") + verb +
         " bfloat16 as npy: NumPy has no bfloat16 dtype, so npy has no standard descr for it "
         "(ml_dtypes and JAX save raw '|V2' bytes that NumPy cannot read as numbers); use a .safetensors "
         "file (BF16), or --dtype float32";
}

std::string make_npy_header(const std::vector<std::size_t>& shape, DType dtype, std::size_t size) {
  std::string dims;
  for (std::size_t d : shape) dims += std::to_string(d) + ", ";
  if (shape.size() > 1) dims.resize(dims.size() - 2);
  if (shape.size() == 1) dims.pop_back();  // "(3,)"
  std::string dict = "{'descr': '<f" + std::to_string(npy_item_size(dtype)) +
                     "', 'fortran_order': False, 'shape': (" + dims + "), }";
  // As numpy's np.save: room for the first axis to grow to 21 digits, then spaces up to a
  // multiple of 64 bytes (at least one), so our output is byte for byte numpy's.
  if (!shape.empty()) dict.append(21 - std::min<std::size_t>(21, std::to_string(shape[0]).size()), ' ');
  std::size_t needed = npy_preamble_size(1) + dict.size() + 1;
  if (size == 0) size = (needed / 64 + 1) * 64;
  if (size < needed) return {};
  dict.append(size - needed, ' ');
  dict += '\n';
  std::string header(kNpyMagic);
  header += '\x01';
  header += '\x00';
  header += static_cast<char>(dict.size() & 0xff);
  header += static_cast<char>(dict.size() >> 8);
  return header + dict;
}

}  // namespace nnact
