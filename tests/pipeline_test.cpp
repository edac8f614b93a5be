// The threaded pipeline (issue 7): output byte-identical for every -j. `make tsan` builds this
// file alone (nnact_pipeline_tests) and runs it under ThreadSanitizer.
#include <doctest/doctest.h>

#include <string>

#include "cli_runner.hpp"
#include "nnact/pipeline.hpp"

using nnact::test::read_file;
using nnact::test::run_cli;
using nnact::test::TempDir;

namespace {

// Many blocks' worth of CSV with a header, quotes, CRLF and ragged rows.
std::string mixed_csv() {
  std::string csv = "id,x,\"y, quoted\"\r\n";
  for (int i = 0; i < 120000; ++i) {
    csv += "\"r" + std::to_string(i) + "\"," + std::to_string(i % 17 - 8) + ".125";
    csv += i % 5 ? "," + std::to_string(-i) + "e-2\r\n" : "\r\n";
  }
  return csv;
}

std::string nested_json() {
  std::string json = "[";
  for (int i = 0; i < 60000; ++i) {
    json += (i ? "," : "") + std::string("[") + std::to_string(i % 9 - 4) + ".5,{\"k\":" + std::to_string(-i) + "},\"s\"]";
  }
  return json + "]";
}

std::string run_in_process(const std::string& text, nnact::Format format, const char* op_name, int jobs) {
  TempDir dir;
  nnact::RunOptions options;
  options.read.format = format;
  options.write.format = format;
  options.jobs = jobs;
  nnact::Op op = nnact::Op::make(op_name, {}, nnact::DType::kFloat32);
  options.read.whole_rows = op.spec().along_axis;
  if (format == nnact::Format::kCsv) options.read.fields = "2-3";  // not the id column
  nnact::Input input = nnact::Input::from_bytes(text, "mem");
  nnact::Output output = nnact::Output::atomic_file(dir.file("out"));
  nnact::run_pipeline(input, op, output, options);
  output.commit();
  return read_file(dir.file("out"));
}

}  // namespace

TEST_CASE("pipeline: output is byte-identical for -j 1..8 (in process)") {
  const std::string csv = mixed_csv();
  const std::string json = nested_json();
  for (const char* op : {"gelu", "softmax", "crelu"}) {
    CAPTURE(op);
    const std::string csv_one = run_in_process(csv, nnact::Format::kCsv, op, 1);
    const std::string json_one = run_in_process(json, nnact::Format::kJson, op, 1);
    CHECK(csv_one.size() > csv.size() / 2);
    CHECK(json_one.size() > json.size() / 2);
    for (int jobs = 2; jobs <= 8; ++jobs) {
      CAPTURE(jobs);
      CHECK(run_in_process(csv, nnact::Format::kCsv, op, jobs) == csv_one);
      CHECK(run_in_process(json, nnact::Format::kJson, op, jobs) == json_one);
    }
  }
}

TEST_CASE("pipeline: the CLI gives the same bytes for -j 1..8, and the same error") {
  const std::string csv = mixed_csv();
  const auto one = run_cli({"--op", "leaky_relu", "-f", "2-3", "-j", "1"}, csv);
  REQUIRE(one.code == 0);
  std::string bad = csv + "\"r\",1,oops\r\n";
  const auto bad_one = run_cli({"--op", "relu", "-f", "2-3", "-j", "1"}, bad);
  CHECK(bad_one.code == 3);
  CHECK(bad_one.err == "nnact: <stdin>:120002:7: cannot read \"oops\" as a number (column \"y, quoted\")\n");
  for (int jobs = 2; jobs <= 8; ++jobs) {
    CAPTURE(jobs);
    const auto many = run_cli({"--op", "leaky_relu", "-f", "2-3", "-j", std::to_string(jobs)}, csv);
    CHECK(many.code == 0);
    CHECK(many.out == one.out);
    const auto bad_many = run_cli({"--op", "relu", "-f", "2-3", "-j", std::to_string(jobs)}, bad);
    CHECK(bad_many.code == 3);
    CHECK(bad_many.err == bad_one.err);
    CHECK(bad_many.out == bad_one.out);
  }
}
