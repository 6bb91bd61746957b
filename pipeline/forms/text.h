// Text helpers for matching Vietnamese form text: code-point strings,
// diacritic folding, tone-placement-independent keys, edit distance.
//
// Thread safety: all functions are pure and may be called concurrently.
#ifndef HOSO_PIPELINE_FORMS_TEXT_H_
#define HOSO_PIPELINE_FORMS_TEXT_H_

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace hoso {
namespace forms {

// UTF-8 -> code points after NFC (invalid bytes become U+FFFD), and back.
std::u32string ToU32(std::string_view utf8);
std::string ToU8(const std::u32string& s);

// One code point lower-cased with every diacritic removed and đ -> d, so
// that "Ữ" -> 'u'. Always exactly one code point (the folded string of an
// NFC string has the same length, so positions map one to one).
char32_t FoldChar(char32_t c);
std::u32string FoldU32(const std::u32string& s);

// Folded UTF-8: lower case, no diacritics, runs of white space collapsed to
// one space, trimmed. "  Thành  phố Hà Nội" -> "thanh pho ha noi".
std::string Fold(std::string_view utf8);

// Lower case, NFC, collapsed spaces, with each syllable's tone mark moved to
// the syllable's end so that the old and new tone placements ("Hoà"/"Hòa",
// "Thuỷ"/"Thủy", "Qúy"/"Quý") give the same key. Vowel marks (ư, ơ, â, ê,
// ô, ă) and đ are kept.
std::string ToneKey(std::string_view utf8);

// Lower case + NFC + collapsed spaces, keeping every mark. For "agree after
// folding case and spacing" comparisons.
std::string CaseSpaceFold(std::string_view utf8);

// Levenshtein distance; stops early and returns max_distance + 1 once the
// distance is known to exceed max_distance. `same(x, y)`, when given, says
// whether a's x and b's y count as one character (else: equal).
int EditDistance(const std::u32string& a, const std::u32string& b, int max_distance,
                 bool (*same)(char32_t, char32_t) = nullptr);

// Trims ASCII and Unicode white space from both ends.
std::string Trim(std::string_view s);

// Splits on `sep`, trimming each part and dropping empty parts.
std::vector<std::string> SplitTrim(std::string_view s, char sep);

// The parts joined with `sep` between them ({"a", "b"}, ", " -> "a, b").
std::string Join(const std::vector<std::string>& parts, std::string_view sep);

// A word printed in capitals: more than one code point and no lower-case
// letter ("NGUYỄN", "TP."; not "A", not "Nguyễn").
bool InCapitals(std::string_view word);

// A word whose first code point is a capital letter ("Phước", "NGUYỄN", "A").
bool StartsWithCapital(std::string_view word);

// `canonical` in the case `word` was printed in: all capitals when `word`
// is InCapitals, its first letter a capital when `word`'s is, else as
// `canonical` writes it. ("HUYỆN", "Huyền") -> "HUYỀN".
std::string InCaseOf(std::string_view word, std::string_view canonical);

// Of `n` candidates, the index of the one whose `distance` is smallest and
// at most `max_distance`, when no other candidate is as near; -1 when none
// is or two are.
int UniqueNearest(size_t n, const std::function<int(size_t)>& distance, int max_distance);

bool IsLetter(char32_t c);
bool IsDigit(char32_t c);
// An apostrophe of any kind OCR or a list writes in a unit's name ("Ea
// M’Droh", "Cư M'gar"): ', ’, ‘, ` or ʼ.
bool IsApostrophe(char32_t c);
// `s` without its apostrophes (IsApostrophe), which OCR drops or reads as
// either kind.
std::u32string WithoutApostrophes(const std::u32string& s);

}  // namespace forms
}  // namespace hoso

#endif  // HOSO_PIPELINE_FORMS_TEXT_H_
