// Number text kept (issue 14): scan_decimal says a float32 number's text is the writer's own only
// when it is (checked against write_shortest, itself checked against std::to_chars by
// verify-format); scanning eight digits at a time reads what std::from_chars reads; and CSV
// written through typed batches with kept text is, byte for byte, the template filled with
// std::to_chars' shortest text of every result (integers below 1e16 whole), for every -j.
#include <doctest/doctest.h>

#include <charconv>
#include <cmath>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "cli_runner.hpp"
#include "io/codecs.hpp"
#include "io/number_scan.hpp"
#include "io/shortest_text.hpp"
#include "nnact/io.hpp"
#include "nnact/pipeline.hpp"
#include "pipeline_to_file.hpp"

namespace {

std::string digits(std::mt19937_64& rng, int n, bool nonzero_first) {
  std::string s;
  for (int k = 0; k < n; ++k) s += static_cast<char>('0' + (k == 0 && nonzero_first ? 1 + rng() % 9 : rng() % 10));
  return s;
}

// A number in one of many layouts: the writer's own (fixed or scientific, up to 9 digits) and
// others that read back the same (a '+', trailing or leading zeros, 'E', one exponent digit,
// no integer digit), integers, tiny and huge values.
std::string number_text(std::mt19937_64& rng) {
  std::string sign = rng() % 2 ? "-" : "";
  const int n = 1 + static_cast<int>(rng() % 9);
  switch (rng() % 8) {
    case 0: {  // fixed, point inside or after "0.000"
      const int point = static_cast<int>(rng() % 12) - 5;
      std::string d = digits(rng, n, true);
      if (point <= 0) return sign + "0." + std::string(-point, '0') + d;
      if (point >= n) return sign + d + std::string(point - n, '0');
      return sign + d.substr(0, point) + "." + d.substr(point);
    }
    case 1:
    case 2: {  // scientific, two exponent digits
      std::string d = digits(rng, n, true);
      const int e = static_cast<int>(rng() % 30) - 20;
      char ex[8];
      std::snprintf(ex, sizeof ex, "e%c%02d", e < 0 ? '-' : '+', e < 0 ? -e : e);
      return sign + d.substr(0, 1) + (n > 1 ? "." + d.substr(1) : "") + ex;
    }
    case 3: {  // scientific in another spelling
      std::string d = digits(rng, n, true);
      const char* forms[] = {"E-05", "e-5", "e05", "e+5", "e-045", "e-39", "e+38", "e-38"};
      return sign + d.substr(0, 1) + "." + d.substr(1) + forms[rng() % 8];
    }
    case 4: {  // zeros in the way
      const char* forms[] = {"0.50", "00.5", ".5", "1.", "+1.5", "0", "0.0", "1.500000", "0.0000001", "10"};
      const std::string form = forms[rng() % 10];
      return form[0] == '+' ? form : sign + form;
    }
    default: {  // the benchmark's numbers: 6 significant digits, %g
      char text[32];
      std::snprintf(text, sizeof text, "%.6g", std::ldexp(static_cast<double>(rng() % 1000000), -static_cast<int>(rng() % 30)));
      return sign + text;
    }
  }
}

// Float text as the writer writes it, from the standard library: integers below 1e16 whole,
// else std::to_chars' shortest.
std::string reference_text(float value) {
  if (std::isnan(value)) return "nan";
  char buffer[64];
  const bool whole = std::isfinite(value) && std::fabs(value) < 1e16f && value == std::trunc(value);
  char* end = whole ? std::to_chars(buffer, buffer + 64, value, std::chars_format::fixed).ptr
                    : std::to_chars(buffer, buffer + 64, value).ptr;
  return std::string(buffer, end);
}

}  // namespace

TEST_CASE("kept number text: scan_decimal keeps a float32 text only when it is write_shortest's text") {
  std::mt19937_64 rng(14);
  int kept_count = 0;
  for (int i = 0; i < 600000; ++i) {
    // A short tail, or one long enough (26 bytes) for the 16-byte short form to be tried.
    const std::string s = number_text(rng) + (i % 2 ? ",7" : ",7,-0.5,1.25e-3,12345678\n1,2");
    float value = 0;
    int kept = -1;
    const auto result = nnact::scan_decimal(s.data(), s.data() + s.size(), value, &kept);
    char out[64];
    const std::string written(out, nnact::write_shortest(out, value));
    const std::string read(s.data(), result.ptr);
    if (kept > 0) {
      ++kept_count;
      CAPTURE(s);
      REQUIRE(kept == static_cast<int>(read.size()));
      REQUIRE(read == written);
    } else {
      REQUIRE(kept == 0);
    }
  }
  CHECK(kept_count > 100000);  // the common layouts are found
}

TEST_CASE("number scanning eight digits at a time reads what std::from_chars reads, in longer text") {
  std::mt19937_64 rng(8);
  for (int i = 0; i < 300000; ++i) {
    std::string s = number_text(rng);
    if (rng() % 3 == 0) s += digits(rng, static_cast<int>(rng() % 24), false);  // long digit runs
    s += rng() % 2 ? ",12345678,-0.5\n" : "";
    float f = 7, g = 7;
    double d = 7, e = 7;
    const auto a = nnact::scan_decimal(s.data(), s.data() + s.size(), f);
    const auto b = std::from_chars(s.data(), s.data() + s.size(), g);
    const auto c = nnact::scan_decimal(s.data(), s.data() + s.size(), d);
    const auto h = std::from_chars(s.data(), s.data() + s.size(), e);
    CAPTURE(s);
    REQUIRE(a.ptr == b.ptr);
    REQUIRE(a.ec == b.ec);
    REQUIRE(std::memcmp(&f, &g, 4) == 0);
    REQUIRE(c.ptr == h.ptr);
    REQUIRE(c.ec == h.ec);
    REQUIRE(std::memcmp(&d, &e, 8) == 0);
  }
}

TEST_CASE("CSV -> CSV through typed batches and kept text: the template filled with std::to_chars' text, every -j") {
  std::mt19937_64 rng(5);
  std::string csv = "a,b,c,d,e,f\n";
  while (csv.size() < 3 * nnact::kBlockBytes) {  // several chunks, so -j 2 runs workers
    for (int c = 0; c < 6; ++c) {
      csv += (c ? "," : "");
      if (rng() % 50 == 0) continue;  // a missing value
      std::string number = number_text(rng);
      if (rng() % 500 == 0) number = "1.25" + std::string(150, '0');  // too long to note its span
      if (rng() % 200 == 0) number = " " + number + " ";
      csv += rng() % 40 == 0 ? "\"" + number + "\"" : number;
    }
    csv += rng() % 20 == 0 ? "\r\n" : "\n";
  }
  for (const char* name : {"relu", "leaky_relu", "hardtanh", "gelu"}) {
    CAPTURE(name);
    nnact::OpRequest request{name, {}, false};
    nnact::RunOptions options;
    options.read.format = nnact::Format::kCsv;
    // The template and the results as doubles (no writer: no typed batch, no kept text), filled
    // here with the standard library's text.
    std::string expected;
    nnact::Input generic_input = nnact::Input::from_bytes(csv, "mem.csv");
    nnact::run_pipeline(generic_input, request, [&](nnact::Batch&& batch) {
      CHECK(batch.floats.empty());
      CHECK(batch.kept.empty());
      std::size_t at = 0, next_missing = 0;
      for (std::size_t i = 0; i < batch.values.size(); ++i) {
        expected.append(batch.text, at, batch.holes[i] - at);
        at = batch.holes[i];
        if (next_missing < batch.missing.size() && batch.missing[next_missing] == i) {
          ++next_missing;
        } else {
          expected += reference_text(static_cast<float>(batch.values[i]));
        }
      }
      expected.append(batch.text, at);
    }, options);
    for (int jobs : {1, 2}) {
      CAPTURE(jobs);
      options.jobs = jobs;
      options.write.format = nnact::Format::kCsv;
      const std::string written = nnact::test::run_pipeline_to_file(csv, "mem.csv", request, options);
      REQUIRE(written.size() == expected.size());
      CHECK(written == expected);
    }
  }
}
