// Enhance: flatten uneven lighting and shadows, remove noise and colour
// casts, keep stamps and signatures legible. Produces one image for the PDF
// (readable by a person) and one tuned for OCR.
#ifndef HOSO_PIPELINE_ENHANCE_ENHANCE_H_
#define HOSO_PIPELINE_ENHANCE_ENHANCE_H_

#include <optional>

#include <opencv2/core.hpp>

#include "pipeline/enhance/deblur.h"

namespace hoso {

struct EnhanceOptions {
  double dpi = 300.0;
  bool keep_colour = true;  // keep coloured ink (stamps) in the display image
  // A second try at a page that read poorly (see EnhanceAndRead), when > 0:
  // a motion smear shown on weak evidence (MotionBlur::weak) is undone;
  // failing that, the page is taken to be evenly out of focus, by a
  // Gaussian of this sigma (pixels of `page`), and deconvolved. Either
  // before anything else.
  double focus_sigma_px = 0;
  // The page's smear estimate when an earlier Enhance of the same page made
  // it (EnhanceResult::blur): not made again.
  std::optional<MotionBlur> blur;
  // The page as an earlier Enhance of it undid `blur`'s smear
  // (EnhanceResult::deblurred and deblurred_alternative): used as they are,
  // not deconvolved again. Only with `blur` set to that Enhance's estimate.
  cv::Mat deblurred, deblurred_alternative;
  // The Gaussian (sigma in pixels at 300 dpi) that smooths a noisy page
  // (dim light, high ISO) before the levels stretch its noise into speckle.
  double denoise_sigma300 = 0.8;
  // When > 0, the grey page is first cleaned by a median this wide (mm,
  // rounded to an odd number of pixels, at least 3), before anything else
  // (a deconvolution multiplies a grainy page's specks; a Gaussian only
  // spreads them). For the retry of a grainy page (EnhanceAndRead).
  double grain_median_mm = 0;
  // Whether a deconvolution (motion smear or focus) that multiplies the
  // page's noise by more than about two is redone with a higher
  // noise-to-signal ratio (see kMaxNoiseGain in enhance.cc). Set for the
  // retries of poorly read pages, whose first reading's deconvolution is
  // kept as it was.
  bool bound_noise_gain = false;
};

struct EnhanceResult {
  cv::Mat display;  // 8-bit BGR or gray, same size as input: for the PDF
  cv::Mat ocr;      // 8-bit gray, same size as input: for Tesseract
  // A second image for Tesseract when the page was deblurred and the blur's
  // two estimates differ, else empty: the more confident reading of the two
  // is kept (ReadEnhancedPage in pipeline/flow/settings.h).
  cv::Mat ocr_alternative;
  // Whether a motion smear was found and undone, and the estimate made.
  bool motion_deblurred = false;
  MotionBlur blur;
  // When motion_deblurred: the grey page with the smear undone (by each of
  // the two estimates when they differ), before flattening.
  cv::Mat deblurred, deblurred_alternative;
  // The flattened page's noise before smoothing (see NoiseLevel in
  // enhance.cc): 0-4 on photos and scans, 13-22 on grainy ones.
  int noise_level = 0;
};

// A page whose noise_level is at least this is grainy (a hard photo shot in
// dim light at a high ISO): its display image is cleaned of the grain's
// specks (Enhance), and a poor reading of it is retried smoothed wider
// (EnhanceAndRead).
constexpr int kGrainyNoiseLevel = 10;

// Thread-safe (no shared state). `page` is the upright page from Geometry,
// BGR or gray (a gray page is cleaned on its one channel, with no colour
// work at all).
void Enhance(const cv::Mat& page, const EnhanceOptions& options, EnhanceResult* out);

// Whether a page carries coloured ink (stamps, coloured pen) worth keeping
// in the display image, judged on a small BGR copy of the upright page
// (`dpi` its resolution, ~40-80 dpi) once its paper is white-balanced.
// Enhance makes the same decision on a BGR page; Geometry asks this on its
// preview so that a page without colour is warped in gray only.
bool PageHasColourInk(const cv::Mat& small_bgr, double dpi);

}  // namespace hoso

#endif  // HOSO_PIPELINE_ENHANCE_ENHANCE_H_
