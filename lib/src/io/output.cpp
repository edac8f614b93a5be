// Output: standard output, or a file written to a temporary name and renamed on commit().
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>
#include <utility>

#include "io/compression.hpp"
#include "io/temp_registry.hpp"
#include "nnact/io.hpp"
#include "nnact/status.hpp"

namespace nnact {
namespace {

std::string directory_of(const std::string& path) {
  auto slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

}  // namespace

Output::Output() = default;

Output Output::standard_output() {
  Output output;
  output.fd_ = STDOUT_FILENO;
  output.name_ = "<stdout>";
  // `> file` makes stdout a regular file where the npy writer can patch its header in place
  // instead of holding the whole array in memory. O_APPEND would ignore pwrite's offset.
  struct stat st {};
  int flags = ::fcntl(STDOUT_FILENO, F_GETFL);
  if (::fstat(STDOUT_FILENO, &st) == 0 && S_ISREG(st.st_mode) && flags >= 0 && !(flags & O_APPEND)) {
    output.seek_base_ = ::lseek(STDOUT_FILENO, 0, SEEK_CUR);
  }
  return output;
}

Output Output::atomic_file(const std::string& path, int mode, bool durable) {
  Output output;
  output.mode_ = mode;
  output.durable_ = durable;
  output.path_ = path;
  output.name_ = path;
  output.owned_ = true;
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
    // A device or FIFO cannot be replaced by a rename, and need not be: write it directly.
    output.fd_ = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
    if (output.fd_ < 0) throw Error(ErrorKind::kIo, path, std::strerror(errno));
    return output;
  }
  std::string base = path.substr(path.rfind('/') == std::string::npos ? 0 : path.rfind('/') + 1);
  std::string temp = directory_of(path) + "/." + base + ".nnact-XXXXXX";
  output.fd_ = mkstemp(temp.data());
  if (output.fd_ < 0) {
    // Name where it failed: a read-only directory refuses the temporary file, not `path`.
    throw Error(ErrorKind::kIo, path,
                "cannot create the temporary file " + temp + " in " + directory_of(path) + " (" +
                    std::strerror(errno) + ")");
  }
  output.temp_path_ = temp;
  output.temp_handle_ = detail::remember_temporary(temp.c_str());
  output.seek_base_ = 0;
  return output;
}

Output::Output(Output&& other) noexcept { *this = std::move(other); }

Output& Output::operator=(Output&& other) noexcept {
  std::swap(fd_, other.fd_);
  std::swap(owned_, other.owned_);
  std::swap(temp_handle_, other.temp_handle_);
  std::swap(path_, other.path_);
  std::swap(temp_path_, other.temp_path_);
  std::swap(name_, other.name_);
  std::swap(mode_, other.mode_);
  std::swap(durable_, other.durable_);
  std::swap(seek_base_, other.seek_base_);
  std::swap(written_, other.written_);
  std::swap(allocated_, other.allocated_);
  std::swap(allocating_, other.allocating_);
  std::swap(deflater_, other.deflater_);
  std::swap(compressed_, other.compressed_);
  return *this;
}

Output::~Output() { discard(); }

void Output::discard() noexcept {
  if (owned_ && fd_ >= 0) ::close(fd_);
  fd_ = -1;
  if (temp_path_.empty()) return;
  ::unlink(temp_path_.c_str());
  detail::forget_temporary(temp_handle_);
  temp_handle_ = -1;
  temp_path_.clear();
}

void Output::compress(Compression compression) { deflater_ = detail::make_deflater(compression); }

void Output::write(std::string_view bytes) {
  if (!deflater_) return write_stored(bytes);
  compressed_.clear();
  deflater_->write(bytes, compressed_);
  write_stored(compressed_);
}

// A large temporary file gets its blocks ahead of the writes, a few dozen MiB at a time: writes
// into allocated blocks skip the file system's allocation for each page (ext4: 400 MB 80 -> 45
// ms of system time). Never more ahead than has been written (a hostile header's shape does not
// count), and close() trims what is left over.
void Output::allocate_ahead(std::size_t n) {
  constexpr std::uint64_t kFrom = 4 << 20, kMaxStep = 64 << 20;
  const std::uint64_t need = written_ + n;
  if (temp_path_.empty() || !allocating_ || need <= allocated_ || need < kFrom) return;
  const std::uint64_t length = need + std::min(need, kMaxStep);
  if (::fallocate(fd_, 0, 0, static_cast<off_t>(length)) == 0) {
    allocated_ = length;
  } else {
    allocating_ = false;  // no room, or no fallocate here: the writes find out as they would have
  }
}

void Output::write_stored(std::string_view bytes) {
  allocate_ahead(bytes.size());
  written_ += bytes.size();
  while (!bytes.empty()) {
    ssize_t done = ::write(fd_, bytes.data(), bytes.size());
    if (done < 0) {
      if (errno == EINTR) continue;
      if (errno == EPIPE && temp_path_.empty()) throw PipeClosed{};
      throw Error(ErrorKind::kIo, name_, std::strerror(errno));
    }
    bytes.remove_prefix(static_cast<std::size_t>(done));
  }
}

void Output::write_at(std::size_t offset, std::string_view bytes) {
  if (::pwrite(fd_, bytes.data(), bytes.size(), static_cast<off_t>(seek_base_ + static_cast<long long>(offset))) !=
      static_cast<ssize_t>(bytes.size())) {
    throw Error(ErrorKind::kIo, name_, std::strerror(errno));
  }
}

void Output::fail() {
  int error = errno;
  discard();
  throw Error(ErrorKind::kIo, name_, std::strerror(error));
}

void Output::close() {
  if (deflater_ && fd_ >= 0) {
    compressed_.clear();
    deflater_->finish(compressed_);
    deflater_.reset();
    write_stored(compressed_);
  }
  if (fd_ < 0 || !owned_) return;
  // Also after a failed fallocate(), which may have allocated (and lengthened the file) in part.
  const bool trim = allocated_ > written_ || !allocating_;
  if (trim && ::ftruncate(fd_, static_cast<off_t>(written_)) != 0) fail();
  // mkstemp creates 0600; a result file gets the usual permissions.
  // The umask can only be read by setting it: once, as files may be committed on several threads.
  static const mode_t kUmask = [] {
    mode_t mask = ::umask(0);
    ::umask(mask);
    return mask;
  }();
  mode_t mode = mode_ < 0 ? 0666 & ~kUmask : static_cast<mode_t>(mode_);
  if (!temp_path_.empty() && (::fchmod(fd_, mode) != 0 || (durable_ && ::fsync(fd_) != 0))) fail();
  if (::close(std::exchange(fd_, -1)) != 0) fail();
}

void Output::commit() {
  close();
  if (temp_path_.empty()) return;  // standard output, or a device written directly
  if (::rename(temp_path_.c_str(), path_.c_str()) != 0) fail();
  detail::forget_temporary(temp_handle_);
  temp_handle_ = -1;
  temp_path_.clear();
}

}  // namespace nnact
