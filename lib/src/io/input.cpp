// Input: a file or standard input, read with plain read(2) in the caller's large blocks.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "nnact/io.hpp"
#include "nnact/status.hpp"

namespace nnact {

Input Input::open(const std::string& path) {
  Input input;
  input.path_ = path;
  if (path.empty() || path == "-") {
    input.fd_ = STDIN_FILENO;
    input.name_ = "<stdin>";
    return input;
  }
  input.name_ = path;
  input.fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (input.fd_ < 0) throw Error(ErrorKind::kIo, path, std::strerror(errno));
  input.owned_ = true;
  struct stat st {};
  if (fstat(input.fd_, &st) == 0 && S_ISDIR(st.st_mode)) {
    throw Error(ErrorKind::kIo, path, "is a directory");
  }
  posix_fadvise(input.fd_, 0, 0, POSIX_FADV_SEQUENTIAL);
  return input;
}

Input::Input(Input&& other) noexcept { *this = std::move(other); }

Input& Input::operator=(Input&& other) noexcept {
  std::swap(fd_, other.fd_);
  std::swap(owned_, other.owned_);
  path_ = std::move(other.path_);
  name_ = std::move(other.name_);
  pending_ = std::move(other.pending_);
  std::swap(counter_, other.counter_);
  return *this;
}

Input::~Input() {
  if (owned_ && fd_ >= 0) ::close(fd_);
}

static std::size_t read_fd(int fd, char* data, std::size_t n, const std::string& name) {
  for (;;) {
    ssize_t got = ::read(fd, data, n);
    if (got >= 0) return static_cast<std::size_t>(got);
    if (errno != EINTR) throw Error(ErrorKind::kIo, name, std::strerror(errno));
  }
}

std::string_view Input::peek(std::size_t n) {
  while (pending_.size() < n) {
    std::size_t old = pending_.size();
    pending_.resize(n);
    std::size_t got = read_fd(fd_, pending_.data() + old, n - old, name_);
    pending_.resize(old + got);
    if (got == 0) break;
  }
  return std::string_view(pending_).substr(0, n);
}

std::size_t Input::read(char* data, std::size_t n) {
  std::size_t got;
  if (!pending_.empty()) {
    got = std::min(n, pending_.size());
    std::memcpy(data, pending_.data(), got);
    pending_.erase(0, got);
  } else {
    got = read_fd(fd_, data, n, name_);
  }
  if (counter_) counter_->fetch_add(got, std::memory_order_relaxed);
  return got;
}

}  // namespace nnact
