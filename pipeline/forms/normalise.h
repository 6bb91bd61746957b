// Normalisers: raw field text as read from a form -> the contract's value.
// Each returns false when the text cannot be read as that type; none
// guesses a missing part.
//
// Thread safety: pure functions.
#ifndef HOSO_PIPELINE_FORMS_NORMALISE_H_
#define HOSO_PIPELINE_FORMS_NORMALISE_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hoso {
namespace forms {

struct Date {
  int year = 0, month = 0, day = 0;
  int hour = -1, minute = -1;  // -1 when no time
};

// Removes dotted leaders ("....", "…", "___"), a leading ':' and stray
// punctuation at both ends, and collapses white space. "......" -> "".
std::string CleanValue(std::string_view raw);

// The value part of one line's text after its label: everything before the
// first dotted leader (3+ dots or ellipses) or the first run of symbols
// ("--", "<<", "‹") OCR makes of a leader, since what follows a leader on
// the same line is leader noise. Leading leaders are skipped first.
// *begin/*end (optional) receive the kept range in code points of raw.
std::string CutLeaders(std::string_view raw, size_t* begin = nullptr, size_t* end = nullptr);

// The digit a character OCR reads in a number stands for (a digit, or a
// letter or mark read for one: O Ô Ó Q -> 0; I (with any mark) l | L T and
// brackets -> 1; S Š -> 5; B § -> 8), else -1.
int OcrDigit(char32_t c);

// Replaces letters OCR commonly reads for digits (O/o -> 0, l/I/| -> 1,
// S -> 5 only between digits) inside runs that are mostly digits.
std::string DigitsFromOcr(std::string_view raw);

// "11/10/2025", "11-10-2025", "11.10.2025", "ngày 11 tháng 10 năm 2025",
// "11 tháng 10 năm 2025" -> 2025-10-11. Also "2025-10-11".
bool ParseDate(std::string_view raw, Date* out);
// "12 giờ 29 phút, ngày 11 tháng 10 năm 2025", "12h29 ngày 11/10/2025",
// "12:29 11/10/2025" -> 2025-10-11T12:29 (time required).
bool ParseDateTime(std::string_view raw, Date* out);

// A date written in words, as forms print it after "ghi bằng chữ": "ngày
// hai mươi tư tháng sáu năm hai nghìn không trăm hai mươi lăm" -> 24, 6,
// 2025. Marks are ignored (OCR misreads them: "lắm", "trằm", "nắm"), the
// words must be number words exactly. Sets the day and month when the
// day's and month's words read so (else returns false), and the year when
// its words read so too (else out->year is -1).
bool ParseDateInWords(std::string_view raw, Date* out);
// A plausible four-digit year 1900..2199 (alone, or as the year of a date).
bool ParseYear(std::string_view raw, int* year);
// "Nữ" -> "female", "Nam" -> "male" (diacritics optional).
bool ParseSex(std::string_view raw, std::string* out);
// "3541 gram", "3.541 g", "3,5 kg" -> grams.
bool ParseWeight(std::string_view raw, std::int64_t* grams);
// "1", "01", "một", "hai (2)" -> the count.
bool ParseCount(std::string_view raw, std::int64_t* n);
// Digits only after OCR letter fixes; `raw` may contain spaces and dots.
// Sets *digits; false when there are letters left or no digits.
bool ParseDigits(std::string_view raw, std::string* digits);
// The first 12-digit (else 9-digit) number inside longer text ("CCCD số
// 038195012345, cấp ngày ...").
bool FindIdNumber(std::string_view raw, std::string* digits);
// A phone number: digits with an optional leading '+', 9..12 digits.
bool ParsePhone(std::string_view raw, std::string* out);
// A social-insurance number as printed after "Mã số BHXH/Thẻ BHYT số": a
// 10-digit BHXH code ("0123456789") or a 15-character BHYT card number (two
// letters, then 13 digits: "GD4797932123456"). Spaces, dots and dashes OCR
// put inside are dropped and letters read for digits where digits belong
// (I l | -> 1, O -> 0, S -> 5, B -> 8) are fixed: "I 172847914" ->
// "1172847914". False when the value has neither shape.
bool ParseInsuranceNumber(std::string_view raw, std::string* out);

// True when the date exists on the calendar (year 1900..2199).
bool IsValidDate(int year, int month, int day);

// The digits OCR takes `digit` for, or for which it takes it, in a blurred
// or noisy photo (5/9, 0/9, 0/8, 3/8, 2/3, 1/7, ...); empty for none.
const std::string& DigitLookAlikes(char digit);
// Every reading of `digits` with one of its first `n` digits changed into
// a look-alike (DigitLookAlikes).
std::vector<std::string> LookAlikeReadings(const std::string& digits, size_t n);
// The only one of those readings that is `ok`; nullopt when none or several
// are.
std::optional<std::string> OnlyLookAlikeReading(const std::string& digits, size_t n,
                                                const std::function<bool(const std::string&)>& ok);

// The only real date made from the invalid `d` ("15/93/2025") by changing
// one digit of its two-digit day or month into a look-alike (-> 15/03/2025);
// nullopt when there is none or more than one. A year outside 1900-2199
// is left as it is (CorrectFutureDate's), the day and month judged in a
// leap year.
std::optional<Date> CorrectDate(const Date& d);

// The only date not after `today` made from the future date `d`
// ("11/10/2035") by changing one digit of its year into a look-alike (->
// 11/10/2025); nullopt when `d` is not a future date, or there is none or
// more than one such reading.
std::optional<Date> CorrectFutureDate(const Date& d, const Date& today);

// A newer birth-certificate number ("12345.GCS.00123.25": five digits, GCS,
// five digits, two of the year) with the dots OCR dropped or read as a
// digit written back: "44174.GCS.5417424", "09402.GCS39002.25",
// "01741.GCS8.76640.25" (a lone digit before the five), and letters read
// for digits in the first five (I l | O B S Z G: "I1030.GCS...",
// "B1619.GCS..."). The older layout's plain number has the letters read for
// its digits read as digits ("58I" -> "581"). `raw` has no spaces. nullopt
// when it is of neither shape or is right already. "GC8" or "GC:S" for GCS
// is written back too; with `latest_year` (> 0),
// a two-digit year of issue after it becomes the only year not after it
// (and at most 20 before) one look-alike digit away ("...16125.35" in 2026
// -> ".25").
std::optional<std::string> CorrectCertificateNumber(const std::string& raw, int latest_year = 0);

// A year of birth read with one look-alike digit, out of 1900..`latest`
// ("1877", "1883" for 1977, 1983): the only year in that range one
// look-alike digit away. nullopt when `raw` is no four digits, is in range
// already, or has none or several such readings. Three digits from 9
// ("990") are a year of the 1900s whose 1 was lost.
std::optional<int> CorrectYear(std::string_view raw, int latest);

// The one year from 1900 to `latest` that `raw` shows as a run of four
// digits ("1 X⁄O9/2024": 2024); none when no run or several do.
std::optional<int> OnlyYearIn(std::string_view raw, int latest);

// A 10-digit phone number whose first digit, a look-alike of 0, was read
// for the 0 every Vietnamese mobile number starts with ("9792099436" ->
// "0792099436", the second digit one of 3 5 7 8 9). nullopt otherwise.
std::optional<std::string> CorrectPhone(const std::string& digits);
std::string IsoDate(const Date& d);      // "YYYY-MM-DD"
std::string IsoDateTime(const Date& d);  // "YYYY-MM-DDTHH:MM"
// Parses "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM" (the contract's formats).
bool ParseIso(std::string_view iso, Date* out);
// Days since 1970-01-01 (proleptic Gregorian).
long DaysFromCivil(int y, int m, int d);

}  // namespace forms
}  // namespace hoso

#endif  // HOSO_PIPELINE_FORMS_NORMALISE_H_
