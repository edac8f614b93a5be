// The pipeline: the decoder runs on the calling thread and hands out chunks in order; workers
// parse, transform and encode them; a delivery thread writes (or collects) them in stream
// order. A bounded window of chunks in flight keeps memory flat. Threads start only once a
// second chunk shows up, so small inputs (the shell-pipeline case) run inline with none at all;
// a chunk held back so is written as soon as a live input (a pipe) would make the reader wait.
#include "nnact/pipeline.hpp"

#include <cmath>
#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>

#include "nnact/status.hpp"
#include "io/csv_cells.hpp"
#include "io/sniff.hpp"
#include "io/text_buffers.hpp"
#include "pipeline/bound_ops.hpp"
#include "pipeline/upstream.hpp"
#include "pipeline/whole_tensor.hpp"

namespace nnact {
namespace {

struct Slot {
  Chunk chunk;
  std::string encoded;
  std::exception_ptr error;
  std::uint64_t nonfinite = 0;  // non-finite results written as JSON null (a warning says so)
  std::uint64_t missing = 0;    // missing values read (-v says how many)
  std::size_t values = 0;       // numbers transformed
  bool done = false;
};

// Hands a finished slot on, in stream order, one at a time (writes it, or collects it).
using Deliver = std::function<void(Slot&)>;

// `ops` null: already transformed. `encoder` null: the batch is delivered as it is, not encoded.
// `upstream` (--upstream; then process runs in stream order): the batch gets dy * f'(x).
void process(const Decoder& decoder, BoundOps* ops, const Encoder* encoder, Slot& slot,
             UpstreamReader* upstream = nullptr) {
  try {
    // Typed batches (float32 kept as floats) when the op is element-wise and the writer takes them.
    slot.chunk.typed = ops && !upstream && encoder && encoder->takes_floats() && !ops->prototype().spec().along_axis;
    slot.chunk.keep_text = slot.chunk.typed && encoder->takes_kept_text();
    if (!slot.chunk.parsed) decoder.parse(slot.chunk);
    Batch& x = slot.chunk.batch;
    slot.missing = x.missing.size();
    if (!x.floats.empty()) {
      if (!x.kept.empty()) x.read = x.floats;  // the writer keeps the text of unchanged values
      if (ops) ops->get(x.dtype).apply_floats(x.floats);
      slot.values = x.floats.size();
    } else if (ops && upstream) {
      const Op& op = ops->get(x.dtype);
      const std::size_t factor = op.spec().name == "crelu" ? 2 : 1;
      op.apply_upstream(x.values, upstream->take(x.values.size() * factor, x.dtype), x.rows);
    } else if (ops) {
      ops->get(x.dtype).transform(x);
    }
    if (x.floats.empty()) slot.values = x.values.size();
    if (encoder) {
      if (encoder->nonfinite_as_null()) {  // missing values are written as null, no warning
        for (double v : slot.chunk.batch.values) slot.nonfinite += !std::isfinite(v);
        for (float v : slot.chunk.batch.floats) slot.nonfinite += !std::isfinite(v);
        slot.nonfinite -= slot.chunk.batch.missing.size();
      }
      encoder->encode(slot.chunk.batch, slot.encoded);
      // Only the shape is still needed (by Encoder::ordered): free the rest while it waits.
      Batch& batch = slot.chunk.batch;
      recycle_text_buffer(std::move(batch.text));
      batch.text = std::string();
      batch.holes = std::vector<std::size_t>();
      batch.values = std::vector<double>();
      recycle_float_buffer(std::move(batch.floats));
      batch.floats = std::vector<float>();
      batch.kept = std::vector<std::uint8_t>();
      batch.read = std::vector<float>();
      batch.missing = std::vector<std::size_t>();
    }
  } catch (...) {
    slot.error = std::current_exception();
  }
}

// Miller's rule for concatenated CSV: one header when all inputs have the same, else an error.
// The header is the first record of the first batch's output.
void share_header(SharedHeader& shared, const Batch& batch, std::string& encoded, const std::string& name) {
  if (batch.index != 0 || encoded.empty()) return;  // an empty input has no say
  std::size_t end = 0;
  if (batch.header_bytes > 0) {
    end = first_record_end(encoded);
    if (end == 0) end = encoded.size();
  }
  std::string header = encoded.substr(0, end);
  while (!header.empty() && (header.back() == '\n' || header.back() == '\r')) header.pop_back();
  if (!shared.seen) {
    shared.seen = true;
    shared.text = header;
    return;
  }
  if (header != shared.text) {
    auto show = [](const std::string& h) { return h.empty() ? std::string("no header") : "header \"" + h + "\""; };
    throw Error(ErrorKind::kData, name,
                show(header) + " differs from the first input's " + show(shared.text) +
                    " (inputs written to one output need the same header)");
  }
  encoded.erase(0, end);
}

class Parallel {
 public:
  Parallel(const Decoder& decoder, BoundOps& ops, const Encoder* encoder, const Deliver& deliver,
           int jobs)
      : decoder_(decoder),
        ops_(ops),
        encoder_(encoder),
        deliver_(deliver),
        window_(static_cast<std::size_t>(jobs) * 2 + 1) {
    for (int i = 0; i < jobs; ++i) workers_.emplace_back([this] { work(); });
    deliverer_ = std::thread([this] { deliver_all(); });
  }

  ~Parallel() {
    stop();
    for (auto& worker : workers_) worker.join();
    if (deliverer_.joinable()) deliverer_.join();
  }

  // Queues a chunk; waits while the window is full. Throws the delivery error if it gave up.
  void submit(Chunk&& chunk) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return stopped_ || in_flight_.size() < window_; });
    if (stopped_) std::rethrow_exception(deliver_error_);
    auto slot = std::make_unique<Slot>();
    slot->chunk = std::move(chunk);
    todo_.push_back(slot.get());
    in_flight_.push_back(std::move(slot));
    changed_.notify_all();
  }

  // After the last submit: waits until everything is delivered; throws the delivery error.
  void finish() {
    {
      std::lock_guard lock(mutex_);
      produced_all_ = true;
      changed_.notify_all();
    }
    deliverer_.join();
    if (deliver_error_) std::rethrow_exception(deliver_error_);
  }

 private:
  void work() {
    std::unique_lock lock(mutex_);
    for (;;) {
      changed_.wait(lock, [&] { return stopped_ || !todo_.empty(); });
      if (stopped_) return;
      Slot* slot = todo_.front();
      todo_.pop_front();
      lock.unlock();
      process(decoder_, &ops_, encoder_, *slot);
      lock.lock();
      slot->done = true;
      changed_.notify_all();
    }
  }

  void deliver_all() {
    try {
      for (;;) {
        std::unique_ptr<Slot> slot;
        {
          std::unique_lock lock(mutex_);
          changed_.wait(lock, [&] {
            return stopped_ || (!in_flight_.empty() && in_flight_.front()->done) ||
                   (in_flight_.empty() && produced_all_);
          });
          if (stopped_ || in_flight_.empty()) return;
          slot = std::move(in_flight_.front());
          in_flight_.pop_front();
          changed_.notify_all();
        }
        deliver_(*slot);
      }
    } catch (...) {
      deliver_error_ = std::current_exception();
      stop();
    }
  }

  void stop() {
    std::lock_guard lock(mutex_);
    stopped_ = true;
    changed_.notify_all();
  }

  const Decoder& decoder_;
  BoundOps& ops_;
  const Encoder* encoder_;
  const Deliver& deliver_;
  const std::size_t window_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::unique_ptr<Slot>> in_flight_;  // in stream order
  std::deque<Slot*> todo_;
  bool produced_all_ = false;
  bool stopped_ = false;
  std::exception_ptr deliver_error_;  // set by the delivery thread before it stops everything
  std::vector<std::thread> workers_;
  std::thread deliverer_;
};

void run_chunks(Input& input, Decoder& decoder, BoundOps& ops, const Encoder* encoder,
                const Deliver& deliver, int jobs, const RunOptions& options) {
  std::optional<UpstreamReader> upstream;
  if (options.upstream != nullptr) {
    if (holds_whole_input(ops.prototype(), options.read.format)) throw usage_error("--upstream works along the last axis only");
    upstream.emplace(*options.upstream, options.upstream_read, input.name());
    jobs = 1;  // the upstream values are handed out in stream order
  }
  if (holds_whole_input(ops.prototype(), options.read.format)) {  // any axis but the last: the whole input
    Slot slot;
    slot.chunk.batch = transform_whole_input(input, decoder, ops, options.read);
    slot.chunk.parsed = true;
    process(decoder, nullptr, encoder, slot);
    deliver(slot);
    return;
  }
  std::optional<Chunk> held;  // the first chunk, until we know whether threads pay
  std::optional<Parallel> parallel;
  auto inline_run = [&](Chunk&& chunk) {
    Slot slot;
    slot.chunk = std::move(chunk);
    process(decoder, &ops, encoder, slot, upstream ? &*upstream : nullptr);
    deliver(slot);
  };
  // Delivers what was handed out; an error in it comes first, being earlier in the stream.
  auto drain = [&] {
    if (parallel) parallel->finish();
    if (held) inline_run(std::move(*held));
  };
  // A live source about to wait: what is held is written now, not when more arrives.
  struct IdleHook {
    Input& input;
    ~IdleHook() { input.on_idle(nullptr); }
  } idle_hook{input};
  input.on_idle([&] {
    if (held) inline_run(std::move(*std::exchange(held, std::nullopt)));
  });
  try {
    decoder.run(input, [&](Chunk&& chunk) {
      if (jobs <= 1) return inline_run(std::move(chunk));
      if (!parallel && !held) {
        held.emplace(std::move(chunk));
        return;
      }
      if (!parallel) {
        parallel.emplace(decoder, ops, encoder, deliver, jobs);
        parallel->submit(std::move(*std::exchange(held, std::nullopt)));
      }
      parallel->submit(std::move(chunk));
    });
  } catch (...) {
    drain();  // what came before the bad input is still written
    throw;
  }
  drain();
  if (upstream) upstream->finish();
}

void note_dtype(RunStats& stats, DType dtype) {
  for (DType seen : stats.dtypes) {
    if (seen == dtype) return;
  }
  stats.dtypes.push_back(dtype);
}

// What same-format output keeps of the input's text layout that the writers do not carry: the
// UTF-8 byte order mark (at the start of the output: a later input of a concatenation loses
// its own), and the CRLF line ends of txt, which is rewritten row by row.
struct TextLayout {
  bool bom = false;
  bool crlf = false;
};

TextLayout text_layout(Input& input, const RunOptions& options) {
  TextLayout layout;
  const Format format = options.read.format;
  bool text = format == Format::kCsv || format == Format::kTsv || format == Format::kJson ||
              format == Format::kNdjson || format == Format::kTxt;
  if (options.write.format != format || !text) return layout;
  std::string_view head = input.peek(1 << 16);
  layout.bom = head.substr(0, 3) == "\xEF\xBB\xBF" &&
               (options.shared_header == nullptr || !options.shared_header->output_started);
  auto nl = head.find('\n');
  layout.crlf = options.read.format == Format::kTxt && nl != std::string_view::npos && nl > 0 && head[nl - 1] == '\r';
  return layout;
}

void to_crlf(std::string& text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (char c : text) {
    if (c == '\n') out += '\r';
    out += c;
  }
  text = std::move(out);
}

RunStats run_bound(Input& input, BoundOps& ops, Output& output, const RunOptions& options) {
  RunStats stats;
  reject_binary_input(input, options.read.format);
  ReadOptions read = options.read;
  read.pass_through = options.write.format == options.read.format;
  auto encoder = make_encoder(options.write, options.read);
  // An element-wise op needs no whole row: a long one streams in pieces when the writer joins them.
  read.record_pieces = !ops.prototype().spec().along_axis && encoder->takes_row_pieces();
  auto decoder = make_decoder(read, input.name());
  // Only CSV/TSV written as CSV/TSV carry a header into the output.
  auto tabular = [](Format format) { return format == Format::kCsv || format == Format::kTsv; };
  SharedHeader* shared = tabular(options.read.format) && tabular(options.write.format) ? options.shared_header : nullptr;
  const TextLayout layout = text_layout(input, options);
  if (options.shared_header) options.shared_header->output_started = true;
  if (layout.bom) output.write("\xEF\xBB\xBF");
  encoder->begin(output);
  std::uint64_t values = 0;
  bool header = false;
  std::optional<DType> empty_dtype;  // of batches without values (a container's other members)
  run_chunks(input, *decoder, ops, encoder.get(), [&](Slot& slot) {
    if (slot.error) std::rethrow_exception(slot.error);
    values += slot.values;
    header = header || slot.chunk.batch.header_bytes > 0;
    if (shared) share_header(*shared, slot.chunk.batch, slot.encoded, input.name());
    stats.nonfinite_nulls += slot.nonfinite;
    stats.missing += slot.missing;
    if (slot.values == 0) {  // batch.values may be gone (encoded) by now
      empty_dtype = slot.chunk.batch.dtype;
    } else {
      note_dtype(stats, slot.chunk.batch.dtype);
    }
    encoder->ordered(slot.chunk.batch, slot.encoded);
    if (layout.crlf) to_crlf(slot.encoded);
    output.write(slot.encoded);
    recycle_text_buffer(std::move(slot.encoded));
  }, options.jobs, options);
  encoder->end(output);
  stats.note = decoder->note();
  if (stats.dtypes.empty() && empty_dtype) note_dtype(stats, *empty_dtype);
  stats.only_guessed_header = header && values == 0 && options.read.header == Header::kAuto;
  return stats;
}

}  // namespace

RunStats run_pipeline(Input& input, const OpRequest& op, Output& output, const RunOptions& options) {
  BoundOps ops(op);
  return run_bound(input, ops, output, options);
}

RunStats run_pipeline(Input& input, const Op& op, Output& output, const RunOptions& options) {
  BoundOps ops(op);
  RunOptions converted = options;
  converted.read.dtype = op.dtype();
  converted.read.keep_dtype = false;
  return run_bound(input, ops, output, converted);
}

RunStats run_pipeline(Input& input, const OpRequest& op, const std::function<void(Batch&&)>& sink,
                      const RunOptions& options) {
  RunStats stats;
  BoundOps ops(op);
  reject_binary_input(input, options.read.format);
  auto decoder = make_decoder(options.read, input.name());
  run_chunks(input, *decoder, ops, nullptr, [&](Slot& slot) {
    if (slot.error) std::rethrow_exception(slot.error);
    note_dtype(stats, slot.chunk.batch.dtype);
    sink(std::move(slot.chunk.batch));
  }, options.jobs, options);
  return stats;
}

}  // namespace nnact
