// The pipeline: the decoder runs on the calling thread and hands out chunks in order; workers
// parse, transform and encode them; a writer thread writes them in stream order. A bounded
// window of chunks in flight keeps memory flat. Threads start only once a second chunk shows
// up, so small inputs (the shell-pipeline case) run inline with no thread at all.
#include "nnact/pipeline.hpp"

#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>

namespace nnact {
namespace {

struct Slot {
  Chunk chunk;
  std::string encoded;
  std::exception_ptr error;
  bool done = false;
};

struct Stages {
  const Decoder& decoder;
  const Op& op;
  Encoder& encoder;
  Output& output;
};

void process(const Stages& stages, Slot& slot) {
  try {
    if (!slot.chunk.parsed) stages.decoder.parse(slot.chunk);
    stages.op.transform(slot.chunk.batch);
    stages.encoder.encode(slot.chunk.batch, slot.encoded);
    // Only the shape is still needed (by Encoder::ordered): free the rest while it waits.
    Batch& batch = slot.chunk.batch;
    batch.text = std::string();
    batch.holes = std::vector<std::size_t>();
    batch.values = std::vector<double>();
  } catch (...) {
    slot.error = std::current_exception();
  }
}

void write_slot(const Stages& stages, Slot& slot) {
  if (slot.error) std::rethrow_exception(slot.error);
  stages.encoder.ordered(slot.chunk.batch, slot.encoded);
  stages.output.write(slot.encoded);
}

class Parallel {
 public:
  Parallel(const Stages& stages, int jobs)
      : stages_(stages), window_(static_cast<std::size_t>(jobs) * 2 + 1) {
    for (int i = 0; i < jobs; ++i) workers_.emplace_back([this] { work(); });
    writer_ = std::thread([this] { write_all(); });
  }

  ~Parallel() {
    stop();
    for (auto& worker : workers_) worker.join();
    if (writer_.joinable()) writer_.join();
  }

  // Queues a chunk; waits while the window is full. Throws the writer's error if it gave up.
  void submit(Chunk&& chunk) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return stopped_ || in_flight_.size() < window_; });
    if (stopped_) std::rethrow_exception(write_error_);
    auto slot = std::make_unique<Slot>();
    slot->chunk = std::move(chunk);
    todo_.push_back(slot.get());
    in_flight_.push_back(std::move(slot));
    changed_.notify_all();
  }

  // After the last submit: waits until everything is written; throws the writer's error.
  void finish() {
    {
      std::lock_guard lock(mutex_);
      produced_all_ = true;
      changed_.notify_all();
    }
    writer_.join();
    if (write_error_) std::rethrow_exception(write_error_);
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
      process(stages_, *slot);
      lock.lock();
      slot->done = true;
      changed_.notify_all();
    }
  }

  void write_all() {
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
        write_slot(stages_, *slot);
      }
    } catch (...) {
      write_error_ = std::current_exception();
      stop();
    }
  }

  void stop() {
    std::lock_guard lock(mutex_);
    stopped_ = true;
    changed_.notify_all();
  }

  const Stages stages_;
  const std::size_t window_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::unique_ptr<Slot>> in_flight_;  // in stream order
  std::deque<Slot*> todo_;
  bool produced_all_ = false;
  bool stopped_ = false;
  std::exception_ptr write_error_;  // set by the writer before it stops everything
  std::vector<std::thread> workers_;
  std::thread writer_;
};

}  // namespace

void run_pipeline(Input& input, const Op& op, Output& output, const RunOptions& options) {
  auto decoder = make_decoder(options.read, input.name());
  auto encoder = make_encoder(options.write, options.read.format);
  const Stages stages{*decoder, op, *encoder, output};
  encoder->begin(output);
  std::optional<Chunk> held;  // the first chunk, until we know whether threads pay
  std::optional<Parallel> parallel;
  auto inline_run = [&](Chunk&& chunk) {
    Slot slot;
    slot.chunk = std::move(chunk);
    process(stages, slot);
    write_slot(stages, slot);
  };
  decoder->run(input, [&](Chunk&& chunk) {
    if (options.jobs <= 1) return inline_run(std::move(chunk));
    if (!parallel && !held) {
      held.emplace(std::move(chunk));
      return;
    }
    if (!parallel) {
      parallel.emplace(stages, options.jobs);
      parallel->submit(std::move(*held));
      held.reset();
    }
    parallel->submit(std::move(chunk));
  });
  if (parallel) parallel->finish();
  if (held) inline_run(std::move(*held));
  encoder->end(output);
}

}  // namespace nnact
