// compare_run: the expected file is read on a thread of its own into a short queue while the
// pipeline's result batches are compared with it as they come; neither stream is held whole.
// The expected file is read in the dtype of the result.
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>

#include "compare/comparer.hpp"
#include "io/sniff.hpp"

namespace nnact {
namespace {

constexpr std::size_t kQueued = 4;  // expected batches read ahead

class BatchQueue {
 public:
  struct Stopped {};  // unwinds the reader when the comparison gave up

  void push(Batch&& batch) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return stopped_ || queue_.size() < kQueued; });
    if (stopped_) throw Stopped{};
    queue_.push_back(std::move(batch));
    changed_.notify_all();
  }
  // The reader is done; `error` (may be null) is rethrown by pop() once the queue is empty.
  void close(std::exception_ptr error) {
    std::lock_guard lock(mutex_);
    closed_ = true;
    error_ = error;
    changed_.notify_all();
  }
  bool pop(Batch& batch) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return closed_ || !queue_.empty(); });
    if (queue_.empty()) {
      if (error_) std::rethrow_exception(error_);
      return false;
    }
    batch = std::move(queue_.front());
    queue_.pop_front();
    changed_.notify_all();
    return true;
  }
  void stop() {
    std::lock_guard lock(mutex_);
    stopped_ = true;
    changed_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<Batch> queue_;
  bool closed_ = false;
  bool stopped_ = false;
  std::exception_ptr error_;
};

bool is_json(Format format) { return format == Format::kJson; }

}  // namespace

Comparison compare_run(Input& input, const OpRequest& op, const RunOptions& options, Input& expected,
                       const ReadOptions& expected_options, const Tolerance& tolerance, std::size_t limit) {
  reject_binary_input(expected, expected_options.format);
  BatchQueue queue;
  std::thread reader;
  // The expected file is read from the first result batch on, once the result's dtype is known,
  // so that its text is read straight in that dtype (rounded once). Called on one thread at a
  // time: the pipeline's delivery, then ours.
  auto start_reader = [&](DType dtype) {
    if (reader.joinable()) return;
    ReadOptions read = expected_options;
    read.dtype = dtype;
    reader = std::thread([&queue, &expected, read] {
      try {
        auto decoder = make_decoder(read, expected.name());
        decoder->run(expected, [&](Chunk&& chunk) {
          if (!chunk.parsed) decoder->parse(chunk);
          queue.push(std::move(chunk.batch));
        });
        queue.close(nullptr);
      } catch (const BatchQueue::Stopped&) {
      } catch (...) {
        queue.close(std::current_exception());
      }
    });
  };
  try {
    Comparer comparer(tolerance, limit, is_json(options.read.format), is_json(expected_options.format),
                      [&](Batch& batch) {
                        start_reader(options.read.dtype);  // no result at all
                        return queue.pop(batch);
                      });
    run_pipeline(input, op, [&](Batch&& batch) {
      start_reader(batch.dtype);
      comparer.add(std::move(batch));
    }, options);
    Comparison result = comparer.finish();
    reader.join();
    return result;
  } catch (...) {
    queue.stop();
    if (reader.joinable()) reader.join();
    throw;
  }
}

}  // namespace nnact
