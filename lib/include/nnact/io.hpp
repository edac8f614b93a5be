// Formats, byte sources and sinks, and the readers (decoders) and writers (encoders) per format.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "nnact/tensor.hpp"

namespace nnact {

enum class Format { kAuto, kCsv, kTsv, kJson, kNdjson, kNpy, kTxt, kSafetensors, kNpz };

const char* format_name(Format format);
// "csv", "tsv", ... ("auto" too); nullopt for an unknown name.
std::optional<Format> parse_format(std::string_view name);
// By file extension (.csv .tsv .tab .json .ndjson .jsonl .npy .txt), looking through a
// compression extension (data.csv.gz -> csv); kAuto when unknown.
Format format_from_extension(std::string_view path);
// Guesses a format from the first bytes of an input (npy magic, JSON document, NDJSON, CSV).
Format sniff_format(std::string_view head);
// The extension written for a format, with its dot: ".csv".
const char* format_extension(Format format);

// Compressed byte streams, read and written through Debian's zlib, libzstd, libbz2, liblzma.
enum class Compression { kNone, kGzip, kZstd, kBzip2, kXz };
// "none", "gz", "zst", "bz2", "xz".
const char* compression_name(Compression compression);
// "none"/"gz"/"gzip"/"zst"/"zstd"/"bz2"/"bzip2"/"xz"; nullopt for an unknown name.
std::optional<Compression> parse_compression(std::string_view name);
// By the last extension (.gz .zst .bz2 .xz); kNone otherwise.
Compression compression_from_extension(std::string_view path);
// The extension of a compression, with its dot (".gz"); "" for kNone.
const char* compression_extension(Compression compression);
// `path` without its compression extension: "d/data.csv.gz" -> "d/data.csv".
std::string_view strip_compression_extension(std::string_view path);

enum class Header { kAuto, kYes, kNo };
enum class JsonNonfinite { kNull, kLiteral, kError };

struct ReadOptions {
  Format format = Format::kAuto;
  char delimiter = ',';
  Header header = Header::kAuto;
  std::string fields;  // -f LIST; empty = every field
  // CSV/TSV comment lines: a line starting with `comment` passes through unchanged and is never
  // the header. '\0' (auto): only a first line starting with '#' is one, when the records after
  // it would not parse with it as their header (a header line follows it).
  char comment = '\0';
  // The dtype values are read in (Batch::dtype). With keep_dtype (--dtype auto) the floating
  // arrays of a typed input keep their own dtype (an npy '<f8' stays float64, '<f2' float16)
  // and `dtype` is for the rest: integer and bool arrays, and text. Without it every value is
  // converted to `dtype`, rounded once.
  DType dtype = DType::kFloat32;
  bool keep_dtype = false;
  // Set for axis ops: a row (e.g. a long top-level JSON array of numbers) is never split
  // across batches, at the cost of holding it in memory.
  bool whole_rows = false;
  // CSV/TSV and txt: a record longer than a block is handed out in pieces (Batch::row_open,
  // row_continued) instead of being held whole. Only for element-wise ops and writers that
  // join pieces (Encoder::takes_row_pieces); run_pipeline sets it when both hold.
  bool record_pieces = false;
  // Containers (safetensors, npz): hand out the header and the unselected tensors as pass-through
  // text too, for same-format output; otherwise only the selected tensors' values.
  bool pass_through = false;
  // --na: cells (CSV/TSV, txt tokens) equal to one of these, after trimming spaces, are missing
  // values; "" stands for an empty cell. Empty: no token is missing (each is an error).
  std::vector<std::string> na = {"NA", "N/A", "NULL", "null", "None", ""};
  // CSV/TSV numbers' decimal mark (--decimal): '.' or ',' ("1,5" as pandas' decimal=',' reads
  // it; "1.5" is then not a number). The other formats always use '.'.
  char decimal = '.';
};

struct WriteOptions {
  Format format = Format::kAuto;  // kAuto = the input's format
  // CSV output's delimiter (--output-delimiter); 0: the input's ReadOptions::delimiter (-d).
  // Another one turns CSV into CSV through a conversion. Only for CSV output.
  char delimiter = 0;
  int precision = 0;  // significant digits; 0 = shortest round trip of the dtype
  JsonNonfinite nonfinite = JsonNonfinite::kNull;
  char decimal = '.';  // CSV/TSV numbers' decimal mark, as ReadOptions::decimal
  // No dtype: each batch is written in its own (Batch::dtype).
};

// Thrown by Output::write when the reader of a pipe went away: not an error (exit 0).
struct PipeClosed {};

namespace detail {
class Inflater;
class Deflater;
}  // namespace detail

// A byte source read in large blocks: a file, or standard input for "-".
// Throws Error(kIo) naming the path when it cannot be opened or read.
// Compressed data (gzip, zstd, bzip2, xz: known by its magic bytes) is handed out decompressed,
// concatenated members and frames read whole; a corrupt or truncated stream throws Error(kData)
// naming the offset in the compressed bytes. A file whose extension says compressed but whose
// bytes do not is bad data too.
class Input {
 public:
  static Input open(const std::string& path);
  // Bytes already in memory (tests, fuzz targets); `name` is used in messages.
  static Input from_bytes(std::string bytes, std::string name);
  Input(Input&&) noexcept;
  Input& operator=(Input&&) noexcept;
  ~Input();

  // Up to `n` bytes from the start of the input, without consuming them (for sniffing). On a
  // live source (a pipe, terminal or socket) it stops early once it holds a complete line and
  // no more has arrived, so that a slow stream is not held up.
  std::string_view peek(std::size_t n);
  // Reads up to `n` bytes; 0 only at the end of the input.
  std::size_t read(char* data, std::size_t n);
  // How the bytes are stored (found from the magic bytes on the first peek or read).
  Compression compression();
  // The name used in messages: the path, or "<stdin>".
  const std::string& name() const { return name_; }
  const std::string& path() const { return path_; }
  // Adds the bytes taken from the source (compressed, if it is) to `counter` from now on
  // (progress bars); null: stop.
  void count_bytes(std::atomic<std::uint64_t>* counter) { counter_ = counter; }
  // Whether a read now would wait: a live source with nothing arrived (and no end of file).
  bool would_wait() const;
  // Called (on the reading thread) just before a read of a live source that would wait for
  // more to arrive: the moment to write out what has been read so far. Null: none.
  void on_idle(std::function<void()> hook) { idle_ = std::move(hook); }

 private:
  Input();
  void start();                                  // finds the compression, once
  std::size_t read_raw(char* data, std::size_t n);  // the bytes as stored
  std::function<std::size_t(char*, std::size_t)> raw_reader();  // read_raw of this object
  std::size_t read_plain(char* data, std::size_t n);  // decompressed if need be
  std::size_t read_fd(char* data, std::size_t n);     // calls idle_ first if it would wait
  bool source_idle() const;                           // live, and nothing readable on fd_ now
  int fd_ = -1;
  bool owned_ = false;
  bool started_ = false;
  bool live_ = false;  // a pipe, terminal or socket: reads return what has arrived
  Compression compression_ = Compression::kNone;
  std::string path_;
  std::string name_;
  std::string raw_;              // stored bytes read ahead for the magic (or in-memory input)
  std::size_t raw_pos_ = 0;
  std::unique_ptr<detail::Inflater> inflater_;  // null: not compressed
  std::string pending_;       // peeked bytes not yet handed out by read()
  std::size_t pending_pos_ = 0;  // how much of pending_ read() has handed out
  std::atomic<std::uint64_t>* counter_ = nullptr;
  std::function<void()> idle_;
};

// A byte sink: standard output, or a file written atomically (temporary file in the same
// directory, renamed over the target by commit(); removed if never committed). A target that
// exists and is not a regular file (/dev/null, /dev/full, a FIFO) is written directly.
// write() throws Error(kIo) on failure (e.g. "No space left on device"), PipeClosed on EPIPE.
class Output {
 public:
  static Output standard_output();
  // `mode`: the permission bits the file gets on commit; -1 = 0666 less the umask. `durable`:
  // commit() fsyncs the file before the rename (rsync --fsync, gzip --synchronous).
  static Output atomic_file(const std::string& path, int mode = -1, bool durable = false);
  // From now on write() compresses (before anything is written); close() ends the stream.
  // A compressed output is not seekable.
  void compress(Compression compression);
  Output(Output&&) noexcept;
  Output& operator=(Output&&) noexcept;
  ~Output();

  void write(std::string_view bytes);
  // Overwrites bytes at `offset` of what was written (npy shape patch). Only for outputs that
  // are regular files: -o files, and standard output redirected to a file (not in append mode).
  bool seekable() const { return seek_base_ >= 0 && !deflater_; }
  void write_at(std::size_t offset, std::string_view bytes);
  // Ends writing: gives the temporary file its permissions, fsyncs it if durable and closes it
  // (commit() does this first). Throws Error(kIo), having removed the temporary file.
  void close();
  // close(), then renames the temporary file over the target, so readers see the old file or the
  // whole new one. Throws Error(kIo).
  void commit();
  const std::string& name() const { return name_; }

 private:
  Output();
  void write_stored(std::string_view bytes);  // the bytes as they go to the file
  void allocate_ahead(std::size_t n);         // before n more bytes go to a temporary file
  void discard() noexcept;
  [[noreturn]] void fail();  // discard(), then throw Error(kIo) with errno's message
  int fd_ = -1;
  bool owned_ = false;     // fd_ is closed by this object
  int temp_handle_ = -1;   // entry of temp_path_ in the table remove_temporary_files() uses
  std::string path_;
  std::string temp_path_;
  std::string name_;
  int mode_ = -1;
  bool durable_ = false;
  long long seek_base_ = -1;  // file offset where this output began; -1: not seekable
  std::uint64_t written_ = 0;   // bytes write() has put in a temporary file
  std::uint64_t allocated_ = 0;  // its length fallocate() gave it; 0: none (small, or refused)
  bool allocating_ = true;       // fallocate() has not failed
  std::unique_ptr<detail::Deflater> deflater_;  // null: written as is
  std::string compressed_;                      // deflater output not yet written
};

// Removes the temporary file of every Output not yet committed or destroyed. Async-signal-
// safe (lock-free atomics and unlink only): for a SIGINT/SIGTERM handler, which should then
// re-raise the signal. Never throws.
void remove_temporary_files() noexcept;

// A unit of work handed from a decoder to the workers: raw bytes still to parse (text formats
// that split at record boundaries), or a batch a sequential decoder has already parsed.
struct Chunk {
  std::string raw;
  Batch batch;
  bool parsed = false;
  // Set by the consumer before parse(): it takes Batch::floats (float32 values in their own
  // storage) instead of Batch::values, so a binary reader of float32 data may fill those.
  bool typed = false;
  // Set with `typed` when the consumer also takes Batch::kept (number text left in the template).
  bool keep_text = false;
  // Where `raw` starts when it continues a record cut into pieces (batch.row_continued): the
  // 0-based byte column on batch.first_line, the 0-based field (CSV) and whether a '[' is
  // open (txt).
  std::uint64_t column = 0;
  std::size_t field = 0;
  bool bracket = false;
};

// Reads one format. run() is called once, on one thread, and hands out chunks in order;
// parse() may run on any thread at the same time for different chunks.
class Decoder {
 public:
  virtual ~Decoder() = default;
  // Throws Error(kData) with "name:line:col" for bad input, Error(kIo) for read failures.
  virtual void run(Input& input, const std::function<void(Chunk&&)>& emit) = 0;
  // Fills chunk.batch from chunk.raw, batch.dtype included. Default: nothing to do (already
  // parsed).
  virtual void parse(Chunk& chunk) const;
  // After run(): a choice made from the content the user may want to hear of (-v); "" if none.
  virtual std::string note() const { return {}; }
};

// Writes one format. encode() may run on any thread; begin(), ordered() and end() run on the
// writing thread, in stream order.
class Encoder {
 public:
  virtual ~Encoder() = default;
  virtual void begin(Output& output);
  // Writes batch.values in batch.dtype. Throws Error when the format cannot hold that dtype
  // (npy and bfloat16: kUsage).
  virtual void encode(const Batch& batch, std::string& out) const = 0;
  // Whether encode() writes a batch that holds Batch::floats instead of values (npy).
  virtual bool takes_floats() const { return false; }
  // Whether encode() copies the text of values the op left unchanged (Batch::kept).
  virtual bool takes_kept_text() const { return false; }
  // Whether encode() and ordered() join a row handed out in pieces (Batch::row_open,
  // row_continued) into the row it was; otherwise the reader holds each row whole.
  virtual bool takes_row_pieces() const { return false; }
  // Whether encode() writes non-finite values as JSON null (which the caller warns about).
  virtual bool nonfinite_as_null() const { return false; }
  // Sees each batch and its encoded bytes in stream order just before they are written: for
  // checks across batches (npy shape) and stream-level fix-ups (JSON separators). Throws Error.
  virtual void ordered(const Batch& batch, std::string& encoded);
  virtual void end(Output& output);
};

// The decoder for `options.format` (must not be kAuto); `name` is used in messages.
std::unique_ptr<Decoder> make_decoder(const ReadOptions& options, const std::string& name);
// The encoder writing `options.format` for an input read with `input` (its format resolved):
// same-format output when the formats (and CSV delimiters) agree. From CSV/TSV every cell is
// written: CSV/TSV keep the header and text cells (quoted as the target needs), JSON/NDJSON
// write objects keyed by the header (arrays without one); npy and txt take the values only.
// Throws Error(kUsage) for an output delimiter on a format other than CSV.
std::unique_ptr<Encoder> make_encoder(const WriteOptions& options, const ReadOptions& input);

// Number text. parse_number reads the whole of `text` (decimal, exponent, leading '+',
// nan/inf/infinity in any case) rounded once to the dtype; false if it is not a number.
// Out-of-range magnitudes become ±inf or ±0, as strtod does.
bool parse_number(std::string_view text, DType dtype, double& value);
// Appends an integer below 1e16 with all its digits (100000, float32 1e15 as 999999986991104),
// any other value as the shortest text that reads back to the same value of the dtype, laid
// out as std::to_chars lays it out (or `precision` significant digits, never turning an integer
// into exponent form). NaN is "nan". Every dtype, float16 and bfloat16 included.
void format_number(double value, DType dtype, int precision, std::string& out);

}  // namespace nnact
