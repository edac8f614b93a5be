// Compression names, extensions and magic bytes, and the member loop every Inflater shares.
#include "io/compression.hpp"

#include <array>
#include <cstring>

#include "nnact/status.hpp"

namespace nnact {
namespace {

struct CompressionInfo {
  Compression compression;
  const char* name;
  const char* long_name;  // also accepted by --compress; used in messages
  const char* extension;
  std::string_view magic;
};

using namespace std::string_view_literals;
constexpr std::array<CompressionInfo, 5> kCompressions{{
    {Compression::kNone, "none", "none", "", ""sv},
    {Compression::kGzip, "gz", "gzip", ".gz", "\x1f\x8b"sv},
    {Compression::kZstd, "zst", "zstd", ".zst", "\x28\xb5\x2f\xfd"sv},
    {Compression::kBzip2, "bz2", "bzip2", ".bz2", "BZh"sv},
    {Compression::kXz, "xz", "xz", ".xz", "\xfd" "7zXZ\x00"sv},
}};

const CompressionInfo& info(Compression c) { return kCompressions[static_cast<std::size_t>(c)]; }

}  // namespace

const char* compression_name(Compression compression) { return info(compression).name; }
const char* compression_extension(Compression compression) { return info(compression).extension; }

std::optional<Compression> parse_compression(std::string_view name) {
  for (const auto& c : kCompressions) {
    if (name == c.name || name == c.long_name) return c.compression;
  }
  return std::nullopt;
}

Compression compression_from_extension(std::string_view path) {
  for (const auto& c : kCompressions) {
    std::string_view ext = c.extension;
    if (!ext.empty() && path.size() > ext.size() && path.ends_with(ext) && path[path.size() - ext.size() - 1] != '/') {
      return c.compression;
    }
  }
  return Compression::kNone;
}

std::string_view strip_compression_extension(std::string_view path) {
  path.remove_suffix(std::strlen(compression_extension(compression_from_extension(path))));
  return path;
}

namespace detail {

std::optional<Compression> compression_from_magic(std::string_view head, bool at_end) {
  bool maybe = false;
  for (const auto& c : kCompressions) {
    if (c.magic.empty()) continue;
    if (head.starts_with(c.magic)) return c.compression;
    maybe = maybe || c.magic.starts_with(head);
  }
  if (maybe && !at_end) return std::nullopt;
  return Compression::kNone;
}

Inflater::Inflater(Compression compression, RawRead source, std::string name)
    : compression_(compression), source_(std::move(source)), name_(std::move(name)) {}

void Inflater::fail(const std::string& what, std::size_t consumed) const {
  throw Error(ErrorKind::kData, name_ + ": byte " + std::to_string(offset_ + consumed),
              std::string("corrupt ") + info(compression_).long_name + " data (" + what + ")");
}

std::size_t Inflater::read(char* out, std::size_t n) {
  constexpr std::size_t kBufferBytes = std::size_t{1} << 17;
  if (!buffer_) buffer_.reset(new char[kBufferBytes]);
  for (;;) {
    // A codec may hold output from input already taken: ask it before reading more.
    if (begin_ < end_ || in_member_) {
      if (!in_member_) {
        if (members_++ > 0) restart();
        in_member_ = true;
      }
      Step step = this->step(buffer_.get() + begin_, end_ - begin_, out, n);
      begin_ += step.consumed;
      offset_ += step.consumed;
      if (step.member_end) in_member_ = false;
      if (step.produced > 0) return step.produced;
      if (step.consumed > 0 || step.member_end) continue;
      if (begin_ < end_) fail("the decoder makes no progress");
    }
    if (eof_) {
      if (in_member_ || members_ == 0) {
        throw Error(ErrorKind::kData, name_ + ": byte " + std::to_string(offset_),
                    std::string("truncated ") + info(compression_).long_name +
                        " data (the stream ends before its end marker)");
      }
      return 0;
    }
    begin_ = 0;
    end_ = source_(buffer_.get(), kBufferBytes);
    eof_ = end_ == 0;
  }
}

}  // namespace detail
}  // namespace nnact
