// Geometry: sheet detection, perspective rectification, orientation and
// deskew. See geometry.h for the contract.
//
// Outline of Run():
//  1. Shrink the input to a colour `small` (<= 1000 px long side) for
//     detection.
//  2. Collect candidate quadrilaterals on `small` (skipped for an A4-sized
//     scan whose border is paper all round), cheapest search first,
//     stopping as soon as one shows a clear outline on every side: a
//     brightness / low-chroma segmentation, closed edge contours (Canny on
//     lightness and on a "paperness" channel), and combinations of four long
//     Hough lines
//     found after a morphological closing that wipes out text (these catch a
//     sheet whose outline is broken by a second sheet, a patterned cloth or a
//     shadow). Each is refined by fitting straight lines to the strongest
//     colour step along its sides (robust to fingers and shadows) and scored
//     by how many points along its sides show a paper-to-surroundings step,
//     less where its corners are Ts with edges running on past them or out
//     on the background, or paper falls short inside it (an outline taking
//     in a piece of a second sheet or of the table).
//     The best plausible candidate wins; none means "no sheet" (scan
//     pass-through: the whole image is the page).
//  3. Refine the winner's sides once more on the full-resolution image.
//  4. Estimate the sheet's physical aspect (Zhang & He, "Whiteboard scanning
//     and image enhancement", 2007) and snap to A4 when close.
//  5. Warp the full-resolution input once to the unrotated page at the
//     output resolution (gray unless the page carries coloured ink), and
//     shrink that to a 150 dpi analysis copy; decide the text direction from
//     the gaps in projection profiles, up versus down from the ascender /
//     descender balance of the text lines (Vietnamese tone marks make it
//     strong), consulting Tesseract OSD only when that balance is weak;
//     estimate residual skew from the text-line projection profile.
//  6. Quarter turns are exact pixel moves of the warped page; a residual skew
//     is one more warp from the input with everything composed (photos) or a
//     small rotation of the resized page (scans).
#include "pipeline/geometry/geometry.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <cstdlib>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <numeric>
#include <string>
#include <vector>

#include <opencv2/imgproc.hpp>
#include <tesseract/baseapi.h>


#include "pipeline/core/image.h"
#include "pipeline/core/util.h"

#ifdef HOSO_AVX2_CODE
#include <immintrin.h>
#endif

namespace hoso {

namespace {

constexpr double kA4Aspect = 297.0 / 210.0;  // long side / short side
constexpr double kA4ShortMm = 210.0;
constexpr double kMmPerInch = 25.4;
constexpr double kAnalysisDpi = 150.0;
constexpr int kDetectLongSide = 1000;
// AddLineQuads ranks a line by its PaperStep plus this times its length
// (the Hough segments' total): where paper meets background counts, and
// edge strength alone (a stripe of the cloth) only a little.
constexpr double kLineLengthWeight = 0.1;
// A sheet candidate from the closed-outline search whose every side shows a
// paper-to-surroundings step at this fraction of its points, with paper this
// uniform inside, is taken without the straight-line search.
constexpr double kClearOutlineSupport = 0.85;
constexpr double kClearOutlineUniformity = 0.9;
// Ink just inside a side (MarginInk) at more than this fraction of its
// points: printed forms keep a blank margin, so the side is likely a
// shadow's edge across the sheet, not the sheet's. Such a candidate loses
// score by the excess (below it, a title or a stamp may come near a side);
// the best candidate ends the search early only with less.
constexpr double kMarginInkTolerated = 0.3;
// Paper as uniform (Uniformity) from this to this times its median
// lightness. A shadow over more than half the sheet makes the median
// shadowed paper, and the lit rest may be twice as light: as PaperLike
// takes it (1.6 before: z6802 d0002/1, q1122 d0020/2 and e9494 d0020/2
// lost the whole sheet to a part of it, quad IoU 0.35, 0.92, 0.15 ->
// 0.999; eval_geometry on all 39 sets, 3031 pages: no other page changed
// by more than 0.0002).
constexpr double kUniformDarkest = 0.55;
constexpr double kUniformLightest = 2.2;
// An outline that takes in a piece of a second sheet or of the background
// beside the sheet (a side of it being the other sheet's edge) loses score:
// - per corner where a side's edge runs on past it, a T where two sheets'
//   edges meet (Overshoot), this times its excess over kOvershootTolerated;
// - per corner whose inside is not paper (CornersNotPaper), this much;
// - by this times the shortfall of paper inside it (the closed paper mask)
//   below kPaperFractionWanted (shadows on the sheet cost a little).
// Measured, with PreferInnerSheet's overshoot rule, on 1117 pages of 16
// generated sets: seven outlines that took in a second sheet or background
// fixed (quad IoU 0.57-0.89 -> 0.99), none worse.
constexpr double kOvershootWeight = 0.5;
constexpr double kOvershootTolerated = 0.25;
constexpr double kCornerNotPaperWeight = 0.5;
constexpr double kPaperShortfallWeight = 2.0;
constexpr double kPaperFractionWanted = 0.9;
// These forms are A4: an outline whose sheet would be far from A4's shape
// by both estimates of it (NotA4) is most often a piece of the sheet cut
// off at a shadow's edge, or the sheet with a second one under it. Beyond
// kNotA4Tolerated, each unit costs kNotA4Weight, and it does not end the
// search for outlines.
constexpr double kNotA4Tolerated = 0.15;
constexpr double kNotA4Weight = 25.0;
// Degrees (NotA4).
constexpr double kCameraModelMinConvergence = 2.0;
// TextRunsAlong: one profile this much sharper than the other.
constexpr double kTextDirectionMargin = 1.3;
// How many of the best such outlines A4 completions are made from.
constexpr int kA4CompletionsFrom = 4;
// Text lines whose ascender/descender balance (UprightEvidence) is at least
// this far from 0, their direction sure, are turned by it alone; Tesseract's
// OSD, which classifies 250 blobs four ways (250-470 ms CPU a page), is
// consulted below it. Measured at session 14 on 189 pages of three
// generated sets (42 of them turned by 1-3 quarters): the balance gave the
// right turn on every page; six had |balance| in [0.1, 0.25), where OSD was
// consulted before and never changed the answer.
constexpr double kDecisiveBalance = 0.1;

using Quad = std::array<cv::Point2f, 4>;  // TL, TR, BR, BL (clockwise, y down)

double Cross(cv::Point2f a, cv::Point2f b) { return a.x * b.y - a.y * b.x; }
double Norm(cv::Point2f a) { return std::sqrt(a.x * a.x + a.y * a.y); }

double QuadArea(const Quad& q) {
  double a = 0;
  for (int i = 0; i < 4; ++i) a += Cross(q[i], q[(i + 1) % 4]);
  return std::abs(a) / 2;
}

// Convex with every interior angle in [35, 145] degrees.
bool PlausibleQuad(const Quad& q) {
  int sign = 0;
  for (int i = 0; i < 4; ++i) {
    cv::Point2f a = q[(i + 3) % 4] - q[i], b = q[(i + 1) % 4] - q[i];
    double c = Cross(b, a);
    int s = c > 0 ? 1 : (c < 0 ? -1 : 0);
    if (s == 0 || (sign != 0 && s != sign)) return false;
    sign = s;
    double na = Norm(a), nb = Norm(b);
    if (na < 1 || nb < 1) return false;
    double cosang = (a.x * b.x + a.y * b.y) / (na * nb);
    if (std::abs(cosang) > std::cos(35.0 * CV_PI / 180)) return false;
  }
  return true;
}

// Orders four points clockwise (in y-down image coordinates) starting at the
// corner whose outgoing side points most nearly to the right.
Quad OrderQuad(const std::vector<cv::Point2f>& pts) {
  cv::Point2f c(0, 0);
  for (const auto& p : pts) c += p;
  c *= 0.25f;
  std::vector<cv::Point2f> v = pts;
  std::sort(v.begin(), v.end(), [&](cv::Point2f a, cv::Point2f b) {
    return std::atan2(a.y - c.y, a.x - c.x) < std::atan2(b.y - c.y, b.x - c.x);
  });
  int best = 0;
  double best_dir = -2;
  for (int i = 0; i < 4; ++i) {
    cv::Point2f d = v[(i + 1) % 4] - v[i];
    double dir = d.x / std::max(1e-6, Norm(d));
    if (dir > best_dir) best_dir = dir, best = i;
  }
  Quad q;
  for (int i = 0; i < 4; ++i) q[i] = v[(best + i) % 4];
  return q;
}

Quad ScaleQuad(const Quad& q, double s) {
  Quad r;
  for (int i = 0; i < 4; ++i) r[i] = q[i] * static_cast<float>(s);
  return r;
}

// Line a*x + b*y = c with (a, b) a unit normal.
struct Line {
  double a, b, c;
};

bool Intersect(const Line& l1, const Line& l2, cv::Point2f* p) {
  double det = l1.a * l2.b - l2.a * l1.b;
  if (std::abs(det) < 1e-9) return false;
  p->x = static_cast<float>((l1.c * l2.b - l2.c * l1.b) / det);
  p->y = static_cast<float>((l1.a * l2.c - l2.a * l1.c) / det);
  return true;
}

Line LineThrough(cv::Point2f p, cv::Point2f q) {
  cv::Point2f d = q - p;
  double n = std::max(1e-9, Norm(d));
  Line l{-d.y / n, d.x / n, 0};
  l.c = l.a * p.x + l.b * p.y;
  return l;
}

// Bilinear sample of an 8-bit 3-channel image (a gray image gives its one
// value three times); false outside.
bool Sample3(const cv::Mat& img, double x, double y, float out[3]) {
  if (!(x >= 0 && y >= 0 && x <= img.cols - 1.001 && y <= img.rows - 1.001)) return false;  // NaN too
  int x0 = static_cast<int>(x), y0 = static_cast<int>(y);
  double fx = x - x0, fy = y - y0;
  const int cn = img.channels();
  const uchar* r0 = img.ptr<uchar>(y0) + cn * x0;
  const uchar* r1 = img.ptr<uchar>(y0 + 1) + cn * x0;
  for (int c = 0; c < 3; ++c) {
    const int i = cn == 3 ? c : 0;
    double top = r0[i] * (1 - fx) + r0[cn + i] * fx;
    double bot = r1[i] * (1 - fx) + r1[cn + i] * fx;
    out[c] = static_cast<float>(top * (1 - fy) + bot * fy);
  }
  return true;
}

// The 8-bit one-channel pixel of `m` nearest `p`, or nullptr off the image.
const uchar* PixelAt(const cv::Mat& m, cv::Point2f p) {
  const int x = cvRound(p.x), y = cvRound(p.y);
  return x < 0 || y < 0 || x >= m.cols || y >= m.rows ? nullptr : m.ptr<uchar>(y) + x;
}

// Outward unit normal of side i of a clockwise (y-down) quad.
cv::Point2f OutwardNormal(const Quad& q, int i) {
  cv::Point2f d = q[(i + 1) % 4] - q[i];
  double n = std::max(1e-9, Norm(d));
  // Clockwise in y-down coordinates: the outside is to the left of travel,
  // i.e. (d.y, -d.x).
  return cv::Point2f(static_cast<float>(d.y / n), static_cast<float>(-d.x / n));
}

// Fits a line robustly (Huber, then trimmed refits) to weighted points.
bool FitRobustLine(std::vector<cv::Point2f> pts, double min_tol, Line* line) {
  for (int iter = 0; iter < 3; ++iter) {
    if (pts.size() < 6) return false;
    cv::Vec4f f;
    cv::fitLine(pts, f, cv::DIST_HUBER, 0, 0.01, 0.01);
    Line l{-f[1], f[0], 0};
    l.c = l.a * f[2] + l.b * f[3];
    *line = l;
    std::vector<double> res;
    res.reserve(pts.size());
    for (const auto& p : pts) res.push_back(std::abs(l.a * p.x + l.b * p.y - l.c));
    std::vector<double> sorted = res;
    std::nth_element(sorted.begin(), sorted.begin() + sorted.size() / 2, sorted.end());
    double tol = std::max(min_tol, 2.5 * 1.4826 * sorted[sorted.size() / 2]);
    std::vector<cv::Point2f> kept;
    for (size_t i = 0; i < pts.size(); ++i)
      if (res[i] <= tol) kept.push_back(pts[i]);
    if (kept.size() == pts.size()) return true;
    pts.swap(kept);
  }
  return pts.size() >= 6;
}

// For each side, searches along the normal within +-radius for the strongest
// colour step (mean of `half` samples outside vs inside), fits a robust line
// to the step positions, and intersects neighbouring lines. Returns false
// (leaving *q alone) when a side has too little support or the result is
// implausible.
bool RefineQuad(const cv::Mat& bgr, double radius, double half, int samples, Quad* q) {
  std::array<Line, 4> lines;
  const int nsteps = static_cast<int>(std::ceil(radius));
  const int nh = std::max(1, static_cast<int>(std::round(half)));
  std::vector<std::array<float, 3>> prof;
  for (int side = 0; side < 4; ++side) {
    cv::Point2f a = (*q)[side], b = (*q)[(side + 1) % 4];
    cv::Point2f n = OutwardNormal(*q, side);
    std::vector<cv::Point2f> pts;
    for (int s = 0; s < samples; ++s) {
      double t = 0.06 + 0.88 * (s + 0.5) / samples;
      cv::Point2f p = a + (b - a) * static_cast<float>(t);
      // Profile from -radius-nh to +radius+nh.
      int total = 2 * (nsteps + nh) + 1;
      prof.assign(total, {0, 0, 0});
      std::vector<char> ok(total, 0);
      for (int k = 0; k < total; ++k) {
        double d = (k - nsteps - nh) * std::max(1.0, half / nh);
        ok[k] = Sample3(bgr, p.x + n.x * d, p.y + n.y * d, prof[k].data());
      }
      double best = 0;
      int best_k = -1;
      for (int k = nh; k < total - nh; ++k) {
        bool valid = true;
        float in[3] = {0, 0, 0}, out[3] = {0, 0, 0};
        for (int j = 1; j <= nh && valid; ++j) {
          if (!ok[k - j] || !ok[k + j]) { valid = false; break; }
          for (int c = 0; c < 3; ++c) in[c] += prof[k - j][c], out[c] += prof[k + j][c];
        }
        if (!valid) continue;
        double d2 = 0;
        for (int c = 0; c < 3; ++c) {
          double diff = (in[c] - out[c]) / nh;
          d2 += diff * diff;
        }
        double strength = std::sqrt(d2);
        double off = std::abs(k - nsteps - nh) / static_cast<double>(nsteps + 1);
        double w = strength * (1.0 - 0.25 * off);
        if (w > best) best = w, best_k = k;
      }
      if (best_k < 0 || best < 12) continue;
      double d = (best_k - nsteps - nh) * std::max(1.0, half / nh);
      pts.push_back(p + n * static_cast<float>(d));
    }
    if (static_cast<int>(pts.size()) < samples / 3) return false;
    if (!FitRobustLine(pts, std::max(1.0, half * 0.5), &lines[side])) return false;
  }
  Quad r;
  for (int i = 0; i < 4; ++i)
    if (!Intersect(lines[(i + 3) % 4], lines[i], &r[i])) return false;
  if (!PlausibleQuad(r)) return false;
  for (int i = 0; i < 4; ++i)
    if (Norm(r[i] - (*q)[i]) > 3 * radius + 2) return false;
  *q = r;
  return true;
}

// Fraction of a grid of points inside `q` (inset by 6 %) whose colour is
// close to the median colour inside and where the text-free (closed) image
// is locally smooth (`local_std`): near 1 for a sheet of paper, low for a
// quad that also covers background or a patterned cloth. Close: the
// chroma within 14 and the lightness kUniformDarkest to kUniformLightest
// times the median's.
double Uniformity(const cv::Mat& lab, const geometry_internal::LocalStd& local_std, const Quad& q,
                  std::array<float, 3>* median = nullptr, int n = 20) {
  std::vector<cv::Point2f> unit = {{0, 0}, {1, 0}, {1, 1}, {0, 1}};
  std::vector<cv::Point2f> dst(q.begin(), q.end());
  cv::Matx33d h(cv::getPerspectiveTransform(unit, dst));
  std::vector<std::array<float, 3>> v;
  std::vector<char> smooth;
  v.reserve(n * n);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) {
      cv::Vec3d u(0.06 + 0.88 * (j + 0.5) / n, 0.06 + 0.88 * (i + 0.5) / n, 1);
      cv::Vec3d p = h * u;
      std::array<float, 3> c;
      if (Sample3(lab, p[0] / p[2], p[1] / p[2], c.data())) {
        v.push_back(c);
        int x = static_cast<int>(p[0] / p[2]), y = static_cast<int>(p[1] / p[2]);
        smooth.push_back(local_std.At(x, y) < 9.0f);
      }
    }
  if (v.size() < static_cast<size_t>(n * n / 8)) return 0;
  std::array<float, 3> med{};
  for (int c = 0; c < 3; ++c) {
    std::vector<float> ch;
    for (const auto& x : v) ch.push_back(x[c]);
    std::nth_element(ch.begin(), ch.begin() + ch.size() / 2, ch.end());
    med[c] = ch[ch.size() / 2];
  }
  if (median) *median = med;
  int close = 0;
  for (size_t i = 0; i < v.size(); ++i) {
    const auto& x = v[i];
    double dl = x[0] / std::max(1.0f, med[0]);
    double dc = std::hypot(x[1] - med[1], x[2] - med[2]);
    close += smooth[i] && dl > kUniformDarkest && dl < kUniformLightest && dc < 14;
  }
  return close / static_cast<double>(v.size());
}

// `paper` is the sheet's median colour. Lit paper may be far brighter than
// it: a shadow over most of the sheet makes the median shadowed paper.
bool PaperLike(const float c[3], const std::array<float, 3>& paper) {
  double dl = c[0] / std::max(1.0f, paper[0]);
  return dl > 0.4 && dl < 2.2 && std::hypot(c[1] - paper[1], c[2] - paper[2]) < 16;
}

// Whether the surroundings step at `p` across a side with outward normal
// `n`: 1 for a clear colour step, or paper (the brighter side) over
// something darker such as the sheet's own shadow on another sheet, with the
// band inside like `paper` (the sheet's median Lab colour); 0 for none; -1
// where the samples leave the image.
int StepAt(const cv::Mat& lab, cv::Point2f p, cv::Point2f n, const std::array<float, 3>& paper) {
  float in[3] = {0, 0, 0}, out[3] = {0, 0, 0}, v[3];
  for (int d = 2; d <= 5; ++d) {
    if (!Sample3(lab, p.x - n.x * d, p.y - n.y * d, v)) return -1;
    for (int c = 0; c < 3; ++c) in[c] += v[c];
    if (!Sample3(lab, p.x + n.x * d, p.y + n.y * d, v)) return -1;
    for (int c = 0; c < 3; ++c) out[c] += v[c];
  }
  double d2 = 0;
  for (int c = 0; c < 3; ++c) d2 += (in[c] - out[c]) * (in[c] - out[c]) / 16.0;
  const float in_mean[3] = {in[0] / 4, in[1] / 4, in[2] / 4};
  if (!PaperLike(in_mean, paper)) return 0;
  return std::sqrt(d2) > 14 || (in[0] - out[0]) / 4.0 > 8 ? 1 : 0;
}

// Per side: the fraction of points along it with a step (StepAt).
std::array<double, 4> SideSupport(const cv::Mat& lab, const Quad& q, const std::array<float, 3>& paper,
                                  int samples = 40) {
  std::array<double, 4> sup{};
  for (int side = 0; side < 4; ++side) {
    const cv::Point2f a = q[side], b = q[(side + 1) % 4];
    const cv::Point2f n = OutwardNormal(q, side);
    int good = 0;
    for (int s = 0; s < samples; ++s)
      good += StepAt(lab, a + (b - a) * static_cast<float>(0.05 + 0.9 * (s + 0.5) / samples), n, paper) == 1;
    sup[side] = good / static_cast<double>(samples);
  }
  return sup;
}

}  // namespace

namespace geometry_internal {

std::array<double, 4> Overshoot(const cv::Mat& closed, const Quad& q, double paper_grey, double from, double to,
                                int samples) {
  std::array<double, 4> out{};
  auto grey = [&](cv::Point2f p, double* v) {
    const uchar* px = PixelAt(closed, p);
    if (px) *v += *px;
    return px != nullptr;
  };
  for (int side = 0; side < 4; ++side) {
    const cv::Point2f a = q[side], b = q[(side + 1) % 4];
    const cv::Point2f n = OutwardNormal(q, side);
    const cv::Point2f u = (b - a) * static_cast<float>(1.0 / std::max(1.0, Norm(b - a)));
    for (int end = 0; end < 2; ++end) {
      const cv::Point2f c = end ? b : a, dir = end ? u : -u;
      int good = 0, valid = 0;
      for (int s = 0; s < samples; ++s) {
        const cv::Point2f p = c + dir * static_cast<float>(from + (to - from) * (s + 0.5) / samples);
        double in = 0, outside = 0;
        bool ok = true;
        for (int d = 2; d <= 5 && ok; ++d)
          ok = grey(p - n * static_cast<float>(d), &in) && grey(p + n * static_cast<float>(d), &outside);
        if (!ok) continue;
        ++valid;
        good += in / 4 > 0.6 * paper_grey && (in - outside) / 4 > 12;
      }
      const int corner = end ? (side + 1) % 4 : side;
      if (valid * 2 >= samples) out[corner] = std::max(out[corner], good / static_cast<double>(valid));
    }
  }
  return out;
}

int CornersNotPaper(const cv::Mat& lab, const Quad& q, const std::array<float, 3>& paper, double from, double to) {
  int bad = 0;
  for (int i = 0; i < 4; ++i) {
    auto unit = [](cv::Point2f d, double floor) { return d * static_cast<float>(1.0 / std::max(floor, Norm(d))); };
    // Along the bisector, inwards.
    const cv::Point2f b = unit(unit(q[(i + 1) % 4] - q[i], 1.0) + unit(q[(i + 3) % 4] - q[i], 1.0), 1e-6);
    float sum[3] = {0, 0, 0}, c[3];
    int n = 0;
    for (int s = 0; s < 5; ++s) {
      const cv::Point2f p = q[i] + b * static_cast<float>(from + (to - from) * s / 4.0);
      if (!Sample3(lab, p.x, p.y, c)) continue;
      for (int k = 0; k < 3; ++k) sum[k] += c[k];
      ++n;
    }
    if (n < 3) continue;
    const float mean[3] = {sum[0] / n, sum[1] / n, sum[2] / n};
    bad += !PaperLike(mean, paper);
  }
  return bad;
}

double PaperUniformity(const cv::Mat& lab, const LocalStd& local_std, const Quad& q) {
  return Uniformity(lab, local_std, q);
}

double MaskFraction(const cv::Mat& mask, const Quad& q, int grid) {
  int set = 0, all = 0;
  for (int i = 0; i < grid; ++i)
    for (int j = 0; j < grid; ++j) {
      const float u = (i + 0.5f) / grid, v = (j + 0.5f) / grid;
      const cv::Point2f top = q[0] + (q[1] - q[0]) * u, bottom = q[3] + (q[2] - q[3]) * u;
      const uchar* px = PixelAt(mask, top + (bottom - top) * v);
      if (!px) continue;
      ++all;
      set += *px != 0;
    }
  return all ? set / static_cast<double>(all) : 0;
}

bool BalanceDecides(bool direction_sure, double balance) {
  return direction_sure && std::abs(balance) >= kDecisiveBalance;
}

int ChooseTurns(int k0, bool direction_sure, double balance, int osd_turns, float osd_confidence) {
  const int by_balance = balance >= 0 ? k0 : k0 + 2;
  if (BalanceDecides(direction_sure, balance)) return by_balance;
  // OSD reading the lines across a sure direction is no answer.
  const bool osd_answers = osd_turns >= 0 && !(direction_sure && (osd_turns % 2) != k0);
  // No balance either way (|balance| ~ 0: a blurred page, or lines still
  // tilted after a bad outline) and no answer from OSD: keep the reading
  // direction as it is rather than turn the page over on a coin toss.
  if (!osd_answers) return std::abs(balance) < 0.05 ? k0 : by_balance;
  // OSD wins when confident: very, when the balance says something.
  const double needed = std::abs(balance) < 0.1 ? 1.5 : 5.0;
  return osd_confidence >= needed ? osd_turns : by_balance;
}

}  // namespace geometry_internal

namespace {

// Adds the quadrilateral best describing `contour` (convex hull simplified to
// four sides; with more, the four longest sides are extended and intersected).
void AddQuadFromContour(const std::vector<cv::Point>& contour, double min_area,
                        std::vector<Quad>* out) {
  std::vector<cv::Point> hull;
  cv::convexHull(contour, hull);
  if (hull.size() < 4 || cv::contourArea(hull) < min_area) return;
  double peri = cv::arcLength(hull, true);
  std::vector<cv::Point> approx;
  for (double eps : {0.01, 0.02, 0.035}) {
    cv::approxPolyDP(hull, approx, eps * peri, true);
    if (approx.size() <= 8) break;
  }
  if (approx.size() < 4) return;
  std::vector<cv::Point2f> corners;
  if (approx.size() == 4) {
    for (const auto& p : approx) corners.emplace_back(p);
  } else {
    const int n = static_cast<int>(approx.size());
    std::vector<int> idx(n);
    std::iota(idx.begin(), idx.end(), 0);
    auto len = [&](int i) { return cv::norm(approx[(i + 1) % n] - approx[i]); };
    std::sort(idx.begin(), idx.end(), [&](int x, int y) { return len(x) > len(y); });
    idx.resize(4);
    std::sort(idx.begin(), idx.end());
    for (int i = 0; i < 4; ++i) {
      int s1 = idx[i], s2 = idx[(i + 1) % 4];
      Line l1 = LineThrough(approx[s1], approx[(s1 + 1) % n]);
      Line l2 = LineThrough(approx[s2], approx[(s2 + 1) % n]);
      cv::Point2f p;
      if (!Intersect(l1, l2, &p)) return;
      corners.push_back(p);
    }
  }
  Quad q = OrderQuad(corners);
  if (PlausibleQuad(q) && QuadArea(q) >= min_area) out->push_back(q);
}

void AddContours(const cv::Mat& binary, double min_area, int mode, std::vector<Quad>* out) {
  std::vector<std::vector<cv::Point>> contours;
  cv::findContours(binary, contours, mode, cv::CHAIN_APPROX_SIMPLE);
  for (const auto& c : contours) {
    cv::Rect r = cv::boundingRect(c);
    if (static_cast<double>(r.area()) < min_area) continue;
    AddQuadFromContour(c, min_area, out);
  }
}

// What the closed-outline candidate searches work on.
struct OutlineInputs {
  std::vector<cv::Mat> ch;  // L, a, b of the small image
  cv::Mat paper8;           // paperness: light and unsaturated
  cv::Mat paper_mask;       // paper8 split by Otsu (smoothed): 255 = paper
  cv::Mat paper_closed;     // paper_mask closed (9 px) over print
  double min_area = 0;
};

OutlineInputs MakeOutlineInputs(const cv::Mat& small, const cv::Mat& lab) {
  OutlineInputs in;
  in.min_area = 0.12 * static_cast<double>(small.total());
  cv::split(lab, in.ch);
  // paper = L - 2 * chroma, chroma = |(a - 128, b - 128)|, rounded and
  // saturated to 8 bits; 2 * chroma from a table over (a, b) (one pass
  // instead of six float images: ~30 -> ~3 ms at 1000 px).
  static const std::vector<float> twice_chroma = [] {
    std::vector<float> t(256 * 256);
    for (int a = 0; a < 256; ++a)
      for (int b = 0; b < 256; ++b) t[a * 256 + b] = 2.0f * std::hypot(static_cast<float>(a - 128), static_cast<float>(b - 128));
    return t;
  }();
  in.paper8.create(lab.size(), CV_8UC1);
  for (int y = 0; y < lab.rows; ++y) {
    const uchar* p = lab.ptr<uchar>(y);
    uchar* o = in.paper8.ptr<uchar>(y);
    for (int x = 0; x < lab.cols; ++x, p += 3) o[x] = cv::saturate_cast<uchar>(p[0] - twice_chroma[p[1] * 256 + p[2]]);
  }
  cv::Mat blur;
  cv::GaussianBlur(in.paper8, blur, cv::Size(5, 5), 0);
  cv::threshold(blur, in.paper_mask, 0, 255, cv::THRESH_BINARY | cv::THRESH_OTSU);
  cv::morphologyEx(in.paper_mask, in.paper_closed, cv::MORPH_CLOSE,
                   cv::getStructuringElement(cv::MORPH_RECT, cv::Size(9, 9)));
  return in;
}

// Candidate sheet quads from a segmentation: Otsu on paperness, then
// opened to cut thin bridges.
void SegmentationCandidates(const OutlineInputs& in, std::vector<Quad>* out) {
  for (int open : {5, 21}) {
    // (OpenBinary: OpenCV's opening, ~10x cheaper for the 21 px ellipse.)
    const cv::Mat m = OpenBinary(in.paper_closed, cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(open, open)));
    AddContours(m, in.min_area, cv::RETR_EXTERNAL, out);
  }
}

// Candidate sheet quads from closed edge contours (Canny on lightness and
// on paperness).
void EdgeCandidates(const OutlineInputs& in, std::vector<Quad>* out) {
  cv::Mat kernel = cv::getStructuringElement(cv::MORPH_RECT, cv::Size(3, 3));
  for (const cv::Mat* src : {&in.ch[0], &in.paper8}) {
    cv::Mat blur, edges, dx, dy;
    cv::GaussianBlur(*src, blur, cv::Size(5, 5), 0);
    // The gradients Canny would compute for each threshold pair, once (the
    // same edges: Canny takes its 3x3 Sobel with a replicated border).
    cv::Sobel(blur, dx, CV_16S, 1, 0, 3, 1, 0, cv::BORDER_REPLICATE);
    cv::Sobel(blur, dy, CV_16S, 0, 1, 3, 1, 0, cv::BORDER_REPLICATE);
    for (auto th : {std::pair<int, int>(20, 60), std::pair<int, int>(40, 120)}) {
      cv::Canny(dx, dy, edges, th.first, th.second);
      cv::dilate(edges, edges, kernel);
      AddContours(edges, in.min_area, cv::RETR_LIST, out);
    }
  }
}

// Candidate quads from straight lines: Hough segments on the edge map are
// merged into long lines; pairs of roughly parallel lines far apart are
// combined with another such pair at a large angle, and the quads whose sides
// show the most paper-to-background steps are kept. This finds a sheet whose
// outline is broken (second sheet, patterned cloth, shadow) and so never
// forms one closed contour.
// `closed`: the grey image after a closing that wipes out dark text, rules
// and the grey bars of another sheet, so that the edges left are mostly
// steps between paper and what surrounds it.
void AddLineQuads(const OutlineInputs& outline, const cv::Mat& lab, const cv::Mat& closed,
                  const geometry_internal::LocalStd& local_std, std::vector<Quad>* out) {
  const cv::Mat& gray = closed;
  const double long_side = std::max(gray.cols, gray.rows);
  const double img_area = static_cast<double>(gray.total());
  cv::Mat blur, edges;
  cv::GaussianBlur(closed, blur, cv::Size(5, 5), 0);
  // Low thresholds: the edge between two sheets is a step of a few grey
  // levels; texture is handled by the per-direction line limit below.
  cv::Canny(blur, edges, 6, 18);
  std::vector<cv::Vec4i> segs;
  cv::HoughLinesP(edges, segs, 1, CV_PI / 360, 40, 0.08 * long_side, 0.02 * long_side);
  struct L {
    double theta, rho, len;  // normal angle in [0, pi), x cos + y sin = rho
    double step = 0;         // PaperStep of the line, pixels
  };
  std::vector<L> lines;
  for (const auto& sg : segs) {
    double dx = sg[2] - sg[0], dy = sg[3] - sg[1];
    double len = std::hypot(dx, dy);
    double th = std::atan2(dy, dx) + CV_PI / 2;  // normal
    while (th < 0) th += CV_PI;
    while (th >= CV_PI) th -= CV_PI;
    double rho = sg[0] * std::cos(th) + sg[1] * std::sin(th);
    bool merged = false;
    for (auto& l : lines) {
      double dth = std::abs(l.theta - th);
      double r2 = rho;
      if (dth > CV_PI / 2) {  // wrap: theta ~ 0 vs ~ pi means rho flips sign
        dth = CV_PI - dth;
        r2 = -rho;
      }
      if (dth < 2.0 * CV_PI / 180 && std::abs(l.rho - r2) < 0.008 * long_side) {
        l.len += len;
        merged = true;
        break;
      }
    }
    if (!merged) lines.push_back({th, rho, len});
  }
  // The few lines of every direction most likely to be a sheet's sides (a
  // striped, checked or dotted background must not crowd them out): those
  // running furthest between paper and background (the paper mask differs
  // across them), then the longest. A stripe of the cloth is a strong edge
  // but mostly has cloth on both sides. A side against another sheet has
  // paper on both: kept when its direction is not crowded.
  const double step_offset = std::max(3.0, 0.005 * long_side), min_length = 0.1 * long_side;
  for (L& l : lines) {
    if (l.len >= min_length) l.step = geometry_internal::PaperStep(outline.paper_mask, l.theta, l.rho, step_offset);
  }
  auto weight = [](const L& l) { return l.step + kLineLengthWeight * l.len; };
  std::sort(lines.begin(), lines.end(), [&](const L& a, const L& b) { return weight(a) > weight(b); });
  {
    // Cells of 5 degrees x a quarter of the long side in rho: at most
    // three lines per cell, at most 40 in all. (Cells of 15 degrees let
    // the dot rows of a cloth, 11 degrees off a sheet's side, crowd it
    // out.)
    std::vector<L> kept;
    std::map<std::pair<int, int>, int> per_cell;
    for (const auto& l : lines) {
      if (l.len < min_length || kept.size() >= 40) continue;
      int bin = std::min(35, static_cast<int>(l.theta / (CV_PI / 36)));
      int rbin = static_cast<int>(std::floor(l.rho / (0.25 * long_side)));
      int& n = per_cell[{bin, rbin}];
      if (n < 3) {
        ++n;
        kept.push_back(l);
      }
    }
    lines.swap(kept);
  }
  auto to_line = [](const L& l) { return Line{std::cos(l.theta), std::sin(l.theta), l.rho}; };
  auto angle_diff = [](double a, double b) {
    double d = std::abs(a - b);
    return d > CV_PI / 2 ? CV_PI - d : d;
  };
  // Pairs of nearly parallel lines at least 20 % of the long side apart
  // (measured at the image centre, where two sides converging towards the
  // camera come closer than the sheet is wide: a sheet filling a fifth of
  // the photo, its short side 30 % of the long side, measured 25 %).
  std::vector<std::pair<int, int>> pairs;
  for (size_t i = 0; i < lines.size(); ++i)
    for (size_t j = i + 1; j < lines.size(); ++j) {
      if (angle_diff(lines[i].theta, lines[j].theta) > 25 * CV_PI / 180) continue;
      Line a = to_line(lines[i]), b = to_line(lines[j]);
      // Distance between the lines at the image centre.
      cv::Point2f c(gray.cols / 2.f, gray.rows / 2.f);
      double da = a.a * c.x + a.b * c.y - a.c, db = b.a * c.x + b.b * c.y - b.c;
      double sep = (a.a * b.a + a.b * b.b) > 0 ? std::abs(da - db) : std::abs(da + db);
      if (sep > 0.2 * long_side) pairs.emplace_back(static_cast<int>(i), static_cast<int>(j));
    }
  struct Scored {
    Quad q;
    double score;
  };
  std::vector<Scored> scored;
  for (size_t p = 0; p < pairs.size(); ++p)
    for (size_t r = p + 1; r < pairs.size(); ++r) {
      const auto& A = pairs[p];
      const auto& B = pairs[r];
      if (angle_diff(lines[A.first].theta, lines[B.first].theta) < 50 * CV_PI / 180) continue;
      Line a1 = to_line(lines[A.first]), a2 = to_line(lines[A.second]);
      Line b1 = to_line(lines[B.first]), b2 = to_line(lines[B.second]);
      std::vector<cv::Point2f> pts(4);
      if (!Intersect(a1, b1, &pts[0]) || !Intersect(b1, a2, &pts[1]) || !Intersect(a2, b2, &pts[2]) ||
          !Intersect(b2, a1, &pts[3]))
        continue;
      bool inside = true;
      for (const auto& pt : pts)
        if (pt.x < -2 || pt.y < -2 || pt.x > gray.cols + 1 || pt.y > gray.rows + 1) inside = false;
      if (!inside) continue;
      Quad q = OrderQuad(pts);
      if (!PlausibleQuad(q)) continue;
      double area = QuadArea(q) / img_area;
      if (area < 0.12 || area > 0.97) continue;
      std::array<float, 3> paper;
      double uni = Uniformity(lab, local_std, q, &paper, 12);
      if (uni < 0.7) continue;
      auto sup = SideSupport(lab, q, paper, 12);
      double mean = (sup[0] + sup[1] + sup[2] + sup[3]) / 4;
      double mn = *std::min_element(sup.begin(), sup.end());
      if (mn < 0.25) continue;
      scored.push_back({q, mean + 0.5 * mn + 1.5 * std::sqrt(area) + 2 * uni});
    }
  std::sort(scored.begin(), scored.end(), [](const Scored& a, const Scored& b) { return a.score > b.score; });
  for (size_t i = 0; i < scored.size() && i < 4; ++i) out->push_back(scored[i].q);
}

struct Detection {
  Quad quad;
  double score = 0;
  bool found = false;
};

// Whether the image's border is paper all round: a band (1% of the long
// side) along every side is mostly light, unsaturated pixels as bright as
// the middle of the page. Then no background shows, and there is no sheet
// edge to find. (A dark strip from a scanner lid, a table or a shadow along
// any side fails it, and the sheet is searched for.)
bool BorderIsPaper(const cv::Mat& small) {
  const int band = std::max(3, std::max(small.cols, small.rows) / 100);
  if (small.cols < 8 * band || small.rows < 8 * band) return false;
  cv::Mat gray;
  cv::cvtColor(small, gray, cv::COLOR_BGR2GRAY);
  // Paper level: a high percentile of the middle half (text is dark).
  const cv::Mat mid = gray(cv::Rect(small.cols / 4, small.rows / 4, small.cols / 2, small.rows / 2));
  std::vector<uchar> v(mid.begin<uchar>(), mid.end<uchar>());
  std::nth_element(v.begin(), v.begin() + v.size() * 3 / 4, v.end());
  const int paper = v[v.size() * 3 / 4];
  if (paper < 150) return false;
  const int min_light = paper * 85 / 100;
  const cv::Rect sides[4] = {{0, 0, small.cols, band},
                             {0, small.rows - band, small.cols, band},
                             {0, 0, band, small.rows},
                             {small.cols - band, 0, band, small.rows}};
  for (const cv::Rect& r : sides) {
    int paperlike = 0;
    for (int y = r.y; y < r.y + r.height; ++y) {
      const cv::Vec3b* p = small.ptr<cv::Vec3b>(y);
      const uchar* g = gray.ptr<uchar>(y);
      for (int x = r.x; x < r.x + r.width; ++x) {
        const int hi = std::max({p[x][0], p[x][1], p[x][2]}), lo = std::min({p[x][0], p[x][1], p[x][2]});
        paperlike += g[x] >= min_light && hi - lo <= 40;
      }
    }
    if (paperlike < 0.85 * r.area()) return false;  // text or scanner shading near an edge: a few %
  }
  return true;
}

// Per side: the fraction of points along it with ink just inside, within
// `depth_frac` of the distance to the opposite side (`blackhat`: the closed
// grey image minus the grey image, high on text strokes). A sheet's own
// edge has the form's blank margin inside it; a shadow's edge across the
// sheet, taken for a side, has text beside it.
std::array<double, 4> MarginInk(const cv::Mat& blackhat, const Quad& q, double depth_frac, int samples = 40) {
  std::array<double, 4> out{};
  for (int side = 0; side < 4; ++side) {
    cv::Point2f a = q[side], b = q[(side + 1) % 4];
    cv::Point2f n = OutwardNormal(q, side);
    const double across = Norm(q[(side + 2) % 4] - q[(side + 1) % 4]);
    const int depth = std::max(4, static_cast<int>(depth_frac * across));
    int inked = 0, valid = 0;
    for (int s = 0; s < samples; ++s) {
      double t = 0.1 + 0.8 * (s + 0.5) / samples;
      cv::Point2f p = a + (b - a) * static_cast<float>(t);
      int mx = 0;
      bool ok = false;
      for (int d = 3; d <= depth; ++d) {
        const uchar* v = PixelAt(blackhat, p - n * static_cast<float>(d));
        if (!v) continue;
        ok = true;
        mx = std::max(mx, static_cast<int>(*v));
      }
      valid += ok;
      inked += ok && mx > 25;  // a stroke 25 grey levels under the paper around it
    }
    out[side] = valid ? inked / static_cast<double>(valid) : 0;
  }
  return out;
}

// Physical width/height ratio of the rectangle imaged as `q` (TL, TR, BR,
// BL), Zhang & He 2007 with the principal point at the image centre. Returns
// a negative value when the quad is not consistent with a plausible pinhole
// camera (focal length outside 0.3..5 long sides, or degenerate).
double ZhangHeAspect(const Quad& q, cv::Size image) {
  const double u0 = image.width / 2.0, v0 = image.height / 2.0;
  auto h = [](cv::Point2f p) { return cv::Vec3d(p.x, p.y, 1); };
  cv::Vec3d m1 = h(q[0]), m2 = h(q[1]), m3 = h(q[3]), m4 = h(q[2]);
  double k2 = m1.cross(m4).dot(m3) / m2.cross(m4).dot(m3);
  double k3 = m1.cross(m4).dot(m2) / m3.cross(m4).dot(m2);
  cv::Vec3d n2 = k2 * m2 - m1, n3 = k3 * m3 - m1;
  const double long_side = std::max(image.width, image.height);
  if (std::abs(n2[2] * n3[2]) < 1e-15) return -1;
  double f2 = -((n2[0] * n3[0] - (n2[0] * n3[2] + n2[2] * n3[0]) * u0 + n2[2] * n3[2] * u0 * u0) +
                (n2[1] * n3[1] - (n2[1] * n3[2] + n2[2] * n3[1]) * v0 + n2[2] * n3[2] * v0 * v0)) /
               (n2[2] * n3[2]);
  if (!(f2 > 0)) return -1;
  double f = std::sqrt(f2);
  if (f < 0.3 * long_side || f > 5 * long_side) return -1;
  auto len2 = [&](const cv::Vec3d& n) {
    double x = (n[0] - u0 * n[2]) / f, y = (n[1] - v0 * n[2]) / f;
    return x * x + y * y + n[2] * n[2];
  };
  double r2 = len2(n2) / len2(n3);
  if (!(r2 > 0) || !std::isfinite(r2)) return -1;
  return std::sqrt(r2);
}

// The mean lengths of the top and bottom sides (width) and of the left and
// right ones (height).
cv::Size2d MeanSides(const Quad& q) {
  return {(Norm(q[1] - q[0]) + Norm(q[2] - q[3])) / 2, (Norm(q[3] - q[0]) + Norm(q[2] - q[1])) / 2};
}

// Width/height ratio from the mean lengths of opposite sides.
double SideAspect(const Quad& q) {
  const cv::Size2d sides = MeanSides(q);
  return sides.width / std::max(1.0, sides.height);
}

// How far from A4 the sheet imaged as `q` is: |log| of its long/short ratio
// over A4's, by the side ratio, or the camera model's (ZhangHeAspect) when
// that is nearer and both pairs of opposite sides converge by
// kCameraModelMinConvergence or more. The side ratio is off under a steep
// keystone; the camera model has no vanishing point to go by where a pair
// of sides runs parallel (f7171 d0035/2 read as 1.10, its sides 1.28; an
// outline round two sheets side by side read as A4, its sides square).
double ProfileScore(const std::vector<cv::Point2f>& pts, double deg, double extent, std::vector<double>* bins);

// geometry_internal::TextRunsAlong.
int TextDirection(const cv::Mat& ink, const Quad& q) {
  const cv::Size2d sides = MeanSides(q);
  const double w = sides.width, h = sides.height;
  const double f = std::min(1.0, 200.0 / std::max(1.0, std::max(w, h)));
  const int W = std::max(8, static_cast<int>(w * f)), H = std::max(8, static_cast<int>(h * f));
  const std::vector<cv::Point2f> to = {{0, 0}, {static_cast<float>(W), 0}, {static_cast<float>(W), static_cast<float>(H)},
                                       {0, static_cast<float>(H)}};
  cv::Mat flat;
  cv::warpPerspective(ink, flat, cv::getPerspectiveTransform(std::vector<cv::Point2f>(q.begin(), q.end()), to),
                      cv::Size(W, H), cv::INTER_AREA);
  // Inside a margin: the sheet's own edges are no text.
  const int mx = W / 12, my = H / 12;
  std::vector<cv::Point2f> pts;
  for (int y = my; y < H - my; ++y) {
    const uchar* row = flat.ptr<uchar>(y);
    for (int x = mx; x < W - mx; ++x)
      if (row[x] > 40) pts.emplace_back(static_cast<float>(x), static_cast<float>(y));
  }
  if (pts.size() < 200) return 0;
  std::vector<double> bins;
  const double extent = std::max(W, H);
  // Against an even spread over the bins each profile has.
  const double rows = ProfileScore(pts, 0, extent, &bins) * (H - 2 * my) / pts.size();
  const double cols = ProfileScore(pts, 90, extent, &bins) * (W - 2 * mx) / pts.size();
  if (rows > kTextDirectionMargin * cols) return 1;
  if (cols > kTextDirectionMargin * rows) return -1;
  return 0;
}

double NotA4(const Quad& q, cv::Size image, int text_along = 0) {
  // The forms are portrait: with the text's direction known, the side
  // across it is the long one (o7474 d0044/2: a sheet's lower half, lit
  // apart from its shaded upper half, is A4 landscape, its lines along the
  // long side).
  auto off = [&](double r) {
    if (text_along > 0) return std::abs(std::log((1 / r) / kA4Aspect));
    if (text_along < 0) return std::abs(std::log(r / kA4Aspect));
    return std::abs(std::log(std::max(r, 1 / r) / kA4Aspect));
  };
  auto convergence = [&](int a, int b) {  // degrees between sides a and b, as lines
    const cv::Point2f u = q[(a + 1) % 4] - q[a], v = q[b] - q[(b + 1) % 4];
    return std::abs(std::atan2(Cross(u, v), u.dot(v))) * 180 / CV_PI;
  };
  const double sides = off(SideAspect(q));
  const double zh = ZhangHeAspect(q, image);
  if (zh <= 0 || std::min(convergence(0, 2), convergence(1, 3)) < kCameraModelMinConvergence) return sides;
  return std::min(off(zh), sides);
}

// Outlines of an A4 sheet made from `q`, an outline far from A4's shape
// (NotA4): `q` with one side moved, parallel to it in the sheet's frame,
// in or out, to where a straight step in `grey` (text closed away) runs
// along it, among the positions that give the sheet A4's shape give or take
// 25 % (portrait or landscape, by its camera-model or side-ratio shape): a
// sheet cut off at a shadow's edge, or taken together with a second sheet
// beside it. Only outlines inside the image (give or take 5 %), plausible.
void A4Completions(const Quad& q, const cv::Mat& grey, std::vector<Quad>* out) {
  const cv::Size image = grey.size();
  const std::vector<cv::Point2f> unit = {{0, 0}, {1, 0}, {1, 1}, {0, 1}};
  const cv::Matx33d to_image(cv::getPerspectiveTransform(unit, std::vector<cv::Point2f>(q.begin(), q.end())));
  auto map = [&](double x, double y) {
    const cv::Vec3d p = to_image * cv::Vec3d(x, y, 1);
    return cv::Point2f(static_cast<float>(p[0] / p[2]), static_cast<float>(p[1] / p[2]));
  };
  auto sample = [&](cv::Point2f p, double* v) {
    float c[3];
    if (!Sample3(grey, p.x, p.y, c)) return false;
    *v = c[0];
    return true;
  };
  const double margin = 0.05 * std::max(image.width, image.height);
  std::vector<double> aspects = {SideAspect(q)};
  if (const double zh = ZhangHeAspect(q, image); zh > 0) aspects.push_back(zh);
  // Side k of the unit square moves to position f along its axis: k = 0
  // top (y = 1 - f), 1 right (x = f), 2 bottom (y = f), 3 left (x = 1 - f).
  for (int k = 0; k < 4; ++k) {
    const bool horizontal_axis = k == 1 || k == 3;  // the side moves along x
    double lo = 1e9, hi = -1e9;
    for (double a : aspects) {
      for (double target : {1 / kA4Aspect, kA4Aspect}) {
        const double f = horizontal_axis ? target / a : a / target;
        lo = std::min(lo, f * 0.75);
        hi = std::max(hi, f * 1.25);
      }
    }
    lo = std::max(lo, 0.4);
    hi = std::min(hi, 2.5);
    if (lo >= hi) continue;
    auto point = [&](double f, double t) {
      switch (k) {
        case 0: return map(t, 1 - f);
        case 1: return map(f, t);
        case 2: return map(t, f);
        default: return map(1 - f, t);
      }
    };
    // The mean signed step across the line at f, over the middle of it,
    // kAcrossPx either side of it (the shadow a sheet casts on one under it
    // is a few pixels wide).
    constexpr int kSteps = 240, kAlong = 40;
    constexpr double kAcrossPx = 3;
    const double length = horizontal_axis ? MeanSides(q).width : MeanSides(q).height;
    const double across = kAcrossPx / std::max(1.0, length);
    double best_f = -1, best_step = 0;
    for (int i = 0; i <= kSteps; ++i) {
      const double f = lo + (hi - lo) * i / kSteps;
      if (std::abs(f - 1) < 0.08) continue;  // the side it has
      double sum = 0;
      int n = 0;
      for (int j = 0; j < kAlong; ++j) {
        const double t = 0.1 + 0.8 * j / (kAlong - 1);
        double inside = 0, outside = 0;
        if (!sample(point(f - across, t), &inside) || !sample(point(f + across, t), &outside)) continue;
        sum += inside - outside;
        ++n;
      }
      if (n < kAlong / 2) continue;
      const double step = sum / n;  // the sheet brighter than what lies past it
      if (step > best_step) best_step = step, best_f = f;
    }
    if (best_f < 0) continue;
    // Side k runs from corner k to corner k + 1: at t = 0 to 1 for the top
    // and right, 1 to 0 for the bottom and left.
    Quad c = q;
    c[static_cast<size_t>(k)] = point(best_f, k < 2 ? 0 : 1);
    c[static_cast<size_t>((k + 1) % 4)] = point(best_f, k < 2 ? 1 : 0);
    bool inside = true;
    for (const auto& p : c)
      inside = inside && p.x >= -margin && p.y >= -margin && p.x <= image.width + margin && p.y <= image.height + margin;
    if (inside && PlausibleQuad(c)) out->push_back(c);
  }
}

Detection DetectSheet(const cv::Mat& small) {
  cv::Mat lab;
  geometry_internal::BgrToLab(small, &lab);
  const OutlineInputs outline = MakeOutlineInputs(small, lab);
  cv::Mat gray, closed;
  cv::cvtColor(small, gray, cv::COLOR_BGR2GRAY);
  const int k = std::max(5, std::max(small.cols, small.rows) / 110) | 1;
  cv::morphologyEx(gray, closed, cv::MORPH_CLOSE, cv::getStructuringElement(cv::MORPH_RECT, cv::Size(k, k)));
  // Local standard deviation of the closed image over ~1.5 % of the long
  // side: low on paper (text removed) and on smooth shading, high on
  // patterns.
  const geometry_internal::LocalStd local_std(closed, std::max(9, std::max(small.cols, small.rows) / 65) | 1);
  cv::Mat blackhat = closed - gray;
  const double img_area = static_cast<double>(small.total());
  const double long_side = std::max(small.cols, small.rows);
  std::vector<Quad> seen;
  std::vector<geometry_internal::SheetCandidate> all;  // every candidate scored
  int best = -1;                                       // the best scoring of them (above 0)
  // Two sheets, one on the other: the outline round both gives way to the
  // top sheet's inside it (geometry_internal::PreferInnerSheet).
  auto finish = [&] {
    Detection d;
    if (best < 0) return d;
    const auto& pick = all[static_cast<size_t>(
        geometry_internal::PreferInnerSheet(all, best, long_side, kMarginInkTolerated))];
    d.quad = pick.quad;
    d.score = pick.score;
    d.found = true;
    return d;
  };
  auto score = [&](const std::vector<Quad>& quads) {
    for (Quad q : quads) {
      // Skip near-duplicates.
      bool dup = false;
      for (const auto& s : seen) {
        double m = 0;
        for (int i = 0; i < 4; ++i) m = std::max(m, static_cast<double>(Norm(s[i] - q[i])));
        if (m < 3) { dup = true; break; }
      }
      if (dup) continue;
      seen.push_back(q);
      Quad r = q;
      if (RefineQuad(small, 0.02 * long_side, 2, 60, &r)) RefineQuad(small, 4, 1.5, 80, &r);
      std::array<float, 3> paper;
      double uni = Uniformity(lab, local_std, r, &paper);
      if (uni < 0.7) continue;
      auto sup = SideSupport(lab, r, paper);
      double mean = (sup[0] + sup[1] + sup[2] + sup[3]) / 4;
      double mn = *std::min_element(sup.begin(), sup.end());
      double area = QuadArea(r) / img_area;
      if (mn < 0.3 || mean < 0.55 || area < 0.12) continue;
      const auto ink = MarginInk(blackhat, r, 0.04);
      const double most_ink = *std::max_element(ink.begin(), ink.end());
      double over = 0;
      for (double o : geometry_internal::Overshoot(closed, r, geometry_internal::LabToGrey(paper), 0.01 * long_side, 0.04 * long_side))
        over += std::max(0.0, o - kOvershootTolerated);
      const double paper_short =
          std::max(0.0, kPaperFractionWanted - geometry_internal::MaskFraction(outline.paper_closed, r));
      const int corners_off = geometry_internal::CornersNotPaper(lab, r, paper, 0.01 * long_side, 0.03 * long_side);
      const double not_a4 = NotA4(r, small.size(), TextDirection(blackhat, r));
      // (An outline is taken for a sheet on its evidence; its shape only
      // ranks it among the others.)
      const double evidence = mean + 0.5 * mn + 1.5 * std::sqrt(area) + 2 * uni -
                              2 * std::max(0.0, most_ink - kMarginInkTolerated) - kOvershootWeight * over -
                              kCornerNotPaperWeight * corners_off - kPaperShortfallWeight * paper_short;
      const double sc = evidence - kNotA4Weight * std::max(0.0, not_a4 - kNotA4Tolerated);
      if (evidence > 0 && (best < 0 || sc > all[static_cast<size_t>(best)].score)) best = static_cast<int>(all.size());
      all.push_back(geometry_internal::SheetCandidate{r, sc, uni, area, sup, most_ink, over, not_a4});
    }
  };
  // Cheapest search first; a closed outline with a clear step along every
  // side and uniform paper inside ends the search. (The straight-line search
  // is for sheets whose outline is broken: second sheet, patterned cloth,
  // shadow; on a textured background it costs as much as the rest of the
  // detection together.)
  auto clear = [&] {
    if (best < 0) return false;
    const auto& b = all[static_cast<size_t>(best)];
    return *std::min_element(b.support.begin(), b.support.end()) >= kClearOutlineSupport &&
           b.uniformity >= kClearOutlineUniformity && b.margin_ink < kMarginInkTolerated;
  };
  // The best outline far from A4: the A4 sheets it may be a part of, or
  // hold (A4Completions), made from the best few such outlines (their sides
  // found differently), before the pick.
  auto complete = [&] {
    if (best >= 0 && all[static_cast<size_t>(best)].not_a4 > kNotA4Tolerated) {
      std::vector<size_t> order(all.size());
      std::iota(order.begin(), order.end(), 0);
      std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return all[a].score > all[b].score; });
      std::vector<Quad> completions;
      int from = 0;
      for (size_t i : order) {
        if (from == kA4CompletionsFrom) break;
        if (all[i].not_a4 <= kNotA4Tolerated) continue;
        A4Completions(all[i].quad, closed, &completions);
        ++from;
      }
      score(completions);
    }
    return finish();
  };
  std::vector<Quad> cands;
  SegmentationCandidates(outline, &cands);
  score(cands);
  if (clear()) return complete();
  cands.clear();
  EdgeCandidates(outline, &cands);
  score(cands);
  if (clear()) return complete();
  std::vector<Quad> line_quads;
  AddLineQuads(outline, lab, closed, local_std, &line_quads);
  score(line_quads);
  return complete();
}

// Homography for `k` clockwise quarter turns of a w x h image.
cv::Matx33d QuarterTurn(int k, double w, double h) {
  switch (k & 3) {
    case 1: return cv::Matx33d(0, -1, h - 1, 1, 0, 0, 0, 0, 1);
    case 2: return cv::Matx33d(-1, 0, w - 1, 0, -1, h - 1, 0, 0, 1);
    case 3: return cv::Matx33d(0, 1, 0, -1, 0, w - 1, 0, 0, 1);
    default: return cv::Matx33d::eye();
  }
}

// Rotation about (cx, cy) that undoes content rotated clockwise by `deg`.
cv::Matx33d Deskew(double deg, double cx, double cy) {
  double t = deg * CV_PI / 180, c = std::cos(t), s = std::sin(t);
  // p' = R(-t)(p - c) + c, R(-t) = [[c, s], [-s, c]] in y-down coordinates.
  return cv::Matx33d(c, s, cx - c * cx - s * cy, -s, c, cy + s * cx - c * cy, 0, 0, 1);
}

cv::Matx33d Scale(double sx, double sy) { return cv::Matx33d(sx, 0, 0, 0, sy, 0, 0, 0, 1); }

// Ink pixel coordinates of a binary (ink = 255) image, subsampled to at most
// `max_points`, ignoring a margin at the border.
std::vector<cv::Point2f> InkPoints(const cv::Mat& ink, int margin, size_t max_points) {
  std::vector<cv::Point2f> pts;
  size_t count = static_cast<size_t>(cv::countNonZero(ink));
  int stride = static_cast<int>(std::max<size_t>(1, count / max_points));
  // Every stride-th set pixel in row order; eight empty pixels at a time
  // are skipped with one load (ink is a few percent of the page).
  int skip = 0;  // set pixels to pass before the next point
  for (int y = margin; y < ink.rows - margin; ++y) {
    const uchar* row = ink.ptr<uchar>(y);
    const int end = ink.cols - margin;
    int x = margin;
    while (x < end) {
      if (x + 8 <= end) {
        std::uint64_t word;
        std::memcpy(&word, row + x, 8);
        if (word == 0) {
          x += 8;
          continue;
        }
      }
      if (row[x]) {
        if (skip == 0) {
          pts.emplace_back(x, y);
          skip = stride;
        }
        --skip;
      }
      ++x;
    }
  }
  return pts;
}

#ifdef HOSO_AVX2_CODE
// ProfileScore's bins, static_cast<int>(p.y * c - p.x * s + extent) in
// double, four points at a time: the same operations (no FMA), the same
// truncation.
__attribute__((target("avx2"))) void ProfileBinsAvx2(const cv::Point2f* p, size_t n, double c, double s,
                                                     double extent, int* out) {
  static_assert(sizeof(cv::Point2f) == 2 * sizeof(float), "packed points");
  const __m256d vc = _mm256_set1_pd(c), vs = _mm256_set1_pd(s), ve = _mm256_set1_pd(extent);
  const __m256i split = _mm256_setr_epi32(0, 2, 4, 6, 1, 3, 5, 7);  // x0..x3, y0..y3
  size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    const __m256 xy = _mm256_permutevar8x32_ps(_mm256_loadu_ps(&p[i].x), split);
    const __m256d x = _mm256_cvtps_pd(_mm256_castps256_ps128(xy));
    const __m256d y = _mm256_cvtps_pd(_mm256_extractf128_ps(xy, 1));
    const __m256d b = _mm256_add_pd(_mm256_sub_pd(_mm256_mul_pd(y, vc), _mm256_mul_pd(x, vs)), ve);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out + i), _mm256_cvttpd_epi32(b));
  }
  for (; i < n; ++i) out[i] = static_cast<int>(p[i].y * c - p[i].x * s + extent);
}
#endif

// Sharpness of the projection of `pts` onto the axis perpendicular to
// direction `deg` (0 = horizontal rows): normalised sum of squared bin counts.
double ProfileScore(const std::vector<cv::Point2f>& pts, double deg, double extent,
                    std::vector<double>* bins) {
  double t = deg * CV_PI / 180, c = std::cos(t), s = std::sin(t);
  const int nb = static_cast<int>(2 * extent) + 2;
  // Four interleaved integer histograms: the points come row by row, so
  // neighbours mostly fall into the same bin, and a single histogram would
  // chain every increment on the previous one through memory.
  thread_local std::vector<int> h;
  h.assign(4 * static_cast<size_t>(nb), 0);
  int* h0 = h.data();
  int* h1 = h0 + nb;
  int* h2 = h1 + nb;
  int* h3 = h2 + nb;
  const size_t n = pts.size();
  auto bin = [&](const cv::Point2f& p) { return static_cast<int>(p.y * c - p.x * s + extent); };
  auto in = [nb](int b) { return static_cast<unsigned>(b) < static_cast<unsigned>(nb); };
  // The bins of a chunk of points first (vectorised where the CPU can),
  // then the increments.
  constexpr size_t kChunk = 1024;
  int pb[kChunk];
  const bool avx2 = CpuHasAvx2();
  for (size_t at = 0; at < n; at += kChunk) {
    const size_t m = std::min(kChunk, n - at), m4 = m & ~static_cast<size_t>(3);
#ifdef HOSO_AVX2_CODE
    if (avx2) ProfileBinsAvx2(pts.data() + at, m, c, s, extent, pb);
#endif
    if (!avx2)
      for (size_t i = 0; i < m; ++i) pb[i] = bin(pts[at + i]);
    for (size_t i = 0; i < m4; i += 4) {
      const int b0 = pb[i], b1 = pb[i + 1], b2 = pb[i + 2], b3 = pb[i + 3];
      if (in(b0)) ++h0[b0];
      if (in(b1)) ++h1[b1];
      if (in(b2)) ++h2[b2];
      if (in(b3)) ++h3[b3];
    }
    for (size_t i = m4; i < m; ++i)
      if (in(pb[i])) ++h0[pb[i]];
  }
  bins->resize(nb);
  double ss = 0;
  for (int b = 0; b < nb; ++b) {
    const int v = h0[b] + h1[b] + h2[b] + h3[b];
    (*bins)[b] = v;
    ss += static_cast<double>(v) * v;
  }
  return pts.empty() ? 0 : ss / pts.size();
}

// Best angle in [center-range, center+range] maximising ProfileScore: a
// 0.25 degree scan on at most kCoarsePoints of the points (plenty to place
// the peak within a step; a quarter of the cost), then 0.05 degree steps
// around it on all of them.
double BestAngle(const std::vector<cv::Point2f>& pts, double center, double range,
                 double extent, double* score) {
  constexpr size_t kCoarsePoints = 15000;
  std::vector<cv::Point2f> sub;
  const std::vector<cv::Point2f>* coarse = &pts;
  if (pts.size() > 2 * kCoarsePoints) {
    const size_t stride = pts.size() / kCoarsePoints;
    sub.reserve(pts.size() / stride + 1);
    for (size_t i = 0; i < pts.size(); i += stride) sub.push_back(pts[i]);
    coarse = &sub;
  }
  std::vector<double> bins;
  double best = center, best_s = -1;
  for (double a = center - range; a <= center + range + 1e-9; a += 0.25) {
    double s = ProfileScore(*coarse, a, extent, &bins);
    if (s > best_s) best_s = s, best = a;
  }
  const double c2 = best;
  best_s = -1;
  for (double a = c2 - 0.25; a <= c2 + 0.25 + 1e-9; a += 0.05) {
    double s = ProfileScore(pts, a, extent, &bins);
    if (s > best_s) best_s = s, best = a;
  }
  *score = best_s;
  return best;
}

}  // namespace

namespace geometry_internal {

int TextRunsAlong(const cv::Mat& ink, const std::array<cv::Point2f, 4>& q) { return TextDirection(ink, q); }

// Long side / short side of the sheet and whether it is portrait in the
// quad's own frame. These forms are A4: the estimate snaps to A4 when the
// camera-model estimate is within 10 % of it, or (when the quad admits no
// plausible camera) when the side ratio is within 20 %.
void SheetShape(const Quad& q, cv::Size image, double* long_over_short, bool* portrait) {
  double zh = ZhangHeAspect(q, image);
  double sd = SideAspect(q);
  auto los = [](double r) { return r >= 1 ? r : 1 / r; };
  auto near_a4 = [&](double r, double tol) { return std::abs(los(r) / kA4Aspect - 1) < tol; };
  // The camera model can turn a sheet seen at a steep angle the wrong way
  // round (q8080 d0029/2: sides 460 x 600 px, the model said landscape, and
  // the page came out squashed, its text unreadable). When the sides
  // themselves look like A4 the other way round, they win.
  const bool sides_disagree = zh > 0 && near_a4(sd, 0.20) && (zh < 1) != (sd < 1);
  if (zh > 0 && near_a4(zh, 0.10) && !sides_disagree) {
    *portrait = zh < 1;
    *long_over_short = kA4Aspect;
  } else if (near_a4(sd, 0.20)) {
    *portrait = sd < 1;
    *long_over_short = kA4Aspect;
  } else {
    double r = zh > 0 ? zh : sd;
    *portrait = r < 1;
    *long_over_short = std::min(3.0, los(r));
  }
}

double PaperStep(const cv::Mat& mask, double theta, double rho, double offset) {
  constexpr double kSpacing = 2.0;
  const double c = std::cos(theta), s = std::sin(theta);
  const cv::Point2d n(c, s), d(-s, c), p0(rho * c, rho * s);
  const double reach = std::hypot(mask.cols, mask.rows);
  auto inside = [&](const cv::Point2d& p) { return p.x >= 0 && p.y >= 0 && p.x < mask.cols && p.y < mask.rows; };
  int steps = 0;
  for (double t = -reach; t <= reach; t += kSpacing) {
    const cv::Point2d p = p0 + t * d, a = p + offset * n, b = p - offset * n;
    if (!inside(a) || !inside(b)) continue;
    steps += (mask.at<uchar>(static_cast<int>(a.y), static_cast<int>(a.x)) != 0) !=
             (mask.at<uchar>(static_cast<int>(b.y), static_cast<int>(b.x)) != 0);
  }
  return steps * kSpacing;
}

int PreferInnerSheet(const std::vector<SheetCandidate>& all, int best, double long_side, double margin_ink_tolerated) {
  if (best < 0 || best >= static_cast<int>(all.size())) return best;
  const SheetCandidate& outer = all[static_cast<size_t>(best)];
  const double outer_weakest = *std::min_element(outer.support.begin(), outer.support.end());
  const double corner_tol = 0.012 * long_side, inside_tol = 0.006 * long_side;
  const std::vector<cv::Point2f> poly(outer.quad.begin(), outer.quad.end());
  int inner = -1;
  for (size_t k = 0; k < all.size(); ++k) {
    const SheetCandidate& c = all[k];
    if (static_cast<int>(k) == best || c.area < 0.6 * outer.area || c.area > 0.97 * outer.area) continue;
    if (*std::min_element(c.support.begin(), c.support.end()) < std::min(0.75, outer_weakest) ||
        c.uniformity < outer.uniformity - 0.03)
      continue;
    if (c.margin_ink > margin_ink_tolerated + 0.05 || c.margin_ink > outer.margin_ink + 0.2) continue;
    if (c.overshoot > outer.overshoot) continue;
    int shared = 0;
    bool inside = true;
    for (int i = 0; i < 4; ++i) {
      shared += Norm(c.quad[i] - outer.quad[i]) <= corner_tol ? 1 : 0;
      inside = inside && cv::pointPolygonTest(poly, c.quad[i], true) >= -inside_tol;
    }
    if (shared < 2 || !inside) continue;
    if (inner < 0 || c.score > all[static_cast<size_t>(inner)].score) inner = static_cast<int>(k);
  }
  return inner >= 0 ? inner : best;
}

namespace {

constexpr int kLabSteps = 4096;

// sRGB decoding per 8-bit value, and f(t) = cbrt(t) (linear below
// (6/29)^3) sampled on [0, 1] for linear interpolation; both built in
// microseconds.
struct LabTables {
  float lin[256];
  float f[kLabSteps + 2];
};

const LabTables& GetLabTables() {
  static const LabTables t = [] {
    LabTables r;
    for (int i = 0; i < 256; ++i) {
      const double v = i / 255.0;
      r.lin[i] = static_cast<float>(v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4));
    }
    for (int i = 0; i <= kLabSteps + 1; ++i) {
      const double x = static_cast<double>(i) / kLabSteps;
      r.f[i] = static_cast<float>(x > 0.008856 ? std::cbrt(x) : 7.787 * x + 16.0 / 116.0);
    }
    return r;
  }();
  return t;
}

// The 8-bit Lab of one colour.
void LabOf(const LabTables& t, const uchar* p, uchar* o) {
  auto f = [&t](float v) {
    v = std::min(std::max(v, 0.f), 1.f) * kLabSteps;
    const int i = static_cast<int>(v);
    const float w = v - static_cast<float>(i);
    return t.f[i] + w * (t.f[i + 1] - t.f[i]);
  };
  const float b = t.lin[p[0]], g = t.lin[p[1]], r = t.lin[p[2]];
  const float X = (0.412453f * r + 0.357580f * g + 0.180423f * b) * (1.f / 0.950456f);
  const float Y = 0.212671f * r + 0.715160f * g + 0.072169f * b;
  const float Z = (0.019334f * r + 0.119193f * g + 0.950227f * b) * (1.f / 1.088754f);
  const float fy = f(Y);
  const float L = Y > 0.008856f ? 116.f * fy - 16.f : 903.3f * Y;
  o[0] = cv::saturate_cast<uchar>(L * (255.f / 100.f));
  o[1] = cv::saturate_cast<uchar>(500.f * (f(X) - fy) + 128.f);
  o[2] = cv::saturate_cast<uchar>(200.f * (fy - f(Z)) + 128.f);
}

// Colours already converted on this thread: a photo shrunk for the sheet
// search holds ~5-25 thousand distinct colours in 750 thousand pixels, so
// most pixels are a lookup instead of ~20 float operations and six table
// reads (5.7 -> 1.9-2.5 ms on a 1000 x 750 photo, warm). Direct-mapped on
// a hash of the colour, 512 KB per thread; an entry is (colour << 24 | Lab)
// with bit 63 set, 0 when empty.
class LabCache {
 public:
  static constexpr int kBits = 16;
  LabCache() : entries_(size_t{1} << kBits, 0) {}
  uint64_t* Slot(uint32_t colour) { return &entries_[(colour * 0x9E3779B1u) >> (32 - kBits)]; }

 private:
  std::vector<uint64_t> entries_;
};

}  // namespace

void BgrToLab(const cv::Mat& bgr, cv::Mat* lab, bool use_cache) {
  CV_Assert(bgr.type() == CV_8UC3);
  const LabTables& t = GetLabTables();
  lab->create(bgr.size(), CV_8UC3);
  thread_local LabCache cache;
  constexpr uint64_t kFull = uint64_t{1} << 63;
  for (int y = 0; y < bgr.rows; ++y) {
    const uchar* p = bgr.ptr<uchar>(y);
    uchar* o = lab->ptr<uchar>(y);
    for (int x = 0; x < bgr.cols; ++x, p += 3, o += 3) {
      if (!use_cache) {
        LabOf(t, p, o);
        continue;
      }
      const uint32_t colour = p[0] | (uint32_t{p[1]} << 8) | (uint32_t{p[2]} << 16);
      uint64_t* slot = cache.Slot(colour);
      if ((*slot >> 24) != ((kFull >> 24) | colour)) {
        LabOf(t, p, o);
        *slot = kFull | (uint64_t{colour} << 24) | o[0] | (uint64_t{o[1]} << 8) | (uint64_t{o[2]} << 16);
      } else {
        o[0] = static_cast<uchar>(*slot);
        o[1] = static_cast<uchar>(*slot >> 8);
        o[2] = static_cast<uchar>(*slot >> 16);
      }
    }
  }
}

double LabToGrey(const std::array<float, 3>& lab) {
  // Rounded to 8 bits as a pixel holds it; then CIE Lab (D65) -> XYZ ->
  // linear RGB -> sRGB, and OpenCV's fixed-point BGR to grey.
  const double L = cv::saturate_cast<uchar>(lab[0]) * (100.0 / 255.0);
  const double a = cv::saturate_cast<uchar>(lab[1]) - 128.0, b = cv::saturate_cast<uchar>(lab[2]) - 128.0;
  const double fy = (L + 16.0) / 116.0, fx = fy + a / 500.0, fz = fy - b / 200.0;
  auto finv = [](double f) { return f > 6.0 / 29.0 ? f * f * f : (f - 16.0 / 116.0) / 7.787; };
  const double X = finv(fx) * 0.950456, Y = L > 8.0 ? fy * fy * fy : L / 903.3, Z = finv(fz) * 1.088754;
  auto srgb = [](double v) {
    v = std::clamp(v, 0.0, 1.0);
    v = v <= 0.0031308 ? 12.92 * v : 1.055 * std::pow(v, 1.0 / 2.4) - 0.055;
    return static_cast<int>(cv::saturate_cast<uchar>(v * 255.0));
  };
  const int r = srgb(3.240479 * X - 1.53715 * Y - 0.498535 * Z);
  const int g = srgb(-0.969256 * X + 1.875991 * Y + 0.041556 * Z);
  const int bl = srgb(0.055648 * X - 0.204043 * Y + 1.057311 * Z);
  return (r * 4899 + g * 9617 + bl * 1868 + (1 << 13)) >> 14;
}

LocalStd::LocalStd(const cv::Mat& gray, int w) : w_(w), scale_(1.0 / (static_cast<double>(w) * w)) {
  CV_Assert(gray.type() == CV_8UC1 && w % 2 == 1);
  const int r = w / 2;
  cv::copyMakeBorder(gray, padded_, r, r, r, r, cv::BORDER_DEFAULT);
}

float LocalStd::At(int x, int y) const {
  // Window rows y - r .. y + r of the image are rows y .. y + w - 1 of the
  // padded one. The sums are exact integers, as the box filter's double
  // sums of the float image are; scaled and rounded to float as it does.
  std::uint64_t sum = 0, sqsum = 0;
  for (int row = y; row < y + w_; ++row) {
    const uchar* p = padded_.ptr<uchar>(row) + x;
    for (int k = 0; k < w_; ++k) {
      sum += p[k];
      sqsum += static_cast<std::uint64_t>(p[k]) * p[k];
    }
  }
  const float mean = static_cast<float>(static_cast<double>(sum) * scale_);
  const float sq = static_cast<float>(static_cast<double>(sqsum) * scale_);
  const float var = sq - mean * mean;
  return std::sqrt(std::max(var, 0.f));
}

cv::Mat GreyInPlace(const cv::Mat& bgr) {
  CV_Assert(bgr.type() == CV_8UC3 && bgr.isContinuous());
  const int h = bgr.rows;
  cv::Mat grey = bgr.reshape(1, 3 * h).rowRange(0, h);  // h x w, step w, over the first third
  constexpr int kBand = 32;
  cv::Mat band;
  for (int y = 0; y < h; y += kBand) {
    const int y1 = std::min(h, y + kBand);
    cv::cvtColor(bgr.rowRange(y, y1), band, cv::COLOR_BGR2GRAY);
    band.copyTo(grey.rowRange(y, y1));
  }
  return grey;
}

}  // namespace geometry_internal

namespace {


// Ascender/descender balance of horizontal text lines in `ink` (ink = 255):
// > 0 when the text looks upright, < 0 when upside down. Latin (and
// Vietnamese, with its tone marks) puts more ink above the x-height band
// than below the baseline.
double UprightEvidence(const cv::Mat& ink) {
  // Without long horizontal rules, which would dominate the row profile.
  const std::vector<int> counts = RowCountsOutsideLines(ink, ink.cols / 20 + 1);
  const int n_rows = ink.rows;
  std::vector<double> prof(counts.begin(), counts.end());
  const double on = std::max(2.0, ink.cols * 0.004);
  double above = 0, below = 0;
  int y = 0;
  while (y < n_rows) {
    if (prof[y] < on) { ++y; continue; }
    int y0 = y;
    while (y < n_rows && prof[y] >= on) ++y;
    int y1 = y;  // [y0, y1)
    int hgt = y1 - y0;
    if (hgt < 6 || hgt > 80) continue;
    double mx = *std::max_element(prof.begin() + y0, prof.begin() + y1);
    int c0 = y0, c1 = y1 - 1;
    while (c0 < y1 && prof[c0] < 0.45 * mx) ++c0;
    while (c1 > y0 && prof[c1] < 0.45 * mx) --c1;
    double a = 0, b = 0;
    for (int i = y0; i < c0; ++i) a += prof[i];
    for (int i = c1 + 1; i < y1; ++i) b += prof[i];
    above += a;
    below += b;
  }
  if (above + below <= 0) return 0;
  return (above - below) / (above + below);
}

// Where Tesseract finds osd.traineddata: `dir` when given, else
// TESSDATA_PREFIX (the tessdata directory or its parent), else the Debian
// location. Empty when `dir` is given and holds no such file.
std::string OsdDataPath(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!dir.empty()) return (fs::path(dir) / "osd.traineddata").string();
  if (const char* env = std::getenv("TESSDATA_PREFIX"); env != nullptr && *env != '\0') {
    for (fs::path p : {fs::path(env), fs::path(env) / "tessdata"})
      if (fs::is_regular_file(p / "osd.traineddata", ec)) return (p / "osd.traineddata").string();
  }
  return "/usr/share/tesseract-ocr/5/tessdata/osd.traineddata";
}

// `src` resized by `scale` (<= 1): area halvings, then bilinear for the
// last step of less than 2x (see ShrinkArea).
cv::Mat Downscale(const cv::Mat& src, double scale) {
  return ShrinkArea(src, ScaledSize(src.size(), scale), cv::INTER_LINEAR);
}

// Downscale(TurnQuarters(src, turns), scale) without turning `src` itself:
// the halvings (2 x 2 means, the same in any orientation) run on `src`,
// and the turn on their result, before the bilinear step (whose rounding
// depends on the orientation).
cv::Mat DownscaleTurned(const cv::Mat& src, int turns, double scale) {
  if ((turns & 3) == 0) return Downscale(src, scale);
  const cv::Size turned = (turns % 2) ? cv::Size(src.rows, src.cols) : src.size();
  const cv::Size size = ScaledSize(turned, scale);
  cv::Size half = turned;  // as ShrinkArea's halvings leave it, turned
  while (half.width >= 2 * size.width && half.height >= 2 * size.height) half = cv::Size(half.width / 2, half.height / 2);
  cv::Mat cur = src;
  if (half != turned) {
    cur = ShrinkArea(src, (turns % 2) ? cv::Size(half.height, half.width) : half, cv::INTER_AREA);
  }
  cur = TurnQuarters(cur, turns);
  if (cur.size() == size) return cur;
  cv::Mat out;
  cv::resize(cur, out, size, 0, 0, cv::INTER_LINEAR);
  return out;
}

class GeometryImpl : public Geometry {
 public:
  explicit GeometryImpl(const GeometryOptions& options) : options_(options) {}
  ~GeometryImpl() override {
    if (osd_ready_) osd_.End();
  }

  // Only checks that osd.traineddata is there: the engine itself (tens of
  // ms and ~10 MB per instance) is loaded on the first page whose text
  // leaves the up/down decision open, which few do.
  Status Init() {
    osd_path_ = OsdDataPath(options_.tessdata_dir);
    std::error_code ec;
    if (osd_path_.empty() || !std::filesystem::is_regular_file(osd_path_, ec)) {
      return Status::Error("geometry.osd_unavailable",
                           "cannot load Tesseract osd.traineddata from " +
                               (options_.tessdata_dir.empty() ? std::string("the default tessdata")
                                                              : options_.tessdata_dir));
    }
    return Status::Ok();
  }

  Status RunTurned(const cv::Mat& bgr_in, int stored_turns, double source_dpi, GeometryResult* out) override {
    return Timed(bgr_in, stored_turns, source_dpi, false, true, out);
  }
  Status RunTurnedTaking(cv::Mat&& stored, int stored_turns, double source_dpi, GeometryResult* out) override {
    const cv::Mat taken = std::move(stored);
    return Timed(taken, stored_turns, source_dpi, taken.u && taken.u->refcount == 1, true, out);
  }
  Status RunWholeTurned(const cv::Mat& stored, int stored_turns, double source_dpi, GeometryResult* out) override {
    return Timed(stored, stored_turns, source_dpi, false, false, out);
  }

 private:
  // Rectify, with the time of loading the OSD engine if this call loaded it.
  Status Timed(const cv::Mat& bgr_in, int stored_turns, double source_dpi, bool reuse_input, bool find_sheet,
               GeometryResult* out);
  // `reuse_input`: no one else holds `bgr_in`'s pixels (GreyInPlace).
  // `find_sheet`: look for the sheet's outline (else the whole image).
  Status Rectify(const cv::Mat& bgr_in, int stored_turns, double source_dpi, bool reuse_input, bool find_sheet,
                 GeometryResult* out);
  // Quarter turns (clockwise) that make the unrotated analysis page upright.
  int DecideOrientation(const cv::Mat& gray, const cv::Mat& ink, bool landscape);
  // Tesseract OSD on a grey page; returns clockwise quarter turns needed or -1.
  int RunOsd(const cv::Mat& gray, float* conf);

  // Loads the OSD engine on first use; false when it cannot be loaded (the
  // text evidence then decides alone).
  bool EnsureOsd();

  GeometryOptions options_;
  std::string osd_path_;
  bool osd_tried_ = false;
  bool osd_ready_ = false;
  double load_ms_ = 0, load_cpu_ms_ = 0;  // loading the OSD engine (once)
  tesseract::TessBaseAPI osd_;
};

bool GeometryImpl::EnsureOsd() {
  if (osd_tried_) return osd_ready_;
  osd_tried_ = true;
  StageClock clock;
  const std::string dir = std::filesystem::path(osd_path_).parent_path().string();
  const bool loaded =
      osd_.Init(dir.c_str(), "osd", tesseract::OEM_TESSERACT_ONLY) == 0 || osd_.Init(dir.c_str(), "osd") == 0;
  clock.Lap(&load_ms_, &load_cpu_ms_);
  if (!loaded) return false;
  osd_.SetPageSegMode(tesseract::PSM_OSD_ONLY);
  osd_.SetVariable("debug_file", "/dev/null");
  osd_ready_ = true;
  return true;
}

int GeometryImpl::RunOsd(const cv::Mat& gray, float* conf) {
  *conf = 0;
  if (!EnsureOsd()) return -1;
  osd_.SetImage(gray.data, gray.cols, gray.rows, 1, static_cast<int>(gray.step));
  osd_.SetSourceResolution(static_cast<int>(kAnalysisDpi));
  int deg = 0;
  float oconf = 0, sconf = 0;
  const char* script = nullptr;
  bool ok = osd_.DetectOrientationScript(&deg, &oconf, &script, &sconf);
  osd_.Clear();
  if (!ok) return -1;
  *conf = oconf;
  // `deg` is the clockwise rotation of the text relative to upright (text
  // turned 90 degrees clockwise reports 90), so the correction is 360 - deg.
  return ((4 - deg / 90) % 4 + 4) % 4;
}

int GeometryImpl::DecideOrientation(const cv::Mat& gray, const cv::Mat& ink, bool landscape) {
  // Text only: long horizontal and vertical rules (tables, underlines) would
  // fill the gaps between text lines.
  const cv::Mat text = RemoveLines(ink, ink.cols / 15 + 1, ink.rows / 15 + 1);
  const int margin = std::max(4, std::min(ink.cols, ink.rows) / 30);
  std::vector<cv::Point2f> pts = InkPoints(text, margin, 60000);
  if (pts.size() < 200) return landscape ? 1 : 0;
  const double extent = std::hypot(ink.cols, ink.rows);
  double s_h = 0, s_v = 0;
  double a_h = BestAngle(pts, 0, 6, extent, &s_h);
  double a_v = BestAngle(pts, 90, 6, extent, &s_v);
  // Fraction of empty bins between the first and last inked bin: high across
  // text lines (the gaps between lines), low along them.
  auto gaps = [&](double angle) {
    std::vector<double> bins;
    ProfileScore(pts, angle, extent, &bins);
    size_t first = 0, last = bins.size();
    while (first < bins.size() && bins[first] == 0) ++first;
    while (last > first && bins[last - 1] == 0) --last;
    if (last <= first) return 0.0;
    double mean = std::accumulate(bins.begin() + first, bins.begin() + last, 0.0) / (last - first);
    size_t empty = 0;
    for (size_t i = first; i < last; ++i) empty += bins[i] < 0.08 * mean;
    return empty / static_cast<double>(last - first);
  };
  const double g_h = gaps(a_h), g_v = gaps(a_v);
  const double ratio = (g_h + 0.02) / (g_v + 0.02);  // > 1: horizontal lines
  const bool horizontal = ratio >= 1.0;
  const bool direction_sure = ratio > 2.0 || ratio < 0.5;

  // Text direction from the profiles (or the page shape when they are
  // unsure); up/down from the ascender/descender balance of the lines,
  // straightened first by the profile angle.
  const bool h = direction_sure ? horizontal : !landscape;
  const int k0 = h ? 0 : 1;
  cv::Mat straight, rot;
  const double angle = h ? a_h : a_v - 90;
  if (std::abs(angle) < 0.06) {
    // Straight already (a rectified photo, within one 0.05 degree step):
    // lines drift by at most a pixel across the page.
    straight = text;
  } else {
    cv::Matx33d d = Deskew(angle, text.cols / 2.0, text.rows / 2.0);
    WarpAffine(text, cv::Matx23d(d.val), text.size(), cv::INTER_NEAREST, 0, &straight);
  }
  if (k0 == 1) cv::rotate(straight, rot, cv::ROTATE_90_CLOCKWISE); else rot = straight;
  const double ev = UprightEvidence(rot);
  // The ascender/descender balance is decisive on Vietnamese text (tone
  // marks above the letters); Tesseract's OSD is run only when it is weak.
  float conf = 0;
  const int k_osd = geometry_internal::BalanceDecides(direction_sure, ev) ? -1 : RunOsd(gray, &conf);
  return geometry_internal::ChooseTurns(k0, direction_sure, ev, k_osd, conf);
}

// `m` (affine) applied to `p`.
cv::Point2f Apply(const cv::Matx33d& m, cv::Point2f p) {
  return cv::Point2f(static_cast<float>(m(0, 0) * p.x + m(0, 1) * p.y + m(0, 2)),
                     static_cast<float>(m(1, 0) * p.x + m(1, 1) * p.y + m(1, 2)));
}

Status GeometryImpl::Timed(const cv::Mat& bgr_in, int stored_turns, double source_dpi, bool reuse_input,
                           bool find_sheet, GeometryResult* out) {
  const bool osd_tried_before = osd_tried_;
  const Status s = Rectify(bgr_in, stored_turns, source_dpi, reuse_input, find_sheet, out);
  const bool loaded_now = !osd_tried_before && osd_tried_;
  out->engine_load_ms = loaded_now ? load_ms_ : 0.0;
  out->engine_load_cpu_ms = loaded_now ? load_cpu_ms_ : 0.0;
  return s;
}

Status GeometryImpl::Rectify(const cv::Mat& bgr_in, int stored_turns, double source_dpi, bool reuse_input,
                             bool find_sheet, GeometryResult* out) {
  if (bgr_in.empty()) return Status::Error("geometry.empty_image", "empty input image");
  // A gray input (a gray scan) stays gray: only the detection copy is
  // made BGR.
  cv::Mat bgr;
  if (bgr_in.type() == CV_8UC3 || bgr_in.type() == CV_8UC1) {
    bgr = bgr_in;
  } else if (bgr_in.type() == CV_8UC4) {
    cv::cvtColor(bgr_in, bgr, cv::COLOR_BGRA2BGR);
  } else {
    return Status::Error("geometry.bad_image", "expected an 8-bit grey, BGR or BGRA image");
  }
  const double dpi_out = options_.output_dpi > 0 ? options_.output_dpi : 300.0;
  // Everything below works in the turned (upright as stored) image's
  // coordinates, `full`; only the full-resolution reads of `bgr` (the side
  // refinement, the warp) go through `stored_from`, which maps the turned
  // image's pixels to the stored image's, and `to_turned`, its inverse.
  int turns = stored_turns & 3;
  const cv::Size full = (turns % 2) ? cv::Size(bgr.rows, bgr.cols) : bgr.size();
  const int long_side = std::max(full.width, full.height);

  // `small` (<= kDetectLongSide, BGR) for detection: exact halvings (cheap
  // box filters) followed by one bilinear step of less than 2x: nearly the
  // anti-aliasing of INTER_AREA at a fraction of its cost for non-integer
  // factors (19 ms vs 3 ms on a 3000 px photo).
  cv::Mat small = DownscaleTurned(bgr, turns, std::min(1.0, static_cast<double>(kDetectLongSide) / long_side));
  if (small.channels() == 1) cv::cvtColor(small, small, cv::COLOR_GRAY2BGR);
  const double small_scale = static_cast<double>(std::max(small.cols, small.rows)) / long_side;
  // Sheet.
  // A scan cut to A4 at the resolution it states, paper all round its
  // border, has no sheet outline to look for: skip the search, ~30 ms. (A
  // larger scan area can hold a crooked page whose edge shows against a
  // white lid; it is searched.)
  Detection det;
  const bool a4_scan = source_dpi >= 150 && [&] {
    const double a4_short = kA4ShortMm / kMmPerInch * source_dpi, a4_long = a4_short * kA4Aspect;
    const double sh = std::min(full.width, full.height), lg = std::max(full.width, full.height);
    return std::abs(sh / a4_short - 1) <= 0.01 && std::abs(lg / a4_long - 1) <= 0.01;
  }();
  if (find_sheet && !(a4_scan && BorderIsPaper(small))) det = DetectSheet(small);
  if (!det.found && turns != 0) {
    // The pass-through path resizes the whole image: turn it first.
    bgr = TurnQuarters(bgr, turns);
    turns = 0;
  }
  const cv::Matx33d to_turned = QuarterTurn(turns, bgr.cols, bgr.rows);
  const cv::Matx33d stored_from = to_turned.inv();
  Quad quad;  // full-resolution, unrotated order
  cv::Matx33d rect;  // full-res (turned) input -> unrotated page at dpi_out
  cv::Size page0;    // unrotated page size
  double dpi = dpi_out;
  if (det.found) {
    quad = ScaleQuad(det.quad, 1.0 / small_scale);
    const double r = 1.0 / small_scale;
    // On the stored pixels: a quarter turn keeps the corners' clockwise
    // order, so each side is refined as in the turned image.
    Quad stored_quad;
    for (int i = 0; i < 4; ++i) stored_quad[i] = Apply(stored_from, quad[i]);
    if (RefineQuad(bgr, 2.5 * r + 2, std::max(1.0, 0.75 * r), 120, &stored_quad))
      for (int i = 0; i < 4; ++i) quad[i] = Apply(to_turned, stored_quad[i]);
    double long_over_short = kA4Aspect;
    bool portrait = true;
    geometry_internal::SheetShape(quad, full, &long_over_short, &portrait);
    const double short_px = kA4ShortMm / kMmPerInch * dpi_out;
    const double long_px = short_px * long_over_short;
    double w = portrait ? short_px : long_px, h = portrait ? long_px : short_px;
    page0 = cv::Size(static_cast<int>(std::lround(w)), static_cast<int>(std::lround(h)));
    std::vector<cv::Point2f> src(quad.begin(), quad.end());
    std::vector<cv::Point2f> dst = {{0, 0},
                                    {static_cast<float>(page0.width), 0},
                                    {static_cast<float>(page0.width), static_cast<float>(page0.height)},
                                    {0, static_cast<float>(page0.height)}};
    cv::Mat m = cv::getPerspectiveTransform(src, dst);
    rect = cv::Matx33d(m);
  } else {
    quad = {cv::Point2f(0, 0), cv::Point2f(static_cast<float>(full.width), 0),
            cv::Point2f(static_cast<float>(full.width), static_cast<float>(full.height)),
            cv::Point2f(0, static_cast<float>(full.height))};
    double s = 1.0;
    const double sh = std::min(full.width, full.height), lg = long_side;
    if (source_dpi > 0) {
      s = dpi_out / source_dpi;
    } else if (std::abs(lg / sh / kA4Aspect - 1.0) < 0.06) {
      s = kA4ShortMm / kMmPerInch * dpi_out / sh;
    } else {
      dpi = dpi_out;  // unknown resolution: pixels kept as they are
    }
    page0 = cv::Size(static_cast<int>(std::lround(full.width * s)),
                     static_cast<int>(std::lround(full.height * s)));
    rect = Scale(s, s);
  }

  // Colour only when the caller wants it for this page (asked on a ~50 dpi
  // preview warped from the detection image): else the gray image is
  // warped, one channel instead of three. A gray input has none.
  bool colour = bgr.channels() == 3;
  if (colour && options_.needs_colour) {
    constexpr double kPreviewDpi = 50.0;
    const double pv = kPreviewDpi / dpi;
    const cv::Size psize = ScaledSize(page0, pv, 8);
    cv::Mat preview;
    cv::warpPerspective(small, preview, cv::Mat(Scale(pv, pv) * rect * Scale(1.0 / small_scale, 1.0 / small_scale)),
                        psize, cv::INTER_LINEAR, det.found ? cv::BORDER_REPLICATE : cv::BORDER_CONSTANT,
                        cv::Scalar(255, 255, 255));
    colour = options_.needs_colour(preview, kPreviewDpi);
  }
  // The grey copy in the colour image's memory where no one else holds it
  // (a copy made here, or an input given up).
  cv::Mat warp_src;
  if (colour || bgr.channels() == 1) warp_src = bgr;
  else if (bgr.isContinuous() && (reuse_input || bgr.data != bgr_in.data)) warp_src = geometry_internal::GreyInPlace(bgr);
  else cv::cvtColor(bgr, warp_src, cv::COLOR_BGR2GRAY);

  // The unrotated page at the output resolution, made once: the analysis
  // copy is taken from it, and the quarter turns are exact pixel moves.
  // Only a residual skew needs a second resampling (from the source).
  // Scans (no sheet found): a bilinear resize, sharper and cheaper than a
  // warp behind a coarse pre-shrink.
  cv::Mat page_img;
  // Local scale of the mapping; the source is shrunk first when it is much
  // larger than the output (warpPerspective has no area filter).
  cv::Mat shrunk = warp_src;
  cv::Matx33d from_shrunk = rect * to_turned;
  if (!det.found) {
    if (page0 == warp_src.size()) page_img = warp_src;
    else cv::resize(warp_src, page_img, page0, 0, 0, cv::INTER_LINEAR);
  } else {
    const double lscale = std::sqrt(static_cast<double>(page0.area()) / std::max(1.0, QuadArea(quad)));
    if (lscale < 0.7) {
      const double r = std::min(1.0, lscale * 1.2);
      shrunk = ShrinkArea(warp_src, ScaledSize(warp_src.size(), r), cv::INTER_AREA);
      from_shrunk = rect * to_turned * Scale(1.0 / r, 1.0 / r);
    }
    WarpPerspectiveLinear(shrunk, from_shrunk, page0, &page_img);
  }

  // Analysis copy at kAnalysisDpi.
  const double a = kAnalysisDpi / dpi_out;
  const cv::Size asize = ScaledSize(page0, a);
  cv::Mat gray;
  if (page_img.channels() == 1) {
    cv::resize(page_img, gray, asize, 0, 0, cv::INTER_LINEAR);
  } else {
    cv::Mat small_colour;
    cv::resize(page_img, small_colour, asize, 0, 0, cv::INTER_LINEAR);
    cv::cvtColor(small_colour, gray, cv::COLOR_BGR2GRAY);
  }
  cv::Mat ink;
  cv::adaptiveThreshold(gray, ink, 255, cv::ADAPTIVE_THRESH_MEAN_C, cv::THRESH_BINARY_INV, 31, 18);

  // Without text evidence, only a found landscape sheet is turned (the forms
  // are portrait); a pass-through image is left as it is.
  const int k = DecideOrientation(gray, ink, det.found && page0.width > page0.height);

  // Residual skew on the upright analysis copy.
  const cv::Mat ink_up = TurnQuarters(ink, k);
  double skew = 0;
  {
    cv::Mat small_ink = ShrinkArea(ink_up, cv::Size(std::max(1, ink_up.cols / 2), std::max(1, ink_up.rows / 2)),
                                   cv::INTER_AREA);
    cv::threshold(small_ink, small_ink, 60, 255, cv::THRESH_BINARY);
    const int margin = std::max(4, std::min(small_ink.cols, small_ink.rows) / 30);
    std::vector<cv::Point2f> pts = InkPoints(small_ink, margin, 60000);
    if (pts.size() >= 200) {
      double sc;
      skew = BestAngle(pts, 0, 5, std::hypot(small_ink.cols, small_ink.rows), &sc);
      if (std::abs(skew) < 0.1) skew = 0;
    }
  }

  const bool odd = (k % 2) == 1;
  cv::Size page(odd ? page0.height : page0.width, odd ? page0.width : page0.height);
  if (skew == 0) {
    // A straight scan at the output resolution is passed through: the page
    // shares the input's pixels (GeometryResult::page), no 9 MB copy.
    out->page = TurnQuarters(page_img, k);
  } else if (!det.found) {
    // A crooked scan: only the small rotation, on the resized page.
    const cv::Matx33d d = Deskew(skew, page.width / 2.0, page.height / 2.0);
    WarpAffine(TurnQuarters(page_img, k), cv::Matx23d(d.val), page, cv::INTER_LINEAR, 255, &out->page);
  } else {
    // A photo with residual skew: one warp from the source with everything
    // composed, rather than resampling the page a second time.
    const cv::Matx33d total =
        Deskew(skew, page.width / 2.0, page.height / 2.0) * QuarterTurn(k, page0.width, page0.height) * from_shrunk;
    WarpPerspectiveLinear(shrunk, total, page, &out->page);
  }

  for (int i = 0; i < 4; ++i) out->quad[i] = quad[(i + 4 - k) % 4];
  out->sheet_found = det.found;
  out->quarter_turns = k;
  out->skew_degrees = skew;
  out->dpi = dpi;
  return Status::Ok();
}

}  // namespace

Status Geometry::Create(const GeometryOptions& options, std::unique_ptr<Geometry>* out) {
  out->reset();
  auto g = std::make_unique<GeometryImpl>(options);
  Status s = g->Init();
  if (!s.ok()) return s;
  *out = std::move(g);
  return Status::Ok();
}

}  // namespace hoso
