// .npz reader: a zip of .npy members, as np.savez (stored) and np.savez_compressed (deflated)
// write it, read front to back in blocks. Each member's local header is checked against the
// file's size, its data against its CRC-32 and sizes, and at the end the central directory
// against the members read. A member "x.npy" is the array "x" (np.load's key); a selected
// floating array streams as values, every other member as its bytes (npz output copies them).
#include <algorithm>
#include <set>

#include "container/byte_source.hpp"
#include "container/npz_frames.hpp"
#include "container/tensor_select.hpp"
#include "container/tensor_stream.hpp"
#include "container/zip_member.hpp"
#include "io/codecs.hpp"
#include "io/npy_header.hpp"
#include "nnact/status.hpp"

namespace nnact {
namespace {

constexpr std::size_t kMaxNpyHeader = 1 << 20;
constexpr std::size_t kMaxDirectory = 64 << 20;

class NpzDecoder final : public Decoder {
 public:
  NpzDecoder(const ReadOptions& options, std::string name)
      : options_(options), name_(std::move(name)), selection_(options.fields) {}

  void run(Input& input, const std::function<void(Chunk&&)>& emit) override {
    emit_ = &emit;
    const std::optional<std::uint64_t> size = regular_file_size(input);
    std::uint64_t offset = 0;
    std::string signature = read_up_to(input, 4);
    for (; signature == kZipLocal; signature = read_up_to(input, 4)) {
      std::string local = signature + read_up_to(input, kZipLocalFixed - 4);
      if (local.size() == kZipLocalFixed) local += read_up_to(input, zip_local_variable_size(local));
      if (local.size() < kZipLocalFixed || local.size() < kZipLocalFixed + zip_local_variable_size(local)) {
        throw Error(ErrorKind::kData, name_, "npz file ends inside the local header at offset " + std::to_string(offset));
      }
      ZipEntry entry = parse_zip_local(std::move(local), name_);
      entry.offset = offset;
      const std::uint64_t data_at = offset + entry.local.size();
      if (size && (entry.compressed > *size || data_at + entry.compressed > *size)) {
        bad(entry, "its data (" + std::to_string(entry.compressed) + " bytes at offset " + std::to_string(data_at) +
                       ") goes beyond the end of the file (" + std::to_string(*size) + " bytes)");
      }
      if (!names_.insert(entry.name).second) bad(entry, "appears twice");
      member(input, entry);
      offset = data_at + entry.compressed;
      seen_.push_back(std::move(entry));
    }
    if (signature != kZipCentral && signature != "PK\x06\x06" && signature != "PK\x05\x06") {
      throw Error(ErrorKind::kData, name_, "npz: expected a zip local header or central directory at offset " + std::to_string(offset) +
                                               (offset == 0 ? " (not a zip file)" : ""));
    }
    std::string directory = signature + read_up_to(input, kMaxDirectory);
    if (directory.size() > kMaxDirectory) throw Error(ErrorKind::kData, name_, "npz central directory is over 64 MiB");
    check_zip_directory(directory, offset, seen_, name_);
    selection_.check_matches(arrays_);
  }

 private:
  void member(Input& input, const ZipEntry& entry) {
    const bool pass = options_.pass_through;
    const bool npy = entry.name.size() > 4 && entry.name.ends_with(".npy");
    const std::string array = npy ? entry.name.substr(0, entry.name.size() - 4) : "";
    if (npy) arrays_.push_back(array);
    bool deciding = npy && selection_.selects(array), copying = !deciding;
    std::string held;  // the member's bytes read while its npy header decides
    if (copying && pass) frame(npz_frame::kCopied, entry.local);
    ZipMemberReader reader(input, entry, name_, [&](std::string_view raw) {
      if (deciding && pass) held += raw;
      if (copying && pass) frame(npz_frame::kBytes, raw);
    });
    if (deciding) {
      NpyHeader h;
      std::string head = npy_head(reader, entry, h);
      deciding = false;
      if (h.kind != 'f') {
        if (selection_.names_exactly(array)) {
          throw usage_error("-f " + array + ": npz array \"" + array + "\" is not floating; only float16/32/64 arrays are computed, the others pass through");
        }
        copying = true;
        if (pass) {
          frame(npz_frame::kCopied, entry.local);
          frame(npz_frame::kBytes, held);
        }
      } else {
        compute(reader, entry, array, h, head);
        char extra;
        if (reader.read(&extra, 1) != 0) bad(entry, "holds more bytes than its npy header's shape");
      }
    }
    reader.finish();
    if (!copying && pass) frame(npz_frame::kEnd, "");
  }

  void compute(ZipMemberReader& reader, const ZipEntry& entry, const std::string& array, const NpyHeader& h, const std::string& head) {
    const DType stored = h.item_size == 2 ? DType::kFloat16 : h.item_size == 4 ? DType::kFloat32 : DType::kFloat64;
    const DType dtype = read_dtype(options_, stored);
    const bool pass = options_.pass_through;
    if (h.fortran_order && (options_.whole_rows || !pass)) {
      throw usage_error("npz array \"" + array + "\" is in Fortran order: nnact computes it only element-wise, into npz");
    }
    if (pass) {
      if (dtype == DType::kBFloat16) throw usage_error(npy_bfloat16_message("write"));
      if (dtype != stored && h.fortran_order) throw usage_error("npz array \"" + array + "\" is in Fortran order: its dtype is kept (no --dtype)");
      frame(npz_frame::kComputed, entry.local);
      frame(npz_frame::kNpyHeader, dtype == stored ? head : make_npy_header(h.shape, dtype));
    }
    const bool big = h.big_endian && dtype == stored;  // written back in its own byte order
    const std::string text = pass ? std::string(1, big ? npz_frame::kValuesBig : npz_frame::kValues) : "";
    TensorLayout layout{array, h.shape, h.values(), h.item_size, stored, h.big_endian};
    stream_tensor(reader, layout, dtype, options_.whole_rows, text, [&](Chunk& chunk) { send(chunk); },
                  [&] { bad(entry, "its data ends before its npy header's shape is filled"); });
  }

  // The member's npy preamble and header dict, parsed.
  std::string npy_head(ZipMemberReader& reader, const ZipEntry& entry, NpyHeader& h) {
    std::string head = read_up_to(reader, 8);
    if (head.size() < 8 || !head.starts_with(kNpyMagic)) bad(entry, "is not an npy array (no \\x93NUMPY magic)");
    const unsigned major = static_cast<unsigned char>(head[6]);
    if (major < 1 || major > 3) bad(entry, "npy version " + std::to_string(major) + " (1, 2 and 3 are read)");
    const std::size_t preamble = npy_preamble_size(major);
    head += read_up_to(reader, preamble - 8);
    if (head.size() < preamble) bad(entry, "its npy header is cut short");
    std::size_t length = 0;
    for (std::size_t i = preamble; i-- > 8;) length = length << 8 | static_cast<unsigned char>(head[i]);
    if (length > kMaxNpyHeader) bad(entry, "its npy header claims " + std::to_string(length) + " bytes (over 1 MiB)");
    std::string dict = read_up_to(reader, length);
    if (dict.size() < length) bad(entry, "its npy header is cut short");
    h = parse_npy_dict(dict, name_ + ": npz member \"" + entry.name + "\"");
    return head + dict;
  }

  void frame(char kind, std::string_view payload) {
    Chunk chunk;
    chunk.batch.text.reserve(payload.size() + 1);
    chunk.batch.text += kind;
    chunk.batch.text += payload;
    send(chunk);
  }

  void send(Chunk& chunk) {
    chunk.parsed = true;
    chunk.batch.index = index_++;
    (*emit_)(std::move(chunk));
  }

  [[noreturn]] void bad(const ZipEntry& entry, const std::string& what) const {
    throw Error(ErrorKind::kData, name_, "npz member \"" + entry.name + "\": " + what);
  }

  ReadOptions options_;
  std::string name_;
  TensorSelection selection_;
  const std::function<void(Chunk&&)>* emit_ = nullptr;
  std::vector<ZipEntry> seen_;
  std::set<std::string> names_;
  std::vector<std::string> arrays_;
  std::uint64_t index_ = 0;
};

}  // namespace

std::unique_ptr<Decoder> make_npz_decoder(const ReadOptions& options, const std::string& name) {
  return std::make_unique<NpzDecoder>(options, name);
}

}  // namespace nnact
