#include "container/safetensors_header.hpp"

#include <algorithm>
#include <cstdio>
#include <array>
#include <nlohmann/json.hpp>
#include <set>

#include "nnact/status.hpp"

namespace nnact {
namespace {

struct DTypeInfo {
  std::string_view name;
  std::size_t size;
  std::optional<DType> floating;
};

// The dtypes of the published format with whole-byte elements.
constexpr std::array<DTypeInfo, 15> kDTypes{{
    {"BOOL", 1, std::nullopt},   {"U8", 1, std::nullopt},  {"I8", 1, std::nullopt},
    {"F8_E5M2", 1, std::nullopt}, {"F8_E4M3", 1, std::nullopt}, {"I16", 2, std::nullopt},
    {"U16", 2, std::nullopt},    {"F16", 2, DType::kFloat16}, {"BF16", 2, DType::kBFloat16},
    {"I32", 4, std::nullopt},    {"U32", 4, std::nullopt}, {"F32", 4, DType::kFloat32},
    {"F64", 8, DType::kFloat64}, {"I64", 8, std::nullopt}, {"U64", 8, std::nullopt},
}};

// A short, printable excerpt of text from the file for messages.
std::string excerpt(std::string_view text) {
  std::string out = "\"";
  for (char c : text.substr(0, 60)) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f || c == '"' || c == '\\') {
      char buffer[8];
      std::snprintf(buffer, sizeof buffer, "\\x%02x", u);
      out += buffer;
    } else {
      out += c;
    }
  }
  if (text.size() > 60) out += "...";
  return out + "\"";
}

[[noreturn]] void bad(const std::string& name, const std::string& message) {
  throw Error(ErrorKind::kData, name, "safetensors " + message);
}

std::uint64_t unsigned_of(const nlohmann::json& value, const std::string& name, const std::string& what) {
  if (!value.is_number_unsigned()) bad(name, what + " is not a non-negative integer: " + excerpt(value.dump()));
  return value.get<std::uint64_t>();
}

SafeTensor tensor_of(const std::string& key, const nlohmann::json& entry, const std::string& name) {
  const std::string who = "tensor " + excerpt(key);
  if (!entry.is_object()) bad(name, who + ": expected an object with dtype, shape and data_offsets");
  for (const auto& [field, value] : entry.items()) {
    if (field != "dtype" && field != "shape" && field != "data_offsets") {
      bad(name, who + ": unknown field " + excerpt(field) + " (expected dtype, shape, data_offsets)");
    }
  }
  SafeTensor t;
  t.name = key;
  auto dtype = entry.find("dtype");
  if (dtype == entry.end() || !dtype->is_string()) bad(name, who + ": \"dtype\" is missing or not a string");
  t.dtype = dtype->get<std::string>();
  auto known = std::find_if(kDTypes.begin(), kDTypes.end(), [&](const DTypeInfo& d) { return d.name == t.dtype; });
  if (known == kDTypes.end()) bad(name, who + ": unknown dtype " + excerpt(t.dtype));
  t.item_size = known->size;
  t.floating = known->floating;
  auto shape = entry.find("shape");
  if (shape == entry.end() || !shape->is_array()) bad(name, who + ": \"shape\" is missing or not an array");
  std::uint64_t elements = 1;
  bool overflow = false;
  for (const auto& d : *shape) {
    std::uint64_t n = unsigned_of(d, name, who + ": a shape entry");
    t.shape.push_back(static_cast<std::size_t>(n));
    if (n != 0 && elements > UINT64_MAX / n) overflow = true;
    elements *= n;
  }
  auto offsets = entry.find("data_offsets");
  if (offsets == entry.end() || !offsets->is_array() || offsets->size() != 2) {
    bad(name, who + ": \"data_offsets\" is missing or not [begin, end]");
  }
  t.begin = unsigned_of((*offsets)[0], name, who + ": data_offsets begin");
  t.end = unsigned_of((*offsets)[1], name, who + ": data_offsets end");
  if (t.end < t.begin) bad(name, who + ": data_offsets end " + std::to_string(t.end) + " is before begin " + std::to_string(t.begin));
  if (overflow || elements > UINT64_MAX / t.item_size || elements * t.item_size != t.end - t.begin) {
    bad(name, who + ": shape holds " + (overflow ? std::string("too many") : std::to_string(elements)) + " " + t.dtype +
                  " elements, which is not the " + std::to_string(t.end - t.begin) + " bytes of data_offsets");
  }
  return t;
}

}  // namespace

const char* safetensors_dtype(DType dtype) {
  switch (dtype) {
    case DType::kFloat16: return "F16";
    case DType::kBFloat16: return "BF16";
    case DType::kFloat32: return "F32";
    case DType::kFloat64: return "F64";
  }
  return "F32";
}

SafetensorsHeader parse_safetensors_header(std::string_view json, std::optional<std::uint64_t> data_size,
                                           const std::string& name) {
  if (json.empty() || json.front() != '{') bad(name, "header does not start with '{'");
  // Duplicate names: nlohmann keeps the last silently, so the keys of the top object are
  // counted as they are parsed.
  std::set<std::string> names;
  std::string duplicate;
  nlohmann::json root;
  try {
    root = nlohmann::json::parse(json, [&](int depth, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
      if (depth == 1 && event == nlohmann::json::parse_event_t::key && !names.insert(parsed.get<std::string>()).second &&
          duplicate.empty()) {
        duplicate = parsed.get<std::string>();
      }
      return true;
    });
  } catch (const nlohmann::json::exception& e) {
    std::string what = e.what();
    auto at = what.find("] ");  // drop nlohmann's "[json.exception.parse_error.101] "
    what = at == std::string::npos ? what : what.substr(at + 2);
    std::string clean;  // the message quotes the bytes it read, which may be anything
    for (char c : what) {
      auto u = static_cast<unsigned char>(c);
      char buffer[8];
      std::snprintf(buffer, sizeof buffer, "\\x%02x", u);
      clean += u < 0x20 || u >= 0x7f ? std::string(buffer) : std::string(1, c);
    }
    bad(name, "header is not valid JSON: " + clean);
  }
  if (!duplicate.empty()) bad(name, "tensor " + excerpt(duplicate) + " is named twice in the header");
  if (!root.is_object()) bad(name, "header is not a JSON object");
  SafetensorsHeader header;
  for (const auto& [key, value] : root.items()) {
    if (key == "__metadata__") {
      if (!value.is_object()) bad(name, "\"__metadata__\" is not an object of strings");
      for (const auto& [k, v] : value.items()) {
        if (!v.is_string()) bad(name, "\"__metadata__\" entry " + excerpt(k) + " is not a string");
      }
      header.metadata = value.dump();
      continue;
    }
    header.tensors.push_back(tensor_of(key, value, name));
  }
  std::stable_sort(header.tensors.begin(), header.tensors.end(), [](const SafeTensor& a, const SafeTensor& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
  });
  std::uint64_t at = 0;
  for (const SafeTensor& t : header.tensors) {
    const std::string who = "tensor " + excerpt(t.name);
    if (t.begin < at) bad(name, who + ": data_offsets [" + std::to_string(t.begin) + ", " + std::to_string(t.end) + "] overlap the tensor before it (which ends at " + std::to_string(at) + ")");
    if (t.begin > at) bad(name, who + ": data_offsets begin " + std::to_string(t.begin) + " leaves a gap after byte " + std::to_string(at) + " of the data");
    if (data_size && t.end > *data_size) {
      bad(name, who + ": data_offsets end " + std::to_string(t.end) + " is beyond the data (" + std::to_string(*data_size) + " bytes)");
    }
    at = t.end;
  }
  if (data_size && at != *data_size) {
    bad(name, "the tensors cover " + std::to_string(at) + " bytes of data but the file holds " + std::to_string(*data_size) +
                  (header.tensors.empty() ? "" : " (after tensor " + excerpt(header.tensors.back().name) + ")"));
  }
  return header;
}

std::string make_safetensors_header(const SafetensorsHeader& header) {
  std::string json = "{";
  if (!header.metadata.empty()) json += "\"__metadata__\":" + header.metadata;
  for (const SafeTensor& t : header.tensors) {
    if (json.size() > 1) json += ',';
    json += nlohmann::json(t.name).dump() + ":{\"dtype\":\"" + t.dtype + "\",\"shape\":[";
    for (std::size_t j = 0; j < t.shape.size(); ++j) json += (j ? "," : "") + std::to_string(t.shape[j]);
    json += "],\"data_offsets\":[" + std::to_string(t.begin) + "," + std::to_string(t.end) + "]}";
  }
  json += '}';
  json.append((8 - json.size() % 8) % 8, ' ');
  std::string out(8, '\0');
  for (int i = 0; i < 8; ++i) out[i] = static_cast<char>((json.size() >> (8 * i)) & 0xff);
  return out + json;
}

}  // namespace nnact
