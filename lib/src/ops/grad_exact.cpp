// The smooth derivatives in MPFR, for Ziv's fallback of --grad (grad_kernels.hpp): each
// evaluated at a working precision with a bound on its relative error, in half-ulps of that
// precision (each MPFR operation errs by at most one; an argument's error is multiplied by the
// condition number), turned into the slack of round_by_mpfr (mpfr_ziv.hpp). The branches are
// the fast path's, decided by the same comparisons.
#include <algorithm>
#include <cmath>

#include "ops/grad_kernels.hpp"
#include "ops/mpfr_ziv.hpp"

namespace nnact::ops {
namespace {

// The slack of a result within `half_ulps` half-ulps: ceil(log2(half_ulps)) + 1.
long slack_of(double half_ulps) { return static_cast<long>(std::ceil(std::log2(std::max(half_ulps, 1.0)))) + 1; }

// y = a + b for a and b within 2^(slack - prec) relative each: the slack of the sum, grown by
// the cancellation (|a| + |b|) / |a + b| < 2^(max(ea, eb) - e(a + b) + 2). A sum that cancels to
// exactly 0 at this precision is sent to the next one (y = a with a slack wider than y).
long sum_slack(mpfr_ptr y, mpfr_ptr a, mpfr_ptr b, long slack, mpfr_prec_t prec) {
  mpfr_add(y, a, b, kN);
  if (mpfr_zero_p(a) || mpfr_zero_p(b)) return slack + 1;
  if (mpfr_zero_p(y)) {
    mpfr_set(y, a, kN);
    return prec + 2;
  }
  const long cancellation = std::max(0L, std::max(mpfr_get_exp(a), mpfr_get_exp(b)) - mpfr_get_exp(y) + 2);
  return slack + cancellation + 1;
}

// y = 1 / (1 + exp(z)), z exact: 3 half-ulps.
void sigmoid_of_minus(mpfr_ptr y, mpfr_ptr z) {
  mpfr_exp(y, z, kN);
  mpfr_add_ui(y, y, 1, kN);
  mpfr_ui_div(y, 1, y, kN);
}

// y = e / (1 + e)^2 * factor (factor 1 or 4, exact): 5 half-ulps (e's error is damped).
void bell(mpfr_ptr y, mpfr_ptr e, mpfr_prec_t prec, unsigned long factor) {
  Mp d(prec);
  mpfr_add_ui(d, e, 1, kN);
  mpfr_sqr(d, d, kN);
  mpfr_mul_ui(y, e, factor, kN);
  mpfr_div(y, y, d, kN);
}

// Sets y to f'(x) and returns its slack. prec >= 128: products of two doubles are exact.
long evaluate(GradOp op, mpfr_ptr y, double x, const double* p, DType dtype, mpfr_prec_t prec) {
  Mp a(prec), b(prec), c(prec);
  mpfr_set_d(a, x, kN);
  switch (op) {
    case GradOp::kElu:
    case GradOp::kSelu: {
      const bool selu = op == GradOp::kSelu;
      if (!(x < 0)) {
        mpfr_set_d(y, selu ? numeric::round_to(kSeluScale, dtype) : 1.0, kN);
        return 0;
      }
      mpfr_exp(y, a, kN);
      mpfr_mul_d(y, y, selu ? numeric::round_to(kSeluScaleAlpha, dtype) : p[0], kN);
      return slack_of(2);
    }
    case GradOp::kCelu:  // exp(x / alpha): the quotient's error times exp's condition |x / alpha|
      if (!(x < 0)) {
        mpfr_set_ui(y, 1, kN);
        return 0;
      }
      mpfr_div_d(b, a, p[0], kN);
      mpfr_exp(y, b, kN);
      return slack_of(1 + std::fabs(x / p[0]) + 1);
    case GradOp::kSigmoid:
    case GradOp::kTanh:  // e / (1 + e)^2, e = exp(-|x|), or 4e / (1 + e)^2, e = exp(-2|x|)
      mpfr_abs(b, a, kN);
      mpfr_mul_si(b, b, op == GradOp::kTanh ? -2 : -1, kN);
      mpfr_exp(b, b, kN);
      bell(y, b, prec, op == GradOp::kTanh ? 4 : 1);
      return slack_of(6);
    case GradOp::kTanhshrink:
      mpfr_tanh(y, a, kN);
      mpfr_sqr(y, y, kN);
      return slack_of(3);
    case GradOp::kSoftsign:
      mpfr_abs(b, a, kN);
      mpfr_add_ui(b, b, 1, kN);
      mpfr_sqr(b, b, kN);
      mpfr_ui_div(y, 1, b, kN);
      return slack_of(4);
    case GradOp::kSoftplus:  // the fast path's threshold test, then sigmoid(beta x)
      if (static_cast<long double>(p[0]) * x > p[1]) {
        mpfr_set_ui(y, 1, kN);
        return 0;
      }
      mpfr_mul_d(b, a, -p[0], kN);
      sigmoid_of_minus(y, b);
      return slack_of(3);
    case GradOp::kLogSigmoid:
      sigmoid_of_minus(y, a);
      return slack_of(3);
    case GradOp::kExponential:
      mpfr_exp(y, a, kN);
      return slack_of(1);
    case GradOp::kSilu: {  // s + z s (1 - s), z = beta x: s and 1 - s 3 half-ulps each, product 8
      if (p[0] == 0) {
        mpfr_set_d(y, 0.5, kN);
        return 0;
      }
      mpfr_mul_d(c, a, p[0], kN);
      mpfr_neg(b, c, kN);
      sigmoid_of_minus(b, b);  // s
      Mp t(prec);
      sigmoid_of_minus(t, c);  // 1 - s
      mpfr_mul(t, t, b, kN);
      mpfr_mul(t, t, c, kN);
      return sum_slack(y, b, t, slack_of(8), prec);
    }
    case GradOp::kMish: {  // n / (n + 2) + 4 x e (e + 1) / (n + 2)^2, e = exp(x), n = e (e + 2)
      if (x > 40) {
        mpfr_set_ui(y, 1, kN);
        return 0;
      }
      // As the fast path's bound with one half-ulp per libm call: 10 and 17 half-ulps.
      Mp e(prec), d(prec);
      mpfr_exp(e, a, kN);
      mpfr_add_ui(b, e, 2, kN);
      mpfr_mul(b, b, e, kN);  // n
      mpfr_add_ui(d, b, 2, kN);
      mpfr_div(b, b, d, kN);
      mpfr_add_ui(c, e, 1, kN);
      mpfr_mul(c, c, e, kN);
      mpfr_mul(c, c, a, kN);
      mpfr_mul_2ui(c, c, 2, kN);
      mpfr_sqr(d, d, kN);
      mpfr_div(c, c, d, kN);
      const long slack = sum_slack(y, b, c, slack_of(17), prec);
      if (mpfr_zero_p(y) && x < 0) mpfr_set_d(y, -0.0, kN);  // underflow below x << 0: the negative tail
      return slack;
    }
    case GradOp::kGelu: {  // Phi(x) + x phi(x)
      // Phi = erfc(-x / sqrt 2) / 2: t errs by 2 half-ulps, erfc's condition number at t is
      // below 2 t^2 + 1 = x^2 + 1. x phi(x) = x exp(-x^2 / 2) / sqrt(2 pi): x^2 / 2 is exact, 5.
      mpfr_sqrt_ui(b, 2, kN);
      mpfr_div(b, a, b, kN);
      mpfr_neg(b, b, kN);
      mpfr_erfc(b, b, kN);
      mpfr_div_2ui(b, b, 1, kN);
      mpfr_sqr(c, a, kN);
      mpfr_div_2ui(c, c, 1, kN);
      mpfr_neg(c, c, kN);
      mpfr_exp(c, c, kN);
      mpfr_mul(c, c, a, kN);
      Mp root(prec);
      mpfr_const_pi(root, kN);
      mpfr_mul_2ui(root, root, 1, kN);
      mpfr_sqrt(root, root, kN);
      mpfr_div(c, c, root, kN);
      const long slack = sum_slack(y, b, c, slack_of(1 + 2 * (x * x + 1) + 5), prec);
      if (mpfr_zero_p(y) && x < 0) mpfr_set_d(y, -0.0, kN);
      return slack;
    }
    case GradOp::kGeluTanh: {  // s + 2 c x (1 + 3k x^2) s (1 - s), s = sigmoid(2u), u = c (x + k x^3)
      const double cc = numeric::round_to(kGeluTanhC, dtype), k = numeric::round_to(kGeluTanhK, dtype);
      // u within 4 half-ulps (x and k x^3 have the same sign); exp(-+2u) then within 8|u| + 1,
      // s and 1 - s within 8|u| + 3; the product term within 2 (8|u| + 3) + 7.
      Mp u(prec), t(prec);
      mpfr_pow_ui(u, a, 3, kN);
      mpfr_mul_d(u, u, k, kN);
      mpfr_add(u, u, a, kN);
      mpfr_mul_d(u, u, 2 * cc, kN);  // 2u
      const double two_u = std::fabs(mpfr_get_d(u, kN));
      mpfr_neg(b, u, kN);
      sigmoid_of_minus(b, b);  // s
      sigmoid_of_minus(c, u);  // 1 - s
      mpfr_sqr(t, a, kN);
      mpfr_mul_d(t, t, k, kN);
      mpfr_mul_ui(t, t, 3, kN);
      mpfr_add_ui(t, t, 1, kN);
      mpfr_mul(t, t, a, kN);
      mpfr_mul_d(t, t, 2 * cc, kN);
      mpfr_mul(t, t, b, kN);
      mpfr_mul(t, t, c, kN);
      const long slack = sum_slack(y, b, t, slack_of(2 * (4 * two_u + 3) + 8), prec);
      if (mpfr_zero_p(y) && x < 0) mpfr_set_d(y, -0.0, kN);
      return slack;
    }
    case GradOp::kHardSilu: {  // (a + x) / 6, a = x + 3 rounded to the dtype, inside (0, 6)
      const double shifted = round_wide(WideReal(x) + 3, dtype);
      if (!(shifted > 0)) {
        mpfr_set_ui(y, 0, kN);
        return 0;
      }
      if (!(shifted < 6)) {
        mpfr_set_ui(y, 1, kN);
        return 0;
      }
      mpfr_add_d(b, a, shifted, kN);
      mpfr_div_ui(y, b, 6, kN);
      return slack_of(2);
    }
  }
  return prec;
}

}  // namespace

double correctly_rounded_grad(GradOp op, double x, const double* p, DType dtype, const double* dy) {
  return round_by_mpfr(dtype, [&](mpfr_ptr y, mpfr_prec_t prec) {
    long slack = evaluate(op, y, x, p, dtype, prec);
    if (dy != nullptr) {
      mpfr_mul_d(y, y, *dy, kN);
      slack = slack_of(std::exp2(static_cast<double>(slack)) + 1);
    }
    return slack;
  });
}

}  // namespace nnact::ops
