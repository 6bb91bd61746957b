// Internal types passed between the pipeline's stages.
#ifndef HOSO_PIPELINE_CORE_PAGE_H_
#define HOSO_PIPELINE_CORE_PAGE_H_

#include <algorithm>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "pipeline/core/util.h"

namespace hoso {

// One recognised word, in the coordinates of the image given to OCR (the
// rectified, upright output page).
struct OcrWord {
  std::string text;        // UTF-8, NFC
  cv::Rect box;
  float confidence = 0.f;  // 0..1
  int line = -1;           // index into OcrResult::lines
};

// One printed line, in reading order.
struct OcrLine {
  std::string text;        // words joined by single spaces
  cv::Rect box;
  int block = -1;          // Tesseract block index (columns are blocks)
  std::vector<int> words;  // indices into OcrResult::words
};

// A page whose OCR confidence (OcrResult::PageConfidence) is below this
// is too blurred, dark or small to read (on generated hard photos, pages
// under it have CER above ~0.35): it is reported page.unreadable (retake
// it), and nothing read off it is asserted as a defect of the document.
constexpr float kUnreadablePageConfidence = 0.60f;

struct OcrResult {
  std::vector<OcrWord> words;  // in reading order
  std::vector<OcrLine> lines;  // in reading order
  float mean_confidence = 0.f; // 0..1, over words
  // CPU time of this thread inside Tesseract's recognition (taking its copy
  // of the page, layout analysis, reading, freeing its results), ms: the
  // part of the OCR stage that is not hoso's own.
  double recognition_cpu_ms = 0;
  // Mean confidence of the words with a letter or digit (HasLetterOrDigit;
  // mean_confidence when there are none), and in *count how many there are.
  // Rows of dots are read confidently, whether leader dots or the specks of
  // a noisy deconvolved page (q8080 d0014/1: 0.72 over all its words, 0.46
  // over these), and say nothing of how well the page's text was read.
  float WordConfidence(int* count = nullptr) const {
    double sum = 0;
    int n = 0;
    for (const OcrWord& w : words) {
      if (!HasLetterOrDigit(w.text)) continue;
      sum += w.confidence;
      ++n;
    }
    if (count) *count = n;
    return n ? static_cast<float>(sum / n) : mean_confidence;
  }
  // How well the page was read, for calling it unreadable: the lower of
  // mean_confidence and WordConfidence (dots read confidently can hide
  // poorly read words; dots read poorly go with a poorly read page).
  float PageConfidence() const { return std::min(mean_confidence, WordConfidence()); }
  // Lines joined with '\n'.
  std::string Text() const {
    std::string s;
    for (size_t i = 0; i < lines.size(); ++i) {
      if (i) s += '\n';
      s += lines[i].text;
    }
    return s;
  }
};

}  // namespace hoso

#endif  // HOSO_PIPELINE_CORE_PAGE_H_
