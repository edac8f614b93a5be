// Typed batches (issue 14): float32 npy values kept as floats through an element-wise op and the
// npy writer give the bits of the generic path (widened to double, the op, narrowed back) for
// every float32 special: NaN payloads and signs, signalling NaNs, -0, subnormals, infinities.
#include <doctest/doctest.h>

#include <bit>
#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "cli_runner.hpp"
#include "nnact/io.hpp"
#include "nnact/ops.hpp"
#include "nnact/pipeline.hpp"
#include "pipeline_to_file.hpp"
#include "nnact/status.hpp"

namespace {

// Bit patterns whose handling differs most easily between a float path and a double one.
std::vector<std::uint32_t> special_bits() {
  std::vector<std::uint32_t> bits = {
      0x00000000, 0x80000000,                          // +-0
      0x00000001, 0x80000001, 0x007fffff, 0x807fffff,  // subnormals
      0x00800000, 0x80800000,                          // smallest normals
      0x7f7fffff, 0xff7fffff,                          // largest finite
      0x7f800000, 0xff800000,                          // +-inf
      0x7fc00000, 0xffc00000, 0x7fc12345, 0xffc54321,  // quiet NaNs, payloads, both signs
      0x7f800001, 0xff812345, 0x7fbfffff,              // signalling NaNs (quieted by widening)
      0x3f800000, 0xbf800000, 0x3c23d70a, 0xbc23d70a,  // +-1, +-0.01
      0x40c00000, 0xc0400000, 0x40400000, 0x3f000000,  // 6, -3, 3, 0.5 (kinks of the ops)
  };
  std::mt19937 random(14);
  for (int i = 0; i < 3000; ++i) bits.push_back(random());
  return bits;
}

std::vector<float> floats_of(const std::vector<std::uint32_t>& bits) {
  std::vector<float> values(bits.size());
  std::memcpy(values.data(), bits.data(), bits.size() * 4);
  return values;
}

// Every element-wise op of the table, bound to float32 with its defaults (threshold needs two).
std::vector<nnact::Op> element_wise_ops(bool grad) {
  std::vector<nnact::Op> ops;
  for (const nnact::OpSpec& spec : nnact::op_table()) {
    if (spec.along_axis) continue;
    nnact::ParamValues params;
    if (spec.name == "threshold") params = {{"threshold", "0.5"}, {"value", "-2"}};
    ops.push_back(nnact::Op::make(spec.name, params, nnact::DType::kFloat32, grad));
  }
  return ops;
}

std::string npy_of(const std::vector<std::uint32_t>& bits) {
  std::string dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + std::to_string(bits.size()) + ",), }";
  dict.resize(128 - 10 - 1, ' ');
  dict += '\n';
  std::string file = "\x93NUMPY\x01";
  file += '\0';
  file += static_cast<char>(dict.size() & 0xff);
  file += static_cast<char>(dict.size() >> 8);
  file += dict;
  file.append(reinterpret_cast<const char*>(bits.data()), bits.size() * 4);  // little-endian host
  return file;
}

}  // namespace

TEST_CASE("Op::apply_floats gives the bits of apply on the same values as doubles, every element-wise op") {
  const std::vector<std::uint32_t> bits = special_bits();
  for (bool grad : {false, true}) {
    for (const nnact::Op& op : element_wise_ops(grad)) {
      CAPTURE(op.spec().name);
      CAPTURE(grad);
      std::vector<float> typed = floats_of(bits);
      std::vector<double> wide(typed.begin(), typed.end());
      op.apply_floats(typed);
      op.apply(std::span<double>(wide));
      for (std::size_t i = 0; i < bits.size(); ++i) {
        CAPTURE(bits[i]);
        REQUIRE(std::bit_cast<std::uint32_t>(typed[i]) == std::bit_cast<std::uint32_t>(static_cast<float>(wide[i])));
      }
    }
  }
}

TEST_CASE("Op::apply_floats is refused by an op bound to another dtype") {
  std::vector<float> values = {1.0f};
  const nnact::Op op = nnact::Op::make("relu", {}, nnact::DType::kFloat64);
  CHECK_THROWS_AS(op.apply_floats(values), nnact::Error);
}

TEST_CASE("npy float32 -> npy through typed batches: the generic path's bits, for every -j") {
  // Many batches' worth (kBatchValues is 65536), so -j 2 runs workers on typed batches.
  std::vector<std::uint32_t> bits;
  while (bits.size() < 200000) {
    const std::vector<std::uint32_t> more = special_bits();
    bits.insert(bits.end(), more.begin(), more.end());
  }
  const std::string file = npy_of(bits);
  for (const char* name : {"relu", "leaky_relu", "hardtanh", "gelu", "linear"}) {
    CAPTURE(name);
    nnact::OpRequest request{name, {}, false};
    nnact::RunOptions options;
    options.read.format = nnact::Format::kNpy;
    // The generic path: batches of doubles handed to a sink (no writer, so no typed batches).
    std::vector<float> expected;
    nnact::Input generic_input = nnact::Input::from_bytes(file, "mem.npy");
    nnact::run_pipeline(generic_input, request, [&](nnact::Batch&& batch) {
      CHECK(batch.floats.empty());
      for (double v : batch.values) expected.push_back(static_cast<float>(v));
    }, options);
    REQUIRE(expected.size() == bits.size());
    for (int jobs : {1, 2}) {
      CAPTURE(jobs);
      options.jobs = jobs;
      options.write.format = nnact::Format::kNpy;
      const std::string written = nnact::test::run_pipeline_to_file(file, "mem.npy", request, options);
      REQUIRE(written.size() == 128 + bits.size() * 4);
      std::size_t differ = 0;
      for (std::size_t i = 0; i < bits.size(); ++i) {
        std::uint32_t got;
        std::memcpy(&got, written.data() + 128 + i * 4, 4);
        differ += got != std::bit_cast<std::uint32_t>(expected[i]);
      }
      CHECK(differ == 0);
    }
  }
}
