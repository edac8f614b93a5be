// The fast path of the JSON readers: a document that is a flat array of numbers, the shape of
// almost every NDJSON line. nlohmann's lexer builds a string per token and its strtod is slow;
// this reads such a document with one strict scan (scan_decimal: rounded once, straight to the
// dtype; beyond its range +-inf or +-0, as strtod gives) straight into the batch, which ends as
// the events nlohmann would have fed JsonSax leave it: "[" holes "," ... "]", one row. Typed
// (set_typed): floats, and the text of numbers that is the writer's own kept in the template.
// Anything else, including anything invalid, is left to nlohmann.
#include <cstring>
#include <string_view>

#include "io/json_number.hpp"
#include "io/json_sax.hpp"

namespace nnact {
namespace {

constexpr std::size_t kUnknown = static_cast<std::size_t>(-1);

}  // namespace

// Appends the numbers of the array at p ('[' and white space before it checked) to batch_, its
// text from the '[' to before the ']'; false (batch_ to be cut back) where it is not one.
template <class T, bool kTyped, bool kKeep>
bool JsonSax::read_flat(const char* p, const char* end, const char* readable_end, std::size_t& n) {
  std::string& text = batch_.text;
  const std::size_t start = text.size();
  // The line's template is no longer than the line; 16 bytes of room for a 16-byte copy.
  text.resize(start + static_cast<std::size_t>(end - p) + 16);
  char* const base = text.data();
  char* t = base + start;
  *t++ = '[';
  bool ok = false;
  p = skip_json_spaces(p + 1, end);
  if (p < end && *p == ']') {
    ok = skip_json_spaces(p + 1, end) == end;
  } else {
    for (;;) {
      T value;
      int kept = 0;
      const char* const stop = read_json_number(p, end, value, kKeep ? &kept : nullptr);
      // Kept text is std::to_chars' (scan_decimal's rule): JSON's grammar already.
      if (stop == p || (kept == 0 && !json_number_grammar(p, stop))) break;
      batch_.holes.push_back(static_cast<std::size_t>(t - base));
      if constexpr (kTyped) {
        batch_.floats.push_back(value);
      } else {
        batch_.values.push_back(value);
      }
      if constexpr (kKeep) {
        batch_.kept.push_back(static_cast<std::uint8_t>(kept));
        t = copy_kept(t, p, readable_end, kept);
      }
      ++n;
      p = stop;
      if (p < end && *p == ',') {
        ++p;
      } else {
        p = skip_json_spaces(p, end);
        if (p < end && *p == ']') ok = skip_json_spaces(p + 1, end) == end;
        if (p == end || *p != ',') break;
        ++p;
      }
      *t++ = ',';
      if (p < end && json_space(*p)) p = skip_json_spaces(p, end);
    }
  }
  text.resize(static_cast<std::size_t>(t - base));
  return ok;
}

void JsonSax::reserve(std::size_t bytes) {
  // A number and its separator take two bytes or more: numbers read as written take about six.
  batch_.text.reserve(bytes + 16);
  batch_.holes.reserve(bytes / 6);
  (typed_ ? batch_.floats.reserve(bytes / 6) : batch_.values.reserve(bytes / 6));
  if (keep_) batch_.kept.reserve(bytes / 6);
}

bool JsonSax::flat_numbers(std::string_view text, const char* readable_end) {
  if (fields_ || !stack_.empty()) return false;  // -f decides number by number
  // from_chars reads float and double only: 16-bit dtypes take parse_number's path.
  if (dtype_ != DType::kFloat32 && dtype_ != DType::kFloat64) return false;
  const char* const end = text.data() + text.size();
  const char* const p = skip_json_spaces(text.data(), end);
  if (p == end || *p != '[') return false;
  const std::size_t text_size = batch_.text.size(), holes = batch_.holes.size(), values = count();
  std::size_t n = 0;
  const bool ok = typed_ ? (keep_ ? read_flat<float, true, true>(p, end, readable_end, n) : read_flat<float, true, false>(p, end, readable_end, n))
                  : dtype_ == DType::kFloat32 ? read_flat<float, false, false>(p, end, readable_end, n)
                                              : read_flat<double, false, false>(p, end, readable_end, n);
  if (!ok) {
    batch_.text.resize(text_size);
    batch_.holes.resize(holes);
    (typed_ ? batch_.floats.resize(values) : batch_.values.resize(values));
    if (keep_) batch_.kept.resize(values);
    return false;
  }
  // What open('['), add_number per number and close(']') leave behind.
  ordinal_ += n;
  if (n > 0) {
    if (leaf_depth_ == 0) leaf_depth_ = 2;
    if (leaf_depth_ != 2) not_a_tensor();
    batch_.rows.push_back(count());
    batch_.row_tails.push_back(batch_.text.size());
  }
  if (dims_.empty()) dims_.push_back(kUnknown);
  if (dims_[0] == kUnknown) dims_[0] = n;
  if (dims_[0] != n) not_a_tensor();
  batch_.text += ']';
  mark();
  return true;
}

}  // namespace nnact
