// Errors: the library reports every failure by throwing nnact::Error (one exception type,
// see STYLE.md habit 3). Only app/ turns an Error into a message and an exit code.
#pragma once

#include <stdexcept>
#include <string>

namespace nnact {

// What went wrong, which decides the exit code (SPEC.md section 5).
enum class ErrorKind {
  kUsage = 2,    // bad option, op or parameter value
  kData = 3,     // input that cannot be read as the format says
  kIo = 4,       // cannot open, read or write
};

class Error : public std::runtime_error {
 public:
  // `where` is "file:line:col" (or "file", or empty); `what` the message without it.
  Error(ErrorKind kind, std::string where, const std::string& message)
      : std::runtime_error(where.empty() ? message : where + ": " + message),
        kind_(kind),
        where_(std::move(where)) {}

  ErrorKind kind() const { return kind_; }
  const std::string& where() const { return where_; }

 private:
  ErrorKind kind_;
  std::string where_;
};

inline Error usage_error(const std::string& message) { return {ErrorKind::kUsage, {}, message}; }

}  // namespace nnact
