// --grad at the kinks and edges: the TF/PyTorch gradient kernels' semantics, NaN, the limits
// at +-inf, and the piecewise ops' factors bit for bit in each dtype.
#include <doctest/doctest.h>

#include <sstream>

#include "cli_runner.hpp"

namespace nnact::test {
namespace {

std::string grad(const std::vector<std::string>& op_args, const std::string& input,
                 const std::string& dtype = "float32") {
  std::vector<std::string> args = {"--grad", "--dtype", dtype};
  args.insert(args.end(), op_args.begin(), op_args.end());
  const auto result = run_cli(args, input);
  INFO(result.err);
  REQUIRE(result.code == 0);
  return result.out;
}

}  // namespace

TEST_CASE("--grad: kinks follow TF's gradient kernels") {
  CHECK(grad({"--op", "relu"}, "-1\n-0\n0\n1e-45\n") == "0\n0\n0\n1\n");                     // features > 0
  CHECK(grad({"--op", "relu6"}, "0\n1e-45\n5.9999995\n6\n7\n") == "0\n1\n1\n0\n0\n");      // (0, 6)
  CHECK(grad({"--op", "leaky_relu"}, "-1\n0\n1\n") == "0.2\n0.2\n1\n");                    // alpha for x <= 0
  CHECK(grad({"--op", "hardtanh"}, "-1\n-0.99999994\n0.99999994\n1\n") == "0\n1\n1\n0\n");  // strictly inside
  CHECK(grad({"--op", "elu"}, "-1\n0\n1\n", "float64") == "0.36787944117144233\n1\n1\n");   // alpha * exp(x)
  CHECK(grad({"--op", "elu", "--alpha", "2"}, "-0.0\n0\n") == "1\n1\n");                  // activations < 0
  CHECK(grad({"--op", "selu"}, "-1\n1\n", "float64") == "0.6467686030348141\n1.0507009873554805\n");
  CHECK(grad({"--op", "hard_sigmoid"}, "-3\n-2.9999998\n2.9999995\n3\n") == "0\n0.16666667\n0.16666667\n0\n");
  // x + 3 in float32 rounds 3 - 2^-22 up to 6: TF's Relu6Grad then gives 0.
  CHECK(grad({"--op", "hard_sigmoid"}, "2.9999998\n") == "0\n");
  CHECK(grad({"--op", "hard_silu"}, "-3\n-1\n0\n3\n", "float64") == "0\n0.16666666666666666\n0.5\n1\n");
  CHECK(grad({"--op", "hardshrink"}, "-0.5\n-0.50000006\n0.5\n0.50000006\n") == "0\n1\n0\n1\n");
  CHECK(grad({"--op", "softshrink"}, "-0.5\n0\n0.5\n0.6\n") == "0\n0\n0\n1\n");
  CHECK(grad({"--op", "threshold", "--threshold", "1", "--value", "5"}, "1\n1.0000001\n") == "0\n1\n");
  CHECK(grad({"--op", "linear"}, "-7\n0\n") == "1\n1\n");
}

TEST_CASE("--grad: NaN propagates and the limits at +-inf") {
  for (const char* op : {"relu", "relu6", "leaky_relu", "elu", "gelu", "sigmoid", "tanh", "softplus", "mish",
                         "hardtanh", "hardshrink", "threshold", "linear", "exponential"}) {
    CAPTURE(op);
    std::vector<std::string> args = {"--op", op};
    if (std::string(op) == "threshold") args.insert(args.end(), {"--threshold", "0", "--value", "0"});
    CHECK(grad(args, "nan\n") == "nan\n");
  }
  CHECK(grad({"--op", "gelu"}, "inf\n-inf\n") == "1\n-0\n");
  CHECK(grad({"--op", "gelu", "--approximate", "tanh"}, "inf\n-inf\n") == "1\n-0\n");
  CHECK(grad({"--op", "sigmoid"}, "inf\n-inf\n") == "0\n0\n");
  CHECK(grad({"--op", "tanh"}, "inf\n-inf\n") == "0\n0\n");
  CHECK(grad({"--op", "silu"}, "inf\n-inf\n") == "1\n-0\n");
  CHECK(grad({"--op", "mish"}, "inf\n-inf\n") == "1\n-0\n");
  CHECK(grad({"--op", "softplus"}, "inf\n-inf\n") == "1\n0\n");
  CHECK(grad({"--op", "log_sigmoid"}, "inf\n-inf\n") == "0\n1\n");
  CHECK(grad({"--op", "softsign"}, "inf\n-inf\n") == "0\n0\n");
  CHECK(grad({"--op", "tanhshrink"}, "inf\n-inf\n") == "1\n1\n");
  CHECK(grad({"--op", "exponential"}, "inf\n-inf\n") == "inf\n0\n");
  CHECK(grad({"--op", "elu"}, "inf\n-inf\n") == "1\n0\n");
}

TEST_CASE("--grad: exp-based derivatives of tiny x round midpoints the right way in float64") {
  // exp(2^-53) = 1 + 2^-53 + 2^-107: just above the midpoint of 1 and 1 + 2^-52.
  CHECK(grad({"--op", "exponential"}, "1.1102230246251565e-16\n", "float64") == "1.0000000000000002\n");
  // exp(-3 * 2^-54) = 1 - 3 * 2^-54 + ...: just above the midpoint of 1 - 2^-52 and 1 - 2^-53.
  CHECK(grad({"--op", "elu"}, "-1.6653345369377348e-16\n", "float64") == "0.9999999999999999\n");
}

TEST_CASE("--grad: the derivatives' identities hold (softplus' = sigmoid, log_sigmoid'(x) = sigmoid(-x))") {
  const std::string x = "-3\n-0.5\n0\n0.25\n4\n";
  CHECK(grad({"--op", "softplus"}, x, "float64") ==
        run_cli({"--op", "sigmoid", "--dtype", "float64"}, x).out);
  CHECK(grad({"--op", "log_sigmoid"}, x, "float64") ==
        run_cli({"--op", "sigmoid", "--dtype", "float64"}, "3\n0.5\n-0\n-0.25\n-4\n").out);
  CHECK(grad({"--op", "exponential"}, x, "float64") ==
        run_cli({"--op", "exponential", "--dtype", "float64"}, x).out);
}

TEST_CASE("--grad: the smooth derivatives at OPS.md's check inputs, float32, to the last digit") {
  // Expected: mpmath at 200 bits from the textbook derivatives (constants rounded to float32 as
  // the ops define them), rounded once to float32 and written shortest (NumPy's float32 repr).
  struct Check {
    const char* op;  // the op and its parameters, space separated
    const char* x;
    const char* expected;
  };
  const Check checks[] = {
      {"gelu", "-3,-1,0,1,3", "-0.011945647,-0.08331547,0.5,1.0833155,1.0119456"},
      {"gelu --approximate tanh", "-3,-1,0,1,3", "-0.0115841655,-0.082964085,0.5,1.0829641,1.0115842"},
      {"sigmoid", "-20,-1,0,1,20", "2.0611537e-09,0.19661193,0.25,0.19661193,2.0611537e-09"},
      {"softplus", "-20,-1,0,1,20", "2.0611537e-09,0.26894143,0.5,0.7310586,1"},
      {"tanh", "-3,-1,0,1,3", "0.009866037,0.41997433,1,0.41997433,0.009866037"},
      {"mish", "-3,-1,0,1", "-0.09339312,0.059216756,0.6,1.0490363"},
      {"softsign", "-0.1,-10,1,0,100", "0.8264463,0.008264462,0.25,1,9.80296e-05"},
      {"elu", "-3,-1,0,1,3", "0.049787067,0.36787945,1,1,1"},
      {"selu", "-3,-1,0,1,3", "0.08753061,0.64676857,1.050701,1.050701,1.050701"},
      {"celu --alpha 2", "-3,-1,0,1,3", "0.22313017,0.60653067,1,1,1"},
      {"silu", "-3,-1,0,1,3", "-0.08810411,0.07232949,0.5,0.92767054,1.0881041"},
      {"log_sigmoid", "-3,-1,0,1,3", "0.95257413,0.7310586,0.5,0.26894143,0.047425874"},
      {"exponential", "-3,-1,0,1,3", "0.049787067,0.36787945,1,2.7182817,20.085537"},
      {"tanhshrink", "-3,-1,0,1,3", "0.99013394,0.5800257,0,0.5800257,0.99013394"},
      {"hard_silu", "-3,-1,0,1,3", "0,0.16666667,0.5,0.8333333,1"},
  };
  auto lines = [](std::string list) {
    for (char& c : list) c = c == ',' ? '\n' : c;
    return list + "\n";
  };
  for (const Check& check : checks) {
    CAPTURE(check.op);
    std::vector<std::string> args = {"--op"};
    std::istringstream words(check.op);
    for (std::string word; words >> word;) args.push_back(word);
    CHECK(grad(args, lines(check.x)) == lines(check.expected));
  }
}

}  // namespace nnact::test
