// Compressed byte streams (internal): recognising them, and the streaming codecs behind Input
// (Inflater) and Output (Deflater).
#pragma once

#include <algorithm>
#include <climits>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "nnact/io.hpp"

namespace nnact::detail {

// The compression announced by the first bytes of a stream (gzip 1f 8b, zstd 28 b5 2f fd,
// bzip2 "BZh", xz fd "7zXZ" 00); kNone when they announce none. nullopt when `head` is a
// proper prefix of some magic and more bytes may follow (`at_end` false): read more first.
std::optional<Compression> compression_from_magic(std::string_view head, bool at_end);

// Reads up to `n` stored bytes; 0 only at the end.
using RawRead = std::function<std::size_t(char* data, std::size_t n)>;

// Decompresses a stream pulled from a RawRead, member after member (frame after frame).
class Inflater {
 public:
  virtual ~Inflater() = default;
  // Up to `n` decompressed bytes, at least one unless the stream has ended (0). Throws
  // Error(kData) "name: byte N: corrupt/truncated <kind> data (...)", N counted in stored bytes.
  std::size_t read(char* out, std::size_t n);
  // Where the stored bytes come from from now on (the owner moved).
  void set_source(RawRead source) { source_ = std::move(source); }

 protected:
  struct Step {
    std::size_t consumed = 0;
    std::size_t produced = 0;
    bool member_end = false;
  };
  Inflater(Compression compression, RawRead source, std::string name);
  // Decodes what it can of `in` into `out`; bad data: fail() with the codec's words.
  virtual Step step(const char* in, std::size_t in_size, char* out, std::size_t out_size) = 0;
  // Starts the next member after one ended.
  virtual void restart() = 0;
  // Throws the corrupt-data error, `consumed` bytes into the input the current step was given.
  [[noreturn]] void fail(const std::string& what, std::size_t consumed = 0) const;

 private:
  Compression compression_;
  RawRead source_;
  std::string name_;
  std::unique_ptr<char[]> buffer_;
  std::size_t begin_ = 0, end_ = 0;  // unread stored bytes in buffer_
  std::uint64_t offset_ = 0;         // stored bytes the codec has consumed
  bool eof_ = false;
  bool in_member_ = false;
  std::uint64_t members_ = 0;
};

std::unique_ptr<Inflater> make_inflater(Compression compression, RawRead source, std::string name);

// Compresses a stream at the command-line tool's default level (gzip -6, zstd -3, bzip2 -9,
// xz -6), appending what it produces to `out`.
class Deflater {
 public:
  virtual ~Deflater() = default;
  virtual void write(std::string_view in, std::string& out) = 0;
  // Ends the stream (trailer, checksum).
  virtual void finish(std::string& out) = 0;
};

std::unique_ptr<Deflater> make_deflater(Compression compression);

// zlib and libbz2 count in unsigned int: a larger buffer is handed over in parts.
inline unsigned clamp_uint(std::size_t n) { return static_cast<unsigned>(std::min<std::size_t>(n, UINT_MAX)); }

}  // namespace nnact::detail
