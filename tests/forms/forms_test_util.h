// Helpers shared by the forms tests: a loaded model and synthetic OCR.
#ifndef HOSO_TESTS_FORMS_FORMS_TEST_UTIL_H_
#define HOSO_TESTS_FORMS_FORMS_TEST_UTIL_H_

#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "pipeline/core/page.h"
#include "pipeline/forms/analysis.h"

namespace hoso {
namespace forms {
namespace testing_util {

// The engine loaded from the source tree's models/ and the unit list; the
// same object for every test (loading parses a 4 MB JSON file).
inline const FormsEngine* Engine() {
  static FormsEngine* engine = [] {
    FormsOptions o;
    o.models_dir = HOSO_SOURCE_MODELS_DIR;
    std::unique_ptr<FormsModel> m;
    Status s = FormsModel::Load(o, &m);
    if (!s.ok()) {
      fprintf(stderr, "FormsModel::Load: %s\n", s.ToString().c_str());
      return static_cast<FormsEngine*>(nullptr);
    }
    auto* e = static_cast<FormsEngine*>(m.release());
    Date today;
    today.year = 2025;
    today.month = 11;
    today.day = 20;
    e->today = today;
    return e;
  }();
  return engine;
}

// An OcrResult with one line per entry, words split on spaces, each word
// 20 px per character wide, lines 50 px apart; every word has `confidence`.
inline OcrResult MakeOcr(const std::vector<std::string>& lines, float confidence = 0.9f) {
  OcrResult r;
  int y = 100;
  for (const auto& text : lines) {
    OcrLine line;
    line.block = 0;
    int x = 100;
    std::istringstream in(text);
    std::string w;
    while (in >> w) {
      OcrWord word;
      word.text = w;
      int chars = 0;
      for (unsigned char c : w) chars += (c & 0xC0) != 0x80;
      word.box = cv::Rect(x, y, 20 * chars, 40);
      word.confidence = confidence;
      word.line = static_cast<int>(r.lines.size());
      x += 20 * chars + 20;
      line.words.push_back(static_cast<int>(r.words.size()));
      if (!line.text.empty()) line.text += ' ';
      line.text += w;
      line.box = line.box.area() ? (line.box | word.box) : word.box;
      r.words.push_back(word);
    }
    r.lines.push_back(line);
    y += 50;
  }
  r.mean_confidence = confidence;
  return r;
}

}  // namespace testing_util
}  // namespace forms
}  // namespace hoso

#endif  // HOSO_TESTS_FORMS_FORMS_TEST_UTIL_H_
