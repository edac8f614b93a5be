#include "ops/grad_axis.hpp"

#include <cmath>
#include <limits>

#include "nnact/status.hpp"
#include "ops/grad_kernels.hpp"

namespace nnact::ops {
namespace {

using W = WideReal;

// softmax(x) of one row in long double, unrounded; the limit when some x are +inf; false for a
// row with a NaN or only -inf (no value).
bool exact_softmax(const double* x, std::size_t n, std::vector<W>& s) {
  s.assign(n, 0);
  if (n == 0) return true;
  double max = -std::numeric_limits<double>::infinity();
  std::size_t infinities = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (std::isnan(x[i])) return false;
    max = std::fmax(max, x[i]);
    infinities += x[i] == std::numeric_limits<double>::infinity();
  }
  if (max == -std::numeric_limits<double>::infinity()) return false;
  if (infinities > 0) {
    for (std::size_t i = 0; i < n; ++i) s[i] = std::isinf(x[i]) && x[i] > 0 ? W(1) / W(infinities) : W(0);
    return true;
  }
  W sum = 0;
  for (std::size_t i = 0; i < n; ++i) sum += s[i] = std::exp(W(x[i]) - W(max));
  for (W& v : s) v /= sum;
  return true;
}

void softmax_vjp(double* x, const double* dy, std::size_t n, DType dtype, bool log, std::vector<W>& s) {
  if (!exact_softmax(x, n, s)) {
    for (std::size_t i = 0; i < n; ++i) x[i] = std::numeric_limits<double>::quiet_NaN();
    return;
  }
  // softmax: dy - sum(dy * s) = d - sum(d * s) for d = dy - dy[0], since sum(s) = 1; with d the
  // rounding of sum(s) no longer leaves a residue where every dy is equal (the answer 0).
  const W shift = log || n == 0 ? W(0) : W(dy[0]);
  W total = 0;  // sum(d * s) for softmax, sum(dy) for log_softmax
  for (std::size_t i = 0; i < n; ++i) total += log ? W(dy[i]) : (W(dy[i]) - shift) * s[i];
  for (std::size_t i = 0; i < n; ++i) {
    x[i] = round_wide(log ? W(dy[i]) - s[i] * total : s[i] * ((W(dy[i]) - shift) - total), dtype);
  }
}

void crelu_vjp(double* x, const double* dy, std::size_t n, DType dtype) {
  for (std::size_t i = 0; i < n; ++i) {
    if (std::isnan(x[i])) continue;
    const double pos = dy[i] * (x[i] > 0 ? 1.0 : 0.0), neg = dy[n + i] * (x[i] < 0 ? 1.0 : 0.0);
    x[i] = numeric::round_to(pos - neg, dtype);  // one of them is 0 (or NaN): exact
  }
}

}  // namespace

std::string axis_grad_needs_upstream(std::string_view op) {
  return "--grad on " + std::string(op) +
         " needs --upstream FILE: its Jacobian is not element-wise, only dy * J is written";
}

void axis_vjp(std::string_view op, DType dtype, std::vector<double>& values,
              std::span<const double> upstream, std::span<const std::size_t> rows) {
  const std::size_t factor = op == "crelu" ? 2 : 1;
  if (upstream.size() != values.size() * factor) {
    throw usage_error("the upstream gradient has " + std::to_string(upstream.size()) + " values; " +
                      std::string(op) + " of " + std::to_string(values.size()) + " values needs " +
                      std::to_string(values.size() * factor));
  }
  const std::size_t whole[] = {values.size()};
  if (rows.empty()) rows = whole;
  std::vector<W> s;
  std::size_t begin = 0;
  for (std::size_t end : rows) {
    double* x = values.data() + begin;
    const double* dy = upstream.data() + begin * factor;
    if (factor == 2) {
      crelu_vjp(x, dy, end - begin, dtype);
    } else {
      softmax_vjp(x, dy, end - begin, dtype, op == "log_softmax", s);
    }
    begin = end;
  }
}

}  // namespace nnact::ops
