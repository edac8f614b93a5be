#include "io/line_chunks.hpp"

#include <algorithm>
#include <memory>

#include "io/codecs.hpp"

namespace nnact {

std::size_t after_last_newline(std::string_view block, bool) {
  auto nl = block.rfind('\n');
  return nl == std::string_view::npos ? 0 : nl + 1;
}

void emit_line_chunks(Input& input, const std::function<void(Chunk&&)>& emit, const CutFinder& cut) {
  std::string block;               // the records not handed out yet
  std::unique_ptr<char[]> buffer;  // read() target, left uninitialised: no zero-filling
  std::size_t buffer_size = 0;
  std::uint64_t line = 1;
  std::uint64_t index = 0;
  bool first = true;
  for (;;) {
    std::size_t want = std::max(kBlockBytes, block.size());  // doubles for long lines
    if (buffer_size < want) buffer.reset(new char[buffer_size = want]);
    // A pipe hands out 64 KiB per read: while a long line is pending, read until the block has
    // doubled, or rescanning it for a cut after every read would take quadratic time (unless
    // the source is live and has nothing more yet). Otherwise hand on what one read gave, so a
    // slow stream flows line by line.
    const std::size_t pending = block.size();
    std::size_t got = 0;
    bool eof = false;
    do {
      std::size_t n = input.read(buffer.get() + got, want - got);
      got += n;
      eof = n == 0;
    } while (!eof && got < pending && !input.would_wait());
    block.append(buffer.get(), got);
    if (first && (block.size() >= 3 || eof)) {
      if (block.compare(0, 3, "\xEF\xBB\xBF") == 0) block.erase(0, 3);
      first = false;
    }
    std::size_t at = cut(block, eof);
    if (eof) at = block.size();
    if (at == 0 && !eof) continue;
    Chunk chunk;
    chunk.raw.assign(block, 0, at);
    chunk.batch.first_line = line;
    chunk.batch.index = index++;
    line += static_cast<std::uint64_t>(std::count(chunk.raw.begin(), chunk.raw.end(), '\n'));
    block.erase(0, at);
    if (!chunk.raw.empty() || chunk.batch.index == 0) emit(std::move(chunk));
    if (eof) break;
  }
}

}  // namespace nnact
