// The smooth ops in MPFR, for Ziv's fallback (ziv.hpp, mpfr_ziv.hpp): each evaluated at a
// working precision with a stated bound on its relative error.
#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>

#include "ops/mpfr_ziv.hpp"

namespace nnact::ops {
namespace {

// A built-in constant of an op, rounded to the dtype (OPS.md rule 1).
double dtype_constant(const char* text, DType dtype) {
  Mp c(256);
  mpfr_set_str(c, text, 10, kN);
  return round_mp(c, dtype);
}

// log(1 + exp(b)) for exact b; error at most 3 half-ulps (exp, log1p whose argument's error it
// does not amplify, and a sum of two non-negative terms).
void softplus(mpfr_ptr y, mpfr_ptr b, mpfr_prec_t prec) {
  Mp t(prec);
  mpfr_abs(t, b, kN);
  mpfr_neg(t, t, kN);
  mpfr_exp(t, t, kN);
  mpfr_log1p(t, t, kN);
  if (mpfr_sgn(b) > 0) {
    mpfr_add(y, t, b, kN);
  } else {
    mpfr_set(y, t, kN);
  }
}

// Sets y (precision prec) to op(x) and returns s such that |y - op(x)| <= |y| 2^(s - prec).
// Each MPFR operation errs by at most half an ulp (2^-prec relative); a condition number k adds
// log2(k) bits. Arguments that are products of two doubles are exact (prec >= 106).
long evaluate(ExactOp op, mpfr_ptr y, double x, const double* p, DType dtype, mpfr_prec_t prec) {
  Mp a(prec), b(prec);
  mpfr_set_d(a, x, kN);
  switch (op) {
    case ExactOp::kElu:
    case ExactOp::kSelu: {
      const bool selu = op == ExactOp::kSelu;
      if (!(x < 0)) {  // x, or s * x (exact in MPFR)
        mpfr_mul_d(y, a, selu ? dtype_constant("1.0507009873554804934193349852946", dtype) : 1.0,
                   kN);
        return 1;
      }
      mpfr_expm1(b, a, kN);
      mpfr_mul_d(y, b,
                 selu ? dtype_constant("1.7580993408473768599402175208123", dtype) : p[0], kN);
      return 3;
    }
    case ExactOp::kCelu: {
      if (!(x < 0)) {
        mpfr_set(y, a, kN);
        return 1;
      }
      mpfr_div_d(b, a, p[0], kN);  // z = x / alpha, then expm1 with condition <= 1 + |z|
      mpfr_expm1(b, b, kN);
      mpfr_mul_d(y, b, p[0], kN);
      if (mpfr_sgn(y) > 0) mpfr_set_zero(y, 1);
      return 4 + condition_bits(x / p[0]);
    }
    case ExactOp::kGelu: {
      // t = x / sqrt(2) errs by 2 half-ulps; erfc's condition number at t is about 2 t^2 = x^2.
      mpfr_sqrt_ui(b, 2, kN);
      mpfr_div(b, a, b, kN);
      mpfr_neg(b, b, kN);
      mpfr_erfc(b, b, kN);
      mpfr_mul(y, a, b, kN);
      mpfr_div_2ui(y, y, 1, kN);
      return 6 + 2 * condition_bits(x);
    }
    case ExactOp::kGeluTanh: {
      // x / (1 + exp(-2u)), u = c (x + k x^3): u errs by 5 half-ulps (no cancellation: x and
      // k x^3 have the same sign); exp's condition number is 2|u| <= 2 |x|^3 (c, k < 1).
      mpfr_pow_ui(b, a, 3, kN);
      mpfr_mul_d(b, b, dtype_constant("0.044715", dtype), kN);
      mpfr_add(b, b, a, kN);
      mpfr_mul_d(b, b, -2 * dtype_constant("0.797884560802865355879892119868763737", dtype), kN);
      mpfr_exp(b, b, kN);
      mpfr_add_ui(b, b, 1, kN);
      mpfr_div(y, a, b, kN);
      return 8 + 3 * condition_bits(x);
    }
    case ExactOp::kSilu:
    case ExactOp::kSigmoid: {
      const bool silu = op == ExactOp::kSilu;
      mpfr_mul_d(b, a, silu ? -p[0] : -1.0, kN);  // exact
      mpfr_exp(b, b, kN);
      mpfr_add_ui(b, b, 1, kN);
      if (silu) {
        mpfr_div(y, a, b, kN);
      } else {
        mpfr_ui_div(y, 1, b, kN);
      }
      return 4;
    }
    case ExactOp::kSoftplus:
    case ExactOp::kLogSigmoid: {
      const bool log_sigmoid = op == ExactOp::kLogSigmoid;
      mpfr_mul_d(b, a, log_sigmoid ? -1.0 : p[0], kN);  // exact
      if (!log_sigmoid && mpfr_cmp_d(b, p[1]) > 0) {
        mpfr_set(y, a, kN);
        return 1;
      }
      softplus(y, b, prec);
      if (log_sigmoid) {
        mpfr_neg(y, y, kN);
      } else {
        mpfr_div_d(y, y, p[0], kN);
      }
      return 5;
    }
    case ExactOp::kExponential:
      mpfr_exp(y, a, kN);
      return 1;
    case ExactOp::kMish: {
      // softplus (3 half-ulps), tanh (condition <= 1, 1 more), the product (1 more).
      softplus(b, a, prec);
      mpfr_tanh(b, b, kN);
      mpfr_mul(y, a, b, kN);
      return 6;
    }
    case ExactOp::kTanh:
      mpfr_tanh(y, a, kN);
      return 1;
    case ExactOp::kTanhshrink: {
      // x - tanh(x) cancels: |x| / |x - tanh x| <= max(4, 3 / x^2). tanh is computed with that
      // many more bits, so the difference keeps prec - 4 bits.
      const long extra = x == 0 || !std::isfinite(x) ? 0 : 2 * std::max(0, -std::ilogb(x)) + 4;
      Mp t(prec + extra);
      mpfr_tanh(t, a, kN);
      mpfr_sub(y, a, t, kN);
      return 4;
    }
    case ExactOp::kSoftsign:
      if (std::isinf(x)) {
        mpfr_set_si(y, x > 0 ? 1 : -1, kN);
        return 1;
      }
      mpfr_abs(b, a, kN);
      mpfr_add_ui(b, b, 1, kN);
      mpfr_div(y, a, b, kN);
      return 3;
  }
  return 1;
}

}  // namespace

double round_mp(mpfr_ptr v, DType dtype) {
  // For the types narrower than double: rounded to odd at 53 bits first, which makes the second
  // rounding exact for any precision <= 51 (Boldo and Melquiond, "Emulation of FMA and correctly
  // rounded sums: proved algorithms using rounding to odd").
  if (dtype == DType::kFloat64) return mpfr_get_d(v, kN);
  double d = mpfr_get_d(v, MPFR_RNDZ);
  if (std::isfinite(d) && mpfr_cmp_d(v, d) != 0) {
    d = std::bit_cast<double>(std::bit_cast<std::uint64_t>(d) | 1);
  }
  return numeric::round_to(d, dtype);
}

unsigned long long& fallback_count() {
  thread_local unsigned long long count = 0;
  return count;
}

namespace {

struct MpfrThreadCache {
  ~MpfrThreadCache() { mpfr_free_cache(); }
};

}  // namespace

void enter_fallback() {
  thread_local MpfrThreadCache cache;
  (void)cache;
  ++fallback_count();
}

namespace {

// tanhshrink(x) for |x| >= 40: x - s + s t, s = sign(x), 0 < t = 1 - tanh|x| = 2 / (e^(2|x|) +
// 1) < 2^-114. x - s may be a midpoint of the dtype (every x in [2^53, 2^54) for float64, [2^24,
// 2^25) for float32), and the loop above would never decide it (t needs some 2.9 |x| bits);
// otherwise the nearest rounding boundary is at least min(1, ulp(x)) / 2 >= 2^-54 |x - s| from
// x - s (both are multiples of that half), far beyond t. So the result is x - s (exact at 1100
// bits: x's bits lie between 2^1023 and 2^-47) moved one 1100-bit ulp toward s, rounded once.
double tanhshrink_far(double x, DType dtype) {
  enter_fallback();
  Mp y(1100);
  mpfr_set_d(y, x, kN);
  mpfr_sub_si(y, y, x > 0 ? 1 : -1, kN);
  if (x > 0) {
    mpfr_nextabove(y);
  } else {
    mpfr_nextbelow(y);
  }
  return round_mp(y, dtype);
}

}  // namespace

double correctly_rounded(ExactOp op, double x, const double* p, DType dtype) {
  double tiny;
  if (tiny_input_rounded(op, x, p, dtype, tiny)) return tiny;
  if (op == ExactOp::kTanhshrink && std::fabs(x) >= 40 && std::isfinite(x)) {
    return tanhshrink_far(x, dtype);
  }
  return round_by_mpfr(dtype, [&](mpfr_ptr y, mpfr_prec_t prec) { return evaluate(op, y, x, p, dtype, prec); });
}

}  // namespace nnact::ops
