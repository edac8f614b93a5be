// Distances between two values of a dtype: units in the last place and the allclose rule.
#include <bit>
#include <cmath>
#include <limits>

#include "nnact/compare.hpp"
#include "numeric/dtype_round.hpp"

namespace nnact {
namespace {

// Maps the bits of a float onto unsigned integers in the order of the values, so that the
// distance between two keys counts the floats between them (+0 and -0 share a key).
template <typename Bits>
Bits ordered_key(Bits bits) {
  constexpr Bits kSign = Bits{1} << (sizeof(Bits) * 8 - 1);
  return static_cast<Bits>((bits & kSign) ? kSign - (bits & ~kSign) : kSign + bits);
}

template <typename Bits>
std::uint64_t key_distance(Bits a, Bits b) {
  std::uint64_t ka = ordered_key(a), kb = ordered_key(b);
  return ka > kb ? ka - kb : kb - ka;
}

}  // namespace

std::uint64_t ulp_distance(double a, double b, DType dtype) {
  if (std::isnan(a) || std::isnan(b)) {
    return std::isnan(a) && std::isnan(b) ? 0 : std::numeric_limits<std::uint64_t>::max();
  }
  // Each value as its bit pattern in the dtype (rounded to it first if it is not a value of it).
  switch (dtype) {
    case DType::kFloat16:
      return key_distance(numeric::half_bits(numeric::round_to(a, dtype)), numeric::half_bits(numeric::round_to(b, dtype)));
    case DType::kBFloat16:
      return key_distance(numeric::bfloat16_bits(numeric::round_to(a, dtype)),
                          numeric::bfloat16_bits(numeric::round_to(b, dtype)));
    case DType::kFloat32:
      return key_distance(std::bit_cast<std::uint32_t>(static_cast<float>(a)),
                          std::bit_cast<std::uint32_t>(static_cast<float>(b)));
    case DType::kFloat64:
      break;
  }
  return key_distance(std::bit_cast<std::uint64_t>(a), std::bit_cast<std::uint64_t>(b));
}

bool within(double got, double expected, const Tolerance& tolerance, DType dtype) {
  if (std::isnan(got) || std::isnan(expected)) return std::isnan(got) && std::isnan(expected);
  if (got == expected) return true;  // infinities of the same sign too
  // As numpy.isclose: an infinity is close only to itself (inf <= rtol*inf would pass anything).
  bool finite = std::isfinite(got) && std::isfinite(expected);
  if (finite && std::fabs(got - expected) <= tolerance.atol + tolerance.rtol * std::fabs(expected)) return true;
  return tolerance.max_ulps && ulp_distance(got, expected, dtype) <= *tolerance.max_ulps;
}

}  // namespace nnact
