#include "pipeline/forms/text.h"

#include <algorithm>
#include <array>
#include <mutex>
#include <unordered_map>

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

namespace hoso {
namespace forms {

namespace {

const icu::Normalizer2* Nfc() {
  UErrorCode err = U_ZERO_ERROR;
  return icu::Normalizer2::getNFCInstance(err);
}

const icu::Normalizer2* Nfd() {
  UErrorCode err = U_ZERO_ERROR;
  return icu::Normalizer2::getNFDInstance(err);
}

// Vietnamese tone marks as combining characters.
int ToneIndex(char32_t c) {
  switch (c) {
    case 0x0300: return 1;  // huyền
    case 0x0301: return 2;  // sắc
    case 0x0303: return 3;  // ngã
    case 0x0309: return 4;  // hỏi
    case 0x0323: return 5;  // nặng
    default: return 0;
  }
}

std::u32string FromUnicodeString(const icu::UnicodeString& u) {
  std::u32string out;
  out.reserve(u.length());
  for (int32_t i = 0; i < u.length();) {
    UChar32 c = u.char32At(i);
    out.push_back(static_cast<char32_t>(c));
    i += U16_LENGTH(c);
  }
  return out;
}

icu::UnicodeString ToUnicodeString(const std::u32string& s) {
  icu::UnicodeString u;
  for (char32_t c : s) u.append(static_cast<UChar32>(c));
  return u;
}

// Table of folded characters for the Latin blocks Vietnamese uses.
struct FoldTable {
  static constexpr char32_t kLimit = 0x2000;
  std::array<char32_t, kLimit> map{};
  FoldTable() {
    const icu::Normalizer2* nfd = Nfd();
    for (char32_t c = 0; c < kLimit; ++c) {
      char32_t base = c;
      icu::UnicodeString dec;
      if (nfd && nfd->getDecomposition(static_cast<UChar32>(c), dec) && dec.length() > 0) {
        base = static_cast<char32_t>(dec.char32At(0));
      }
      base = static_cast<char32_t>(u_tolower(static_cast<UChar32>(base)));
      // Đ đ, and the look-alikes OCR puts for them: Ð ð (eth), Ɖ ɖ.
      if (c == 0x0110 || c == 0x0111 || c == 0x00D0 || c == 0x00F0 || c == 0x0189 || c == 0x0256) base = U'd';
      if (c >= 0x0300 && c <= 0x036F) base = c;       // lone combining marks stay
      map[c] = base;
    }
  }
};

}  // namespace

std::u32string ToU32(std::string_view utf8) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(
      icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  UErrorCode err = U_ZERO_ERROR;
  icu::UnicodeString n = Nfc()->normalize(u, err);
  if (U_FAILURE(err)) n = u;
  return FromUnicodeString(n);
}

std::string ToU8(const std::u32string& s) {
  std::string out;
  ToUnicodeString(s).toUTF8String(out);
  return out;
}

char32_t FoldChar(char32_t c) {
  static const FoldTable* table = new FoldTable();
  if (c < FoldTable::kLimit) return table->map[c];
  return static_cast<char32_t>(u_tolower(static_cast<UChar32>(c)));
}

std::u32string FoldU32(const std::u32string& s) {
  std::u32string out(s.size(), U' ');
  for (size_t i = 0; i < s.size(); ++i) out[i] = FoldChar(s[i]);
  return out;
}

namespace {

bool IsSpace32(char32_t c) { return c == U' ' || c == U'\t' || c == U'\n' || c == U'\r' || c == 0xA0 || u_isUWhiteSpace(static_cast<UChar32>(c)); }

std::u32string CollapseSpaces(const std::u32string& s) {
  std::u32string out;
  bool pending = false;
  for (char32_t c : s) {
    if (IsSpace32(c)) {
      pending = !out.empty();
      continue;
    }
    if (pending) out.push_back(U' ');
    pending = false;
    out.push_back(c);
  }
  return out;
}

}  // namespace

std::string Fold(std::string_view utf8) {
  std::u32string f = FoldU32(ToU32(utf8));
  // Lone combining marks (from NFD input that NFC could not compose) go.
  f.erase(std::remove_if(f.begin(), f.end(), [](char32_t c) { return c >= 0x0300 && c <= 0x036F; }),
          f.end());
  return ToU8(CollapseSpaces(f));
}

std::string CaseSpaceFold(std::string_view utf8) {
  std::u32string s = ToU32(utf8);
  for (auto& c : s) c = static_cast<char32_t>(u_tolower(static_cast<UChar32>(c)));
  return ToU8(CollapseSpaces(s));
}

std::string ToneKey(std::string_view utf8) {
  std::u32string s = CollapseSpaces(ToU32(utf8));
  icu::UnicodeString u = ToUnicodeString(s);
  UErrorCode err = U_ZERO_ERROR;
  icu::UnicodeString d = Nfd()->normalize(u, err);
  std::u32string dec = FromUnicodeString(U_FAILURE(err) ? u : d);
  std::u32string out;
  int tone = 0;
  auto flush = [&]() {
    if (tone) out.push_back(static_cast<char32_t>(U'0' + tone));
    tone = 0;
  };
  for (char32_t c : dec) {
    int t = ToneIndex(c);
    if (t) {
      tone = t;
      continue;
    }
    if (!IsLetter(c) && !(c >= 0x0300 && c <= 0x036F)) flush();
    out.push_back(static_cast<char32_t>(u_tolower(static_cast<UChar32>(c))));
  }
  flush();
  // Tone digits follow letters directly; recompose the vowel marks.
  icu::UnicodeString r = ToUnicodeString(out);
  err = U_ZERO_ERROR;
  icu::UnicodeString n = Nfc()->normalize(r, err);
  return ToU8(FromUnicodeString(U_FAILURE(err) ? r : n));
}

int EditDistance(const std::u32string& a, const std::u32string& b, int max_distance,
                 bool (*same)(char32_t, char32_t)) {
  const int n = static_cast<int>(a.size()), m = static_cast<int>(b.size());
  if (std::abs(n - m) > max_distance) return max_distance + 1;
  std::vector<int> prev(m + 1), cur(m + 1);
  for (int j = 0; j <= m; ++j) prev[j] = j;
  for (int i = 1; i <= n; ++i) {
    cur[0] = i;
    int row_min = cur[0];
    for (int j = 1; j <= m; ++j) {
      const bool equal = same ? same(a[i - 1], b[j - 1]) : a[i - 1] == b[j - 1];
      cur[j] = std::min({prev[j - 1] + (equal ? 0 : 1), prev[j] + 1, cur[j - 1] + 1});
      row_min = std::min(row_min, cur[j]);
    }
    if (row_min > max_distance) return max_distance + 1;
    std::swap(prev, cur);
  }
  return std::min(prev[m], max_distance + 1);
}

std::string Trim(std::string_view s) {
  std::u32string u = ToU32(s);
  size_t b = 0, e = u.size();
  while (b < e && IsSpace32(u[b])) ++b;
  while (e > b && IsSpace32(u[e - 1])) --e;
  return ToU8(u.substr(b, e - b));
}

std::vector<std::string> SplitTrim(std::string_view s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t end = s.find(sep, start);
    if (end == std::string_view::npos) end = s.size();
    std::string part = Trim(s.substr(start, end - start));
    if (!part.empty()) out.push_back(part);
    start = end + 1;
  }
  return out;
}

std::string Join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += sep;
    out += parts[i];
  }
  return out;
}

bool StartsWithCapital(std::string_view word) {
  const std::u32string u = ToU32(word);
  return !u.empty() && u_isupper(static_cast<UChar32>(u[0]));
}

bool InCapitals(std::string_view word) {
  const std::u32string u = ToU32(word);
  for (char32_t c : u) {
    if (u_islower(static_cast<UChar32>(c))) return false;
  }
  return u.size() > 1;
}

std::string InCaseOf(std::string_view word, std::string_view canonical) {
  std::u32string c = ToU32(canonical);
  if (InCapitals(word)) {
    for (auto& ch : c) ch = static_cast<char32_t>(u_toupper(static_cast<UChar32>(ch)));
  } else {
    const std::u32string w = ToU32(word);
    if (!w.empty() && !c.empty() && u_isupper(static_cast<UChar32>(w[0]))) {
      c[0] = static_cast<char32_t>(u_toupper(static_cast<UChar32>(c[0])));
    }
  }
  return ToU8(c);
}

int UniqueNearest(size_t n, const std::function<int(size_t)>& distance, int max_distance) {
  int best = -1, best_d = max_distance + 1, ties = 0;
  for (size_t i = 0; i < n; ++i) {
    const int d = distance(i);
    if (d < best_d) best_d = d, best = static_cast<int>(i), ties = 1;
    else if (d == best_d) ++ties;
  }
  return ties == 1 ? best : -1;
}

bool IsLetter(char32_t c) { return u_isalpha(static_cast<UChar32>(c)) != 0; }
bool IsDigit(char32_t c) { return c >= U'0' && c <= U'9'; }
bool IsApostrophe(char32_t c) {
  return c == U'\'' || c == U'\u2019' || c == U'\u2018' || c == U'`' || c == U'\u02BC';
}

std::u32string WithoutApostrophes(const std::u32string& s) {
  std::u32string out;
  for (char32_t c : s) {
    if (!IsApostrophe(c)) out += c;
  }
  return out;
}

}  // namespace forms
}  // namespace hoso
