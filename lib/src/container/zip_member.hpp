// A zip member's data (internal): read stored or inflated in blocks with its CRC-32 and sizes
// checked, or written stored or deflated (zlib, raw deflate, level 6: the bytes Python's
// zipfile writes for the same data).
#pragma once

#include <zlib.h>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "container/zip_records.hpp"
#include "nnact/io.hpp"

namespace nnact {

class ZipMemberReader {
 public:
  // `raw` (may be empty) receives the member's bytes as they are in the file, compressed.
  ZipMemberReader(Input& input, const ZipEntry& entry, std::string file, std::function<void(std::string_view)> raw);
  ~ZipMemberReader();
  ZipMemberReader(const ZipMemberReader&) = delete;
  ZipMemberReader& operator=(const ZipMemberReader&) = delete;
  // Up to n bytes of the member's content; 0 at its end. Throws Error(kData) naming the member
  // when the data is cut short or not valid deflate data.
  std::size_t read(char* data, std::size_t n);
  // Reads what is left and checks the CRC-32 and both sizes against the local header.
  void finish();

 private:
  std::size_t fill();  // more compressed bytes into in_; 0 at the end of the member
  [[noreturn]] void bad(const std::string& what) const;
  Input& input_;
  const ZipEntry& entry_;
  std::string file_;
  std::function<void(std::string_view)> raw_;
  z_stream z_{};
  bool inflating_ = false, ended_ = false;
  std::string in_;
  std::size_t at_ = 0;      // stored: content of in_ handed out
  std::uint64_t left_ = 0;  // compressed bytes not yet read from the input
  std::uint64_t out_ = 0;   // content bytes handed out
  std::uint32_t crc_ = 0;
};

class ZipMemberWriter {
 public:
  explicit ZipMemberWriter(std::uint16_t method);
  ~ZipMemberWriter();
  ZipMemberWriter(const ZipMemberWriter&) = delete;
  ZipMemberWriter& operator=(const ZipMemberWriter&) = delete;
  // The member's bytes for `content` (deflate may hold some back until finish()).
  std::string add(std::string_view content);
  std::string finish();
  std::uint32_t crc() const { return crc_; }
  std::uint64_t size() const { return size_; }
  std::uint64_t compressed() const { return compressed_; }

 private:
  std::string run(std::string_view content, int flush);
  std::uint16_t method_;
  z_stream z_{};
  std::uint32_t crc_ = 0;
  std::uint64_t size_ = 0, compressed_ = 0;
};

}  // namespace nnact
