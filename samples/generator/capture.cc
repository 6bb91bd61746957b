// Capture simulation: phone photo, hard phone photo and flatbed scan of a rendered page.
//
// Geometry is exact: the page is mapped by a known homography, so the truth quad is the image of the page
// corners; a final clockwise rotation by r quarter turns moves the corners with it and the page then needs
// (4 - r) % 4 clockwise quarter turns to be upright again.
#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <zlib.h>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "samples/generator/samplegen.h"

namespace hoso {
namespace samplegen {
namespace {

const double kPi = 3.14159265358979323846;

cv::RNG CvRng(Rng& rng) { return cv::RNG(rng.Next() | 1); }

// Smooth noise in about [-1, 1]: random cells resized with bicubic interpolation.
cv::Mat LowNoise(cv::Size size, int cells_x, int cells_y, Rng& rng) {
  cv::Mat small(std::max(2, cells_y), std::max(2, cells_x), CV_32F);
  cv::RNG cr = CvRng(rng);
  cr.fill(small, cv::RNG::UNIFORM, -1.0, 1.0);
  cv::Mat big;
  cv::resize(small, big, size, 0, 0, cv::INTER_CUBIC);
  return big;
}

cv::Mat WhiteNoise(cv::Size size, int type, double sd, Rng& rng) {
  cv::Mat n(size, type);
  cv::RNG cr = CvRng(rng);
  cr.fill(n, cv::RNG::NORMAL, 0.0, sd);
  return n;
}

// Multiplies a 3-channel float image by a 1-channel float field, in place.
void MulField(cv::Mat& img, const cv::Mat& field) {
  CV_Assert(img.type() == CV_32FC3 && field.type() == CV_32F && img.size() == field.size());
  for (int y = 0; y < img.rows; ++y) {
    cv::Vec3f* p = img.ptr<cv::Vec3f>(y);
    const float* f = field.ptr<float>(y);
    for (int x = 0; x < img.cols; ++x) p[x] *= f[x];
  }
}

// img = img * (1 - a) + over * a, a in [0, 1] (1 channel), in place.
void Blend(cv::Mat& img, const cv::Mat& over, const cv::Mat& alpha) {
  CV_Assert(img.type() == CV_32FC3 && over.type() == CV_32FC3 && alpha.type() == CV_32F);
  for (int y = 0; y < img.rows; ++y) {
    cv::Vec3f* p = img.ptr<cv::Vec3f>(y);
    const cv::Vec3f* o = over.ptr<cv::Vec3f>(y);
    const float* a = alpha.ptr<float>(y);
    for (int x = 0; x < img.cols; ++x)
      if (a[x] > 0) p[x] += (o[x] - p[x]) * a[x];
  }
}

// Gaussian blur of a 1-channel mask; large sigmas are done on a reduced copy (same look, far faster).
void SoftBlur(cv::Mat& m, double sigma) {
  if (sigma <= 8) {
    cv::GaussianBlur(m, m, cv::Size(0, 0), sigma);
    return;
  }
  double f = 4.0 / sigma;
  cv::Mat small;
  cv::resize(m, small, cv::Size(), f, f, cv::INTER_AREA);
  cv::GaussianBlur(small, small, cv::Size(0, 0), 4.0);
  cv::resize(small, m, m.size(), 0, 0, cv::INTER_LINEAR);
}

cv::Mat Background(cv::Size size, Rng& rng, bool hard, std::string* name) {
  cv::Mat bg(size, CV_32FC3);
  int kind = static_cast<int>(rng.Weighted(hard ? std::vector<double>{30, 30, 15, 10, 15}
                                                : std::vector<double>{30, 20, 20, 20, 10}));
  const int W = size.width, H = size.height;
  if (kind == 0) {  // wood
    *name = "wood";
    bool vertical = rng.Chance(0.5);
    cv::Size s = vertical ? cv::Size(H, W) : size;  // build horizontal grain, then transpose
    cv::Mat grain = LowNoise(s, 5, s.height / 10, rng) * 0.55 + LowNoise(s, 3, s.height / 45, rng) * 0.45;
    cv::Mat wave = LowNoise(s, 6, 4, rng);
    cv::Mat g(s, CV_32F);
    for (int y = 0; y < s.height; ++y) {
      float* gp = g.ptr<float>(y);
      const float* a = grain.ptr<float>(y);
      const float* w = wave.ptr<float>(y);
      for (int x = 0; x < s.width; ++x) gp[x] = 0.5f + 0.5f * std::sin(a[x] * 9.0f + w[x] * 5.0f + y * 0.02f);
    }
    int plank = static_cast<int>(s.height * rng.Real(0.18, 0.4));
    int off = rng.Int(0, plank);
    for (int y = off; y < s.height; y += plank) cv::line(g, {0, y}, {s.width, y}, cv::Scalar(-0.8), std::max(2, s.height / 500));
    if (vertical) cv::transpose(g, g);
    cv::Scalar base(rng.Real(40, 90), rng.Real(80, 125), rng.Real(120, 175));
    cv::Scalar dark = base * rng.Real(0.55, 0.75);
    std::vector<cv::Mat> ch(3);
    for (int c = 0; c < 3; ++c) ch[c] = dark[c] + g * (base[c] - dark[c]);
    cv::merge(ch, bg);
  } else if (kind == 1) {  // fabric / bedsheet
    *name = "fabric";
    cv::Scalar c1(rng.Real(120, 235), rng.Real(120, 235), rng.Real(120, 235));
    cv::Scalar c2 = c1 * rng.Real(0.55, 0.85);
    int pattern = rng.Int(0, 2);
    double period = H * rng.Real(0.03, 0.09);
    double ang = rng.Real(0, kPi);
    cv::Mat p(size, CV_32F);
    for (int y = 0; y < H; ++y) {
      float* pp = p.ptr<float>(y);
      for (int x = 0; x < W; ++x) {
        double u = (x * std::cos(ang) + y * std::sin(ang)) / period;
        double v = (-x * std::sin(ang) + y * std::cos(ang)) / period;
        double su = std::fmod(std::fabs(u), 1.0) < 0.5 ? 1.0 : 0.0;
        double sv = std::fmod(std::fabs(v), 1.0) < 0.5 ? 1.0 : 0.0;
        double val = pattern == 0 ? su : pattern == 1 ? (su + sv) * 0.5
                                                       : ((std::pow(std::fmod(std::fabs(u), 1.0) - 0.5, 2) +
                                                           std::pow(std::fmod(std::fabs(v), 1.0) - 0.5, 2)) < 0.06 ? 1.0 : 0.0);
        pp[x] = static_cast<float>(val);
      }
    }
    cv::GaussianBlur(p, p, cv::Size(0, 0), std::max(1.0, H / 1500.0));
    std::vector<cv::Mat> ch(3);
    for (int c = 0; c < 3; ++c) ch[c] = c1[c] + p * (c2[c] - c1[c]);
    cv::merge(ch, bg);
    cv::Mat folds = LowNoise(size, 5, 7, rng) * 0.18 + 1.0;
    MulField(bg, folds);
    cv::Mat weave = WhiteNoise(size, CV_32F, 6.0, rng);
    cv::GaussianBlur(weave, weave, cv::Size(3, 3), 0.8);
    cv::Mat w3;
    cv::merge(std::vector<cv::Mat>{weave, weave, weave}, w3);
    bg += w3;
  } else if (kind == 2 || kind == 3) {  // dark / light table
    bool dark = kind == 2;
    *name = dark ? "dark_table" : "light_table";
    double v = dark ? rng.Real(25, 75) : rng.Real(165, 215);
    cv::Scalar base(v * rng.Real(0.9, 1.05), v * rng.Real(0.95, 1.05), v * rng.Real(0.95, 1.12));
    bg.setTo(base);
    cv::Mat n = LowNoise(size, 4, 5, rng) * 0.08 + 1.0;
    MulField(bg, n);
    cv::Mat fine = WhiteNoise(size, CV_32F, dark ? 3.0 : 2.5, rng);
    cv::Mat f3;
    cv::merge(std::vector<cv::Mat>{fine, fine, fine}, f3);
    bg += f3;
  } else {  // lap: denim or dark trousers with folds
    *name = "lap";
    cv::Scalar base = rng.Chance(0.6) ? cv::Scalar(rng.Real(95, 140), rng.Real(65, 95), rng.Real(35, 60))
                                      : cv::Scalar(rng.Real(35, 60), rng.Real(35, 60), rng.Real(35, 65));
    bg.setTo(base);
    cv::Mat twill(size, CV_32F);
    double per = std::max(3.0, H / 700.0);
    for (int y = 0; y < H; ++y) {
      float* tp = twill.ptr<float>(y);
      for (int x = 0; x < W; ++x) tp[x] = static_cast<float>(0.93 + 0.07 * std::sin((x + y) * 2 * kPi / per));
    }
    MulField(bg, twill);
    cv::Mat folds = LowNoise(size, 3, 6, rng) * 0.3 + 1.0;
    MulField(bg, folds);
    cv::Mat fine = WhiteNoise(size, CV_32F, 5.0, rng);
    cv::Mat f3;
    cv::merge(std::vector<cv::Mat>{fine, fine, fine}, f3);
    bg += f3;
  }
  return bg;
}

// Page (8U BGR, white paper, dark ink) -> float paper with tint, ink colour and faint texture.
// texture: amplitude of the paper's low-frequency mottling (fraction of the paper level).
cv::Mat Paperize(const cv::Mat& page8, Rng& rng, double brightness, double texture = 0.012) {
  cv::Mat v;
  page8.convertTo(v, CV_32FC3, 1.0 / 255.0);
  // White to slightly warm (cream) paper; never pink or green: R >= G >= B.
  double base = rng.Real(236, 250), warm = rng.Real(0, 1);
  cv::Scalar paper(base - warm * rng.Real(4, 14), base - warm * rng.Real(0, 3), std::min(254.0, base + warm * 3));
  paper *= brightness;
  double k = rng.Real(18, 45);
  cv::Scalar ink(k * rng.Real(1.0, 1.3), k, k * rng.Real(0.9, 1.0));
  cv::Mat out(v.size(), CV_32FC3);
  std::vector<cv::Mat> ch(3), vc;
  cv::split(v, vc);
  for (int c = 0; c < 3; ++c) ch[c] = ink[c] + vc[c] * (paper[c] - ink[c]);
  cv::merge(ch, out);
  if (texture > 0) {
    cv::Mat tex = LowNoise(v.size(), 40, 56, rng) * texture + 1.0;
    MulField(out, tex);
  }
  return out;
}

std::vector<cv::Point2f> RectCorners(cv::Size s) {
  return {{0.f, 0.f}, {static_cast<float>(s.width), 0.f}, {static_cast<float>(s.width), static_cast<float>(s.height)},
          {0.f, static_cast<float>(s.height)}};
}

// Warps src (float BGR) and an all-ones mask through M into dst size; blends onto img.
void Composite(cv::Mat& img, const cv::Mat& src, const cv::Mat& M, bool perspective) {
  cv::Mat warped, mask, ones(src.size(), CV_32F, cv::Scalar(1.0));
  if (perspective) {
    cv::warpPerspective(src, warped, M, img.size(), cv::INTER_LINEAR, cv::BORDER_CONSTANT);
    cv::warpPerspective(ones, mask, M, img.size(), cv::INTER_LINEAR, cv::BORDER_CONSTANT);
  } else {
    cv::warpAffine(src, warped, M, img.size(), cv::INTER_LINEAR, cv::BORDER_CONSTANT);
    cv::warpAffine(ones, mask, M, img.size(), cv::INTER_LINEAR, cv::BORDER_CONSTANT);
  }
  Blend(img, warped, mask);
}

// Soft shadow cast by the sheet onto the background.
void DropShadow(cv::Mat& img, const std::vector<cv::Point2f>& quad, double blur, cv::Point2f offset, double strength) {
  cv::Mat m = cv::Mat::zeros(img.size(), CV_32F);
  std::vector<cv::Point> pts;
  for (const auto& p : quad) pts.emplace_back(cvRound(p.x + offset.x), cvRound(p.y + offset.y));
  cv::fillConvexPoly(m, pts, cv::Scalar(1.0), cv::LINE_AA);
  SoftBlur(m, blur);
  m.convertTo(m, CV_32F, -strength, 1.0);
  MulField(img, m);
}

// A second sheet partly under the main one, with grey bars for text.
void SecondSheet(cv::Mat& img, const std::vector<cv::Point2f>& quad, Rng& rng) {
  cv::Size s(620, 877);
  cv::Mat sheet(s, CV_8UC3, cv::Scalar(245, 245, 245));
  for (int y = 60; y < s.height - 60; y += rng.Int(16, 24)) {
    int x = 50;
    while (x < s.width - 60) {
      int w = rng.Int(15, 70);
      if (x + w > s.width - 50) break;
      cv::rectangle(sheet, {x, y}, {x + w, y + 5}, cv::Scalar(120, 120, 120), cv::FILLED);
      x += w + rng.Int(5, 9);
    }
    if (rng.Chance(0.1)) y += 20;
  }
  cv::GaussianBlur(sheet, sheet, cv::Size(3, 3), 1.0);
  cv::Mat paper = Paperize(sheet, rng, 0.97);
  cv::Point2f c(0, 0);
  for (const auto& p : quad) c += p * 0.25f;
  double ang = rng.Real(6, 25) * (rng.Chance(0.5) ? 1 : -1) * kPi / 180;
  double dirang = rng.Real(0, 2 * kPi);
  double h = cv::norm(quad[3] - quad[0]);
  cv::Point2f shift(static_cast<float>(std::cos(dirang) * h * rng.Real(0.25, 0.45)),
                    static_cast<float>(std::sin(dirang) * h * rng.Real(0.25, 0.45)));
  std::vector<cv::Point2f> q2;
  for (const auto& p : quad) {
    cv::Point2f d = p - c;
    q2.emplace_back(static_cast<float>(c.x + d.x * std::cos(ang) - d.y * std::sin(ang) + shift.x),
                    static_cast<float>(c.y + d.x * std::sin(ang) + d.y * std::cos(ang) + shift.y));
  }
  DropShadow(img, q2, h * 0.01, {4, 6}, 0.3);
  cv::Mat M = cv::getPerspectiveTransform(RectCorners(s), q2);
  Composite(img, paper, M, true);
}

// A thumb/finger holding the sheet at one edge, reaching to the image border.
void Finger(cv::Mat img, const std::vector<cv::Point2f>& quad, Rng& rng) {  // img: a header sharing the caller's pixels
  int e = static_cast<int>(rng.Weighted({10, 30, 25, 35}));  // top, right, bottom, left edge
  cv::Point2f a = quad[e], b = quad[(e + 1) % 4];
  cv::Point2f c(0, 0);
  for (const auto& p : quad) c += p * 0.25f;
  float t = static_cast<float>(rng.Real(0.25, 0.75));
  cv::Point2f p = a + (b - a) * t;
  cv::Point2f n = p - c;
  n *= 1.0f / static_cast<float>(cv::norm(n));
  double tilt = rng.Real(-0.35, 0.35);
  cv::Point2f d(static_cast<float>(n.x * std::cos(tilt) - n.y * std::sin(tilt)),
                static_cast<float>(n.x * std::sin(tilt) + n.y * std::cos(tilt)));
  double H = img.rows, W = img.cols;
  double width = std::min(W, H) * rng.Real(0.07, 0.1);
  double depth = width * rng.Real(0.5, 1.2);  // how far the tip reaches into the sheet
  // distance from p to the image border along d
  double reach = 1e9;
  if (d.x > 1e-3) reach = std::min(reach, (W - p.x) / static_cast<double>(d.x));
  if (d.x < -1e-3) reach = std::min(reach, -p.x / static_cast<double>(d.x));
  if (d.y > 1e-3) reach = std::min(reach, (H - p.y) / static_cast<double>(d.y));
  if (d.y < -1e-3) reach = std::min(reach, -p.y / static_cast<double>(d.y));
  double len = depth + reach + width;
  cv::Point2f tip = p - d * static_cast<float>(depth);
  cv::Point2f centre = tip + d * static_cast<float>(len / 2);
  float angle = static_cast<float>(std::atan2(d.y, d.x) * 180 / kPi);
  // Work on the finger's neighbourhood only.
  cv::RotatedRect whole(centre, cv::Size2f(static_cast<float>(len), static_cast<float>(width)), angle);
  int pad = static_cast<int>(width * 1.5);
  cv::Rect roi = whole.boundingRect();
  roi = cv::Rect(roi.x - pad, roi.y - pad, roi.width + 2 * pad, roi.height + 2 * pad) & cv::Rect(0, 0, img.cols, img.rows);
  if (roi.empty()) return;
  cv::Mat full = img;
  img = full(roi);
  centre -= cv::Point2f(static_cast<float>(roi.x), static_cast<float>(roi.y));
  tip -= cv::Point2f(static_cast<float>(roi.x), static_cast<float>(roi.y));
  cv::RotatedRect rr(centre, cv::Size2f(static_cast<float>(len), static_cast<float>(width)), angle);
  // shadow of the finger on the page
  cv::Mat sh = cv::Mat::zeros(img.size(), CV_32F);
  cv::RotatedRect rs(centre + cv::Point2f(static_cast<float>(width * 0.25), static_cast<float>(width * 0.3)), rr.size, angle);
  cv::ellipse(sh, rs, cv::Scalar(1.0), cv::FILLED, cv::LINE_AA);
  SoftBlur(sh, width * 0.3);
  sh.convertTo(sh, CV_32F, -0.45, 1.0);
  MulField(img, sh);
  cv::Mat m = cv::Mat::zeros(img.size(), CV_32F), core = cv::Mat::zeros(img.size(), CV_32F);
  cv::ellipse(m, rr, cv::Scalar(1.0), cv::FILLED, cv::LINE_AA);
  cv::RotatedRect rc(centre, cv::Size2f(static_cast<float>(len * 0.95), static_cast<float>(width * 0.4)), angle);
  cv::ellipse(core, rc, cv::Scalar(1.0), cv::FILLED, cv::LINE_AA);
  SoftBlur(m, width * 0.04);
  SoftBlur(core, width * 0.25);
  cv::Scalar skin(rng.Real(95, 145), rng.Real(125, 170), rng.Real(175, 225));
  cv::Mat col(img.size(), CV_32FC3, skin * 0.72);
  cv::Mat hl;
  cv::merge(std::vector<cv::Mat>{core, core, core}, hl);
  cv::Mat add;
  cv::multiply(hl, cv::Scalar(skin[0] * 0.35, skin[1] * 0.35, skin[2] * 0.35), add);
  col += add;
  // nail near the tip
  cv::Point2f nc = tip + d * static_cast<float>(width * 0.55);
  cv::RotatedRect rn(nc, cv::Size2f(static_cast<float>(width * 0.7), static_cast<float>(width * 0.55)), angle);
  cv::Mat nm = cv::Mat::zeros(img.size(), CV_32F);
  cv::ellipse(nm, rn, cv::Scalar(0.5), cv::FILLED, cv::LINE_AA);
  SoftBlur(nm, width * 0.05);
  cv::Mat nail(img.size(), CV_32FC3, cv::Scalar(skin[0] * 1.2, skin[1] * 1.15, skin[2] * 1.05));
  Blend(col, nail, nm);
  Blend(img, col, m);
}

cv::Point2d RotatePoint(cv::Point2d p, int r, cv::Size s) {  // r clockwise quarter turns of an image of size s
  switch (r & 3) {
    case 1: return {s.height - 1 - p.y, p.x};
    case 2: return {s.width - 1 - p.x, s.height - 1 - p.y};
    case 3: return {p.y, s.width - 1 - p.x};
    default: return p;
  }
}

cv::Mat RotateImage(const cv::Mat& img, int r) {
  cv::Mat out;
  switch (r & 3) {
    case 1: cv::rotate(img, out, cv::ROTATE_90_CLOCKWISE); break;
    case 2: cv::rotate(img, out, cv::ROTATE_180); break;
    case 3: cv::rotate(img, out, cv::ROTATE_90_COUNTERCLOCKWISE); break;
    default: out = img;
  }
  return out;
}

void AddNoise(cv::Mat& img, double sd, Rng& rng) {
  if (sd <= 0) return;
  cv::Mat n = WhiteNoise(img.size(), CV_32FC3, sd * 0.6, rng);
  cv::Mat l = WhiteNoise(img.size(), CV_32F, sd * 0.8, rng);
  cv::Mat l3;
  cv::merge(std::vector<cv::Mat>{l, l, l}, l3);
  img += n + l3;
}

// Inserts an Exif APP1 segment with the given Orientation tag after the JFIF APP0 segment of a JPEG.
void AddExifOrientation(std::vector<uint8_t>* bytes, int orientation) {
  std::vector<uint8_t>& b = *bytes;
  size_t pos = 2;
  if (b.size() > 6 && b[2] == 0xFF && b[3] == 0xE0) pos = 4 + (static_cast<size_t>(b[4]) << 8 | b[5]);
  const std::vector<uint8_t> tiff = {'M', 'M', 0, 42, 0, 0, 0, 8,                  // big-endian header, IFD at 8
                                     0, 1,                                          // one entry
                                     0x01, 0x12, 0, 3, 0, 0, 0, 1,                  // Orientation, SHORT, 1
                                     0, static_cast<uint8_t>(orientation), 0, 0,    // value
                                     0, 0, 0, 0};                                   // no next IFD
  std::vector<uint8_t> seg = {0xFF, 0xE1, 0, 0, 'E', 'x', 'i', 'f', 0, 0};
  seg.insert(seg.end(), tiff.begin(), tiff.end());
  size_t len = seg.size() - 2;
  seg[2] = static_cast<uint8_t>(len >> 8);
  seg[3] = static_cast<uint8_t>(len & 0xFF);
  b.insert(b.begin() + static_cast<std::ptrdiff_t>(pos), seg.begin(), seg.end());
}

Captured Photo(const cv::Mat& page, bool hard, const CaptureOptions& opt, Rng& rng) {
  const int Hc = opt.max_side;
  const int Wc = static_cast<int>(std::lround(Hc * 0.75));
  const double aspect = static_cast<double>(page.cols) / page.rows;
  // Choose the quad.
  std::vector<cv::Point2f> quad;
  double frac = hard ? rng.Real(0.6, 0.86) : rng.Real(0.7, 0.9);
  double keystone = hard ? rng.Real(0.06, 0.22) : rng.Real(0.0, 0.1);
  int kedge = rng.Int(0, 3);
  double rot = (hard ? rng.Gauss(0, 7) : rng.Gauss(0, 3)) * kPi / 180;
  double jitter = hard ? 0.02 : 0.008;
  double margin = Hc * 0.02;
  double ph = frac * Hc, pw = ph * aspect;
  double cxr = rng.Real(-1, 1), cyr = rng.Real(-1, 1);
  const uint64_t jitter_seed = rng.Next();
  for (int attempt = 0; attempt < 60; ++attempt) {
    double cx = Wc / 2.0 + cxr * std::max(0.0, (Wc - pw) / 2 - margin) * 0.8;
    double cy = Hc / 2.0 + cyr * std::max(0.0, (Hc - ph) / 2 - margin) * 0.8;
    std::vector<cv::Point2d> rect = {{-pw / 2, -ph / 2}, {pw / 2, -ph / 2}, {pw / 2, ph / 2}, {-pw / 2, ph / 2}};
    // keystone: shrink one edge
    int i0 = kedge, i1 = (kedge + 1) % 4;
    cv::Point2d mid = (rect[i0] + rect[i1]) * 0.5;
    rect[i0] = mid + (rect[i0] - mid) * (1 - keystone);
    rect[i1] = mid + (rect[i1] - mid) * (1 - keystone);
    quad.clear();
    bool inside = true;
    Rng jr(jitter_seed + static_cast<uint64_t>(attempt));
    for (auto& p : rect) {
      cv::Point2d q(p.x * std::cos(rot) - p.y * std::sin(rot), p.x * std::sin(rot) + p.y * std::cos(rot));
      q.x += cx + jr.Real(-1, 1) * jitter * ph;
      q.y += cy + jr.Real(-1, 1) * jitter * ph;
      if (q.x < margin || q.y < margin || q.x > Wc - margin || q.y > Hc - margin) inside = false;
      quad.emplace_back(static_cast<float>(q.x), static_cast<float>(q.y));
    }
    if (inside) break;
    ph *= 0.96;
    pw = ph * aspect;
  }
  // Page at about its final size.
  double scale = std::min(1.0, ph * 1.1 / page.rows);
  cv::Mat small;
  cv::resize(page, small, cv::Size(), scale, scale, cv::INTER_AREA);
  std::string bgname;
  cv::Mat img = Background(cv::Size(Wc, Hc), rng, hard, &bgname);
  if (hard ? rng.Chance(0.6) : rng.Chance(0.12)) SecondSheet(img, quad, rng);
  DropShadow(img, quad, Hc * rng.Real(0.004, 0.012), {static_cast<float>(Hc * 0.003), static_cast<float>(Hc * 0.005)},
             rng.Real(0.25, 0.5));
  cv::Mat paper = Paperize(small, rng, 1.0);
  cv::Mat M = cv::getPerspectiveTransform(RectCorners(small.size()), quad);
  Composite(img, paper, M, true);
  if (hard && rng.Chance(0.55)) Finger(img, quad, rng);
  // Lighting: gradient + vignette, computed small and resized.
  {
    cv::Size ls(64, 85);
    cv::Mat L(ls, CV_32F);
    double base = hard ? rng.Real(0.5, 0.85) : rng.Real(0.88, 1.04);
    double gx = rng.Real(-1, 1) * (hard ? 0.45 : 0.22), gy = rng.Real(-1, 1) * (hard ? 0.45 : 0.22);
    double vig = hard ? rng.Real(0.15, 0.35) : rng.Real(0.05, 0.2);
    for (int y = 0; y < ls.height; ++y)
      for (int x = 0; x < ls.width; ++x) {
        double u = x / (ls.width - 1.0) - 0.5, v = y / (ls.height - 1.0) - 0.5;
        L.at<float>(y, x) = static_cast<float>(base * (1 + gx * u + gy * v) * (1 - vig * (u * u + v * v) * 2));
      }
    cv::resize(L, L, img.size(), 0, 0, cv::INTER_CUBIC);
    // Soft shadow (hand / phone).
    if (hard || rng.Chance(0.5)) {
      cv::Mat sh = cv::Mat::zeros(img.size(), CV_32F);
      cv::Point2f c(static_cast<float>(rng.Real(0, Wc)), static_cast<float>(rng.Real(0, Hc)));
      cv::Size2f ax(static_cast<float>(Wc * rng.Real(0.3, 0.8)), static_cast<float>(Hc * rng.Real(0.2, 0.6)));
      cv::ellipse(sh, cv::RotatedRect(c, ax, static_cast<float>(rng.Real(0, 180))), cv::Scalar(1.0), cv::FILLED);
      SoftBlur(sh, Hc * rng.Real(0.02, 0.06));
      double strength = hard ? rng.Real(0.3, 0.55) : rng.Real(0.12, 0.28);
      sh.convertTo(sh, CV_32F, -strength, 1.0);
      L = L.mul(sh);
    }
    MulField(img, L);
  }
  // Colour cast.
  double warm = hard ? rng.Real(0.0, 0.12) : 0.0;
  cv::Scalar gains(rng.Real(0.93, 1.06) - warm, rng.Real(0.96, 1.04), rng.Real(0.95, 1.07) + warm * 0.5);
  cv::multiply(img, gains, img);
  // Optics: blur (Gaussian or slight motion).
  double s = Hc / 3000.0;
  if (hard && rng.Chance(0.3)) {
    int k = std::max(3, static_cast<int>(rng.Real(6, 14) * s)) | 1;
    cv::Mat kern = cv::Mat::zeros(k, k, CV_32F);
    double a = rng.Real(0, kPi);
    cv::line(kern, {static_cast<int>(k / 2 - std::cos(a) * k / 2), static_cast<int>(k / 2 - std::sin(a) * k / 2)},
             {static_cast<int>(k / 2 + std::cos(a) * k / 2), static_cast<int>(k / 2 + std::sin(a) * k / 2)}, cv::Scalar(1.0));
    kern /= cv::sum(kern)[0];
    cv::filter2D(img, img, -1, kern);
  } else {
    double sigma = (hard ? rng.Real(1.0, 2.2) : rng.Real(0.4, 1.1)) * s;
    if (sigma > 0.3) cv::GaussianBlur(img, img, cv::Size(0, 0), sigma);
  }
  AddNoise(img, hard ? rng.Real(5, 11) : rng.Real(1.5, 4.5), rng);
  cv::Mat out8;
  img.convertTo(out8, CV_8UC3);
  // Orientation.
  int r = 0;
  if (rng.Chance(0.3)) r = rng.Int(1, 3);
  Captured cap;
  cv::Mat rotated = RotateImage(out8, r);
  for (const auto& p : quad) cap.quad.push_back(RotatePoint(cv::Point2d(p.x, p.y), r, out8.size()));
  cap.quarter_turns = (4 - r) % 4;
  int q = rng.Int(opt.jpeg_min, opt.jpeg_max);
  if (rng.Chance(0.35)) {
    // As many phones do: store the sensor's pixels and an Exif Orientation that turns them into the
    // displayed image (the truth is in decoded coordinates, Exif applied). Orientation 6 = rotate the
    // stored image 90 degrees clockwise to display, 3 = 180, 8 = 90 counter-clockwise.
    int stored_turns = rng.Int(1, 3);  // clockwise turns the viewer applies
    cv::Mat stored = RotateImage(rotated, (4 - stored_turns) % 4);
    cv::imencode(".jpg", stored, cap.bytes, {cv::IMWRITE_JPEG_QUALITY, q});
    AddExifOrientation(&cap.bytes, stored_turns == 1 ? 6 : stored_turns == 2 ? 3 : 8);
    cv::Mat check = cv::imdecode(cap.bytes, cv::IMREAD_COLOR);
    if (check.size() != rotated.size() ||
        cv::norm(check, rotated, cv::NORM_L1) / (static_cast<double>(check.total()) * 3) > 8)
      throw std::runtime_error("Exif orientation not honoured by the decoder");
  } else {
    cv::imencode(".jpg", rotated, cap.bytes, {cv::IMWRITE_JPEG_QUALITY, q});
  }
  cap.ext = "jpg";
  cap.preview = rotated;
  return cap;
}

// Records the resolution in an encoded JPEG (JFIF APP0 density) or PNG (pHYs chunk after IHDR).
void SetDpi(std::vector<uint8_t>* bytes, const std::string& ext, int dpi) {
  std::vector<uint8_t>& b = *bytes;
  if (ext == "jpg") {
    if (b.size() > 18 && b[2] == 0xFF && b[3] == 0xE0 && std::equal(b.begin() + 6, b.begin() + 11, "JFIF")) {
      b[13] = 1;  // dots per inch
      b[14] = static_cast<uint8_t>(dpi >> 8);
      b[15] = static_cast<uint8_t>(dpi & 0xFF);
      b[16] = b[14];
      b[17] = b[15];
    }
    return;
  }
  const size_t ihdr_end = 8 + 4 + 4 + 13 + 4;
  if (b.size() < ihdr_end) return;
  uint32_t ppm = static_cast<uint32_t>(std::lround(dpi / 0.0254));
  std::vector<uint8_t> chunk = {0, 0, 0, 9, 'p', 'H', 'Y', 's'};
  for (int k = 0; k < 2; ++k)
    for (int sh = 24; sh >= 0; sh -= 8) chunk.push_back(static_cast<uint8_t>(ppm >> sh));
  chunk.push_back(1);  // unit: metre
  uLong crc = crc32(0L, chunk.data() + 4, static_cast<uInt>(chunk.size() - 4));
  for (int sh = 24; sh >= 0; sh -= 8) chunk.push_back(static_cast<uint8_t>(crc >> sh));
  b.insert(b.begin() + ihdr_end, chunk.begin(), chunk.end());
}

Captured Scan(const cv::Mat& page, const CaptureOptions& opt, Rng& rng) {
  double s = opt.scan_dpi / 300.0;
  cv::Mat small;
  if (std::fabs(s - 1.0) > 1e-6) cv::resize(page, small, cv::Size(), s, s, cv::INTER_AREA);
  else small = page;
  int mx = rng.Chance(0.5) ? 0 : rng.Int(0, static_cast<int>(30 * s));
  int my = rng.Chance(0.5) ? 0 : rng.Int(0, static_cast<int>(30 * s));
  cv::Size cs(small.cols + 2 * mx, small.rows + 2 * my);
  double lid = rng.Real(232, 252);
  cv::Mat img(cs, CV_32FC3, cv::Scalar(lid, lid, lid * rng.Real(0.97, 1.0)));
  double ang = (rng.Chance(0.7) ? rng.Real(-0.8, 0.8) : rng.Real(-2.0, 2.0));
  cv::Point2f c(cs.width / 2.0f, cs.height / 2.0f);
  // Place the page at (mx, my) (its centre is then the canvas centre), then rotate about the centre.
  cv::Mat A = cv::getRotationMatrix2D(c, -ang, 1.0);  // positive ang = clockwise on screen
  A.at<double>(0, 2) += A.at<double>(0, 0) * mx + A.at<double>(0, 1) * my;
  A.at<double>(1, 2) += A.at<double>(1, 0) * mx + A.at<double>(1, 1) * my;
  std::vector<cv::Point2f> quad;
  for (const auto& p : RectCorners(small.size())) {
    double x = A.at<double>(0, 0) * p.x + A.at<double>(0, 1) * p.y + A.at<double>(0, 2);
    double y = A.at<double>(1, 0) * p.x + A.at<double>(1, 1) * p.y + A.at<double>(1, 2);
    quad.emplace_back(static_cast<float>(x), static_cast<float>(y));
  }
  DropShadow(img, quad, 2.0 * s + 1, {1.5f, 1.5f}, 0.35);
  cv::Mat paper = Paperize(small, rng, rng.Real(1.0, 1.02), 0.004);
  Composite(img, paper, A, false);
  double alpha = rng.Real(0.9, 1.15), beta = rng.Real(-10, 10);
  img = (img - cv::Scalar::all(128)) * alpha + cv::Scalar::all(128 + beta);
  double sigma = rng.Real(0.3, 0.7) * s;
  if (sigma > 0.3) cv::GaussianBlur(img, img, cv::Size(0, 0), sigma);
  bool png = rng.Chance(0.4);
  if (!png) AddNoise(img, rng.Real(1.5, 3.0), rng);
  cv::Mat out8;
  img.convertTo(out8, CV_8UC3);
  if (png) {  // dust specks instead of sensor noise
    int n = rng.Int(3, 15);
    int radius = std::max(1, static_cast<int>(std::lround(1.5 * s)));
    for (int i = 0; i < n; ++i)
      cv::circle(out8, {rng.Int(0, cs.width - 1), rng.Int(0, cs.height - 1)}, rng.Int(1, radius), cv::Scalar::all(rng.Int(130, 190)),
                 cv::FILLED, cv::LINE_AA);
  }
  if (rng.Chance(0.5)) cv::cvtColor(out8, out8, cv::COLOR_BGR2GRAY);
  int r = rng.Chance(0.1) ? 2 : 0;
  Captured cap;
  cv::Mat rotated = RotateImage(out8, r);
  for (const auto& p : quad) cap.quad.push_back(RotatePoint(cv::Point2d(p.x, p.y), r, out8.size()));
  cap.quarter_turns = (4 - r) % 4;
  if (png) {
    cv::imencode(".png", rotated, cap.bytes, {cv::IMWRITE_PNG_COMPRESSION, 6});
    cap.ext = "png";
  } else {
    cv::imencode(".jpg", rotated, cap.bytes, {cv::IMWRITE_JPEG_QUALITY, rng.Int(opt.jpeg_min, opt.jpeg_max)});
    cap.ext = "jpg";
  }
  SetDpi(&cap.bytes, cap.ext, opt.scan_dpi);
  cap.preview = rotated;
  return cap;
}

}  // namespace

Captured Capture(const cv::Mat& page, const std::string& kind, const CaptureOptions& opt, Rng& rng) {
  if (kind == "scan") return Scan(page, opt, rng);
  return Photo(page, kind == "hard_photo", opt, rng);
}

}  // namespace samplegen
}  // namespace hoso
