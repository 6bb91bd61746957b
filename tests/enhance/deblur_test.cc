// Motion blur: a synthetic page of text at 200 dpi, smeared along a line of
// known length and direction, must be found with that length and direction
// and sharpened back towards the original; a sharp page and a page blurred
// evenly (focus) must not be taken for a smeared one.
#include "pipeline/enhance/deblur.h"

#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <opencv2/imgproc.hpp>

namespace hoso {
namespace {

constexpr double kPi = 3.14159265358979323846;

// An A4 page at 200 dpi with lines of varied text, as a form prints it.
cv::Mat TextPage() {
  cv::Mat page(2339, 1654, CV_8UC1, cv::Scalar(235));
  const char* words[] = {"Ho, chu dem, ten", "NGUYEN VAN AN", "So dinh danh 042182212024", "Noi cu tru: thon 8,",
                         "xa Dong Loc, tinh Ha Tinh", "Ngay 18/03/1982", "Benh vien Da khoa", "Gioi tinh: Nam"};
  int i = 0;
  for (int y = 200; y < 2200; y += 52) {
    std::string line;
    for (int k = 0; k < 3; ++k) line += std::string(words[(i + k * 3) % 8]) + "  ";
    cv::putText(page, line, cv::Point(120 + (i % 3) * 20, y), cv::FONT_HERSHEY_SIMPLEX, 0.95, cv::Scalar(30), 2,
                cv::LINE_AA);
    ++i;
  }
  return page;
}

cv::Mat LineKernel(double length, double angle_deg) {
  const int k = static_cast<int>(std::ceil(length)) | 1;
  cv::Mat kernel = cv::Mat::zeros(k, k, CV_32F);
  const double a = angle_deg * kPi / 180.0, c = k / 2.0;
  const cv::Point2d d(std::cos(a) * length / 2, std::sin(a) * length / 2);
  cv::line(kernel, cv::Point2d(c - d.x, c - d.y), cv::Point2d(c + d.x, c + d.y), cv::Scalar(1.0), 1, cv::LINE_AA,
           0);
  kernel /= cv::sum(kernel)[0];
  return kernel;
}

cv::Mat WithNoise(const cv::Mat& page, double sigma) {
  cv::Mat noise(page.size(), CV_16S), out;
  cv::RNG rng(7);
  rng.fill(noise, cv::RNG::NORMAL, 0, sigma);
  cv::Mat wide;
  page.convertTo(wide, CV_16S);
  wide += noise;
  wide.convertTo(out, CV_8U);
  return out;
}

double AngleError(double a, double b) {
  const double d = std::fmod(std::abs(a - b), 180.0);
  return std::min(d, 180.0 - d);
}

// Pearson correlation of two 8-bit images' pixels.
double Correlation(const cv::Mat& a, const cv::Mat& b) {
  cv::Mat fa, fb;
  a.convertTo(fa, CV_64F);
  b.convertTo(fb, CV_64F);
  fa -= cv::mean(fa)[0];
  fb -= cv::mean(fb)[0];
  return fa.dot(fb) / std::sqrt(fa.dot(fa) * fb.dot(fb));
}

struct Smear {
  double length, angle;
};

class MotionBlurTest : public ::testing::TestWithParam<Smear> {};

TEST_P(MotionBlurTest, FindsTheSmearAndUndoesIt) {
  const Smear smear = GetParam();
  const cv::Mat sharp = TextPage();
  cv::Mat blurred;
  cv::filter2D(sharp, blurred, -1, LineKernel(smear.length, smear.angle), cv::Point(-1, -1), 0, cv::BORDER_REFLECT);
  blurred = WithNoise(blurred, 3.0);

  const MotionBlur found = EstimateMotionBlur(blurred, 200.0);
  ASSERT_TRUE(found.found) << "gain " << found.gain << " fit " << found.fit;
  EXPECT_NEAR(found.length_px, smear.length, 0.15 * smear.length + 1.0);
  // Direction within what moves the smear's ends by at most 1.5 px.
  EXPECT_LT(smear.length * std::sin(AngleError(found.angle_deg, smear.angle) * kPi / 180.0), 1.5) << found.angle_deg;

  std::vector<cv::Mat> outs;
  RemoveMotionBlur(blurred, found, 0.02, &outs);
  ASSERT_FALSE(outs.empty());
  const cv::Mat& restored = outs.front();
  ASSERT_EQ(restored.size(), blurred.size());
  ASSERT_EQ(restored.type(), CV_8UC1);
  // Closer to the sharp page than the smeared one is: at most 3/4 of the
  // smeared page's decorrelation from it is left (about half for smears
  // of 8 px and more; the short one's direction is known less exactly).
  const double before = 1.0 - Correlation(blurred, sharp), after = 1.0 - Correlation(restored, sharp);
  EXPECT_LT(after, 0.75 * before) << "1 - r: smeared " << before << ", restored " << after;
}

INSTANTIATE_TEST_SUITE_P(Smears, MotionBlurTest,
                         ::testing::Values(Smear{8, 0}, Smear{12, 90}, Smear{10, 35}, Smear{15, 140},
                                           Smear{6, 170}));

// The Wiener filter written out on the full complex spectrum, with the
// blur's transfer function `h(u, v)` (u, v in cycles per pixel) evaluated
// exactly: RemoveMotionBlur and RemoveFocusBlur (packed spectrum, tabulated
// gain) must give the same page to within a gray level, whether the
// transform sizes they pick are even or odd.
cv::Mat ReferenceWiener(const cv::Mat& gray, int pad, const std::function<double(double, double)>& h, double nsr) {
  cv::Mat padded, f, spectrum, out;
  cv::copyMakeBorder(gray, padded, pad, pad, pad, pad, cv::BORDER_REFLECT);
  const int W = cv::getOptimalDFTSize(padded.cols), H = cv::getOptimalDFTSize(padded.rows);
  cv::copyMakeBorder(padded, padded, 0, H - padded.rows, 0, W - padded.cols, cv::BORDER_REFLECT);
  padded.convertTo(f, CV_32F);
  cv::dft(f, spectrum, cv::DFT_COMPLEX_OUTPUT);
  for (int y = 0; y < H; ++y) {
    for (int x = 0; x < W; ++x) {
      const double t = h((x <= W / 2 ? x : x - W) / static_cast<double>(W), (y <= H / 2 ? y : y - H) / static_cast<double>(H));
      spectrum.at<cv::Vec2f>(y, x) *= static_cast<float>(t / (t * t + nsr));
    }
  }
  cv::dft(spectrum, f, cv::DFT_INVERSE | cv::DFT_REAL_OUTPUT | cv::DFT_SCALE);
  f(cv::Rect(pad, pad, gray.cols, gray.rows)).convertTo(out, CV_8U);
  return out;
}

// A centred line of `length` along `angle_deg`: sinc(L f.t).
std::function<double(double, double)> LineTransfer(double length, double angle_deg) {
  const double th = angle_deg * kPi / 180.0;
  return [=](double u, double v) {
    const double t = length * (u * std::cos(th) + v * std::sin(th));
    return std::abs(t) < 1e-9 ? 1.0 : std::sin(kPi * t) / (kPi * t);
  };
}

TEST(MotionBlur, DeconvolutionMatchesTheFullSpectrumFilter) {
  // With a 7.5 px smear the pad is 24 px: 177 + 48 = 225 = 3^2 5^2 is a
  // transform size of its own (odd), 208 + 48 = 256 (even).
  const cv::Mat page = TextPage()(cv::Rect(100, 150, 400, 400));
  for (const cv::Size size : {cv::Size(177, 208), cv::Size(208, 177)}) {
    for (double angle : {0.0, 35.0, 90.0, 140.0}) {
      cv::Mat blurred;
      cv::filter2D(page(cv::Rect(cv::Point(0, 0), size)), blurred, -1, LineKernel(7.5, angle), cv::Point(-1, -1), 0,
                   cv::BORDER_REFLECT);
      MotionBlur blur;
      blur.found = true;
      blur.length_px = blur.profile_length_px = 7.5;
      blur.angle_deg = blur.profile_angle_deg = angle;
      std::vector<cv::Mat> outs;
      RemoveMotionBlur(blurred, blur, 0.02, &outs);
      ASSERT_EQ(outs.size(), 1u);
      const cv::Mat ref = ReferenceWiener(blurred, static_cast<int>(std::ceil(7.5)) + 16, LineTransfer(7.5, angle), 0.02);
      cv::Mat diff;
      cv::absdiff(outs[0], ref, diff);
      double max_diff = 0;
      cv::minMaxLoc(diff, nullptr, &max_diff);
      EXPECT_LE(max_diff, 1.0) << size << " angle " << angle;
      // and the filter did something: it is not the smeared page back.
      cv::absdiff(outs[0], blurred, diff);
      EXPECT_GT(cv::mean(diff)[0], 1.0) << size << " angle " << angle;
    }
  }
}

// A sheet small in its photo (~100 dpi of detail) smeared there, then
// rectified to 200 dpi: read at 100 dpi its spectrum gives the smear, in
// the page's pixels (twice its length in the photo's).
TEST(MotionBlur, ReadAtTheSheetsOwnResolution) {
  cv::Mat low, smeared, page;
  cv::resize(TextPage(), low, cv::Size(), 0.5, 0.5, cv::INTER_AREA);
  cv::filter2D(low, smeared, -1, LineKernel(9, 30), cv::Point(-1, -1), 0, cv::BORDER_REFLECT);
  cv::resize(WithNoise(smeared, 3.0), page, cv::Size(1654, 2339), 0, 0, cv::INTER_LINEAR);
  const MotionBlur found = EstimateMotionBlur(page, 200.0, 100.0);
  ASSERT_TRUE(found.found) << "gain " << found.gain << " fit " << found.fit;
  EXPECT_NEAR(found.length_px, 18, 0.15 * 18 + 1.0);
  // Direction within what moves the smear's ends by 1.5 px of the photo's.
  EXPECT_LT(9 * std::sin(AngleError(found.angle_deg, 30) * kPi / 180.0), 1.5) << found.angle_deg;
}

// `page` as a sheet in shadow shows it: paper at 95, ink at 60.
cv::Mat InShadow(const cv::Mat& page) {
  cv::Mat out;
  page.convertTo(out, CV_8U, 35.0 / 205.0, 95.0 - 235.0 * 35.0 / 205.0);
  return out;
}

// A smeared sheet in shadow, its text tiles too faint for the usual
// measure of texture (a grey deviation of 15): those well above its blank
// paper's grain are read instead, and the smear is found.
TEST(MotionBlur, FoundOnAFaintPage) {
  cv::Mat blurred;
  cv::filter2D(InShadow(TextPage()), blurred, -1, LineKernel(12, 35), cv::Point(-1, -1), 0, cv::BORDER_REFLECT);
  blurred = WithNoise(blurred, 3.0);
  cv::Scalar mean, sd;
  cv::meanStdDev(blurred(cv::Rect(400, 800, 192, 192)), mean, sd);
  ASSERT_LT(sd[0], 15) << "the text must be faint";
  const MotionBlur found = EstimateMotionBlur(blurred, 200.0);
  ASSERT_TRUE(found.found) << "gain " << found.gain << " fit " << found.fit;
  EXPECT_NEAR(found.length_px, 12, 0.15 * 12 + 1.0);
  EXPECT_LT(12 * std::sin(AngleError(found.angle_deg, 35) * kPi / 180.0), 1.5) << found.angle_deg;
  // Faint and sharp, or blank paper in shadow: nothing.
  EXPECT_FALSE(EstimateMotionBlur(WithNoise(InShadow(TextPage()), 3.0), 200.0).found);
  EXPECT_FALSE(EstimateMotionBlur(WithNoise(cv::Mat(2339, 1654, CV_8UC1, cv::Scalar(95)), 3.0), 200.0).found);
}

TEST(MotionBlur, SharpPageIsNotSmeared) {
  EXPECT_FALSE(EstimateMotionBlur(WithNoise(TextPage(), 3.0), 200.0).found);
}

TEST(MotionBlur, FocusBlurIsNotSmeared) {
  cv::Mat blurred;
  cv::GaussianBlur(TextPage(), blurred, cv::Size(0, 0), 2.0);
  EXPECT_FALSE(EstimateMotionBlur(WithNoise(blurred, 3.0), 200.0).found);
}

TEST(MotionBlur, BlankOrTinyPageIsNotSmeared) {
  EXPECT_FALSE(EstimateMotionBlur(cv::Mat(2339, 1654, CV_8UC1, cv::Scalar(240)), 200.0).found);
  EXPECT_FALSE(EstimateMotionBlur(cv::Mat(50, 40, CV_8UC1, cv::Scalar(240)), 200.0).found);
  EXPECT_FALSE(EstimateMotionBlur(cv::Mat(), 200.0).found);
}

TEST(MotionBlur, FocusBlurIsNotEvenAWeakSmear) {
  cv::Mat blurred;
  cv::GaussianBlur(TextPage(), blurred, cv::Size(0, 0), 2.0);
  const MotionBlur b = EstimateMotionBlur(WithNoise(blurred, 3.0), 200.0);
  EXPECT_FALSE(b.weak) << "gain " << b.gain << " fit " << b.fit;
}

TEST(MotionBlur, FoundIsNeverWeak) {
  cv::Mat blurred;
  cv::filter2D(TextPage(), blurred, -1, LineKernel(12, 90), cv::Point(-1, -1), 0, cv::BORDER_REFLECT);
  const MotionBlur b = EstimateMotionBlur(WithNoise(blurred, 3.0), 200.0);
  EXPECT_TRUE(b.found);
  EXPECT_FALSE(b.weak);
}

// Focus: a page blurred evenly by a Gaussian and noised, as an out-of-focus
// phone photo, comes back closer to the sharp page, and the packed-spectrum
// filter is the Wiener filter of the Gaussian written out in full.
TEST(FocusBlur, UndoesAnEvenBlur) {
  const cv::Mat sharp = TextPage();
  cv::Mat blurred;
  cv::GaussianBlur(sharp, blurred, cv::Size(0, 0), 2.8);
  blurred = WithNoise(blurred, 3.0);
  cv::Mat restored;
  RemoveFocusBlur(blurred, 2.8, 0.05, &restored);
  ASSERT_EQ(restored.size(), blurred.size());
  ASSERT_EQ(restored.type(), CV_8UC1);
  const double before = 1.0 - Correlation(blurred, sharp), after = 1.0 - Correlation(restored, sharp);
  EXPECT_LT(after, 0.75 * before) << "1 - r: blurred " << before << ", restored " << after;
}

TEST(FocusBlur, DeconvolutionMatchesTheFullSpectrumFilter) {
  const cv::Mat page = TextPage()(cv::Rect(100, 150, 400, 400));
  const double sigma = 2.5, nsr = 0.05;
  for (const cv::Size size : {cv::Size(177, 208), cv::Size(208, 177)}) {
    const cv::Mat src = page(cv::Rect(cv::Point(0, 0), size));
    cv::Mat blurred, out;
    cv::GaussianBlur(src, blurred, cv::Size(0, 0), sigma, sigma, cv::BORDER_REFLECT);
    RemoveFocusBlur(blurred, sigma, nsr, &out);
    const cv::Mat ref = ReferenceWiener(blurred, static_cast<int>(std::ceil(4 * sigma)) + 16, [&](double u, double v) {
      return std::exp(-2 * kPi * kPi * sigma * sigma * (u * u + v * v));
    }, nsr);
    cv::Mat diff;
    cv::absdiff(out, ref, diff);
    double max_diff = 0;
    cv::minMaxLoc(diff, nullptr, &max_diff);
    EXPECT_LE(max_diff, 1.0) << size;
    cv::absdiff(out, blurred, diff);
    EXPECT_GT(cv::mean(diff)[0], 1.0) << size;
  }
}

}  // namespace
}  // namespace hoso
