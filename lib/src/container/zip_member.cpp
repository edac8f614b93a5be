#include "container/zip_member.hpp"

#include <algorithm>

#include "io/codecs.hpp"
#include "nnact/status.hpp"

namespace nnact {

ZipMemberReader::ZipMemberReader(Input& input, const ZipEntry& entry, std::string file,
                                 std::function<void(std::string_view)> raw)
    : input_(input), entry_(entry), file_(std::move(file)), raw_(std::move(raw)), left_(entry.compressed) {
  if (entry.method == 8) {
    if (inflateInit2(&z_, -MAX_WBITS) != Z_OK) throw Error(ErrorKind::kIo, file_, "zlib: out of memory");
    inflating_ = true;
  }
}

ZipMemberReader::~ZipMemberReader() {
  if (inflating_) inflateEnd(&z_);
}

void ZipMemberReader::bad(const std::string& what) const {
  throw Error(ErrorKind::kData, file_, "npz member \"" + entry_.name + "\": " + what);
}

std::size_t ZipMemberReader::fill() {
  std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(left_, kBlockBytes));
  in_.resize(n);
  std::size_t got = 0;
  while (got < n) {
    std::size_t more = input_.read(in_.data() + got, n - got);
    if (more == 0) bad("the file ends inside its data (" + std::to_string(entry_.compressed) + " bytes from its local header)");
    got += more;
  }
  left_ -= n;
  if (raw_) raw_(in_);
  return n;
}

std::size_t ZipMemberReader::read(char* data, std::size_t n) {
  n = std::min<std::size_t>(n, 1u << 30);
  std::size_t got = 0;
  if (!inflating_) {
    if (at_ == in_.size() && left_ > 0) {
      fill();
      at_ = 0;
    }
    got = std::min(n, in_.size() - at_);
    std::copy_n(in_.data() + at_, got, data);
    at_ += got;
  }
  while (inflating_ && got == 0 && n > 0 && !ended_) {
    if (z_.avail_in == 0) {
      if (left_ == 0) bad("its deflate data ends before the end of the stream");
      fill();
      z_.next_in = reinterpret_cast<Bytef*>(in_.data());
      z_.avail_in = static_cast<uInt>(in_.size());
    }
    z_.next_out = reinterpret_cast<Bytef*>(data);
    z_.avail_out = static_cast<uInt>(n);
    int status = inflate(&z_, Z_NO_FLUSH);
    got = n - z_.avail_out;
    if (status == Z_STREAM_END) {
      ended_ = true;
      if (z_.avail_in != 0 || left_ != 0) bad("its deflate stream ends before its compressed size");
    } else if (status != Z_OK && status != Z_BUF_ERROR) {
      bad(std::string("invalid deflate data (zlib: ") + (z_.msg ? z_.msg : "error") + ")");
    }
  }
  crc_ = static_cast<std::uint32_t>(crc32(crc_, reinterpret_cast<const Bytef*>(data), static_cast<uInt>(got)));
  out_ += got;
  if (out_ > entry_.size) bad("its data holds more than its size of " + std::to_string(entry_.size) + " bytes");
  return got;
}

void ZipMemberReader::finish() {
  std::string block(kBlockBytes, '\0');
  while (read(block.data(), block.size()) > 0) {
  }
  if (out_ != entry_.size) bad("its data holds " + std::to_string(out_) + " bytes, not its size of " + std::to_string(entry_.size));
  if (crc_ != entry_.crc) bad("CRC-32 mismatch: the data has " + std::to_string(crc_) + ", the header says " + std::to_string(entry_.crc));
}

ZipMemberWriter::ZipMemberWriter(std::uint16_t method) : method_(method) {
  if (method_ == 8 && deflateInit2(&z_, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    throw Error(ErrorKind::kIo, "", "zlib: out of memory");
  }
}

ZipMemberWriter::~ZipMemberWriter() {
  if (method_ == 8) deflateEnd(&z_);
}

std::string ZipMemberWriter::run(std::string_view content, int flush) {
  std::string out;
  if (method_ != 8) {
    out = content;
  } else {
    z_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(content.data()));
    z_.avail_in = static_cast<uInt>(content.size());
    std::string block(kBlockBytes, '\0');
    int status;
    do {
      z_.next_out = reinterpret_cast<Bytef*>(block.data());
      z_.avail_out = static_cast<uInt>(block.size());
      status = deflate(&z_, flush);
      out.append(block.data(), block.size() - z_.avail_out);
    } while (z_.avail_out == 0 || (flush == Z_FINISH && status != Z_STREAM_END));
  }
  compressed_ += out.size();
  return out;
}

std::string ZipMemberWriter::add(std::string_view content) {
  crc_ = static_cast<std::uint32_t>(crc32(crc_, reinterpret_cast<const Bytef*>(content.data()), static_cast<uInt>(content.size())));
  size_ += content.size();
  return run(content, Z_NO_FLUSH);
}

std::string ZipMemberWriter::finish() { return method_ == 8 ? run({}, Z_FINISH) : std::string(); }

}  // namespace nnact
