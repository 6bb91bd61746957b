// Content of the sample dossiers: people, addresses, facilities and the three forms (+ unknown pages).
//
// Every value that goes into truth.json "fields" is exactly what is typed on the page, normalised per
// output-contract.md (dates ISO, sex male/female, integers for years, counts and weights).
#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <cstdio>
#include <stdexcept>

#include "samples/generator/samplegen.h"

namespace hoso {
namespace samplegen {

// ---------------------------------------------------------------- text helpers
std::string Nfc(const std::string& s) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* n = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) return s;
  icu::UnicodeString out = n->normalize(icu::UnicodeString::fromUTF8(s), status);
  if (U_FAILURE(status)) return s;
  std::string r;
  out.toUTF8String(r);
  return r;
}

std::string Upper(const std::string& s) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(s);
  u.toUpper(icu::Locale("vi"));
  std::string r;
  u.toUTF8String(r);
  return Nfc(r);
}

std::string Lower(const std::string& s) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(s);
  u.toLower(icu::Locale("vi"));
  std::string r;
  u.toUTF8String(r);
  return Nfc(r);
}

namespace {

// Lower-cases only the first character ("Phường" -> "phường").
std::string LowerFirst(const std::string& s) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(s);
  if (u.length() == 0) return s;
  icu::UnicodeString head = u.tempSubString(0, 1);
  head.toLower(icu::Locale("vi"));
  icu::UnicodeString res = head + u.tempSubString(1);
  std::string r;
  res.toUTF8String(r);
  return r;
}

std::string Pad2(int v) {
  char b[8];
  std::snprintf(b, sizeof b, "%02d", v);
  return b;
}

// ---------------------------------------------------------------- dates
struct Date {
  int y = 2000, m = 1, d = 1;
};

int64_t DaysFromCivil(int y, int m, int d) {  // Howard Hinnant's algorithm
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

Date CivilFromDays(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int y = static_cast<int>(yoe) + static_cast<int>(era * 400);
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {y + (m <= 2), static_cast<int>(m), static_cast<int>(d)};
}

Date RandomDate(Rng& rng, Date from, Date to) {
  int64_t a = DaysFromCivil(from.y, from.m, from.d), b = DaysFromCivil(to.y, to.m, to.d);
  return CivilFromDays(a + rng.Int(0, static_cast<int>(b - a)));
}

Date AddDays(Date d, int n) { return CivilFromDays(DaysFromCivil(d.y, d.m, d.d) + n); }

std::string Iso(Date d) { return std::to_string(d.y) + "-" + Pad2(d.m) + "-" + Pad2(d.d); }
std::string Dmy(Date d) { return Pad2(d.d) + "/" + Pad2(d.m) + "/" + std::to_string(d.y); }

// Vietnamese number words for 0..99 (used for dates "ghi bằng chữ").
std::string Words(int n) {
  static const char* u[] = {"không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"};
  if (n < 10) return u[n];
  if (n < 20) return n == 10 ? "mười" : std::string("mười ") + (n % 10 == 5 ? "lăm" : u[n % 10]);
  std::string s = std::string(u[n / 10]) + " mươi";
  int r = n % 10;
  if (r == 0) return s;
  if (r == 1) return s + " mốt";
  if (r == 4) return s + " tư";
  if (r == 5) return s + " lăm";
  return s + " " + u[r];
}

std::string MonthWords(int m) {
  if (m == 4) return "tư";
  return Words(m);
}

std::string YearWords(int y) {
  std::string s = "hai nghìn";
  int r = y - 2000;
  if (r == 0) return s;
  if (r < 10) return s + " không trăm linh " + Words(r);
  return s + " không trăm " + Words(r);
}

// ---------------------------------------------------------------- names
const std::vector<std::string> kFamily = {"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ",
                                          "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"};
const std::vector<double> kFamilyW = {38, 11, 9.5, 7, 3, 2.5, 4.5, 2, 2, 2, 2, 1.5, 1.5, 1.3, 1, 0.5};
const std::vector<std::string> kMiddleF = {"Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Minh", "Hồng", "Kim",
                                           "Phương", "Mai", "Bảo", "Khánh", "Thùy", "Diệu"};
const std::vector<std::string> kGivenF = {"Lan", "Hương", "Hoa", "Linh", "Trang", "Hà", "Thảo", "Ngọc", "Nhung",
                                          "Huyền", "Yến", "Vy", "Anh", "Trâm", "Quỳnh", "Loan", "Thủy", "Nguyệt",
                                          "Hằng", "Phượng", "Dung", "Liên", "Xuân", "Giang", "Oanh", "Mỹ"};
const std::vector<std::string> kMiddleM = {"Văn", "Văn", "Đức", "Minh", "Quốc", "Hữu", "Công", "Thành", "Xuân",
                                           "Gia", "Hoàng", "Anh", "Trọng", "Tiến", "Đình"};
const std::vector<std::string> kGivenM = {"Hùng", "Dũng", "Tuấn", "Nam", "Khoa", "Long", "Phúc", "Quân", "Huy",
                                          "Sơn", "Thắng", "Trung", "Khải", "Đạt", "Hiếu", "Cường", "Tùng",
                                          "Việt", "Hải", "Thịnh", "Lộc", "Bình", "Toàn", "Quang"};
const std::vector<std::string> kChildM = {"Minh Khôi", "Gia Bảo", "Đức Anh", "Hoàng Long", "Minh Quân",
                                          "Bảo Nam", "Tuệ Lâm", "Quang Huy", "Đăng Khoa", "Anh Tú", "Nhật Minh",
                                          "Trọng Nghĩa", "Thiên Ân", "Gia Huy", "Phúc Lâm", "Hải Đăng"};
const std::vector<std::string> kChildF = {"Bảo Ngọc", "An Nhiên", "Khánh An", "Phương Linh", "Ngọc Hân",
                                          "Minh Thư", "Tuệ An", "Bảo Châu", "Gia Hân", "Thảo My", "Diệp Chi",
                                          "Hà Vy", "Khánh Linh", "Mai Anh", "Quỳnh Chi", "Thanh Trúc"};
const std::vector<std::string> kEthnic = {"Kinh", "Tày", "Thái", "Mường", "Khmer", "Hoa", "Nùng", "H'Mông",
                                          "Dao", "Ê Đê"};
const std::vector<double> kEthnicW = {82, 3, 3, 2.5, 2.5, 1.5, 1.5, 1.5, 1, 1};

const std::vector<std::string> kStreets = {
    "Lê Lợi", "Trần Hưng Đạo", "Nguyễn Trãi", "Hai Bà Trưng", "Lý Thường Kiệt", "Quang Trung", "Hùng Vương",
    "Nguyễn Huệ", "Lê Duẩn", "Trần Phú", "Phan Đình Phùng", "Hoàng Diệu", "Điện Biên Phủ", "Nguyễn Văn Cừ",
    "Võ Thị Sáu", "Hải Thượng Lãn Ông", "Tôn Đức Thắng", "Lê Hồng Phong", "Bà Triệu", "Nguyễn Du",
    "Phạm Văn Đồng", "Ngô Quyền", "Nguyễn Thị Minh Khai", "Lạc Long Quân", "Trường Chinh", "Võ Nguyên Giáp",
    "Nguyễn Chí Thanh", "Lê Thánh Tông", "Chu Văn An", "Phan Bội Châu", "Nguyễn Văn Linh", "30 Tháng 4",
    "Cách Mạng Tháng Tám", "Trần Quang Khải", "Yết Kiêu", "Đinh Tiên Hoàng"};

struct Person {
  std::string family, middle, given;
  bool male = false;
  Date birth;
  std::string ethnicity = "Kinh";
  std::string id;  // 12-digit personal identification number
  std::string full() const {
    std::string s = family;
    if (!middle.empty()) s += " " + middle;
    return s + " " + given;
  }
};

std::string RandomFamily(Rng& rng) { return kFamily[rng.Weighted(kFamilyW)]; }

// Century/sex digit per forms.md.
std::string IdNumber(Rng& rng, const std::string& province_code, bool male, int year) {
  int century = (year - 1900) / 100;  // 0 for 19xx, 1 for 20xx, 2 for 21xx
  int digit = century * 2 + (male ? 0 : 1);
  std::string code = province_code.size() >= 3 ? province_code : std::string(3 - province_code.size(), '0') + province_code;
  return code + std::to_string(digit) + Pad2(year % 100) + rng.Digits(6);
}

Person MakeAdult(Rng& rng, bool male, Date birth, const std::string& province_code, const std::string& ethnicity) {
  Person p;
  p.male = male;
  p.family = RandomFamily(rng);
  p.middle = rng.Pick(male ? kMiddleM : kMiddleF);
  if (rng.Chance(0.12)) {
    std::string second = rng.Pick(male ? kMiddleM : kMiddleF);
    if (second != p.middle && second != "Văn" && second != "Thị") p.middle += " " + second;
  }
  p.given = rng.Pick(male ? kGivenM : kGivenF);
  p.birth = birth;
  p.ethnicity = ethnicity;
  p.id = IdNumber(rng, province_code, male, birth.y);
  return p;
}

// ---------------------------------------------------------------- addresses
struct Style {
  bool lower_types = true;  // "phường Ba Đình, tỉnh X" vs "Phường Ba Đình, Tỉnh X"
  bool upper_names = true;  // people's names typed in capitals
  bool leaders = true;      // dotted leaders after short values
};

bool IsSouth(const std::string& code) { return std::stoi(code) >= 75; }
bool IsHighland(const std::string& code) {
  static const std::vector<std::string> h = {"04", "08", "11", "12", "14", "15", "19", "20", "66", "68", "64"};
  for (const auto& c : h)
    if (c == code) return true;
  return false;
}

std::string ProvinceText(const Province& p, const Style& st) {
  if (p.isCity()) return st.lower_types ? LowerFirst(p.name) : p.name;
  return std::string(st.lower_types ? "tỉnh " : "Tỉnh ") + p.name;
}

std::string WardText(const Ward& w, const Style& st) { return st.lower_types ? LowerFirst(w.name) : w.name; }

// The part before the commune: house number and street, or a village.
std::string StreetPart(Rng& rng, const Ward& w) {
  bool urban = w.type() == "Phường";
  const std::string& pc = w.province_code;
  if (urban || rng.Chance(0.15)) {
    int r = rng.Int(0, 9);
    if (r < 5) return "số " + std::to_string(rng.Int(1, 399)) + " đường " + rng.Pick(kStreets);
    if (r < 7 && IsSouth(pc))
      return "số " + std::to_string(rng.Int(1, 250)) + "/" + std::to_string(rng.Int(1, 40)) + " đường " + rng.Pick(kStreets);
    if (r < 7) return "số " + std::to_string(rng.Int(1, 80)) + " ngõ " + std::to_string(rng.Int(2, 200)) + " phố " + rng.Pick(kStreets);
    if (r < 9 && urban) return (IsSouth(pc) ? "khu phố " : "tổ dân phố ") + std::to_string(rng.Int(1, 25));
    if (r < 9) return "số " + std::to_string(rng.Int(1, 300)) + " đường " + rng.Pick(kStreets);
    return "số " + std::to_string(rng.Int(1, 120)) + ", tổ dân phố " + std::to_string(rng.Int(1, 15));
  }
  static const std::vector<std::string> villages = {"Đông", "Tây", "Nam", "Bắc", "Thượng", "Hạ", "Trung", "Tân Lập",
                                                    "Hòa Bình", "Phú Cường", "An Phú", "Đồng Tâm", "Yên Thịnh"};
  if (IsSouth(pc)) return "ấp " + (rng.Chance(0.5) ? std::to_string(rng.Int(1, 9)) : rng.Pick(villages));
  if (IsHighland(pc) && rng.Chance(0.5)) return "bản " + rng.Pick(villages);
  if (rng.Chance(0.5)) return "thôn " + (rng.Chance(0.5) ? std::to_string(rng.Int(1, 12)) : rng.Pick(villages));
  return "xóm " + (rng.Chance(0.5) ? std::to_string(rng.Int(1, 15)) : rng.Pick(villages));
}

struct Address {
  std::string street;
  Ward ward;
  Province province;
  std::string Text(const Style& st) const {
    return street + ", " + WardText(ward, st) + ", " + ProvinceText(province, st);
  }
};

const Ward& PickWard(const Units& u, Rng& rng, const std::string& pc, const std::string& prefer_type = "") {
  const auto& ws = u.wards(pc);
  if (!prefer_type.empty()) {
    for (int tries = 0; tries < 30; ++tries) {
      const Ward& w = rng.Pick(ws);
      if (w.type() == prefer_type) return w;
    }
  }
  return rng.Pick(ws);
}

Address RandomAddress(const Units& u, Rng& rng, const Province& p) {
  Address a;
  a.province = p;
  a.ward = PickWard(u, rng, p.code);
  a.street = StreetPart(rng, a.ward);
  return a;
}

// ---------------------------------------------------------------- facilities and birthplaces
struct Facility {
  std::string name;
  Address address;
  std::string header_left;  // "SỞ Y TẾ THANH HÓA"
};

Facility MakeFacility(const Units& u, Rng& rng, const Province& p) {
  Facility f;
  f.address.province = p;
  int kind = static_cast<int>(rng.Weighted({40, 20, 18, 14, 8}));
  std::string sn = p.shortName();
  if (kind == 3) {
    f.address.ward = PickWard(u, rng, p.code, "Xã");
    f.name = "Trạm Y tế " + LowerFirst(f.address.ward.name);
    f.address.street = StreetPart(rng, f.address.ward);
  } else {
    f.address.ward = PickWard(u, rng, p.code, "Phường");
    f.address.street = "số " + std::to_string(rng.Int(1, 450)) + " đường " + rng.Pick(kStreets);
    if (kind == 0) f.name = p.isCity() ? "Bệnh viện Đa khoa " + p.name : "Bệnh viện Đa khoa tỉnh " + sn;
    if (kind == 1) f.name = "Bệnh viện Sản Nhi " + sn;
    if (kind == 2) f.name = "Trung tâm Y tế khu vực " + PickWard(u, rng, p.code).base();
    if (kind == 4) f.name = "Bệnh viện Phụ sản " + sn;
  }
  f.header_left = "SỞ Y TẾ " + Upper(sn);
  return f;
}

struct BirthPlace {
  std::string text;
  std::vector<std::string> issues;
};

BirthPlace MakeBirthPlace(const Units& u, Rng& rng, const Facility& f, const Style& st, bool defective) {
  BirthPlace b;
  const Address& a = f.address;
  if (!defective) {
    b.text = f.name + ", " + a.Text(st);
    return b;
  }
  int kind = static_cast<int>(rng.Weighted({22, 22, 18, 14, 16, 8}));
  switch (kind) {
    case 0:  // facility only
      b.text = f.name;
      b.issues = {"birth_place.missing_street", "birth_place.missing_commune", "birth_place.missing_province"};
      break;
    case 1:  // no province
      b.text = f.name + ", " + a.street + ", " + WardText(a.ward, st);
      b.issues = {"birth_place.missing_province"};
      break;
    case 2:  // no commune
      b.text = f.name + ", " + a.street + ", " + ProvinceText(a.province, st);
      b.issues = {"birth_place.missing_commune"};
      break;
    case 3:  // no street / village
      b.text = f.name + ", " + WardText(a.ward, st) + ", " + ProvinceText(a.province, st);
      b.issues = {"birth_place.missing_street"};
      break;
    case 4: {  // commune of another province
      for (int tries = 0; tries < 50; ++tries) {
        const Province& other = rng.Pick(u.provinces());
        if (other.code == a.province.code) continue;
        const Ward& w = PickWard(u, rng, other.code, a.ward.type());
        // Nor one that was the province's before 2025-07-01 (phường Vĩnh
        // Phúc of Hà Nội's Ba Đình): on an older document it is right.
        if (u.WardInProvince(w.name, a.province.code) || u.OldWardInProvince(w.name, a.province)) continue;
        b.text = f.name + ", " + a.street + ", " + WardText(w, st) + ", " + ProvinceText(a.province, st);
        b.issues = {"birth_place.commune_not_in_province"};
        return b;
      }
      b.text = f.name;
      b.issues = {"birth_place.missing_street", "birth_place.missing_commune", "birth_place.missing_province"};
      break;
    }
    default: {  // no facility (address only)
      b.text = a.Text(st);
      b.issues = {"birth_place.missing_facility"};
      break;
    }
  }
  return b;
}

// ---------------------------------------------------------------- layout helpers
Block Columns(std::vector<std::vector<ColLine>> cols, std::vector<double> fracs) {
  Block b;
  b.kind = BlockKind::kColumns;
  b.columns = std::move(cols);
  b.col_fracs = std::move(fracs);
  return b;
}
Block Center(const std::string& t, bool bold, double scale = 1.0, bool italic = false) {
  Block b;
  b.kind = BlockKind::kCenter;
  b.text = t;
  b.bold = bold;
  b.scale = scale;
  b.italic = italic;
  return b;
}
Block Right(const std::string& t, bool italic) {
  Block b;
  b.kind = BlockKind::kRight;
  b.text = t;
  b.italic = italic;
  return b;
}
Block Text(const std::string& t, bool italic = false) {
  Block b;
  b.kind = BlockKind::kText;
  b.text = t;
  b.italic = italic;
  return b;
}
Block Space(double pt) {
  Block b;
  b.kind = BlockKind::kSpace;
  b.space = pt;
  return b;
}
Seg S(const std::string& label, const std::string& value, const Style& st, bool bold = false) {
  Seg s;
  s.label = label;
  s.value = value;
  s.leader = st.leaders || value.empty();
  s.bold_value = bold;
  return s;
}
Block Field(const std::string& label, const std::string& value, const Style& st, bool bold = false) {
  Block b;
  b.kind = BlockKind::kField;
  b.segs = {S(label, value, st, bold)};
  return b;
}
Block Row(std::vector<Seg> segs) {
  Block b;
  b.kind = BlockKind::kRow;
  b.segs = std::move(segs);
  return b;
}

std::string Name(const Person& p, const Style& st) { return st.upper_names ? Upper(p.full()) : p.full(); }

const char kMotto1[] = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
const char kMotto2[] = "Độc lập - Tự do - Hạnh phúc";

std::vector<ColLine> Motto() { return {{kMotto1, true, false, false}, {kMotto2, true, false, true}}; }

std::string DateLine(const std::string& place, Date d) {
  return place + ", ngày " + Pad2(d.d) + " tháng " + Pad2(d.m) + " năm " + std::to_string(d.y);
}

// ---------------------------------------------------------------- the family behind one dossier
struct Family {
  Style st;
  Person mother, father, child;
  bool has_father = true;
  int count_in_birth = 1;
  int weight = 3200;
  int hh = 8, mi = 30;
  Address home;
  Facility facility;
  BirthPlace birthplace;
  Province reg_province;  // where the birth is registered
  std::string hometown;
  std::string mother_insurance;
  std::string phone;
  bool intended_name_blank = false;
};

Family MakeFamily(const Units& u, Rng& rng, bool defective_birthplace) {
  Family f;
  f.st.lower_types = rng.Chance(0.75);
  f.st.upper_names = rng.Chance(0.8);
  f.st.leaders = rng.Chance(0.55);
  const Province& home_p = rng.Pick(u.provinces());
  f.reg_province = home_p;
  f.home = RandomAddress(u, rng, home_p);
  // The facility is usually in the home province.
  const Province& fac_p = rng.Chance(0.85) ? home_p : rng.Pick(u.provinces());
  f.facility = MakeFacility(u, rng, fac_p);
  f.birthplace = MakeBirthPlace(u, rng, f.facility, f.st, defective_birthplace);

  Date child_birth = rng.Chance(0.75) ? RandomDate(rng, {2025, 1, 1}, {2025, 11, 15}) : RandomDate(rng, {2024, 1, 1}, {2024, 12, 31});
  int mother_age = rng.Int(18, 45);
  Date mb = AddDays(child_birth, -static_cast<int>(mother_age * 365.25) - rng.Int(1, 360));
  int years = child_birth.y - mb.y - ((child_birth.m < mb.m || (child_birth.m == mb.m && child_birth.d < mb.d)) ? 1 : 0);
  if (years < 18) mb.y -= 1;
  if (years > 45) mb.y += 1;
  if (mb.m == 2 && mb.d == 29) mb.d = 28;
  std::string ethnic = kEthnic[rng.Weighted(kEthnicW)];
  f.mother = MakeAdult(rng, false, mb, rng.Chance(0.8) ? home_p.code : rng.Pick(u.provinces()).code, ethnic);
  Date fb = AddDays(mb, -rng.Int(-3 * 365, 9 * 365));
  if (child_birth.y - fb.y < 19) fb.y = child_birth.y - 19;
  if (fb.m == 2 && fb.d == 29) fb.d = 28;
  f.father = MakeAdult(rng, true, fb, rng.Chance(0.8) ? home_p.code : rng.Pick(u.provinces()).code,
                       rng.Chance(0.85) ? ethnic : kEthnic[rng.Weighted(kEthnicW)]);
  f.has_father = rng.Chance(0.93);
  f.child.male = rng.Chance(0.51);
  f.child.family = f.has_father ? f.father.family : f.mother.family;
  std::string cn = rng.Pick(f.child.male ? kChildM : kChildF);
  if (rng.Chance(0.12) && f.mother.family != f.child.family) cn = f.mother.family + " " + cn;
  auto sp = cn.rfind(' ');
  f.child.middle = cn.substr(0, sp);
  f.child.given = cn.substr(sp + 1);
  f.child.birth = child_birth;
  f.child.ethnicity = f.mother.ethnicity;
  f.child.id = IdNumber(rng, home_p.code, f.child.male, child_birth.y);
  f.count_in_birth = rng.Chance(0.03) ? 2 : 1;
  f.weight = rng.Int(2200, 4200) / 10 * 10;
  f.hh = rng.Int(0, 23);
  f.mi = rng.Int(0, 59);
  Address ht = RandomAddress(u, rng, rng.Chance(0.7) ? home_p : rng.Pick(u.provinces()));
  f.hometown = WardText(ht.ward, f.st) + ", " + ProvinceText(ht.province, f.st);
  if (rng.Chance(0.8)) {
    if (rng.Chance(0.5)) {
      static const std::vector<std::string> obj = {"GD", "HN", "DN", "HC", "TE", "CN", "HT", "NO"};
      f.mother_insurance = rng.Pick(obj) + std::to_string(rng.Int(1, 5)) + Pad2(std::stoi(home_p.code)) + rng.Digits(10);
    } else {
      f.mother_insurance = Pad2(std::stoi(home_p.code)) + rng.Digits(8);
    }
  }
  static const std::vector<std::string> pre = {"090", "091", "093", "094", "096", "097", "098", "086", "088",
                                               "032", "033", "035", "038", "039", "070", "077", "079", "081", "083", "085", "056"};
  f.phone = rng.Pick(pre) + rng.Digits(7);
  f.intended_name_blank = rng.Chance(0.07);
  return f;
}

nlohmann::ordered_json OrNull(const std::string& s) { return s.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(s); }

// ---------------------------------------------------------------- Giấy chứng sinh
DocSpec BirthCertificate(const Family& f, Rng& rng, bool newer) {
  const Style& st = f.st;
  DocSpec d;
  d.document_type = "birth_certificate";
  d.layout = newer ? "gcs-new" : "gcs-old";
  Date issue = AddDays(f.child.birth, rng.Int(0, 4));
  std::string number = newer ? rng.Digits(5) + ".GCS." + rng.Digits(5) + "." + Pad2(issue.y % 100)
                             : std::to_string(rng.Int(1, 2999));
  PageSpec p;
  std::vector<ColLine> left = {{f.facility.header_left, false, false, false},
                               {Upper(f.facility.name), true, false, true}};
  left.push_back({"Số: " + number, false, false, false});
  if (!newer) left.push_back({"Quyển số: " + Pad2(rng.Int(1, 12)), false, false, false});
  p.blocks.push_back(Columns({left, Motto()}, {0.44, 0.56}));
  p.blocks.push_back(Space(rng.Real(14, 26)));
  p.blocks.push_back(Center("GIẤY CHỨNG SINH", true, 1.35));
  p.blocks.push_back(Space(rng.Real(8, 16)));

  std::string mname = Name(f.mother, st);
  std::string residence = f.home.Text(st);
  std::string mother_id = f.mother.id;
  d.fields["certificate.number"] = number;
  d.fields["mother.full_name"] = mname;
  if (newer) {
    p.blocks.push_back(Field("Họ, chữ đệm, tên khai sinh của mẹ/người nuôi dưỡng:", mname, st, true));
    p.blocks.push_back(Field("Ngày, tháng, năm sinh:", Dmy(f.mother.birth), st));
    p.blocks.push_back(Field("Dân tộc:", f.mother.ethnicity, st));
    p.blocks.push_back(Field("Số định danh cá nhân/Hộ chiếu:", mother_id, st));
    p.blocks.push_back(Field("Nơi cư trú:", residence, st));
    p.blocks.push_back(Field("Mã số BHXH/Thẻ BHYT số:", f.mother_insurance, st));
    d.fields["mother.birth_date"] = Iso(f.mother.birth);
  } else {
    if (rng.Chance(0.3)) mother_id = rng.Digits(9);  // old identity card
    p.blocks.push_back(Field("Họ và tên mẹ/Người nuôi dưỡng:", mname, st, true));
    p.blocks.push_back(Field("Năm sinh:", std::to_string(f.mother.birth.y), st));
    p.blocks.push_back(Field("Nơi đăng ký thường trú:", residence, st));
    p.blocks.push_back(Field("Mã số BHXH/Thẻ BHYT số:", f.mother_insurance, st));
    p.blocks.push_back(Field("Giấy CMND/Thẻ căn cước/Hộ chiếu số:", mother_id, st));
    p.blocks.push_back(Field("Dân tộc:", f.mother.ethnicity, st));
    d.fields["mother.birth_year"] = f.mother.birth.y;
  }
  d.fields["mother.id_number"] = mother_id;
  d.fields["mother.ethnicity"] = f.mother.ethnicity;
  d.fields["mother.residence"] = residence;
  d.fields["mother.insurance_number"] = OrNull(f.mother_insurance);
  std::string fname = f.has_father ? Name(f.father, st) : "";
  p.blocks.push_back(Field("Họ và tên cha:", fname, st, true));
  d.fields["father.full_name"] = OrNull(fname);
  const Date& cb = f.child.birth;
  p.blocks.push_back(Field("Đã sinh con vào lúc:", Pad2(f.hh) + " giờ " + Pad2(f.mi) + " phút, ngày " + Pad2(cb.d) +
                                                      " tháng " + Pad2(cb.m) + " năm " + std::to_string(cb.y), st));
  d.fields["child.birth_datetime"] = Iso(cb) + "T" + Pad2(f.hh) + ":" + Pad2(f.mi);
  p.blocks.push_back(Field("Tại:", f.birthplace.text, st));
  d.fields["child.birth_place"] = f.birthplace.text;
  p.blocks.push_back(Field("Số con trong lần sinh này:", rng.Chance(0.6) ? Pad2(f.count_in_birth) : std::to_string(f.count_in_birth), st));
  d.fields["child.count_in_birth"] = f.count_in_birth;
  p.blocks.push_back(Field("Giới tính của con:", f.child.male ? "Nam" : "Nữ", st));
  d.fields["child.sex"] = f.child.male ? "male" : "female";
  std::string w = std::to_string(f.weight);
  if (rng.Chance(0.2)) w = w.substr(0, 1) + "." + w.substr(1);
  p.blocks.push_back(Field("Cân nặng:", w + " gram", st));
  d.fields["child.weight_grams"] = f.weight;
  std::string cname = f.intended_name_blank ? "" : Name(f.child, st);
  p.blocks.push_back(Field("Dự định đặt tên con là:", cname, st, true));
  d.fields["child.intended_name"] = OrNull(cname);
  static const std::vector<std::string> notes = {"", "", "Sinh thường", "Sinh mổ", "Sinh thường, đủ tháng",
                                                 "Sinh mổ, con khỏe mạnh"};
  std::string note = rng.Pick(notes);
  if (f.count_in_birth == 2) note = "Sinh đôi";
  p.blocks.push_back(Field("Ghi chú:", note, st));
  p.blocks.push_back(Space(rng.Real(10, 22)));
  p.blocks.push_back(Right(DateLine(f.facility.address.province.shortName(), issue), true));
  Person mw = MakeAdult(rng, false, {1980, 1, 1}, "001", "Kinh");
  Person boss = MakeAdult(rng, rng.Chance(0.6), {1970, 1, 1}, "001", "Kinh");
  std::vector<ColLine> l = {{"Người đỡ đẻ", true, false, false}, {"(Ký, ghi rõ họ tên)", false, true, false}};
  std::vector<ColLine> r = {{"Thủ trưởng cơ sở y tế", true, false, false},
                            {"(Ký, ghi rõ họ tên, đóng dấu)", false, true, false}};
  p.blocks.push_back(Columns({l, r}, {0.45, 0.55}));
  p.blocks.push_back(Space(rng.Real(45, 70)));
  p.blocks.push_back(Columns({{{mw.full(), true, false, false}}, {{(rng.Chance(0.5) ? "BSCKI. " : "BS. ") + boss.full(), true, false, false}}},
                             {0.45, 0.55}));
  d.pages.push_back(p);
  d.issues = f.birthplace.issues;
  return d;
}

// ---------------------------------------------------------------- Tờ khai đăng ký khai sinh
DocSpec RegistrationForm(const Units& u, const Family& f, Rng& rng) {
  const Style& st = f.st;
  DocSpec d;
  d.document_type = "birth_registration_form";
  d.layout = "tkks";
  PageSpec p;
  p.blocks.push_back(Center(kMotto1, true));
  Block m2 = Center(kMotto2, true);
  p.blocks.push_back(m2);
  p.blocks.push_back(Space(rng.Real(16, 26)));
  p.blocks.push_back(Center("TỜ KHAI ĐĂNG KÝ KHAI SINH", true, 1.3));
  p.blocks.push_back(Space(rng.Real(6, 12)));
  const Ward& office = f.home.ward;
  p.blocks.push_back(Center("Kính gửi: Ủy ban nhân dân " + LowerFirst(office.name) + ", " + ProvinceText(f.home.province, st), false));
  p.blocks.push_back(Space(8));

  int rel = static_cast<int>(rng.Weighted({60, 33, 7}));
  Person req = rel == 0 ? f.mother : rel == 1 ? f.father : f.mother;
  std::string relationship = rel == 0 ? "Mẹ" : rel == 1 ? "Cha" : (rng.Chance(0.5) ? "Bà ngoại" : "Bà nội");
  if (rel == 1 && !f.has_father) {
    req = f.mother;
    relationship = "Mẹ";
  }
  if (rel == 2) {
    Date gb = AddDays(f.mother.birth, -rng.Int(20 * 365, 30 * 365));
    req = MakeAdult(rng, false, gb, f.reg_province.code, f.mother.ethnicity);
  }
  std::string req_name = Name(req, st);
  p.blocks.push_back(Field("Họ, chữ đệm, tên người yêu cầu:", req_name, st, true));
  p.blocks.push_back(Field("Nơi cư trú:", f.home.Text(st), st));
  static const std::vector<std::string> docs = {"Căn cước công dân số ", "Thẻ căn cước số ", "CCCD số "};
  Date issued = RandomDate(rng, {2021, 3, 1}, {2024, 12, 31});
  std::string idtxt = rng.Pick(docs) + req.id;
  if (rng.Chance(0.6)) idtxt += ", cấp ngày " + Dmy(issued) + ", nơi cấp: " +
                               (issued.y >= 2024 ? "Bộ Công an" : "Cục Cảnh sát quản lý hành chính về trật tự xã hội");
  p.blocks.push_back(Field("Giấy tờ tùy thân:", idtxt, st));
  p.blocks.push_back(Field("Quan hệ với người được khai sinh:", relationship, st));
  d.fields["requester.full_name"] = req_name;
  d.fields["requester.relationship"] = relationship;
  d.fields["requester.id_number"] = req.id;
  p.blocks.push_back(Space(4));
  p.blocks.push_back(Text("Đề nghị cơ quan đăng ký khai sinh cho người dưới đây:"));
  std::string cname = Name(f.child, st);
  p.blocks.push_back(Field("Họ, chữ đệm, tên:", cname, st, true));
  const Date& cb = f.child.birth;
  p.blocks.push_back(Field("Ngày, tháng, năm sinh:", Dmy(cb) + " ghi bằng chữ: ngày " + Words(cb.d) + " tháng " +
                                                         MonthWords(cb.m) + " năm " + YearWords(cb.y), st));
  p.blocks.push_back(Row({S("Giới tính:", f.child.male ? "Nam" : "Nữ", st), S("Dân tộc:", f.child.ethnicity, st),
                          S("Quốc tịch:", "Việt Nam", st)}));
  p.blocks.push_back(Field("Nơi sinh:", f.birthplace.text, st));
  p.blocks.push_back(Field("Quê quán:", f.hometown, st));
  d.fields["child.full_name"] = cname;
  d.fields["child.birth_date"] = Iso(cb);
  d.fields["child.sex"] = f.child.male ? "male" : "female";
  d.fields["child.ethnicity"] = f.child.ethnicity;
  d.fields["child.nationality"] = "Việt Nam";
  d.fields["child.birth_place"] = f.birthplace.text;
  d.fields["child.hometown"] = f.hometown;
  std::string mname = Name(f.mother, st);
  p.blocks.push_back(Field("Họ, chữ đệm, tên người mẹ:", mname, st, true));
  p.blocks.push_back(Row({S("Năm sinh:", std::to_string(f.mother.birth.y), st), S("Dân tộc:", f.mother.ethnicity, st),
                          S("Quốc tịch:", "Việt Nam", st)}));
  p.blocks.push_back(Field("Nơi cư trú:", f.home.Text(st), st));
  d.fields["mother.full_name"] = mname;
  d.fields["mother.birth_year"] = f.mother.birth.y;
  d.fields["mother.ethnicity"] = f.mother.ethnicity;
  std::string fname = f.has_father ? Name(f.father, st) : "";
  p.blocks.push_back(Field("Họ, chữ đệm, tên người cha:", fname, st, true));
  p.blocks.push_back(Row({S("Năm sinh:", f.has_father ? std::to_string(f.father.birth.y) : "", st),
                          S("Dân tộc:", f.has_father ? f.father.ethnicity : "", st),
                          S("Quốc tịch:", f.has_father ? "Việt Nam" : "", st)}));
  p.blocks.push_back(Field("Nơi cư trú:", f.has_father ? f.home.Text(st) : "", st));
  d.fields["father.full_name"] = OrNull(fname);
  d.fields["father.birth_year"] = f.has_father ? nlohmann::ordered_json(f.father.birth.y) : nlohmann::ordered_json(nullptr);
  p.blocks.push_back(Space(6));
  p.blocks.push_back(Text("Tôi cam đoan nội dung đề nghị đăng ký khai sinh trên đây là đúng sự thật, được sự "
                          "thỏa thuận nhất trí của các bên liên quan theo quy định pháp luật."));
  p.blocks.push_back(Text("Tôi chịu hoàn toàn trách nhiệm trước pháp luật về nội dung cam đoan của mình."));
  Date made = AddDays(cb, rng.Int(3, 50));
  p.blocks.push_back(Space(8));
  p.blocks.push_back(Right("Làm tại: " + LowerFirst(office.name) + ", ngày " + Pad2(made.d) + " tháng " + Pad2(made.m) +
                               " năm " + std::to_string(made.y), true));
  p.blocks.push_back(Columns({{}, {{"Người yêu cầu", true, false, false}, {"(Ký, ghi rõ họ, chữ đệm, tên)", false, true, false}}},
                             {0.45, 0.55}));
  p.blocks.push_back(Space(rng.Real(40, 60)));
  p.blocks.push_back(Columns({{}, {{req.full(), true, false, false}}}, {0.45, 0.55}));
  (void)u;
  d.pages.push_back(p);
  d.issues = f.birthplace.issues;
  return d;
}

// ---------------------------------------------------------------- CT01
DocSpec ResidenceForm(const Units& u, const Family& f, Rng& rng) {
  const Style& st = f.st;
  DocSpec d;
  d.document_type = "residence_form";
  d.layout = "ct01";
  PageSpec p;
  p.blocks.push_back(Right("Mẫu CT01", false));
  p.blocks.push_back(Center(kMotto1, true));
  p.blocks.push_back(Center(kMotto2, true));
  p.blocks.push_back(Space(rng.Real(12, 22)));
  p.blocks.push_back(Center("TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ", true, 1.25));
  p.blocks.push_back(Space(6));
  p.blocks.push_back(Center("Kính gửi(1): Công an " + LowerFirst(f.home.ward.name) + ", " + ProvinceText(f.home.province, st), false));
  p.blocks.push_back(Space(6));

  // Household head: the father, or a grandparent.
  bool head_is_father = f.has_father && rng.Chance(0.6);
  Person head = head_is_father ? f.father
                               : MakeAdult(rng, true, AddDays(f.father.birth, -rng.Int(22 * 365, 32 * 365)),
                                           f.reg_province.code, f.father.ethnicity);
  if (!head_is_father) head.family = f.has_father ? f.father.family : head.family;
  bool applicant_is_child = rng.Chance(0.6);
  Person app = applicant_is_child ? f.child : f.mother;
  std::string rel_to_head = applicant_is_child ? (head_is_father ? "Con" : "Cháu") : (head_is_father ? "Vợ" : "Con dâu");
  std::string app_name = Name(app, st);
  std::string head_name = Name(head, st);
  p.blocks.push_back(Field("1. Họ, chữ đệm và tên khai sinh:", app_name, st, true));
  p.blocks.push_back(Row({S("2. Ngày, tháng, năm sinh:", Dmy(app.birth), st), S("3. Giới tính:", app.male ? "Nam" : "Nữ", st)}));
  p.blocks.push_back(Field("4. Số định danh cá nhân:", app.id, st));
  std::string email;
  if (rng.Chance(0.35)) {
    static const std::vector<std::string> dom = {"gmail.com", "gmail.com", "yahoo.com", "outlook.com"};
    email = "lienhe" + rng.Digits(4) + "@" + rng.Pick(dom);
  }
  p.blocks.push_back(Row({S("5. Số điện thoại liên hệ:", f.phone, st), S("6. Email:", email, st)}));
  p.blocks.push_back(Field("7. Họ, chữ đệm và tên chủ hộ:", head_name, st, true));
  p.blocks.push_back(Field("8. Mối quan hệ với chủ hộ:", rel_to_head, st));
  p.blocks.push_back(Field("9. Số định danh cá nhân của chủ hộ:", head.id, st));
  std::string request = applicant_is_child
                            ? "Đăng ký thường trú cho con mới sinh vào hộ gia đình tại " + f.home.Text(st)
                            : "Đăng ký thường trú vào hộ gia đình chồng tại " + f.home.Text(st);
  p.blocks.push_back(Field("10. Nội dung đề nghị(2):", request, st));
  p.blocks.push_back(Field("11. Những thành viên trong hộ gia đình cùng thay đổi:", "", Style{st.lower_types, st.upper_names, false}));
  Block t;
  t.kind = BlockKind::kTable;
  t.header = {"TT", "Họ, chữ đệm và tên", "Ngày sinh", "Giới tính", "Số định danh cá nhân", "Quan hệ với chủ hộ"};
  if (!applicant_is_child) {
    t.rows.push_back({"1", Name(f.child, st), Dmy(f.child.birth), f.child.male ? "Nam" : "Nữ", f.child.id,
                      head_is_father ? "Con" : "Cháu"});
  }
  t.empty_rows = rng.Int(1, 3);
  p.blocks.push_back(t);
  d.fields["applicant.full_name"] = app_name;
  d.fields["applicant.birth_date"] = Iso(app.birth);
  d.fields["applicant.sex"] = app.male ? "male" : "female";
  d.fields["applicant.id_number"] = app.id;
  d.fields["applicant.phone"] = f.phone;
  d.fields["household_head.full_name"] = head_name;
  d.fields["applicant.relationship_to_head"] = rel_to_head;
  d.fields["household_head.id_number"] = head.id;
  d.fields["residence.request"] = request;
  Date made = AddDays(f.child.birth, rng.Int(20, 80));
  p.blocks.push_back(Space(10));
  p.blocks.push_back(Right(f.home.province.shortName() + ", ngày " + Pad2(made.d) + " tháng " + Pad2(made.m) + " năm " +
                               std::to_string(made.y), true));
  std::vector<ColLine> c1 = {{"Ý KIẾN CỦA CHỦ HỘ(3)", true, false, false}, {"(Ghi rõ nội dung và ký, ghi rõ họ tên)", false, true, false}};
  std::vector<ColLine> c2 = {{"Ý KIẾN CỦA CHA, MẸ HOẶC NGƯỜI GIÁM HỘ(4)", true, false, false},
                             {"(Ghi rõ nội dung và ký, ghi rõ họ tên)", false, true, false}};
  std::vector<ColLine> c3 = {{"NGƯỜI KÊ KHAI", true, false, false}, {"(Ký, ghi rõ họ tên)", false, true, false}};
  p.blocks.push_back(Columns({c1, c2, c3}, {0.33, 0.36, 0.31}));
  p.blocks.push_back(Space(rng.Real(35, 55)));
  std::string signer = applicant_is_child ? f.mother.full() : app.full();
  p.blocks.push_back(Columns({{{head.full(), true, false, false}}, {{applicant_is_child ? f.mother.full() : "", true, false, false}},
                              {{signer, true, false, false}}},
                             {0.33, 0.36, 0.31}));
  (void)u;
  d.pages.push_back(p);
  return d;
}

// ---------------------------------------------------------------- unknown pages
DocSpec UnknownPage(const Family& f, Rng& rng) {
  const Style& st = f.st;
  DocSpec d;
  d.document_type = "unknown";
  PageSpec p;
  Date day = AddDays(f.child.birth, rng.Int(5, 40));
  std::string office = Upper("Ủy ban nhân dân " + LowerFirst(f.home.ward.name));
  if (rng.Chance(0.5)) {
    p.blocks.push_back(Columns({{{office, false, false, false}, {"BỘ PHẬN MỘT CỬA", true, false, true}}, Motto()}, {0.42, 0.58}));
    p.blocks.push_back(Space(20));
    p.blocks.push_back(Center("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", true, 1.15));
    p.blocks.push_back(Center("Mã hồ sơ: " + rng.Digits(3) + "." + rng.Digits(2) + "." + rng.Digits(2) + ".H" + rng.Digits(2) + "-" +
                                  Pad2(day.y % 100) + Pad2(day.m) + Pad2(day.d) + "-" + rng.Digits(4),
                              false));
    p.blocks.push_back(Space(10));
    p.blocks.push_back(Field("Tiếp nhận hồ sơ của:", Name(f.mother, st), st));
    p.blocks.push_back(Field("Địa chỉ:", f.home.Text(st), st));
    p.blocks.push_back(Field("Số điện thoại:", f.phone, st));
    p.blocks.push_back(Field("Nội dung yêu cầu giải quyết:", "Đăng ký khai sinh, đăng ký thường trú", st));
    p.blocks.push_back(Text("1. Thành phần hồ sơ gồm:"));
    p.blocks.push_back(Text("- Tờ khai đăng ký khai sinh (bản chính);"));
    p.blocks.push_back(Text("- Giấy chứng sinh (bản chính);"));
    p.blocks.push_back(Text("- Tờ khai thay đổi thông tin cư trú (Mẫu CT01)."));
    p.blocks.push_back(Text("2. Số lượng hồ sơ: 01 (bộ)"));
    p.blocks.push_back(Text("3. Thời gian giải quyết hồ sơ theo quy định là: 05 ngày làm việc"));
    Date ret = AddDays(day, rng.Int(3, 7));
    p.blocks.push_back(Text("4. Thời gian nhận hồ sơ: " + Pad2(rng.Int(7, 16)) + " giờ " + Pad2(rng.Int(0, 59)) + " phút, ngày " + Dmy(day)));
    p.blocks.push_back(Text("5. Thời gian trả kết quả giải quyết hồ sơ: ngày " + Dmy(ret)));
    p.blocks.push_back(Space(16));
    p.blocks.push_back(Columns({{{"NGƯỜI NỘP HỒ SƠ", true, false, false}}, {{"NGƯỜI TIẾP NHẬN HỒ SƠ", true, false, false}}}, {0.5, 0.5}));
  } else {
    p.blocks.push_back(Columns({{{office, true, false, true}, {"Số: " + std::to_string(rng.Int(10, 999)) + "/TB-UBND", false, false, false}}, Motto()},
                               {0.42, 0.58}));
    p.blocks.push_back(Right(f.home.province.shortName() + ", ngày " + Pad2(day.d) + " tháng " + Pad2(day.m) + " năm " + std::to_string(day.y), true));
    p.blocks.push_back(Space(16));
    p.blocks.push_back(Center("THÔNG BÁO", true, 1.3));
    p.blocks.push_back(Center("Về việc bổ sung hồ sơ đăng ký khai sinh", true));
    p.blocks.push_back(Space(10));
    p.blocks.push_back(Text("Ủy ban nhân dân " + LowerFirst(f.home.ward.name) + " đã nhận được hồ sơ đăng ký khai sinh của ông/bà " +
                            f.mother.full() + ", địa chỉ cư trú tại " + f.home.Text(st) + "."));
    p.blocks.push_back(Text("Qua kiểm tra, hồ sơ chưa đầy đủ thành phần theo quy định. Đề nghị ông/bà bổ sung các giấy tờ "
                            "sau đây trong thời hạn 05 ngày làm việc kể từ ngày nhận được thông báo này:"));
    p.blocks.push_back(Text("- Bản chính Giấy chứng sinh có ghi đầy đủ nơi sinh;"));
    p.blocks.push_back(Text("- Giấy tờ chứng minh nơi cư trú của người yêu cầu."));
    p.blocks.push_back(Text("Mọi chi tiết xin liên hệ bộ phận một cửa, số điện thoại " + f.phone.substr(0, 4) + " " + rng.Digits(3) + " " + rng.Digits(3) + "."));
    p.blocks.push_back(Space(16));
    p.blocks.push_back(Columns({{{"Nơi nhận:", true, true, false}, {"- Như trên;", false, false, false}, {"- Lưu: VT.", false, false, false}},
                                {{"TM. ỦY BAN NHÂN DÂN", true, false, false}, {"CHỦ TỊCH", true, false, false}}},
                               {0.5, 0.5}));
  }
  d.pages.push_back(p);
  return d;
}

}  // namespace

DossierSpec MakeDossier(const Units& units, Rng& rng, double incomplete_rate, double unknown_rate) {
  DossierSpec ds;
  Family fam = MakeFamily(units, rng, rng.Chance(incomplete_rate));
  // Document combinations.
  int combo = static_cast<int>(rng.Weighted({18, 16, 14, 20, 14, 10, 8}));
  bool newer = rng.Chance(0.6);
  switch (combo) {
    case 0: ds.docs.push_back(BirthCertificate(fam, rng, newer)); break;
    case 1: ds.docs.push_back(RegistrationForm(units, fam, rng)); break;
    case 2: ds.docs.push_back(ResidenceForm(units, fam, rng)); break;
    case 3:
      ds.docs.push_back(BirthCertificate(fam, rng, newer));
      ds.docs.push_back(RegistrationForm(units, fam, rng));
      break;
    case 4:
      ds.docs.push_back(BirthCertificate(fam, rng, newer));
      ds.docs.push_back(RegistrationForm(units, fam, rng));
      ds.docs.push_back(ResidenceForm(units, fam, rng));
      break;
    case 5:
      ds.docs.push_back(RegistrationForm(units, fam, rng));
      ds.docs.push_back(ResidenceForm(units, fam, rng));
      break;
    default:
      ds.docs.push_back(BirthCertificate(fam, rng, newer));
      ds.docs.push_back(ResidenceForm(units, fam, rng));
      break;
  }
  if (ds.docs.size() < 3 && rng.Chance(unknown_rate)) {
    auto pos = ds.docs.begin() + rng.Int(0, static_cast<int>(ds.docs.size()));
    ds.docs.insert(pos, UnknownPage(fam, rng));
  }
  return ds;
}

}  // namespace samplegen
}  // namespace hoso
