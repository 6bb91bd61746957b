// Enhance: a synthetic A4 page with a shadow gradient, a hard shadow, a
// yellow colour cast and sensor noise must come out as a clean scan: white,
// uniform paper; dark text in shadow and light alike; a red stamp still red
// in the display image; a gray display when there is no coloured ink.
#include "pipeline/enhance/enhance.h"

#include <chrono>
#include <cmath>

#include <gtest/gtest.h>
#include <opencv2/imgproc.hpp>

namespace hoso {
namespace {

struct Synthetic {
  cv::Mat page;       // BGR, as photographed
  cv::Mat text_mask;  // 255 where black text was printed
  cv::Mat stamp_mask; // 255 where the red stamp was printed
  cv::Mat paper_mask; // 255 on paper far from any ink
};

Synthetic MakePage(bool with_stamp) {
  const cv::Size size(2480, 3508);
  cv::Mat clean(size, CV_8UC3, cv::Scalar(250, 250, 250));
  cv::Mat text(size, CV_8UC1, cv::Scalar(0));
  for (int y = 300; y < 3300; y += 90) {
    cv::putText(text, "CONG HOA XA HOI CHU NGHIA 0123456789", cv::Point(200, y),
                cv::FONT_HERSHEY_SIMPLEX, 1.6, cv::Scalar(255), 4, cv::LINE_AA);
  }
  cv::rectangle(text, cv::Rect(150, 250, 2180, 3100), cv::Scalar(255), 3);
  cv::Mat text_bin = text > 128;
  clean.setTo(cv::Scalar(20, 20, 20), text_bin);
  cv::Mat stamp(size, CV_8UC1, cv::Scalar(0));
  if (with_stamp) {
    cv::circle(stamp, cv::Point(1800, 2900), 230, cv::Scalar(255), 14, cv::LINE_AA);
    cv::circle(stamp, cv::Point(1800, 2900), 170, cv::Scalar(255), 6, cv::LINE_AA);
    cv::putText(stamp, "UBND", cv::Point(1660, 2930), cv::FONT_HERSHEY_SIMPLEX, 2.5,
                cv::Scalar(255), 8, cv::LINE_AA);
    clean.setTo(cv::Scalar(40, 40, 210), stamp > 128);
  }
  // Lighting: horizontal gradient 0.5 -> 1.0, a hard shadow over the
  // bottom-left quarter (x 0.65), and a yellow cast (blue channel x 0.78).
  cv::Mat light(size, CV_32FC3);
  for (int y = 0; y < size.height; ++y) {
    auto* row = light.ptr<cv::Vec3f>(y);
    for (int x = 0; x < size.width; ++x) {
      float l = 0.5f + 0.5f * x / size.width;
      if (x < size.width / 2 && y > size.height * 3 / 4) l *= 0.65f;
      row[x] = cv::Vec3f(0.78f * l, 0.95f * l, 1.0f * l);
    }
  }
  cv::Mat f;
  clean.convertTo(f, CV_32FC3);
  f = f.mul(light);
  cv::Mat noise(size, CV_32FC3);
  cv::randn(noise, cv::Scalar::all(0), cv::Scalar::all(4));
  f += noise;
  Synthetic s;
  f.convertTo(s.page, CV_8UC3);
  s.text_mask = text > 200;
  s.stamp_mask = stamp > 200;
  cv::Mat ink = (text > 0) | (stamp > 0);
  cv::dilate(ink, ink, cv::getStructuringElement(cv::MORPH_RECT, cv::Size(25, 25)));
  s.paper_mask = ink == 0;
  // Keep away from the hard shadow's edges, where any estimator blurs.
  cv::rectangle(s.paper_mask, cv::Rect(size.width / 2 - 120, size.height * 3 / 4, 240, size.height / 4),
                cv::Scalar(0), cv::FILLED);
  cv::rectangle(s.paper_mask, cv::Rect(0, size.height * 3 / 4 - 120, size.width / 2 + 120, 240),
                cv::Scalar(0), cv::FILLED);
  return s;
}

cv::Mat Gray(const cv::Mat& m) {
  if (m.channels() == 1) return m;
  cv::Mat g;
  cv::cvtColor(m, g, cv::COLOR_BGR2GRAY);
  return g;
}

TEST(EnhanceTest, FlattensShadowAndCastKeepsTextDarkAndStampRed) {
  Synthetic s = MakePage(true);
  EnhanceResult r;
  Enhance(s.page, EnhanceOptions(), &r);
  ASSERT_EQ(r.display.size(), s.page.size());
  ASSERT_EQ(r.ocr.size(), s.page.size());
  ASSERT_EQ(r.ocr.type(), CV_8UC1);
  ASSERT_EQ(r.display.type(), CV_8UC3);  // the stamp is coloured

  // Paper: near white and uniform in both images, in light and shadow.
  for (const cv::Mat& img : {Gray(r.display), r.ocr}) {
    cv::Scalar mean, sd;
    cv::meanStdDev(img, mean, sd, s.paper_mask);
    EXPECT_GT(mean[0], 245.0);
    EXPECT_LT(sd[0], 8.0);
  }
  // No colour cast left on the paper.
  cv::Scalar paper = cv::mean(r.display, s.paper_mask);
  EXPECT_LT(std::abs(paper[0] - paper[2]), 4.0);
  EXPECT_LT(std::abs(paper[1] - paper[2]), 4.0);

  // Text: dark everywhere, including the darkest (shadowed) corner.
  cv::Mat shadowed = cv::Mat::zeros(s.page.size(), CV_8UC1);
  shadowed(cv::Rect(0, s.page.rows * 3 / 4, s.page.cols / 2, s.page.rows / 4)).setTo(255);
  EXPECT_LT(cv::mean(r.ocr, s.text_mask)[0], 70.0);
  EXPECT_LT(cv::mean(r.ocr, s.text_mask & shadowed)[0], 80.0);
  EXPECT_LT(cv::mean(Gray(r.display), s.text_mask & shadowed)[0], 80.0);

  // Stamp: clearly red in the display image.
  cv::Scalar stamp = cv::mean(r.display, s.stamp_mask);
  EXPECT_GT(stamp[2], stamp[1] + 80.0);
  EXPECT_GT(stamp[2], stamp[0] + 80.0);
}

TEST(EnhanceTest, PageWithoutColourInkGivesGrayDisplay) {
  Synthetic s = MakePage(false);
  EnhanceResult r;
  Enhance(s.page, EnhanceOptions(), &r);
  EXPECT_EQ(r.display.type(), CV_8UC1);
  EXPECT_GT(cv::mean(r.display, s.paper_mask)[0], 245.0);
}

TEST(EnhanceTest, KeepColourOffGivesGrayDisplay) {
  Synthetic s = MakePage(true);
  EnhanceOptions opt;
  opt.keep_colour = false;
  EnhanceResult r;
  Enhance(s.page, opt, &r);
  EXPECT_EQ(r.display.type(), CV_8UC1);
  // The stamp stays visible as gray ink.
  EXPECT_LT(cv::mean(r.display, s.stamp_mask)[0], 200.0);
}

// The question Geometry asks before warping: on a ~50 dpi copy of the
// page, under the same cast and shadows, the red stamp is colour and the
// black text is not.
TEST(EnhanceTest, PageHasColourInkOnSmallCopy) {
  for (bool stamp : {true, false}) {
    Synthetic s = MakePage(stamp);
    cv::Mat small;
    cv::resize(s.page, small, cv::Size(), 50.0 / 300, 50.0 / 300, cv::INTER_AREA);
    EXPECT_EQ(PageHasColourInk(small, 50), stamp);
  }
  EXPECT_FALSE(PageHasColourInk(cv::Mat(), 50));
  EXPECT_FALSE(PageHasColourInk(cv::Mat(40, 30, CV_8UC1, cv::Scalar(0)), 50));
}

TEST(EnhanceTest, AcceptsGrayInputAndEmptyInput) {
  Synthetic s = MakePage(false);
  EnhanceResult r;
  Enhance(Gray(s.page), EnhanceOptions(), &r);
  EXPECT_EQ(r.ocr.size(), s.page.size());
  EXPECT_LT(cv::mean(r.ocr, s.text_mask)[0], 80.0);
  EnhanceResult e;
  Enhance(cv::Mat(), EnhanceOptions(), &e);
  EXPECT_TRUE(e.display.empty());
  EXPECT_TRUE(e.ocr.empty());
}

// A photo taken in dim light: the page at ~40% of full scale with strong
// sensor noise.
cv::Mat DimNoisy(const cv::Mat& page) {
  cv::Mat f;
  page.convertTo(f, CV_32FC3, 0.4);
  cv::Mat noise(f.size(), CV_32FC3);
  cv::randn(noise, cv::Scalar::all(0), cv::Scalar::all(14));
  f += noise;
  cv::Mat dim;
  f.convertTo(dim, CV_8UC3);
  return dim;
}

// A photo taken in dim light (paper at ~40% of full scale, strong sensor
// noise): the levels stretch must not turn paper noise into dark speckle
// that Tesseract reads as marks, and the text must stay dark.
TEST(EnhanceTest, DimNoisyPageGivesCleanPaper) {
  Synthetic s = MakePage(false);
  const cv::Mat dim = DimNoisy(s.page);
  EnhanceResult r;
  Enhance(dim, EnhanceOptions(), &r);
  const double speckle = cv::countNonZero((r.ocr < 128) & s.paper_mask) /
                         static_cast<double>(cv::countNonZero(s.paper_mask));
  EXPECT_LT(speckle, 0.002);
  EXPECT_LT(cv::mean(r.ocr, s.text_mask)[0], 90.0);
  // Its grain is reported (the clean page's is not), and a wider smoothing
  // is a different image.
  EXPECT_GE(r.noise_level, 10);
  EnhanceResult clean;
  Enhance(s.page, EnhanceOptions(), &clean);
  EXPECT_LT(clean.noise_level, 10);
  EnhanceOptions wide;
  wide.denoise_sigma300 = 1.5;
  EnhanceResult smoothed;
  Enhance(dim, wide, &smoothed);
  EXPECT_GT(cv::norm(smoothed.ocr, r.ocr, cv::NORM_L1), 0.0);
}

// Cleaned of its grain by a median first (the retry of a grainy page), a
// dim, noisy page keeps its text dark and its paper as clean, in an image
// of its own.
TEST(EnhanceTest, GrainMedianCleansBeforeAnythingElse) {
  Synthetic s = MakePage(false);
  const cv::Mat dim = DimNoisy(s.page);
  EnhanceResult plain, cleaned;
  Enhance(dim, EnhanceOptions(), &plain);
  EnhanceOptions o;
  o.grain_median_mm = 0.6;
  Enhance(dim, o, &cleaned);
  EXPECT_GT(cv::norm(cleaned.ocr, plain.ocr, cv::NORM_L1), 0.0);
  auto speckle = [&](const cv::Mat& ocr) {
    return cv::countNonZero((ocr < 128) & s.paper_mask) / static_cast<double>(cv::countNonZero(s.paper_mask));
  };
  EXPECT_LE(speckle(cleaned.ocr), speckle(plain.ocr) + 1e-9);
  EXPECT_LT(cv::mean(cleaned.ocr, s.text_mask)[0], 90.0);
}

// The page a person sees of a grainy photo (the PDF's image) is cleaned of
// the grain's specks, and the text stays dark.
TEST(EnhanceTest, GrainyPageIsShownWithoutItsSpecks) {
  Synthetic s = MakePage(false);
  const cv::Mat dim = DimNoisy(s.page);
  EnhanceResult r;
  Enhance(dim, EnhanceOptions(), &r);
  ASSERT_GE(r.noise_level, 10);
  cv::Mat display = r.display;
  if (display.channels() == 3) cv::cvtColor(display, display, cv::COLOR_BGR2GRAY);
  // Speckle: what a 3 x 3 median would still change on the paper (little
  // on an image already cleaned by one).
  auto speckle = [&](const cv::Mat& img) {
    cv::Mat smooth, diff;
    cv::medianBlur(img, smooth, 3);
    cv::absdiff(img, smooth, diff);
    return cv::countNonZero((diff > 40) & s.paper_mask) / static_cast<double>(cv::countNonZero(s.paper_mask));
  };
  EXPECT_LT(speckle(display), 0.01);  // 0.09 without the median
  EXPECT_LT(cv::mean(display, s.text_mask)[0], 110.0);
}

// Undoing a smear multiplies a grainy page's grain; with the gain bounded
// (the retries' setting) the deconvolution is redone gentler until the
// grain is at most about twice the page's own.
TEST(EnhanceTest, BoundedNoiseGainUndoesASmearGently) {
  Synthetic s = MakePage(false);
  // At 200 dpi, as the pipeline reads pages.
  cv::resize(s.page, s.page, cv::Size(1654, 2339), 0, 0, cv::INTER_AREA);
  cv::resize(s.text_mask, s.text_mask, cv::Size(1654, 2339), 0, 0, cv::INTER_NEAREST);
  cv::Mat f;
  s.page.convertTo(f, CV_32FC3, 0.6);
  // A phone's grain: noise correlated over a pixel or two (demosaicing,
  // JPEG), which the deconvolution amplifies most.
  cv::Mat noise(f.size(), CV_32FC1);
  cv::randn(noise, cv::Scalar::all(0), cv::Scalar::all(14));
  cv::GaussianBlur(noise, noise, cv::Size(0, 0), 0.8);
  cv::Mat noise3;
  cv::merge(std::vector<cv::Mat>{noise, noise, noise}, noise3);
  f += noise3;
  cv::Mat grainy;
  f.convertTo(grainy, CV_8UC3);
  EnhanceResult plain, sharp, bounded;
  EnhanceOptions options;
  options.dpi = 200;
  Enhance(grainy, options, &plain);
  // A retry undoing a weak 7 px smear along x, as on q8080 d0029/1 (its
  // page's noise 6 before, 23 after).
  EnhanceOptions refocus = options;
  refocus.focus_sigma_px = 2.8;
  MotionBlur smear;
  smear.weak = true;
  smear.length_px = smear.profile_length_px = 7;
  refocus.blur = smear;
  Enhance(grainy, refocus, &sharp);
  refocus.bound_noise_gain = true;
  Enhance(grainy, refocus, &bounded);
  EXPECT_GT(sharp.noise_level, 2 * plain.noise_level + 4) << plain.noise_level;
  EXPECT_LT(bounded.noise_level, sharp.noise_level);
  EXPECT_LE(bounded.noise_level, 2 * plain.noise_level + 4) << plain.noise_level << " " << sharp.noise_level;
  EXPECT_LT(cv::mean(bounded.ocr, s.text_mask)[0], 90.0);
}

}  // namespace
}  // namespace hoso
