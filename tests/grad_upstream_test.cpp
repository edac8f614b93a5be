// --grad --upstream: dy * f'(x) against float64 references computed here with NumPy/SciPy
// formulas (independent of nnact), the axis ops' vector-Jacobian products, shape errors.
#include <doctest/doctest.h>

#include "cli_runner.hpp"
#include "numpy_script.hpp"

namespace nnact::test {
namespace {

// x in [-8, 8] (with the kinks 0, +-1, 6, -3, 3 among them) and dy, as float64 npy files.
void write_inputs(const TempDir& dir) {
  run_numpy("rng = np.random.default_rng(13)\n"
            "x = np.concatenate([rng.uniform(-8, 8, 2000), [0.0, -0.0, 1.0, -1.0, 6.0, -3.0, 3.0]])\n"
            "np.save('" + dir.file("x.npy") + "', x)\n"
            "np.save('" + dir.file("dy.npy") + "', rng.uniform(-2, 2, x.size))\n");
}

// The reference dx = dy * f'(x) in float64 from NumPy/SciPy.
void write_reference(const TempDir& dir, const std::string& formula) {
  run_numpy("from scipy.special import expit, ndtr\n"
            "x = np.load('" + dir.file("x.npy") + "'); dy = np.load('" + dir.file("dy.npy") + "')\n"
            "sp = np.logaddexp(0, x)\n"
            "c = np.sqrt(2 / np.pi); u = c * (x + 0.044715 * x ** 3)\n"
            "np.save('" + dir.file("dx.npy") + "', " + formula + ")\n");
}

}  // namespace

TEST_CASE("--grad --upstream: dy * f'(x) of the element-wise ops matches NumPy/SciPy in float64") {
  TempDir dir;
  write_inputs(dir);
  struct Case {
    std::vector<std::string> op;  // --op NAME and its parameters
    std::string formula;
  };
  const std::vector<Case> cases = {
      {{"relu"}, "dy * (x > 0)"},
      {{"relu6"}, "dy * ((x > 0) & (x < 6))"},
      {{"leaky_relu"}, "np.where(x > 0, dy, dy * 0.2)"},
      {{"elu"}, "np.where(x < 0, dy * np.exp(x), dy)"},
      {{"elu", "--alpha", "0.5"}, "np.where(x < 0, dy * 0.5 * np.exp(x), dy)"},
      {{"selu"}, "np.where(x < 0, dy * 1.7580993408473768599 * np.exp(x), dy * 1.0507009873554804934)"},
      {{"celu", "--alpha", "2"}, "np.where(x < 0, dy * np.exp(x / 2), dy)"},
      {{"sigmoid"}, "dy * expit(x) * expit(-x)"},
      {{"tanh"}, "dy / np.cosh(x) ** 2"},
      {{"softplus"}, "dy * expit(x)"},
      {{"softplus", "--beta", "2"}, "dy * expit(2 * x)"},
      {{"softsign"}, "dy / (1 + np.abs(x)) ** 2"},
      {{"gelu"}, "dy * (ndtr(x) + x * np.exp(-x * x / 2) / np.sqrt(2 * np.pi))"},
      {{"gelu", "--approximate", "tanh"},
       "dy * (expit(2 * u) + x * c * (1 + 3 * 0.044715 * x * x) * expit(2 * u) * expit(-2 * u) * 2)"},
      {{"silu"}, "dy * (expit(x) + x * expit(x) * expit(-x))"},
      {{"silu", "--beta", "1.5"}, "dy * (expit(1.5 * x) + 1.5 * x * expit(1.5 * x) * expit(-1.5 * x))"},
      {{"mish"}, "dy * (np.tanh(sp) + x * expit(x) / np.cosh(sp) ** 2)"},
      {{"log_sigmoid"}, "dy * expit(-x)"},
      {{"exponential"}, "dy * np.exp(x)"},
      {{"hard_sigmoid"}, "dy * ((x > -3) & (x < 3)) * (1 / 6)"},
      {{"hard_silu"}, "dy * np.where(x <= -3, 0, np.where(x >= 3, 1, (2 * x + 3) / 6))"},
      {{"hardtanh"}, "dy * ((x > -1) & (x < 1))"},
      {{"hardshrink"}, "dy * (np.abs(x) > 0.5)"},
      {{"softshrink"}, "dy * (np.abs(x) > 0.5)"},
      {{"threshold", "--threshold", "1", "--value", "5"}, "dy * (x > 1)"},
      {{"tanhshrink"}, "dy * np.tanh(x) ** 2"},
      {{"linear"}, "dy"},
  };
  for (const auto& [op, formula] : cases) {
    CAPTURE(formula);
    write_reference(dir, formula);
    // The references are float64 formulas (a few ULPs off near the zeros of f'): --atol for those.
    std::vector<std::string> args = {"--op"};
    args.insert(args.end(), op.begin(), op.end());
    args.insert(args.end(), {"--grad", "--upstream", dir.file("dy.npy"), dir.file("x.npy"), "--expect",
                             dir.file("dx.npy"), "--max-ulps", "4", "--atol", "1e-14"});
    const auto result = run_cli(args);
    INFO(result.out, result.err);
    CHECK(result.code == 0);
  }
}

TEST_CASE("--grad --upstream: softmax, log_softmax and crelu give the vector-Jacobian product") {
  TempDir dir;
  run_numpy("rng = np.random.default_rng(7)\n"
            "x = rng.uniform(-5, 5, (50, 7)); dy = rng.uniform(-1, 1, (50, 7)); dy2 = rng.uniform(-1, 1, (50, 14))\n"
            "x[0] = 1.5; dy[1] = 0.25\n"  // a constant row of x, a constant row of dy (exactly 0)
            "s = np.exp(x - x.max(1, keepdims=True)); s /= s.sum(1, keepdims=True)\n"
            "d = '" + dir.path() + "/'\n"
            "np.savetxt(d + 'x.csv', x, delimiter=',', fmt='%.17g')\n"
            "np.savetxt(d + 'dy.csv', dy, delimiter=',', fmt='%.17g')\n"
            "np.savetxt(d + 'dy2.csv', dy2, delimiter=',', fmt='%.17g')\n"
            "np.save(d + 'softmax.npy', dy * s - s * (dy * s).sum(1, keepdims=True))\n"
            "np.save(d + 'log_softmax.npy', dy - s * dy.sum(1, keepdims=True))\n"
            "np.save(d + 'crelu.npy', dy2[:, :7] * (x > 0) - dy2[:, 7:] * (x < 0))\n");
  for (const char* op : {"softmax", "log_softmax", "crelu"}) {
    CAPTURE(op);
    const std::string dy = dir.file(std::string(op) == "crelu" ? "dy2.csv" : "dy.csv");
    const auto result = run_cli({"--op", op, "--grad", "--upstream", dy, dir.file("x.csv"), "--dtype", "float64",
                                 "--expect", dir.file(std::string(op) + ".npy"), "--max-ulps", "8", "--atol", "1e-15"});
    INFO(result.out, result.err);
    CHECK(result.code == 0);
  }
  // Where every dy of a row is equal the product is exactly 0 (sum(s) = 1 leaves no residue).
  write_file(dir.file("row.csv"), "1,2,3\n");
  write_file(dir.file("dy_equal.csv"), "2,2,2\n");
  const auto zero = run_cli({"--op", "softmax", "--grad", "--upstream", dir.file("dy_equal.csv"), dir.file("row.csv")});
  CHECK(zero.out == "0,0,0\n");
}

TEST_CASE("--grad --upstream: a different number of values is a usage error naming both files") {
  TempDir dir;
  write_file(dir.file("x.csv"), "1,2\n3,4\n");
  write_file(dir.file("short.csv"), "1,2,3\n");
  write_file(dir.file("long.csv"), "1,2\n3,4\n5\n");
  for (const char* dy : {"short.csv", "long.csv"}) {
    const auto result = run_cli({"--op", "gelu", "--grad", "--upstream", dir.file(dy), dir.file("x.csv")});
    CHECK(result.code == 2);
    CHECK(result.err.find(dy) != std::string::npos);
    CHECK(result.err.find("x.csv") != std::string::npos);
  }
  write_file(dir.file("crelu_dy.csv"), "1,2\n3,4\n");
  CHECK(run_cli({"--op", "crelu", "--grad", "--upstream", dir.file("crelu_dy.csv"), dir.file("x.csv")}).code == 2);
}

TEST_CASE("--grad: an axis op without --upstream, or --upstream without --grad, is a usage error") {
  const auto softmax = run_cli({"--op", "softmax", "--grad"}, "1,2\n");
  CHECK(softmax.code == 2);
  CHECK(softmax.err.find("needs --upstream") != std::string::npos);
  CHECK(run_cli({"--op", "relu", "--upstream", "x.csv"}, "1\n").code == 2);
}

}  // namespace nnact::test
