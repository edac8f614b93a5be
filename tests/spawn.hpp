// Starts the built nnact binary with chosen file descriptors for its standard streams, for
// fault tests that need more control than run_cli (a full disk, a reader that goes away, a
// signal mid-run, another user). Header-only: used by faults_test.cpp.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <stdexcept>
#include <string>
#include <vector>

namespace nnact::test {

struct SpawnOptions {
  int in = -1;  // -1: /dev/null
  int out = -1;
  int err = -1;
  bool as_nobody = false;  // when run as root, drop to uid/gid 65534 so permissions apply
};

// Returns the child's pid. Descriptors in `options` are dup'ed onto 0/1/2 in the child only.
inline pid_t spawn_cli(const std::vector<std::string>& args, const SpawnOptions& options) {
  std::signal(SIGPIPE, SIG_IGN);
  pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    int fds[3] = {options.in, options.out, options.err};
    for (int i = 0; i < 3; ++i) {
      if (fds[i] >= 0) dup2(fds[i], i);
    }
    // Nothing else is inherited: a pipe end kept open by the child would keep a pipe alive.
    close_range(3, ~0U, 0);
    if (options.as_nobody && geteuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0)) _exit(126);
    std::vector<char*> argv{const_cast<char*>(NNACT_BINARY)};
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(NNACT_BINARY, argv.data());
    _exit(127);
  }
  return pid;
}

// Waits for the child: its exit code, or 128 + the signal that ended it.
inline int wait_cli(pid_t pid) {
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// Everything readable from `fd` until end of file.
inline std::string drain(int fd) {
  std::string all;
  char buffer[65536];
  for (ssize_t n; (n = read(fd, buffer, sizeof buffer)) > 0;) all.append(buffer, static_cast<std::size_t>(n));
  return all;
}

}  // namespace nnact::test
