// Enhance: background flattening by division, white balance from the paper,
// levels, and colour detection.
//
// The paper background is estimated at 1/8 resolution: a morphological
// closing (dilate = max, then erode) removes everything darker than the paper
// that is thinner than the kernel (text, table rules, stamp and signature
// strokes) while keeping large-scale shading, including the edges of hard
// shadows; a box blur then smooths it. Dividing the gray page by the gray
// background makes the paper 255, which removes the shading; a page with
// coloured ink is also divided channel by channel (white balance) for the
// display image. A noisy page (dim light) is smoothed lightly, then a levels
// curve clips paper noise to white and stretches the ink to black.
#include "pipeline/enhance/enhance.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include <opencv2/imgproc.hpp>

#include "pipeline/core/image.h"
#include "pipeline/enhance/deblur.h"

namespace hoso {

namespace {

// Background estimation works at 1/kBgScale of the 300 dpi page.
constexpr double kBgScale = 8.0;
// Closing kernel, in full-resolution pixels at 300 dpi (~6 mm): wider than a
// text line's stroke band at 1/8 scale, narrower than shadow structure.
constexpr double kCloseKernelPx300 = 72.0;
// Pages whose NoiseLevel is at least this are smoothed
// (EnhanceOptions::denoise_sigma300).
constexpr int kNoisyLevel = 3;
// Pixels whose chroma (max - min channel) after white balance stays below
// this are treated as neutral (ink fringes, noise) and made gray.
constexpr int kNeutralChroma = 48;
// A pixel of the 1/4-scale normalised page counts as coloured ink when its
// chroma exceeds this.
constexpr int kInkChroma = 64;
// Coloured ink present when at least this fraction of the 1/4-scale pixels
// is coloured (a 35 mm stamp ring alone is ~0.1%).
constexpr double kColourFraction = 0.0003;
// Noise-to-signal power ratio of the Wiener filter that undoes motion blur.
constexpr double kWienerNsr = 0.02;
// Noise-to-signal ratio of the focus deconvolution (EnhanceOptions::
// focus_sigma_px). Generated hard photos (k777, 28 pages, sigma 2.8 at 200
// dpi, each page's more confident reading of the two kept): mean CER 0.152
// at 0.01, 0.149 at 0.02, 0.146 at 0.05, from 0.177 without.
constexpr double kFocusNsr = 0.05;
// EnhanceOptions::bound_noise_gain: a deconvolved page whose NoiseLevel
// exceeds this many times the page's own (plus 2) has its noise-to-signal
// ratio raised kNsrStep-fold, at most kNsrSteps times. A dim photo's grain
// so multiplied breaks the strokes apart (q8080 d0029/1, its weak smear
// undone in the refocusing retry: noise 6 -> 23); with the ratio raised
// the page reads at CER 0.23 instead of 0.41.
// Generated hard photos, retries only (eval_ocr, q8080 r9191 w8686 t7373
// u5353 u6464 x9797): see bench/README.md, session 15. Raising it for the
// first reading's smear too helped two q8080 pages and hurt ten others.
constexpr double kMaxNoiseGain = 2.0;
constexpr double kNsrStep = 3.0;
constexpr int kNsrSteps = 2;

int OddAtLeast(double v, int lo) {
  int k = std::max(lo, static_cast<int>(std::lround(v)));
  return k | 1;
}

// Levels mapping [black, white] -> [0, 255], clipped. `gamma` < 1 darkens
// mid tones (thin strokes stay solid).
void BuildLevels(int black, int white, double gamma, cv::Mat* lut) {
  lut->create(1, 256, CV_8U);
  uint8_t* p = lut->ptr<uint8_t>();
  const double span = std::max(1, white - black);
  for (int v = 0; v < 256; ++v) {
    double t = (v - black) / span;
    t = std::clamp(t, 0.0, 1.0);
    p[v] = cv::saturate_cast<uint8_t>(255.0 * std::pow(t, 1.0 / gamma));
  }
}

// The image for Tesseract from a flattened page: `black` to 0, paper
// (>= ~91% of the background) to white, linear between.
cv::Mat OcrLevels(const cv::Mat& flat, int black) {
  cv::Mat lut, out;
  BuildLevels(black, 232, 1.0, &lut);
  cv::LUT(flat, lut, out);
  return out;
}

// Ink black point from the histogram of the normalised gray page: the value
// below which 0.3% of the (sub-sampled) pixels lie, clamped so that a blank
// or faint page is not stretched into noise.
int InkBlackPoint(const cv::Mat& gray) {
  std::array<int64_t, 256> hist{};
  int64_t n = 0;
  for (int y = 0; y < gray.rows; y += 4) {
    const uint8_t* row = gray.ptr<uint8_t>(y);
    for (int x = 0; x < gray.cols; x += 2) {
      ++hist[row[x]];
      ++n;
    }
  }
  const int64_t target = std::max<int64_t>(1, n * 3 / 1000);
  int64_t acc = 0;
  int v = 0;
  for (; v < 255; ++v) {
    acc += hist[v];
    if (acc >= target) break;
  }
  return std::clamp(v, 0, 110);
}

// Sensor/JPEG noise of the flattened gray page: the median over sampled
// pixels of |2 g(x) - g(x-1) - g(x+1)| (most pixels are paper, so text edges
// do not move the median).
int NoiseLevel(const cv::Mat& gray) {
  std::array<int64_t, 512> hist{};
  int64_t n = 0;
  for (int y = 0; y < gray.rows; y += 8) {
    const uint8_t* row = gray.ptr<uint8_t>(y);
    for (int x = 1; x + 1 < gray.cols; x += 3) {
      ++hist[std::abs(2 * row[x] - row[x - 1] - row[x + 1])];
      ++n;
    }
  }
  int64_t acc = 0;
  for (int v = 0; v < 512; ++v) {
    acc += hist[v];
    if (acc * 2 >= n) return v;
  }
  return 0;
}

// True when the white-balanced page, given at 1/4 scale (so that colour
// fringes around black text from phone demosaicing and JPEG chroma
// subsampling average out), carries coloured ink (stamps, coloured pen).
bool HasColourInk(const cv::Mat& small) {
  int64_t coloured = 0;
  for (int y = 0; y < small.rows; ++y) {
    const uint8_t* p = small.ptr<uint8_t>(y);
    for (int x = 0; x < small.cols; ++x, p += 3) {
      const int mx = std::max({p[0], p[1], p[2]});
      const int mn = std::min({p[0], p[1], p[2]});
      if (mx - mn > kInkChroma && mx > 90) ++coloured;
    }
  }
  return coloured >= kColourFraction * static_cast<double>(small.total());
}

// Neutral pixels (chroma below kNeutralChroma) become gray in place, so the
// page looks like a clean scan with only the coloured ink kept.
void NeutraliseFringes(cv::Mat* bgr, const cv::Mat& gray) {
  for (int y = 0; y < bgr->rows; ++y) {
    uint8_t* p = bgr->ptr<uint8_t>(y);
    const uint8_t* g = gray.ptr<uint8_t>(y);
    for (int x = 0; x < bgr->cols; ++x, p += 3) {
      const int mx = std::max({p[0], p[1], p[2]});
      const int mn = std::min({p[0], p[1], p[2]});
      if (mx - mn < kNeutralChroma) p[0] = p[1] = p[2] = g[x];
    }
  }
}

// The paper background of `small` (any channel count): a closing by a
// kernel wider than strokes, then a box blur, floored at 48 so that a page
// of ink is never brightened more than ~5x. `full_px_per_small` converts
// the kernel from page pixels at `dpi`.
cv::Mat PaperBackground(const cv::Mat& small, double dpi, double small_px_per_full) {
  const int k = OddAtLeast(kCloseKernelPx300 * (dpi / 300.0) * small_px_per_full, 3);
  const cv::Mat kernel = cv::getStructuringElement(cv::MORPH_RECT, cv::Size(k, k));
  cv::Mat bg;
  cv::morphologyEx(small, bg, cv::MORPH_CLOSE, kernel, cv::Point(-1, -1), 1, cv::BORDER_REPLICATE);
  cv::blur(bg, bg, cv::Size(k, k), cv::Point(-1, -1), cv::BORDER_REPLICATE);
  cv::max(bg, cv::Scalar::all(48), bg);
  return bg;
}

// Calls `deconvolve(nsr)` (which deconvolves `ink` and returns the result)
// at `nsr`, and again with the ratio raised while `bound` and the result's
// noise is past kMaxNoiseGain times `ink`'s. The caller keeps the last.
template <class Deconvolve>
void DeconvolveBounded(const cv::Mat& ink, double nsr, bool bound, Deconvolve deconvolve) {
  cv::Mat sharp = deconvolve(nsr);
  if (!bound) return;
  const int before = NoiseLevel(ink);
  for (int step = 0; step < kNsrSteps && NoiseLevel(sharp) > kMaxNoiseGain * before + 2; ++step) {
    nsr *= kNsrStep;
    sharp = deconvolve(nsr);
  }
}

}  // namespace

bool PageHasColourInk(const cv::Mat& small_bgr, double dpi) {
  if (small_bgr.empty() || small_bgr.type() != CV_8UC3) return false;
  cv::Mat norm;
  cv::divide(small_bgr, PaperBackground(small_bgr, dpi, 1.0), norm, 255.0);
  return HasColourInk(norm);
}

void Enhance(const cv::Mat& page, const EnhanceOptions& options, EnhanceResult* out) {
  *out = EnhanceResult();
  if (page.empty()) return;
  // A gray page (from Geometry when the page has no colour, or a gray
  // scan) is worked on its one channel; other pages as 8-bit BGR.
  cv::Mat src = page;
  if (src.channels() == 4) cv::cvtColor(page, src, cv::COLOR_BGRA2BGR);
  if (src.channels() == 2) cv::extractChannel(page, src, 0);
  if (src.depth() != CV_8U) src.convertTo(src, CV_8U);
  const bool bgr_in = src.channels() == 3;
  const double dpi = options.dpi > 0 ? options.dpi : 300.0;
  const double scale = (dpi / 300.0) / kBgScale;  // full -> small
  const cv::Size small_size = ScaledSize(src.size(), scale, 8);

  // 1. Paper background at low resolution.
  const cv::Mat small = ShrinkArea(src, small_size, cv::INTER_AREA);
  const cv::Mat bg_small = PaperBackground(small, dpi, static_cast<double>(small_size.width) / src.cols);

  // 2. Flatten: the gray page divided by the gray background (paper ->
  // 255). Colour is looked at only at 1/4 scale; the full-resolution colour
  // division is done only for a page that carries coloured ink.
  cv::Mat gray, bg_gray_small = bg_small, bg_gray;
  if (bgr_in) {
    cv::cvtColor(src, gray, cv::COLOR_BGR2GRAY);
    cv::cvtColor(bg_small, bg_gray_small, cv::COLOR_BGR2GRAY);
  }
  // A page smeared by the phone's motion (or, when asked, out of focus) is
  // deblurred before anything else: the blur happened to the light as it
  // fell, before any of our steps.
  // When the spectrum's two estimates of the smear differ, the page is
  // deblurred with each; OCR reads both and keeps the more confident.
  cv::Mat ink = bgr_in ? gray : src, other;
  if (options.grain_median_mm > 0) {
    const int k = std::max(3, 2 * static_cast<int>(options.grain_median_mm * dpi / 25.4 / 2) + 1);
    cv::Mat cleaned;
    cv::medianBlur(ink, cleaned, k);
    ink = cleaned;
  }
  const MotionBlur blur = options.blur ? *options.blur : EstimateMotionBlur(ink, dpi);
  out->blur = blur;
  if (blur.found || (blur.weak && options.focus_sigma_px > 0)) {
    if (!options.deblurred.empty()) {
      ink = options.deblurred;
      other = options.deblurred_alternative;
    } else {
      std::vector<cv::Mat> sharp;
      DeconvolveBounded(ink, kWienerNsr, options.bound_noise_gain, [&](double nsr) {
        sharp.clear();
        RemoveMotionBlur(ink, blur, nsr, &sharp);
        return sharp[0];
      });
      ink = sharp[0];
      if (sharp.size() > 1) other = sharp[1];
    }
    out->motion_deblurred = true;
    out->deblurred = ink;
    out->deblurred_alternative = other;
  } else if (options.focus_sigma_px > 0) {
    cv::Mat sharp;
    DeconvolveBounded(ink, kFocusNsr, options.bound_noise_gain, [&](double nsr) {
      RemoveFocusBlur(ink, options.focus_sigma_px, nsr, &sharp);
      return sharp;
    });
    ink = sharp;
  }
  cv::resize(bg_gray_small, bg_gray, src.size(), 0, 0, cv::INTER_LINEAR);
  // 3. Levels. Paper (>= ~88% of the background) clips to white; the ink's
  // black point maps to 0.
  // Noisy pages (dim light, high ISO): smooth before the levels stretch the
  // noise into speckle that breaks strokes apart.
  auto flatten = [&](const cv::Mat& page, cv::Mat* flat) {
    cv::divide(page, bg_gray, *flat, 255.0);
    const int noise = NoiseLevel(*flat);
    if (noise >= kNoisyLevel && options.denoise_sigma300 > 0) {
      cv::GaussianBlur(*flat, *flat, cv::Size(0, 0), options.denoise_sigma300 * dpi / 300.0);
    }
    return noise;
  };
  out->noise_level = flatten(ink, &gray);
  if (!other.empty()) {
    cv::Mat flat;
    flatten(other, &flat);
    other.release();
    out->ocr_alternative = OcrLevels(flat, InkBlackPoint(flat));
  }
  bg_gray.release();

  const int black = InkBlackPoint(gray);
  out->ocr = OcrLevels(gray, black);
  cv::Mat lut_display;
  BuildLevels(black, 225, 0.9, &lut_display);

  bool colour = false;
  if (options.keep_colour && bgr_in) {
    cv::Mat bg_quarter;
    cv::Mat quarter = ShrinkArea(src, cv::Size(std::max(1, src.cols / 4), std::max(1, src.rows / 4)), cv::INTER_AREA);
    cv::resize(bg_small, bg_quarter, quarter.size(), 0, 0, cv::INTER_LINEAR);
    cv::divide(quarter, bg_quarter, quarter, 255.0);
    colour = HasColourInk(quarter);
  }
  if (colour) {
    // White-balance each channel by its own background.
    cv::Mat bg, norm;
    cv::resize(bg_small, bg, src.size(), 0, 0, cv::INTER_LINEAR);
    cv::divide(src, bg, norm, 255.0);
    bg.release();
    cv::LUT(norm, lut_display, out->display);
    cv::Mat gray_display;
    cv::LUT(gray, lut_display, gray_display);
    NeutraliseFringes(&out->display, gray_display);
  } else {
    cv::LUT(gray, lut_display, out->display);
  }
  // A grainy page (dim light, high ISO) shows its grain as specks all over
  // the paper once levelled: the page a person sees is cleaned of them by a
  // 3 x 3 median. (OCR keeps its own image: a median costs Tesseract thin
  // strokes and marks.)
  if (out->noise_level >= kGrainyNoiseLevel) cv::medianBlur(out->display, out->display, 3);
}

}  // namespace hoso
