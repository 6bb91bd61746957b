// JPEG through libjpeg directly: the same bytes and pixels as OpenCV's
// imgcodecs, which the library no longer links.
#include "pipeline/core/jpeg.h"

#include <gtest/gtest.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

namespace hoso {
namespace {

cv::Mat Page(int type) {
  cv::Mat m(301, 213, CV_8UC3, cv::Scalar(250, 248, 245));
  cv::RNG rng(11);
  for (int i = 0; i < 40; ++i)
    cv::putText(m, "Ho so", cv::Point(rng.uniform(0, 180), rng.uniform(10, 300)), cv::FONT_HERSHEY_SIMPLEX, 0.5,
                cv::Scalar(rng.uniform(0, 120), rng.uniform(0, 120), rng.uniform(0, 255)));
  if (type == CV_8UC1) cv::cvtColor(m, m, cv::COLOR_BGR2GRAY);
  return m;
}

// The page images of the PDFs: byte for byte what cv::imencode writes with
// the same quality and no optimised tables, grey and colour, at qualities
// the writer uses and others.
TEST(JpegTest, EncodesAsImencodeDoes) {
  for (int type : {CV_8UC1, CV_8UC3}) {
    for (int quality : {40, 70, 95}) {
      SCOPED_TRACE(::testing::Message() << "channels " << CV_MAT_CN(type) << " quality " << quality);
      const cv::Mat page = Page(type);
      std::string ours;
      ASSERT_TRUE(EncodeJpeg(page, quality, &ours));
      std::vector<uchar> theirs;
      ASSERT_TRUE(cv::imencode(".jpg", page, theirs, {cv::IMWRITE_JPEG_QUALITY, quality, cv::IMWRITE_JPEG_OPTIMIZE, 0}));
      ASSERT_EQ(ours.size(), theirs.size());
      EXPECT_EQ(ours, std::string(theirs.begin(), theirs.end()));
      // And a picture of more than one 64 KiB output buffer.
      cv::Mat big;
      cv::resize(page, big, cv::Size(), 4, 4, cv::INTER_NEAREST);
      cv::RNG rng(3);
      cv::Mat noise(big.size(), big.type());
      rng.fill(noise, cv::RNG::UNIFORM, 0, 40);
      big -= noise;
      ASSERT_TRUE(EncodeJpeg(big, quality, &ours));
      ASSERT_GT(ours.size(), 1u << 16);
      ASSERT_TRUE(cv::imencode(".jpg", big, theirs, {cv::IMWRITE_JPEG_QUALITY, quality, cv::IMWRITE_JPEG_OPTIMIZE, 0}));
      ASSERT_EQ(ours.size(), theirs.size());
      EXPECT_EQ(ours, std::string(theirs.begin(), theirs.end()));
    }
  }
}

TEST(JpegTest, RoundTripsAndRefusesWhatItCannotEncode) {
  const cv::Mat page = Page(CV_8UC3);
  std::string bytes;
  ASSERT_TRUE(EncodeJpeg(page, 90, &bytes));
  cv::Mat back;
  ASSERT_TRUE(DecodeJpeg(bytes, &back));
  ASSERT_EQ(back.size(), page.size());
  ASSERT_EQ(back.type(), CV_8UC3);
  EXPECT_LT(cv::norm(back, page, cv::NORM_L1) / static_cast<double>(page.total() * 3), 4.0);
  // Four channels, 16 bits, nothing: refused, nothing written.
  cv::Mat bgra, deep;
  cv::cvtColor(page, bgra, cv::COLOR_BGR2BGRA);
  page.convertTo(deep, CV_16UC3);
  for (const cv::Mat& m : {bgra, deep, cv::Mat()}) {
    EXPECT_FALSE(EncodeJpeg(m, 90, &bytes));
    EXPECT_TRUE(bytes.empty());
  }
  // Not a JPEG, and a JPEG cut in its header: false, the image released.
  EXPECT_FALSE(DecodeJpeg("not a jpeg", &back));
  EXPECT_TRUE(back.empty());
  ASSERT_TRUE(EncodeJpeg(page, 90, &bytes));
  EXPECT_FALSE(DecodeJpeg(bytes.substr(0, 100), &back));
  EXPECT_TRUE(back.empty());
}

}  // namespace
}  // namespace hoso
