// The mismatch report of --expect: a few text lines, or one JSON object per line (--report json).
#include <cmath>
#include <cstdio>
#include <limits>
#include <nlohmann/json.hpp>

#include "check.hpp"

namespace nnact::app {
namespace {

constexpr int kDiffDigits = 6;  // differences are measures, not data: a few digits suffice

std::string number(double value, DType dtype, int precision = 0) {
  std::string text;
  format_number(value, dtype, precision, text);
  return text;
}

std::string diff_text(double diff) { return std::isnan(diff) ? "nan" : number(diff, DType::kFloat64, kDiffDigits); }

std::string ulp_text(std::uint64_t ulps) {
  return ulps == std::numeric_limits<std::uint64_t>::max() ? "nan" : std::to_string(ulps);
}

std::string where(const Position& position) {
  if (!position.path.empty()) return position.path;
  return "row " + std::to_string(position.row) + ", column " + std::to_string(position.column);
}

std::string tolerance_text(const Tolerance& tolerance) {
  std::string text = "rtol " + number(tolerance.rtol, DType::kFloat64) + ", atol " + number(tolerance.atol, DType::kFloat64);
  if (tolerance.max_ulps) text += ", max ULPs " + std::to_string(*tolerance.max_ulps);
  return text;
}

// A compared value as the report writes it: "missing" for an empty cell, null or --na token.
std::string value_text(double value, bool missing, DType dtype) {
  return missing ? "missing" : number(value, dtype);
}

// "NaN vs 1", "missing vs 1": a pair of values that no difference measures.
std::string nan_pair(double got, double expected, DType dtype, bool got_missing = false,
                     bool expected_missing = false) {
  auto side = [&](double v, bool missing) {
    return missing ? std::string("missing") : std::isnan(v) ? std::string("NaN") : number(v, dtype);
  };
  return side(got, got_missing) + " vs " + side(expected, expected_missing);
}

std::string max_line(const Comparison& c, DType dtype) {
  std::string nan = nan_pair(c.nan_got, c.nan_expected, dtype, c.nan_got_missing, c.nan_expected_missing);
  if (c.nan_mismatches == c.mismatches) return "max difference: " + nan + "\n";
  std::string line = "max difference: abs " + diff_text(c.max_abs_diff) + ", rel " + diff_text(c.max_rel_diff) +
                     ", ULP " + ulp_text(c.max_ulp_diff);
  if (c.nan_mismatches > 0) {
    std::size_t more = c.nan_mismatches - 1;
    line += "; " + nan + (more == 0 ? "" : " (and " + std::to_string(more) + " more with NaN on one side)");
  }
  return line + "\n";
}

std::string text_report(const Comparison& c, const std::string& got, const std::string& expected,
                        const CheckConfig& check) {
  if (!c.shape_matches) {
    return got + ": shape " + c.got_shape + " differs from " + expected + "'s shape " + c.expected_shape + "\n";
  }
  std::string out = got + ": " + std::to_string(c.mismatches) + " of " + std::to_string(c.compared) +
                    " values differ from " + expected + " (" + tolerance_text(check.tolerance) + ")\n";
  out += max_line(c, c.dtype);
  for (const auto& m : c.first) {
    out += where(m.position) + ": got " + value_text(m.got, m.got_missing, m.dtype) + ", expected " +
           value_text(m.expected, m.expected_missing, m.dtype) +
           (m.got_missing || m.expected_missing ? ""
            : std::isnan(m.abs_diff)            ? " (" + nan_pair(m.got, m.expected, m.dtype) + ")"
                                   : ", difference " + diff_text(m.abs_diff)) +
           "\n";
  }
  if (c.mismatches > c.first.size()) out += "... and " + std::to_string(c.mismatches - c.first.size()) + " more\n";
  return out;
}

// A value as JSON: the number its shortest text reads as; JSON has no NaN or infinity, so
// those are the strings "NaN", "Infinity", "-Infinity" (Python's and JavaScript's spellings).
nlohmann::json json_number(double value, DType dtype) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  return nlohmann::json::parse(number(value, dtype));
}

nlohmann::json json_ulps(std::uint64_t ulps) {
  return ulps == std::numeric_limits<std::uint64_t>::max() ? nlohmann::json("NaN") : nlohmann::json(ulps);
}

std::string json_report(const Comparison& c, const std::string& got, const std::string& expected,
                        const CheckConfig& check) {
  nlohmann::json report = {
      {"file", got},
      {"expected", expected},
      {"shape_matches", c.shape_matches},
      {"got_shape", c.got_shape},
      {"expected_shape", c.expected_shape},
      {"compared", c.compared},
      {"mismatches", c.mismatches},
      {"max_abs_diff", json_number(c.max_abs_diff, DType::kFloat64)},
      {"max_rel_diff", json_number(c.max_rel_diff, DType::kFloat64)},
      {"max_ulp_diff", c.max_ulp_diff},
      {"nan_mismatches", c.nan_mismatches},
      {"rtol", check.tolerance.rtol},
      {"atol", check.tolerance.atol},
      {"max_ulps", check.tolerance.max_ulps ? nlohmann::json(*check.tolerance.max_ulps) : nlohmann::json()},
  };
  nlohmann::json first = nlohmann::json::array();
  for (const auto& m : c.first) {
    // A missing value is JSON's null, as nnact writes it in JSON output.
    nlohmann::json entry = {{"got", m.got_missing ? nlohmann::json() : json_number(m.got, m.dtype)},
                            {"expected", m.expected_missing ? nlohmann::json() : json_number(m.expected, m.dtype)},
                            {"abs_diff", json_number(m.abs_diff, DType::kFloat64)},
                            {"rel_diff", json_number(m.rel_diff, DType::kFloat64)},
                            {"ulp_diff", json_ulps(m.ulp_diff)}};
    if (m.position.path.empty()) {
      entry["row"] = m.position.row;
      entry["column"] = m.position.column;
    } else {
      entry["path"] = m.position.path;
    }
    first.push_back(entry);
  }
  report["first"] = first;
  return report.dump() + "\n";
}

}  // namespace

std::string format_report(const Comparison& comparison, const std::string& got_name,
                          const std::string& expected_name, const CheckConfig& check) {
  return check.json_report ? json_report(comparison, got_name, expected_name, check)
                           : text_report(comparison, got_name, expected_name, check);
}

}  // namespace nnact::app
