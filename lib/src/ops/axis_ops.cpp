// softmax and log_softmax in the wide type: exp of differences to the row maximum, summed without
// the maximum's own 1 so that log_softmax can use log1p and lose nothing when the rest is tiny.
#include "ops/axis_ops.hpp"

#include <cmath>
#include <limits>

#include "ops/elementwise.hpp"

namespace nnact::ops {
namespace {

// D's values are held as double and computed in W = Wide<T> (double for float32 and the 16-bit
// types, long double for float64), each result rounded once to D. The error before that rounding
// is a few units of W per element plus the sum's (n u relative at worst), far below half an ULP
// of D for any row shorter than 2^20 (float32) or 2^30 (16-bit types): results are within
// 0.5 + 2^-9 ULP (tests/ops_half_test.cpp checks them against MPFR).
template <DType D>
void softmax_line_in(double* v, std::size_t n, std::size_t stride, bool log) {
  using T = std::conditional_t<D == DType::kFloat64, double, float>;
  using W = Wide<T>;
  constexpr W kInf = std::numeric_limits<W>::infinity();
  const auto at = [&](std::size_t i) -> double& { return v[i * stride]; };
  if (n == 0) return;
  std::size_t arg_max = 0;
  std::size_t infinities = 0;
  bool has_nan = false;
  for (std::size_t i = 0; i < n; ++i) {
    has_nan = has_nan || std::isnan(at(i));
    infinities += at(i) == kInf;
    if (at(i) > at(arg_max)) arg_max = i;
  }
  const W max = at(arg_max);
  if (has_nan || max == -kInf) {  // all -inf has no limit either (0 / 0)
    for (std::size_t i = 0; i < n; ++i) at(i) = std::numeric_limits<double>::quiet_NaN();
    return;
  }
  if (infinities > 0) {  // the limit: the +inf entries share the whole mass equally
    const W share = W(1) / W(infinities);
    for (std::size_t i = 0; i < n; ++i) {
      const W p = at(i) == kInf ? share : W(0);
      at(i) = round_wide<D>(log ? std::log(p) : p);
    }
    return;
  }
  W rest = 0;  // sum of exp(x - max) over all but the maximum itself
  for (std::size_t i = 0; i < n; ++i) {
    if (i != arg_max) rest += std::exp(W(at(i)) - max);
  }
  const W log_sum = std::log1p(rest);
  for (std::size_t i = 0; i < n; ++i) {
    const W shifted = W(at(i)) - max;
    const W y = log ? shifted - log_sum : std::exp(shifted) / (1 + rest);
    at(i) = round_wide<D>(y);
  }
}

double relu(double x) { return x < 0 ? 0.0 : x; }  // as the relu kernel: -0.0 and NaN pass

}  // namespace

void softmax_line(double* values, std::size_t n, std::size_t stride, DType dtype, bool log) {
  switch (dtype) {
    case DType::kFloat16: softmax_line_in<DType::kFloat16>(values, n, stride, log); break;
    case DType::kBFloat16: softmax_line_in<DType::kBFloat16>(values, n, stride, log); break;
    case DType::kFloat32: softmax_line_in<DType::kFloat32>(values, n, stride, log); break;
    case DType::kFloat64: softmax_line_in<DType::kFloat64>(values, n, stride, log); break;
  }
}

// Negation and relu are exact in any dtype, so crelu needs no rounding.
std::vector<double> crelu_rows(const std::vector<double>& values, std::vector<std::size_t>& rows) {
  std::vector<double> out;
  out.reserve(values.size() * 2);
  std::size_t begin = 0;
  for (std::size_t& end : rows) {
    for (std::size_t i = begin; i < end; ++i) out.push_back(relu(values[i]));
    for (std::size_t i = begin; i < end; ++i) out.push_back(relu(-values[i]));
    begin = end;
    end = out.size();
  }
  return out;
}

std::vector<std::size_t> crelu_missing(const std::vector<std::size_t>& missing,
                                       const std::vector<std::size_t>& rows) {
  std::vector<std::size_t> out;
  out.reserve(missing.size() * 2);
  auto m = missing.begin();
  std::size_t begin = 0;
  for (std::size_t end : rows) {
    auto first = m;
    while (m != missing.end() && *m < end) ++m;
    // Row r starts at 2 * begin after doubling: value i goes to 2*begin + (i - begin), its twin
    // n = end - begin further on.
    for (auto i = first; i != m; ++i) out.push_back(begin + *i);
    for (auto i = first; i != m; ++i) out.push_back(end + *i);
    begin = end;
  }
  return out;
}

std::vector<double> crelu_along(const std::vector<double>& values, std::size_t outer, std::size_t n, std::size_t inner) {
  std::vector<double> out;
  out.reserve(values.size() * 2);
  const std::size_t block = n * inner;  // one element of the outer dimensions
  for (std::size_t o = 0; o < outer; ++o) {
    const double* x = values.data() + o * block;
    for (std::size_t i = 0; i < block; ++i) out.push_back(relu(x[i]));
    for (std::size_t i = 0; i < block; ++i) out.push_back(relu(-x[i]));
  }
  return out;
}

}  // namespace nnact::ops
