// The dtype from reader to writer (issue 12): every reader says the dtype of its values
// (Batch::dtype), integers are rounded once to any dtype, ULPs are counted in the 16-bit types,
// and the CLI runs every op in float16 and bfloat16 on every format.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <limits>

#include "cli_runner.hpp"
#include "nnact/compare.hpp"
#include "nnact/io.hpp"
#include "numeric/integer_round.hpp"  // internal
#include "numpy_script.hpp"

using nnact::DType;
using nnact::test::read_file;
using nnact::test::run_cli;
using nnact::test::run_numpy;
using nnact::test::TempDir;

namespace {

constexpr DType kDTypes[] = {DType::kFloat16, DType::kBFloat16, DType::kFloat32, DType::kFloat64};

// Every batch a reader gives for `text`, parsed.
std::vector<nnact::Batch> read_all(const std::string& text, nnact::Format format, DType dtype, bool keep = false) {
  nnact::ReadOptions options;
  options.format = format;
  options.dtype = dtype;
  options.keep_dtype = keep;
  auto decoder = nnact::make_decoder(options, "mem");
  nnact::Input input = nnact::Input::from_bytes(text, "mem");
  std::vector<nnact::Batch> batches;
  decoder->run(input, [&](nnact::Chunk&& chunk) {
    if (!chunk.parsed) decoder->parse(chunk);
    batches.push_back(std::move(chunk.batch));
  });
  return batches;
}

}  // namespace

TEST_CASE("every text reader says its values are in the dtype it was asked for") {
  const std::pair<nnact::Format, const char*> inputs[] = {{nnact::Format::kCsv, "1,2\n3,4\n"},
                                                          {nnact::Format::kTsv, "1\t2\n"},
                                                          {nnact::Format::kJson, "[[1,2],[3,4]]"},
                                                          {nnact::Format::kNdjson, "[1,2]\n[3,4]\n"},
                                                          {nnact::Format::kTxt, "1 2\n3 4\n"}};
  for (const auto& [format, text] : inputs) {
    for (DType dtype : kDTypes) {
      CAPTURE(nnact::format_name(format));
      CAPTURE(nnact::dtype_name(dtype));
      // keep_dtype changes nothing for text: it has no dtype of its own.
      for (bool keep : {false, true}) {
        auto batches = read_all(text, format, dtype, keep);
        REQUIRE_FALSE(batches.empty());
        for (const auto& batch : batches) CHECK(batch.dtype == dtype);
      }
    }
  }
}

TEST_CASE("JSON integers are rounded once, straight to float16 and bfloat16") {
  // float16: the largest finite value is 65504; 65519 rounds down to it, 65520 is the tie that
  // rounds to infinity; 2049 is a tie that rounds to the even 2048.
  auto half = read_all("[70000, 65519, 65520, 2049, -70000]", nnact::Format::kJson, DType::kFloat16);
  REQUIRE(half.size() == 1);
  const double inf = std::numeric_limits<double>::infinity();
  CHECK(half[0].values == std::vector<double>{inf, 65504, inf, 2048, -inf});
  // bfloat16 has 8 significant bits: 257 is a tie (to 256), 259 rounds up to 260.
  auto brain = read_all("[257, 259, 18446744073709551615]", nnact::Format::kJson, DType::kBFloat16);
  REQUIRE(brain.size() == 1);
  CHECK(brain[0].values == std::vector<double>{256, 260, 0x1p64});
}

TEST_CASE("integer_to rounds a 64-bit integer once to any dtype") {
  using nnact::numeric::integer_to;
  // Ties after a float64 rounding, but not before it: each must round up.
  CHECK(integer_to(std::uint64_t{(1ull << 60) + (1ull << 52) + 1}, DType::kBFloat16) == 0x1p60 + 0x1p53);
  CHECK(integer_to(std::int64_t{-static_cast<std::int64_t>((1ull << 60) + (1ull << 52) + 1)}, DType::kBFloat16) ==
        -(0x1p60 + 0x1p53));
  CHECK(integer_to(std::uint64_t{(1ull << 54) + (1ull << 30) + 1}, DType::kFloat32) == 0x1p54 + 0x1p31);
  CHECK(integer_to(std::numeric_limits<std::int64_t>::min(), DType::kFloat16) == -std::numeric_limits<double>::infinity());
  CHECK(integer_to(std::numeric_limits<std::int64_t>::min(), DType::kFloat64) == -0x1p63);
  CHECK(integer_to(std::uint64_t{2049}, DType::kFloat16) == 2048);
  CHECK(integer_to(std::uint64_t{(1ull << 53) + 1}, DType::kFloat64) == 0x1p53);
}

TEST_CASE("ulp_distance counts float16 and bfloat16 steps") {
  CHECK(nnact::ulp_distance(1.0, 1.0 + 0x1p-10, DType::kFloat16) == 1);
  CHECK(nnact::ulp_distance(1.0, 1.0 + 0x1p-7, DType::kBFloat16) == 1);
  CHECK(nnact::ulp_distance(1.0, 2.0, DType::kFloat16) == 1024);
  CHECK(nnact::ulp_distance(1.0, 2.0, DType::kBFloat16) == 128);
  // Across zero through the smallest subnormals, and from the largest finite value to infinity.
  CHECK(nnact::ulp_distance(-0x1p-24, 0x1p-24, DType::kFloat16) == 2);
  CHECK(nnact::ulp_distance(-0x1p-133, 0x1p-133, DType::kBFloat16) == 2);
  CHECK(nnact::ulp_distance(65504, std::numeric_limits<double>::infinity(), DType::kFloat16) == 1);
  CHECK(nnact::ulp_distance(0.0, -0.0, DType::kBFloat16) == 0);
  // A value not of the type is rounded to it first.
  CHECK(nnact::ulp_distance(1.0, 1.0 + 0x1p-12, DType::kFloat16) == 0);
  nnact::Tolerance one_ulp{0, 0, 1};
  CHECK(nnact::within(1.0 + 0x1p-10, 1.0, one_ulp, DType::kFloat16));
  CHECK_FALSE(nnact::within(1.0 + 0x1p-9, 1.0, one_ulp, DType::kFloat16));
}

TEST_CASE("--dtype float16 and bfloat16: every op runs on every text format") {
  // Values exact in both types, so what is checked here is the plumbing, not the digits.
  const std::pair<const char*, std::string> inputs[] = {{"csv", "1.5,-2,0.25\n"},
                                                        {"tsv", "1.5\t-2\t0.25\n"},
                                                        {"json", "[1.5,-2,0.25]"},
                                                        {"ndjson", "[1.5,-2,0.25]\n"},
                                                        {"txt", "1.5 -2 0.25\n"}};
  const std::pair<const char*, const char*> expected[] = {{"csv", "1.5,0,0.25\n"},
                                                          {"tsv", "1.5\t0\t0.25\n"},
                                                          {"json", "[1.5,0,0.25]\n"},
                                                          {"ndjson", "[1.5,0,0.25]\n"},
                                                          {"txt", "1.5 0 0.25\n"}};
  for (std::string dtype : {"float16", "bfloat16"}) {
    CAPTURE(dtype);
    for (std::size_t i = 0; i < std::size(inputs); ++i) {
      CAPTURE(std::string(inputs[i].first));
      auto relu = run_cli({"--op", "relu", "--dtype", dtype, "--from", inputs[i].first}, inputs[i].second);
      CHECK(relu.code == 0);
      CHECK(relu.err.empty());
      CHECK(relu.out == expected[i].second);
    }
    for (const auto& spec : nnact::op_table()) {
      CAPTURE(spec.name);
      std::vector<std::string> args{"--op", std::string(spec.name), "--dtype", dtype, "--from", "csv", "-n"};
      for (const auto& param : spec.params) {  // a required parameter gets a value
        if (param.default_text.empty()) args.insert(args.end(), {"--" + std::string(param.name), "0.5"});
      }
      auto result = run_cli(args, "1.5,-2,0.25\n");
      CHECK(result.code == 0);
      const std::size_t fields = std::count(result.out.begin(), result.out.end(), ',') + 1;
      CHECK(fields == (spec.name == "crelu" ? 6u : 3u));
    }
  }
}

TEST_CASE("--dtype float16 writes npy <f2 with NumPy's bits, rounded once") {
  TempDir dir;
  run_numpy("np.save('" + dir.file("expected.npy") + "', np.array([1.5, 0.1, 65504, 70000, 65519, 2049, 1e-8, -3e-5], "
            "dtype=np.float64).astype(np.float16))");
  auto result = run_cli({"--op", "linear", "--dtype", "float16", "--from", "json", "--to", "npy", "-o", dir.file("out.npy")},
                        "[1.5, 0.1, 65504, 70000, 65519, 2049, 1e-8, -3e-5]");
  CHECK(result.code == 0);
  CHECK(read_file(dir.file("out.npy")) == read_file(dir.file("expected.npy")));
  // From CSV too: numbers that are not float16 values (70000 overflows, 65520 is the tie to inf).
  run_numpy("np.save('" + dir.file("expected2.npy") + "', np.array([0.2999, 70000, 65520, 1.00048828125, 3.4, -1e-7], "
            "dtype=np.float64).astype(np.float16))");
  auto csv = run_cli({"--op", "linear", "--dtype", "float16", "--from", "csv", "--to", "npy", "-o", dir.file("out2.npy")},
                     "0.2999,70000,65520,1.00048828125,3.4,-1e-7\n");
  CHECK(csv.code == 0);
  CHECK(read_file(dir.file("out2.npy")) == read_file(dir.file("expected2.npy")));
}
