// The activation ops: one registry that describes them, and bound ops that transform values.
#pragma once

#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "nnact/tensor.hpp"

namespace nnact {

struct ParamSpec {
  std::string_view name;          // command-line name without dashes: "alpha", "min-val"
  std::string_view default_text;  // "" when the parameter is required
  std::string_view help;
  std::string_view
      range;  // accepted values, for --list-ops and error messages: "!= 0", "none|tanh"
};

struct OpSpec {
  std::string_view name;  // TensorFlow's name
  std::vector<std::string_view> aliases;
  bool along_axis = false;  // softmax, log_softmax, crelu: work along --axis, not per value
  std::vector<ParamSpec> params;
  std::string_view formula;
  std::string_view notes;
};

// An op's derivative as --grad computes it: the formula (f'(x) in terms of x and the op's
// parameters) and the gradient kernel whose semantics at kinks and edges it follows.
struct DerivativeSpec {
  std::string_view op;       // the op's TF name
  std::string_view formula;  // "" for the axis ops, whose derivative is only a vector-Jacobian product
  std::string_view source;   // "TF ReluGrad", "PyTorch hardshrink_backward", ...
};

// The derivative of `spec` (every op has one).
const DerivativeSpec& derivative_of(const OpSpec& spec);

// Every op, in the order --list-ops prints them.
const std::vector<OpSpec>& op_table();

// The op called `name` or having it as an alias; nullptr when there is none.
const OpSpec* find_op(std::string_view name);

// Case-insensitive Levenshtein distance: the "did you mean" of op and option names.
std::size_t edit_distance(std::string_view a, std::string_view b);

// Up to `count` op names closest to `name` (edit distance), best first, for "did you mean".
std::vector<std::string> closest_op_names(std::string_view name, std::size_t count = 3);

// Parameters as given on the command line: name (as in ParamSpec) -> text.
using ParamValues = std::map<std::string, std::string, std::less<>>;

// An op with its parameters parsed, checked and rounded to the dtype.
class Op {
 public:
  // Throws Error(kUsage) for an unknown op (naming the closest), a parameter the op does not
  // take (naming those it does), a missing required one, or a value out of its range.
  // grad: the op computes its derivative f'(x) (or dy * f'(x), apply_upstream) instead of f(x).
  static Op make(std::string_view name, const ParamValues& params, DType dtype, bool grad = false);

  const OpSpec& spec() const { return *spec_; }
  DType dtype() const { return dtype_; }
  bool grad() const { return grad_; }
  // The same op computing its derivative (grad() true).
  Op derivative() const;

  // Applies an element-wise op to `values` in place (OPS.md numerics: piecewise-linear ops
  // bit-for-bit the TF kernel, others correctly rounded). Every value must be an exact value of
  // the dtype (float16, bfloat16, float32 or float64); results are too. Thread-safe: an Op may be shared by threads. Throws
  // Error(kUsage) for an axis op (spec().along_axis).
  void apply(std::span<double> values) const;
  // The same on float32 values in their own storage (an op bound to float32; a binary reader's
  // typed batch): piecewise-linear ops run their float kernel on them, the others go through
  // double in small blocks. Bit-for-bit the results of apply() on the same values as doubles.
  void apply_floats(std::span<float> values) const;

  // Transforms a batch: element-wise ops touch every value; axis ops work along each row of
  // batch.rows, whatever axis() says (an empty `rows` is one row): softmax and log_softmax in
  // place (a NaN makes its row NaN), crelu makes row r relu(x) then relu(-x) of that row,
  // doubles every rows[r] and sets rows_doubled. Never throws for an element-wise or axis op.
  // A gradient op (grad()) writes f'(x) instead; a gradient axis op throws Error(kUsage): its
  // Jacobian is not element-wise, it needs apply_upstream.
  void transform(Batch& batch) const;

  // Softmax, log_softmax and crelu along dimension `axis` (0-based, below shape.size()) of a
  // C-order tensor of `shape` held whole (every --axis but the streamed last one). crelu puts
  // relu(x) then relu(-x) along that dimension and doubles shape[axis]. Element-wise ops are
  // applied as by apply(). Throws Error(kUsage) when the shape does not hold values.size()
  // values or `axis` is not one of its dimensions.
  void transform_along(std::vector<double>& values, std::vector<std::size_t>& shape, std::size_t axis) const;

  // A gradient op (grad()) given the upstream gradient dy of the same shape: values becomes
  // dy * f'(x), computed wide and rounded once to the dtype (the piecewise ops: the TF/PyTorch
  // product in the dtype). Axis ops work along each row of `rows` as transform() does: softmax
  // and log_softmax give the vector-Jacobian product, crelu takes dy of twice each row's length
  // (the two halves' gradients are summed). Throws Error(kUsage) when the op is not a gradient op
  // or the sizes do not match.
  void apply_upstream(std::vector<double>& values, std::span<const double> upstream,
                      std::span<const std::size_t> rows = {}) const;

  // The --axis of an axis op (-1 when the op has none).
  int axis() const { return axis_; }

  // Kernel signature: transforms n values in place, with the op's bound parameters.
  using Kernel = void (*)(double* values, std::size_t n, const double* params);
  using Float32Kernel = void (*)(float* values, std::size_t n, const double* params);
  // Gradient kernel: values[i] becomes f'(values[i]), times upstream[i] when upstream is not null.
  using GradKernel = void (*)(double* values, const double* upstream, std::size_t n,
                              const double* params, DType dtype);

 private:
  const OpSpec* spec_ = nullptr;
  DType dtype_ = DType::kFloat32;
  Kernel kernel_ = nullptr;
  Float32Kernel float32_kernel_ = nullptr;  // piecewise-linear float32 ops only
  GradKernel grad_kernel_ = nullptr;
  bool grad_ = false;
  double params_[4] = {};  // the op's parameters, rounded to the dtype, in ParamSpec order
  int axis_ = -1;
};

}  // namespace nnact
