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
#include "pipeline/columns.hpp"

namespace nnact {
namespace {

struct Slot {
  Chunk chunk;
  std::string encoded;
  std::exception_ptr error;
  std::uint64_t nonfinite = 0;  // non-finite results written as JSON null (a warning says so)
  bool done = false;
};

// Hands a finished slot on, in stream order, one at a time (writes it, or collects it).
using Deliver = std::function<void(Slot&)>;

// `op` null: already transformed. `encoder` null: the batch is delivered as it is, not encoded.
void process(const Decoder& decoder, const Op* op, const Encoder* encoder, Slot& slot) {
  try {
    if (!slot.chunk.parsed) decoder.parse(slot.chunk);
    if (op) op->transform(slot.chunk.batch);
    if (encoder) {
      if (encoder->nonfinite_as_null()) {
        for (double v : slot.chunk.batch.values) slot.nonfinite += !std::isfinite(v);
      }
      encoder->encode(slot.chunk.batch, slot.encoded);
      // Only the shape is still needed (by Encoder::ordered): free the rest while it waits.
      Batch& batch = slot.chunk.batch;
      batch.text = std::string();
      batch.holes = std::vector<std::size_t>();
      batch.values = std::vector<double>();
    }
  } catch (...) {
    slot.error = std::current_exception();
  }
}

// Miller's rule for concatenated CSV: one header when all inputs have the same, else an error.
// Only same-format output copies the header; the header is the start of the first batch.
void share_header(SharedHeader& shared, const Batch& batch, std::string& encoded, const std::string& name) {
  if (batch.index != 0 || encoded.empty()) return;  // an empty input has no say
  // The header's line end, which cells the op appends to the header (crelu) push right.
  std::size_t end = 0;
  if (batch.header_bytes > 0) {
    end = encoded.find('\n', batch.header_bytes - 1);
    end = end == std::string::npos ? encoded.size() : end + 1;
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
  Parallel(const Decoder& decoder, const Op& op, const Encoder* encoder, const Deliver& deliver,
           int jobs)
      : decoder_(decoder),
        op_(op),
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
      process(decoder_, &op_, encoder_, *slot);
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
  const Op& op_;
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

void run_chunks(Input& input, Decoder& decoder, const Op& op, const Encoder* encoder,
                const Deliver& deliver, int jobs) {
  if (along_columns(op)) {  // --axis 0: the whole input, as one batch
    Slot slot;
    slot.chunk.batch = transform_whole_input(input, decoder, op);
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
    process(decoder, &op, encoder, slot);
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
        parallel.emplace(decoder, op, encoder, deliver, jobs);
        parallel->submit(std::move(*std::exchange(held, std::nullopt)));
      }
      parallel->submit(std::move(chunk));
    });
  } catch (...) {
    drain();  // what came before the bad input is still written
    throw;
  }
  drain();
}

}  // namespace

RunStats run_pipeline(Input& input, const Op& op, Output& output, const RunOptions& options) {
  RunStats stats;
  auto decoder = make_decoder(options.read, input.name());
  auto encoder = make_encoder(options.write, options.read.format);
  // Only CSV/TSV copied through their template carry a header into the output.
  bool tabular = options.read.format == Format::kCsv || options.read.format == Format::kTsv;
  bool same_format = options.write.format == options.read.format;
  SharedHeader* shared = same_format && tabular ? options.shared_header : nullptr;
  encoder->begin(output);
  run_chunks(input, *decoder, op, encoder.get(), [&](Slot& slot) {
    if (slot.error) std::rethrow_exception(slot.error);
    if (shared) share_header(*shared, slot.chunk.batch, slot.encoded, input.name());
    stats.nonfinite_nulls += slot.nonfinite;
    encoder->ordered(slot.chunk.batch, slot.encoded);
    output.write(slot.encoded);
  }, options.jobs);
  encoder->end(output);
  stats.note = decoder->note();
  return stats;
}

void run_pipeline(Input& input, const Op& op, const std::function<void(Batch&&)>& sink,
                  const RunOptions& options) {
  auto decoder = make_decoder(options.read, input.name());
  run_chunks(input, *decoder, op, nullptr, [&](Slot& slot) {
    if (slot.error) std::rethrow_exception(slot.error);
    sink(std::move(slot.chunk.batch));
  }, options.jobs);
}

}  // namespace nnact
