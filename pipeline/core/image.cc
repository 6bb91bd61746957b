#include "pipeline/core/image.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include <opencv2/imgproc.hpp>

namespace hoso {

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
  if (horizontal) {
    for (int y = 0; y < bin.rows; ++y) {
      const uchar* row = bin.ptr<uchar>(y);
      int x = 0;
      while (x < W) {
        while (x < W && !row[x]) ++x;
        if (x >= W) break;
        const int s = x;
        while (x < W && row[x]) ++x;
        if (kept(s, x, &x0, &x1)) span(y, x0, x1);
      }
    }
  } else {
    std::vector<int> start(bin.cols, -1);  // start row of the open run
    auto close = [&](int col, int e) {
      if (kept(start[col], e, &x0, &x1)) span(col, x0, x1);
      start[col] = -1;
    };
    for (int y = 0; y < bin.rows; ++y) {
      const uchar* row = bin.ptr<uchar>(y);
      for (int c = 0; c < bin.cols; ++c) {
        if (row[c]) {
          if (start[c] < 0) start[c] = y;
        } else if (start[c] >= 0) {
          close(c, y);
        }
      }
    }
    for (int c = 0; c < bin.cols; ++c)
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
  // by_width[w](y, x): AND of the w pixels from x.
  std::vector<cv::Mat> by_width(2 * pad + 2);
  for (int h : half) {
    if (h < 0 || !by_width[2 * h + 1].empty()) continue;
    const int w = 2 * h + 1;
    int k = 0;
    while ((2 << k) <= w) ++k;
    const int n = wp - w + 1, shift = w - (1 << k);
    cv::bitwise_and(runs[k].colRange(0, n), runs[k].colRange(shift, shift + n), by_width[w]);
  }
  cv::Mat out(H, W, CV_8UC1, cv::Scalar(255));
  for (int i = 0; i <= 2 * r; ++i) {
    const int h = half[i], dy = i - r;
    // Output rows whose kernel row i falls inside the image (rows outside
    // count as set).
    const int y0 = std::max(0, -dy), y1 = std::min(H, H - dy);
    if (h < 0 || y0 >= y1) continue;
    cv::Mat block = out.rowRange(y0, y1);
    cv::bitwise_and(block, by_width[2 * h + 1](cv::Rect(pad - h, y0 + dy, W, y1 - y0)), block);
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

}  // namespace hoso
