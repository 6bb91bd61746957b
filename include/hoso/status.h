// Status: the outcome of an operation that can fail.
//
// A Status is either OK or carries a stable machine-readable code (the
// strings that appear as "code" in dossier.json, e.g. "input.truncated") and
// a human-readable message. Errors are values: functions return a Status and
// hand their results back through an out-pointer.
//
// Thread safety: a Status is a plain value; distinct objects may be used from
// different threads freely.
#ifndef HOSO_STATUS_H_
#define HOSO_STATUS_H_

#include <string>
#include <utility>

namespace hoso {

class Status {
 public:
  Status() = default;  // OK
  static Status Ok() { return Status(); }
  // REQUIRES: code is non-empty.
  static Status Error(std::string code, std::string message) {
    return Status(std::move(code), std::move(message));
  }

  bool ok() const { return code_.empty(); }
  // Empty when ok().
  const std::string& code() const { return code_; }
  const std::string& message() const { return message_; }
  // "code: message", or "OK".
  std::string ToString() const { return ok() ? "OK" : code_ + ": " + message_; }

 private:
  Status(std::string code, std::string message)
      : code_(std::move(code)), message_(std::move(message)) {}
  std::string code_;
  std::string message_;
};

}  // namespace hoso

#endif  // HOSO_STATUS_H_
