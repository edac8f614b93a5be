// .npy reader: v1/v2/v3 headers; float16/32/64, int8-64, uint8-64 and bool data of either
// endianness, read in the array's own floating dtype or converted (ReadOptions::keep_dtype).
// run() hands out raw bytes of whole elements with the rows (the last axis) already marked;
// parse() converts them on any thread. C order streams; Fortran order is read
// whole and reordered first (it stores the last axis with the largest stride).
#include <bit>
#include <cmath>
#include <cstring>
#include <iterator>

#include "io/codecs.hpp"
#include "io/npy_header.hpp"
#include "io/text_buffers.hpp"
#include "nnact/status.hpp"
#include "numeric/dtype_round.hpp"
#include "numeric/integer_round.hpp"

namespace nnact {
namespace {

template <class U>
U load(const char* p, bool swap) {
  U u;
  std::memcpy(&u, p, sizeof u);
  return swap ? byte_swapped(u) : u;
}

// An element of the raw data as a double rounded once to `dtype`.
double element(const NpyHeader& h, const char* p, DType dtype) {
  bool swap = h.big_endian != (std::endian::native == std::endian::big);
  switch (h.kind) {
    case 'f': {
      if (h.item_size == 2) {  // exact in every dtype but bfloat16
        const double v = numeric::half_value(load<std::uint16_t>(p, swap));
        return dtype == DType::kBFloat16 ? numeric::round_to(v, dtype) : v;
      }
      double v = h.item_size == 4 ? std::bit_cast<float>(load<std::uint32_t>(p, swap))
                                  : std::bit_cast<double>(load<std::uint64_t>(p, swap));
      return numeric::round_to(v, dtype);
    }
    case 'i':
    case 'u': {
      std::uint64_t bits = h.item_size == 1   ? load<std::uint8_t>(p, false)
                           : h.item_size == 2 ? load<std::uint16_t>(p, swap)
                           : h.item_size == 4 ? load<std::uint32_t>(p, swap)
                                              : load<std::uint64_t>(p, swap);
      if (h.kind == 'u') return numeric::integer_to(bits, dtype);
      int shift = 64 - static_cast<int>(h.item_size) * 8;
      return numeric::integer_to(static_cast<std::int64_t>(bits << shift) >> shift, dtype);  // sign-extended
    }
    default:  // 'b'
      return *p != 0 ? 1.0 : 0.0;
  }
}

// Fortran-order data rewritten in C order.
std::string to_c_order(const std::string& data, const NpyHeader& h) {
  std::string out(data.size(), '\0');
  const std::size_t rank = h.shape.size();
  std::vector<std::size_t> index(rank, 0), stride(rank, 1);
  for (std::size_t j = 1; j < rank; ++j) stride[j] = stride[j - 1] * h.shape[j - 1];
  const std::size_t n = h.values();
  for (std::size_t c = 0; c < n; ++c) {
    std::size_t f = 0;
    for (std::size_t j = 0; j < rank; ++j) f += index[j] * stride[j];
    std::memcpy(out.data() + c * h.item_size, data.data() + f * h.item_size, h.item_size);
    for (std::size_t j = rank; j-- > 0;) {  // next C index: the last axis runs fastest
      if (++index[j] < h.shape[j]) break;
      index[j] = 0;
    }
  }
  return out;
}

// The native float32 values in a byte buffer, as V (double or float; read with memcpy: no
// alignment or aliasing assumed), for vector::assign: memory is not zero-filled first.
template <class V>
struct FloatBytes {
  using iterator_category = std::forward_iterator_tag;
  using value_type = V;
  using difference_type = std::ptrdiff_t;
  using pointer = void;
  using reference = V;
  const char* at;
  V operator*() const {
    float f;
    std::memcpy(&f, at, 4);
    return f;
  }
  FloatBytes& operator++() {
    at += 4;
    return *this;
  }
  FloatBytes operator++(int) {
    FloatBytes old = *this;
    at += 4;
    return old;
  }
  bool operator==(const FloatBytes& other) const = default;
};

class NpyDecoder final : public Decoder {
 public:
  NpyDecoder(const ReadOptions& options, std::string name)
      : options_(options), name_(std::move(name)) {}

  void run(Input& input, const std::function<void(Chunk&&)>& emit) override {
    read_header(input);
    const std::size_t total = header_.values();
    const std::size_t row = header_.shape.empty() ? 1 : header_.shape.back();
    // Whole rows per chunk; a row longer than a chunk is split unless rows must stay whole.
    std::size_t per_chunk = row == 0 ? total : std::max<std::size_t>(1, kTensorBatchValues / row) * row;
    if (row > kTensorBatchValues && !options_.whole_rows) per_chunk = kTensorBatchValues;
    std::string all;
    if (header_.fortran_order && header_.shape.size() > 1) {
      all = to_c_order(read_exactly(input, total * header_.item_size, 0), header_);
    }
    // Native float32 read as float32: straight into the batch's floats (a recycled buffer of at
    // most one batch), which parse() widens only for a consumer that does not take floats.
    const bool floats = all.empty() && native_float32() && dtype_ == DType::kFloat32;
    std::uint64_t index = 0;
    for (std::size_t done = 0; done < total || index == 0;) {
      std::size_t n = std::min(per_chunk, total - done);
      Chunk chunk;
      if (floats) {
        chunk.batch.floats = take_float_buffer();
        chunk.batch.floats.resize(n);
        read_into(input, reinterpret_cast<char*>(chunk.batch.floats.data()), n * 4, done);
      } else {
        chunk.raw = all.empty() ? read_exactly(input, n * header_.item_size, done)
                                : all.substr(done * header_.item_size, n * header_.item_size);
      }
      mark_tensor_rows(chunk.batch, done, n, row);
      chunk.batch.index = index++;
      chunk.batch.shape = header_.shape;
      chunk.batch.dtype = dtype_;
      done += n;
      emit(std::move(chunk));
    }
  }

  void parse(Chunk& chunk) const override {
    chunk.batch.dtype = dtype_;
    std::vector<float>& floats = chunk.batch.floats;
    if (!floats.empty()) {  // read as floats by run()
      if (!chunk.typed) {
        chunk.batch.values.assign(floats.begin(), floats.end());
        recycle_float_buffer(std::move(floats));
        floats = std::vector<float>();
      }
      return;
    }
    const std::size_t n = chunk.raw.size() / header_.item_size;
    const char* raw = chunk.raw.data();
    const bool native = header_.big_endian == (std::endian::native == std::endian::big);
    const bool exact = dtype_ == DType::kFloat32 || dtype_ == DType::kFloat64;  // holds every float
    const bool float32 = native_float32();
    if (float32 && chunk.typed && dtype_ == DType::kFloat32) {
      // The consumer takes floats: copied as they are (the bytes are a float's own).
      chunk.batch.floats.assign(FloatBytes<float>{raw}, FloatBytes<float>{raw + n * 4});
    } else if (float32 && exact) {
      // The common case, native float32: a plain widening loop the compiler vectorises, into
      // memory not zero-filled first. A float is exact in double, and float64 arithmetic wants
      // the exact value too.
      chunk.batch.values.assign(FloatBytes<double>{raw}, FloatBytes<double>{raw + n * 4});
    } else if (header_.kind == 'f' && header_.item_size == 8 && native && dtype_ == DType::kFloat64) {
      chunk.batch.values.resize(n);
      std::memcpy(chunk.batch.values.data(), raw, n * 8);
    } else {
      chunk.batch.values.resize(n);
      double* values = chunk.batch.values.data();
      for (std::size_t i = 0; i < n; ++i) {
        values[i] = element(header_, raw + i * header_.item_size, dtype_);
      }
    }
    recycle_text_buffer(std::move(chunk.raw));
    chunk.raw = std::string();
  }

 private:
  bool native_float32() const {
    return header_.kind == 'f' && header_.item_size == 4 && header_.big_endian == (std::endian::native == std::endian::big);
  }

  // n bytes into `data`, which follow `element` elements of the data; Error(kData) if it ends.
  void read_into(Input& input, char* data, std::size_t n, std::size_t element) {
    for (std::size_t got = 0; got < n;) {
      const std::size_t more = input.read(data + got, n - got);
      if (more == 0) {
        throw Error(ErrorKind::kData, name_,
                    "npy data ends early: the header's shape needs " +
                        std::to_string(header_.values()) + " values, the file holds " +
                        std::to_string(element + got / header_.item_size));
      }
      got += more;
    }
  }

  std::string read_exactly(Input& input, std::size_t n, std::size_t element) {
    // A recycled buffer: no allocation, and no zero-filling where it is already that large.
    std::string bytes = take_text_buffer();
    // Grows as bytes arrive: a header claiming a huge shape fails at the end of the data, not
    // by allocating what the shape says.
    constexpr std::size_t kStep = 16 * kBlockBytes;
    for (std::size_t got = 0; got < n; got += std::min(kStep, n - got)) {
      const std::size_t want = std::min(n, got + kStep);
      if (bytes.size() < want) bytes.resize(want);
      read_into(input, bytes.data() + got, want - got, element + got / header_.item_size);
    }
    bytes.resize(n);
    return bytes;
  }

  void read_header(Input& input) {
    std::string preamble(10, '\0');
    std::size_t got = 0;
    while (got < 10) {
      std::size_t more = input.read(preamble.data() + got, 10 - got);
      if (more == 0) break;
      got += more;
    }
    if (got < 10 || std::string_view(preamble).substr(0, 6) != kNpyMagic) {
      throw Error(ErrorKind::kData, name_, "not an npy file: it does not start with \"\\x93NUMPY\"");
    }
    auto major = static_cast<unsigned char>(preamble[6]);
    if (major < 1 || major > 3) {
      throw Error(ErrorKind::kData, name_, "npy version " + std::to_string(major) + " is not supported (1, 2 or 3)");
    }
    std::size_t length = static_cast<unsigned char>(preamble[8]) | (static_cast<unsigned char>(preamble[9]) << 8);
    if (major > 1) {
      std::string more(2, '\0');
      if (input.read(more.data(), 1) != 1 || input.read(more.data() + 1, 1) != 1) {
        throw Error(ErrorKind::kData, name_, "npy header is cut short");
      }
      length |= static_cast<std::size_t>(static_cast<unsigned char>(more[0])) << 16 |
                static_cast<std::size_t>(static_cast<unsigned char>(more[1])) << 24;
    }
    // numpy's own reader refuses headers over 10000 bytes; a lying length must not make us
    // allocate gigabytes before the read fails.
    constexpr std::size_t kMaxHeader = 1 << 20;
    if (length > kMaxHeader) {
      throw Error(ErrorKind::kData, name_, "npy header length " + std::to_string(length) + " is implausible (over 1 MiB)");
    }
    header_ = NpyHeader{};
    std::string dict(length, '\0');
    got = 0;
    while (got < length) {
      std::size_t more = input.read(dict.data() + got, length - got);
      if (more == 0) throw Error(ErrorKind::kData, name_, "npy header is cut short");
      got += more;
    }
    header_ = parse_npy_dict(dict, name_);
    std::optional<DType> stored;
    if (header_.kind == 'f') {
      stored = header_.item_size == 2 ? DType::kFloat16 : header_.item_size == 4 ? DType::kFloat32 : DType::kFloat64;
    }
    dtype_ = read_dtype(options_, stored);
  }

  ReadOptions options_;
  std::string name_;
  NpyHeader header_;
  DType dtype_ = DType::kFloat32;  // what the values are read in
};

}  // namespace

std::unique_ptr<Decoder> make_npy_decoder(const ReadOptions& options, const std::string& name) {
  return std::make_unique<NpyDecoder>(options, name);
}

}  // namespace nnact
