// .npy files whose header lies (issue 7): an error naming the npy field or the shortfall, exit 3,
// never a huge allocation, a wrap-around or a crash.
#include <doctest/doctest.h>

#include <cstring>
#include <vector>

#include "cli_runner.hpp"

using nnact::test::run_cli;

namespace {

// An .npy file as np.save lays it out: magic, version, header length, the dict padded with
// spaces to a multiple of 64 bytes and ended by '\n', then the data.
std::string npy(std::string dict, const std::string& data, int major = 1) {
  const std::size_t preamble = major == 1 ? 10 : 12;
  while ((preamble + dict.size() + 1) % 64 != 0) dict += ' ';
  dict += '\n';
  std::string out = "\x93NUMPY";
  out += static_cast<char>(major);
  out += '\0';
  out += static_cast<char>(dict.size() & 0xff);
  out += static_cast<char>(dict.size() >> 8);
  if (major > 1) out += std::string(2, '\0');
  return out + dict + data;
}

std::string floats(const std::vector<float>& values) {
  std::string bytes(values.size() * sizeof(float), '\0');
  std::memcpy(bytes.data(), values.data(), bytes.size());
  return bytes;
}

std::string f4(const std::string& shape) {
  return "{'descr': '<f4', 'fortran_order': False, 'shape': " + shape + ", }";
}

}  // namespace

TEST_CASE("npy: an honest header reads (the control case)") {
  auto result = run_cli({"--op", "relu", "--from", "npy", "--to", "json"}, npy(f4("(2,)"), floats({1, -2})));
  CHECK(result.code == 0);
  CHECK(result.out == "[1,0]\n");
}

TEST_CASE("npy: shape x itemsize larger than the file, and truncated data") {
  auto longer = run_cli({"--op", "relu", "--from", "npy"}, npy(f4("(10,)"), floats({1, -2})));
  CHECK(longer.code == 3);
  CHECK(longer.err == "nnact: <stdin>: npy data ends early: the header's shape needs 10 values, the file holds 2\n");
  auto cut = run_cli({"--op", "relu", "--from", "npy"}, npy(f4("(2, 3)"), floats({1, -2, 3, -4, 5, -6}).substr(0, 22)));
  CHECK(cut.code == 3);
  CHECK(cut.err == "nnact: <stdin>: npy data ends early: the header's shape needs 6 values, the file holds 5\n");
}

TEST_CASE("npy: a huge shape is refused from the header, without allocating it") {
  auto huge = run_cli({"--op", "relu", "--from", "npy"}, npy(f4("(4611686018427387904, 4)"), floats({1, -2})));
  CHECK(huge.code == 3);
  CHECK(huge.err == "nnact: <stdin>: npy header field 'shape': \"(4611686018427387904, 4)\" is too large\n");
  // Within range but far beyond the data: fails at the end of the data, as bytes arrive.
  auto big = run_cli({"--op", "relu", "--from", "npy"}, npy(f4("(1000000000000,)"), floats({1, -2})));
  CHECK(big.code == 3);
  CHECK(big.err.find("npy data ends early") != std::string::npos);
  // A header length of 4 GiB (version 2 has four length bytes).
  std::string lying = npy(f4("(2,)"), floats({1, -2}), 2);
  lying[8] = lying[9] = lying[10] = lying[11] = '\xff';
  auto length = run_cli({"--op", "relu", "--from", "npy"}, lying);
  CHECK(length.code == 3);
  CHECK(length.err == "nnact: <stdin>: npy header length 4294967295 is implausible (over 1 MiB)\n");
}

TEST_CASE("npy: a bad dtype string names the descr field") {
  auto unknown = run_cli({"--op", "relu", "--from", "npy"},
                         npy("{'descr': '<x9', 'fortran_order': False, 'shape': (2,), }", floats({1, -2})));
  CHECK(unknown.code == 3);
  CHECK(unknown.err.rfind("nnact: <stdin>: npy header field 'descr': dtype '<x9' is not supported", 0) == 0);
  auto garbage = run_cli({"--op", "relu", "--from", "npy"},
                         npy("{'descr': 'zz', 'fortran_order': False, 'shape': (2,), }", floats({1, -2})));
  CHECK(garbage.code == 3);
  CHECK(garbage.err == "nnact: <stdin>: npy header field 'descr': cannot read dtype 'zz'\n");
  auto structured = run_cli({"--op", "relu", "--from", "npy"},
                            npy("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (2,), }", floats({1, -2})));
  CHECK(structured.code == 3);
  CHECK(structured.err.find("npy header field 'descr'") != std::string::npos);
}
