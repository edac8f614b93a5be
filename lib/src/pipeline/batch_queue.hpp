// A short queue of batches between a file's reader thread and the stream that consumes them
// (--expect's expected file, --upstream's gradients): neither stream is held whole.
#pragma once

#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>

#include "nnact/io.hpp"

namespace nnact {

class BatchQueue {
 public:
  static constexpr std::size_t kQueued = 4;  // batches read ahead
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

// Starts a thread that reads `input` with `read` into `queue` and closes it (with the reader's
// error, if any); stop() on the queue unwinds it. `input` and `queue` must outlive the thread.
inline std::thread read_into(BatchQueue& queue, Input& input, const ReadOptions& read) {
  return std::thread([&queue, &input, read] {
    try {
      auto decoder = make_decoder(read, input.name());
      decoder->run(input, [&](Chunk&& chunk) {
        if (!chunk.parsed) decoder->parse(chunk);
        queue.push(std::move(chunk.batch));
      });
      queue.close(nullptr);
    } catch (const BatchQueue::Stopped&) {
    } catch (...) {
      queue.close(std::current_exception());
    }
  });
}

}  // namespace nnact
