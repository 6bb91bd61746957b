// ReadEnhancedPage: the pipeline reads Enhance's second image only when
// there is one, keeps the more confident reading, and counts the CPU of
// both readings.
#include <gtest/gtest.h>

#include "pipeline/flow/settings.h"

namespace hoso {
namespace {

// An engine whose reading of an image has the confidence written in its
// first pixel (in hundredths) and costs 10 ms.
class FakeEngine : public OcrEngine {
 public:
  Status Recognize(const cv::Mat& gray, int, OcrResult* out) override {
    ++calls;
    *out = OcrResult();
    out->mean_confidence = gray.at<uint8_t>(0, 0) / 100.f;
    out->recognition_cpu_ms = 10;
    return Status::Ok();
  }
  int calls = 0;
};

EnhanceResult Page(int first_conf, int second_conf) {
  EnhanceResult e;
  e.ocr = cv::Mat(8, 8, CV_8UC1, cv::Scalar(first_conf));
  if (second_conf >= 0) e.ocr_alternative = cv::Mat(8, 8, CV_8UC1, cv::Scalar(second_conf));
  return e;
}

TEST(ReadEnhancedPage, OneImageIsReadOnce) {
  FakeEngine engine;
  OcrResult r;
  ASSERT_TRUE(ReadEnhancedPage(&engine, Page(70, -1), 200, &r).ok());
  EXPECT_EQ(engine.calls, 1);
  EXPECT_FLOAT_EQ(r.mean_confidence, 0.70f);
  EXPECT_DOUBLE_EQ(r.recognition_cpu_ms, 10);
}

TEST(ReadEnhancedPage, KeepsTheMoreConfidentReading) {
  FakeEngine engine;
  OcrResult r;
  ASSERT_TRUE(ReadEnhancedPage(&engine, Page(60, 80), 200, &r).ok());
  EXPECT_EQ(engine.calls, 2);
  EXPECT_FLOAT_EQ(r.mean_confidence, 0.80f);
  EXPECT_DOUBLE_EQ(r.recognition_cpu_ms, 20);

  ASSERT_TRUE(ReadEnhancedPage(&engine, Page(85, 50), 200, &r).ok());
  EXPECT_FLOAT_EQ(r.mean_confidence, 0.85f);
  EXPECT_DOUBLE_EQ(r.recognition_cpu_ms, 20);
}

}  // namespace
}  // namespace hoso
