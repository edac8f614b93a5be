// The JSON rows scan 64 bytes at a time (internal, json_row_blocks.cpp): each byte of a block gets
// its class in a bit mask (AVX2, as simdjson's first stage), and the grammar of rows of numbers
// without exponents, as NumPy, nnact and Python's json.dump write them (white space only after
// a comma), is checked on the masks, a block's last bytes carried into the next:
//   rows: '[' number (',' ws number)* ']', joined by ',' ws
//   number: -?(0|[1-9]d*)(.d+)?
// A block the check refuses is not necessarily wrong (other white space, an exponent, the
// document's end): the byte-wise scan reads it. The check is sound: whatever it takes, the
// byte-wise scan takes too.
#pragma once

#include <bit>
#include <cstdint>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace nnact::json_blocks {

// One bit per byte of a 64-byte block, the first byte in bit 0.
struct Classes {
  std::uint64_t digit = 0, zero = 0, minus = 0, point = 0, comma = 0, open = 0, close = 0, space = 0, newline = 0;
};

#if defined(__x86_64__)
// Whether the machine has what functions compiled with NNACT_JSON_BLOCKS_TARGET need.
inline bool available() {
  static const bool has = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("popcnt") &&
                          __builtin_cpu_supports("pclmul") && __builtin_cpu_supports("bmi");
  return has;
}
#define NNACT_JSON_BLOCKS_TARGET gnu::target("avx2,popcnt,lzcnt,bmi,pclmul")

// 32 bytes at a time.
[[gnu::always_inline, gnu::target("avx2")]] inline Classes classify_avx2(const char* p) {
  Classes k;
  for (int i = 0; i < 2; ++i) {  // no lambdas: they would not be compiled for AVX2
    const __m256i b = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + 32 * i));
    const int at = 32 * i;
#define NNACT_PUT(mask, m) mask |= static_cast<std::uint64_t>(static_cast<std::uint32_t>(_mm256_movemask_epi8(m))) << at
#define NNACT_IS(c) _mm256_cmpeq_epi8(b, _mm256_set1_epi8(c))
    const __m256i digits = _mm256_sub_epi8(b, _mm256_set1_epi8('0'));
    NNACT_PUT(k.digit, _mm256_cmpeq_epi8(_mm256_min_epu8(digits, _mm256_set1_epi8(9)), digits));
    NNACT_PUT(k.zero, NNACT_IS('0'));
    NNACT_PUT(k.minus, NNACT_IS('-'));
    NNACT_PUT(k.point, NNACT_IS('.'));
    NNACT_PUT(k.comma, NNACT_IS(','));
    NNACT_PUT(k.open, NNACT_IS('['));
    NNACT_PUT(k.close, NNACT_IS(']'));
    const __m256i newline = NNACT_IS('\n');
    NNACT_PUT(k.newline, newline);
    NNACT_PUT(k.space, _mm256_or_si256(_mm256_or_si256(NNACT_IS(' '), newline),
                                       _mm256_or_si256(NNACT_IS('\t'), NNACT_IS('\r'))));
#undef NNACT_IS
#undef NNACT_PUT
  }
  return k;
}

// Inclusive prefix XOR (bit i: the parity of bits 0..i) as one carry-less multiplication.
[[gnu::always_inline, gnu::target("pclmul")]] inline std::uint64_t prefix_xor_clmul(std::uint64_t x) {
  const __m128i product = _mm_clmulepi64_si128(_mm_set_epi64x(0, static_cast<long long>(x)), _mm_set1_epi8(-1), 0);
  return static_cast<std::uint64_t>(_mm_cvtsi128_si64(product));
}
#else
inline bool available() { return false; }
#define NNACT_JSON_BLOCKS_TARGET
inline Classes classify_avx2(const char*) { return {}; }
inline std::uint64_t prefix_xor_clmul(std::uint64_t) { return 0; }
#endif

// Bits set from `from` (0..64) up / below `to` (0..64).
inline std::uint64_t from_bit(int from) { return from >= 64 ? 0 : ~0ull << from; }
inline std::uint64_t below_bit(int to) { return to >= 64 ? ~0ull : (1ull << to) - 1; }

// The grammar check, block after block. It starts just after a row's ']'.
class Grammar {
 public:
  // The bits of the bytes the block does not take (0: all of it; bytes before the lowest are
  // good), given the blocks before it; `starts` gets the first byte of each number.
  // `parity`: prefix_xor_clmul(k.open | k.close).
  [[gnu::always_inline]] std::uint64_t check(const Classes& k, std::uint64_t parity, std::uint64_t& starts) {
    const std::uint64_t number = k.digit | k.minus | k.point;
    const std::uint64_t after_digit = shift(k.digit, digit_), after_number = shift(number, number_);
    const std::uint64_t after_point = shift(k.point, point_);
    std::uint64_t bad = ~(number | k.comma | k.open | k.close | k.space);
    bad |= shift(k.minus, minus_) & ~k.digit;                         // '-' before a digit
    bad |= after_number & ~(k.digit | k.point | k.comma | k.close);  // then ',' or ']' at once
    bad |= (k.point & ~after_digit) | (after_point & ~k.digit);      // digits on both sides of '.'
    const std::uint64_t integer = k.digit & ~after_digit & ~after_point;  // an integer part's first
    bad |= shift(integer & k.zero, zero_) & k.digit;                       // no leading zeros
    bad |= run_end(after_point, k.digit, fraction_) & k.point;            // one '.' per number
    const std::uint64_t rows = parity ^ inside_;  // the bytes from a '[' to before its ']'
    inside_ = static_cast<std::uint64_t>(static_cast<std::int64_t>(rows) >> 63);
    bad |= (k.open & ~rows) | (k.close & rows) | (number & ~rows);
    bad |= k.space & rows & ~shift(k.comma | k.space, spaced_);  // in a row, only after a ','
    bad |= shift(k.open, open_) & ~(k.digit | k.minus);           // a number at once
    bad |= run_end(shift(k.comma & rows, value_), k.space, value_run_) & ~(k.digit | k.minus);  // ws, a number
    bad |= shift(k.close, close_) & ~k.comma;                                // ',' at once
    bad |= run_end(shift(k.comma & ~rows, row_comma_), k.space, row_) & ~k.open;  // ws, then '['
    starts = number & ~after_number;
    return bad;
  }

 private:
  // mask << 1 with the previous block's last bit shifted in.
  [[gnu::always_inline]] static std::uint64_t shift(std::uint64_t mask, std::uint64_t& carry) {
    const std::uint64_t shifted = mask << 1 | carry;
    carry = mask >> 63;
    return shifted;
  }
  // For each bit of `at` (a byte after one that is not in `run`): the first byte from there on
  // that is not in `run` (the carry of an addition runs through it, into the next block).
  [[gnu::always_inline]] static std::uint64_t run_end(std::uint64_t at, std::uint64_t run, std::uint64_t& carry) {
    std::uint64_t sum;
    const bool out = __builtin_add_overflow(at, run, &sum);
    const bool out2 = __builtin_add_overflow(sum, carry, &sum);
    carry = out || out2;
    return sum & ~run;
  }

  std::uint64_t digit_ = 0, number_ = 0, point_ = 0, minus_ = 0, zero_ = 0, spaced_ = 0, open_ = 0, value_ = 0,
                row_comma_ = 0;
  std::uint64_t close_ = 1;  // the byte before the first block is a row's ']'
  std::uint64_t fraction_ = 0, value_run_ = 0, row_ = 0;  // additions' carries
  std::uint64_t inside_ = 0;  // all ones when the last block ended within a row
};

}  // namespace nnact::json_blocks
