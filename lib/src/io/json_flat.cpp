// The fast path of the JSON readers: a document that is a flat array of numbers, the shape of
// almost every NDJSON line and of each row of a JSON matrix. nlohmann's lexer builds a string
// per token and its strtod is slow; this reads such a document with one strict scan and
// from_chars (rounded once, straight to the dtype; beyond its range +-inf or +-0, as strtod
// gives), then feeds JsonSax the same events
// nlohmann would. Anything else, including anything invalid, is left to nlohmann.
#include <charconv>
#include <string_view>

#include "io/json_number.hpp"
#include "io/json_literals.hpp"
#include "io/json_sax.hpp"

namespace nnact {
namespace {

template <class T>
bool read_flat(const char* p, const char* end, std::vector<double>& values) {
  p = skip_json_spaces(p, end);
  if (p == end || *p != '[') return false;
  p = skip_json_spaces(p + 1, end);
  if (p < end && *p == ']') return skip_json_spaces(p + 1, end) == end;
  for (;;) {
    const char* stop = json_number_end(p, end);
    if (stop == nullptr) return false;
    T value;
    if (scan_decimal(p, stop, value).ec != std::errc()) {  // out of range: +-inf or +-0
      double wide = 0;
      parse_number(std::string_view(p, stop - p), sizeof(T) == sizeof(float) ? DType::kFloat32 : DType::kFloat64, wide);
      value = static_cast<T>(wide);
    }
    // "-0" is the integer 0 in JSON (nlohmann and Python's json agree): no sign.
    if (value == 0 && std::string_view(p, stop - p).find_first_of(".eE") == std::string_view::npos) {
      value = 0;
    }
    values.push_back(value);
    p = skip_json_spaces(stop, end);
    if (p == end) return false;
    if (*p == ']') return skip_json_spaces(p + 1, end) == end;
    if (*p != ',') return false;
    p = skip_json_spaces(p + 1, end);
  }
}

}  // namespace

bool JsonSax::flat_numbers(std::string_view text) {
  if (fields_) return false;  // -f decides number by number
  // from_chars reads float and double only: 16-bit dtypes take parse_number's path.
  if (dtype_ != DType::kFloat32 && dtype_ != DType::kFloat64) return false;
  flat_.clear();
  const char* end = text.data() + text.size();
  bool ok = dtype_ == DType::kFloat32 ? read_flat<float>(text.data(), end, flat_)
                                      : read_flat<double>(text.data(), end, flat_);
  if (!ok) return false;
  static const std::string kUnused;  // the text of a number only matters when it is unselected
  start_array(flat_.size());
  for (double value : flat_) add_number(value, kUnused);
  end_array();
  return true;
}

}  // namespace nnact
