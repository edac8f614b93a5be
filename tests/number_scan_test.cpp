// Reading numbers: scan_decimal (Clinger's fast path in front of std::from_chars) gives
// std::from_chars' end pointer, error and bits on random decimal text, well formed or not.
#include <doctest/doctest.h>

#include <charconv>
#include <cstring>
#include <random>
#include <string>

#include "io/number_scan.hpp"

namespace {

// Numbers of up to 9 + 9 digits with signs, points and exponents, some with a tail, and one in
// four a random string over the characters a number is made of.
std::string random_number_text(std::mt19937_64& rng) {
  static const char kAlphabet[] = "0123456789.eE+-x";
  std::string s;
  if (rng() % 4 == 0) {
    for (int k = static_cast<int>(rng() % 12); k > 0; --k) s += kAlphabet[rng() % 16];
    return s;
  }
  if (rng() % 2) s += '-';
  const int integer = static_cast<int>(rng() % 10);
  for (int k = 0; k < integer; ++k) s += static_cast<char>('0' + (k == 0 && rng() % 3 == 0 ? 0 : rng() % 10));
  if (rng() % 2) {
    s += '.';
    for (int k = static_cast<int>(rng() % 10); k > 0; --k) s += static_cast<char>('0' + rng() % 10);
  }
  if (rng() % 2) {
    s += "eE"[rng() % 2];
    if (rng() % 2) s += "+-"[rng() % 2];
    for (int k = static_cast<int>(rng() % 4); k > 0; --k) s += static_cast<char>('0' + rng() % 10);
  }
  if (rng() % 8 == 0) s += ",1";
  return s;
}

// What follows a number: nothing, or (so that the 16-byte short form is tried: it needs 26
// bytes) a delimiter, line end, exponent, point or digits and then more text.
std::string random_tail(std::mt19937_64& rng) {
  static const char* const kStarts[] = {"", ",", "\n", "\r\n", "e5,", "E-3\n", ".5", "x", "0123456789", "-", "+", " "};
  std::string s = kStarts[rng() % 12];
  if (rng() % 4 == 0) return s;
  static const char kAlphabet[] = "0123456789.eE+-x,\n";
  for (int k = 0; k < 30; ++k) s += kAlphabet[rng() % 19];
  return s;
}

template <class T>
void check_like_from_chars(int count, bool tails) {
  std::mt19937_64 rng(3);
  int wrong = 0;
  for (int i = 0; i < count; ++i) {
    const std::string s = random_number_text(rng) + (tails ? random_tail(rng) : "");
    T ours = 7;
    T theirs = 7;
    const auto a = nnact::scan_decimal(s.data(), s.data() + s.size(), ours);
    const auto b = std::from_chars(s.data(), s.data() + s.size(), theirs);
    const bool same = a.ptr == b.ptr && a.ec == b.ec && std::memcmp(&ours, &theirs, sizeof ours) == 0;
    if (!same && ++wrong <= 5) {
      CAPTURE(s);
      CHECK(same);
    }
  }
  CHECK(wrong == 0);
}

}  // namespace

TEST_CASE("number scanning reads what std::from_chars reads, float32 and float64") {
  check_like_from_chars<float>(1000000, false);
  check_like_from_chars<double>(1000000, false);
  // Followed by more text: the short form (one 16-byte load) reads most of these.
  check_like_from_chars<float>(1000000, true);
  check_like_from_chars<double>(1000000, true);
  float f = 0;
  const char* text = "-0.0123456,";
  CHECK(nnact::scan_decimal(text, text + 11, f).ptr == text + 10);
  CHECK(f == -0.0123456f);
}
