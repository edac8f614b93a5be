// The op table: names, aliases, parameters and the text --list-ops prints (OPS.md is the source).
#include <algorithm>
#include <cctype>
#include <string>

#include "nnact/ops.hpp"

namespace nnact {
namespace {

constexpr ParamSpec kAlpha02{"alpha", "0.2", "slope for x <= 0", "any number"};
constexpr ParamSpec kAlpha1{"alpha", "1.0", "scale of the negative part", "any number"};
constexpr ParamSpec kAxis{"axis", "-1", "axis to work along (-1: along each row)", "integer"};
constexpr ParamSpec kLambd{"lambd", "0.5", "half-width of the zeroed band", ">= 0"};

std::vector<OpSpec> build_table() {
  return {
      {"relu",
       {},
       false,
       {},
       "max(x, 0)",
       "relu(-0.0) = -0.0; NaN propagates (TF cwiseMax<PropagateNaN>)"},
      {"relu6", {}, false, {}, "min(max(x, 0), 6)", ""},
      {"leaky_relu",
       {"leakyrelu"},
       false,
       {kAlpha02},
       "x > 0 ? x : x * alpha",
       "alpha may be > 1 or < 0 (not TF bug #24566's max(alpha*x, x)); PyTorch's default is 0.01"},
      {"elu",
       {},
       false,
       {kAlpha1},
       "x < 0 ? alpha * expm1(x) : x",
       "elu(-0.0) = -0.0 as in TF (PyTorch gives +0.0)"},
      {"selu",
       {},
       false,
       {},
       "x < 0 ? sa * expm1(x) : s * x; s = 1.0507009873554804934, sa = 1.7580993408473768599",
       "s and sa rounded to the dtype"},
      {"celu",
       {},
       false,
       {{"alpha", "1.0", "scale of the negative part", "!= 0"}},
       "max(0, x) + min(0, alpha * expm1(x / alpha))",
       "PyTorch/Keras 3; celu(-0.0) = -0.0"},
      {"gelu",
       {},
       false,
       {{"approximate", "none", "none: erfc form; tanh: the tanh approximation", "none|tanh"}},
       "none: 0.5 * x * erfc(-x / sqrt(2)); tanh: 0.5 * x * (1 + tanh(c * (x + 0.044715 * x^3))), "
       "c = sqrt(2/pi)",
       "gelu(-inf) = -0 (TF/PyTorch: NaN); PyTorch float32 returns 0 below -5.54, we keep the "
       "tail"},
      {"silu",
       {"swish"},
       false,
       {{"beta", "1.0", "slope inside the sigmoid", "any number"}},
       "x * sigmoid(beta * x)",
       "silu(-inf) = -0 (TF/PyTorch: NaN)"},
      {"sigmoid", {}, false, {}, "1 / (1 + exp(-x))", ""},
      {"hard_sigmoid",
       {"hardsigmoid"},
       false,
       {},
       "relu6(x + 3) / 6",
       "TF 2.16+/Keras 3 and PyTorch; Keras 2 used clip(0.2x + 0.5, 0, 1)"},
      {"hard_silu",
       {"hard_swish", "hardswish"},
       false,
       {},
       "x * (relu6(x + 3) / 6)",
       "TF/Keras 3's evaluation order (PyTorch's (x * relu6(x + 3)) / 6 overflows for x > 5.7e37 "
       "in float32); hard_silu(-inf) = -0 (TF/PyTorch: NaN)"},
      {"tanh", {}, false, {}, "tanh(x)", ""},
      {"softplus",
       {},
       false,
       {{"beta", "1", "sharpness", "!= 0"},
        {"threshold", "inf", "beta * x above this gives x (PyTorch: 20); inf: none", "any number"}},
       "log1p(exp(beta * x)) / beta; with --threshold T, x where beta * x > T",
       "TF has no threshold: the exact function by default; evaluated as (max(y, 0) + "
       "log1p(exp(-|y|))) / beta, y = beta * x"},
      {"softsign", {}, false, {}, "x / (abs(x) + 1)", "softsign(+-inf) = +-1 (TF: NaN)"},
      {"mish", {}, false, {}, "x * tanh(softplus(x))", "mish(-inf) = -0 (PyTorch: NaN)"},
      {"log_sigmoid", {"logsigmoid"}, false, {}, "-softplus(-x)", ""},
      {"exponential", {"exp"}, false, {}, "exp(x)", ""},
      {"linear", {"identity"}, false, {}, "x", "useful for format conversion"},
      {"hardtanh",
       {},
       false,
       {{"min-val", "-1", "lower bound", "<= max-val"},
        {"max-val", "1", "upper bound", ">= min-val"}},
       "min(max(x, min-val), max-val)",
       "PyTorch"},
      {"hardshrink", {}, false, {kLambd}, "abs(x) > lambd ? x : 0", "PyTorch; NaN propagates"},
      {"softshrink",
       {},
       false,
       {kLambd},
       "x > lambd ? x - lambd : x < -lambd ? x + lambd : 0",
       "PyTorch; the band gives +0; NaN propagates"},
      {"tanhshrink", {}, false, {}, "x - tanh(x)", "PyTorch; a series near 0 avoids cancellation"},
      {"threshold",
       {},
       false,
       {{"threshold", "", "values at or below it are replaced (required)", "any number"},
        {"value", "", "the replacement (required)", "any number"}},
       "x > threshold ? x : value",
       "PyTorch; NaN propagates"},
      {"softmax",
       {},
       true,
       {kAxis},
       "exp(x - max) / sum(exp(x - max)) along the axis",
       "a NaN makes its row NaN; +inf entries share 1 and the rest give 0"},
      {"log_softmax",
       {},
       true,
       {kAxis},
       "(x - max) - log(sum(exp(x - max))) along the axis",
       "a NaN makes its row NaN"},
      {"crelu",
       {},
       true,
       {kAxis},
       "relu(concat(x, -x)) along the axis: doubles that dimension",
       "CSV gets twice the columns; with a header, names get a _neg twin"},
  };
}

}  // namespace

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      const bool same = std::tolower(static_cast<unsigned char>(a[i - 1])) ==
                        std::tolower(static_cast<unsigned char>(b[j - 1]));
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (same ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}


const std::vector<OpSpec>& op_table() {
  static const std::vector<OpSpec> table = build_table();
  return table;
}

const OpSpec* find_op(std::string_view name) {
  for (const OpSpec& spec : op_table()) {
    if (spec.name == name) return &spec;
    for (std::string_view alias : spec.aliases) {
      if (alias == name) return &spec;
    }
  }
  return nullptr;
}

std::vector<std::string> closest_op_names(std::string_view name, std::size_t count) {
  // Score each op by its best-matching name or alias, but suggest the TF name: the user should
  // learn the canonical spelling. The stable sort keeps table order among equal scores.
  // Ties go to the name whose length is closest, then to table order.
  struct Scored {
    std::size_t distance;
    std::size_t length_gap;
    std::string_view name;
  };
  std::vector<Scored> scored;
  for (const OpSpec& spec : op_table()) {
    Scored best{edit_distance(name, spec.name), 0, spec.name};
    best.length_gap = spec.name.size() > name.size() ? spec.name.size() - name.size()
                                                     : name.size() - spec.name.size();
    for (std::string_view alias : spec.aliases) {
      best.distance = std::min(best.distance, edit_distance(name, alias));
    }
    scored.push_back(best);
  }
  std::stable_sort(scored.begin(), scored.end(), [](const Scored& a, const Scored& b) {
    return a.distance != b.distance ? a.distance < b.distance : a.length_gap < b.length_gap;
  });
  std::vector<std::string> names;
  for (std::size_t i = 0; i < scored.size() && names.size() < count; ++i) {
    names.emplace_back(scored[i].name);
  }
  return names;
}

}  // namespace nnact
