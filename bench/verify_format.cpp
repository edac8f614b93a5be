// Every float32 bit pattern through nnact's number text (make verify-format): the default text
// must be libstdc++'s shortest std::to_chars, except integers below 1e16, written whole as glibc's
// printf "%.0f" writes them; and it must read back (parse_number) to the same bits.
// A few minutes on one core; the result of a full run is in bench/results/verify-format.txt.
#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <thread>
#include <vector>
#include <algorithm>
#include <cstdlib>

#include "nnact/io.hpp"

namespace {

int reference(char* out, float v) {
  if (std::isnan(v)) {
    std::memcpy(out, "nan", 3);
    return 3;
  }
  if (std::isfinite(v) && std::fabs(v) < 1e16f && v == std::trunc(v)) {
    return std::snprintf(out, 64, std::signbit(v) ? "-%.0f" : "%.0f", std::fabs(static_cast<double>(v)));
  }
  return static_cast<int>(std::to_chars(out, out + 64, v).ptr - out);
}

struct Count {
  std::uint64_t text = 0;
  std::uint64_t value = 0;
};

// Checks the bit patterns [first, last); prints the first few failures.
Count check_range(std::uint64_t first, std::uint64_t last) {
  Count wrong;
  std::string ours;
  char expected[64];
  for (std::uint64_t bits = first; bits < last; ++bits) {
    const float v = std::bit_cast<float>(static_cast<std::uint32_t>(bits));
    ours.clear();
    nnact::format_number(v, nnact::DType::kFloat32, 0, ours);
    const int n = reference(expected, v);
    if (ours != std::string_view(expected, n) && ++wrong.text <= 10) {
      std::printf("text  %08llx: %s, expected %.*s\n", static_cast<unsigned long long>(bits), ours.c_str(), n, expected);
    }
    double back = 0;
    const bool read = nnact::parse_number(ours, nnact::DType::kFloat32, back);
    const bool same = read && (std::isnan(v) ? std::isnan(back)
                                             : std::bit_cast<std::uint32_t>(static_cast<float>(back)) == bits);
    if (!same && ++wrong.value <= 10) {
      std::printf("value %08llx: %s reads back as %a\n", static_cast<unsigned long long>(bits), ours.c_str(), back);
    }
  }
  return wrong;
}

}  // namespace

// Usage: verify_format [THREADS] (default: every core).
int main(int argc, char** argv) {
  const unsigned threads = argc > 1 ? static_cast<unsigned>(std::atoi(argv[1]))
                                    : std::max(1u, std::thread::hardware_concurrency());
  constexpr std::uint64_t kAll = std::uint64_t{1} << 32;
  std::vector<Count> counts(threads);
  std::vector<std::thread> workers;
  for (unsigned t = 0; t < threads; ++t) {
    workers.emplace_back([&counts, t, threads] { counts[t] = check_range(kAll * t / threads, kAll * (t + 1) / threads); });
  }
  Count total;
  for (unsigned t = 0; t < threads; ++t) {
    workers[t].join();
    total.text += counts[t].text;
    total.value += counts[t].value;
  }
  std::printf("float32, all 2^32 bit patterns: %llu texts differ from std::to_chars (+ integer rule), "
              "%llu do not read back to the same bits\n",
              static_cast<unsigned long long>(total.text), static_cast<unsigned long long>(total.value));
  return total.text == 0 && total.value == 0 ? 0 : 1;
}
