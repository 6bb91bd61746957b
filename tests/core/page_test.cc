// OcrResult's confidences: rows of dots read confidently must not make a
// poorly read page look well read.
#include "pipeline/core/page.h"

#include <gtest/gtest.h>

namespace hoso {
namespace {

OcrResult Reading(const std::vector<std::pair<std::string, float>>& words) {
  OcrResult r;
  double sum = 0;
  for (const auto& [text, conf] : words) {
    r.words.push_back(OcrWord{text, cv::Rect(), conf, 0});
    sum += conf;
  }
  r.mean_confidence = words.empty() ? 0.f : static_cast<float>(sum / words.size());
  return r;
}

TEST(OcrResultTest, HasLetterOrDigitTellsWordsFromMarks) {
  for (const char* yes : {"a", "Z", "7", "đ", "Đ", "ỹ", "Ư", "ọ", "à.", "(1)", "é"})
    EXPECT_TRUE(HasLetterOrDigit(yes)) << yes;
  for (const char* no : {"", ".", ". . .", "—", "“”", "×", "…", "§", "!?", "·"})
    EXPECT_FALSE(HasLetterOrDigit(no)) << no;
}

TEST(OcrResultTest, WordConfidenceLeavesOutDots) {
  // Nine rows of dots at 0.95 and two words at 0.4: 0.85 over all, 0.4
  // over the words.
  std::vector<std::pair<std::string, float>> w(9, {". . . .", 0.95f});
  w.push_back({"Nguyễn", 0.4f});
  w.push_back({"1987", 0.4f});
  const OcrResult r = Reading(w);
  EXPECT_NEAR(r.mean_confidence, (9 * 0.95 + 0.8) / 11, 1e-6);
  EXPECT_NEAR(r.WordConfidence(), 0.4, 1e-6);
  EXPECT_NEAR(r.PageConfidence(), 0.4, 1e-6);
  EXPECT_LT(r.PageConfidence(), kUnreadablePageConfidence);
}

TEST(OcrResultTest, PageConfidenceIsTheLowerOfTheTwo) {
  // Dots read poorly on a page whose words read fairly: the mean decides.
  const OcrResult r = Reading({{"Họ", 0.7f}, {"tên", 0.7f}, {". .", 0.1f}, {"…", 0.1f}});
  EXPECT_NEAR(r.WordConfidence(), 0.7, 1e-6);
  EXPECT_NEAR(r.PageConfidence(), 0.4, 1e-6);
  // No word with a letter or digit: the mean over all words.
  const OcrResult dots = Reading({{". .", 0.9f}, {"—", 0.5f}});
  EXPECT_NEAR(dots.WordConfidence(), 0.7, 1e-6);
  EXPECT_NEAR(OcrResult().WordConfidence(), 0.0, 1e-9);
}

}  // namespace
}  // namespace hoso
