#include "pipeline/core/image.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

#include <opencv2/imgproc.hpp>

#ifdef HOSO_AVX2_CODE
#include <immintrin.h>
#endif

namespace hoso {

bool CpuHasAvx2() {
#ifdef HOSO_AVX2_CODE
  static const bool avx2 = __builtin_cpu_supports("avx2");
  return avx2;
#else
  return false;
#endif
}

namespace {

// Calls span(line, x0, x1) for every stretch [x0, x1] (inclusive, along the
// line) of the opening of a binary image (non-zero = set) by a horizontal
// (vertical) line of `length` pixels, exactly as cv::morphologyEx(
// MORPH_OPEN) with a 1 x length (length x 1) rectangle, its default anchor
// and border, computes it (outside the image counts as set for the
// erosion): runs of set pixels long enough to hold the line are kept.
// `line` is the row (horizontal) or column (vertical). One pass over the
// image instead of O(length) per pixel (7 ms -> 1 ms for the two rule
// masks of a 150 dpi page). Spans of one line come in increasing order; for
// vertical lines, columns interleave.
template <typename Span>
void ForEachOpenedSpan(const cv::Mat& bin, int length, bool horizontal, Span span) {
  CV_Assert(bin.type() == CV_8UC1 && length >= 1);
  const int W = horizontal ? bin.cols : bin.rows;  // along the line
  const int L = length, a = L / 2;
  // The kept part of the run [s, e) along the line, or false.
  auto kept = [&](int s, int e, int* x0, int* x1) {
    int lo = s == 0 ? 0 : s + a;
    int hi = e == W ? W - 1 : e - L + a;
    lo = std::max(lo, s);
    hi = std::min(hi, e - 1);
    if (lo > hi) return false;
    *x0 = std::max(0, lo + a - L + 1);
    *x1 = std::min(W - 1, hi + a);
    return true;
  };
  int x0, x1;
  // Eight pixels are passed over with one load where nothing can happen
  // (ink and rules are a few percent of a page).
  auto word = [](const uchar* p) {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    return w;
  };
  if (horizontal) {
    for (int y = 0; y < bin.rows; ++y) {
      const uchar* row = bin.ptr<uchar>(y);
      int x = 0;
      while (x < W) {
        while (x + 8 <= W && word(row + x) == 0) x += 8;
        while (x < W && !row[x]) ++x;
        if (x >= W) break;
        const int s = x;
        while (x + 8 <= W && word(row + x) == ~std::uint64_t{0}) x += 8;
        while (x < W && row[x]) ++x;
        if (kept(s, x, &x0, &x1)) span(y, x0, x1);
      }
    }
  } else {
    const int cols = bin.cols;
    std::vector<int> start(cols, -1);  // start row of the open run
    // open[c]: whether column c has an open run (start[c] >= 0).
    std::vector<uchar> open(static_cast<size_t>(cols) + 8, 0);
    auto close = [&](int col, int e) {
      if (kept(start[col], e, &x0, &x1)) span(col, x0, x1);
      start[col] = -1;
      open[col] = 0;
    };
    for (int y = 0; y < bin.rows; ++y) {
      const uchar* row = bin.ptr<uchar>(y);
      int c = 0;
      while (c < cols) {
        // Nothing set and no run open in these eight columns.
        if (c + 8 <= cols && word(row + c) == 0 && word(open.data() + c) == 0) {
          c += 8;
          continue;
        }
        if (row[c]) {
          if (start[c] < 0) start[c] = y, open[c] = 1;
        } else if (start[c] >= 0) {
          close(c, y);
        }
        ++c;
      }
    }
    for (int c = 0; c < cols; ++c)
      if (start[c] >= 0) close(c, W);
  }
}

// Sets the stretches of the opening to `value` in `out` (the size of the
// image the opening is of).
void FillOpening(const cv::Mat& bin, int length, bool horizontal, uchar value, cv::Mat* out) {
  if (horizontal) {
    ForEachOpenedSpan(bin, length, true, [&](int y, int x0, int x1) {
      std::memset(out->ptr<uchar>(y) + x0, value, x1 - x0 + 1);
    });
  } else {
    ForEachOpenedSpan(bin, length, false, [&](int col, int y0, int y1) {
      for (int y = y0; y <= y1; ++y) out->at<uchar>(y, col) = value;
    });
  }
}

}  // namespace

cv::Mat OpenLine(const cv::Mat& bin, int length, bool horizontal) {
  cv::Mat out = cv::Mat::zeros(bin.size(), CV_8UC1);
  FillOpening(bin, length, horizontal, 255, &out);
  return out;
}

cv::Mat RemoveLines(const cv::Mat& bin, int h_length, int v_length) {
  cv::Mat out = bin.clone();
  if (h_length > 0) FillOpening(bin, h_length, true, 0, &out);
  if (v_length > 0) FillOpening(bin, v_length, false, 0, &out);
  return out;
}

std::vector<int> RowCountsOutsideLines(const cv::Mat& bin, int length) {
  CV_Assert(bin.type() == CV_8UC1 && length >= 1);
  std::vector<int> counts(bin.rows, 0);
  for (int y = 0; y < bin.rows; ++y) counts[y] = cv::countNonZero(bin.row(y));
  // A kept stretch may reach one pixel past its run (even lengths): count
  // only its set pixels.
  ForEachOpenedSpan(bin, length, true, [&](int y, int x0, int x1) {
    const uchar* row = bin.ptr<uchar>(y);
    int n = 0;
    for (int x = x0; x <= x1; ++x) n += row[x] != 0;
    counts[y] -= n;
  });
  return counts;
}

namespace {

// Erosion of a 0/255 image by a structuring element whose row i (0..2r) is
// the segment [-half[i], half[i]] about the anchor column (-1: an empty
// row), the anchor at row r; outside the image counts as set (erode's
// default border). The horizontal erosions by each segment width come from
// ANDs of shifted copies (widths 1, 2, 4, ..., then any width as two
// overlapping powers of two), and each kernel row is one more AND of a
// shifted block: whole-image SIMD passes, a few per kernel row, instead of
// one pass per kernel element.
cv::Mat ErodeCentredRows(const cv::Mat& bin, const std::vector<int>& half) {
  const int r = static_cast<int>(half.size()) / 2;
  const int pad = std::max(0, *std::max_element(half.begin(), half.end()));
  const int W = bin.cols, H = bin.rows;
  cv::Mat padded;
  cv::copyMakeBorder(bin, padded, 0, 0, pad, pad, cv::BORDER_CONSTANT, cv::Scalar(255));
  const int wp = padded.cols;
  // runs[k](y, x): AND of the 2^k pixels from x (columns 0 .. wp - 2^k).
  std::vector<cv::Mat> runs = {padded};
  for (int len = 2; len <= 2 * pad + 1; len *= 2) {
    const cv::Mat& prev = runs.back();
    const int n = wp - len + 1;
    cv::Mat e;
    cv::bitwise_and(prev.colRange(0, n), prev.colRange(len / 2, len / 2 + n), e);
    runs.push_back(e);
  }
  // Per segment width w in turn, into one buffer: the AND of the w pixels
  // from x, taken into the output for every kernel row of that width (a
  // disk's rows come in pairs, and a buffer per width would hold a dozen
  // image-sized masks at once).
  cv::Mat out(H, W, CV_8UC1, cv::Scalar(255));
  cv::Mat buffer(H, wp, CV_8UC1);
  std::vector<bool> done(2 * pad + 2, false);
  for (int h : half) {
    if (h < 0 || done[2 * h + 1]) continue;
    const int w = 2 * h + 1;
    done[w] = true;
    int k = 0;
    while ((2 << k) <= w) ++k;
    const int n = wp - w + 1, shift = w - (1 << k);
    cv::Mat by_width = buffer.colRange(0, n);  // written in place: the same size and type
    cv::bitwise_and(runs[k].colRange(0, n), runs[k].colRange(shift, shift + n), by_width);
    for (int i = 0; i <= 2 * r; ++i) {
      const int dy = i - r;
      // Output rows whose kernel row i falls inside the image (rows outside
      // count as set).
      const int y0 = std::max(0, -dy), y1 = std::min(H, H - dy);
      if (half[i] != h || y0 >= y1) continue;
      cv::Mat block = out.rowRange(y0, y1);
      cv::bitwise_and(block, by_width(cv::Rect(pad - h, y0 + dy, W, y1 - y0)), block);
    }
  }
  return out;
}

}  // namespace

cv::Mat OpenBinary(const cv::Mat& bin, const cv::Mat& kernel) {
  CV_Assert(bin.type() == CV_8UC1 && kernel.type() == CV_8UC1);
  // Rows of the kernel as centred segments; anything else goes to OpenCV.
  const int kw = kernel.cols, kh = kernel.rows, c = kw / 2;
  bool centred = kw % 2 == 1 && kh % 2 == 1 && kw <= 255;
  std::vector<int> half(kh, -1);
  for (int i = 0; i < kh && centred; ++i) {
    const uchar* k = kernel.ptr<uchar>(i);
    int first = -1, last = -1;
    for (int j = 0; j < kw; ++j)
      if (k[j]) { if (first < 0) first = j; last = j; }
    if (first < 0) continue;
    for (int j = first; j <= last; ++j) centred &= k[j] != 0;
    centred &= first + last == 2 * c;
    half[i] = c - first;
  }
  cv::Mat out;
  if (!centred || bin.empty()) {
    cv::morphologyEx(bin, out, cv::MORPH_OPEN, kernel);
    return out;
  }
  // Dilation (outside unset) is the complement of the erosion of the
  // complement (outside set); the kernel is symmetric.
  cv::Mat eroded = ErodeCentredRows(bin, half);
  cv::bitwise_not(eroded, eroded);
  out = ErodeCentredRows(eroded, half);
  cv::bitwise_not(out, out);
  return out;
}

cv::Size ScaledSize(cv::Size size, double factor, int min_side) {
  return cv::Size(std::max(min_side, static_cast<int>(std::lround(size.width * factor))),
                  std::max(min_side, static_cast<int>(std::lround(size.height * factor))));
}

cv::Mat TurnQuarters(const cv::Mat& m, int k) {
  static const cv::RotateFlags kCodes[] = {cv::ROTATE_90_CLOCKWISE, cv::ROTATE_180, cv::ROTATE_90_COUNTERCLOCKWISE};
  if ((k & 3) == 0) return m;
  cv::Mat out;
  cv::rotate(m, out, kCodes[(k & 3) - 1]);
  return out;
}

cv::Mat ShrinkArea(const cv::Mat& src, cv::Size size, int last_interpolation) {
  CV_Assert(!src.empty() && size.width > 0 && size.height > 0 && size.width <= src.cols &&
            size.height <= src.rows);
  cv::Mat cur = src;
  while (cur.cols >= 2 * size.width && cur.rows >= 2 * size.height) {
    const cv::Mat even = cur(cv::Rect(0, 0, cur.cols & ~1, cur.rows & ~1));
    cv::Mat half;
    cv::resize(even, half, cv::Size(even.cols / 2, even.rows / 2), 0, 0, cv::INTER_AREA);
    cur = half;
  }
  if (cur.size() == size) return cur.data == src.data ? src.clone() : cur;
  cv::Mat out;
  cv::resize(cur, out, size, 0, 0, last_interpolation);
  return out;
}

namespace {

// OpenCV's INTER_AREA weights for a 3:2 shrink (computeResizeAreaTab): a
// whole source pixel counts 1 / 1.5, a half one 0.5 / 1.5, as floats.
const float kAreaWhole = static_cast<float>(1.0 / 1.5), kAreaHalf = static_cast<float>(0.5 / 1.5);

#ifdef HOSO_AVX2_CODE
// The low eight bytes as floats.
__attribute__((target("avx2"), always_inline)) inline __m256 Floats8(__m128i bytes) {
  return _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(bytes));
}

// ShrinkRowTwoThirds eight destination pairs at a time (the same float
// operations: AVX2 without FMA). Returns how many pairs it did.
__attribute__((target("avx2"))) int ShrinkRowTwoThirdsAvx2(const uchar* s, int n, float* even, float* odd) {
  // Of 24 source bytes: the 8 at 3k, at 3k + 1 and at 3k + 2, picked from
  // bytes 0-15 and 8-23 (-1: none).
  const __m128i e_lo = _mm_setr_epi8(0, 3, 6, 9, 12, 15, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1);
  const __m128i e_hi = _mm_setr_epi8(-1, -1, -1, -1, -1, -1, 10, 13, -1, -1, -1, -1, -1, -1, -1, -1);
  const __m128i m_lo = _mm_setr_epi8(1, 4, 7, 10, 13, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1);
  const __m128i m_hi = _mm_setr_epi8(-1, -1, -1, -1, -1, 8, 11, 14, -1, -1, -1, -1, -1, -1, -1, -1);
  const __m128i o_lo = _mm_setr_epi8(2, 5, 8, 11, 14, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1);
  const __m128i o_hi = _mm_setr_epi8(-1, -1, -1, -1, -1, 9, 12, 15, -1, -1, -1, -1, -1, -1, -1, -1);
  const __m256 whole = _mm256_set1_ps(kAreaWhole), half = _mm256_set1_ps(kAreaHalf);
  int j = 0;
  for (; j + 8 <= n; j += 8) {
    const __m128i lo = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + 3 * j));
    const __m128i hi = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + 3 * j + 8));
    const __m256 e = Floats8(_mm_or_si128(_mm_shuffle_epi8(lo, e_lo), _mm_shuffle_epi8(hi, e_hi)));
    const __m256 m = _mm256_mul_ps(Floats8(_mm_or_si128(_mm_shuffle_epi8(lo, m_lo), _mm_shuffle_epi8(hi, m_hi))), half);
    const __m256 o = Floats8(_mm_or_si128(_mm_shuffle_epi8(lo, o_lo), _mm_shuffle_epi8(hi, o_hi)));
    _mm256_storeu_ps(even + j, _mm256_add_ps(_mm256_mul_ps(e, whole), m));
    _mm256_storeu_ps(odd + j, _mm256_add_ps(m, _mm256_mul_ps(o, whole)));
  }
  return j;
}
#endif

// One source row across: destination pixel 2j from source pixels 3j (whole)
// and 3j + 1 (half), 2j + 1 from 3j + 1 (half) and 3j + 2 (whole), each sum
// one float addition of two float products, as OpenCV's. `even` and `odd`
// get the destination's even and odd columns, n of each.
void ShrinkRowTwoThirds(const uchar* s, int n, float* even, float* odd) {
  int j = 0;
#ifdef HOSO_AVX2_CODE
  if (CpuHasAvx2()) j = ShrinkRowTwoThirdsAvx2(s, n, even, odd);
#endif
  for (; j < n; ++j) {
    const float m = s[3 * j + 1] * kAreaHalf;
    even[j] = s[3 * j] * kAreaWhole + m;
    odd[j] = m + s[3 * j + 2] * kAreaWhole;
  }
}

}  // namespace

void ShrinkTwoThirds(const cv::Mat& src, cv::Mat* dst) {
  CV_Assert(src.type() == CV_8UC1 && src.cols % 3 == 0 && src.rows % 3 == 0 && src.cols > 0 && src.rows > 0);
  const int n = src.cols / 3;  // destination pairs per row
  cv::Mat out(src.rows / 3 * 2, n * 2, CV_8UC1);
  // Rows 3i, 3i + 1, 3i + 2 shrunk across, even and odd columns apart.
  std::vector<float> rows(6 * static_cast<size_t>(n));
  float* e[3] = {&rows[0], &rows[2 * n], &rows[4 * n]};
  float* o[3] = {&rows[n], &rows[3 * n], &rows[5 * n]};
  for (int i = 0; i < src.rows / 3; ++i) {
    for (int k = 0; k < 3; ++k) ShrinkRowTwoThirds(src.ptr<uchar>(3 * i + k), n, e[k], o[k]);
    // Destination row 2i: whole row 3i plus half row 3i + 1; row 2i + 1:
    // half row 3i + 1 plus whole row 3i + 2; rounded to nearest, ties to
    // even (cvRound).
    uchar* d0 = out.ptr<uchar>(2 * i);
    uchar* d1 = out.ptr<uchar>(2 * i + 1);
    for (int j = 0; j < n; ++j) {
      const float me = kAreaHalf * e[1][j], mo = kAreaHalf * o[1][j];
      d0[2 * j] = cv::saturate_cast<uchar>(kAreaWhole * e[0][j] + me);
      d0[2 * j + 1] = cv::saturate_cast<uchar>(kAreaWhole * o[0][j] + mo);
      d1[2 * j] = cv::saturate_cast<uchar>(me + kAreaWhole * e[2][j]);
      d1[2 * j + 1] = cv::saturate_cast<uchar>(mo + kAreaWhole * o[2][j]);
    }
  }
  *dst = out;
}

namespace {

// OpenCV's warpPerspective works in blocks of kWarpBlockArea destination
// pixels, at most 16 rows high, and computes the source coordinates of a
// block's row from its first pixel: X0 + M[0] * x1 (x1 from 0). The same
// expressions in the same order give the same doubles.
constexpr int kWarpBlockArea = 1024;
constexpr int kWarpBits = 5;  // 1/32 pixel (OpenCV's INTER_BITS)
constexpr int kWarpChunk = 1024;  // pixels of a destination row sampled at once

// Source coordinates in 1/32 pixel of pixels from..n-1 of the row of a
// block that starts at (x0, y), as OpenCV's warpPerspective (a saturating
// round to nearest of the clamped double).
void WarpCoords(const double* M, int x0, int y, int from, int n, int* xs, int* ys) {
  const double X0 = M[0] * x0 + M[1] * y + M[2];
  const double Y0 = M[3] * x0 + M[4] * y + M[5];
  const double W0 = M[6] * x0 + M[7] * y + M[8];
  for (int x1 = from; x1 < n; ++x1) {
    double W = W0 + M[6] * x1;
    W = W ? (1 << kWarpBits) / W : 0;
    const double fX = std::max(static_cast<double>(INT_MIN), std::min(static_cast<double>(INT_MAX), (X0 + M[0] * x1) * W));
    const double fY = std::max(static_cast<double>(INT_MIN), std::min(static_cast<double>(INT_MAX), (Y0 + M[3] * x1) * W));
    xs[x1] = cvRound(fX);
    ys[x1] = cvRound(fY);
  }
}

// Bilinear sample at (X, Y) in 1/32 pixel, as OpenCV's remap: the four
// neighbours, those outside the image replicated from its edge or, with
// kConstant, `cval`. OpenCV's weights are w(ax, ay) = (32 - ax)(32 - ay) * 32
// and so on (exact in its table, summing to 2^15), rounded as
// (sum + 2^14) >> 15; the same integer computed as two lerps in 1/32 steps:
// sum = 32 * v, so (sum + 2^14) >> 15 == (v + 512) >> 10.
template <bool kConstant>
inline uchar WarpSample(const uchar* src, size_t step, int w, int h, int X, int Y, uchar cval) {
  const int sx = X >> kWarpBits, sy = Y >> kWarpBits, ax = X & 31, ay = Y & 31;
  int v00, v01, v10, v11;
  if (static_cast<unsigned>(sx) < static_cast<unsigned>(w - 1) && static_cast<unsigned>(sy) < static_cast<unsigned>(h - 1)) {
    const uchar* r0 = src + sy * step + sx;
    v00 = r0[0], v01 = r0[1], v10 = r0[step], v11 = r0[step + 1];
  } else if (kConstant) {
    if (sx >= w || sx + 1 < 0 || sy >= h || sy + 1 < 0) return cval;
    auto at = [&](int x, int y) -> int {
      return x >= 0 && x < w && y >= 0 && y < h ? src[y * step + x] : cval;
    };
    v00 = at(sx, sy), v01 = at(sx + 1, sy), v10 = at(sx, sy + 1), v11 = at(sx + 1, sy + 1);
  } else {
    auto clip = [](int v, int n) { return v < 0 ? 0 : (v < n ? v : n - 1); };
    const int sx0 = clip(sx, w), sx1 = clip(sx + 1, w);
    const uchar* r0 = src + clip(sy, h) * step;
    const uchar* r1 = src + clip(sy + 1, h) * step;
    v00 = r0[sx0], v01 = r0[sx1], v10 = r1[sx0], v11 = r1[sx1];
  }
  const int t0 = v00 * 32 + (v01 - v00) * ax;
  const int t1 = v10 * 32 + (v11 - v10) * ax;
  const int v = t0 * 32 + (t1 - t0) * ay;
  return static_cast<uchar>((v + 512) >> 10);
}

#ifdef HOSO_AVX2_CODE
// WarpCoords for the first multiple of four of a block's row, four lanes at
// a time: the scalar expressions in the same order (no FMA: the same
// roundings). Returns how many it did.
__attribute__((target("avx2"))) int PerspectiveCoordsAvx2(const double* M, int x0, int y, int bw, int* xs, int* ys) {
  const __m256d m0 = _mm256_set1_pd(M[0]), m3 = _mm256_set1_pd(M[3]), m6 = _mm256_set1_pd(M[6]);
  const __m256d scale = _mm256_set1_pd(1 << kWarpBits), zero = _mm256_setzero_pd();
  const __m256d lo = _mm256_set1_pd(static_cast<double>(INT_MIN)), hi = _mm256_set1_pd(static_cast<double>(INT_MAX));
  const __m256d lanes = _mm256_set_pd(3, 2, 1, 0);
  const __m256d X0 = _mm256_set1_pd(M[0] * x0 + M[1] * y + M[2]);
  const __m256d Y0 = _mm256_set1_pd(M[3] * x0 + M[4] * y + M[5]);
  const __m256d W0 = _mm256_set1_pd(M[6] * x0 + M[7] * y + M[8]);
  int x1 = 0;
  for (; x1 + 4 <= bw; x1 += 4) {
    const __m256d fx1 = _mm256_add_pd(_mm256_set1_pd(x1), lanes);
    __m256d W = _mm256_add_pd(W0, _mm256_mul_pd(m6, fx1));
    W = _mm256_and_pd(_mm256_div_pd(scale, W), _mm256_cmp_pd(W, zero, _CMP_NEQ_OQ));
    const __m256d fX = _mm256_max_pd(lo, _mm256_min_pd(hi, _mm256_mul_pd(_mm256_add_pd(X0, _mm256_mul_pd(m0, fx1)), W)));
    const __m256d fY = _mm256_max_pd(lo, _mm256_min_pd(hi, _mm256_mul_pd(_mm256_add_pd(Y0, _mm256_mul_pd(m3, fx1)), W)));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(xs + x1), _mm256_cvtpd_epi32(fX));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(ys + x1), _mm256_cvtpd_epi32(fY));
  }
  return x1;
}

// AffineMap::Row eight at a time: ((X0 + a[i]) >> shift) << up. Returns how
// many it did.
__attribute__((target("avx2"))) int AffineCoordsAvx2(const int* a, const int* b, int X0, int Y0, int n, int shift,
                                                     int up, int* xs, int* ys) {
  const __m256i vx = _mm256_set1_epi32(X0), vy = _mm256_set1_epi32(Y0);
  const __m128i sh = _mm_cvtsi32_si128(shift), u = _mm_cvtsi32_si128(up);
  int i = 0;
  for (; i + 8 <= n; i += 8) {
    const __m256i A = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(a + i));
    const __m256i B = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(b + i));
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(xs + i), _mm256_sll_epi32(_mm256_sra_epi32(_mm256_add_epi32(vx, A), sh), u));
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(ys + i), _mm256_sll_epi32(_mm256_sra_epi32(_mm256_add_epi32(vy, B), sh), u));
  }
  return i;
}
#endif

// n samples at (xs, ys) into d, one at a time.
template <bool kConstant>
void SampleScalar(const cv::Mat& src, const int* xs, const int* ys, int n, uchar cval, uchar* d) {
  for (int i = 0; i < n; ++i) d[i] = WarpSample<kConstant>(src.data, src.step, src.cols, src.rows, xs[i], ys[i], cval);
}

// The warps' source coordinates, a row at a time: n destination pixels from
// (x0, y) into xs, ys (1/32 pixel).
class WarpMap {
 public:
  virtual ~WarpMap() = default;
  virtual void Row(int x0, int y, int n, int* xs, int* ys) const = 0;
  // Rows are asked for in pieces of this many pixels (at most kWarpChunk).
  virtual int Chunk() const { return kWarpChunk; }
};

// cv::warpPerspective's (see WarpCoords), its blocks kept: the coordinates
// of a block's row are computed from the block's first pixel.
class PerspectiveMap : public WarpMap {
 public:
  PerspectiveMap(const cv::Matx33d& inverse, cv::Size size) : inv_(inverse) {
    const int bh0 = std::min(kWarpBlockArea / 2 / 32, size.height);
    bw0_ = std::min(kWarpBlockArea / bh0, size.width);
  }
  void Row(int x0, int y, int n, int* xs, int* ys) const override {
    for (int b = 0; b < n; b += bw0_) Block(x0 + b, y, std::min(bw0_, n - b), xs + b, ys + b);
  }
  int Chunk() const override { return kWarpChunk / bw0_ * bw0_; }

 private:
  void Block(int x0, int y, int bw, int* xs, int* ys) const;
  cv::Matx33d inv_;
  int bw0_;
};

// cv::warpAffine's: fixed point with 10 fractional bits, a row's start
// rounded once and each column's offset once (OpenCV's adelta, bdelta).
class AffineMap : public WarpMap {
 public:
  // `nearest`: INTER_NEAREST's coordinates (whole pixels, given as 1/32
  // pixels with no fraction: the bilinear sample of a whole pixel is that
  // pixel, and of one just outside the border value, as nearest's).
  AffineMap(const cv::Matx23d& forward, int width, bool nearest) : nearest_(nearest) {
    // warpAffine's inversion, in its order.
    double M[6] = {forward(0, 0), forward(0, 1), forward(0, 2), forward(1, 0), forward(1, 1), forward(1, 2)};
    double D = M[0] * M[4] - M[1] * M[3];
    D = D != 0 ? 1. / D : 0;
    const double A11 = M[4] * D, A22 = M[0] * D;
    M[0] = A11;
    M[1] *= -D;
    M[3] *= -D;
    M[4] = A22;
    const double b1 = -M[0] * M[2] - M[1] * M[5];
    const double b2 = -M[3] * M[2] - M[4] * M[5];
    M[2] = b1;
    M[5] = b2;
    std::copy(M, M + 6, m_);
    adelta_.resize(width);
    bdelta_.resize(width);
    for (int x = 0; x < width; ++x) {
      adelta_[x] = cv::saturate_cast<int>(m_[0] * x * kAbScale);
      bdelta_[x] = cv::saturate_cast<int>(m_[3] * x * kAbScale);
    }
  }
  void Row(int x0, int y, int n, int* xs, int* ys) const override {
    const int round_delta = nearest_ ? kAbScale / 2 : kAbScale / (1 << kWarpBits) / 2;
    const int shift = nearest_ ? kAbBits : kAbBits - kWarpBits, up = nearest_ ? kWarpBits : 0;
    const int X0 = cv::saturate_cast<int>((m_[1] * y + m_[2]) * kAbScale) + round_delta;
    const int Y0 = cv::saturate_cast<int>((m_[4] * y + m_[5]) * kAbScale) + round_delta;
    const int* a = adelta_.data() + x0;
    const int* b = bdelta_.data() + x0;
    int i = 0;
#ifdef HOSO_AVX2_CODE
    if (CpuHasAvx2()) i = AffineCoordsAvx2(a, b, X0, Y0, n, shift, up, xs, ys);
#endif
    for (; i < n; ++i) {
      xs[i] = static_cast<int>(static_cast<unsigned>((X0 + a[i]) >> shift) << up);
      ys[i] = static_cast<int>(static_cast<unsigned>((Y0 + b[i]) >> shift) << up);
    }
  }

 private:
  static constexpr int kAbBits = 10, kAbScale = 1 << kAbBits;
  bool nearest_;
  double m_[6];
  std::vector<int> adelta_, bdelta_;
};

void PerspectiveMap::Block(int x0, int y, int bw, int* xs, int* ys) const {
  int x1 = 0;
#ifdef HOSO_AVX2_CODE
  if (CpuHasAvx2()) x1 = PerspectiveCoordsAvx2(inv_.val, x0, y, bw, xs, ys);
#endif
  WarpCoords(inv_.val, x0, y, x1, bw, xs, ys);
}

#ifdef HOSO_AVX2_CODE
// Eight samples from their neighbours' pairs: g0 (row sy) and g1 (row
// sy + 1) hold the pixels at sx and sx + 1 in each lane's low two bytes.
__attribute__((target("avx2"), always_inline)) inline void Lerp8(__m256i g0, __m256i g1, __m256i X, __m256i Y,
                                                                 uchar* d) {
  const __m256i m31 = _mm256_set1_epi32(31), ff = _mm256_set1_epi32(0xff);
  const __m256i ax = _mm256_and_si256(X, m31), ay = _mm256_and_si256(Y, m31);
  const __m256i a0 = _mm256_and_si256(g0, ff), b0 = _mm256_srli_epi32(g0, 8);
  const __m256i a1 = _mm256_and_si256(g1, ff), b1 = _mm256_srli_epi32(g1, 8);
  const __m256i t0 = _mm256_add_epi32(_mm256_slli_epi32(a0, 5), _mm256_mullo_epi32(_mm256_sub_epi32(b0, a0), ax));
  const __m256i t1 = _mm256_add_epi32(_mm256_slli_epi32(a1, 5), _mm256_mullo_epi32(_mm256_sub_epi32(b1, a1), ax));
  const __m256i v = _mm256_add_epi32(_mm256_slli_epi32(t0, 5), _mm256_mullo_epi32(_mm256_sub_epi32(t1, t0), ay));
  const __m256i r = _mm256_srai_epi32(_mm256_add_epi32(v, _mm256_set1_epi32(512)), 10);
  const __m128i p16 = _mm_packus_epi32(_mm256_castsi256_si128(r), _mm256_extracti128_si256(r, 1));
  _mm_storel_epi64(reinterpret_cast<__m128i*>(d), _mm_packus_epi16(p16, p16));
}

// Eight samples at xs[0..7], ys[0..7] with two gathers, or one by one near
// the border.
template <bool kConstant>
__attribute__((target("avx2"), always_inline)) inline void Sample8Gather(const cv::Mat& src, const int* xs,
                                                                         const int* ys, uchar cval, uchar* d) {
  const uchar* S = src.data;
  const size_t step = src.step;
  const int w = src.cols, h = src.rows;
  const __m256i X = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(xs));
  const __m256i Y = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(ys));
  const __m256i sx = _mm256_srai_epi32(X, kWarpBits), sy = _mm256_srai_epi32(Y, kWarpBits);
  // The gathers read 4 bytes ending at sx + 1 of rows sy and sy + 1: only
  // with a row above (the two bytes before sx stay inside the image) and a
  // row below (the two after sx + 1) to spare.
  const __m256i one = _mm256_set1_epi32(1);
  const __m256i out = _mm256_or_si256(
      _mm256_or_si256(_mm256_cmpgt_epi32(one, sy), _mm256_cmpgt_epi32(sy, _mm256_set1_epi32(h - 3))),
      _mm256_or_si256(_mm256_cmpgt_epi32(_mm256_setzero_si256(), sx), _mm256_cmpgt_epi32(sx, _mm256_set1_epi32(w - 2))));
  if (!_mm256_testz_si256(out, out)) {
    for (int k = 0; k < 8; ++k) d[k] = WarpSample<kConstant>(S, step, w, h, xs[k], ys[k], cval);
    return;
  }
  const __m256i off = _mm256_add_epi32(_mm256_mullo_epi32(sy, _mm256_set1_epi32(static_cast<int>(step))), sx);
  const __m256i g0 = _mm256_srli_epi32(_mm256_i32gather_epi32(reinterpret_cast<const int*>(S - 2), off, 1), 16);
  const __m256i g1 = _mm256_srli_epi32(_mm256_i32gather_epi32(reinterpret_cast<const int*>(S + step - 2), off, 1), 16);
  Lerp8(g0, g1, X, Y, d);
}

// n samples at (xs, ys) into d, eight at a time by gathers.
template <bool kConstant>
__attribute__((target("avx2"))) void SampleGather(const cv::Mat& src, const int* xs, const int* ys, int n, uchar cval,
                                                  uchar* d) {
  int i = 0;
  for (; i + 8 <= n; i += 8) Sample8Gather<kConstant>(src, xs + i, ys + i, cval, d + i);
  SampleScalar<kConstant>(src, xs + i, ys + i, n - i, cval, d + i);
}

// The same with AVX-512 byte permutes instead of gathers where eight
// samples' neighbours lie within 32 bytes of two or three consecutive rows
// (a page warped at about its source's scale and close to upright: nearly
// always). On this workplace's AMD EPYC a 200 dpi page's perspective warp
// takes 7.3 ms so instead of 10.5 with the gathers.
template <bool kConstant>
__attribute__((target("avx2,avx512f,avx512vl,avx512bw,avx512vbmi"))) void SamplePermute(const cv::Mat& src,
                                                                                         const int* xs, const int* ys,
                                                                                         int n, uchar cval, uchar* d) {
  const uchar* S = src.data;
  const size_t step = src.step;
  const int w = src.cols, h = src.rows;
  const __m256i pair = _mm256_set1_epi32(0x0101), next = _mm256_set1_epi32(0x0100);
  int i = 0;
  for (; i + 8 <= n; i += 8) {
    // Along a destination row the coordinates are monotonic (a projective
    // map's are), so the first and last samples bound the eight; checked.
    const int sx0 = xs[i] >> kWarpBits, sx7 = xs[i + 7] >> kWarpBits;
    const int sy0 = ys[i] >> kWarpBits, sy7 = ys[i + 7] >> kWarpBits;
    const int bx = std::min(sx0, sx7), ex = std::max(sx0, sx7);
    const int by = std::min(sy0, sy7), ey = std::max(sy0, sy7);
    if (bx < 0 || ex - bx > 30 || bx + 32 > w || by < 0 || ey - by > 1 || ey > h - 2) {
      Sample8Gather<kConstant>(src, xs + i, ys + i, cval, d + i);
      continue;
    }
    const __m256i X = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(xs + i));
    const __m256i Y = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(ys + i));
    const __m256i sx = _mm256_srai_epi32(X, kWarpBits), sy = _mm256_srai_epi32(Y, kWarpBits);
    const __m256i vbx = _mm256_set1_epi32(bx), vby = _mm256_set1_epi32(by);
    const __m256i stray = _mm256_or_si256(
        _mm256_or_si256(_mm256_cmpgt_epi32(vbx, sx), _mm256_cmpgt_epi32(sx, _mm256_set1_epi32(ex))),
        _mm256_or_si256(_mm256_cmpgt_epi32(vby, sy), _mm256_cmpgt_epi32(sy, _mm256_set1_epi32(ey))));
    if (!_mm256_testz_si256(stray, stray)) {
      Sample8Gather<kConstant>(src, xs + i, ys + i, cval, d + i);
      continue;
    }
    // Byte 0 of each lane picks sx, byte 1 sx + 1, from the row's 32 bytes
    // at bx; bytes 2 and 3 are zeroed: the gathers' layout.
    const __m256i idx = _mm256_add_epi32(_mm256_mullo_epi32(_mm256_sub_epi32(sx, vbx), pair), next);
    constexpr __mmask32 kPairs = 0x33333333;
    const uchar* row = S + static_cast<size_t>(by) * step + bx;
    const __m256i r0 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(row));
    const __m256i r1 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(row + step));
    __m256i g0 = _mm256_maskz_permutexvar_epi8(kPairs, idx, r0);
    __m256i g1 = _mm256_maskz_permutexvar_epi8(kPairs, idx, r1);
    if (ey != by) {
      const __m256i r2 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(row + 2 * step));
      const __mmask32 lower = _mm256_movepi8_mask(_mm256_cmpgt_epi32(sy, vby)) & kPairs;
      g0 = _mm256_mask_permutexvar_epi8(g0, lower, idx, r1);
      g1 = _mm256_mask_permutexvar_epi8(g1, lower, idx, r2);
    }
    Lerp8(g0, g1, X, Y, d + i);
  }
  SampleScalar<kConstant>(src, xs + i, ys + i, n - i, cval, d + i);
}

bool CpuHasAvx512Vbmi() {
  static const bool vbmi = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
                           __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vbmi");
  return vbmi;
}

bool g_warp_gathers_only = false;
#endif

// The destination row by row through `map`, sampled with the border
// replicated or (kConstant) `cval`.
template <bool kConstant>
void Warp(const cv::Mat& src, const WarpMap& map, cv::Size size, uchar cval, cv::Mat* dst) {
  dst->create(size, CV_8UC1);
  // The best sampler this CPU runs, chosen once.
  void (*sample)(const cv::Mat&, const int*, const int*, int, uchar, uchar*) = SampleScalar<kConstant>;
#ifdef HOSO_AVX2_CODE
  if (CpuHasAvx2())
    sample = CpuHasAvx512Vbmi() && !g_warp_gathers_only ? SamplePermute<kConstant> : SampleGather<kConstant>;
#endif
  alignas(32) int xs[kWarpChunk], ys[kWarpChunk];
  const int chunk = map.Chunk();
  for (int y = 0; y < size.height; ++y) {
    uchar* d = dst->ptr<uchar>(y);
    for (int x0 = 0; x0 < size.width; x0 += chunk) {
      const int n = std::min(chunk, size.width - x0);
      map.Row(x0, y, n, xs, ys);
      sample(src, xs, ys, n, cval, d + x0);
    }
  }
}

// Whether Warp takes `src` (8-bit gray, small enough for int offsets).
bool Warpable(const cv::Mat& src, cv::Size size) {
  // (OpenCV's maps hold coordinates as shorts.)
  return src.type() == CV_8UC1 && src.cols >= 2 && src.rows >= 4 && src.cols < SHRT_MAX && src.rows < SHRT_MAX &&
         size.width > 0 && size.height > 0 &&
         src.step <= static_cast<size_t>(INT_MAX / 2) && static_cast<double>(src.step) * src.rows < INT_MAX;
}

}  // namespace

namespace image_internal {
void UseWarpGathersOnly(bool on) {
#ifdef HOSO_AVX2_CODE
  g_warp_gathers_only = on;
#else
  (void)on;
#endif
}
bool WarpHasPermutes() {
#ifdef HOSO_AVX2_CODE
  return CpuHasAvx2() && CpuHasAvx512Vbmi();
#else
  return false;
#endif
}
}  // namespace image_internal

void WarpPerspectiveLinear(const cv::Mat& src, const cv::Matx33d& m, cv::Size size, cv::Mat* dst) {
  if (Warpable(src, size)) {
    cv::Matx33d inv;
    cv::invert(m, inv);  // as warpPerspective (DECOMP_LU)
    Warp<false>(src, PerspectiveMap(inv, size), size, 0, dst);
    return;
  }
  cv::warpPerspective(src, *dst, cv::Mat(m), size, cv::INTER_LINEAR, cv::BORDER_REPLICATE);
}

void WarpAffine(const cv::Mat& src, const cv::Matx23d& m, cv::Size size, int interpolation, uchar border,
                cv::Mat* dst) {
  if (Warpable(src, size) && (interpolation == cv::INTER_LINEAR || interpolation == cv::INTER_NEAREST)) {
    Warp<true>(src, AffineMap(m, size.width, interpolation == cv::INTER_NEAREST), size, border, dst);
    return;
  }
  cv::warpAffine(src, *dst, cv::Mat(m), size, interpolation, cv::BORDER_CONSTANT, cv::Scalar::all(border));
}

}  // namespace hoso
