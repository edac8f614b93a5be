#include "io/line_chunks.hpp"

#include <algorithm>
#include <cstring>
#include <string>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "io/codecs.hpp"
#include "io/text_buffers.hpp"

namespace nnact {

std::size_t after_last_newline(std::string_view block, bool) {
  auto nl = last_byte(block, '\n');
  return nl == std::string_view::npos ? 0 : nl + 1;
}

std::size_t last_byte(std::string_view text, char c) {
  const void* at = text.empty() ? nullptr : ::memrchr(text.data(), c, text.size());
  return at ? static_cast<std::size_t>(static_cast<const char*>(at) - text.data()) : std::string_view::npos;
}

// 16 bytes at a time, byte counters summed every 255 rounds.
std::size_t count_byte(const char* p, std::size_t n, char c) {
  std::size_t count = 0;
  std::size_t i = 0;
#if defined(__SSE2__)
  const __m128i newline = _mm_set1_epi8(c);
  while (n - i >= 16) {
    const std::size_t stop = i + std::min<std::size_t>((n - i) / 16, 255) * 16;
    __m128i counters = _mm_setzero_si128();
    for (; i < stop; i += 16) {
      const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
      counters = _mm_sub_epi8(counters, _mm_cmpeq_epi8(bytes, newline));
    }
    const __m128i sums = _mm_sad_epu8(counters, _mm_setzero_si128());
    count += static_cast<std::size_t>(_mm_cvtsi128_si32(sums)) + static_cast<std::size_t>(_mm_extract_epi16(sums, 4));
  }
#endif
  for (; i < n; ++i) count += p[i] == c;
  return count;
}

constexpr std::size_t kFirstBlockBytes = 1 << 16;

void emit_line_chunks(Input& input, const std::function<void(Chunk&&)>& emit, const CutFinder& cut) {
  // block[0, have) holds the bytes not handed out yet, and read() appends in place (no
  // zero-filling: a recycled block keeps its size). A chunk takes the block's string itself;
  // the bytes after its cut start the next block.
  std::string block = take_text_buffer();
  std::size_t have = 0;
  std::uint64_t line = 1;
  std::uint64_t index = 0;
  bool first = true;
  std::size_t block_bytes = kFirstBlockBytes;
  for (;;) {
    // A pipe hands out 64 KiB per read: while a long line is pending, read until the block has
    // doubled, or rescanning it for a cut after every read would take quadratic time (unless
    // the source is live and has nothing more yet). Otherwise hand on what one read gave, so a
    // slow stream flows line by line.
    // Blocks start at 64 KiB and become 512 KiB once a read fills one: a fresh block's pages are
    // zero-filled and faulted in by resize(), and a one-line input must not pay for 512 KiB of
    // them (start-up: 0.7 ms).
    const std::size_t pending = have;
    const std::size_t target = std::max(block_bytes, 2 * pending);
    if (block.size() < target) block.resize(target);
    bool eof = false;
    do {
      const std::size_t n = input.read(block.data() + have, target - have);
      have += n;
      eof = n == 0;
    } while (!eof && have - pending < pending && have < target && !input.would_wait());
    if (have == target) block_bytes = kBlockBytes;
    if (first && (have >= 3 || eof)) {
      if (std::string_view(block.data(), have).starts_with("\xEF\xBB\xBF")) {
        std::memmove(block.data(), block.data() + 3, have - 3);
        have -= 3;
      }
      first = false;
    }
    std::size_t at = cut(std::string_view(block.data(), have), eof);
    if (eof) at = have;
    if (at == 0 && !eof) continue;
    Chunk chunk;
    chunk.batch.first_line = line;
    chunk.batch.index = index++;
    line += count_byte(block.data(), at, '\n');
    std::string next = take_text_buffer();
    if (next.size() < have - at) next.resize(have - at);
    std::memcpy(next.data(), block.data() + at, have - at);
    have -= at;
    block.resize(at);
    chunk.raw = std::move(block);
    block = std::move(next);
    if (!chunk.raw.empty() || chunk.batch.index == 0) emit(std::move(chunk));
    if (eof) break;
  }
}

}  // namespace nnact
