// Motion blur: a phone moved while the shutter was open smears every point
// of the page along a short line. Such a page is readable by a person but
// defeats OCR (whole lines come out as noise). The blur is found from the
// page's power spectrum and undone by Wiener deconvolution.
#ifndef HOSO_PIPELINE_ENHANCE_DEBLUR_H_
#define HOSO_PIPELINE_ENHANCE_DEBLUR_H_

#include <vector>

#include <opencv2/core.hpp>

namespace hoso {

struct MotionBlur {
  bool found = false;
  // Not `found`, but the spectrum shows a smear on weaker evidence, as a
  // sharp page with strong regular texture can too: worth undoing on trial
  // only, when the page read poorly as it was.
  bool weak = false;
  double length_px = 0;  // length of the smear, pixels of the page given
  double angle_deg = 0;  // its direction: 0 = along x, 90 = along y (y down)
  // How well the line-blur model explains the spectrum's directional dips:
  // `fit` is the fraction of their variance explained (1 - SSE / total),
  // `gain` the variance explained, summed over frequencies.
  double fit = 0;
  double gain = 0;
  // The estimate before the first zero's line was followed across the
  // spectrum (from the profile through the origin alone): a few degrees
  // and a few percent off, sometimes the better one to deblur with.
  double profile_length_px = 0;
  double profile_angle_deg = 0;
};

// Estimates a linear motion blur of an 8-bit gray page from the mean log
// power spectrum of its textured tiles. A line blur of length L along
// direction t multiplies the spectrum by sinc^2(L f.t): dark bands across t,
// the first at |f| = 1/L, while the perpendicular direction is untouched.
// The direction is the one whose spectral profile, divided by the
// perpendicular profile, best fits that model (given the signal-to-noise of
// each frequency); the length comes from the deepest dip along it, and
// both are refined by following that first zero, a straight line across
// the spectrum. A page without such dips (sharp, or blurred evenly by
// focus) is `found = false`.
// `dpi` is the page's resolution; the spectrum is read at `analysis_dpi`
// (~133 by default; a page rectified from a sheet small in its photo holds
// less detail than that, and its spectrum reads true only lower down).
MotionBlur EstimateMotionBlur(const cv::Mat& gray, double dpi, double analysis_dpi = 133.0);

// Wiener deconvolution of `gray` (8-bit) by a line of the smear's length
// along its direction: F = G H / (H^2 + nsr). `nsr` is the noise-to-signal
// power ratio (larger: smoother, less ringing). Writes one 8-bit gray image
// of the same size per distinct estimate of the smear: the refined one
// first, then the profile's when it differs by more than half a pixel at
// the smear's ends (which reads better differs from page to page). The
// estimates share the forward transform; edges are reflected so that they
// do not ring.
void RemoveMotionBlur(const cv::Mat& gray, const MotionBlur& blur, double nsr, std::vector<cv::Mat>* out);

// Wiener deconvolution of `gray` (8-bit) by a Gaussian of `sigma_px` (an
// evenly out-of-focus page), `nsr` as above.
void RemoveFocusBlur(const cv::Mat& gray, double sigma_px, double nsr, cv::Mat* out);

}  // namespace hoso

#endif  // HOSO_PIPELINE_ENHANCE_DEBLUR_H_
