#include "io/npy_header.hpp"

#include <algorithm>
#include <charconv>

#include "io/message_text.hpp"
#include "io/py_literal.hpp"
#include "nnact/status.hpp"

namespace nnact {
namespace {

// A field name comes from the file: shown as it is when plain, else escaped and quoted.
[[noreturn]] void bad_field(const std::string& name, std::string_view field, const std::string& message) {
  const std::string quoted = quoted_excerpt(field, 40);
  const bool plain = quoted.size() == field.size() + 2;
  throw Error(ErrorKind::kData, name, "npy header field " + (plain ? "'" + std::string(field) + "'" : quoted) + ": " + message);
}

void parse_descr(const PyLiteral& value, NpyHeader& header, const std::string& name) {
  if (value.kind == PyLiteral::Kind::kList) {
    bad_field(name, "descr", "structured dtypes are not supported (expected a string like '<f4')");
  }
  if (value.kind != PyLiteral::Kind::kString) {
    bad_field(name, "descr", "expected a dtype string like '<f4', not " + quoted_excerpt(value.source, 30));
  }
  const std::string& descr = value.string;
  if (descr.size() < 3 || std::string_view("<>|=").find(descr[0]) == std::string_view::npos) {
    bad_field(name, "descr", "cannot read dtype '" + descr + "'");
  }
  header.big_endian = descr[0] == '>';
  header.kind = descr[1];
  std::size_t size = 0;
  auto [ptr, ec] = std::from_chars(descr.data() + 2, descr.data() + descr.size(), size);
  bool ok = ec == std::errc() && ptr == descr.data() + descr.size();
  if (ok && header.kind == 'V' && size == 2) {  // what np.save writes for ml_dtypes' bfloat16
    bad_field(name, "descr", "dtype '" + descr + "' is 2 raw bytes, not numbers: " + npy_bfloat16_message("read"));
  }
  bool supported = ok && ((header.kind == 'f' && (size == 2 || size == 4 || size == 8)) ||
                          ((header.kind == 'i' || header.kind == 'u') &&
                           (size == 1 || size == 2 || size == 4 || size == 8)) ||
                          (header.kind == 'b' && size == 1));
  if (!supported) {
    bad_field(name, "descr", "dtype '" + descr + "' is not supported (float16/32/64, int8-64, uint8-64, bool)");
  }
  header.item_size = size;
}

void parse_shape(const PyLiteral& value, NpyHeader& header, const std::string& name) {
  const std::string text = quoted_excerpt(value.source, 30);
  if (value.kind != PyLiteral::Kind::kTuple) {
    bad_field(name, "shape", "expected a tuple of non-negative integers, like (3, 4), not " + text);
  }
  for (const PyLiteral& item : value.items) {
    if (item.kind != PyLiteral::Kind::kInt || (item.negative && item.magnitude != 0)) {
      bad_field(name, "shape", "expected a tuple of non-negative integers, like (3, 4), not " + text);
    }
    if (!item.magnitude) bad_field(name, "shape", text + " is too large");
    const std::size_t d = *item.magnitude;
    if (d != 0 && header.values() > (std::size_t(1) << 60) / d) {  // bytes would overflow
      bad_field(name, "shape", text + " is too large");
    }
    header.shape.push_back(d);
  }
}

}  // namespace

std::size_t NpyHeader::values() const {
  std::size_t n = 1;
  for (std::size_t d : shape) n *= d;
  return n;
}

std::size_t npy_preamble_size(unsigned major) { return major == 1 ? 10 : 12; }

// As numpy's _read_array_header: ast.literal_eval of the text, a dict with exactly the keys
// 'descr', 'fortran_order' and 'shape' (in any order), a bool and a tuple of integers.
NpyHeader parse_npy_dict(std::string_view dict, const std::string& name) {
  PyLiteral literal;
  try {
    literal = parse_py_literal(dict);
  } catch (const PyLiteralError& e) {
    if (!e.key.empty()) bad_field(name, e.key, e.what());
    throw Error(ErrorKind::kData, name, "npy header, byte " + std::to_string(e.offset + 1) + ": " + e.what());
  }
  if (literal.kind != PyLiteral::Kind::kDict) {
    throw Error(ErrorKind::kData, name, "npy header is not a dict of 'descr', 'fortran_order' and 'shape'");
  }
  static constexpr std::string_view kKeys[] = {"descr", "fortran_order", "shape"};
  const PyLiteral* found[3] = {};
  for (const auto& [key, value] : literal.entries) {
    const std::string field = key.kind == PyLiteral::Kind::kString ? key.string : std::string(key.source);
    const auto* known = std::find(std::begin(kKeys), std::end(kKeys), field);
    if (key.kind != PyLiteral::Kind::kString || known == std::end(kKeys)) {
      bad_field(name, field, "not a field of an npy header (it holds exactly 'descr', 'fortran_order' and 'shape')");
    }
    const PyLiteral*& slot = found[known - std::begin(kKeys)];
    if (slot != nullptr) bad_field(name, field, "given twice");
    slot = &value;
  }
  for (std::size_t i = 0; i < 3; ++i) {
    if (found[i] == nullptr) bad_field(name, kKeys[i], "missing");
  }
  NpyHeader header;
  parse_descr(*found[0], header, name);
  if (found[1]->kind != PyLiteral::Kind::kBool) {
    bad_field(name, "fortran_order", "expected True or False, not " + quoted_excerpt(found[1]->source, 30));
  }
  header.fortran_order = found[1]->truth;
  parse_shape(*found[2], header, name);
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
