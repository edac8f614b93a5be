// Binding an op: look it up, bind its parameters, pick its kernel once; then run it.
#include <algorithm>

#include "nnact/ops.hpp"
#include "nnact/status.hpp"
#include "ops/axis_ops.hpp"
#include "ops/elementwise.hpp"
#include "ops/grad_axis.hpp"
#include "ops/grad_kernels.hpp"
#include "ops/params.hpp"
#include "ops/vector_math.hpp"

namespace nnact {
namespace ops {

const KernelEntry* find_kernel_entry(std::string_view key) {
  for (const auto& family : {linear_kernels(), exp_kernels(), tanh_kernels(), gelu_kernels()}) {
    for (const KernelEntry& entry : family) {
      if (entry.key == key) return &entry;
    }
  }
  return nullptr;
}

}  // namespace ops

namespace {

std::string unknown_op_message(std::string_view name) {
  std::string message = "unknown op \"" + std::string(name) + "\"; did you mean ";
  const std::vector<std::string> names = closest_op_names(name);
  for (std::size_t i = 0; i < names.size(); ++i) message += (i ? ", " : "") + names[i];
  return message + "?";
}

}  // namespace

Op Op::make(std::string_view name, const ParamValues& params, DType dtype, bool grad) {
  const OpSpec* spec = find_op(name);
  if (spec == nullptr) throw usage_error(unknown_op_message(name));
  const ops::BoundParams bound = ops::bind_params(*spec, params, dtype);
  Op op;
  op.spec_ = spec;
  op.dtype_ = dtype;
  std::copy(std::begin(bound.values), std::end(bound.values), op.params_);
  op.axis_ = bound.axis;
  if (!spec->along_axis) {
    const ops::KernelEntry* entry = ops::find_kernel_entry(bound.kernel_key);
    if (entry == nullptr) throw usage_error("op \"" + bound.kernel_key + "\" has no kernel");
    switch (dtype) {
      case DType::kFloat16: op.kernel_ = entry->float16; break;
      case DType::kBFloat16: op.kernel_ = entry->bfloat16; break;
      case DType::kFloat32: op.kernel_ = entry->float32; break;
      case DType::kFloat64: op.kernel_ = entry->float64; break;
    }
    const Op::Kernel vector = ops::vector_float32_kernel(bound.kernel_key);
    if (dtype == DType::kFloat32 && vector != nullptr) op.kernel_ = vector;
    if (dtype == DType::kFloat32) op.float32_kernel_ = entry->float32_native;
  }
  op.grad_ = grad;
  op.grad_kernel_ = ops::find_grad_kernel(bound.kernel_key);
  return op;
}

Op Op::derivative() const {
  Op op = *this;
  op.grad_ = true;
  return op;
}

void Op::apply(std::span<double> values) const {
  if (kernel_ == nullptr) throw usage_error(std::string(spec_->name) + " works along an axis");
  if (grad_) {
    grad_kernel_(values.data(), nullptr, values.size(), params_, dtype_);
    return;
  }
  kernel_(values.data(), values.size(), params_);
}

void Op::apply_floats(std::span<float> values) const {
  if (dtype_ != DType::kFloat32) {
    throw usage_error(std::string("float32 values given to an op bound to ") + dtype_name(dtype_));
  }
  if (float32_kernel_ != nullptr && !grad_) {
    float32_kernel_(values.data(), values.size(), params_);
    return;
  }
  // Through double, a block at a time on the stack: floats are exact in double, results are
  // float32 values, so both conversions are exact.
  constexpr std::size_t kBlock = 1024;
  double wide[kBlock];
  for (std::size_t at = 0; at < values.size(); at += kBlock) {
    const std::size_t n = std::min(kBlock, values.size() - at);
    for (std::size_t i = 0; i < n; ++i) wide[i] = values[at + i];
    apply(std::span<double>(wide, n));
    for (std::size_t i = 0; i < n; ++i) values[at + i] = static_cast<float>(wide[i]);
  }
}

void Op::transform(Batch& batch) const {
  if (!spec_->along_axis) {
    apply(batch.values);
    return;
  }
  if (grad_) throw usage_error(ops::axis_grad_needs_upstream(spec_->name));
  if (batch.rows.empty() && !batch.values.empty()) batch.rows.push_back(batch.values.size());
  if (spec_->name == "crelu") {
    if (!batch.missing.empty()) batch.missing = ops::crelu_missing(batch.missing, batch.rows);
    batch.values = ops::crelu_rows(batch.values, batch.rows);
    batch.rows_doubled = true;
    return;
  }
  std::size_t begin = 0;
  for (std::size_t end : batch.rows) {
    ops::softmax_line(batch.values.data() + begin, end - begin, 1, dtype_,
                      spec_->name == "log_softmax");
    begin = end;
  }
}

void Op::apply_upstream(std::vector<double>& values, std::span<const double> upstream,
                        std::span<const std::size_t> rows) const {
  if (!grad_) throw usage_error("an upstream gradient needs an op bound with grad");
  if (!spec_->along_axis) {
    if (upstream.size() != values.size()) {
      throw usage_error("the upstream gradient has " + std::to_string(upstream.size()) +
                        " values, the input " + std::to_string(values.size()));
    }
    grad_kernel_(values.data(), upstream.data(), values.size(), params_, dtype_);
    return;
  }
  ops::axis_vjp(spec_->name, dtype_, values, upstream, rows);
}

void Op::transform_along(std::vector<double>& values, std::vector<std::size_t>& shape, std::size_t axis) const {
  if (!spec_->along_axis) {
    apply(values);
    return;
  }
  std::size_t total = 1, outer = 1, inner = 1;
  for (std::size_t d = 0; d < shape.size(); ++d) {
    total *= shape[d];
    if (d < axis) outer *= shape[d];
    if (d > axis) inner *= shape[d];
  }
  if (axis >= shape.size() || total != values.size()) {
    throw usage_error("axis " + std::to_string(axis) + " of a shape of rank " + std::to_string(shape.size()) +
                      " holding " + std::to_string(total) + " values, not " + std::to_string(values.size()));
  }
  const std::size_t n = shape[axis];
  if (spec_->name == "crelu") {
    values = ops::crelu_along(values, outer, n, inner);
    shape[axis] *= 2;
    return;
  }
  for (std::size_t o = 0; o < outer; ++o) {
    for (std::size_t i = 0; i < inner; ++i) {
      ops::softmax_line(values.data() + o * n * inner + i, n, inner, dtype_, spec_->name == "log_softmax");
    }
  }
}

}  // namespace nnact
