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
    {"celu", "x < 0 ? exp(x / alpha) : 1", "PyTorch elu_backward (TF has no celu kernel: Keras 3 celu by autodiff)"},
    {"gelu", "none: Phi(x) + x * phi(x); tanh: s + 2c * x * (1 + 3 * 0.044715 * x^2) * s * (1 - s), s = sigmoid(2u)",
     "TF autodiff of gelu (exact and tanh forms)"},
    {"silu", "s * (1 + beta * x * (1 - s)), s = sigmoid(beta * x)", "TF swish custom gradient (nn_impl.py), s * (1 + beta * x * (1 - s))"},
    {"sigmoid", "s * (1 - s)", "TF SigmoidGrad"},
    {"hard_sigmoid", "-3 < x < 3 ? 1/6 : 0 (x + 3 in the dtype)", "TF autodiff (Relu6Grad of x + 3)"},
    {"hard_silu", "-3 < x < 3 ? (2x + 3) / 6 : (x >= 3 ? 1 : 0) (x + 3 in the dtype)",
     "TF autodiff of x * relu6(x + 3) / 6"},
    {"tanh", "1 - tanh(x)^2 = 1 / cosh(x)^2", "TF TanhGrad"},
    {"softplus", "beta * x > threshold ? 1 : sigmoid(beta * x)", "TF SoftplusGrad, PyTorch softplus_backward"},
    {"softsign", "1 / (1 + abs(x))^2", "TF SoftsignGrad"},
    {"mish", "tanh(sp) + x * sigmoid(x) * (1 - tanh(sp)^2), sp = softplus(x)", "PyTorch mish_backward (TF: Keras 3 mish by autodiff)"},
    {"log_sigmoid", "sigmoid(-x)", "TF autodiff of -softplus(-x) (SoftplusGrad), PyTorch log_sigmoid_backward"},
    {"exponential", "exp(x)", "TF _ExpGrad (math_grad.py: dy * exp(x))"},
    {"linear", "1", "TF Identity"},
    {"hardtanh", "min-val < x < max-val ? 1 : 0", "PyTorch hardtanh_backward (no TF kernel)"},
    {"hardshrink", "abs(x) > lambd ? 1 : 0", "PyTorch hardshrink_backward (no TF kernel)"},
    {"softshrink", "abs(x) > lambd ? 1 : 0", "PyTorch softshrink_backward (no TF kernel)"},
    {"tanhshrink", "tanh(x)^2", "PyTorch autodiff of x - tanh(x) (no TF kernel; TF TanhGrad of the tanh)"},
    {"threshold", "x > threshold ? 1 : 0", "PyTorch threshold_backward (no TF kernel)"},
    {"softmax", "vector-Jacobian product only: dy * s - s * sum(dy * s)", "TF _SoftmaxGrad (nn_grad.py)"},
    {"log_softmax", "vector-Jacobian product only: dy - exp(y) * sum(dy)", "TF _LogSoftmaxGrad (nn_grad.py)"},
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
