// A short queue of batches between a file's reader thread and the stream that consumes them
// (--expect's expected file, --upstream's gradients): neither stream is held whole.
#pragma once

#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>

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

}  // namespace nnact
