#include "io/text_buffers.hpp"

#include <mutex>
#include <utility>
#include <vector>

namespace nnact {
namespace {

constexpr std::size_t kPooled = 8;             // a pipeline's window, about
constexpr std::size_t kSmallest = 1 << 16;     // smaller ones are not worth keeping

struct Pool {
  std::mutex mutex;
  std::vector<std::string> buffers;
};

Pool& pool() {
  static Pool instance;
  return instance;
}

}  // namespace

std::string take_text_buffer() {
  Pool& p = pool();
  std::lock_guard lock(p.mutex);
  if (p.buffers.empty()) return std::string();
  std::string buffer = std::move(p.buffers.back());
  p.buffers.pop_back();
  return buffer;
}

void recycle_text_buffer(std::string&& buffer) {
  if (buffer.capacity() < kSmallest) return;
  Pool& p = pool();
  std::lock_guard lock(p.mutex);
  if (p.buffers.size() < kPooled) p.buffers.push_back(std::move(buffer));
}

}  // namespace nnact
