// JSON documents of rows and NDJSON through typed batches and kept number text (issue 14): the
// output is, byte for byte, what the standard library's std::to_chars writes for every result
// (integers below 1e16 whole; JSON's null for what it cannot hold), in the template for the same
// format and row by row for another, at every -j. The numbers are spelled in the writer's own
// text and in many others that must not be kept (trailing zeros, exponents of other layouts,
// 'E', integers, -0, more digits than a float32 needs, out of range), with nulls among them.
// CSV -> txt too: the rows writer copies kept text out of any reader's template.
#include <doctest/doctest.h>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "cli_runner.hpp"
#include "io/codecs.hpp"
#include "nnact/io.hpp"
#include "nnact/pipeline.hpp"
#include "pipeline_to_file.hpp"

namespace {

// A JSON number for a random float32-sized value, in one of many spellings.
std::string json_number(std::mt19937_64& rng) {
  const float value = std::ldexp(static_cast<float>(1 + rng() % 999999), -static_cast<int>(rng() % 40));
  char text[64];
  char* end = text;
  switch (rng() % 10) {
    case 0:
    case 1:
    case 2:  // the writer's own
      end = std::to_chars(text, text + 64, value).ptr;
      break;
    case 3:  // scientific, trailing zeros
      end = std::to_chars(text, text + 64, value, std::chars_format::scientific, static_cast<int>(rng() % 9)).ptr;
      break;
    case 4:  // fixed, trailing zeros
      end = std::to_chars(text, text + 64, value, std::chars_format::fixed, static_cast<int>(rng() % 12)).ptr;
      break;
    case 5:  // the benchmark's
      end = text + std::snprintf(text, 64, "%.6g", value);
      break;
    case 6:  // more digits than needed, 'E', exponents of other layouts
      end = text + std::snprintf(text, 64, rng() % 2 ? "%.9g" : "%.3E", value);
      break;
    case 7: {  // the shortest digits with the exponent spelled otherwise
      char* e = std::to_chars(text, text + 64, value, std::chars_format::scientific).ptr;
      const std::string s(text, e);
      const int exponent = std::stoi(s.substr(s.find('e') + 1));
      const char* forms[] = {"%se%d", "%sE%d", "%se%+d", "%se%03d"};
      end = text + std::snprintf(text, 64, forms[rng() % 4], s.substr(0, s.find('e')).c_str(), exponent);
      break;
    }
    case 8: {  // integers and zeros
      const char* forms[] = {"0", "-0", "0.0", "-0.0", "100", "7", "16777217", "1e2", "0e0", "-0.000e5"};
      return forms[rng() % 10];
    }
    default: {  // double-only text: long digits, subnormal, out of float32's range, a float32 limit
      const char* forms[] = {"0.1000000000000000055511151231257827", "1e-40", "1e39", "-1e-50",
                             "3.4028235e38", "1.17549435e-38", "1.4e-45", "123456789012"};
      return forms[rng() % 8];
    }
  }
  return (rng() % 2 ? "-" : "") + std::string(text, end);
}

// What the writer writes for a float32 (or float64) result, from the standard library.
template <class T>
std::string reference_text(T value, bool json) {
  if (json && !std::isfinite(value)) return "null";
  if (std::isnan(value)) return "nan";
  char buffer[64];
  const bool whole = std::isfinite(value) && std::fabs(value) < T(1e16) && value == std::trunc(value);
  char* end = whole ? std::to_chars(buffer, buffer + 64, value, std::chars_format::fixed).ptr
                    : std::to_chars(buffer, buffer + 64, value).ptr;
  return std::string(buffer, end);
}

// Rows of 6 numbers (sometimes a missing one), several blocks of them: a JSON document (nulls
// only in its last rows, where the general parser takes over), NDJSON lines or CSV records.
std::string rows_text(nnact::Format format) {
  const bool json = format == nnact::Format::kJson, csv = format == nnact::Format::kCsv;
  std::mt19937_64 rng(json ? 41 : csv ? 7 : 14);
  std::string text = json ? "[" : "";
  for (std::size_t r = 0; text.size() < 3 * nnact::kBlockBytes; ++r) {
    if (json && r > 0) text += rng() % 7 == 0 ? " ,\n " : ",\n";
    text += csv ? "" : "[";
    for (int c = 0; c < 6; ++c) {
      if (c > 0) text += rng() % 11 == 0 && !csv ? " , " : ",";
      const bool null = rng() % 97 == 0 && (!json || text.size() > 3 * nnact::kBlockBytes - 300);
      std::string number = null ? (csv ? "" : "null") : json_number(rng);
      if (csv && !null && rng() % 12 == 0) {  // a '+' or leading zeros: read, never kept
        const std::size_t sign = number[0] == '-' ? 1 : 0;
        number.insert(sign, sign == 0 && rng() % 2 ? "+" : "00");
      }
      text += number;
    }
    text += json ? "]" : csv ? "\n" : "]\n";
  }
  return json ? text + "]\n" : text;
}

// The results as doubles (no writer: no typed batch, no kept text), written here: into the
// template for the same format, else one row a line (NDJSON as arrays).
template <class T>
std::string expected_output(const std::string& input, nnact::Format from, nnact::Format to,
                            const nnact::OpRequest& request) {
  nnact::RunOptions options;
  options.read.format = from;
  options.read.dtype = sizeof(T) == 4 ? nnact::DType::kFloat32 : nnact::DType::kFloat64;
  const bool json = to == nnact::Format::kJson || to == nnact::Format::kNdjson;
  const char delimiter = to == nnact::Format::kTxt ? ' ' : ',';
  const std::string missing_text = json ? "null" : to == nnact::Format::kTxt ? "nan" : "";
  std::string expected;
  nnact::Input in = nnact::Input::from_bytes(input, "mem");
  nnact::run_pipeline(in, request, [&](nnact::Batch&& batch) {
    CHECK(batch.floats.empty());
    CHECK(batch.kept.empty());
    std::size_t at = 0, next_missing = 0, start = 0;
    auto missing = [&](std::size_t i) {
      const bool yes = next_missing < batch.missing.size() && batch.missing[next_missing] == i;
      next_missing += yes;
      return yes;
    };
    if (to == from) {
      for (std::size_t i = 0; i < batch.values.size(); ++i) {
        expected.append(batch.text, at, batch.holes[i] - at);
        at = batch.holes[i];
        if (!missing(i)) expected += reference_text(static_cast<T>(batch.values[i]), json);
      }
      expected.append(batch.text, at);
      return;
    }
    for (std::size_t end : batch.rows) {
      expected += json ? "[" : "";
      for (std::size_t i = start; i < end; ++i) {
        if (i > start) expected += delimiter;
        expected += missing(i) ? missing_text : reference_text(static_cast<T>(batch.values[i]), json);
      }
      expected += json ? "]\n" : "\n";
      start = end;
    }
  }, options);
  return to == nnact::Format::kJson ? expected + "\n" : expected;
}

template <class T>
void check_kept_text(nnact::Format from) {
  const std::string input = rows_text(from);
  std::vector<nnact::Format> targets = {from, nnact::Format::kTxt};
  if (from != nnact::Format::kCsv) targets.push_back(nnact::Format::kCsv);
  if (from == nnact::Format::kJson) targets.push_back(nnact::Format::kNdjson);
  for (const char* name : {"relu", "leaky_relu", "hardtanh"}) {
    const nnact::OpRequest request{name, {}, false};
    for (nnact::Format to : targets) {
      CAPTURE(name);
      CAPTURE(nnact::format_name(to));
      const std::string expected = expected_output<T>(input, from, to, request);
      for (int jobs : {1, 2, 4}) {
        CAPTURE(jobs);
        nnact::RunOptions options;
        options.read.format = from;
        options.read.dtype = sizeof(T) == 4 ? nnact::DType::kFloat32 : nnact::DType::kFloat64;
        options.write.format = to;
        options.jobs = jobs;
        const std::string written = nnact::test::run_pipeline_to_file(input, "mem", request, options);
        REQUIRE(written.size() == expected.size());
        CHECK(written == expected);
      }
    }
  }
}

}  // namespace

TEST_CASE("JSON rows -> JSON/NDJSON/CSV/txt through typed batches and kept text: std::to_chars' text, every -j") {
  check_kept_text<float>(nnact::Format::kJson);
}

TEST_CASE("NDJSON -> NDJSON/CSV/txt through typed batches and kept text: std::to_chars' text, every -j") {
  check_kept_text<float>(nnact::Format::kNdjson);
}

// CSV -> txt goes through the rows writer, which copies kept text out of the CSV template.
TEST_CASE("CSV -> txt through typed batches and kept text: std::to_chars' text, every -j") {
  check_kept_text<float>(nnact::Format::kCsv);
}

// float64 has no typed batches: the same numbers read as doubles are written in full.
TEST_CASE("JSON rows, NDJSON and CSV as float64: std::to_chars' double text, every -j") {
  check_kept_text<double>(nnact::Format::kJson);
  check_kept_text<double>(nnact::Format::kNdjson);
  check_kept_text<double>(nnact::Format::kCsv);
}
