// silu, gelu and gelu_tanh at float32 and bfloat16 inputs below 2^-125, decided exactly without
// MPFR. There f(x) = x/2 + s g(x) with s = +1 or -1 known and 0 < g(x) <= k x^2:
//   silu:      x sigmoid(b x) - x/2 = x tanh(b x / 2) / 2: the sign of b x^2 is b's, and
//              |tanh(t)| <= |t| gives k = |b| / 4 (b = 0: f(x) = x/2 exactly, s = 0);
//   gelu:      x (1 + erf(x / sqrt 2)) / 2 - x/2 = x erf(x / sqrt 2) / 2 > 0, and |erf(t)| <=
//              2|t| / sqrt(pi) gives k = 1 / sqrt(2 pi) < 0.4;
//   gelu_tanh: x tanh(u) / 2 with u = c (x + a x^3), c, a > 0 (the dtype-rounded constants): x u
//              > 0, and |tanh(u)| <= |u| gives k = c (1 + a x^2) / 2 < 0.4 for such x.
// x/2 is exact in double; x is a multiple of the dtype's smallest subnormal 2^m (float32 2^-149,
// bfloat16 2^-133), so x/2 is a multiple of 2^(m-1): a value of the dtype or a midpoint between
// two (the fast path's result, equal to x/2 in double, leaves every such midpoint open: half of
// all subnormal inputs went to MPFR). Below 2^-125 the dtype's spacing is 2^m throughout (x/2 <
// 2^-126), so the rounding boundaries nearest x/2 are 2^(m-1) away (x/2 a value) or 2^m (x/2 a
// midpoint), and both lie beyond x/2 + s k x^2 as long as k x^2 <= 2^m / 8. Then f(x) and the
// double next to x/2 on s's side lie strictly between x/2 and those boundaries, so they round to
// the same value: that is the result (ties of a midpoint broken by s, not to even).
#include <cmath>
#include <limits>

#include "ops/ziv.hpp"

namespace nnact::ops {

bool tiny_input_rounded(ExactOp op, double x, const double* p, DType dtype, double& out) {
  if (op != ExactOp::kSilu && op != ExactOp::kGelu && op != ExactOp::kGeluTanh) return false;
  if (dtype != DType::kFloat32 && dtype != DType::kBFloat16) return false;
  if (!(x != 0 && std::fabs(x) < 0x1p-125)) return false;  // NaN too
  const double smallest = dtype == DType::kFloat32 ? 0x1p-149 : 0x1p-133;
  if (std::fmod(x, smallest) != 0) return false;  // not a value of the dtype
  double k = 0.4;
  int s = 1;
  if (op == ExactOp::kSilu) {
    const double b = p[0];
    if (!std::isfinite(b)) return false;
    s = (b > 0) - (b < 0);
    k = std::fabs(b) / 4;
  }
  if (!(k * x * x <= smallest / 8)) return false;
  const double half = x / 2;
  const double inf = std::numeric_limits<double>::infinity();
  out = numeric::round_to(s == 0 ? half : std::nextafter(half, s > 0 ? inf : -inf), dtype);
  return true;
}

}  // namespace nnact::ops
