// Small image operations shared by the stages.
#ifndef HOSO_PIPELINE_CORE_IMAGE_H_
#define HOSO_PIPELINE_CORE_IMAGE_H_

#include <vector>

#include <opencv2/core.hpp>

// AVX2 code paths are compiled for x86-64 with GCC or Clang (as functions
// with target("avx2")), and taken only where CpuHasAvx2().
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define HOSO_AVX2_CODE 1
#endif

namespace hoso {

// Whether this CPU runs AVX2 code (false where none is compiled in).
bool CpuHasAvx2();

// Opening of a binary image (CV_8UC1, non-zero = set) by a horizontal or
// vertical line of `length` pixels: the runs of set pixels long enough to
// hold the line. Equal to cv::morphologyEx(MORPH_OPEN) with a 1 x length
// (length x 1) rectangle, its default anchor and border, in one pass over
// the image instead of O(length) per pixel.
cv::Mat OpenLine(const cv::Mat& bin, int length, bool horizontal);

// `bin` with the pixels of its openings by a horizontal line of `h_length`
// and a vertical line of `v_length` (as OpenLine; 0 = that direction not
// at all) cleared: the text left when long rules are removed. For a 0/255
// image, equal to bin - OpenLine(h) - OpenLine(v) (saturating), without
// the two masks and the two passes that subtract them.
cv::Mat RemoveLines(const cv::Mat& bin, int h_length, int v_length);

// Per row, the set pixels of `bin` outside its opening by a horizontal line
// of `length`: cv::reduce(SUM) of RemoveLines(bin, length, 0) / 255 for a
// 0/255 image, without making that image.
std::vector<int> RowCountsOutsideLines(const cv::Mat& bin, int length);

// Opening of a 0/255 image (CV_8UC1) by `kernel` (CV_8UC1, as from
// cv::getStructuringElement), equal to cv::morphologyEx(MORPH_OPEN) with
// its default anchor and border. A kernel whose rows are segments centred
// on its middle column (odd sizes: MORPH_RECT, MORPH_ELLIPSE, MORPH_CROSS)
// costs a few whole-image AND passes per kernel row instead of one max/min
// per kernel element and pixel (a 21 x 21 ellipse on 1000 x 750: ~2 ms
// instead of ~5.9 ms); other kernels are left to OpenCV.
cv::Mat OpenBinary(const cv::Mat& bin, const cv::Mat& kernel);

// `m` turned clockwise by k quarter turns (k taken mod 4); k = 0 gives `m`
// itself, not a copy.
cv::Mat TurnQuarters(const cv::Mat& m, int k);

// `size` scaled by `factor`, each side rounded and at least `min_side`.
cv::Size ScaledSize(cv::Size size, double factor, int min_side = 1);

// `src` shrunk to `size` (no larger than src on either side): area-averaging
// halvings while the result stays at least twice `size`, then one step of
// `last_interpolation` (INTER_AREA or INTER_LINEAR) for the rest. OpenCV's
// INTER_AREA is fast only for exact integer factors, so an odd last row or
// column is dropped before each halving: 0.15 ms instead of 5 ms to halve a
// 1654 x 2339 page. Returns a new image (never `src` itself).
cv::Mat ShrinkArea(const cv::Mat& src, cv::Size size, int last_interpolation);

// cv::resize(src, *dst, 2/3 of its size, 0, 0, INTER_AREA) of an 8-bit gray
// image whose sides are multiples of 3, pixel for pixel the same (OpenCV's
// float weights 2/3 and 1/3, summed in its order). OpenCV's general area
// path takes ~60 us for a 192 x 192 tile; this ~11.
void ShrinkTwoThirds(const cv::Mat& src, cv::Mat* dst);

// cv::warpPerspective(src, *dst, m, size, INTER_LINEAR, BORDER_REPLICATE)
// (`m` maps src to dst), pixel for pixel the same: the same source
// coordinates in 1/32 pixel, computed in double in the same order and
// blocks, and the same integer bilinear weights and rounding. For an 8-bit
// gray image on a CPU with AVX2, eight pixels at a time (~11 ms instead of
// ~18 ms for a 200 dpi A4 page from a 3000 x 2250 photo); anything else is
// left to OpenCV. `dst` must not share data with `src`.
void WarpPerspectiveLinear(const cv::Mat& src, const cv::Matx33d& m, cv::Size size, cv::Mat* dst);

// cv::warpAffine(src, *dst, m, size, interpolation, BORDER_CONSTANT, border)
// (`m` maps src to dst), pixel for pixel the same (its fixed-point source
// coordinates, its bilinear weights, its constant border), for an 8-bit
// gray image and INTER_LINEAR or INTER_NEAREST; anything else is left to
// OpenCV. A 200 dpi page turned by half a degree: 5.7 ms instead of 9.7.
// `dst` must not share data with `src`.
void WarpAffine(const cv::Mat& src, const cv::Matx23d& m, cv::Size size, int interpolation, uchar border,
                cv::Mat* dst);

namespace image_internal {
// Both warps sample eight pixels at a time with AVX-512 byte permutes where
// the CPU has them (AVX512-VBMI), else with AVX2 gathers: the same pixels.
// Tests make them use the gathers only, to check both.
bool WarpHasPermutes();
void UseWarpGathersOnly(bool on);
}  // namespace image_internal

}  // namespace hoso

#endif  // HOSO_PIPELINE_CORE_IMAGE_H_
