// Shared image operations.
#include "pipeline/core/image.h"

#include <gtest/gtest.h>
#include <opencv2/imgproc.hpp>

namespace hoso {
namespace {

// A 0/255 mask up to 90 x 90 of random density, with some long horizontal
// and vertical runs, touching the borders or not.
cv::Mat RandomMaskWithRuns(cv::RNG& rng) {
  const int w = 1 + rng.uniform(0, 90), h = 1 + rng.uniform(0, 90);
  cv::Mat noise(h, w, CV_8UC1);
  rng.fill(noise, cv::RNG::UNIFORM, 0, 100);
  cv::Mat bin = noise < rng.uniform(5, 97);
  for (int k = 0; k < 4; ++k) {
    int y = rng.uniform(0, h), x0 = rng.uniform(0, w), x1 = rng.uniform(0, w);
    cv::line(bin, cv::Point(std::min(x0, x1), y), cv::Point(std::max(x0, x1), y), 255);
    int x = rng.uniform(0, w), y0 = rng.uniform(0, h), y1 = rng.uniform(0, h);
    cv::line(bin, cv::Point(x, std::min(y0, y1)), cv::Point(x, std::max(y0, y1)), 255);
  }
  return bin;
}

// The one-pass line opening must equal OpenCV's, borders included, for odd
// and even lengths, both directions, sparse and dense images.
TEST(OpenLineTest, MatchesMorphologyEx) {
  cv::RNG rng(7);
  for (int trial = 0; trial < 40; ++trial) {
    const cv::Mat bin = RandomMaskWithRuns(rng);
    const int w = bin.cols, h = bin.rows;
    for (bool horizontal : {true, false}) {
      const int len = 1 + rng.uniform(0, 40);
      cv::Mat want;
      cv::morphologyEx(bin, want, cv::MORPH_OPEN,
                       cv::getStructuringElement(cv::MORPH_RECT, horizontal ? cv::Size(len, 1) : cv::Size(1, len)));
      cv::Mat got = OpenLine(bin, len, horizontal);
      ASSERT_EQ(cv::countNonZero(want != got), 0)
          << w << "x" << h << " len " << len << (horizontal ? " horizontal" : " vertical");
    }
  }
}

// RemoveLines and RowCountsOutsideLines equal the compositions they stand
// for (0/255 images), for lengths from 1 to longer than the image and with
// a direction left out.
TEST(RemoveLinesTest, MatchesOpenLineComposition) {
  cv::RNG rng(11);
  for (int trial = 0; trial < 40; ++trial) {
    const cv::Mat bin = RandomMaskWithRuns(rng);
    const int w = bin.cols, h = bin.rows;
    const int hl = rng.uniform(0, 50), vl = rng.uniform(0, 50);
    cv::Mat want = bin.clone();
    if (hl > 0) cv::subtract(want, OpenLine(bin, hl, true), want);
    if (vl > 0) cv::subtract(want, OpenLine(bin, vl, false), want);
    const cv::Mat got = RemoveLines(bin, hl, vl);
    ASSERT_EQ(cv::countNonZero(want != got), 0) << w << "x" << h << " lengths " << hl << ", " << vl;

    const int len = 1 + rng.uniform(0, 50);
    cv::Mat text, sums;
    cv::subtract(bin, OpenLine(bin, len, true), text);
    cv::reduce(text, sums, 1, cv::REDUCE_SUM, CV_32S);
    const std::vector<int> counts = RowCountsOutsideLines(bin, len);
    ASSERT_EQ(counts.size(), static_cast<size_t>(h));
    for (int y = 0; y < h; ++y) ASSERT_EQ(counts[y], sums.at<int>(y) / 255) << "row " << y << " length " << len;
  }
}

// OpenBinary equals OpenCV's opening for the kernels the sheet search uses
// and others, at the borders too, on sparse and dense masks; a kernel that
// is not made of centred rows (even size) still gives OpenCV's result.
TEST(OpenBinaryTest, MatchesMorphologyEx) {
  cv::RNG rng(5);
  std::vector<cv::Mat> kernels;
  for (int k : {1, 3, 5, 9, 21, 25}) {
    kernels.push_back(cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(k, k)));
    kernels.push_back(cv::getStructuringElement(cv::MORPH_RECT, cv::Size(k, k)));
  }
  kernels.push_back(cv::getStructuringElement(cv::MORPH_CROSS, cv::Size(7, 7)));
  kernels.push_back(cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(15, 7)));
  kernels.push_back(cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(8, 8)));  // even: OpenCV's
  for (int trial = 0; trial < 30; ++trial) {
    const int w = 1 + rng.uniform(0, 120), h = 1 + rng.uniform(0, 120);
    cv::Mat noise(h, w, CV_8UC1);
    rng.fill(noise, cv::RNG::UNIFORM, 0, 255);
    cv::GaussianBlur(noise, noise, cv::Size(0, 0), rng.uniform(0.5, 6.0));
    const cv::Mat bin = noise > rng.uniform(100, 156);
    for (const cv::Mat& kernel : kernels) {
      cv::Mat want;
      cv::morphologyEx(bin, want, cv::MORPH_OPEN, kernel);
      const cv::Mat got = OpenBinary(bin, kernel);
      ASSERT_EQ(cv::countNonZero(want != got), 0) << w << "x" << h << " kernel " << kernel.cols << "x" << kernel.rows;
    }
  }
}

// The page warp must equal OpenCV's pixel for pixel: perspective and
// near-affine maps, page-sized and tiny outputs (OpenCV's block shape
// changes below 16 rows), corners mapped outside the source (replicated
// border), a region of a larger image, colour (left to OpenCV).
// A smooth random image to warp, sw x sh, gray or colour; a region of a
// larger image or one of its own.
cv::Mat WarpSource(cv::RNG* rng, int sw, int sh, bool colour, bool region) {
  cv::Mat parent(sh + 6, sw + 5, colour ? CV_8UC3 : CV_8UC1);
  rng->fill(parent, cv::RNG::UNIFORM, 0, 256);
  cv::GaussianBlur(parent, parent, cv::Size(0, 0), rng->uniform(0.3, 3.0));
  return region ? parent(cv::Rect(2, 3, sw, sh)) : parent(cv::Rect(0, 0, sw, sh)).clone();
}

// Both sampling kernels (AVX-512 permutes where the CPU has them, AVX2
// gathers) are run on every case.
class WarpKernels : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    if (!GetParam() && !image_internal::WarpHasPermutes()) GTEST_SKIP() << "no AVX512-VBMI here";
    image_internal::UseWarpGathersOnly(GetParam());
  }
  void TearDown() override { image_internal::UseWarpGathersOnly(false); }
};
INSTANTIATE_TEST_SUITE_P(Kernels, WarpKernels, ::testing::Values(false, true),
                         [](const ::testing::TestParamInfo<bool>& i) { return i.param ? "Gathers" : "Best"; });

TEST_P(WarpKernels, PerspectiveMatchesWarpPerspective) {
  cv::RNG rng(11);
  for (int trial = 0; trial < 60; ++trial) {
    const int sw = 2 + rng.uniform(0, 400), sh = 4 + rng.uniform(0, 400);
    const cv::Mat src = WarpSource(&rng, sw, sh, trial % 10 == 9, trial % 3 == 0);
    const cv::Size size(1 + rng.uniform(0, 300), 1 + rng.uniform(0, trial % 4 == 0 ? 20 : 300));
    auto jitter = [&](float x, float y) {
      const float s = trial % 5 == 0 ? 0.6f : 0.15f;
      return cv::Point2f(x + rng.uniform(-s, s) * sw, y + rng.uniform(-s, s) * sh);
    };
    const std::vector<cv::Point2f> from = {jitter(0, 0), jitter(static_cast<float>(sw), 0),
                                           jitter(static_cast<float>(sw), static_cast<float>(sh)),
                                           jitter(0, static_cast<float>(sh))};
    const std::vector<cv::Point2f> to = {{0, 0},
                                         {static_cast<float>(size.width), 0},
                                         {static_cast<float>(size.width), static_cast<float>(size.height)},
                                         {0, static_cast<float>(size.height)}};
    const cv::Matx33d m(cv::getPerspectiveTransform(from, to));
    cv::Mat want, got;
    cv::warpPerspective(src, want, cv::Mat(m), size, cv::INTER_LINEAR, cv::BORDER_REPLICATE);
    WarpPerspectiveLinear(src, m, size, &got);
    ASSERT_EQ(got.type(), want.type());
    ASSERT_EQ(got.size(), want.size());
    ASSERT_EQ(cv::countNonZero(want.reshape(1) != got.reshape(1)), 0)
        << "trial " << trial << " " << sw << "x" << sh << " -> " << size;
  }
}

// The deskew of a scan (bilinear) and of the orientation's text mask
// (nearest): small turns about the centre, scaled or not, the constant
// border where the corners leave the source; odd sizes and regions of
// larger images; large turns and a colour image too.
TEST_P(WarpKernels, AffineMatchesWarpAffine) {
  cv::RNG rng(12);
  for (int trial = 0; trial < 90; ++trial) {
    const int sw = 2 + rng.uniform(0, 500), sh = 4 + rng.uniform(0, 500);
    const cv::Mat src = WarpSource(&rng, sw, sh, trial % 15 == 14, trial % 3 == 0);
    const cv::Size size = trial % 4 == 0 ? cv::Size(1 + rng.uniform(0, 300), 1 + rng.uniform(0, 300)) : src.size();
    const double angle = trial % 7 == 6 ? rng.uniform(-180.0, 180.0) : rng.uniform(-3.0, 3.0);
    const double scale = trial % 5 == 4 ? rng.uniform(0.5, 1.6) : 1.0;
    const cv::Matx23d m(cv::getRotationMatrix2D(cv::Point2f(size.width / 2.f, size.height / 2.f), angle, scale));
    const uchar border = trial % 2 ? 255 : static_cast<uchar>(rng.uniform(0, 256));
    const int interpolation = trial % 3 == 1 ? cv::INTER_NEAREST : cv::INTER_LINEAR;
    cv::Mat want, got;
    cv::warpAffine(src, want, cv::Mat(m), size, interpolation, cv::BORDER_CONSTANT, cv::Scalar::all(border));
    WarpAffine(src, m, size, interpolation, border, &got);
    ASSERT_EQ(got.type(), want.type());
    ASSERT_EQ(got.size(), want.size());
    ASSERT_EQ(cv::countNonZero(want.reshape(1) != got.reshape(1)), 0)
        << "trial " << trial << " " << sw << "x" << sh << " -> " << size << " angle " << angle;
  }
}

// The motion-blur spectrum's tiles (192 -> 128) and other sizes, regions of
// larger images, extreme and random pixels.
TEST(ShrinkTwoThirdsTest, MatchesResizeArea) {
  cv::RNG rng(13);
  for (int trial = 0; trial < 40; ++trial) {
    const int w = trial == 0 ? 192 : 3 * (1 + rng.uniform(0, 90)), h = trial == 0 ? 192 : 3 * (1 + rng.uniform(0, 90));
    cv::Mat parent(h + 4, w + 7, CV_8UC1);
    if (trial % 4 == 1) {
      rng.fill(parent, cv::RNG::UNIFORM, 0, 2);
      parent *= 255;
    } else {
      rng.fill(parent, cv::RNG::UNIFORM, 0, 256);
      if (trial % 2) cv::GaussianBlur(parent, parent, cv::Size(0, 0), rng.uniform(0.3, 2.0));
    }
    const cv::Mat src = parent(cv::Rect(trial % 3, 1, w, h));
    cv::Mat want, got;
    cv::resize(src, want, cv::Size(w / 3 * 2, h / 3 * 2), 0, 0, cv::INTER_AREA);
    ShrinkTwoThirds(src, &got);
    ASSERT_EQ(got.size(), want.size());
    ASSERT_EQ(cv::countNonZero(want != got), 0) << "trial " << trial << " " << w << "x" << h;
  }
}

}  // namespace
}  // namespace hoso
