// Parameter checks are driven by ParamSpec::range, so the text --list-ops shows is the rule
// applied.
#include "ops/params.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>

#include "nnact/status.hpp"
#include "numeric/dtype_round.hpp"

namespace nnact::ops {
namespace {

std::string flag(std::string_view name) { return "--" + std::string(name); }

// " (it takes: --alpha, --beta)", for messages.
std::string takes(const OpSpec& spec) {
  if (spec.params.empty()) return " (it takes no parameters)";
  std::string list = " (it takes: ";
  for (std::size_t i = 0; i < spec.params.size(); ++i) {
    list.append(i ? ", --" : "--").append(spec.params[i].name);
  }
  return list.append(")");
}

double parse_number(const ParamSpec& param, std::string_view text) {
  std::string_view digits = text;
  if (digits.size() > 1 && digits[0] == '+' && digits[1] != '-') digits.remove_prefix(1);
  double value = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (error != std::errc() || end != digits.data() + digits.size() || std::isnan(value)) {
    throw usage_error(flag(param.name) + " must be a number, not \"" + std::string(text) + "\"");
  }
  return value;
}

std::int64_t parse_integer(const ParamSpec& param, std::string_view text) {
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < -1000 || value > 1000) {
    throw usage_error(flag(param.name) + " must be an integer, not \"" + std::string(text) + "\"");
  }
  return value;
}

// The index of `text` among the '|'-separated choices of `range`.
std::size_t parse_choice(const ParamSpec& param, std::string_view text) {
  std::string_view rest = param.range;
  for (std::size_t index = 0;; ++index) {
    const std::size_t bar = rest.find('|');
    if (rest.substr(0, bar) == text) return index;
    if (bar == std::string_view::npos) break;
    rest.remove_prefix(bar + 1);
  }
  std::string choices(param.range);
  for (char& c : choices) c = c == '|' ? ',' : c;
  throw usage_error(flag(param.name) + " must be one of " + choices + ", not \"" +
                    std::string(text) + "\"");
}

void check_range(const OpSpec& spec, const ParamSpec& param, std::string_view text, double value) {
  const auto fail = [&](std::string_view rule) {
    throw usage_error(flag(param.name) + " must be " + std::string(rule) + " for " +
                      std::string(spec.name) + ", not " + std::string(text));
  };
  if (param.range == "!= 0" && !(std::isfinite(value) && value != 0)) fail("finite and not 0");
  if (param.range == ">= 0" && !(value >= 0)) fail(">= 0");
}

}  // namespace

BoundParams bind_params(const OpSpec& spec, const ParamValues& given, DType dtype) {
  for (const auto& [name, text] : given) {
    bool known = false;
    for (const ParamSpec& param : spec.params) known = known || param.name == name;
    if (!known) {
      throw usage_error(flag(name) + " is not a parameter of " + std::string(spec.name) +
                        takes(spec));
    }
  }
  BoundParams bound{.kernel_key = std::string(spec.name)};
  std::string_view texts[std::size(bound.values)];
  for (std::size_t i = 0; i < spec.params.size(); ++i) {
    const ParamSpec& param = spec.params[i];
    const auto found = given.find(param.name);
    const std::string_view text =
        found != given.end() ? std::string_view(found->second) : param.default_text;
    texts[i] = text;
    if (found == given.end() && param.default_text.empty()) {
      throw usage_error(std::string(spec.name) + " needs " + flag(param.name) + takes(spec));
    }
    if (param.range == "integer") {
      bound.axis = static_cast<int>(parse_integer(param, text));
      bound.values[i] = bound.axis;
    } else if (param.range.find('|') != std::string_view::npos) {
      const std::size_t choice = parse_choice(param, text);
      bound.values[i] = static_cast<double>(choice);
      if (choice != 0) bound.kernel_key.append("_").append(text);
    } else {
      bound.values[i] = numeric::round_to(parse_number(param, text), dtype);
      check_range(spec, param, text, bound.values[i]);
    }
  }
  if (spec.name == "hardtanh" && bound.values[0] > bound.values[1]) {
    throw usage_error("hardtanh needs --min-val <= --max-val, not " + std::string(texts[0]) +
                      " > " + std::string(texts[1]));
  }
  return bound;
}

}  // namespace nnact::ops
