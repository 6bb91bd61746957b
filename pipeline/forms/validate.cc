#include "pipeline/forms/validate.h"

#include <chrono>
#include <ctime>

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

bool IsCommunePart(const std::string& f) {
  return StartsWithWord(f, "xa") || StartsWithWord(f, "phuong") || StartsWithWord(f, "dac khu") ||
         StartsWithWord(f, "thi tran") || StartsWithWord(f, "p.") || StartsWithWord(f, "x.");
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

// Splits a part where a unit prefix starts mid-way ("phường Hạc Thành tỉnh
// Thanh Hóa" when OCR lost the comma). Facilities are left whole.
std::vector<std::string> SplitUnits(const std::string& part) {
  std::vector<std::string> words = SplitTrim(part, ' ');
  std::vector<std::string> out;
  std::string cur;
  for (size_t i = 0; i < words.size(); ++i) {
    std::string f = Fold(words[i]);
    std::string f2 = i + 1 < words.size() ? f + " " + Fold(words[i + 1]) : f;
    bool starts = i > 0 && i + 1 < words.size() && (f == "xa" || f == "phuong" || f == "tinh" || f == "huyen" || f == "quan" ||
                            f2 == "thanh pho" || f2 == "thi xa" || f2 == "dac khu" || f2 == "thi tran");
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

}  // namespace

bool MatchProvincePrefix(const AdminUnits& units, const std::string& part, bool allow_old, UnitMatch* match,
                         std::string* noise) {
  std::string prefix;
  std::string bare = AdminUnits::StripPrefix(part, &prefix);
  std::vector<std::string> words = SplitTrim(bare, ' ');
  for (size_t k = words.size() > 0 ? words.size() - 1 : 0; k >= 1; --k) {
    std::string cand;
    for (size_t i = 0; i < k; ++i) cand += (i ? " " : "") + words[i];
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

AddressParts ParseAddress(const AdminUnits& units, std::string_view address, bool allow_old) {
  std::vector<std::string> parts;
  for (const auto& p : SplitTrim(address, ',')) {
    std::string t = p;
    while (!t.empty() && (t.back() == '.' || t.back() == ';')) t.pop_back();
    if (IsFacility(Fold(t))) {
      parts.push_back(t);
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
  }
  for (int i = 0; i < static_cast<int>(parts.size()); ++i) {
    const std::string& p = parts[i];
    std::string f = Fold(p);
    auto add = [&](std::string* slot) {
      if (slot->empty()) *slot = p;
      else *slot += ", " + p;
    };
    if (i == province_index) {
      out.province = p;
    } else if (IsFacility(f) && out.street.empty() && out.commune.empty()) {
      add(&out.facility);
    } else if (IsCommunePart(f)) {
      if (out.commune.empty()) out.commune = p;
    } else if (IsDistrictPart(f)) {
      add(&out.district);
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

void ValidateBirthPlace(const AdminUnits& units, const std::string& key, std::string_view value,
                        const std::optional<Date>& document_date, std::vector<Issue>* issues,
                        std::string* corrected) {
  corrected->clear();
  bool allow_old = !document_date ||
                   DaysFromCivil(document_date->year, document_date->month, document_date->day) <
                       DaysFromCivil(kReformYear, kReformMonth, kReformDay);
  AddressParts parts = ParseAddress(units, value, allow_old);
  auto error = [&](const char* code, const std::string& vi, const std::string& en) {
    issues->push_back(Issue{key, "error", code, Message(vi, en)});
  };
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
      error("birth_place.missing_province", "Không xác định được tỉnh/thành phố \"" + parts.province + "\"",
            "unknown province");
    }
  } else {
    have_province = true;
  }
  std::string fixed(value);
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
    std::vector<UnitMatch> communes = units.MatchCommune(parts.commune, allow_old);
    if (communes.empty()) {
      if (!allow_old && !units.MatchCommune(parts.commune, true).empty()) {
        error("birth_place.unknown_commune",
              "Nơi sinh ghi tên xã/phường cũ \"" + parts.commune + "\", không còn sau ngày 01/7/2025",
              "commune name no longer in force");
      } else {
        error("birth_place.unknown_commune", "Không có xã/phường \"" + parts.commune + "\" trong danh mục",
              "unknown commune");
      }
    } else if (have_province) {
      const UnitMatch* in = nullptr;
      for (const auto& c : communes) {
        for (const auto& k : c.province_keys) {
          if (k == province.province_key) in = &c;
        }
      }
      if (!in) {
        error("birth_place.commune_not_in_province",
              "\"" + parts.commune + "\" không thuộc " + province.name, "commune not in province");
      } else if (in->quality >= 1) {
        replace_name(parts.commune, in->name);
      }
    }
  }
  if (fixed != value) *corrected = fixed;
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
  if (birth_year) c.year_ok = century + std::stoi(d.substr(4, 2)) == *birth_year;
  return c;
}

std::optional<std::string> CorrectIdNumber(const std::string& digits, const std::set<std::string>& province_codes,
                                           std::optional<bool> female, std::optional<int> birth_year) {
  if (digits.size() != 12) return std::nullopt;
  std::optional<std::string> found;
  int count = 0;
  for (int i = 0; i < 6; ++i) {
    {
      char from = digits[i];
      if (from != '5' && from != '9') continue;
      std::string c = digits;
      c[i] = from == '5' ? '9' : '5';
      if (CheckIdNumber(c, province_codes, female, birth_year).ok()) {
        found = c;
        ++count;
      }
    }
  }
  if (count == 1) return found;
  return std::nullopt;
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
