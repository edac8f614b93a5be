// The four stream encoders behind Output::compress, at each command-line tool's default level.
#include <bzlib.h>
#include <lzma.h>
#include <zlib.h>
#include <zstd.h>

#include <new>

#include "io/compression.hpp"
#include "nnact/status.hpp"

namespace nnact::detail {
namespace {

constexpr std::size_t kGrow = std::size_t{1} << 16;

struct Progress {
  std::size_t consumed, produced;
  bool done;  // the stream is finished
};

// Runs the codec until all of `in` is taken (and, when finishing, until it says the stream is
// done), appending its output to `out`.
class Pumped : public Deflater {
 public:
  void write(std::string_view in, std::string& out) override { pump(in, out, false); }
  void finish(std::string& out) override { pump({}, out, true); }

 protected:
  virtual Progress code(const char* in, std::size_t in_size, char* out, std::size_t out_size, bool finish) = 0;

 private:
  void pump(std::string_view in, std::string& out, bool finish) {
    for (;;) {
      std::size_t old = out.size();
      out.resize(old + kGrow);
      Progress p = code(in.data(), in.size(), out.data() + old, kGrow, finish);
      out.resize(old + p.produced);
      in.remove_prefix(p.consumed);
      if (finish ? p.done : in.empty() && p.produced < kGrow) return;
    }
  }
};

[[noreturn]] void codec_failed(const char* codec) {
  throw Error(ErrorKind::kIo, {}, std::string(codec) + " compression failed");
}

class GzipDeflater final : public Pumped {
 public:
  GzipDeflater() {
    if (deflateInit2(&z_, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK) throw std::bad_alloc();
  }
  ~GzipDeflater() override { deflateEnd(&z_); }
 private:
  z_stream z_{};
  Progress code(const char* in, std::size_t in_size, char* out, std::size_t out_size, bool finish) override {
    z_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in));
    z_.avail_in = clamp_uint(in_size);
    z_.next_out = reinterpret_cast<Bytef*>(out);
    z_.avail_out = clamp_uint(out_size);
    unsigned avail_in = z_.avail_in, avail_out = z_.avail_out;
    int rc = deflate(&z_, finish ? Z_FINISH : Z_NO_FLUSH);
    if (rc == Z_STREAM_ERROR) codec_failed("gzip");
    return Progress{avail_in - z_.avail_in, avail_out - z_.avail_out, rc == Z_STREAM_END};
  }
};

class ZstdDeflater final : public Pumped {
 public:
  ZstdDeflater() : c_(ZSTD_createCCtx()) {
    if (!c_) throw std::bad_alloc();
    ZSTD_CCtx_setParameter(c_, ZSTD_c_compressionLevel, 3);
  }
  ~ZstdDeflater() override { ZSTD_freeCCtx(c_); }
 private:
  ZSTD_CCtx* c_;
  Progress code(const char* in, std::size_t in_size, char* out, std::size_t out_size, bool finish) override {
    ZSTD_inBuffer input{in, in_size, 0};
    ZSTD_outBuffer output{out, out_size, 0};
    std::size_t rc = ZSTD_compressStream2(c_, &output, &input, finish ? ZSTD_e_end : ZSTD_e_continue);
    if (ZSTD_isError(rc)) codec_failed("zstd");
    return Progress{input.pos, output.pos, rc == 0};
  }
};

class Bzip2Deflater final : public Pumped {
 public:
  Bzip2Deflater() {
    if (BZ2_bzCompressInit(&b_, 9, 0, 0) != BZ_OK) throw std::bad_alloc();
  }
  ~Bzip2Deflater() override { BZ2_bzCompressEnd(&b_); }
 private:
  bz_stream b_{};
  Progress code(const char* in, std::size_t in_size, char* out, std::size_t out_size, bool finish) override {
    b_.next_in = const_cast<char*>(in);
    b_.avail_in = clamp_uint(in_size);
    b_.next_out = out;
    b_.avail_out = clamp_uint(out_size);
    unsigned avail_in = b_.avail_in, avail_out = b_.avail_out;
    int rc = BZ2_bzCompress(&b_, finish ? BZ_FINISH : BZ_RUN);
    if (rc < 0) codec_failed("bzip2");
    return Progress{avail_in - b_.avail_in, avail_out - b_.avail_out, rc == BZ_STREAM_END};
  }
};

class XzDeflater final : public Pumped {
 public:
  XzDeflater() {
    if (lzma_easy_encoder(&x_, 6, LZMA_CHECK_CRC64) != LZMA_OK) throw std::bad_alloc();
  }
  ~XzDeflater() override { lzma_end(&x_); }
 private:
  lzma_stream x_ = LZMA_STREAM_INIT;
  Progress code(const char* in, std::size_t in_size, char* out, std::size_t out_size, bool finish) override {
    x_.next_in = reinterpret_cast<const uint8_t*>(in);
    x_.avail_in = in_size;
    x_.next_out = reinterpret_cast<uint8_t*>(out);
    x_.avail_out = out_size;
    lzma_ret rc = lzma_code(&x_, finish ? LZMA_FINISH : LZMA_RUN);
    if (rc != LZMA_OK && rc != LZMA_STREAM_END && rc != LZMA_BUF_ERROR) codec_failed("xz");
    return Progress{in_size - x_.avail_in, out_size - x_.avail_out, rc == LZMA_STREAM_END};
  }
};

}  // namespace

std::unique_ptr<Deflater> make_deflater(Compression compression) {
  switch (compression) {
    case Compression::kGzip: return std::make_unique<GzipDeflater>();
    case Compression::kZstd: return std::make_unique<ZstdDeflater>();
    case Compression::kBzip2: return std::make_unique<Bzip2Deflater>();
    case Compression::kXz: return std::make_unique<XzDeflater>();
    case Compression::kNone: break;
  }
  return nullptr;
}

}  // namespace nnact::detail
