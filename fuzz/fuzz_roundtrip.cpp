// libFuzzer target, a property (issue 12 item 6): a tensor that reads without error (the input
// is an npy, safetensors or npz file, picked by its first bytes), written to npy, safetensors
// and CSV and read back, gives the same values, bit for bit, in the same dtype (NaN reads back
// as NaN: CSV's "nan" keeps neither sign nor payload). Any difference aborts: a finding.
#include <bit>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <unistd.h>

#include "nnact/io.hpp"
#include "nnact/status.hpp"

namespace {

using namespace nnact;

struct Tensor {
  std::vector<double> values;
  std::vector<std::size_t> rows;  // values per row
  DType dtype = DType::kFloat32;
};

// The first tensor of the input (a container's first selected one), its values as read.
Tensor read_tensor(Input& input, Format format, std::optional<DType> text_dtype) {
  ReadOptions read;
  read.format = format;
  read.keep_dtype = !text_dtype;
  read.dtype = text_dtype.value_or(DType::kFloat32);
  read.header = Header::kNo;
  read.na.clear();
  Tensor t;
  std::string first;
  bool any = false;
  auto decoder = make_decoder(read, "roundtrip");
  decoder->run(input, [&](Chunk&& chunk) {
    if (!chunk.parsed) decoder->parse(chunk);
    Batch& b = chunk.batch;
    if (b.values.empty() || (any && b.tensor != first)) return;
    if (!any) t.dtype = b.dtype;
    any = true;
    first = b.tensor;
    std::size_t start = 0;
    for (std::size_t end : b.rows) {
      t.rows.push_back(end - start);
      start = end;
    }
    t.values.insert(t.values.end(), b.values.begin(), b.values.end());
  });
  return t;
}

// `t` written as `format` to a file and read back.
Tensor through(const Tensor& t, Format format, const std::string& path) {
  WriteOptions write;
  write.format = format;
  ReadOptions from_npy;
  from_npy.format = Format::kNpy;
  auto encoder = make_encoder(write, from_npy);
  {
    Output output = Output::atomic_file(path);
    encoder->begin(output);
    Batch b;
    b.values = t.values;
    b.dtype = t.dtype;
    std::size_t at = 0;
    for (std::size_t n : t.rows) b.rows.push_back(at += n);
    b.shape = std::vector<std::size_t>{t.rows.size(), t.rows.empty() ? 0 : t.rows[0]};
    bool rectangular = true;
    for (std::size_t n : t.rows) rectangular = rectangular && n == t.rows[0];
    if (!rectangular) b.shape = std::vector<std::size_t>{t.values.size()};
    std::string encoded;
    encoder->encode(b, encoded);
    encoder->ordered(b, encoded);
    output.write(encoded);
    encoder->end(output);
    output.commit();
  }
  Input input = Input::open(path);
  return read_tensor(input, format, format == Format::kCsv ? std::optional<DType>(t.dtype) : std::nullopt);
}

bool same_bits(double a, double b) { return (std::isnan(a) && std::isnan(b)) || std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b); }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string bytes(reinterpret_cast<const char*>(data), size);
  Format format = sniff_format(bytes);
  if (format != Format::kNpy && format != Format::kSafetensors && format != Format::kNpz) return 0;
  Tensor t;
  try {
    Input input = Input::from_bytes(bytes, "roundtrip");
    t = read_tensor(input, format, std::nullopt);
  } catch (const Error&) {
    return 0;  // not a readable tensor: the reader targets cover that
  }
  if (t.values.empty() || t.dtype == DType::kBFloat16) return 0;  // npy has no bfloat16
  static const std::string dir = [] {
    char tmpl[] = "/tmp/nnact-roundtrip.XXXXXX";
    return std::string(::mkdtemp(tmpl));
  }();
  for (Format out : {Format::kNpy, Format::kSafetensors, Format::kCsv}) {
    Tensor back = through(t, out, dir + "/t" + format_extension(out));
    bool same = back.dtype == t.dtype && back.values.size() == t.values.size();
    for (std::size_t i = 0; same && i < t.values.size(); ++i) same = same_bits(back.values[i], t.values[i]);
    if (!same) {
      std::fprintf(stderr, "roundtrip: %s changed the tensor (%zu values, %s)\n", format_name(out), t.values.size(), dtype_name(t.dtype));
      std::abort();
    }
  }
  return 0;
}
