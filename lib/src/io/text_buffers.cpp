#include "io/text_buffers.hpp"

#include <mutex>
#include <utility>
#include <vector>

namespace nnact {
namespace {

constexpr std::size_t kPooled = 8;          // a pipeline's window, about
constexpr std::size_t kSmallest = 1 << 16;  // bytes: smaller buffers are not worth keeping

template <class Buffer>
class Pool {
 public:
  Buffer take() {
    std::lock_guard lock(mutex_);
    if (buffers_.empty()) return Buffer();
    Buffer buffer = std::move(buffers_.back());
    buffers_.pop_back();
    return buffer;
  }
  void give(Buffer&& buffer) {
    if (buffer.capacity() * sizeof(typename Buffer::value_type) < kSmallest) return;
    std::lock_guard lock(mutex_);
    if (buffers_.size() < kPooled) buffers_.push_back(std::move(buffer));
  }

 private:
  std::mutex mutex_;
  std::vector<Buffer> buffers_;
};

Pool<std::string>& texts() {
  static Pool<std::string> instance;
  return instance;
}

Pool<std::vector<float>>& floats() {
  static Pool<std::vector<float>> instance;
  return instance;
}

}  // namespace

std::string take_text_buffer() { return texts().take(); }
void recycle_text_buffer(std::string&& buffer) { texts().give(std::move(buffer)); }
std::vector<float> take_float_buffer() { return floats().take(); }
void recycle_float_buffer(std::vector<float>&& buffer) { floats().give(std::move(buffer)); }

}  // namespace nnact
