// The four stream decoders behind Input: zlib (gzip members), libzstd (frames), libbz2
// (streams), liblzma (xz streams). Each decodes one member; Inflater::read chains them.
#include <bzlib.h>
#include <lzma.h>
#include <zlib.h>
#include <zstd.h>

#include <new>

#include "io/compression.hpp"

namespace nnact::detail {
namespace {

class GzipInflater final : public Inflater {
 public:
  GzipInflater(RawRead source, std::string name) : Inflater(Compression::kGzip, std::move(source), std::move(name)) {
    if (inflateInit2(&z_, 16 + MAX_WBITS) != Z_OK) throw std::bad_alloc();  // 16: gzip wrapper
  }
  ~GzipInflater() override { inflateEnd(&z_); }

 private:
  Step step(const char* in, std::size_t in_size, char* out, std::size_t out_size) override {
    z_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in));
    z_.avail_in = clamp_uint(in_size);
    z_.next_out = reinterpret_cast<Bytef*>(out);
    z_.avail_out = clamp_uint(out_size);
    unsigned avail_in = z_.avail_in, avail_out = z_.avail_out;
    int rc = inflate(&z_, Z_NO_FLUSH);
    Step s{avail_in - z_.avail_in, avail_out - z_.avail_out, rc == Z_STREAM_END};
    if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) {
      fail(z_.msg ? z_.msg : "zlib error " + std::to_string(rc), s.consumed);
    }
    return s;
  }
  void restart() override { inflateReset(&z_); }
  z_stream z_{};
};

class ZstdInflater final : public Inflater {
 public:
  ZstdInflater(RawRead source, std::string name)
      : Inflater(Compression::kZstd, std::move(source), std::move(name)), d_(ZSTD_createDCtx()) {
    if (!d_) throw std::bad_alloc();
  }
  ~ZstdInflater() override { ZSTD_freeDCtx(d_); }

 private:
  Step step(const char* in, std::size_t in_size, char* out, std::size_t out_size) override {
    ZSTD_inBuffer input{in, in_size, 0};
    ZSTD_outBuffer output{out, out_size, 0};
    std::size_t rc = ZSTD_decompressStream(d_, &output, &input);
    if (ZSTD_isError(rc)) fail(ZSTD_getErrorName(rc), input.pos);
    return {input.pos, output.pos, rc == 0};  // 0: a frame is decoded and flushed
  }
  void restart() override { ZSTD_DCtx_reset(d_, ZSTD_reset_session_only); }
  ZSTD_DCtx* d_;
};

const char* bzip2_error(int rc) {
  switch (rc) {
    case BZ_DATA_ERROR: return "data integrity error";
    case BZ_DATA_ERROR_MAGIC: return "not bzip2 data: bad magic";
    case BZ_MEM_ERROR: return "out of memory";
    default: return "libbz2 error";
  }
}

class Bzip2Inflater final : public Inflater {
 public:
  Bzip2Inflater(RawRead source, std::string name) : Inflater(Compression::kBzip2, std::move(source), std::move(name)) {
    init();
  }
  ~Bzip2Inflater() override { BZ2_bzDecompressEnd(&b_); }

 private:
  void init() {
    b_ = bz_stream{};
    if (BZ2_bzDecompressInit(&b_, 0, 0) != BZ_OK) throw std::bad_alloc();
  }
  Step step(const char* in, std::size_t in_size, char* out, std::size_t out_size) override {
    b_.next_in = const_cast<char*>(in);
    b_.avail_in = clamp_uint(in_size);
    b_.next_out = out;
    b_.avail_out = clamp_uint(out_size);
    unsigned avail_in = b_.avail_in, avail_out = b_.avail_out;
    int rc = BZ2_bzDecompress(&b_);
    Step s{avail_in - b_.avail_in, avail_out - b_.avail_out, rc == BZ_STREAM_END};
    if (rc != BZ_OK && rc != BZ_STREAM_END) fail(bzip2_error(rc), s.consumed);
    return s;
  }
  void restart() override {
    BZ2_bzDecompressEnd(&b_);
    init();
  }
  bz_stream b_{};
};

const char* xz_error(lzma_ret rc) {
  switch (rc) {
    case LZMA_FORMAT_ERROR: return "not xz data";
    case LZMA_OPTIONS_ERROR: return "unsupported options";
    case LZMA_DATA_ERROR: return "compressed data is corrupt";
    case LZMA_MEM_ERROR: return "out of memory";
    default: return "liblzma error";
  }
}

class XzInflater final : public Inflater {
 public:
  XzInflater(RawRead source, std::string name) : Inflater(Compression::kXz, std::move(source), std::move(name)) {
    init();
  }
  ~XzInflater() override { lzma_end(&x_); }

 private:
  void init() {
    x_ = LZMA_STREAM_INIT;
    if (lzma_stream_decoder(&x_, UINT64_MAX, 0) != LZMA_OK) throw std::bad_alloc();
  }
  Step step(const char* in, std::size_t in_size, char* out, std::size_t out_size) override {
    x_.next_in = reinterpret_cast<const uint8_t*>(in);
    x_.avail_in = in_size;
    x_.next_out = reinterpret_cast<uint8_t*>(out);
    x_.avail_out = out_size;
    lzma_ret rc = lzma_code(&x_, LZMA_RUN);
    Step s{in_size - x_.avail_in, out_size - x_.avail_out, rc == LZMA_STREAM_END};
    if (rc != LZMA_OK && rc != LZMA_STREAM_END && rc != LZMA_BUF_ERROR) fail(xz_error(rc), s.consumed);
    return s;
  }
  void restart() override {
    lzma_end(&x_);
    init();
  }
  lzma_stream x_ = LZMA_STREAM_INIT;
};

}  // namespace

std::unique_ptr<Inflater> make_inflater(Compression compression, RawRead source, std::string name) {
  switch (compression) {
    case Compression::kGzip: return std::make_unique<GzipInflater>(std::move(source), std::move(name));
    case Compression::kZstd: return std::make_unique<ZstdInflater>(std::move(source), std::move(name));
    case Compression::kBzip2: return std::make_unique<Bzip2Inflater>(std::move(source), std::move(name));
    case Compression::kXz: return std::make_unique<XzInflater>(std::move(source), std::move(name));
    case Compression::kNone: break;
  }
  return nullptr;
}

}  // namespace nnact::detail
