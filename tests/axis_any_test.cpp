// --axis along any dimension of a tensor (issue 18 item 2): softmax, log_softmax and crelu on
// npy (rank 1 to 3, C and Fortran order), JSON tensors and CSV, checked against NumPy, which
// writes the inputs and the references (softmax in float64 rounded to float32; crelu exact).
#include <doctest/doctest.h>

#include <sstream>
#include <string>

#include "cli_runner.hpp"

using namespace nnact::test;  // run_cli, run_program, TempDir, write_file

namespace {

// For every shape, order, op and axis -rank..rank-1: x.npy, x.json (and x.csv for rank 2)
// and the reference ref.npy; prints one line "op axis stem" per case.
constexpr const char* kNumpyScript = R"(
import json, sys
import numpy as np
out = sys.argv[1]
rng = np.random.default_rng(18)
for shape in [(5,), (3, 4), (2, 3, 4)]:
    for order in ['C', 'F']:
        x = np.asarray(rng.uniform(-4, 4, size=shape).astype(np.float32), order=order)
        for op in ['softmax', 'log_softmax', 'crelu']:
            for axis in range(-len(shape), len(shape)):
                stem = f'{out}/{op}_{len(shape)}{order}_{axis}'
                x64 = x.astype(np.float64)
                if op == 'crelu':
                    ref = np.concatenate([np.maximum(x, 0), np.maximum(-x, 0)], axis=axis)
                else:
                    shifted = x64 - x64.max(axis=axis, keepdims=True)
                    lse = np.log(np.exp(shifted).sum(axis=axis, keepdims=True))
                    ref = (shifted - lse if op == 'log_softmax' else np.exp(shifted - lse)).astype(np.float32)
                np.save(stem + '.x.npy', x)
                np.save(stem + '.ref.npy', np.ascontiguousarray(ref))
                with open(stem + '.x.json', 'w') as f:
                    json.dump(x.tolist(), f)
                if len(shape) == 2:
                    np.savetxt(stem + '.x.csv', x, delimiter=',', fmt='%.9g')
                print(op, axis, stem)
)";

struct Case {
  std::string op, axis, stem;
};

std::vector<Case> numpy_cases(const TempDir& dir) {
  write_file(dir.file("make.py"), kNumpyScript);
  auto made = run_program("/usr/bin/python3", {dir.file("make.py"), dir.path()});
  REQUIRE_MESSAGE(made.code == 0, made.err);
  std::vector<Case> cases;
  std::istringstream lines(made.out);
  for (Case c; lines >> c.op >> c.axis >> c.stem;) cases.push_back(c);
  return cases;
}

}  // namespace

TEST_CASE("--axis along every dimension of npy, JSON and CSV tensors matches NumPy") {
  TempDir dir;
  auto cases = numpy_cases(dir);
  REQUIRE(cases.size() == 2 * 3 * (2 + 4 + 6));  // orders x ops x axes -rank..rank-1
  for (const auto& c : cases) {
    CAPTURE(c.stem);
    // crelu is exact; softmax is rounded once (1 ULP covers NumPy's float64 rounding).
    std::vector<std::string> tolerance{"--rtol", "0", "--max-ulps", c.op == "crelu" ? "0" : "1"};
    std::vector<std::string> inputs{c.stem + ".x.npy", c.stem + ".x.json"};
    bool rank2 = c.stem.find("_2C_") != std::string::npos || c.stem.find("_2F_") != std::string::npos;
    if (rank2) inputs.push_back(c.stem + ".x.csv");
    for (const auto& input : inputs) {
      CAPTURE(input);
      std::vector<std::string> args{"--op", c.op, "--axis", c.axis, "-n", input, "--expect", c.stem + ".ref.npy"};
      args.insert(args.end(), tolerance.begin(), tolerance.end());
      auto result = run_cli(args);
      CHECK(result.code == 0);
      CHECK(result.out.empty());
      CHECK(result.err.empty());
    }
    // The npy written has NumPy's shape and values too.
    auto written = run_cli({"--op", c.op, "--axis", c.axis, c.stem + ".x.npy", "-o", c.stem + ".got.npy"});
    REQUIRE(written.code == 0);
    std::vector<std::string> args{"--op", "linear", c.stem + ".got.npy", "--expect", c.stem + ".ref.npy"};
    args.insert(args.end(), tolerance.begin(), tolerance.end());
    CHECK(run_cli(args).code == 0);
  }
}

TEST_CASE("--axis 1 of a 3-D JSON tensor: the middle axis, as PyTorch's softmax(dim=1)") {
  const std::string input = "[[[1,2],[3,4]],[[5,6],[7,8]]]";
  // torch.softmax(t, dim=1): sigmoid(-2) and sigmoid(2) in float32.
  const std::string want = "[[[0.11920292,0.11920292],[0.8807971,0.8807971]],[[0.11920292,0.11920292],[0.8807971,0.8807971]]]\n";
  CHECK(run_cli({"--op", "softmax", "--axis", "1"}, input).out == want);
  CHECK(run_cli({"--op", "softmax", "--axis", "-2"}, input).out == want);
  // crelu along axis 1 doubles it, the structure rewritten as nested arrays.
  auto crelu = run_cli({"--op", "crelu", "--axis", "1"}, "[[[1,-2],[3,4]]]");
  CHECK(crelu.code == 0);
  CHECK(crelu.out == "[[[1,0],[3,4],[0,2],[0,0]]]\n");
}

TEST_CASE("--axis out of range is a usage error naming the rank") {
  auto three = run_cli({"--op", "softmax", "--axis", "5"}, "[[[1,2],[3,4]],[[5,6],[7,8]]]");
  CHECK(three.code == 2);
  CHECK(three.err == "nnact: --axis 5 is out of range for a tensor of rank 3 (-3..2)\n");
  CHECK(three.out.empty());
  auto csv = run_cli({"--op", "log_softmax", "--axis", "-3"}, "1,2\n3,4\n");
  CHECK(csv.code == 2);
  CHECK(csv.err == "nnact: --axis -3 is out of range for a tensor of rank 2 (-2..1)\n");
  auto one = run_cli({"--op", "crelu", "--axis", "1", "--from", "json"}, "[1,2]");
  CHECK(one.code == 2);
  CHECK(one.err == "nnact: --axis 1 is out of range for a tensor of rank 1 (-1..0)\n");
}

TEST_CASE("crelu along --axis 0 of a CSV stacks relu(-x) rows below, the header kept") {
  auto result = run_cli({"--op", "crelu", "--axis", "0"}, "a,b\n1,-2\n3,4\n");
  CHECK(result.code == 0);
  CHECK(result.out == "a,b\n1,0\n3,4\n0,2\n0,0\n");
  CHECK(run_cli({"--op", "crelu", "--axis", "0", "--from", "tsv"}, "a\tb\n1\t-2\n").out == "a\tb\n1\t0\n0\t2\n");
  CHECK(run_cli({"--op", "crelu", "--axis", "0", "-f", "a"}, "a,b\n1,-2\n").code == 2);
  auto objects = run_cli({"--op", "softmax", "--axis", "0"}, R"({"a":[1,2],"b":[3]})");
  CHECK(objects.code == 3);
  CHECK(objects.err.find("needs a tensor") != std::string::npos);
}
