#include "pipeline/forms/normalise.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <map>
#include <regex>
#include <vector>

#include <unicode/uchar.h>

#include "pipeline/forms/text.h"

namespace hoso {
namespace forms {

namespace {

bool IsLeader(char32_t c) {
  return c == U'.' || c == U'…' || c == U'_' || c == U'·' || c == U'-' || c == U'–' || c == U':' ||
         c == U';' || c == U',' || c == U'•' || c == U'=' || c == U'~' || c == U'*' || c == U'|';
}

bool IsSpace(char32_t c) { return c == U' ' || c == U'\t' || c == 0xA0; }

// Numbers from folded text: every run of digits. Runs separated only by
// `joiners` (a number OCR broke apart, "02 50854: 219: 53" with " .:-") are
// one number.
std::vector<std::string> DigitRuns(const std::string& s, std::string_view joiners = {}) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (c >= '0' && c <= '9') {
      cur += c;
    } else if (!cur.empty() && joiners.find(c) == std::string_view::npos) {
      out.push_back(cur);
      cur.clear();
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

}  // namespace

std::string CleanValue(std::string_view raw) {
  std::u32string s = ToU32(raw);
  // Runs of 3+ dots or ellipses anywhere are leaders; drop them.
  std::u32string out;
  for (size_t i = 0; i < s.size();) {
    if (s[i] == U'…' || s[i] == U'_') {
      out.push_back(U' ');
      ++i;
      continue;
    }
    if (s[i] == U'.') {
      size_t j = i;
      while (j < s.size() && (s[j] == U'.' || s[j] == U'…' || (IsSpace(s[j]) && j + 1 < s.size() && s[j + 1] == U'.'))) ++j;
      if (j - i >= 3) {
        out.push_back(U' ');
        i = j;
        continue;
      }
    }
    out.push_back(s[i]);
    ++i;
  }
  size_t b = 0, e = out.size();
  while (b < e && (IsSpace(out[b]) || IsLeader(out[b]))) ++b;
  while (e > b && (IsSpace(out[e - 1]) || IsLeader(out[e - 1]))) --e;
  std::u32string trimmed = out.substr(b, e - b);
  std::u32string c;
  bool pending = false;
  for (char32_t ch : trimmed) {
    if (IsSpace(ch)) {
      pending = !c.empty();
      continue;
    }
    if (pending) c.push_back(U' ');
    pending = false;
    c.push_back(ch);
  }
  return ToU8(c);
}

std::string CutLeaders(std::string_view raw, size_t* begin, size_t* end) {
  std::u32string s = ToU32(raw);
  auto is_dot = [](char32_t c) { return c == U'.' || c == U'…' || c == U'_'; };
  auto leader_at = [&](size_t i) {
    // 3+ dots (ellipsis counts as 3), spaces between dots allowed.
    int dots = 0;
    for (size_t j = i; j < s.size(); ++j) {
      if (is_dot(s[j])) dots += s[j] == U'…' ? 3 : 1;
      else if (!(IsSpace(s[j]) && j + 1 < s.size() && is_dot(s[j + 1]))) break;
      if (dots >= 3) return true;
    }
    return false;
  };
  // Skip leading separators and leaders (": ......... value"), and a speck
  // of one or two marks read just before leaders ("ˆ....... tỉnh ...": a
  // wrapped address's second line).
  // (Spacing modifier letters, U+02B0-02FF, are marks here: "ˆ".)
  auto mark = [&](char32_t c) {
    return !IsSpace(c) && !is_dot(c) && ((!IsLetter(c) && !IsDigit(c)) || (c >= 0x2B0 && c <= 0x2FF));
  };
  size_t b = 0;
  for (;;) {
    while (b < s.size() && (IsSpace(s[b]) || IsLeader(s[b]) || s[b] == U'…')) ++b;
    size_t k = b;
    while (k < s.size() && mark(s[k])) ++k;
    if (k == b || k - b > 2) break;
    size_t m = k;
    while (m < s.size() && IsSpace(s[m])) ++m;
    if (m >= s.size() || !is_dot(s[m]) || !leader_at(m)) break;
    b = m;
  }
  size_t e = b;
  for (; e < s.size(); ++e) {
    if (is_dot(s[e]) && leader_at(e)) break;
    if (s[e] == U'…') break;
  }
  std::u32string cut = s.substr(b, e - b);
  // Symbol-only tokens of two or more characters ("--", "<<", "-:-") and
  // lone angle quotes start leader noise.
  std::u32string out;
  size_t i = 0, kept_end = 0;
  while (i < cut.size()) {
    size_t j = i;
    while (j < cut.size() && !IsSpace(cut[j])) ++j;
    std::u32string tok = cut.substr(i, j - i);
    bool alnum = false;
    for (char32_t c : tok) alnum = alnum || IsLetter(c) || IsDigit(c);
    bool junk = !tok.empty() && !alnum && tok != U"-" && tok != U"–" && tok != U"&" && tok != U"/";
    // One colon or dot OCR put between the digit groups of a number
    // ("081 : 177216") is not leader noise.
    size_t last = out.find_last_not_of(U' ');
    if (junk && tok.size() == 1 && (tok[0] == U':' || tok[0] == U'.') && last != std::u32string::npos &&
        IsDigit(out[last])) {
      size_t k = j;
      while (k < cut.size() && IsSpace(cut[k])) ++k;
      junk = !(k < cut.size() && IsDigit(cut[k]));
    }
    if (junk) break;
    kept_end = j;
    out += cut.substr(i, j - i);
    size_t k = j;
    while (k < cut.size() && IsSpace(cut[k])) ++k;
    if (k > j && k < cut.size()) out.push_back(U' ');
    i = k;
  }
  if (!out.empty() && out.back() == U' ') out.pop_back();
  if (begin) *begin = b;
  if (end) *end = b + kept_end;
  return ToU8(out);
}

int OcrDigit(char32_t c) {
  if (c >= U'0' && c <= U'9') return static_cast<int>(c - U'0');
  switch (c) {
    case U'O': case U'o': case U'Ö': case U'Ø': case U'Ô': case U'Ó': case U'Ò': case U'Õ': case U'Q': return 0;
    case U'l': case U'I': case U'|': case U'Ì': case U'Í': case U'Ỉ': case U'Ĩ': case U'Ị': case U'Î': case U'Ï':
    case U'L': case U'T': case U']': case U'[': case U'{':
    case U'}': case U'¡': case U'!': return 1;
    case U'S': case U'Š': return 5;
    case U'B': case U'§': return 8;  // "1§ phút" 18, "08Ñ75908§49" ...849
    default: return -1;
  }
}

std::string DigitsFromOcr(std::string_view raw) {
  std::u32string s = ToU32(raw);
  auto digitish = [](char32_t c) { return IsDigit(c) || OcrDigit(c) >= 0; };
  std::u32string out = s;
  for (size_t i = 0; i < s.size();) {
    if (!digitish(s[i])) {
      ++i;
      continue;
    }
    size_t j = i;
    int digits = 0;
    while (j < s.size() && digitish(s[j])) digits += IsDigit(s[j++]) ? 1 : 0;
    size_t len = j - i;
    // Mostly digits: a number with a few misread characters.
    bool word_edge = (i == 0 || !IsLetter(s[i - 1])) && (j == s.size() || !IsLetter(s[j]));
    if (word_edge && digits >= 1 && digits * 2 >= static_cast<int>(len)) {
      for (size_t k = i; k < j; ++k) {
        if (!IsDigit(out[k])) out[k] = static_cast<char32_t>(U'0' + OcrDigit(out[k]));
      }
    }
    i = j;
  }
  return ToU8(out);
}

bool IsValidDate(int y, int m, int d) {
  if (y < 1900 || y > 2199 || m < 1 || m > 12 || d < 1) return false;
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int max = kDays[m - 1];
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) max = 29;
  return d <= max;
}

long DaysFromCivil(int y, int m, int d) {
  y -= m <= 2;
  const long era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long>(doe) - 719468;
}

std::string IsoDate(const Date& d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
  return buf;
}

std::string IsoDateTime(const Date& d) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d", d.year, d.month, d.day, d.hour, d.minute);
  return buf;
}

bool ParseIso(std::string_view iso, Date* out) {
  static const std::regex re(R"(^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?$)");
  std::smatch m;
  std::string s(iso);
  if (!std::regex_match(s, m, re)) return false;
  out->year = std::stoi(m[1]);
  out->month = std::stoi(m[2]);
  out->day = std::stoi(m[3]);
  out->hour = m[4].matched ? std::stoi(m[4]) : -1;
  out->minute = m[5].matched ? std::stoi(m[5]) : -1;
  return true;
}

namespace {

// A day or month written in words whose number OCR read as letters
// ("tháng II" for "tháng 11", "ngày l"): I, l and | standing alone after
// "ngay"/"thang" are ones.
// A one beside a digit is read the same way ("ngày t2" for "ngày 12").
std::string FixLetterDayMonth(const std::string& f) {
  static const std::regex letters(R"((ngay|thang)\s+([il|t!\[\]{}\d]{1,2})(?=[\s,.]|$))");
  std::string out;
  auto begin = std::sregex_iterator(f.begin(), f.end(), letters);
  size_t last = 0;
  for (auto it = begin; it != std::sregex_iterator(); ++it) {
    const std::smatch& m = *it;
    out += f.substr(last, m.position(0) - last);
    std::string number = m[2].str();
    for (char& c : number) {
      if (c < '0' || c > '9') c = '1';
    }
    out += m[1].str() + " " + number;
    last = m.position(0) + m.length(0);
  }
  return out + f.substr(last);
}

// Date part of folded, digit-fixed text. Sets *end to where the date ended.
bool FindDate(const std::string& in, Date* out) {
  std::string f = FixLetterDayMonth(in);
  // A day or month of 11 may be read apart ("04/1 1/1997": the ones of a
  // serif 11 stand wide apart), its first one as a letter ("I 1/07/1994",
  // a letter standing alone, so not made a digit by DigitsFromOcr).
  static const std::regex letter_one(R"((^|[\s/\-.])[il|!]\s(1\s*[/\-.]\s*\d))");
  f = std::regex_replace(f, letter_one, "$011 $2");
  static const std::regex numeric(R"((1\s1|\d{1,2})\s*[/\-.]\s*(1\s1|\d{1,2})\s*[/\-.]\s*(\d{4}))");
  // "năm" may be read "băm".
  // A speck before a day or month reads as one more nought ("tháng 004",
  // "tháng 0 04").
  static const std::regex words(
      R"((?:^|[^\d])0?(1\s1|\d{1,2})\s*th[a-z]ng\s*(?:0\s)?\s*0?(1\s1|\d{1,2})\s*,?\s*[nb]am\s*(\d{4}))");
  static const std::regex iso(R"((\d{4})-(\d{2})-(\d{2}))");
  auto number = [](const std::string& digits) {
    std::string d;
    for (char c : digits) {
      if (c != ' ') d += c;
    }
    return std::stoi(d);
  };
  std::smatch m;
  if (std::regex_search(f, m, words) || std::regex_search(f, m, numeric)) {
    out->day = number(m[1]);
    out->month = number(m[2]);
    out->year = std::stoi(m[3]);
    return true;
  }
  if (std::regex_search(f, m, iso)) {
    out->year = std::stoi(m[1]);
    out->month = std::stoi(m[2]);
    out->day = std::stoi(m[3]);
    return true;
  }
  // A slash OCR read as 1 or 7 ("04108 2025", "24/0312025"), or lost:
  // only when that reading is a real date.
  static const std::regex first_slash(R"((^|\D)(\d{2})[17](\d{2})\s*[/\-.]?\s*(\d{4})(\D|$))");
  static const std::regex second_slash(R"((^|\D)(\d{1,2})\s*[/\-.]\s*(\d{2})[17](\d{4})(\D|$))");
  // A slash lost altogether ("1006/2024", "04/082025").
  static const std::regex first_lost(R"((^|\D)(\d{2})(\d{2})\s*[/\-.]\s*(\d{4})(\D|$))");
  static const std::regex second_lost(R"((^|\D)(\d{2})\s*[/\-.]\s*(\d{2})(\d{4})(\D|$))");
  // Both lost ("17092025"): a real date of the last three centuries only.
  static const std::regex both_lost(R"((^|\D)(\d{2})(\d{2})(\d{4})(\D|$))");
  for (const std::regex* r : {&first_slash, &second_slash, &first_lost, &second_lost, &both_lost}) {
    if (!std::regex_search(f, m, *r)) continue;
    const int d = std::stoi(m[2]), mo = std::stoi(m[3]), y = std::stoi(m[4]);
    if (!IsValidDate(y, mo, d) || (r == &both_lost && (y < 1900 || y > 2199))) continue;
    out->day = d;
    out->month = mo;
    out->year = y;
    return true;
  }
  return false;
}

}  // namespace

bool ParseDate(std::string_view raw, Date* out) {
  std::string f = Fold(DigitsFromOcr(raw));
  Date d;
  if (!FindDate(f, &d)) return false;
  *out = d;
  return true;
}

bool ParseDateTime(std::string_view raw, Date* out) {
  std::string f = Fold(DigitsFromOcr(raw));
  // "II giờ", "SS phút": an hour or minute read as letters only (so not
  // made digits by DigitsFromOcr). ("l] giờ", "TÔ giờ", "I§ giờ": T,
  // brackets and ! are ones too, S a five, B and § eights.) "giờ" may be
  // read "giữ".
  static const std::regex letter_hour(R"((^|\s)((?:[il|ot!\[\]{}sb]|\xC2\xA7){1,2})\s*(gi[ou]|h)\b)");
  static const std::regex letter_minute(R"((gi[ou]|h)\s*((?:[il|ot!\[\]{}sb]|\xC2\xA7){1,2})\s*(phut|p)\b)");
  auto as_digits = [](const std::string& letters) {  // folded: OcrDigit's look-alikes in lower case
    std::string d;
    for (char32_t c : ToU32(letters))
      d += static_cast<char>('0' + OcrDigit(static_cast<char32_t>(u_toupper(static_cast<UChar32>(c)))));
    return d;
  };
  std::smatch lm;
  if (std::regex_search(f, lm, letter_hour)) {
    f = lm.prefix().str() + lm[1].str() + as_digits(lm[2]) + " " + lm[3].str() + lm.suffix().str();
  }
  if (std::regex_search(f, lm, letter_minute)) {
    f = lm.prefix().str() + lm[1].str() + " " + as_digits(lm[2]) + " " + lm[3].str() + lm.suffix().str();
  }
  // The minute ends at a space, punctuation or "phút": a digit run on into
  // something else ("4? phút") is a cut-off reading, not a minute.
  // ("giờ" read "gờ" too.)
  static const std::regex time(R"((\d{1,2})\s*(?:gi[ou]|go|h|:)\s*(\d{1,2})(?=[\s,.;']|p|$)\s*(?:phut|p|')?)");
  std::smatch m;
  if (!std::regex_search(f, m, time)) return false;
  Date d;
  d.hour = std::stoi(m[1]);
  d.minute = std::stoi(m[2]);
  std::string rest = m.suffix().str();
  if (!FindDate(rest, &d) && !FindDate(m.prefix().str(), &d)) return false;
  *out = d;
  return true;
}

namespace {

// A number below 100 in words, folded ("hai muoi tu", "muoi lam", "chin"),
// else -1.
int NumberInWords(const std::vector<std::string>& w) {
  static const std::map<std::string, int> kDigits = {{"mot", 1}, {"hai", 2}, {"ba", 3}, {"bon", 4}, {"nam", 5},
                                                     {"sau", 6}, {"bay", 7}, {"tam", 8}, {"chin", 9}};
  auto digit = [&](const std::string& x) {
    auto it = kDigits.find(x);
    return it == kDigits.end() ? -1 : it->second;
  };
  // After "mươi"/"mười": "mốt" 1, "tư" 4, "lăm"/"nhăm" 5 too.
  auto unit_after_ten = [&](const std::string& x) {
    if (x == "tu") return 4;
    if (x == "lam" || x == "nham") return 5;
    return digit(x);
  };
  if (w.empty()) return -1;
  if (w.size() == 1) return w[0] == "muoi" ? 10 : digit(w[0]);
  if (w.size() == 2 && w[0] == "muoi") {
    const int u = unit_after_ten(w[1]);
    return u > 0 ? 10 + u : -1;
  }
  const int tens = digit(w[0]);
  if (tens < 2 || w[1] != "muoi" || w.size() > 3) return -1;
  if (w.size() == 2) return tens * 10;
  const int u = unit_after_ten(w[2]);
  return u > 0 ? tens * 10 + u : -1;
}

// A year in words ("hai nghin khong tram linh nam", "mot nghin chin tram
// tam muoi"), else -1.
int YearInWords(const std::vector<std::string>& w) {
  auto it = std::find(w.begin(), w.end(), "nghin");
  if (it == w.end()) it = std::find(w.begin(), w.end(), "ngan");
  if (it == w.end() || it - w.begin() != 1) return -1;
  const int thousands = NumberInWords({w[0]});
  if (thousands < 1) return -1;
  std::vector<std::string> rest(it + 1, w.end());
  int hundreds = 0;
  if (rest.size() >= 2 && rest[1] == "tram") {
    hundreds = rest[0] == "khong" ? 0 : NumberInWords({rest[0]});
    if (hundreds < 0) return -1;
    rest.erase(rest.begin(), rest.begin() + 2);
    // "không trăm" says more follows: ending there, the line was cut.
    if (hundreds == 0 && rest.empty()) return -1;
  }
  int below = 0;
  if (!rest.empty()) {
    if (rest[0] == "linh" || rest[0] == "le") {
      if (rest.size() != 2) return -1;
      below = NumberInWords({rest[1]});
      if (below < 1 || below > 9) return -1;
    } else {
      below = NumberInWords(rest);
      if (below < 0) return -1;
    }
  }
  return thousands * 1000 + hundreds * 100 + below;
}

}  // namespace

bool ParseDateInWords(std::string_view raw, Date* out) {
  // Folded words, punctuation and leader dots dropped.
  std::vector<std::string> w;
  for (const std::string& token : SplitTrim(Fold(raw), ' ')) {
    std::string word;
    for (char c : token) {
      if (c >= 'a' && c <= 'z') word += c;
    }
    if (!word.empty()) w.push_back(word);
  }
  auto find = [&](const std::string& x, size_t from) {
    return static_cast<size_t>(std::find(w.begin() + static_cast<std::ptrdiff_t>(std::min(from, w.size())), w.end(), x) -
                               w.begin());
  };
  const size_t day_at = find("ngay", 0), month_at = find("thang", day_at);
  if (month_at >= w.size()) return false;
  // The year's word "năm" is the one before the year's thousands ("tháng
  // năm năm hai nghìn": May; read "nàn" too); without them (the line lost),
  // the first "năm" after the month's word.
  size_t thousands = find("nghin", month_at);
  if (thousands >= w.size()) thousands = find("ngan", month_at);
  const size_t year_at = thousands < w.size() ? (thousands >= month_at + 3 ? thousands - 2 : w.size())
                                              : find("nam", month_at + 2);
  if (year_at >= w.size()) return false;
  // Months named otherwise than by their number: "giêng", "tư" (not
  // "bốn"), "chạp".
  static const std::map<std::string, int> kMonthNames = {{"gieng", 1}, {"tu", 4}, {"chap", 12}};
  // "ngày mồng năm": the first ten days may be counted so.
  const size_t day_from = day_at + 1 < month_at && (w[day_at + 1] == "mong" || w[day_at + 1] == "mung") ? day_at + 2
                                                                                                     : day_at + 1;
  const std::vector<std::string> day(w.begin() + static_cast<std::ptrdiff_t>(day_from),
                                     w.begin() + static_cast<std::ptrdiff_t>(month_at));
  const std::vector<std::string> month(w.begin() + static_cast<std::ptrdiff_t>(month_at + 1),
                                       w.begin() + static_cast<std::ptrdiff_t>(year_at));
  const int d = NumberInWords(day);
  const int m = month.size() == 1 && kMonthNames.count(month[0]) ? kMonthNames.at(month[0]) : NumberInWords(month);
  if (d < 1 || d > 31 || m < 1 || m > 12) return false;
  out->day = d;
  out->month = m;
  const int y = YearInWords(std::vector<std::string>(w.begin() + static_cast<std::ptrdiff_t>(year_at + 1), w.end()));
  out->year = y >= 1900 && y <= 2199 ? y : -1;
  return true;
}

bool ParseYear(std::string_view raw, int* year) {
  std::string f = Fold(DigitsFromOcr(raw));
  Date d;
  if (FindDate(f, &d)) {
    *year = d.year;
    return d.year >= 1900 && d.year <= 2199;
  }
  std::vector<std::string> runs = DigitRuns(f);
  if (runs.size() != 1 || runs[0].size() != 4) return false;
  int y = std::stoi(runs[0]);
  if (y < 1900 || y > 2199) return false;
  *year = y;
  return true;
}

bool ParseSex(std::string_view raw, std::string* out) {
  std::string f = Fold(raw);
  // OCR may append a stray mark or read "Nữ" as "Nừ", "Nu'", "Nũ".
  std::string w;
  for (char c : f) {
    if (c >= 'a' && c <= 'z') w += c;
    else if (!w.empty()) break;
  }
  // "m" read as "rn", "rm" or "rmn" ("Narn", "Narmn"): n, a, then only
  // r, m and n can be nothing but "Nam".
  if (w.size() >= 4 && w.size() <= 6 && w.compare(0, 2, "na") == 0 &&
      w.find_first_not_of("rmn", 2) == std::string::npos && w.find('r') != std::string::npos) {
    w = "nam";
  }
  // A stray mark read before the word ("ÏNam").
  if (w.size() == 3 && w.compare(1, 2, "nu") == 0) w = "nu";
  if (w.size() == 4 && w.compare(1, 3, "nam") == 0) w = "nam";
  // Vertical strokes read as extra letters inside or around the word
  // ("ÏNaIm", "ÏNữY"): neither "nam" nor "nu" has an i or l.
  if (w != "nu" && w != "nam" && w != "female" && w != "male") {
    std::string v;
    for (char c : w) {
      if (c != 'i' && c != 'l') v += c;
    }
    if (v == "nam" || v == "nu" || (v.size() == 3 && v.compare(0, 2, "nu") == 0 && v[2] == 'y')) {
      w = v.substr(0, v[1] == 'u' ? 2 : 3);
    }
  }
  // One letter misread, added or lost ("Naữm", "Nan", "NƠ"): the word
  // nearer to one of the two and no nearer to the other.
  if (w.size() >= 2 && w.size() <= 5 && w[0] == 'n' && w != "nam" && w != "nu") {
    const std::u32string u = ToU32(w);
    const int to_nam = EditDistance(u, U"nam", 2), to_nu = EditDistance(u, U"nu", 2);
    if (to_nam <= 1 && to_nu > 1) w = "nam";
    else if (to_nu <= 1 && to_nam > 1) w = "nu";
  }
  if (w == "nu" || w == "female") {
    *out = "female";
    return true;
  }
  if (w == "nam" || w == "male") {
    *out = "male";
    return true;
  }
  return false;
}

bool ParseWeight(std::string_view raw, std::int64_t* grams) {
  std::string f = Fold(DigitsFromOcr(raw));
  static const std::regex kg(R"((\d+)(?:[.,](\d+))?\s*(?:kg|ki lo|kilogram))");
  static const std::regex g(R"((\d{1,2}[.,]\d{3}|\d{3,4})\s*(?:gram|gam|gr|g\b|$))");
  static const std::regex bare(R"(^\s*(\d{1,2}[.,]\d{3}|\d{3,4})\s*$)");
  std::smatch m;
  if (std::regex_search(f, m, kg)) {
    double v = std::stod(m[1].str() + (m[2].matched ? "." + m[2].str() : ""));
    *grams = static_cast<std::int64_t>(v * 1000 + 0.5);
    return true;
  }
  // "3.55" with its unit misread: a one-digit number with one or two
  // decimals is kilograms (no birth weight is 3 grams). Not before "gram"
  // read clearly: "3.80 gram" is grams with a digit misread (3180), not
  // 3800.
  static const std::regex kg_bare(R"(^\s*(\d)[.,](\d{1,2})(?:\s|$))");
  static const std::regex grams_after(R"(^\s*(?:gram|gam|gr)\b)");
  if (std::regex_search(f, m, kg_bare) && !std::regex_search(m.suffix().str(), grams_after)) {
    *grams = static_cast<std::int64_t>(std::stod(m[1].str() + "." + m[2].str()) * 1000 + 0.5);
    return true;
  }
  // "2940 sgram", "2930 ØTraIm", "3160. Tư": the unit misread, the number
  // intact.
  static const std::regex lead(R"(^\s*(\d{1,2}[.,]\d{3}|\d{3,4})[.,]?(?:\s|$))");
  // "31 30 gram" (3I 30): a space OCR put inside the four digits.
  static const std::regex split(R"(^\s*(\d{1,2}) (\d{2,3})(?:\s*(?:gram|gam|gr|ram|g\b)|\s*$))");
  if (std::regex_search(f, m, split) && m[1].length() + m[2].length() == 4) {
    *grams = std::stoll(m[1].str() + m[2].str());
    return true;
  }
  if (std::regex_search(f, m, g) || std::regex_search(f, m, bare) || std::regex_search(f, m, lead)) {
    std::string d;
    for (char c : m[1].str()) {
      if (c >= '0' && c <= '9') d += c;
    }
    *grams = std::stoll(d);
    return true;
  }
  return false;
}

bool ParseCount(std::string_view raw, std::int64_t* n) {
  std::string f = Fold(DigitsFromOcr(raw));
  std::vector<std::string> runs = DigitRuns(f);
  if (runs.size() == 1 && runs[0].size() <= 2) {
    *n = std::stoll(runs[0]);
    return true;
  }
  if (!runs.empty()) return false;
  static const char* const kWords[] = {"", "mot", "hai", "ba", "bon", "nam", "sau"};
  std::string first = f.substr(0, f.find(' '));
  // "1" read as a letter: a count standing alone as I, l or |.
  if (first == "i" || first == "l" || first == "|") {
    *n = 1;
    return true;
  }
  for (int i = 1; i <= 6; ++i) {
    if (first == kWords[i]) {
      *n = i;
      return true;
    }
  }
  return false;
}

bool ParseDigits(std::string_view raw, std::string* digits) {
  // Digits, spaces, dots and dashes once DigitsFromOcr has mended the
  // numbers' look-alikes. One or two look-alikes standing apart from the
  // number they end or begin ("17238851 I") are its digits too: the field
  // is one number. At least three digits to each such look-alike.
  std::string d;
  int looks = 0;
  for (const std::string& token : SplitTrim(DigitsFromOcr(raw), ' ')) {
    const std::u32string u = ToU32(token);
    const bool apart = u.size() <= 2 && std::all_of(u.begin(), u.end(), [](char32_t c) { return OcrDigit(c) >= 0; });
    for (char32_t c : u) {
      if (c == U'.' || c == U'-') continue;
      if (!IsDigit(c) && !apart) return false;
      d += static_cast<char>('0' + OcrDigit(c));
      looks += IsDigit(c) ? 0 : 1;
    }
  }
  if (d.empty() || looks * 4 > static_cast<int>(d.size())) return false;
  *digits = d;
  return true;
}

bool FindIdNumber(std::string_view raw, std::string* digits) {
  const std::string fixed = DigitsFromOcr(raw);
  const std::vector<std::string> runs = DigitRuns(fixed);
  const std::vector<std::string> joined = DigitRuns(fixed, " .:-");
  for (size_t want : {12u, 9u}) {
    for (const std::vector<std::string>* list : {&runs, &joined}) {
      for (const auto& r : *list) {
        if (r.size() == want) {
          *digits = r;
          return true;
        }
      }
    }
  }
  // A misread number (a digit doubled or lost): the longest run of 9+,
  // which the validator then reports.
  std::string best;
  for (const auto& r : runs) {
    if (r.size() >= 9 && r.size() > best.size()) best = r;
  }
  if (best.empty()) return false;
  *digits = best;
  return true;
}

namespace {

// The digits of a code's number part with one character too many or one
// unreadable: look-alikes as digits and at most one other character
// dropped, when that leaves `want` digits; or, with `want` real digits,
// the one look-alike or other character among them dropped ("...384I11":
// the 1 read twice, "...538§5553": a speck). Empty when neither.
std::string OneCharacterOff(const std::u32string& part, size_t want) {
  std::string mapped, real;
  int lookalikes = 0, others = 0;
  for (char32_t c : part) {
    if (IsDigit(c)) {
      mapped += static_cast<char>(c);
      real += static_cast<char>(c);
    } else if (const int d = OcrDigit(c); d >= 0) {
      mapped += static_cast<char>('0' + d);
      ++lookalikes;
    } else {
      ++others;
    }
  }
  if (others <= 1 && mapped.size() == want) return mapped;
  if (real.size() == want && lookalikes + others == 1) return real;
  return "";
}

}  // namespace

bool ParseInsuranceNumber(std::string_view raw, std::string* out) {
  std::u32string chars;
  for (char32_t c : ToU32(Trim(raw))) {
    if (c == U' ' || c == U'.' || c == U'-' || c == 0xA0) continue;
    // A mark read on a card's letter ("NÖ", "TẾ"): the letter, its case
    // kept.
    if (c > 0x7F && IsLetter(c)) {
      const std::string base = Fold(ToU8(std::u32string(1, c)));
      if (base.size() == 1 && base[0] >= 'a' && base[0] <= 'z') {
        const auto letter = static_cast<UChar32>(base[0]);
        c = static_cast<char32_t>(u_isupper(static_cast<UChar32>(c)) ? u_toupper(letter) : letter);
      }
    }
    chars += c;
  }
  auto ascii_upper = [](char32_t c) { return c >= U'a' && c <= U'z' ? c - U'a' + U'A' : c; };
  auto ascii_letter = [&](char32_t c) { return ascii_upper(c) >= U'A' && ascii_upper(c) <= U'Z'; };
  size_t letters = 0;
  if (chars.size() == 15) letters = 2;
  else if (chars.size() != 10) {
    // One character off the shape. A card: its two letters first (after a
    // lower-case speck: "c NO319534403021 1"), a third letter or a
    // look-alike too many among its 13 digits ("HCG4383843424159"). A BHXH
    // code: its ten digits so.
    size_t at = 0;
    if (chars.size() > 3 && u_islower(static_cast<UChar32>(chars[0])) && u_isupper(static_cast<UChar32>(chars[1])) &&
        u_isupper(static_cast<UChar32>(chars[2])))
      at = 1;
    std::string number;
    if (chars.size() > at + 2 && ascii_letter(chars[at]) && ascii_letter(chars[at + 1])) {
      const std::string digits = OneCharacterOff(chars.substr(at + 2), 13);
      if (digits.empty()) return false;
      number = ToU8(std::u32string{ascii_upper(chars[at]), ascii_upper(chars[at + 1])}) + digits;
    } else {
      number = OneCharacterOff(chars, 10);
      if (number.empty()) return false;
    }
    *out = number;
    return true;
  }
  std::string s;
  for (size_t i = 0; i < letters; ++i) {
    const char32_t c = ascii_upper(chars[i]);
    if (c < U'A' || c > U'Z') return false;
    s += static_cast<char>(c);
  }
  for (size_t i = letters; i < chars.size(); ++i) {
    const int d = OcrDigit(chars[i]);
    if (d < 0) return false;
    s += static_cast<char>('0' + d);
  }
  *out = s;
  return true;
}

bool ParsePhone(std::string_view raw, std::string* out) {
  std::string s = Trim(DigitsFromOcr(raw));
  bool plus = !s.empty() && s[0] == '+';
  std::string d;
  size_t last_group = 0;  // digits in the last group (after a space)
  bool after_space = false;
  for (char c : s) {
    if (c >= '0' && c <= '9') {
      if (after_space) last_group = 0;
      after_space = false;
      d += c;
      ++last_group;
    } else if (c == ' ' || c == '.' || c == '-' || c == '+' || c == '(' || c == ')' || c == ':' || c == ',') {
      after_space = after_space || c == ' ';
    } else if (d.size() >= 11 && last_group <= 2 && d.size() - last_group >= 9) {
      // The next item's number and label ran on ("0937937395 6.Emalli"):
      // the number ends before that item number.
      d.resize(d.size() - last_group);
      break;
    } else {
      return false;
    }
  }
  // The next item's number alone after the phone ("0902144258 6,", its
  // label cut off as the next field's): a short last group that makes a
  // whole mobile number (ten digits, 03/05/07/08/09) or landline (eleven,
  // 02) too long.
  auto whole = [](const std::string& n) {
    return (n.size() == 10 && n[0] == '0' && std::strchr("35789", n[1])) ||
           (n.size() == 11 && n[0] == '0' && n[1] == '2');
  };
  if (!plus && last_group <= 2 && d.size() > last_group && !whole(d) && whole(d.substr(0, d.size() - last_group))) {
    const size_t group_at = s.find_last_of("0123456789") + 1 - last_group;
    if (group_at > 0 && s[group_at - 1] == ' ') d.resize(d.size() - last_group);
  }
  if (d.size() < 9 || d.size() > 12) return false;
  *out = (plus ? "+" : "") + d;
  return true;
}

const std::string& DigitLookAlikes(char digit) {
  static const std::string kNone;
  static const std::map<char, std::string> kLookAlikes = {
      {'0', "689"}, {'1', "47"}, {'2', "3"}, {'3', "82"}, {'4', "1"}, {'5', "69"},
      {'6', "058"}, {'7', "1"}, {'8', "0369"}, {'9', "058"}};
  auto it = kLookAlikes.find(digit);
  return it == kLookAlikes.end() ? kNone : it->second;
}

std::vector<std::string> LookAlikeReadings(const std::string& digits, size_t n) {
  std::vector<std::string> out;
  for (size_t i = 0; i < std::min(n, digits.size()); ++i) {
    for (char to : DigitLookAlikes(digits[i])) {
      out.push_back(digits);
      out.back()[i] = to;
    }
  }
  return out;
}

std::optional<std::string> OnlyLookAlikeReading(const std::string& digits, size_t n,
                                                 const std::function<bool(const std::string&)>& ok) {
  std::optional<std::string> found;
  for (const std::string& r : LookAlikeReadings(digits, n)) {
    if (!ok(r)) continue;
    if (found) return std::nullopt;  // two: no guess
    found = r;
  }
  return found;
}

std::optional<Date> CorrectDate(const Date& d) {
  // A year past the calendar's range ("2925") is CorrectFutureDate's to
  // mend: the day and month are judged in a leap year meanwhile.
  const int year = d.year < 1900 || d.year > 2199 ? 2000 : d.year;
  if (IsValidDate(year, d.month, d.day) || d.day < 0 || d.day > 99 || d.month < 0 || d.month > 99) return std::nullopt;
  char ddmm[5];
  std::snprintf(ddmm, sizeof ddmm, "%02d%02d", d.day, d.month);
  auto with = [&](const std::string& r) {
    Date t = d;
    t.day = std::stoi(r.substr(0, 2));
    t.month = std::stoi(r.substr(2, 2));
    return t;
  };
  const auto r = OnlyLookAlikeReading(ddmm, 4, [&](const std::string& x) {
    const Date t = with(x);
    return IsValidDate(year, t.month, t.day);
  });
  if (!r) return std::nullopt;
  return with(*r);
}

std::optional<Date> CorrectFutureDate(const Date& d, const Date& today) {
  auto key = [](const Date& x) { return (x.year * 100 + x.month) * 100 + x.day; };
  // Its year may be past the calendar's range ("2925"): the day and month
  // must exist in some year (2000: a leap year).
  if (!IsValidDate(2000, d.month, d.day) || key(d) <= key(today) || d.year > 9999) return std::nullopt;
  const auto r = OnlyLookAlikeReading(std::to_string(d.year), 4, [&](const std::string& x) {
    Date t = d;
    t.year = std::stoi(x);
    return t.year >= 1900 && IsValidDate(t.year, t.month, t.day) && key(t) <= key(today);
  });
  if (!r) return std::nullopt;
  Date t = d;
  t.year = std::stoi(*r);
  return t;
}

std::optional<std::string> CorrectCertificateNumber(const std::string& in, int latest_year) {
  // "GC8", "GC:S", "G08": the C or S read as a look-alike, or a mark
  // before the S.
  std::string raw = in;
  static const std::regex gcs(R"(G[C0O][:.]?[S85$])");
  std::smatch gm;
  // Read in part after its five digits, specks before it ("51965CS.83080,25",
  // "55279.@(CS.4382325"), or as G and an 8 or 5 for the S before the seven
  // digits that end the number ("34046G893669.24").
  static const std::regex part(R"(^([^.,]{5})[.,]?[^0-9A-Za-z]{0,2}(?:G?CS|G[85](?=\d{5}[.,]?\d{2}$)))");
  if (raw.find("GCS") == std::string::npos && std::regex_search(raw, gm, gcs)) {
    raw = gm.prefix().str() + "GCS" + gm.suffix().str();
  } else if (raw.find("GCS") == std::string::npos && std::regex_search(raw, gm, part)) {
    raw = gm[1].str() + ".GCS." + gm.suffix().str();
  }
  const size_t g = raw.find("GCS");
  if (g == std::string::npos) {
    // The older layout's plain number with a letter read for a digit
    // ("58I").
    const std::string digits = DigitsFromOcr(in);
    if (digits != in && digits.find_first_not_of("0123456789") == std::string::npos) return digits;
    // Specks after it ("602ˆcc"): up to three lower-case letters or marks,
    // no digit nor look-alike among them.
    const std::u32string u = ToU32(in);
    size_t n = 0;
    while (n < u.size() && IsDigit(u[n])) ++n;
    if (n >= 2 && n < u.size() && u.size() - n <= 3 &&
        std::all_of(u.begin() + static_cast<std::ptrdiff_t>(n), u.end(), [](char32_t c) {
          return OcrDigit(c) < 0 && !IsDigit(c) && !u_isupper(static_cast<UChar32>(c)) && c != U'/';
        }))
      return in.substr(0, n);  // the digits are ASCII: n bytes
    return std::nullopt;
  }
  // Letters and marks read for digits (OcrDigit's, "330§5"), on code
  // points: "§" is two bytes.
  std::string head;
  for (char32_t c : ToU32(raw.substr(0, g))) {
    const int d = OcrDigit(c);
    if (d >= 0) head += static_cast<char>('0' + d);
    else if (c == U'Z') head += '2';
    else if (c == U'G') head += '6';
    else head += ToU8(std::u32string(1, c));
  }
  while (!head.empty() && (head.back() == '.' || head.back() == ',')) head.pop_back();
  if (head.size() != 5 || head.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  std::vector<std::string> groups;  // digit groups after GCS, split at dots (or commas read for them)
  std::string cur;
  for (char32_t c : ToU32(raw.substr(g + 3))) {
    const int d = OcrDigit(c);
    if (d >= 0) {
      cur += static_cast<char>('0' + d);
    } else if (c == U'.' || c == U',') {
      if (!cur.empty()) groups.push_back(cur);
      cur.clear();
    } else {
      return std::nullopt;
    }
  }
  if (!cur.empty()) groups.push_back(cur);
  std::string digits;
  for (const auto& x : groups) digits += x;
  if (digits.size() == 8 && groups.size() >= 2 && groups[0].size() == 1) digits = digits.substr(1);
  if (digits.size() != 7) return std::nullopt;
  std::string year = digits.substr(5);
  // The year of issue after this year's: the only earlier year one
  // look-alike digit away ("35" for 25).
  if (latest_year > 0 && std::stoi(year) > latest_year % 100) {
    const int latest = latest_year % 100;
    year = OnlyLookAlikeReading(year, 2, [&](const std::string& r) {
             return std::stoi(r) <= latest && std::stoi(r) >= latest - 20;
           }).value_or(year);
  }
  const std::string fixed = head + ".GCS." + digits.substr(0, 5) + "." + year;
  if (fixed == in) return std::nullopt;
  return fixed;
}

std::optional<int> CorrectYear(std::string_view raw, int latest) {
  std::string d;
  for (char c : Trim(DigitsFromOcr(raw))) {
    if (c >= '0' && c <= '9') d += c;
    else if (c != ' ' && c != '.') return std::nullopt;
  }
  // "990": the 1 of 19.. lost (a thin first stroke, at the edge of a blur).
  if (d.size() == 3 && d[0] == '9') return 1000 + std::stoi(d);
  if (d.size() != 4) return std::nullopt;
  const int y = std::stoi(d);
  if (y >= 1900 && y <= latest) return std::nullopt;
  const auto r = OnlyLookAlikeReading(d, 4, [&](const std::string& x) {
    const int v = std::stoi(x);
    return v >= 1900 && v <= latest;
  });
  if (!r) return std::nullopt;
  return std::stoi(*r);
}

std::optional<int> OnlyYearIn(std::string_view raw, int latest) {
  std::optional<int> found;
  for (size_t i = 0; i < raw.size();) {
    size_t j = i;
    while (j < raw.size() && std::isdigit(static_cast<unsigned char>(raw[j]))) ++j;
    if (j - i == 4) {
      const int y = std::stoi(std::string(raw.substr(i, 4)));
      if (y >= 1900 && y <= latest) {
        if (found) return std::nullopt;
        found = y;
      }
    }
    i = j > i ? j : i + 1;
  }
  return found;
}

std::optional<std::string> CorrectPhone(const std::string& digits) {
  if (digits.size() != 10 || digits[0] == '0' || DigitLookAlikes('0').find(digits[0]) == std::string::npos ||
      std::string("35789").find(digits[1]) == std::string::npos)
    return std::nullopt;
  return "0" + digits.substr(1);
}

}  // namespace forms
}  // namespace hoso
