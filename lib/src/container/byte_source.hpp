// Reading a container in bounded blocks (internal): what a header length or a size field says
// is never allocated before the bytes have arrived, so a file that lies cannot exhaust memory.
#pragma once

#include <sys/stat.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>

#include "io/codecs.hpp"
#include "nnact/io.hpp"

namespace nnact {

// The size of the input when it is a regular file; nullopt for standard input and pipes.
inline std::optional<std::uint64_t> regular_file_size(const Input& input) {
  struct stat st {};
  if (input.path().empty() || input.path() == "-" || ::stat(input.path().c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
    return std::nullopt;
  }
  return static_cast<std::uint64_t>(st.st_size);
}

// Up to `n` bytes of `source` (anything with read(char*, size_t) returning 0 at its end),
// fewer only at its end; the buffer grows as bytes arrive.
template <class Source>
std::string read_up_to(Source& source, std::uint64_t n) {
  std::string bytes;
  while (bytes.size() < n) {
    std::size_t got = bytes.size();
    bytes.resize(static_cast<std::size_t>(std::min<std::uint64_t>(n, got + 4 * kBlockBytes)));
    std::size_t more = source.read(bytes.data() + got, bytes.size() - got);
    bytes.resize(got + more);
    if (more == 0) break;
  }
  return bytes;
}

}  // namespace nnact
