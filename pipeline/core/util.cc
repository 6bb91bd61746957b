#include "pipeline/core/util.h"

#include <fcntl.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <vector>
#include <algorithm>

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>
#include <unicode/unistr.h>

namespace hoso {

namespace fs = std::filesystem;

bool HasLetterOrDigit(std::string_view s) {
  for (int32_t i = 0; i < static_cast<int32_t>(s.size());) {
    UChar32 c;
    U8_NEXT(s.data(), i, static_cast<int32_t>(s.size()), c);
    if ((c >= '0' && c <= '9') || (c >= 0 && u_isalpha(c))) return true;
  }
  return false;
}

double ThreadCpuMs() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

Status ReadFile(const std::string& path, std::string* out) {
  std::error_code ec;
  if (!fs::exists(path, ec)) return Status::Error("input.missing", "Không tìm thấy tệp / file not found: " + path);
  if (fs::is_directory(path, ec)) return Status::Error("input.unreadable", "Là thư mục, không phải tệp / is a directory: " + path);
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Error("input.unreadable", "Không đọc được tệp / cannot open: " + path);
  in.seekg(0, std::ios::end);
  std::streamoff size = in.tellg();
  in.seekg(0);
  out->resize(size > 0 ? static_cast<size_t>(size) : 0);
  if (size > 0 && !in.read(out->data(), size))
    return Status::Error("input.unreadable", "Lỗi khi đọc tệp / read error: " + path);
  return Status::Ok();
}

Status AtomicWriteFile(const std::string& path, std::string_view data) {
  fs::path target(path);
  fs::path dir = target.parent_path().empty() ? fs::path(".") : target.parent_path();
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return Status::Error("output.write_failed", "cannot create " + dir.string() + ": " + ec.message());
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  std::string tmp = (dir / ("." + target.filename().string() + ".tmp-" + std::to_string(rng() % 1000000000))).string();
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return Status::Error("output.write_failed", "cannot create " + tmp + ": " + std::strerror(errno));
  const char* p = data.data();
  size_t left = data.size();
  while (left > 0) {
    ssize_t n = ::write(fd, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      std::string why = std::strerror(errno);
      ::close(fd);
      ::unlink(tmp.c_str());
      return Status::Error("output.write_failed", "cannot write " + tmp + ": " + why);
    }
    p += n;
    left -= static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    std::string why = std::strerror(errno);
    ::unlink(tmp.c_str());
    return Status::Error("output.write_failed", "cannot flush " + tmp + ": " + why);
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    std::string why = std::strerror(errno);
    ::unlink(tmp.c_str());
    return Status::Error("output.write_failed", "cannot rename to " + path + ": " + why);
  }
  return Status::Ok();
}

bool IsSafeName(std::string_view name) {
  if (name.empty() || name.size() > 200) return false;
  if (name.front() == '.') return false;
  if (name.find("..") != std::string_view::npos) return false;
  for (unsigned char c : name) {
    if (c < 0x20 || c == 0x7f || c == '/' || c == '\\' || c == ':') return false;
  }
  return true;
}

std::string ToNfc(std::string_view utf8) {
  UErrorCode err = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(err);
  if (U_FAILURE(err)) return std::string(utf8);
  icu::UnicodeString src = icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  icu::UnicodeString dst = nfc->normalize(src, err);
  if (U_FAILURE(err)) return std::string(utf8);
  std::string out;
  dst.toUTF8String(out);
  return out;
}

std::u32string Codepoints(std::string_view utf8) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  std::u32string out;
  out.reserve(static_cast<size_t>(u.length()));
  for (int32_t i = 0; i < u.length(); i = u.moveIndex32(i, 1)) out += static_cast<char32_t>(u.char32At(i));
  return out;
}

size_t EditDistance(const std::u32string& a, const std::u32string& b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j)
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::string Base64Encode(std::string_view data) {
  static const char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((data.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < data.size(); i += 3) {
    uint32_t v = (uint8_t(data[i]) << 16) | (uint8_t(data[i + 1]) << 8) | uint8_t(data[i + 2]);
    out += kAlphabet[v >> 18];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  if (i < data.size()) {
    uint32_t v = uint8_t(data[i]) << 16;
    if (i + 1 < data.size()) v |= uint8_t(data[i + 1]) << 8;
    out += kAlphabet[v >> 18];
    out += kAlphabet[(v >> 12) & 63];
    out += i + 1 < data.size() ? kAlphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

std::string LowerExtension(const std::string& path) {
  std::string ext = fs::path(path).extension().string();
  if (!ext.empty() && ext[0] == '.') ext.erase(0, 1);
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext;
}

bool IsInputFileName(const std::string& name) {
  static const char* kExts[] = {"jpg", "jpeg", "png", "tif", "tiff", "webp", "bmp", "pdf"};
  std::string ext = LowerExtension(name);
  for (const char* e : kExts)
    if (ext == e) return true;
  return false;
}

}  // namespace hoso
