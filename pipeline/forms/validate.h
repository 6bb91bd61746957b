// Validators for extracted fields. Each appends hoso::Issue values (codes
// listed in models/rules/issue_codes.json) and never throws.
//
// Thread safety: pure functions of their arguments.
#ifndef HOSO_PIPELINE_FORMS_VALIDATE_H_
#define HOSO_PIPELINE_FORMS_VALIDATE_H_

#include <optional>
#include <set>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "hoso/result.h"
#include "pipeline/forms/normalise.h"
#include "pipeline/forms/units.h"

namespace hoso {
namespace forms {

// The components found in an address, as printed (empty when absent).
struct AddressParts {
  std::string facility;  // "Bệnh viện Đa khoa tỉnh Thanh Hóa"
  std::string street;    // "số 181 đường Hải Thượng Lãn Ông" or "thôn Đông"
  std::string commune;   // "phường Hạc Thành"
  std::string district;  // "huyện Nga Sơn" (pre-2025)
  std::string province;  // "tỉnh Thanh Hóa"
  // The province's prefix when OCR misread it ("cnh" of "cnh Đồng Tháp"):
  // `province` is then the bare name that follows.
  std::string province_prefix_misread;
  // The same for the commune, the part just before the province ("ng:" of
  // "ng: An Tường, tỉnh Tuyên Quang"), taken only when what follows is
  // exactly the name of a commune of that province.
  std::string commune_prefix_misread;
};

// Splits a comma-separated address, most specific first. A health facility
// keeps the place in its own name ("Trạm Y tế xã Hưng Mỹ" is a facility,
// not a commune). The province is the last part naming a province.
AddressParts ParseAddress(const AdminUnits& units, std::string_view address, bool allow_old);

// A province named by the first words of `part` ("tỉnh Cà Mau ` 6 x" ->
// Cà Mau, *noise = "` 6 x"); exact or mark-folded names only.
bool MatchProvincePrefix(const AdminUnits& units, const std::string& part, bool allow_old, UnitMatch* match,
                         std::string* noise);

// An address with the unit names OCR misread by a mark or a letter written
// as the unit list writes them ("tỉnh Cao Băng" -> "tỉnh Cao Bằng", "Xã la
// Pnôn" -> "Xã Ia Pnôn"): each part that starts with a commune or province
// prefix and names exactly one unit after folding marks or one edit. Stray
// quotes are dropped and ". " before a unit prefix or street word is read
// as ", "; I, l and | in a number after a street word are 1 ("xóm I3" ->
// "xóm 13"); "tố dân phố" is "tổ dân phố". A facility named after the
// commune or province its address names as listed, that name misread by
// marks or a letter ("Trạm Y tế xã Tân Án, ..., xã Tân An"), is written as
// the address names it.
// Returns `address` unchanged when nothing was corrected.
std::string CorrectUnitNames(const AdminUnits& units, std::string_view address);

// Whether the last part of `address` (after its last comma) is only a
// unit's kind, its name not there ("..., phường An Phú, tỉnh"): an address
// cut there, which goes on after (a wrapped line).
bool EndsInUnitKind(std::string_view address);

// `address` without what OCR read after its province's name in its last
// part ("..., tỉnh Điện Biên nu e", "..., tỉnh Nghệ An 11. Những thành"),
// the province matched as MatchProvincePrefix does. Unchanged otherwise.
std::string TrimAfterProvince(const AdminUnits& units, const std::string& address);

// An address with street names OCR misread by a mark written as listed
// ("đường Hải Thượng Lần Ông" -> "đường Hải Thượng Lãn Ông"): in each part,
// the words after a street word ("đường", "phố"; not "thành phố") or after
// a house number that starts the part, to the part's end, when they fold
// to exactly one name of `streets` (folded -> spellings), or for a name of
// ten letters or more are one edit from exactly one (a letter misread:
// "Lò Hồng Phong"), and differ from it beyond tone placement. Each word
// keeps its printed case. Returns `address` unchanged when nothing was
// corrected.
std::string CorrectStreetNames(const std::map<std::string, std::vector<std::string>>& streets,
                               std::string_view address);

// An address with its OCR errors corrected as far as the lists tell:
// what was read after its province's name dropped (TrimAfterProvince,
// before and after), unit names (CorrectUnitNames), street names
// (CorrectStreetNames).
std::string CorrectAddress(const AdminUnits& units, const std::map<std::string, std::vector<std::string>>& streets,
                           std::string_view address);

// A request as read ("È): Đăng ký thường trú ... vào hộ gia định tại thôn
// 3, xã Bằng Mạc, tính Lạng Sơn"): leading tokens that are no word (a
// symbol or digit in them) are dropped; the words before the last "tại"
// become the entry of `phrases` they fold to within one edit in eight
// letters, when exactly one is that close; the address after it is
// corrected as addresses are (CorrectAddress).
// Returns `text` unchanged when nothing was corrected.
std::string CorrectRequest(const AdminUnits& units, const std::map<std::string, std::vector<std::string>>& streets,
                           const std::vector<std::string>& phrases, std::string_view text);

// Whether some word of `piece` (as read) starts an address part by its
// kind: a street or village word ("số", "đường", "thôn", "tổ", ...), a
// commune, district or province prefix ("xã", "phường", "huyện", "tỉnh").
// House numbers alone do not count.
bool NamesAddressPart(std::string_view piece);

// An address typed over a dotted line, whose word gaps OCR read as leaders
// ("Bệnh viện Đa khoa . . . . tỉnh Tuyên Quang, ...... số 34 đường X,"):
// `kept` is CutLeaders of `whole` (code points), ending at *end. The value
// runs on across leader runs and leader noise up to the last piece that
// names an address part or ends with a comma; what follows that is leader
// noise. Returns the value and moves *end to its end.
std::string BridgeAddressLeaders(const std::u32string& whole, std::string kept, size_t* end);

// The date from which only the post-reform units are accepted.
constexpr int kReformYear = 2025, kReformMonth = 7, kReformDay = 1;
// Whether pre-reform unit names are accepted on a document of that date
// (one dated before the reform, or undated).
bool AllowsOldUnits(const std::optional<Date>& document_date);

// An address that stops in its province ("..., xã Ninh Phước, tỉnh Khánh"
// or "..., tỉnh": a wrapped line lost), completed from its commune when
// every commune of that name lies in one province whose name begins with
// what was read ("tỉnh Khánh Hòa"); when no commune of that name lies in
// such a province, from what was read alone if it begins only one
// province's name ("tỉnh Gia" -> Gia Lai; the commune is then another
// province's, for the validator to report). Empty when it cannot be; else
// the completed address, *province_name (optional) the list's name and
// *from_commune (optional) whether the commune decided it.
std::string CompleteCutProvince(const AdminUnits& units, const std::string& address, bool allow_old,
                                std::string* province_name, bool* from_commune = nullptr);

// The review warning for an address (`birthplace`: the child's birthplace)
// whose province CompleteCutProvince completed to `province`, saying how
// (`from_commune` as it returned).
std::string CutProvinceMessage(bool birthplace, const std::string& province, bool from_commune);

// Whether a birthplace reads whole: a facility, then only parts that are a
// street or village, a commune or a province matched exactly or but for
// its marks, ending in the province, nothing garbled. What such an address
// lacks it lacks on paper, however unsure the OCR of its words: noise would
// have left a part that is none of these, and a lost line would have taken
// its end. (One ending in a commune may have lost its province's line.)
bool BirthPlaceReadsWhole(const AdminUnits& units, std::string_view value, const std::optional<Date>& document_date);

// A field whose least confident word was read with at least this was read
// clearly.
inline constexpr double kSureReadConfidence = 0.9;

// Checks a birthplace (field `key`): facility, street/village, commune,
// province, and that the commune lies in the province. `document_date`
// decides whether pre-reform names are accepted (unknown = accepted).
// When a commune or province name is one OCR error away from exactly one
// unit, *corrected receives the address with the name fixed (else empty).
//
// What OCR could not read is not reported as a defective birthplace: when
// the address stops mid-way ("..., tỉnh", a wrapped line lost) or its
// words were read with low confidence (`min_confidence`, the lowest word
// confidence in the value, 0..1) and the names do not resolve, one warning
// "field.low_confidence" asks for review instead of birth_place.* errors.
// A province cut off after "tỉnh" is completed from the commune when the
// commune lies in a single province (with that warning). On a page too
// unreadable to trust (`page_unreadable`: reported page.unreadable, retake
// it) every defect found is only for review.
void ValidateBirthPlace(const AdminUnits& units, const std::string& key, std::string_view value,
                        const std::optional<Date>& document_date, std::vector<Issue>* issues,
                        std::string* corrected, double min_confidence = 1.0, bool page_unreadable = false);

// Personal identification number checks. `province_codes` holds the valid
// three-digit codes; `female`/`birth_year` may be unknown.
struct IdCheck {
  bool length_ok = false, province_ok = false, century_ok = false, sex_ok = true, year_ok = true;
  int year = 0;  // the year of birth the number encodes (when century_ok)
  bool ok() const { return length_ok && province_ok && century_ok && sex_ok && year_ok; }
};
IdCheck CheckIdNumber(const std::string& digits, const std::set<std::string>& province_codes,
                      std::optional<bool> female, std::optional<int> birth_year);
// The only reading of `digits` that passes CheckIdNumber after changing one
// of the checkable first six digits into a look-alike (5/9, 0/9, 0/8, 3/8,
// 1/7, ...: the pairs OCR confuses), or, for 13 digits, after
// dropping one digit of a doubled pair (OCR read it twice), or, for 11, after
// putting back a digit OCR lost (only one lost among the first six can have
// a single reading; the birth year must be known); letters read
// for digits are fixed earlier, by ParseDigits. nullopt when there is none
// or more than one.
// A changed reading that has its holder born after `latest_year` (this
// year) does not count.
std::optional<std::string> CorrectIdNumber(const std::string& digits, const std::set<std::string>& province_codes,
                                           std::optional<bool> female, std::optional<int> birth_year,
                                           std::optional<int> latest_year = std::nullopt);
void ValidateIdNumber(const std::string& key, const std::string& digits, const std::set<std::string>& province_codes,
                      std::optional<bool> female, std::optional<int> birth_year, std::vector<Issue>* issues);

// Date checks: exists on the calendar, not after `today`.
void ValidateDate(const std::string& key, const Date& d, const Date& today, std::vector<Issue>* issues);

// Today's date (UTC+7, Vietnam).
Date Today();

}  // namespace forms
}  // namespace hoso

#endif  // HOSO_PIPELINE_FORMS_VALIDATE_H_
