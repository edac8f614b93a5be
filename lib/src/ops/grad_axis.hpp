// Gradients of the axis ops (softmax, log_softmax, crelu): only vector-Jacobian products.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "nnact/tensor.hpp"

namespace nnact::ops {

// The usage error's text for --grad on an axis op without an upstream gradient.
std::string axis_grad_needs_upstream(std::string_view op);

// values (rows of x, `rows` their ends; empty: one row) becomes the gradient with respect to x
// given the upstream gradient dy of the op's output: softmax s (dy - sum(dy * s)), log_softmax
// dy - s * sum(dy) (s = softmax(x), exact), crelu dy1 * (x > 0) - dy2 * (x < 0) (dy has each row
// twice as long: the gradient of relu(x) then of relu(-x)). Evaluated in long double, rounded
// once; a NaN in a row of x makes that row NaN. Throws Error(kUsage) when sizes do not match.
void axis_vjp(std::string_view op, DType dtype, std::vector<double>& values,
              std::span<const double> upstream, std::span<const std::size_t> rows);

}  // namespace nnact::ops
