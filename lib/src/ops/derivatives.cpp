// The derivative of every op as --grad computes it, and the gradient kernel it follows (at
// kinks, edges and for NaN): what --list-ops and the README's op table show.
#include <array>

#include "nnact/ops.hpp"
#include "nnact/status.hpp"

namespace nnact {
namespace {

constexpr std::array<DerivativeSpec, 26> kDerivatives{{
    {"relu", "x > 0 ? 1 : 0", "TF ReluGrad"},
    {"relu6", "0 < x < 6 ? 1 : 0", "TF Relu6Grad"},
    {"leaky_relu", "x > 0 ? 1 : alpha", "TF LeakyReluGrad"},
    {"elu", "x < 0 ? alpha * exp(x) : 1", "TF EluGrad (elu(x) + alpha for x < 0)"},
    {"selu", "x < 0 ? sa * exp(x) : s", "TF SeluGrad"},
    {"celu", "x < 0 ? exp(x / alpha) : 1", "PyTorch elu_backward"},
    {"gelu", "none: Phi(x) + x * phi(x); tanh: s + 2c * x * (1 + 3 * 0.044715 * x^2) * s * (1 - s), s = sigmoid(2u)",
     "TF autodiff of gelu (exact and tanh forms)"},
    {"silu", "s * (1 + beta * x * (1 - s)), s = sigmoid(beta * x)", "TF autodiff of x * sigmoid(beta * x)"},
    {"sigmoid", "s * (1 - s)", "TF SigmoidGrad"},
    {"hard_sigmoid", "-3 < x < 3 ? 1/6 : 0 (x + 3 in the dtype)", "TF autodiff (Relu6Grad of x + 3)"},
    {"hard_silu", "-3 < x < 3 ? (2x + 3) / 6 : (x >= 3 ? 1 : 0) (x + 3 in the dtype)",
     "TF autodiff of x * relu6(x + 3) / 6"},
    {"tanh", "1 - tanh(x)^2 = 1 / cosh(x)^2", "TF TanhGrad"},
    {"softplus", "beta * x > threshold ? 1 : sigmoid(beta * x)", "TF SoftplusGrad, PyTorch softplus_backward"},
    {"softsign", "1 / (1 + abs(x))^2", "TF SoftsignGrad"},
    {"mish", "tanh(sp) + x * sigmoid(x) * (1 - tanh(sp)^2), sp = softplus(x)", "PyTorch mish_backward"},
    {"log_sigmoid", "sigmoid(-x)", "PyTorch log_sigmoid_backward"},
    {"exponential", "exp(x)", "TF autodiff of exp"},
    {"linear", "1", "TF Identity"},
    {"hardtanh", "min-val < x < max-val ? 1 : 0", "PyTorch hardtanh_backward"},
    {"hardshrink", "abs(x) > lambd ? 1 : 0", "PyTorch hardshrink_backward"},
    {"softshrink", "abs(x) > lambd ? 1 : 0", "PyTorch softshrink_backward"},
    {"tanhshrink", "tanh(x)^2", "PyTorch tanhshrink autodiff"},
    {"threshold", "x > threshold ? 1 : 0", "PyTorch threshold_backward"},
    {"softmax", "vector-Jacobian product only: dy * s - s * sum(dy * s)", "TF SoftmaxGrad"},
    {"log_softmax", "vector-Jacobian product only: dy - exp(y) * sum(dy)", "TF LogSoftmaxGrad"},
    {"crelu", "vector-Jacobian product only: dy1 * (x > 0) - dy2 * (x < 0)", "TF autodiff of relu(concat(x, -x))"},
}};

}  // namespace

const DerivativeSpec& derivative_of(const OpSpec& spec) {
  for (const DerivativeSpec& d : kDerivatives) {
    if (d.op == spec.name) return d;
  }
  throw usage_error("op " + std::string(spec.name) + " has no derivative");
}

}  // namespace nnact
