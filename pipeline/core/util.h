// Small shared helpers: files, names, text.
#ifndef HOSO_PIPELINE_CORE_UTIL_H_
#define HOSO_PIPELINE_CORE_UTIL_H_

#include <chrono>
#include <string>
#include <string_view>

#include "hoso/status.h"

namespace hoso {

// Reads a whole file. Errors: input.missing, input.unreadable.
Status ReadFile(const std::string& path, std::string* out);

// Writes `data` to `path` atomically: a temporary file in the same directory,
// flushed, then renamed over `path`. Never leaves a half-written `path`.
Status AtomicWriteFile(const std::string& path, std::string_view data);

// True when `name` is usable as one path component: non-empty, not "." or
// "..", no '/', '\\' or NUL, no ".." sequence, no leading '.' and no control
// characters.
bool IsSafeName(std::string_view name);

// Unicode NFC of UTF-8 text; invalid UTF-8 sequences become U+FFFD.
std::string ToNfc(std::string_view utf8);

// UTF-8 decoded to code points (invalid sequences become U+FFFD).
std::u32string Codepoints(std::string_view utf8);

// Levenshtein distance over code points (substitution, insertion, deletion
// cost 1), for character error rates.
size_t EditDistance(const std::u32string& a, const std::u32string& b);

// Standard base64 (RFC 4648, with padding).
std::string Base64Encode(std::string_view data);

// Whether UTF-8 `s` holds a letter (any script's) or an ASCII digit: a
// word OCR read, as against dots, dashes and other marks.
bool HasLetterOrDigit(std::string_view s);

// CPU time consumed so far by the calling thread, in milliseconds.
double ThreadCpuMs();

// Times consecutive stages on one thread: wall time, and the CPU time this
// thread spent (stages run on one thread; waiting for a core is not counted).
class StageClock {
 public:
  StageClock() : wall_(std::chrono::steady_clock::now()), cpu_(ThreadCpuMs()) {}
  // Adds the time since construction or the previous Lap to *wall and *cpu.
  void Lap(double* wall, double* cpu) {
    const auto now = std::chrono::steady_clock::now();
    const double c = ThreadCpuMs();
    *wall += std::chrono::duration<double, std::milli>(now - wall_).count();
    *cpu += c - cpu_;
    wall_ = now;
    cpu_ = c;
  }

 private:
  std::chrono::steady_clock::time_point wall_;
  double cpu_;
};

// Lower-case ASCII file extension without the dot ("JPG" -> "jpg").
std::string LowerExtension(const std::string& path);

// Whether a file name has one of the input extensions hoso reads.
bool IsInputFileName(const std::string& name);

}  // namespace hoso

#endif  // HOSO_PIPELINE_CORE_UTIL_H_
