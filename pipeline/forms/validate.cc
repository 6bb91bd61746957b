#include "pipeline/forms/validate.h"

#include <algorithm>
#include <chrono>
#include <cctype>
#include <map>
#include <ctime>
#include <cstring>
#include <set>

#include <unicode/uchar.h>

#include "pipeline/core/util.h"
#include "pipeline/forms/text.h"

namespace hoso {
namespace forms {

namespace {

bool StartsWithWord(const std::string& folded, const char* prefix) {
  std::string p(prefix);
  if (folded.compare(0, p.size(), p) != 0) return false;
  return folded.size() == p.size() || folded[p.size()] == ' ' || folded[p.size()] == '.' ||
         (p.back() == '.');
}

bool ContainsAny(const std::string& folded, std::initializer_list<const char*> keys) {
  std::string padded = " " + folded + " ";
  for (const char* k : keys) {
    if (padded.find(std::string(" ") + k) != std::string::npos) return true;
  }
  return false;
}

bool IsFacility(const std::string& f) {
  return ContainsAny(f, {"benh vien", "tram y te", "trung tam y te", "phong kham", "nha ho sinh", "benh xa",
                         "co so y te", "bv ", "bvdk", "khoa san", "vien nhi", "hospital", "clinic",
                         "phong y te", "trung tam suc khoe", "vien da khoa", "da khoa", "san nhi", "phu san",
                         "y te"});
}

// Units' kinds, folded, as written in lower case.
const std::map<std::string, std::string> kSpelled = {
    {"tinh", "tỉnh"}, {"thanh pho", "thành phố"}, {"xa", "xã"}, {"phuong", "phường"}, {"dac khu", "đặc khu"},
    {"thi tran", "thị trấn"}};

// The words that open a village's name, folded, as printed.
const std::map<std::string, std::string> kVillageWords = {
    {"ap", "ấp"}, {"thon", "thôn"}, {"xom", "xóm"}, {"ban", "bản"}, {"khom", "khóm"}, {"buon", "buôn"}};

// "phường" as OCR misreads it when a mark or letter is lost ("phông",
// "phuờng" -> "phong", "phuong"), one edit from the folded prefix.
bool MisreadPhuong(const std::string& f) {
  std::string first = f.substr(0, f.find(' '));
  if (first.size() < 5 || first.size() == f.size()) return false;
  return EditDistance(ToU32(first), U"phuong", 1) <= 1;
}

bool IsCommunePart(const std::string& f) {
  return StartsWithWord(f, "xa") || StartsWithWord(f, "phuong") || StartsWithWord(f, "dac khu") ||
         StartsWithWord(f, "thi tran") || StartsWithWord(f, "p.") || StartsWithWord(f, "x.") || MisreadPhuong(f);
}

bool IsDistrictPart(const std::string& f) {
  return StartsWithWord(f, "huyen") || StartsWithWord(f, "quan") || StartsWithWord(f, "thi xa") ||
         StartsWithWord(f, "thanh pho") || StartsWithWord(f, "tp") || StartsWithWord(f, "tp.");
}

bool IsStreetPart(const std::string& f) {
  if (!f.empty() && f[0] >= '0' && f[0] <= '9') return true;
  for (const char* k : {"so", "duong", "pho", "ngo", "ngach", "hem", "kiet", "thon", "xom", "ap", "ban",
                        "to dan pho", "to", "khu pho", "khu", "lang", "buon", "soc", "khom", "km", "quoc lo",
                        "tinh lo", "khu dan cu", "kdc", "tdp", "cum", "doi", "nha", "lo", "toa", "chung cu",
                        "dia chi", "khu do thi"}) {
    if (StartsWithWord(f, k)) return true;
  }
  return false;
}

// Whether `word`, the first of `part` (which has no unit prefix of its
// own), may be a province prefix misread ("dnh", "Tết", "Thì"): at most four
// letters, in a part that is no commune, street, district or facility.
bool MayBeMisreadPrefix(const std::string& part, const std::string& word) {
  const std::string f = Fold(part);
  return ToU32(word).size() <= 4 && !IsCommunePart(f) && !IsStreetPart(f) && !IsDistrictPart(f) && !IsFacility(f);
}

// Whether a unit prefix (AdminUnits::StripPrefix's) is a commune's, a
// province's.
bool IsCommunePrefix(const std::string& prefix) {
  return prefix == "xa" || prefix == "phuong" || prefix == "dac khu" || prefix == "thi tran";
}
bool IsProvincePrefix(const std::string& prefix) { return prefix == "tinh" || prefix == "thanh pho"; }
// The same with the city's abbreviations ("tp", "tp."), as a part's whole
// text or its prefix.
bool IsProvinceKind(const std::string& folded) {
  return IsProvincePrefix(folded) || folded == "tp" || folded == "tp.";
}

// Whether `folded` (one part of an address, folded) is only a unit's kind,
// its name lost ("tinh", "thanh pho", "xa", "huyen", ...).
bool IsUnitKindOnly(const std::string& folded) {
  static const std::set<std::string> kKinds = {"tinh", "thanh pho", "tp", "tp.", "xa", "phuong", "huyen",
                                               "quan", "thi xa", "thi tran", "dac khu"};
  return kKinds.count(folded) > 0;
}

// Splits a part where a unit prefix starts mid-way ("phường Hạc Thành tỉnh
// Thanh Hóa" when OCR lost the comma). Facilities are left whole.
std::vector<std::string> SplitUnits(const std::string& part) {
  std::vector<std::string> words = SplitTrim(part, ' ');
  std::vector<std::string> out;
  std::string cur;
  for (size_t i = 0; i < words.size(); ++i) {
    std::string f = Fold(words[i]);
    std::string f2 = i + 1 < words.size() ? f + " " + Fold(words[i + 1]) : f;
    // One-word prefixes as written (or with their marks lost or misread),
    // not the name syllables that fold the same: "Tĩnh Gia", "Tịnh Biên",
    // "Phương Nông", "Hạch Xá", "Quan Hóa" are names.
    static const std::set<std::string> kPrefixWords = {"tỉnh", "tinh", "tính", "tình", "xã", "xa", "xâ",
                                                       "phường", "phuong", "phuờng", "phưởng", "huyện",
                                                       "huyen", "quận"};
    std::string lower = CaseSpaceFold(words[i]);
    bool starts = i > 0 && i + 1 < words.size() &&
                  ((kPrefixWords.count(lower) > 0) || f2 == "thanh pho" || f2 == "thi xa" || f2 == "dac khu" ||
                   f2 == "thi tran");
    if (starts && !cur.empty()) {
      out.push_back(cur);
      cur.clear();
    }
    if (!cur.empty()) cur += ' ';
    cur += words[i];
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

std::string Message(const std::string& vi, const std::string& en) { return vi + " (" + en + ")"; }

// In `fixed`, the prefix word `bad` OCR misread before the unit name
// `printed` ("ng: An Tường", "cnh Đồng Tháp") written as the unit list
// writes the prefix of `listed` ("Phường An Tường"), or `fallback` when the
// list writes the unit bare; lower case when `bad` was.
void WriteListedPrefix(const std::string& bad, const std::string& printed, const std::string& listed,
                       const std::string& fallback, std::string* fixed) {
  const std::string bare = AdminUnits::StripPrefix(listed, nullptr);
  std::string prefix = Trim(listed.substr(0, listed.size() - std::min(listed.size(), bare.size())));
  if (prefix.empty()) prefix = fallback;
  const size_t at = fixed->rfind(bad + " " + printed);
  if (prefix.empty() || at == std::string::npos) return;
  std::u32string p32 = ToU32(prefix);
  if (u_islower(ToU32(bad)[0])) p32[0] = u_tolower(p32[0]);
  fixed->replace(at, bad.size(), ToU8(p32));
}

// The words that name a health facility's kind, as written. In a facility
// part, words that fold to one of these (marks lost or misread: "Sản Nhì",
// "Trung tám"), or for phrases of six letters or more are one edit from it
// ("Đe khoa", "Sệnh viện"), two for those of twelve or more ("Tường tâm Y
// tế"), are spelled so.
const std::vector<std::string>& FacilityPhrases() {
  static const std::vector<std::string> kPhrases = {
      "Trung tâm Y tế", "Y học cổ truyền", "Nhà hộ sinh", "Bệnh viện", "Đa khoa", "Sản Nhi", "Phụ sản",
      "Trạm Y tế", "khu vực", "Phòng khám", "Nhi đồng", "Bệnh xá"};
  return kPhrases;
}

std::string CorrectFacilityName(const AdminUnits& units, const std::string& part) {
  std::vector<std::string> words = SplitTrim(part, ' ');
  // The kind's phrases come first; the place the facility is named after
  // follows them, and "khu vực" is always followed by it ("Trung tâm Y tế
  // khu vực Phú Tân" is no "Phụ sản").
  size_t place = 0;  // where the place begins, after the kind's phrases
  for (size_t i = 0; i < words.size();) {
    place = i;
    size_t step = 0;
    for (const std::string& phrase : FacilityPhrases()) {
      const std::vector<std::string> pw = SplitTrim(phrase, ' ');
      if (i + pw.size() > words.size()) continue;
      std::string cand;
      for (size_t k = 0; k < pw.size(); ++k) cand += (k ? " " : "") + words[i + k];
      const std::u32string fc = ToU32(Fold(cand)), fp = ToU32(Fold(phrase));
      // (Letters and spaces: "Tường tâm Y tế", two off its 14, is a Trung tâm.)
      const int allowed = fp.size() >= 12 ? 2 : fp.size() >= 7 ? 1 : 0;
      if (EditDistance(fc, fp, allowed) > allowed) continue;
      for (size_t k = 0; k < pw.size(); ++k) words[i + k] = InCaseOf(words[i + k], pw[k]);
      step = pw.size();
      break;
    }
    if (step == 0 || Fold(words[i]) == "khu") break;  // the place begins
    i += step;
    place = i;
  }
  // A facility named after a province ("Bệnh viện Phụ sản Đồng Tháp"), its
  // name misread by marks only ("Dông Tháp", "Quảng Ngài"): as listed.
  if (place > 0 && place < words.size()) {
    const std::string name = Join(std::vector<std::string>(words.begin() + place, words.end()), " ");
    UnitMatch m;
    if (!name.empty() && units.MatchProvince(name, true, &m) && m.quality == 1) {
      const std::vector<std::string> listed = SplitTrim(AdminUnits::StripPrefix(m.name, nullptr), ' ');
      if (listed.size() == words.size() - place) {
        for (size_t k = 0; k < listed.size(); ++k) words[place + k] = InCaseOf(words[place + k], listed[k]);
      }
    }
  }
  // A health centre named after a pre-2025 district ("Trung tâm Y tế khu
  // vực Quỳ Hợp"), the name misread by marks only ("Quỷ Hợp", "Ha Long"):
  // as listed, when only one district folds so, and what was read is no
  // unit's name as it stands (a centre named after a commune: "khu vực Tân
  // Thành" is no misread of huyện Tân Thạnh; generated r7788 d0010).
  // Apostrophes aside ("M'Drắk", "MDrắk" for xã M’Drắk), the commune is
  // written as listed.
  auto apostrophes_aside = [](const std::string& name) { return WithoutApostrophes(ToU32(ToneKey(name))); };
  auto exactly_a_commune = [&](const std::vector<std::string>& name, std::string* listed) {
    const std::string read = Join(name, " ");
    for (const UnitMatch& u : units.MatchCommune(read, true)) {
      const std::string bare = AdminUnits::StripPrefix(u.name, nullptr);
      if (u.quality == 0 || apostrophes_aside(bare) == apostrophes_aside(read)) {
        *listed = u.quality == 0 ? read : bare;
        return true;
      }
    }
    return false;
  };
  if (place + 2 < words.size() && Fold(words[place]) == "khu" && Fold(words[place + 1]) == "vuc") {
    const std::vector<std::string> read(words.begin() + place + 2, words.end());
    std::string commune;
    const std::vector<std::string> listed =
        SplitTrim(exactly_a_commune(read, &commune) ? commune : units.OldDistrictByMarks(Join(read, " ")), ' ');
    if (listed.size() == read.size()) {
      for (size_t k = 0; k < listed.size(); ++k) words[place + 2 + k] = InCaseOf(read[k], listed[k]);
    }
  }
  // The place a facility is named after, after its unit prefix: "Bệnh viện
  // Đa khoa tính Đồng Nai", "Trạm Y tế xã Hóa Khánh".
  std::string out;
  for (size_t i = 0; i < words.size(); ++i) {
    static const std::set<std::string> kUnitWords = {"tinh", "xa", "phuong", "thanh"};
    if (i > 0 && kUnitWords.count(Fold(words[i])) && i + 1 < words.size()) {
      std::string tail;
      for (size_t k = i; k < words.size(); ++k) tail += (k > i ? " " : "") + words[k];
      const std::string fixed = CorrectUnitNames(units, tail);
      if (fixed != tail) return out + (out.empty() ? "" : " ") + fixed;
    }
    out += (out.empty() ? "" : " ") + words[i];
  }
  return out;
}

// Whether `text` names a province (else a commune), prefix optional,
// exactly as listed, tone placement aside, current or pre-2025.
bool ListedExactly(const AdminUnits& units, const std::string& text, bool province) {
  if (province) {
    UnitMatch m;
    return units.MatchProvince(text, true, &m) && m.quality == 0;
  }
  const std::vector<UnitMatch> m = units.MatchCommune(text, true);
  return !m.empty() && m.front().quality == 0;
}

// `facility` with the place it is named after, its last words, written as
// one of `places` (bare unit names of its address, as listed) names it,
// when they fold alike or, for a name of five letters or more, one edit
// apart ("Nghệ Aa", "Than Hỏa"), for exactly one of them, and do not name
// some other unit exactly ("Trạm Y tế xã Tân Hà" of xã Tân Hòa).
std::string NameFacilityAfterItsPlace(const AdminUnits& units, const std::string& facility,
                                      const std::vector<std::string>& places) {
  std::vector<std::string> words = SplitTrim(facility, ' ');
  std::vector<std::string> found;  // the one place's words
  for (const std::string& place : places) {
    const std::vector<std::string> pw = SplitTrim(place, ' ');
    if (pw.empty() || words.size() < pw.size() + 2) continue;  // the facility's kind comes first
    const std::string read = Join(std::vector<std::string>(words.end() - static_cast<std::ptrdiff_t>(pw.size()),
                                                           words.end()), " ");
    if (CaseSpaceFold(read) == CaseSpaceFold(place)) return facility;  // named so already
    const std::u32string fr = ToU32(Fold(read)), fp = ToU32(Fold(place));
    const int allowed = std::count_if(fp.begin(), fp.end(), IsLetter) >= 5 ? 1 : 0;
    if (EditDistance(fr, fp, allowed) > allowed) continue;
    if (ListedExactly(units, read, false) || ListedExactly(units, read, true)) return facility;
    if (!found.empty() && CaseSpaceFold(Join(found, " ")) != CaseSpaceFold(place)) return facility;  // two places
    found = pw;
  }
  if (found.empty()) return facility;
  for (size_t k = 0; k < found.size(); ++k) {
    std::string& w = words[words.size() - found.size() + k];
    w = InCaseOf(w, found[k]);
  }
  return Join(words, " ");
}

}  // namespace

bool EndsInUnitKind(std::string_view address) {
  const std::vector<std::string> parts = SplitTrim(std::string(address), ',');
  return !parts.empty() && IsUnitKindOnly(Fold(parts.back()));
}

std::string CorrectUnitNames(const AdminUnits& units, std::string_view address) {
  std::string original(address);
  // Stray quotes and slashes OCR reads from specks ("Phú “Thọ").
  std::u32string u = ToU32(address), clean;
  for (char32_t c : u) {
    if (c != U'\u201C' && c != U'\u201D' && c != U'"' && c != U'\u2044') clean += c;
  }
  // ". xã", ": tỉnh": a comma read as a full stop or colon before a unit prefix,
  // also with the space lost ("Trung.tỉnh").
  std::vector<std::string> words;
  for (std::string w : SplitTrim(ToU8(clean), ' ')) {
    // "8Š": S with a caron, a speck over a 5 in a number.
    if (std::any_of(w.begin(), w.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
      for (size_t at; (at = w.find("Š")) != std::string::npos;) w.replace(at, std::strlen("Š"), "S");
    }
    // "Vết,-": marks after a comma at a word's end are specks.
    if (const size_t comma = w.rfind(','); comma != std::string::npos && !HasLetterOrDigit(w.substr(comma + 1))) {
      w.erase(comma + 1);
      // "Kiêu.,": a speck read as a full stop before the comma.
      while (w.size() > 2 && (w[w.size() - 2] == '.' || w[w.size() - 2] == ':')) w.erase(w.size() - 2, 1);
    }
    const size_t dot = w.find('.');
    const std::string after = dot == std::string::npos ? "" : Fold(w.substr(dot + 1));
    if (dot != std::string::npos && dot > 0 && (after == "tinh" || after == "xa" || after == "phuong")) {
      words.push_back(w.substr(0, dot + 1));
      words.push_back(w.substr(dot + 1));
    } else {
      words.push_back(w);
    }
  }
  for (size_t i = 0; i + 1 < words.size(); ++i) {
    // "tính: An Giang", "phường. Phước Bình": a colon or a stop read after a
    // unit prefix (a stop only before a capitalised name).
    if (words[i].size() > 1 && (words[i].back() == ':' || words[i].back() == '.')) {
      const std::string f = Fold(words[i].substr(0, words[i].size() - 1));
      if ((f == "tinh" || f == "xa" || f == "phuong" || f == "huyen" || f == "quan") &&
          (words[i].back() == ':' || StartsWithCapital(words[i + 1]))) {
        words[i].pop_back();
      }
    }
    std::string next = Fold(words[i + 1]);
    if (words[i].size() > 1 && (words[i].back() == '.' || words[i].back() == ':') &&
        (next == "xa" || next == "phuong" || next == "tinh" || next == "thanh" || next == "dac" || next == "thi" ||
         next == "so" || next == "duong" || next == "thon" || next == "xom" || next == "ap" || next == "ngo")) {
      words[i].back() = ',';
    }
    // A colon between the words of a unit's prefix ("thành: phố Đà Nẵng")
    // is a speck. (Before a capitalised word it may stand for a letter:
    // "xã Ngã: Giao" is nearest "Ngãi Giao" as read.)
    if (words[i].size() > 1 && words[i].back() == ':' && !StartsWithCapital(words[i + 1])) words[i].pop_back();
  }
  // A house number read apart at its last digit ("số 31 1 đường Phan Bội
  // Châu"; generated e1111 d0004): one number. A lone digit is never a part
  // of its own between the number and its street.
  auto all_digits = [](const std::string& w) {
    return !w.empty() &&
           std::all_of(w.begin(), w.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; });
  };
  for (size_t i = 0; i + 3 < words.size(); ++i) {
    const std::string street = Fold(words[i + 3]);
    if (Fold(words[i]) == "so" && all_digits(words[i + 1]) && words[i + 2].size() == 1 && all_digits(words[i + 2]) &&
        (street == "duong" || street == "pho")) {
      words[i + 1] += words[i + 2];
      words.erase(words.begin() + static_cast<std::ptrdiff_t>(i + 2));
    }
  }
  // Street words misread by a mark ("áp 9", "bán Phú Cường", "sổ 438
  // dường ..."), written as printed where their place leaves no doubt: a
  // village word opening a part, before a number or a name; "số" before a
  // house number; "đường" and "phố" after one or an alley's, "ngõ" between
  // it and a number. Elsewhere the same letters can be a name ("Tô Hiến
  // Thành", "xã Dương Minh Châu").
  {
    auto part_start = [&](size_t i) { return i == 0 || words[i - 1].back() == ','; };
    // Digits, with S O I l | read for some of them.
    auto numberish = [](const std::string& w) {
      int digits = 0;
      for (char c : w) {
        if (std::isdigit(static_cast<unsigned char>(c))) ++digits;
        else if (!std::strchr("SOIl|,", c)) return false;
      }
      return digits > 0;
    };
    // A village word with one letter misread ("thôa 11", "ấn 5"): written
    // lower case, opening a part, before a number (or a name, for words of
    // three letters or more), one letter from exactly one village word, its
    // first letter kept.
    auto one_letter_from_village = [&](const std::string& f, const std::string& next) -> std::string {
      if (f.size() < 2 || (f.size() < 3 && !numberish(next)) || kVillageWords.count(f) || IsStreetPart(f)) return "";
      std::string found;
      for (const auto& [folded, village] : kVillageWords) {
        if (folded.size() != f.size() || folded[0] != f[0]) continue;
        int diff = 0;
        for (size_t k = 0; k < f.size(); ++k) diff += folded[k] != f[k];
        if (diff != 1) continue;
        if (!found.empty()) return "";
        found = village;
      }
      return found;
    };
    // The rest of the part from word i + 1 is exactly a province's name
    // (else a commune's).
    auto names_unit = [&](size_t i, bool province) {
      std::string rest;
      for (size_t k = i + 1; k < words.size(); ++k) {
        rest += (rest.empty() ? "" : " ") + words[k];
        if (words[k].back() == ',') break;
      }
      while (!rest.empty() && (rest.back() == ',' || rest.back() == '.')) rest.pop_back();
      if (province) {
        UnitMatch m;
        return units.MatchProvince(rest, true, &m) && m.quality == 0;
      }
      const std::vector<UnitMatch> m = units.MatchCommune(rest, true);
      return !m.empty() && m[0].quality == 0;
    };
    // "Ia" read "la" (a capital I as a small l) opening a unit's name after
    // its kind or "khu vực" ("xã la Dơk", "khu vực la Pnôn"; generated
    // h4444 d0007, i5151 d0042): Vietnamese names are capitalised, so a
    // small "la" there is that misread, when "Ia" and the rest of the part
    // are exactly a listed commune's name.
    for (size_t i = 1; i + 1 < words.size(); ++i) {
      const std::string before = Fold(words[i - 1]);
      const bool after_kind =
          before == "xa" || before == "phuong" || (before == "vuc" && i >= 2 && Fold(words[i - 2]) == "khu");
      if (words[i] != "la" || !after_kind || !StartsWithCapital(words[i + 1])) continue;
      words[i] = "Ia";
      if (!names_unit(i - 1, false)) words[i] = "la";
    }
    // A unit prefix read twice ("Tỉnh tỉnh Lai Châu") before the exact name
    // of such a unit: once. ("xã Xá Lượng" keeps both: "Lượng" is no unit.)
    for (size_t i = 0; i + 2 < words.size(); ++i) {
      const std::string f = Fold(words[i]);
      if ((f == "tinh" || f == "xa" || f == "phuong") && part_start(i) && Fold(words[i + 1]) == f &&
          StartsWithCapital(words[i + 2]) && names_unit(i + 1, f == "tinh")) {
        words.erase(words.begin() + static_cast<std::ptrdiff_t>(i));
      }
    }
    for (size_t i = 0; i + 1 < words.size(); ++i) {
      const std::string f = Fold(words[i]);
      const std::string& next = words[i + 1];
      const bool opens_village = part_start(i) && (numberish(next) || StartsWithCapital(next));
      const std::string near_village =
          opens_village && !StartsWithCapital(words[i]) ? one_letter_from_village(f, next) : std::string();
      std::string canonical;
      if (opens_village && kVillageWords.count(f)) {
        canonical = kVillageWords.at(f);
      } else if (!near_village.empty()) {
        canonical = near_village;
      } else if ((f == "so" || ((f == "xo" || f == "se" || f == "vo") && part_start(i))) && numberish(next)) {
        canonical = "số";
      } else if ((f == "to" && part_start(i) && numberish(next))) {
        canonical = "tổ";
      } else if ((f == "duong" || f == "pho") && i >= 2 && (Fold(words[i - 2]) == "so" || Fold(words[i - 2]) == "ngo") &&
                 numberish(words[i - 1])) {
        canonical = f == "duong" ? "đường" : "phố";
      } else if (f == "ngo" && i >= 2 && Fold(words[i - 2]) == "so" && numberish(words[i - 1]) && numberish(next)) {
        // "số 27 ngò 70 phố ...": an alley between the house's number and
        // the alley's (generated a2020 d0008, r7788 d0029).
        canonical = "ngõ";
      }
      if (!canonical.empty()) words[i] = InCaseOf(words[i], canonical);
    }
  }
  // "xóm I3", "thôn l", "số S3": I, l and | read for 1, S for 5 in a number
  // after a street word; "tố dân phố": the street words' marks.
  static const std::set<std::string> kNumbered = {"xom", "thon", "to", "so", "ap", "khu", "ngo", "ngach", "hem",
                                                  "kiet", "doi", "pho", "ban", "duong"};
  for (size_t i = 0; i + 1 < words.size(); ++i) {
    std::string f = Fold(words[i]);
    if (!kNumbered.count(f)) continue;
    std::string& w = words[i + 1];
    std::string tail;
    while (!w.empty() && (w.back() == ',' || w.back() == '.')) {
      tail.insert(tail.begin(), w.back());
      w.pop_back();
    }
    bool number = !w.empty();
    int digits = 0, letter_digits = 0;  // O o S: read for 0 and 5
    for (char c : w) {
      number = number && (std::isdigit(static_cast<unsigned char>(c)) || c == 'I' || c == 'l' || c == '|' ||
                          c == 'O' || c == 'o' || c == 'S');
      digits += std::isdigit(static_cast<unsigned char>(c)) ? 1 : 0;
      letter_digits += c == 'O' || c == 'o' || c == 'S';
    }
    // O read for 0 and S for 5 only beside a digit ("3O", "S3"): "Ô", "o",
    // "S" alone are words.
    if (letter_digits > 0 && digits == 0) number = false;
    // "xóm II" is a Roman two; a house's "số II" is eleven (generated
    // l6363 d0039, a scan): houses are not numbered in Roman.
    if (number && (digits > 0 || w.size() == 1 || f == "so") && (w != std::string(w.size(), 'I') || f == "so")) {
      for (char& c : w) {
        if (c == 'O' || c == 'o') c = '0';
        else if (c == 'S') c = '5';
        else if (!std::isdigit(static_cast<unsigned char>(c))) c = '1';
      }
    } else if (number && w == "I") {
      w = "1";
    }
    w += tail;
  }
  for (size_t i = 0; i + 2 < words.size(); ++i) {
    // "tố đáo phố 23", "tế đàn phố 6", "tổ d ân phố 22": before a number,
    // one letter off or with "dân" read in two.
    if (i + 3 < words.size() && Fold(words[i]) == "to" && Fold(words[i + 1]) == "d" && Fold(words[i + 2]) == "an" &&
        Fold(words[i + 3]).rfind("ph", 0) == 0) {
      words[i + 1] += words[i + 2];
      words.erase(words.begin() + static_cast<std::ptrdiff_t>(i) + 2);
    }
    const std::string f0 = Fold(words[i]), f1 = Fold(words[i + 1]), f2 = Fold(words[i + 2]);
    const bool numbered = i + 3 < words.size() && std::isdigit(static_cast<unsigned char>(words[i + 3][0]));
    const std::u32string read = ToU32(f0 + " " + f1 + " " + f2);
    const bool near = numbered && f0.size() == 2 && f0[0] == 't' &&
                      (EditDistance(read, U"to dan pho", 1) <= 1 || EditDistance(read, U"to dan pho,", 1) <= 1);
    if (near || (f0 == "to" && f1 == "dan" && f2.rfind("pho", 0) == 0)) {
      bool upper = !words[i].empty() && words[i][0] == 'T';
      words[i] = upper ? "Tổ" : "tổ";
      words[i + 1] = "dân";
      std::string rest = words[i + 2].substr(std::min(words[i + 2].size(), ToU8(ToU32(words[i + 2]).substr(0, 3)).size()));
      words[i + 2] = "phố" + rest;
    }
  }
  std::string text;
  for (const auto& w : words) text += (text.empty() ? "" : " ") + w;
  std::vector<std::string> parts = SplitTrim(text, ',');
  // The comma before the province lost ("phường Mông Dương tỉnh Quảng
  // Ninh"): a commune's part that SplitUnits cuts into a listed commune and
  // a listed province is two parts; the province read with its marks
  // only wrong, or, after its kind, a letter or two off ("xã Đương Thương
  // tính Tuyến Chuang"; generated l6363 d0014).
  bool split = false;
  if (!parts.empty() && IsCommunePart(Fold(parts.back()))) {
    const std::vector<std::string> pieces = SplitUnits(parts.back());
    UnitMatch m;
    if (pieces.size() == 2 && units.MatchProvince(pieces[1], true, &m) &&
        (m.quality <= 1 || IsProvinceKind(Fold(pieces[1].substr(0, pieces[1].find(' '))))) &&
        !units.MatchCommune(pieces[0], true).empty()) {
      parts.back() = pieces[0];
      parts.push_back(pieces[1]);
      split = true;
    }
    // ... and the province's kind lost with it ("Phường An Tường Tuyên
    // Quang"; generated d5050 d0014): a commune's part that is no commune,
    // whose last words are a province's name, the words before them one of
    // that province's communes.
    const std::vector<std::string> names = SplitTrim(parts.back(), ' ');
    if (!split && pieces.size() == 1 && units.MatchCommune(parts.back(), true).empty()) {
      for (size_t k = 1; k + 2 <= names.size() && k <= 3 && !split; ++k) {
        const auto at = names.end() - static_cast<std::ptrdiff_t>(k);
        const std::string head = Join(std::vector<std::string>(names.begin(), at), " ");
        const std::string tail = Join(std::vector<std::string>(at, names.end()), " ");
        UnitMatch m;
        std::string tail_prefix;
        AdminUnits::StripPrefix(tail, &tail_prefix);
        if (!tail_prefix.empty() || !units.MatchProvince(tail, true, &m) || m.quality > 1) continue;
        const std::vector<UnitMatch> in = units.MatchCommune(head, true, m.province_key);
        if (std::none_of(in.begin(), in.end(), [](const UnitMatch& c) { return c.quality <= 1; })) continue;
        parts.back() = head;
        parts.push_back(tail);
        split = true;
      }
    }
  }
  // The commune's kind misread past recognition ("x3 Hợp Tiến", "8 Càng
  // Long"; generated q1122 d0029, h4444 d0023) before the province, after
  // a village or street: one or two characters, then exactly a commune of
  // that province. Written as the list names its kind, in the province's
  // case.
  bool kind_written = false;
  if (parts.size() >= 3) {
    std::string& part = parts[parts.size() - 2];
    const size_t sp = part.find(' ');
    UnitMatch province;
    const std::string token = sp == std::string::npos ? "" : Fold(part.substr(0, sp));
    // (Not a village's word: "ấp 3" is a village whatever "3" names.)
    const bool village_word = !all_digits(token) && (kVillageWords.count(token) || IsStreetPart(token));
    const std::string name = sp == std::string::npos ? "" : Trim(part.substr(sp + 1));
    if (sp != std::string::npos && ToU32(part.substr(0, sp)).size() <= 2 && !village_word && StartsWithCapital(name) &&
        !IsCommunePart(Fold(part)) && units.MatchProvince(parts.back(), true, &province) && province.quality <= 1) {
      for (const UnitMatch& m : units.MatchCommune(name, true, province.province_key)) {
        std::string kind;
        const std::string bare = AdminUnits::StripPrefix(m.name, &kind);
        if (m.quality != 0 || kind.empty() || ToneKey(bare) != ToneKey(name)) continue;
        const std::string listed_kind = Trim(m.name.substr(0, m.name.size() - bare.size()));
        const auto lower = kSpelled.find(Fold(listed_kind));
        if (lower == kSpelled.end()) continue;
        part = (StartsWithCapital(parts.back()) ? listed_kind : lower->second) + " " + name;
        kind_written = true;
        break;
      }
    }
  }
  bool changed = split || kind_written || text != Trim(original);
  // The province the address ends in, if its last part names one.
  std::string province_key;
  bool current_units = false;  // ... a current one, the address's units today's
  if (!parts.empty()) {
    std::string prefix;
    AdminUnits::StripPrefix(parts.back(), &prefix);
    // Its prefix misread ("dnh An Giang", "Tết: Cao Băng"): one word of at
    // most four letters that is no unit or street word, then a province's
    // name, exact, one mark off, or one letter from exactly one province's
    // ("ah Nghệ Aa", q8080 d0041). The prefix is written as the list writes
    // it ("Thành phố Hà Nội"), else "tỉnh".
    const std::string& last = parts.back();
    const size_t sp = last.find(' ');
    if (prefix.empty() && sp != std::string::npos) {
      std::string bad = last.substr(0, sp);
      if (bad.size() > 1 && bad.back() == ':') bad.pop_back();
      UnitMatch m;
      const std::string rest = Trim(last.substr(sp + 1));
      if (MayBeMisreadPrefix(last, bad) && units.MatchProvince(rest, false, &m)) {
        parts.back() = last.substr(0, sp) + " " + rest;
        WriteListedPrefix(last.substr(0, sp), rest, m.name, "Tỉnh", &parts.back());
        AdminUnits::StripPrefix(parts.back(), &prefix);
        changed = true;
      }
    }
    // Specks read inside the province's name ("Tỉnh h Nghệ. An"): a lone
    // letter or mark, a full stop or colon after a word.
    UnitMatch m;
    if (IsProvincePrefix(prefix) && !units.MatchProvince(parts.back(), true, &m)) {
      const std::string bare = AdminUnits::StripPrefix(parts.back(), nullptr);
      std::vector<std::string> kept;
      for (std::string w : SplitTrim(bare, ' ')) {
        while (!w.empty() && (w.back() == '.' || w.back() == ':')) w.pop_back();
        const std::u32string u = ToU32(w);
        if (u.size() <= 1) continue;
        kept.push_back(w);
      }
      const std::string clean = Join(kept, " ");
      if (!kept.empty() && clean != bare && units.MatchProvince(clean, true, &m) && m.quality <= 1) {
        parts.back() = Trim(parts.back().substr(0, parts.back().size() - bare.size())) + " " + clean;
        changed = true;
      }
    }
    // A province name misread past matching on its own ("tỉnh Quảng NHÀ":
    // Quảng Ninh or Quảng Ngãi), or lost but for a speck ("Tỉnh ị"): the
    // province of the commune the address names, if the text fits it alone.
    if (IsProvincePrefix(prefix) && !units.MatchProvince(parts.back(), true, &m) &&
        parts.size() >= 2) {
      std::vector<std::string> keys;
      for (size_t i = 0; i + 1 < parts.size(); ++i) {
        std::string cp;
        AdminUnits::StripPrefix(parts[i], &cp);
        if (!IsCommunePrefix(cp)) continue;
        // Current communes first, then old ones (a pre-reform "xã Đức Phổ"
        // of Lâm Đồng beside today's "phường Đức Phổ" of Quảng Ngãi).
        std::vector<UnitMatch> communes = units.MatchCommune(parts[i], false);
        if (communes.empty()) communes = units.MatchCommune(parts[i], true);
        for (const UnitMatch& c : communes) {
          if (c.quality > 1) continue;
          for (const std::string& k : c.province_keys)
            if (std::find(keys.begin(), keys.end(), k) == keys.end()) keys.push_back(k);
        }
      }
      const std::string bare = AdminUnits::StripPrefix(parts.back(), nullptr);
      if (!keys.empty() && !bare.empty() && units.MatchProvinceAmong(parts.back(), keys, &m)) {
        parts.back() = Trim(parts.back().substr(0, parts.back().size() - bare.size())) + " " +
                       InCaseOf(bare, AdminUnits::StripPrefix(m.name, nullptr));
        changed = true;
      }
    }
    if (IsProvincePrefix(prefix) && units.MatchProvince(parts.back(), true, &m) && m.quality <= 1) {
      province_key = m.province_key;
      // Today's two levels: a current province, no district between.
      current_units = !m.old && std::none_of(parts.begin(), parts.end(),
                                             [](const std::string& p) { return IsDistrictPart(Fold(p)); });
    }
  }
  for (auto& part : parts) {
    std::string f = Fold(part);
    if (IsFacility(f)) {
      const std::string fixed = CorrectFacilityName(units, part);
      changed = changed || fixed != part;
      part = fixed;
      continue;
    }
    std::string prefix;
    std::string bare = AdminUnits::StripPrefix(part, &prefix);
    if (prefix.empty() || bare.empty()) continue;
    std::string canonical;
    bool unit_found = false;
    if (IsProvincePrefix(prefix)) {
      UnitMatch m;
      unit_found = units.MatchProvince(part, true, &m);
      if (unit_found) canonical = AdminUnits::StripPrefix(m.name, nullptr);
    } else if (IsCommunePrefix(prefix)) {
      // Per name (tone placement aside): the unit spelling it, a current
      // one where a pre-2025 one is spelt the other way ("Việt Hoà", now
      // "Việt Hòa").
      std::map<std::string, const UnitMatch*> names;
      // Within the address's province first: a name one letter off may be
      // near several communes of the country but one of the province.
      std::vector<UnitMatch> matches;
      if (!province_key.empty()) matches = units.MatchCommune(part, true, province_key);
      if (matches.empty()) matches = units.MatchCommune(part, true);
      // Listed as read in the address's province: with its names folding
      // alike, for the choice below.
      if (!province_key.empty() && !matches.empty() && matches.front().quality == 0) {
        for (UnitMatch& m : units.MatchCommune(Fold(part), true, province_key)) matches.push_back(std::move(m));
      }
      for (const auto& m : matches) {
        auto [it, first] = names.emplace(ToneKey(AdminUnits::StripPrefix(m.name, nullptr)), &m);
        if (!first && it->second->old && !m.old) it->second = &m;
      }
      unit_found = !names.empty();
      // Names folding alike but spelt otherwise (Đắk Rve, a pre-2025 thị
      // trấn, and xã Đăk Rve now; xã Đắk Kôi then, Đăk Kôi now): the units
      // of the kind printed, and in an address of today's units the
      // current unit's spelling.
      auto keep_only = [&](auto keep) {
        std::map<std::string, const UnitMatch*> kept;
        for (const auto& [key, m] : names)
          if (keep(*m)) kept.emplace(key, m);
        if (!kept.empty()) names.swap(kept);
      };
      if (names.size() > 1) {
        keep_only([&](const UnitMatch& m) {
          std::string kind;
          AdminUnits::StripPrefix(m.name, &kind);
          return kind == prefix;
        });
      }
      if (names.size() > 1 && current_units) keep_only([](const UnitMatch& m) { return !m.old; });
      if (names.size() == 1) canonical = AdminUnits::StripPrefix(names.begin()->second->name, nullptr);
    }
    // The prefix itself with a mark misread ("Tính Đồng Nai", "xă"),
    // before a unit of its level: spelled right, in the printed case.
    std::string printed = Trim(part.substr(0, part.size() - bare.size()));
    auto spelled = kSpelled.find(prefix);
    if (unit_found && spelled != kSpelled.end() && CaseSpaceFold(printed) != spelled->second) {
      part = InCaseOf(printed, spelled->second) + part.substr(printed.size());
      changed = true;
    }
    // Written as the list spells the unit: its letters, marks and their
    // placement ("Hoà" read, "Hòa" listed), in the case printed.
    if (canonical.empty() || CaseSpaceFold(canonical) == CaseSpaceFold(bare)) continue;
    canonical = InCaseOf(bare, canonical);  // in capitals when printed so
    part = part.substr(0, part.size() - bare.size()) + canonical;
    changed = true;
  }
  // A facility named after the place it stands in ("Trạm Y tế xã Tân An,
  // bản Hạ, xã Tân An", "Bệnh viện Sản Nhi Nghệ An, ..., tỉnh Nghệ An"),
  // that name misread where the address's own unit reads as listed: as the
  // address names it.
  std::vector<std::string> places;  // the address's units, bare, as listed
  for (const auto& part : parts) {
    std::string prefix;
    const std::string bare = AdminUnits::StripPrefix(part, &prefix);
    if (bare.empty() || IsFacility(Fold(part))) continue;
    const bool province = IsProvincePrefix(prefix);
    if ((province || IsCommunePrefix(prefix)) && ListedExactly(units, part, province)) places.push_back(bare);
  }
  for (auto& part : parts) {
    if (!IsFacility(Fold(part))) continue;
    const std::string fixed = NameFacilityAfterItsPlace(units, part, places);
    changed = changed || fixed != part;
    part = fixed;
  }
  if (!changed) return original;
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : ", ") + p;
  return out;
}

bool MatchProvincePrefix(const AdminUnits& units, const std::string& part, bool allow_old, UnitMatch* match,
                         std::string* noise) {
  std::string prefix;
  std::string bare = AdminUnits::StripPrefix(part, &prefix);
  std::vector<std::string> words = SplitTrim(bare, ' ');
  // A prefix misread ("Thì Hưng Yên ..."): a first word of at most four
  // letters that is no unit, street or facility word.
  size_t first = 0;
  UnitMatch starts;  // a province whose name begins with that word ("Hà Tĩnh")
  if (prefix.empty() && words.size() >= 3 && MayBeMisreadPrefix(part, words[0]) &&
      !units.MatchProvince(words[0] + " " + words[1], allow_old, &starts)) {
    first = 1;
  }
  for (size_t k = words.size() > 0 ? words.size() - 1 : 0; k >= first + 1; --k) {
    std::string cand;
    for (size_t i = first; i < k; ++i) cand += (i > first ? " " : "") + words[i];
    UnitMatch m;
    if (units.MatchProvince(cand, allow_old, &m) && m.quality <= 1) {
      *match = m;
      std::string rest;
      for (size_t i = k; i < words.size(); ++i) rest += (i > k ? " " : "") + words[i];
      *noise = rest;
      return true;
    }
  }
  return false;
}

std::string TrimAfterProvince(const AdminUnits& units, const std::string& address) {
  const size_t comma = address.rfind(',');
  if (comma == std::string::npos) return address;
  const std::string last = Trim(address.substr(comma + 1));
  // A commune named after its province and more ("phường Điện Biên Phủ",
  // generated t2461 d0036) is no province with noise after it.
  std::string prefix;
  AdminUnits::StripPrefix(last, &prefix);
  if (IsCommunePrefix(prefix) || IsDistrictPart(Fold(last))) return address;
  UnitMatch province;
  std::string noise;
  if (!MatchProvincePrefix(units, last, true, &province, &noise) || noise.empty() || address.size() < noise.size() ||
      address.compare(address.size() - noise.size(), noise.size(), noise) != 0)
    return address;
  return Trim(address.substr(0, address.size() - noise.size()));
}

namespace {

// The one listed street `folded` (a name read, folded) names: the one
// folding so, else, for a long name (ten letters or more) with a letter
// misread ("Lò Hồng Phong", "Tòa Đức Thắng"), the one name one edit from it
// of as many words. Null for none or several.
const std::string* ListedStreet(const std::map<std::string, std::vector<std::string>>& streets,
                                const std::string& folded) {
  if (auto it = streets.find(folded); it != streets.end()) return it->second.size() == 1 ? &it->second.front() : nullptr;
  const std::u32string read = ToU32(folded);
  const size_t letters = static_cast<size_t>(std::count_if(read.begin(), read.end(), IsLetter));
  if (letters < 10) return nullptr;
  const auto spaces = std::count(read.begin(), read.end(), U' ');
  const std::string* found = nullptr;
  for (const auto& [f, spellings] : streets) {
    const std::u32string listed = ToU32(f);
    if (std::count(listed.begin(), listed.end(), U' ') != spaces || EditDistance(read, listed, 1) > 1) continue;
    if (found || spellings.size() != 1) return nullptr;
    found = &spellings.front();
  }
  return found;
}

}  // namespace

std::string CorrectStreetNames(const std::map<std::string, std::vector<std::string>>& streets,
                               std::string_view address) {
  std::string out(address);
  if (streets.empty()) return out;
  size_t from = 0;  // where the part being looked at starts in `out`
  for (const std::string& part : SplitTrim(address, ',')) {
    const size_t part_at = out.find(part, from);
    if (part_at == std::string::npos) break;
    from = part_at + part.size();
    const std::vector<std::string> words = SplitTrim(part, ' ');
    size_t first = words.size();
    for (size_t k = 0; k + 1 < words.size(); ++k) {
      const std::string f = Fold(words[k]);
      if ((f == "duong" || (f == "pho" && (k == 0 || Fold(words[k - 1]) != "thanh")))) {
        first = k + 1;
        break;
      }
    }
    if (first == words.size() && words.size() >= 2 && IsDigit(ToU32(words[0])[0])) first = 1;
    if (first >= words.size()) continue;
    const std::string name = Join(std::vector<std::string>(words.begin() + first, words.end()), " ");
    const std::string* found = ListedStreet(streets, Fold(name));
    if (!found) continue;
    const std::string& listed = *found;
    if (ToneKey(name) == ToneKey(listed)) continue;
    const std::vector<std::string> listed_words = SplitTrim(listed, ' ');
    if (listed_words.size() != words.size() - first) continue;
    std::string fixed;
    for (size_t k = 0; k < listed_words.size(); ++k)
      fixed += (k ? " " : "") + InCaseOf(words[first + k], listed_words[k]);
    const size_t at = out.rfind(name, from);
    if (at == std::string::npos || at < part_at) continue;
    out.replace(at, name.size(), fixed);
    from += fixed.size() - name.size();
  }
  return out;
}

namespace {

// A comma read as a dot before a unit's kind ("xã Quảng Ninh. tỉnh Thanh
// Hóa"): the part ends there. (An abbreviation, "TP. Huế", is followed by a
// name, not a kind.)
std::string DotsBeforeUnitKinds(std::string_view address) {
  std::vector<std::string> words = SplitTrim(address, ' ');
  bool changed = false;
  for (size_t i = 0; i + 1 < words.size(); ++i) {
    std::string& w = words[i];
    if (w.size() < 2 || w.back() != '.' || !IsLetter(ToU32(w).rbegin()[1])) continue;
    const std::string next = Fold(words[i + 1] + (i + 2 < words.size() ? " " + words[i + 2] : ""));
    if (!IsCommunePart(next) && !StartsWithWord(next, "tinh") && !StartsWithWord(next, "thanh pho")) continue;
    w.back() = ',';
    changed = true;
  }
  return changed ? Join(words, " ") : std::string(address);
}

}  // namespace

std::string CorrectAddress(const AdminUnits& units, const std::map<std::string, std::vector<std::string>>& streets,
                           std::string_view address) {
  // Noise after the province goes first: the province's part is then whole
  // for the unit names' correction. What is left after it at the end is
  // something else too ("tỉnh Nghệ An 11. Những thành", the next item's
  // label).
  return TrimAfterProvince(
      units, CorrectStreetNames(streets, CorrectUnitNames(units, TrimAfterProvince(units, DotsBeforeUnitKinds(address)))));
}

std::string CorrectRequest(const AdminUnits& units, const std::map<std::string, std::vector<std::string>>& streets,
                           const std::vector<std::string>& phrases, std::string_view text) {
  std::vector<std::string> words = SplitTrim(text, ' ');
  size_t start = 0;
  while (start + 1 < words.size()) {
    bool word = true;
    for (char32_t c : ToU32(words[start])) word = word && IsLetter(c);
    if (word) break;
    ++start;
  }
  auto join = [&](size_t from, size_t to) {
    return Join(std::vector<std::string>(words.begin() + from, words.begin() + to), " ");
  };
  // The known wording nearest what comes before word `at` (-1: none near).
  auto nearest_phrase = [&](size_t at) {
    const std::u32string folded = ToU32(Fold(join(start, at)));
    const int max_edits = std::max(1, static_cast<int>(folded.size()) / 8);
    return UniqueNearest(
        phrases.size(), [&](size_t i) { return EditDistance(folded, ToU32(Fold(phrases[i])), max_edits); }, max_edits);
  };
  size_t at = words.size();  // the last "tại"
  for (size_t k = words.size(); k-- > start + 1;) {
    if (Fold(words[k]) == "tai") {
      at = k;
      break;
    }
  }
  // "tại" misread a letter off ("dại"): only after a known wording.
  for (size_t k = words.size(); at == words.size() && k-- > start + 1;) {
    const std::string f = Fold(words[k]);
    if (f.size() == 3 && EditDistance(ToU32(f), U"tai", 1) == 1 && nearest_phrase(k) >= 0) at = k;
  }
  std::string head = join(start, at);
  if (at < words.size()) {
    const int best = nearest_phrase(at);
    if (best >= 0 && ToneKey(head) != ToneKey(phrases[static_cast<size_t>(best)])) head = phrases[static_cast<size_t>(best)];
    const std::string fixed_address = CorrectAddress(units, streets, join(at + 1, words.size()));
    head += " " + (Fold(words[at]) == "tai" ? words[at] : std::string("tại")) + (fixed_address.empty() ? "" : " " + fixed_address);
  }
  return head == join(0, words.size()) ? std::string(text) : head;
}

namespace {

// `part`, just before the province part, names a commune of that province
// exactly after one misread prefix word of at most four letters that is no
// unit or street word ("ng: An Tường"), or with no prefix at all ("An
// Tường"). *prefix receives the misread word ("" when none).
bool MisreadCommune(const AdminUnits& units, const std::string& part, const std::string& province_part,
                    bool allow_old, std::string* prefix) {
  prefix->clear();
  UnitMatch province;
  std::string noise;
  if (!units.MatchProvince(province_part, allow_old, &province) &&
      !MatchProvincePrefix(units, province_part, allow_old, &province, &noise))
    return false;
  auto in_province = [&](const std::string& name) {
    const std::vector<UnitMatch> m = units.MatchCommune(name, allow_old, province.province_key);
    return !m.empty() && m[0].quality == 0;
  };
  if (in_province(part)) return true;
  const size_t sp = part.find(' ');
  if (sp == std::string::npos) return false;
  std::string first = part.substr(0, sp);
  std::string word = first;
  while (!word.empty() && (word.back() == ':' || word.back() == '.')) word.pop_back();
  const std::string f = Fold(word);
  if (word.empty() || ToU32(word).size() > 4 || IsCommunePart(f) || IsStreetPart(f) || IsDistrictPart(f)) return false;
  if (!in_province(Trim(part.substr(sp + 1)))) return false;
  *prefix = first;
  return true;
}

}  // namespace

bool NamesAddressPart(std::string_view piece) {
  const std::string f = Fold(piece);
  for (size_t i = 0; i < f.size();) {
    const std::string rest = f.substr(i);
    const bool number = rest[0] >= '0' && rest[0] <= '9';
    if (!number && (IsStreetPart(rest) || IsCommunePart(rest) || IsDistrictPart(rest) || StartsWithWord(rest, "tinh")))
      return true;
    const size_t space = f.find(' ', i);
    i = space == std::string::npos ? f.size() : space + 1;
  }
  return false;
}

std::string BridgeAddressLeaders(const std::u32string& whole, std::string kept, size_t* end) {
  std::string pending;
  for (size_t pos = *end; pos < whole.size();) {
    size_t b = 0, e = 0;
    const std::string piece = CutLeaders(ToU8(whole.substr(pos)), &b, &e);
    if (e <= b) {  // a junk token: step over it
      size_t k = pos + b;
      while (k < whole.size() && whole[k] != U' ') ++k;
      if (k == pos) break;
      pos = k;
      continue;
    }
    pending += " " + piece;
    pos += e;
    if (NamesAddressPart(piece) || piece.back() == ',') {
      kept += kept.empty() ? pending.substr(1) : pending;
      pending.clear();
      *end = pos;
    }
  }
  return kept;
}

AddressParts ParseAddress(const AdminUnits& units, std::string_view address, bool allow_old) {
  std::vector<std::string> parts;
  for (const auto& p : SplitTrim(address, ',')) {
    std::string t = p;
    while (!t.empty() && (t.back() == '.' || t.back() == ';')) t.pop_back();
    if (IsFacility(Fold(t))) {
      // The comma between the facility and its village or street lost
      // ("Trạm Y tế xã Phú Thông bản Hòa Bình", generated l6363 d0035;
      // "Bệnh viện Sản Nhi Đồng Nai số 37 đường Nguyễn Thị Minh Khai",
      // r7788 d0002): a village word in lower case, after the facility's
      // kind and name, before a name or number, begins the village; "số"
      // in lower case right after a word (no other mark in the comma's
      // place), a number and a street word ("đường", "phố") the street.
      const std::vector<std::string> w = SplitTrim(t, ' ');
      auto lower = [](const std::string& word) {
        const std::u32string u = ToU32(word);
        return !u.empty() && u_islower(static_cast<UChar32>(u[0]));
      };
      auto digit = [](const std::string& word) { return std::isdigit(static_cast<unsigned char>(word[0])) != 0; };
      size_t cut = 0;
      for (size_t k = 3; k + 1 < w.size() && cut == 0; ++k) {
        const std::string f = Fold(w[k]);
        if (kVillageWords.count(f) && lower(w[k]) && (StartsWithCapital(w[k + 1]) || digit(w[k + 1]))) cut = k;
        const std::string before = Fold(w[k - 1]);
        if (f == "so" && lower(w[k]) && !before.empty() && std::isalpha(static_cast<unsigned char>(before.back())) &&
            k + 2 < w.size() && digit(w[k + 1]) && lower(w[k + 2]) &&
            IsStreetPart(Fold(w[k + 2])))
          cut = k;
      }
      if (cut == 0) {
        parts.push_back(t);
      } else {
        parts.push_back(Join(std::vector<std::string>(w.begin(), w.begin() + static_cast<std::ptrdiff_t>(cut)), " "));
        parts.push_back(Join(std::vector<std::string>(w.begin() + static_cast<std::ptrdiff_t>(cut), w.end()), " "));
      }
      continue;
    }
    for (auto& s : SplitUnits(t)) parts.push_back(s);
  }
  AddressParts out;
  // The province: the last part naming one ("tỉnh X", "thành phố X" or a
  // bare province name).
  int province_index = -1;
  for (int i = static_cast<int>(parts.size()) - 1; i >= 0; --i) {
    std::string f = Fold(parts[i]);
    if (IsFacility(f)) break;
    UnitMatch m;
    bool prefixed = StartsWithWord(f, "tinh") || StartsWithWord(f, "thanh pho") || StartsWithWord(f, "tp");
    if (prefixed || units.MatchProvince(parts[i], allow_old, &m)) {
      if (prefixed && !StartsWithWord(f, "tinh") && !units.MatchProvince(parts[i], allow_old, &m) &&
          i != static_cast<int>(parts.size()) - 1) {
        continue;  // a pre-reform city ("thành phố Thanh Hóa") before the province
      }
      if (!prefixed && IsCommunePart(f)) continue;
      province_index = i;
      break;
    }
    if (i == static_cast<int>(parts.size()) - 1) {
      // A misread prefix ("cnh Đồng Tháp" for "tỉnh Đồng Tháp"): one word
      // of at most four characters, a letter among them, that is no unit
      // or street word, then exactly a province's name.
      const size_t sp = parts[i].find(' ');
      const std::u32string first = sp == std::string::npos ? U"" : ToU32(parts[i].substr(0, sp));
      if (sp != std::string::npos && std::any_of(first.begin(), first.end(), IsLetter) && !IsCommunePart(f) &&
          !IsStreetPart(f) && !IsDistrictPart(f) &&
          ToU32(parts[i].substr(0, sp)).size() <= 4 && units.MatchProvince(Trim(parts[i].substr(sp + 1)), allow_old, &m) &&
          m.quality == 0) {
        province_index = i;
        out.province_prefix_misread = parts[i].substr(0, sp);
        break;
      }
    }
  }
  for (int i = 0; i < static_cast<int>(parts.size()); ++i) {
    const std::string& p = parts[i];
    std::string f = Fold(p);
    auto add = [&](std::string* slot) {
      if (slot->empty()) *slot = p;
      else *slot += ", " + p;
    };
    if (i == province_index) {
      out.province = out.province_prefix_misread.empty() ? p : Trim(p.substr(out.province_prefix_misread.size()));
    } else if (IsFacility(f) && out.street.empty() && out.commune.empty()) {
      add(&out.facility);
    } else if (IsCommunePart(f)) {
      if (out.commune.empty()) out.commune = p;
    } else if (IsDistrictPart(f)) {
      add(&out.district);
    } else if (out.commune.empty() && i + 1 == province_index && !out.street.empty() && !IsStreetPart(f) &&
               MisreadCommune(units, p, parts[province_index], allow_old, &out.commune_prefix_misread)) {
      out.commune = Trim(p.substr(out.commune_prefix_misread.size()));
    } else if (out.commune.empty() && (province_index < 0 || i < province_index)) {
      // Anything between the facility and the commune is the street or
      // village ("181 Hải Thượng Lãn Ông" needs no "số"/"đường").
      add(&out.street);
    } else if (IsStreetPart(f) && out.street.empty()) {
      add(&out.street);
    }
  }
  return out;
}

namespace {

// The address stops mid-way: its last word is a unit prefix or a connector
// that always has a name after it ("..., tỉnh", "số (90 đường"), or its
// last part is "tỉnh"/"thành phố" + the first words of a longer province
// name ("tỉnh Nghệ" for Nghệ An). OCR lost the rest, often a wrapped line.
bool Dangling(const AdminUnits& units, const std::vector<std::string>& parts, std::string* province_prefix) {
  province_prefix->clear();
  if (parts.empty()) return false;
  // One or two words in all ("Bệnh", "Bệnh viện"): the rest was lost.
  if (parts.size() == 1 && SplitTrim(parts[0], ' ').size() <= 2) return true;
  std::string last = Fold(parts.back());
  while (!last.empty() && !std::isalnum(static_cast<unsigned char>(last.back()))) last.pop_back();
  std::vector<std::string> words = SplitTrim(last, ' ');
  if (words.empty()) return false;
  // A part that is only a unit prefix, or a street part ending in a word
  // that always has a name or number after it.
  static const std::set<std::string> kStreetOpen = {"duong", "so", "thon", "xom", "ap", "ngo", "hem"};
  std::string prefix;
  std::string bare = AdminUnits::StripPrefix(parts.back(), &prefix);
  const bool province_prefixed = IsProvinceKind(prefix);
  if (IsUnitKindOnly(last)) {
    if (IsProvinceKind(last)) *province_prefix = parts.back();
    return true;
  }
  if (words.size() >= 2 && IsStreetPart(last) && kStreetOpen.count(words.back())) return true;
  // Such a word alone ("..., số" when the line went on in a piece OCR read
  // apart).
  if (words.size() == 1 && kStreetOpen.count(words[0])) return true;
  // A house number with no street after it ("..., số 131").
  if (words.size() == 2 && words[0] == "so" && std::isdigit(static_cast<unsigned char>(words[1][0]))) return true;
  // A commune's name cut at a line end ("..., Phường Mỹ" when "Xuyên, tỉnh
  // Cần Thơ" was on a line OCR lost): no commune has that name, some begin
  // with it.
  const bool commune_prefixed = IsCommunePrefix(prefix);
  if (commune_prefixed && !bare.empty() && units.MatchCommune(bare, true).empty() && units.CommunePrefixed(bare)) {
    return true;
  }
  if (province_prefixed && !bare.empty()) {
    UnitMatch m;
    if (units.MatchProvince(bare, true, &m)) return false;
    // The first words of a province name ("Nghệ", "Bà Rịa - Vũng").
    if (units.ProvincePrefixed(bare)) {
      *province_prefix = parts.back();
      return true;
    }
    // ... with OCR's specks after them ("Tỉnh Nghệ Xk. ĐI"): words of at
    // most two letters or digits (a whole name read with them matched
    // above). The prefix ends where the specks begin.
    const std::string& last_part = parts.back();
    std::vector<std::string> w;  // the part's words, and where each ends
    std::vector<size_t> ends;
    for (size_t i = 0; i < last_part.size(); ++i) {
      if (last_part[i] == ' ') continue;
      const size_t end = std::min(last_part.find(' ', i), last_part.size());
      w.push_back(last_part.substr(i, end - i));
      ends.push_back(end);
      i = end;
    }
    auto speck = [](const std::string& word) {
      const std::u32string u = ToU32(word);
      return std::count_if(u.begin(), u.end(), [](char32_t c) { return IsLetter(c) || IsDigit(c); }) <= 2;
    };
    for (size_t n = w.size(); n-- > 2;) {  // words n.. are specks, 0..n-1 the prefix and the name's start
      if (!speck(w[n])) break;
      const std::string head = last_part.substr(0, ends[n - 1]);
      const std::string head_bare = AdminUnits::StripPrefix(head, nullptr);
      if (!head_bare.empty() && units.ProvincePrefixed(head_bare)) {
        *province_prefix = head;
        return true;
      }
    }
  }
  return false;
}

// A capital after a small letter inside a word ("MườnG", "ĐINEng"): OCR
// noise, as no Vietnamese word is so written.
bool HasInnerCapital(const std::u32string& word) {
  for (size_t i = 1; i < word.size(); ++i) {
    if (u_isupper(word[i]) && u_islower(word[i - 1])) return true;
  }
  return false;
}

// A word of a unit's name that OCR made of noise: a capital inside it or a
// lone letter.
bool NoiseInName(const std::u32string& word) { return HasInnerCapital(word) || (word.size() == 1 && IsLetter(word[0])); }

// OCR garbage rather than an address: many one-letter tokens or tokens
// without letters, or words with capitals inside ("MườnG", "Nh v.. 9").
bool Garbled(std::string_view value) {
  int tokens = 0, junk = 0;
  for (const auto& w : SplitTrim(std::string(value), ' ')) {
    std::u32string u = ToU32(w);
    while (!u.empty() && (u.back() == U',' || u.back() == U'.' || u.back() == U';')) u.pop_back();
    if (u.empty()) continue;
    ++tokens;
    int letters = 0, digits = 0;
    for (char32_t c : u) {
      letters += IsLetter(c) ? 1 : 0;
      digits += IsDigit(c) ? 1 : 0;
    }
    bool word = digits > 0 || letters >= 2;
    if (!word || HasInnerCapital(u) || letters + digits < static_cast<int>(u.size())) ++junk;
  }
  return tokens >= 3 && junk * 4 >= tokens;
}

}  // namespace


bool AllowsOldUnits(const std::optional<Date>& document_date) {
  return !document_date || DaysFromCivil(document_date->year, document_date->month, document_date->day) <
                               DaysFromCivil(kReformYear, kReformMonth, kReformDay);
}

std::string CompleteCutProvince(const AdminUnits& units, const std::string& address, bool allow_old,
                                std::string* province_name, bool* from_commune) {
  std::string province_prefix;
  if (!Dangling(units, SplitTrim(address, ','), &province_prefix) || province_prefix.empty()) return "";
  const AddressParts parts = ParseAddress(units, address, allow_old);
  if (parts.commune.empty()) return "";
  std::string printed_prefix;
  std::string bare_printed = AdminUnits::StripPrefix(province_prefix, &printed_prefix);
  if (printed_prefix.empty()) bare_printed.clear();  // only the prefix was read: "tỉnh"
  // The provinces of the communes of that name whose name begins with what
  // was read of it ("Nghệ" -> Nghệ An).
  std::map<std::string, UnitMatch> provinces;
  for (const auto& c : units.MatchCommune(parts.commune, allow_old)) {
    UnitMatch m;
    if (c.province_keys.empty() || !units.MatchProvince(c.province_keys[0], allow_old, &m)) continue;
    if (!bare_printed.empty() && Fold(AdminUnits::StripPrefix(m.name, nullptr)).rfind(Fold(bare_printed) + " ", 0) != 0) {
      continue;
    }
    provinces[m.province_key] = m;
  }
  // No such commune there (the birthplace names a commune of another
  // province, which the validator then reports): what was read of the
  // province begins only one province's name ("tỉnh Gia" -> Gia Lai).
  if (from_commune) *from_commune = !provinces.empty();
  if (provinces.empty() && !bare_printed.empty()) {
    const std::vector<UnitMatch> named = units.ProvincesBeginningWith(bare_printed, allow_old);
    if (named.size() == 1) provinces[named[0].province_key] = named[0];
  }
  if (provinces.size() != 1) return "";
  const UnitMatch& p = provinces.begin()->second;
  const size_t at = address.rfind(province_prefix);
  if (at == std::string::npos) return "";
  std::string head = Trim(province_prefix.substr(0, province_prefix.size() - bare_printed.size()));
  if (head.empty()) head = "tỉnh";
  else if (Fold(head) == "tinh") head = InCaseOf(head, "tỉnh");  // its mark misread too ("Tình Hà")
  if (province_name) *province_name = p.name;
  return address.substr(0, at) + head + " " + AdminUnits::StripPrefix(p.name, nullptr);
}

std::string CutProvinceMessage(bool birthplace, const std::string& province, bool from_commune) {
  const std::string vi = birthplace ? "Nơi sinh" : "Địa chỉ", en = birthplace ? "birthplace" : "address";
  return from_commune ? Message(vi + " bị cắt, tỉnh/thành phố được suy ra từ xã/phường: " + province + "; cần kiểm tra",
                                en + " cut off; province inferred from the commune, check it")
                      : Message(vi + " bị cắt, tên tỉnh/thành phố được đọc tiếp thành: " + province + "; cần kiểm tra",
                                en + " cut off; the only province whose name begins so, check it");
}

void ValidateBirthPlace(const AdminUnits& units, const std::string& key, std::string_view value,
                        const std::optional<Date>& document_date, std::vector<Issue>* issues,
                        std::string* corrected, double min_confidence, bool page_unreadable) {
  corrected->clear();
  const bool allow_old = AllowsOldUnits(document_date);
  std::string fixed(value);
  AddressParts parts = ParseAddress(units, value, allow_old);
  std::vector<Issue> errors;
  bool resolved_by_ocr_fix = false;  // a name matched only after an OCR correction
  bool unresolved_name = false;      // a name was printed but matches no unit
  auto error = [&](const char* code, const std::string& vi, const std::string& en) {
    errors.push_back(Issue{key, "error", code, Message(vi, en)});
  };
  // "phông Xuân Hòa": a misread "phường" is read as one.
  if (!parts.commune.empty() && MisreadPhuong(Fold(parts.commune)) && !StartsWithWord(Fold(parts.commune), "phuong")) {
    std::string printed = parts.commune.substr(0, parts.commune.find(' '));
    std::u32string pu = ToU32(printed);
    std::string word = (!pu.empty() && pu[0] == U'P') ? "Phường" : "phường";
    std::string commune = word + parts.commune.substr(printed.size());
    size_t at = fixed.rfind(parts.commune);
    if (at != std::string::npos) fixed.replace(at, parts.commune.size(), commune);
    parts.commune = commune;
  }
  // Commune matches, used both for the checks and to complete a province
  // that OCR cut off.
  std::vector<UnitMatch> communes;
  if (!parts.commune.empty()) communes = units.MatchCommune(parts.commune, allow_old);
  std::string province_prefix;
  bool dangling = Dangling(units, SplitTrim(fixed, ','), &province_prefix);
  if (dangling && !province_prefix.empty()) {
    // "..., phường Mộc Sơn, tỉnh" + a lost line "Sơn La".
    std::string province_name;
    bool from_commune = false;
    const std::string completed = CompleteCutProvince(units, fixed, allow_old, &province_name, &from_commune);
    if (!completed.empty()) {
      fixed = completed;
      parts = ParseAddress(units, fixed, allow_old);
      resolved_by_ocr_fix = true;
      dangling = false;
      issues->push_back(
          Issue{key, "warning", "field.low_confidence", CutProvinceMessage(true, province_name, from_commune)});
    }
  }
  if (parts.facility.empty()) {
    error("birth_place.missing_facility", "Nơi sinh thiếu tên cơ sở y tế", "missing health facility");
  }
  if (parts.street.empty()) {
    error("birth_place.missing_street", "Nơi sinh thiếu số nhà, đường phố hoặc thôn, xóm",
          "missing street address or village");
  }
  if (parts.commune.empty()) {
    error("birth_place.missing_commune", "Nơi sinh thiếu xã/phường/đặc khu", "missing commune");
  }
  UnitMatch province;
  bool have_province = false;
  std::string province_noise;  // OCR noise read after the province's name
  if (parts.province.empty()) {
    error("birth_place.missing_province", "Nơi sinh thiếu tỉnh/thành phố", "missing province");
  } else if (!units.MatchProvince(parts.province, allow_old, &province) &&
             !MatchProvincePrefix(units, parts.province, allow_old, &province, &province_noise)) {
    UnitMatch any;
    if (!allow_old && units.MatchProvince(parts.province, true, &any)) {
      error("birth_place.missing_province",
            "Nơi sinh ghi tỉnh/thành phố cũ \"" + parts.province + "\", không còn sau ngày 01/7/2025",
            "province name no longer in force");
    } else {
      unresolved_name = true;
      error("birth_place.missing_province", "Không xác định được tỉnh/thành phố \"" + parts.province + "\"",
            "unknown province");
    }
  } else {
    have_province = true;
    resolved_by_ocr_fix = resolved_by_ocr_fix || province.quality >= 2;
    // The list names cities with their prefix ("Thành phố Hà Nội") and
    // provinces bare ("Đồng Tháp").
    if (!parts.province_prefix_misread.empty())
      WriteListedPrefix(parts.province_prefix_misread, parts.province, province.name, "Tỉnh", &fixed);
  }
  if (!parts.commune_prefix_misread.empty() && communes.size() == 1)
    WriteListedPrefix(parts.commune_prefix_misread, parts.commune, communes[0].name, "", &fixed);
  auto replace_name = [&](const std::string& printed, const std::string& canonical) {
    std::string prefix;
    std::string bare_printed = AdminUnits::StripPrefix(printed, &prefix);
    std::string bare_canon = AdminUnits::StripPrefix(canonical, nullptr);
    size_t at = fixed.rfind(bare_printed);
    if (at != std::string::npos && bare_printed != bare_canon) fixed.replace(at, bare_printed.size(), bare_canon);
  };
  if (!province_noise.empty()) {
    size_t at = fixed.rfind(province_noise);
    if (at != std::string::npos) fixed = Trim(fixed.substr(0, at));
    parts.province = Trim(parts.province.substr(0, parts.province.size() - province_noise.size()));
  }
  if (have_province && province.quality >= 1) replace_name(parts.province, province.name);
  if (!parts.commune.empty()) {
    if (communes.empty()) {
      if (!allow_old && !units.MatchCommune(parts.commune, true).empty()) {
        error("birth_place.unknown_commune",
              "Nơi sinh ghi tên xã/phường cũ \"" + parts.commune + "\", không còn sau ngày 01/7/2025",
              "commune name no longer in force");
      } else {
        unresolved_name = true;
        error("birth_place.unknown_commune", "Không có xã/phường \"" + parts.commune + "\" trong danh mục",
              "unknown commune");
      }
    } else if (have_province) {
      // The commune belongs to the province in one list: today's, or for
      // an older document the pre-reform one. A pre-reform commune beside
      // the province it was later merged into (phường Ngô Quyền of Vĩnh
      // Phúc, tỉnh Phú Thọ) was never that province's: named, not taken.
      const UnitMatch* in = nullptr;
      const UnitMatch* merged_into = nullptr;
      for (const auto& c : communes) {
        for (size_t i = 0; i < c.province_keys.size(); ++i) {
          if (c.province_keys[i] != province.province_key) continue;
          if (i == 0) in = &c;
          else if (c.old) merged_into = &c;
        }
      }
      // A mark misread can make a commune of the province another
      // province's ("Vĩnh Lộc" read for Nghệ An's phường Vinh Lộc): the
      // province's one commune spelt with the same letters is the one meant,
      // when it is the same kind of unit (a phường is not read as a xã).
      std::vector<UnitMatch> same_letters;
      if (!in) {
        std::string printed_kind, kind;
        AdminUnits::StripPrefix(parts.commune, &printed_kind);
        for (const UnitMatch& m : units.MatchCommune(parts.commune, allow_old, province.province_key)) {
          AdminUnits::StripPrefix(m.name, &kind);
          if (m.quality == 1 && (printed_kind.empty() || printed_kind == kind)) same_letters.push_back(m);
        }
        const bool one_name = std::all_of(same_letters.begin(), same_letters.end(),
                                          [&](const UnitMatch& m) { return m.name == same_letters[0].name; });
        if (!one_name) same_letters.clear();
      }
      if (!in && !same_letters.empty()) {
        resolved_by_ocr_fix = true;
        replace_name(parts.commune, same_letters[0].name);
      } else if (!in) {
        resolved_by_ocr_fix = resolved_by_ocr_fix || communes[0].quality >= 2;
        UnitMatch old_province;
        if (merged_into && units.MatchProvince(merged_into->province_keys[0], true, &old_province)) {
          error("birth_place.commune_not_in_province",
                "\"" + parts.commune + "\" là đơn vị trước 01/7/2025 của " + old_province.name + ", không thuộc " +
                    province.name,
                "pre-reform commune of another province");
        } else {
          error("birth_place.commune_not_in_province",
                "\"" + parts.commune + "\" không thuộc " + province.name, "commune not in province");
        }
      } else if (in->quality >= 1) {
        replace_name(parts.commune, in->name);
      }
    }
  }
  // What OCR cut short or could not read is not a defective birthplace:
  // the checks that depend on the unreadable part are replaced by one
  // review warning. A cut-off address may have lost anything after its
  // head; names that do not resolve, read with low confidence, only make
  // the name checks doubtful (a missing part is still missing).
  // Text where the province should be that is no unit, street or commune
  // ("Flnh Tuyên Qunp"), or where the facility should be that is neither a
  // facility nor a street ("Dung dâm V ý Su vực"): unreadable, not absent.
  std::vector<std::string> raw_parts = SplitTrim(fixed, ',');
  bool province_unreadable = false, facility_unreadable = false;
  if (!raw_parts.empty()) {
    std::string last = Fold(raw_parts.back());
    int letters = 0;
    for (char c : last) letters += std::isalpha(static_cast<unsigned char>(c)) ? 1 : 0;
    province_unreadable = parts.province.empty() && raw_parts.size() >= 2 && letters >= 4 &&
                          !IsCommunePart(last) && !IsFacility(last) && !IsStreetPart(last) && !IsDistrictPart(last);
    if (province_unreadable) {
      // A commune whose prefix was misread ("dung Trấn Biên"): its name
      // after the first word is a commune's.
      std::string tail = raw_parts.back().substr(std::min(raw_parts.back().size(), raw_parts.back().find(' ')));
      if (!Trim(tail).empty()) {
        for (const auto& m : units.MatchCommune(Trim(tail), allow_old)) {
          if (m.quality <= 1) province_unreadable = false;
        }
      }
    }
    std::string first = Fold(raw_parts.front());
    facility_unreadable = parts.facility.empty() && !IsStreetPart(first) && !IsCommunePart(first) &&
                          !IsDistrictPart(first);
  }
  // Read unsurely, a commune part that is noise ("k ĐINEng Phước Bình": a
  // lone letter, a capital inside a word), or that opens with a word a
  // letter from a commune's kind before a name ("cà Quảng Liyễn" for xã
  // Quảng Uyên; generated g3333 d0023), is a part OCR lost rather than one
  // the form lacks.
  auto near_commune_kind = [](const std::string& word) {
    const std::u32string f = ToU32(Fold(word));
    return f.size() >= 2 && (EditDistance(f, U"xa", 1) <= 1 || EditDistance(f, U"phuong", 1) <= 1);
  };
  bool commune_unreadable = false;
  if (min_confidence < kSureReadConfidence && parts.commune.empty()) {
    for (size_t i = 1; i < raw_parts.size(); ++i) {
      const std::string f = Fold(raw_parts[i]);
      if (IsFacility(f) || IsStreetPart(f) || (i + 1 == raw_parts.size() && !parts.province.empty())) continue;
      const std::vector<std::string> words = SplitTrim(raw_parts[i], ' ');
      commune_unreadable = commune_unreadable ||
                           (words.size() >= 2 && near_commune_kind(words[0]) && StartsWithCapital(words[1]));
      for (const std::string& w : words) commune_unreadable = commune_unreadable || NoiseInName(ToU32(w));
    }
  }
  // Read unsurely, a commune the list does not have whose name holds noise
  // (a lone letter, capitals inside a word, a colon: "phường Long PÈ
  // Giang" where a glare took "Phú, tỉnh An", generated r7788 d0017;
  // "phường Hiu Cường thành pả: Fá Nâng", g3333 d0008) is unreadable, not
  // unknown; ending the address, it may have taken the province with it.
  bool commune_noisy = false, province_in_noise = false;
  const bool unknown_commune = std::any_of(errors.begin(), errors.end(), [](const Issue& e) {
    return e.code == "birth_place.unknown_commune";
  });
  if (min_confidence < kSureReadConfidence && unknown_commune && !raw_parts.empty()) {
    for (const std::string& w : SplitTrim(AdminUnits::StripPrefix(parts.commune, nullptr), ' ')) {
      const std::u32string u = ToU32(w);
      commune_noisy = commune_noisy || NoiseInName(u) ||
                      (u.size() >= 2 && IsLetter(u[0]) && u_isupper(static_cast<UChar32>(u[1]))) ||
                      u.find(U':') != std::u32string::npos;
    }
    province_in_noise = commune_noisy && parts.province.empty() && Trim(raw_parts.back()) == parts.commune;
  }
  bool names_doubtful = min_confidence < 0.5 && (unresolved_name || resolved_by_ocr_fix || province_unreadable);
  bool facility_doubtful = min_confidence < 0.6 && facility_unreadable;
  // Nothing in it can be trusted: garbage, or one or two words in all.
  bool garbled = Garbled(value) || (raw_parts.size() == 1 && SplitTrim(raw_parts[0], ' ').size() <= 2);
  std::vector<Issue> kept;
  std::string doubtful;
  for (const auto& e : errors) {
    bool name_check = e.code == "birth_place.unknown_commune" || e.code == "birth_place.commune_not_in_province" ||
                      (e.code == "birth_place.missing_province" && (!parts.province.empty() || province_unreadable));
    bool drop = page_unreadable || garbled || (facility_doubtful && e.code == "birth_place.missing_facility") || (dangling && e.code != "birth_place.missing_facility") || (names_doubtful && name_check) ||
                (commune_unreadable && e.code == "birth_place.missing_commune") ||
                (commune_noisy && e.code == "birth_place.unknown_commune") ||
                (province_in_noise && e.code == "birth_place.missing_province");
    if (drop) doubtful += (doubtful.empty() ? "" : ", ") + e.code;
    else kept.push_back(e);
  }
  issues->insert(issues->end(), kept.begin(), kept.end());
  if (!doubtful.empty()) {
    issues->push_back(Issue{key, "warning", "field.low_confidence",
                            Message("Nơi sinh đọc không rõ hoặc bị cắt, cần kiểm tra bằng mắt (có thể: " + doubtful + ")",
                                    "birthplace unreadable or cut off; check by hand")});
  }
  if (fixed != value) *corrected = fixed;
}

bool BirthPlaceReadsWhole(const AdminUnits& units, std::string_view value, const std::optional<Date>& document_date) {
  const bool allow_old = AllowsOldUnits(document_date);
  const std::vector<std::string> raw = SplitTrim(std::string(value), ',');
  std::string province_prefix;
  if (raw.size() < 2 || Garbled(value) || Dangling(units, raw, &province_prefix)) return false;
  const AddressParts parts = ParseAddress(units, value, allow_old);
  if (parts.facility.empty() || !IsFacility(Fold(raw.front())) || raw.back() != parts.province) return false;
  // The facility's words are words or numbers ("Bệnh viện 108"), not OCR's
  // mixtures ("U11", "ZÙ25").
  for (const std::string& w : SplitTrim(raw.front(), ' ')) {
    const std::u32string u = ToU32(w);
    const bool letters = std::any_of(u.begin(), u.end(), IsLetter), digits = std::any_of(u.begin(), u.end(), IsDigit);
    if ((letters && digits) || HasInnerCapital(u)) return false;
  }
  for (size_t i = 1; i < raw.size(); ++i) {
    if (IsStreetPart(Fold(raw[i]))) continue;
    if (raw[i] == parts.commune) {
      const auto matches = units.MatchCommune(raw[i], allow_old);
      if (std::any_of(matches.begin(), matches.end(), [](const UnitMatch& m) { return m.quality <= 1; })) continue;
    }
    UnitMatch province;
    if (raw[i] == parts.province && units.MatchProvince(raw[i], allow_old, &province) && province.quality <= 1) {
      continue;
    }
    return false;
  }
  return true;
}

IdCheck CheckIdNumber(const std::string& d, const std::set<std::string>& province_codes,
                      std::optional<bool> female, std::optional<int> birth_year) {
  IdCheck c;
  c.length_ok = d.size() == 12 && d.find_first_not_of("0123456789") == std::string::npos;
  if (!c.length_ok) return c;
  c.province_ok = province_codes.count(d.substr(0, 3)) > 0;
  int g = d[3] - '0';
  c.century_ok = g <= 5;
  if (!c.century_ok) return c;
  int century = 1900 + 100 * (g / 2);
  bool is_female = g % 2 == 1;
  if (female) c.sex_ok = *female == is_female;
  c.year = century + std::stoi(d.substr(4, 2));
  if (birth_year) c.year_ok = c.year == *birth_year;
  return c;
}

std::optional<std::string> CorrectIdNumber(const std::string& digits, const std::set<std::string>& province_codes,
                                           std::optional<bool> female, std::optional<int> birth_year,
                                           std::optional<int> latest_year) {
  auto passes = [&](const std::string& c) {
    const IdCheck check = CheckIdNumber(c, province_codes, female, birth_year);
    // A reading that has its holder born after `latest_year` is none.
    return check.ok() && !(latest_year && check.year > *latest_year);
  };
  // The one candidate that passes `ok`, if exactly one does.
  auto only = [](const std::vector<std::string>& candidates, const auto& ok) -> std::optional<std::string> {
    std::set<std::string> passing;
    for (const std::string& c : candidates)
      if (ok(c)) passing.insert(c);
    if (passing.size() == 1) return *passing.begin();
    return std::nullopt;
  };
  std::vector<std::string> candidates;
  if (digits.size() == 13) {
    // One digit read twice ("0141970927748"): drop one of a doubled pair.
    for (size_t i = 0; i + 1 < digits.size(); ++i)
      if (digits[i] == digits[i + 1]) candidates.push_back(digits.substr(0, i) + digits.substr(i + 1));
    return only(candidates, [&](const std::string& c) { return CheckIdNumber(c, province_codes, female, birth_year).ok(); });
  }
  if (digits.size() == 11 && birth_year) {
    // One digit lost ("86305212156"): put each digit back at each place.
    // Only a digit lost among the checkable first six can have one reading,
    // and only the holder's birth year makes it evidence: without it, a
    // garbled number with a province code in front checks out as well.
    for (size_t i = 0; i <= digits.size(); ++i)
      for (char d = '0'; d <= '9'; ++d) candidates.push_back(digits.substr(0, i) + d + digits.substr(i));
    return only(candidates, passes);
  }
  if (digits.size() != 12) return std::nullopt;
  return OnlyLookAlikeReading(digits, 6, passes);
}

void ValidateIdNumber(const std::string& key, const std::string& digits, const std::set<std::string>& province_codes,
                      std::optional<bool> female, std::optional<int> birth_year, std::vector<Issue>* issues) {
  IdCheck c = CheckIdNumber(digits, province_codes, female, birth_year);
  auto error = [&](const char* code, const std::string& vi, const std::string& en) {
    issues->push_back(Issue{key, "error", code, Message(vi, en) + ": " + digits});
  };
  if (!c.length_ok) {
    error("id_number.invalid_length", "Số định danh cá nhân phải có 12 chữ số", "must be 12 digits");
    return;
  }
  if (!c.province_ok) error("id_number.invalid_province", "Mã tỉnh trong số định danh không tồn tại", "unknown province code");
  if (!c.century_ok) {
    error("id_number.invalid_century", "Chữ số thế kỷ/giới tính không hợp lệ", "invalid century/sex digit");
    return;
  }
  if (!c.sex_ok) error("id_number.sex_mismatch", "Số định danh không khớp giới tính", "sex digit disagrees with sex");
  if (!c.year_ok) {
    error("id_number.year_mismatch", "Số định danh không khớp năm sinh", "century/year digits disagree with year of birth");
  }
}

void ValidateDate(const std::string& key, const Date& d, const Date& today, std::vector<Issue>* issues) {
  if (!IsValidDate(d.year, d.month, d.day) || (d.hour >= 0 && (d.hour > 23 || d.minute < 0 || d.minute > 59))) {
    issues->push_back(Issue{key, "error", "date.invalid",
                            Message("Ngày không có thật", "date does not exist") + ": " +
                                std::to_string(d.day) + "/" + std::to_string(d.month) + "/" + std::to_string(d.year)});
    return;
  }
  if (DaysFromCivil(d.year, d.month, d.day) > DaysFromCivil(today.year, today.month, today.day)) {
    issues->push_back(Issue{key, "error", "date.future", Message("Ngày ở tương lai", "date in the future") + ": " + IsoDate(d)});
  }
}

Date Today() {
  std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now()) + 7 * 3600;
  std::tm tm{};
  gmtime_r(&t, &tm);
  Date d;
  d.year = tm.tm_year + 1900;
  d.month = tm.tm_mon + 1;
  d.day = tm.tm_mday;
  return d;
}

}  // namespace forms
}  // namespace hoso
