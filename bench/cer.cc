// cer: character error rate between a ground-truth text and an OCR text.
//
//   cer TRUTH_FILE HYP_FILE     prints "<edit distance> <truth length>"
//
// Both texts are NFC-normalised; runs of spaces/tabs collapse to one space,
// lines are trimmed and empty lines dropped; distance is Levenshtein over
// Unicode code points (substitution, insertion, deletion cost 1).
//
// Dotted leaders ("......" after a label, where a value was written short)
// are layout, not content, and no OCR engine reproduces their exact length:
// every run of three or more dots or ellipses (spaces between them allowed)
// counts as one "…", in the truth and the OCR text alike.
#include <cstdio>
#include <string>
#include <vector>

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include "pipeline/core/util.h"

namespace {

bool IsDot(char32_t c) { return c == U'.' || c == U'…'; }

std::u32string FoldLeaders(const std::u32string& s) {
  std::u32string out;
  for (size_t i = 0; i < s.size();) {
    if (IsDot(s[i])) {
      size_t j = i, dots = 0, last_dot = i;
      while (j < s.size() && (IsDot(s[j]) || s[j] == U' ')) {
        if (IsDot(s[j])) {
          dots += s[j] == U'…' ? 3 : 1;
          last_dot = j;
        }
        ++j;
      }
      if (dots >= 3) {
        out += U'…';
        i = last_dot + 1;
        continue;
      }
    }
    out += s[i++];
  }
  return out;
}

std::u32string Canonical(const std::string& utf8) {
  std::string nfc = hoso::ToNfc(utf8);
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(nfc);
  std::u32string out, line;
  auto flush = [&] {
    while (!line.empty() && line.back() == U' ') line.pop_back();
    if (!line.empty()) {
      if (!out.empty()) out += U'\n';
      out += line;
    }
    line.clear();
  };
  for (int32_t i = 0; i < u.length();) {
    UChar32 c = u.char32At(i);
    i = u.moveIndex32(i, 1);
    if (c == U'\n' || c == U'\r' || c == 0x0C) {
      flush();
    } else if (c == U' ' || c == U'\t' || c == 0xA0) {
      if (!line.empty() && line.back() != U' ') line += U' ';
    } else {
      line += static_cast<char32_t>(c);
    }
  }
  flush();
  return FoldLeaders(out);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: cer TRUTH_FILE HYP_FILE\n");
    return 2;
  }
  std::string truth, hyp;
  if (!hoso::ReadFile(argv[1], &truth).ok() || !hoso::ReadFile(argv[2], &hyp).ok()) {
    std::fprintf(stderr, "cer: cannot read input\n");
    return 2;
  }
  std::u32string t = Canonical(truth), h = Canonical(hyp);
  std::printf("%zu %zu\n", hoso::EditDistance(t, h), t.size());
  return 0;
}
