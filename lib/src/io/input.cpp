// Input: a file or standard input, read with plain read(2) in the caller's large blocks, and
// decompressed on the way when its first bytes are a compression magic.
#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "io/compression.hpp"
#include "nnact/io.hpp"
#include "nnact/status.hpp"

namespace nnact {

Input::Input() = default;

// Reads of a regular file (or block device) never wait for a writer; others may.
static bool is_live(int fd) {
  struct stat st {};
  return fstat(fd, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISBLK(st.st_mode);
}

Input Input::open(const std::string& path) {
  Input input;
  input.path_ = path;
  if (path.empty() || path == "-") {
    input.fd_ = STDIN_FILENO;
    input.name_ = "<stdin>";
    input.live_ = is_live(input.fd_);
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
  input.live_ = is_live(input.fd_);  // a FIFO, /dev/stdin
  return input;
}

Input Input::from_bytes(std::string bytes, std::string name) {
  Input input;
  input.raw_ = std::move(bytes);
  input.name_ = std::move(name);
  return input;
}

Input::Input(Input&& other) noexcept { *this = std::move(other); }

Input& Input::operator=(Input&& other) noexcept {
  std::swap(fd_, other.fd_);
  std::swap(owned_, other.owned_);
  std::swap(started_, other.started_);
  std::swap(live_, other.live_);
  std::swap(compression_, other.compression_);
  path_ = std::move(other.path_);
  name_ = std::move(other.name_);
  raw_ = std::move(other.raw_);
  raw_pos_ = std::exchange(other.raw_pos_, 0);
  std::swap(inflater_, other.inflater_);
  if (inflater_) inflater_->set_source(raw_reader());  // it read through the other object
  if (other.inflater_) other.inflater_->set_source(other.raw_reader());
  pending_ = std::move(other.pending_);
  pending_pos_ = std::exchange(other.pending_pos_, 0);
  std::swap(counter_, other.counter_);
  std::swap(idle_, other.idle_);
  return *this;
}

Input::~Input() {
  if (owned_ && fd_ >= 0) ::close(fd_);
}

bool Input::source_idle() const {
  if (!live_ || fd_ < 0) return false;
  pollfd p{fd_, POLLIN, 0};
  return ::poll(&p, 1, 0) == 0;  // nothing readable (and no hang-up) right now
}

bool Input::would_wait() const {
  return pending_pos_ == pending_.size() && raw_pos_ == raw_.size() && source_idle();
}

std::size_t Input::read_fd(char* data, std::size_t n) {
  if (idle_ && source_idle()) idle_();
  for (;;) {
    ssize_t got = ::read(fd_, data, n);
    if (got >= 0) return static_cast<std::size_t>(got);
    if (errno != EINTR) throw Error(ErrorKind::kIo, name_, std::strerror(errno));
  }
}

std::size_t Input::read_raw(char* data, std::size_t n) {
  std::size_t got = 0;
  if (raw_pos_ < raw_.size()) {
    got = std::min(n, raw_.size() - raw_pos_);
    std::memcpy(data, raw_.data() + raw_pos_, got);
    raw_pos_ += got;
  } else if (fd_ >= 0) {  // in memory (fd_ < 0): all handed out
    got = read_fd(data, n);
  }
  if (counter_) counter_->fetch_add(got, std::memory_order_relaxed);
  return got;
}

detail::RawRead Input::raw_reader() {
  return [this](char* data, std::size_t n) { return read_raw(data, n); };
}

void Input::start() {
  if (started_) return;
  started_ = true;
  // Read until the first bytes tell: a compressed stream always starts with its whole magic.
  std::optional<Compression> found;
  while (!(found = detail::compression_from_magic(raw_, fd_ < 0))) {
    char buffer[8];  // more than the longest magic, which it is still short of
    std::size_t got = read_fd(buffer, sizeof buffer - raw_.size());
    if (got == 0) {
      found = detail::compression_from_magic(raw_, true);
      break;
    }
    raw_.append(buffer, got);
  }
  compression_ = *found;
  Compression named = compression_from_extension(path_);
  if (named != Compression::kNone && named != compression_) {
    throw Error(ErrorKind::kData, name_,
                std::string("not ") + compression_name(named) + " data (its first bytes are not the magic of " +
                    compression_extension(named) + " files)");
  }
  if (compression_ != Compression::kNone) {
    inflater_ = detail::make_inflater(compression_, raw_reader(), name_);
  }
}

Compression Input::compression() {
  start();
  return compression_;
}

std::size_t Input::read_plain(char* data, std::size_t n) {
  start();
  return inflater_ ? inflater_->read(data, n) : read_raw(data, n);
}

std::string_view Input::peek(std::size_t n) {
  if (pending_pos_ > 0) {
    pending_.erase(0, pending_pos_);
    pending_pos_ = 0;
  }
  // A second peek (the format sniffed, then binary content looked for) must not wait either.
  while (pending_.size() < n && !(pending_.find('\n') != std::string::npos && source_idle())) {
    std::size_t old = pending_.size();
    pending_.resize(n);
    std::size_t got = read_plain(pending_.data() + old, n - old);
    pending_.resize(old + got);
    if (got == 0) break;
  }
  return std::string_view(pending_).substr(0, n);
}

std::size_t Input::read(char* data, std::size_t n) {
  if (pending_pos_ < pending_.size()) {
    std::size_t got = std::min(n, pending_.size() - pending_pos_);
    std::memcpy(data, pending_.data() + pending_pos_, got);
    pending_pos_ += got;
    return got;
  }
  return read_plain(data, n);
}

}  // namespace nnact
