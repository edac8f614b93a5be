// The body of the decompressing-reader fuzz targets (gz, zst, bz2, xz): bytes through that
// codec's Inflater as Input uses it (members chained, truncation and corruption reported), the
// output capped at 1 MiB (a few bytes may expand to gigabytes), then through the CSV reader.
// Bad input must end in nnact::Error; anything else is a finding.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

#include "reader_target.hpp"
#include "io/compression.hpp"

namespace nnact::fuzz {

inline int run_inflater(Compression compression, const std::uint8_t* data, std::size_t size) {
  constexpr std::size_t kMaxOutput = std::size_t{1} << 20;
  std::size_t at = 0;
  // Small reads so that members and codec states straddle read boundaries.
  auto source = [&](char* out, std::size_t n) {
    std::size_t take = std::min({n, size - at, std::size_t{4096}});
    if (take > 0) std::memcpy(out, data + at, take);
    at += take;
    return take;
  };
  std::string plain;
  try {
    auto inflater = detail::make_inflater(compression, source, "fuzz");
    char buffer[65536];
    while (plain.size() < kMaxOutput) {
      std::size_t got = inflater->read(buffer, sizeof buffer);
      if (got == 0) break;
      plain.append(buffer, got);
    }
  } catch (const Error&) {
    // Corrupt or truncated data reported the way Input promises; what came before is still read.
  }
  return run_reader(Format::kCsv, reinterpret_cast<const std::uint8_t*>(plain.data()), plain.size());
}

}  // namespace nnact::fuzz
