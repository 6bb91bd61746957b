// Geometry stage tests on images synthesised here: an A4-proportioned page of
// text drawn onto a background, warped by a known homography, rotated by a
// quarter turn, with fingers and shadows; and flatbed "scans" that fill the
// image. Checks the quad (IoU), quarter turns, skew and scan pass-through.
#include "pipeline/geometry/geometry.h"

#include <cmath>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <opencv2/imgproc.hpp>

namespace hoso {
namespace {

const char* const kWords[] = {
    "Cong",   "hoa",     "xa",      "hoi",    "chu",     "nghia",  "Viet",   "Nam",
    "Doc",    "lap",     "Tu",      "do",     "Hanh",    "phuc",   "GIAY",   "CHUNG",
    "SINH",   "Ho",      "ten",     "me",     "Nam",     "sinh",   "Noi",    "dang",
    "ky",     "thuong",  "tru",     "Dan",    "toc",     "Kinh",   "So",     "the",
    "bao",    "hiem",    "y",       "te",     "Da",      "sinh",   "con",    "vao",
    "luc",    "gio",     "phut",    "ngay",   "thang",   "nam",    "tai",    "benh",
    "vien",   "Quan",    "huyen",   "Tinh",   "Thanh",   "pho",    "Ha",     "Noi",
    "Phuong", "Ba",      "Dinh",    "Gioi",   "tinh",    "cua",    "tre",    "Trai",
    "Can",    "nang",    "gram",    "Du",     "dinh",    "dat",    "ten",    "quy"};

// A white page w x h with rows of black text (two header columns, a title,
// then body lines of varying length).
cv::Mat MakePage(int w, int h, cv::RNG& rng) {
  cv::Mat page(h, w, CV_8UC3, cv::Scalar(250, 250, 250));
  const double scale = w / 700.0;
  const int line_h = static_cast<int>(std::lround(h / 42.0));
  const int margin = static_cast<int>(w * 0.09);
  auto text = [&](const std::string& s, int x, int y, double fs, int thick) {
    cv::putText(page, s, cv::Point(x, y), cv::FONT_HERSHEY_SIMPLEX, fs * scale,
                cv::Scalar(20, 20, 20), std::max(1, static_cast<int>(thick * scale)), cv::LINE_AA);
  };
  auto words = [&](int n) {
    std::string s;
    for (int i = 0; i < n; ++i) {
      if (i) s += ' ';
      s += kWords[rng.uniform(0, static_cast<int>(sizeof(kWords) / sizeof(kWords[0])))];
    }
    return s;
  };
  int y = margin + line_h;
  text("BENH VIEN DA KHOA", margin, y, 0.5, 1);
  text("CONG HOA XA HOI CHU NGHIA", w / 2, y, 0.5, 1);
  y += line_h;
  text("So: 123/GCS", margin, y, 0.5, 1);
  text("Doc lap - Tu do - Hanh phuc", w / 2 + 10, y, 0.5, 1);
  y += 2 * line_h;
  text("GIAY CHUNG SINH", w / 2 - static_cast<int>(110 * scale), y, 0.9, 2);
  y += 2 * line_h;
  while (y < h - margin - line_h) {
    std::string s = words(rng.uniform(4, 10)) + ": " + words(rng.uniform(1, 4));
    text(s, margin, y, 0.55, 1);
    y += line_h;
  }
  return page;
}

enum class Background { kDarkWood, kLight, kPattern, kStripes };

cv::Mat MakeBackground(cv::Size size, Background kind, cv::RNG& rng) {
  cv::Mat bg(size, CV_8UC3);
  for (int y = 0; y < size.height; ++y) {
    cv::Vec3b* row = bg.ptr<cv::Vec3b>(y);
    for (int x = 0; x < size.width; ++x) {
      switch (kind) {
        case Background::kDarkWood: {
          double v = 0.5 + 0.5 * std::sin(x * 0.05 + 3 * std::sin(y * 0.01));
          row[x] = cv::Vec3b(cv::saturate_cast<uchar>(40 + 20 * v), cv::saturate_cast<uchar>(60 + 30 * v),
                             cv::saturate_cast<uchar>(90 + 40 * v));
          break;
        }
        case Background::kLight:
          row[x] = cv::Vec3b(185, 195, 200);
          break;
        case Background::kPattern: {
          bool c = ((x / 40) + (y / 40)) % 2;
          row[x] = c ? cv::Vec3b(60, 40, 170) : cv::Vec3b(200, 190, 170);
          break;
        }
        case Background::kStripes: {
          // Brown cloth with darker stripes 35 px apart, running 8 degrees
          // off the horizontal: nearly along the sheet's top and bottom.
          const double along = y - x * std::tan(8 * CV_PI / 180);
          const bool dark = static_cast<int>(std::floor(along / 35)) % 2 != 0;
          row[x] = dark ? cv::Vec3b(50, 80, 120) : cv::Vec3b(90, 140, 200);
          break;
        }
      }
    }
  }
  cv::Mat noise(size, CV_8UC3);
  rng.fill(noise, cv::RNG::NORMAL, 0, 6);
  cv::Mat bg16;
  bg.convertTo(bg16, CV_16SC3);
  cv::Mat n16;
  noise.convertTo(n16, CV_16SC3);
  cv::Mat noise_s(size, CV_16SC3);
  rng.fill(noise_s, cv::RNG::NORMAL, 0, 6);
  bg16 += noise_s;
  bg16.convertTo(bg, CV_8UC3);
  return bg;
}

double QuadIoU(const std::array<cv::Point2f, 4>& a, const std::vector<cv::Point2f>& b) {
  std::vector<cv::Point2f> va(a.begin(), a.end()), ha, hb, inter;
  cv::convexHull(va, ha);
  cv::convexHull(b, hb);
  double i = cv::intersectConvexConvex(ha, hb, inter, true);
  return i / (cv::contourArea(ha) + cv::contourArea(hb) - i);
}

// Rotates an image by `r` clockwise quarter turns and maps points with it.
cv::Mat RotateCw(const cv::Mat& img, int r, std::vector<cv::Point2f>* pts) {
  cv::Mat out = img;
  for (int i = 0; i < r; ++i) {
    const int h = out.rows;
    cv::Mat t;
    cv::rotate(out, t, cv::ROTATE_90_CLOCKWISE);
    for (auto& p : *pts) p = cv::Point2f(h - 1 - p.y, p.x);
    out = t;
  }
  return out;
}

struct PhotoCase {
  const char* name;
  Background background;
  int photo_turns;  // clockwise turns applied to the whole photo
  bool finger;
  bool shadow;
  double tilt;  // strength of the perspective, 0..1
  bool second_sheet = false;  // another (greyer) sheet partly under this one
  double dpi = 0;  // resolution the file states (a scanner app's photo may say 300)
  // The shadow covers most of the sheet and takes 45% of its light: the sheet's
  // median colour is shadowed paper, and its lit part is far brighter.
  bool deep_shadow = false;
  // The shadow's edge is sharp (a hand or phone close over the sheet) and
  // crosses the sheet's text: a straight step that is no side of the sheet.
  bool sharp_shadow = false;
  // Another sheet of the same paper under this one, its edges in line with
  // this one's top and bottom, sticking out 45% of a page width to the
  // left: the outline round both is a sheet far from A4's shape (h5656
  // d0026/1).
  bool side_sheet = false;
};

class PhotoTest : public ::testing::TestWithParam<PhotoCase> {
 protected:
  static void SetUpTestSuite() {
    Status s = Geometry::Create(GeometryOptions(), &geometry_);
    ASSERT_TRUE(s.ok()) << s.ToString();
  }
  static void TearDownTestSuite() { geometry_.reset(); }
  static std::unique_ptr<Geometry> geometry_;
};
std::unique_ptr<Geometry> PhotoTest::geometry_;

TEST_P(PhotoTest, FindsSheetAndOrientation) {
  const PhotoCase& c = GetParam();
  cv::RNG rng(1234 + c.photo_turns * 7 + static_cast<int>(c.background) * 31);
  const int pw = 700, ph = static_cast<int>(std::lround(700 * std::sqrt(2.0)));
  cv::Mat page = MakePage(pw, ph, rng);
  cv::Size canvas(1600, 1300);
  cv::Mat photo = MakeBackground(canvas, c.background, rng);
  // Page placed as a portrait trapezoid (camera tilted about the x axis).
  const float t = static_cast<float>(c.tilt);
  std::vector<cv::Point2f> dst = {{440 + 70 * t, 140}, {1170 - 60 * t, 150},
                                  {1200 + 30 * t, 1180}, {420 - 30 * t, 1170}};
  std::vector<cv::Point2f> src = {{0, 0}, {static_cast<float>(pw), 0},
                                  {static_cast<float>(pw), static_cast<float>(ph)},
                                  {0, static_cast<float>(ph)}};
  cv::Mat H = cv::getPerspectiveTransform(src, dst);
  cv::Mat mask(page.size(), CV_8U, cv::Scalar(255)), wmask;
  cv::Mat warped;
  if (c.second_sheet) {
    // Rotated by 15 degrees and shifted up-left, slightly greyer, with the
    // main sheet's soft shadow on it.
    cv::Mat other = MakePage(pw, ph, rng) * 0.9;
    const float a = 15 * static_cast<float>(CV_PI) / 180;
    std::vector<cv::Point2f> d2;
    for (const auto& p : dst) {
      cv::Point2f q = p - cv::Point2f(800, 660);
      d2.emplace_back(800 + q.x * std::cos(a) - q.y * std::sin(a) - 330,
                      660 + q.x * std::sin(a) + q.y * std::cos(a) - 250);
    }
    cv::Mat H2 = cv::getPerspectiveTransform(src, d2), w2, m2;
    cv::warpPerspective(other, w2, H2, canvas, cv::INTER_LINEAR);
    cv::warpPerspective(mask, m2, H2, canvas, cv::INTER_LINEAR);
    w2.copyTo(photo, m2 > 128);
    cv::Mat shade(canvas, CV_8U, cv::Scalar(0));
    std::vector<cv::Point> poly;
    for (const auto& p : dst) poly.emplace_back(cvRound(p.x + 6), cvRound(p.y + 9));
    cv::fillConvexPoly(shade, poly, cv::Scalar(90));
    cv::GaussianBlur(shade, shade, cv::Size(0, 0), 6);
    cv::Mat shade3;
    cv::cvtColor(shade, shade3, cv::COLOR_GRAY2BGR);
    cv::subtract(photo, shade3 * 0.6, photo);
  }
  if (c.side_sheet) {
    cv::Mat other = MakePage(pw, ph, rng);
    const cv::Matx33d shift(1, 0, -0.45 * pw, 0, 1, 0, 0, 0, 1);
    cv::Mat H2 = cv::Mat(cv::Matx33d(cv::getPerspectiveTransform(src, dst)) * shift), w2, m2;
    cv::warpPerspective(other, w2, H2, canvas, cv::INTER_LINEAR);
    cv::warpPerspective(mask, m2, H2, canvas, cv::INTER_LINEAR);
    w2.copyTo(photo, m2 > 128);
    // The top sheet's soft shadow along its left edge.
    cv::Mat shade(canvas, CV_8U, cv::Scalar(0));
    std::vector<cv::Point> poly;
    for (const auto& p : dst) poly.emplace_back(cvRound(p.x - 5), cvRound(p.y + 4));
    cv::fillConvexPoly(shade, poly, cv::Scalar(60));
    cv::GaussianBlur(shade, shade, cv::Size(0, 0), 4);
    cv::Mat shade3;
    cv::cvtColor(shade, shade3, cv::COLOR_GRAY2BGR);
    cv::subtract(photo, shade3 * 0.6, photo);
  }
  cv::warpPerspective(page, warped, H, canvas, cv::INTER_LINEAR);
  cv::warpPerspective(mask, wmask, H, canvas, cv::INTER_LINEAR);
  warped.copyTo(photo, wmask > 128);
  if (c.shadow) {
    // Soft shadow darkening the lower left of the photo, across the sheet.
    const float depth = c.deep_shadow ? 0.45f : 0.35f, offset = c.deep_shadow ? -50.0f : 600.0f;
    const float width = c.sharp_shadow ? 2.0f : 60.0f;
    cv::Mat shade(canvas, CV_32F);
    for (int y = 0; y < canvas.height; ++y)
      for (int x = 0; x < canvas.width; ++x)
        shade.at<float>(y, x) = 1.0f - depth / (1.0f + std::exp(-(y - x * 0.5f - offset) / width));
    cv::Mat f;
    photo.convertTo(f, CV_32FC3);
    std::vector<cv::Mat> ch;
    cv::split(f, ch);
    for (auto& m : ch) m = m.mul(shade);
    cv::merge(ch, f);
    f.convertTo(photo, CV_8UC3);
  }
  if (c.finger) {
    // A thumb over the left edge and one over the bottom edge.
    cv::ellipse(photo, cv::Point(420, 700), cv::Size(70, 32), 10, 0, 360, cv::Scalar(120, 150, 205), -1,
                cv::LINE_AA);
    cv::ellipse(photo, cv::Point(850, 1190), cv::Size(30, 60), 0, 0, 360, cv::Scalar(110, 140, 195), -1,
                cv::LINE_AA);
  }
  cv::GaussianBlur(photo, photo, cv::Size(3, 3), 0);
  std::vector<cv::Point2f> truth = dst;
  cv::Mat input = RotateCw(photo, c.photo_turns, &truth);
  const int want_turns = (4 - c.photo_turns) % 4;

  GeometryResult r;
  Status s = geometry_->Run(input, c.dpi, &r);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_TRUE(r.sheet_found);
  EXPECT_EQ(r.quarter_turns, want_turns);
  EXPECT_GE(QuadIoU(r.quad, truth), 0.95);
  // Corner order: the reported top-left is the page's top-left.
  EXPECT_LT(cv::norm(r.quad[0] - truth[0]), 25.0);
  EXPECT_LT(std::abs(r.skew_degrees), 0.5);
  EXPECT_EQ(r.page.cols, 2480);
  EXPECT_EQ(r.page.rows, 3508);
  EXPECT_EQ(r.page.type(), CV_8UC3);
  // Upright page: the title band near the top has ink, the centre of the
  // page is mostly white paper (not background).
  cv::Mat gray;
  cv::cvtColor(r.page, gray, cv::COLOR_BGR2GRAY);
  EXPECT_GT(cv::mean(gray(cv::Rect(400, 1200, 1600, 1200)))[0], c.deep_shadow ? 110 : 150);
}

INSTANTIATE_TEST_SUITE_P(
    Photos, PhotoTest,
    ::testing::Values(PhotoCase{"wood_upright", Background::kDarkWood, 0, false, false, 1.0},
                      PhotoCase{"wood_cw", Background::kDarkWood, 1, false, false, 0.5},
                      PhotoCase{"wood_upside_down", Background::kDarkWood, 2, false, true, 1.0},
                      PhotoCase{"wood_ccw", Background::kDarkWood, 3, true, false, 0.7},
                      PhotoCase{"light_finger", Background::kLight, 0, true, false, 1.0},
                      PhotoCase{"light_shadow_cw", Background::kLight, 1, false, true, 0.3},
                      PhotoCase{"pattern_finger_180", Background::kPattern, 2, true, false, 0.8},
                      PhotoCase{"pattern_shadow_ccw", Background::kPattern, 3, false, true, 0.0},
                      PhotoCase{"wood_second_sheet", Background::kDarkWood, 0, false, false, 0.6, true},
                      PhotoCase{"light_second_sheet_cw", Background::kLight, 1, true, false, 0.4, true},
                      // Stripes nearly along two of the sheet's sides: the
                      // cloth's long straight edges must not crowd out the
                      // sheet's own (m2468 d0008/1, h5150 d0026/3).
                      PhotoCase{"stripes_second_sheet", Background::kStripes, 0, false, false, 0.5, true},
                      PhotoCase{"stripes_second_sheet_cw", Background::kStripes, 1, true, false, 0.2, true},
                      // A stated scanner resolution does not make a photo a scan:
                      // background at the border still sends it to the sheet search.
                      PhotoCase{"light_300dpi", Background::kLight, 0, false, false, 0.5, false, 300},
                      PhotoCase{"wood_300dpi_ccw", Background::kDarkWood, 3, false, false, 0.2, false, 300},
                      PhotoCase{"wood_deep_shadow", Background::kDarkWood, 0, false, true, 0.5, false, 0, true},
                      PhotoCase{"light_deep_shadow_cw", Background::kLight, 1, true, true, 0.3, false, 0, true},
                      PhotoCase{"wood_sharp_shadow", Background::kDarkWood, 0, false, true, 0.4, false, 0, false, true},
                      PhotoCase{"light_sharp_shadow_ccw", Background::kLight, 3, false, true, 0.6, false, 0, false,
                                true},
                      PhotoCase{"wood_side_sheet", Background::kDarkWood, 0, false, false, 0.3, false, 0, false, false,
                                true},
                      PhotoCase{"stripes_side_sheet_cw", Background::kStripes, 1, false, false, 0.6, false, 0, false,
                                false, true}),
    [](const ::testing::TestParamInfo<PhotoCase>& info) { return std::string(info.param.name); });

struct ScanCase {
  const char* name;
  int turns;      // clockwise turns applied to the scan
  double skew;    // content rotated clockwise by this many degrees
  double dpi;     // source dpi given to Run (0 = unknown)
};

class ScanTest : public ::testing::TestWithParam<ScanCase> {
 protected:
  static void SetUpTestSuite() { ASSERT_TRUE(Geometry::Create(GeometryOptions(), &geometry_).ok()); }
  static void TearDownTestSuite() { geometry_.reset(); }
  static std::unique_ptr<Geometry> geometry_;
};
std::unique_ptr<Geometry> ScanTest::geometry_;

TEST_P(ScanTest, PassesThroughWithOrientationAndSkew) {
  const ScanCase& c = GetParam();
  cv::RNG rng(99 + c.turns);
  const int pw = 1240, ph = 1754;  // A4 at 150 dpi
  cv::Mat page = MakePage(pw, ph, rng);
  // Content rotated clockwise by c.skew about the centre (y-down: positive
  // angle in getRotationMatrix2D is counter-clockwise, hence the minus).
  cv::Mat rot = cv::getRotationMatrix2D(cv::Point2f(pw / 2.0f, ph / 2.0f), -c.skew, 1.0);
  cv::Mat scan;
  cv::warpAffine(page, scan, rot, page.size(), cv::INTER_LINEAR, cv::BORDER_CONSTANT,
                 cv::Scalar(250, 250, 250));
  std::vector<cv::Point2f> corners = {{0, 0}, {pw - 1.0f, 0}, {pw - 1.0f, ph - 1.0f}, {0, ph - 1.0f}};
  cv::Mat input = RotateCw(scan, c.turns, &corners);

  GeometryResult r;
  ASSERT_TRUE(geometry_->Run(input, c.dpi, &r).ok());
  EXPECT_FALSE(r.sheet_found);
  EXPECT_EQ(r.quarter_turns, (4 - c.turns) % 4);
  EXPECT_NEAR(r.skew_degrees, c.skew, 0.5);
  // Quad: the image corners, starting at the upright page's top-left.
  for (int i = 0; i < 4; ++i) EXPECT_LT(cv::norm(r.quad[i] - corners[i]), 2.0) << i;
  // 150 dpi known or A4-like unknown: the page comes out as A4 at 300 dpi.
  EXPECT_NEAR(r.page.cols, 2480, 2);
  EXPECT_NEAR(r.page.rows, 3508, 3);
  EXPECT_DOUBLE_EQ(r.dpi, 300.0);
}

INSTANTIATE_TEST_SUITE_P(
    Scans, ScanTest,
    ::testing::Values(ScanCase{"straight", 0, 0.0, 150}, ScanCase{"skew_cw", 0, 2.0, 0},
                      ScanCase{"skew_ccw_turned", 1, -3.0, 150}, ScanCase{"upside_down", 2, 1.0, 0},
                      ScanCase{"ccw", 3, 0.0, 150}),
    [](const ::testing::TestParamInfo<ScanCase>& info) { return std::string(info.param.name); });

TEST(GeometryTest, RejectsEmptyImage) {
  std::unique_ptr<Geometry> g;
  ASSERT_TRUE(Geometry::Create(GeometryOptions(), &g).ok());
  GeometryResult r;
  EXPECT_FALSE(g->Run(cv::Mat(), 0, &r).ok());
}

// Blank, tiny, grey and oddly shaped inputs pass through without error.
TEST(GeometryTest, DegenerateInputsPassThrough) {
  std::unique_ptr<Geometry> g;
  ASSERT_TRUE(Geometry::Create(GeometryOptions(), &g).ok());
  struct Case {
    cv::Mat img;
    double dpi;
  };
  std::vector<Case> cases = {{cv::Mat(3508, 2480, CV_8UC3, cv::Scalar(255, 255, 255)), 300},
                             {cv::Mat(8, 8, CV_8UC3, cv::Scalar(30, 30, 30)), 0},
                             {cv::Mat(900, 636, CV_8UC1, cv::Scalar(200)), 0},
                             {cv::Mat(60, 3000, CV_8UC4, cv::Scalar(10, 200, 10, 255)), 0}};
  for (const auto& c : cases) {
    GeometryResult r;
    Status s = g->Run(c.img, c.dpi, &r);
    ASSERT_TRUE(s.ok()) << s.ToString() << " " << c.img.cols << "x" << c.img.rows;
    EXPECT_FALSE(r.sheet_found);
    EXPECT_EQ(r.quarter_turns % 2, 0) << c.img.cols << "x" << c.img.rows;
    EXPECT_FALSE(r.page.empty());
    // A gray input stays gray; colour inputs come out BGR.
    EXPECT_EQ(r.page.type(), c.img.channels() == 1 ? CV_8UC1 : CV_8UC3);
  }
  GeometryResult r;
  EXPECT_FALSE(g->Run(cv::Mat(10, 10, CV_32FC1, cv::Scalar(0)), 0, &r).ok());
}

// An upright page, unrotated and untilted, on dark wood.
cv::Mat FlatPageOnDarkWood(cv::RNG& rng) {
  const int pw = 700, ph = static_cast<int>(std::lround(700 * std::sqrt(2.0)));
  cv::Mat photo = MakeBackground(cv::Size(1600, 1300), Background::kDarkWood, rng);
  cv::Mat page = MakePage(pw, ph, rng);
  cv::resize(page, page, cv::Size(), 0.85, 0.85, cv::INTER_AREA);
  page.copyTo(photo(cv::Rect(400, 100, page.cols, page.rows)));
  return photo;
}

// needs_colour is asked on a small upright preview of the page, and its
// answer decides between a BGR and a gray page of the same geometry.
TEST(GeometryTest, WarpsGrayUnlessTheCallerNeedsColour) {
  cv::RNG rng(77);
  const cv::Mat photo = FlatPageOnDarkWood(rng);
  for (bool answer : {false, true}) {
    GeometryOptions o;
    cv::Size preview_size;
    double preview_dpi = 0;
    o.output_dpi = 200;
    o.needs_colour = [&](const cv::Mat& preview, double dpi) {
      EXPECT_EQ(preview.type(), CV_8UC3);
      preview_size = preview.size();
      preview_dpi = dpi;
      return answer;
    };
    std::unique_ptr<Geometry> g;
    ASSERT_TRUE(Geometry::Create(o, &g).ok());
    GeometryResult r;
    ASSERT_TRUE(g->Run(photo, 0, &r).ok());
    ASSERT_TRUE(r.sheet_found);
    EXPECT_EQ(r.page.type(), answer ? CV_8UC3 : CV_8UC1);
    EXPECT_EQ(r.page.size(), cv::Size(1654, 2339));
    // The preview is the same page, upright, at its own resolution.
    ASSERT_GT(preview_dpi, 20);
    EXPECT_NEAR(preview_size.width, 1654 * preview_dpi / 200, 2);
    EXPECT_NEAR(preview_size.height, 2339 * preview_dpi / 200, 2);
  }
}

// RunTurned on a stored image and a quarter turn gives what Run gives on the
// turned image: the same quad and orientation, and the same page up to the
// rounding of a differently composed warp. A pass-through image (no sheet)
// too.
TEST(GeometryTest, RunTurnedMatchesRunOnTheTurnedImage) {
  cv::RNG rng(78);
  const cv::Mat photo = FlatPageOnDarkWood(rng);
  const cv::Mat blank(1300, 920, CV_8UC3, cv::Scalar(250, 250, 250));
  GeometryOptions o;
  o.output_dpi = 200;
  std::unique_ptr<Geometry> g;
  ASSERT_TRUE(Geometry::Create(o, &g).ok());
  static const cv::RotateFlags kCodes[] = {cv::ROTATE_90_CLOCKWISE, cv::ROTATE_180, cv::ROTATE_90_COUNTERCLOCKWISE};
  for (const cv::Mat* stored : {static_cast<const cv::Mat*>(&photo), &blank}) {
    for (int turns = 1; turns <= 3; ++turns) {
      SCOPED_TRACE(turns);
      cv::Mat turned;
      cv::rotate(*stored, turned, kCodes[turns - 1]);
      GeometryResult want, got;
      ASSERT_TRUE(g->Run(turned, 0, &want).ok());
      ASSERT_TRUE(g->RunTurned(*stored, turns, 0, &got).ok());
      EXPECT_EQ(got.sheet_found, stored == &photo);
      EXPECT_EQ(got.sheet_found, want.sheet_found);
      EXPECT_EQ(got.quarter_turns, want.quarter_turns);
      EXPECT_DOUBLE_EQ(got.skew_degrees, want.skew_degrees);
      for (int i = 0; i < 4; ++i) EXPECT_LT(cv::norm(got.quad[i] - want.quad[i]), 0.01) << i;
      ASSERT_EQ(got.page.size(), want.page.size());
      ASSERT_EQ(got.page.type(), want.page.type());
      cv::Mat diff;
      cv::absdiff(got.page, want.page, diff);
      double max_diff = 0;
      cv::minMaxLoc(diff.reshape(1), nullptr, &max_diff);
      // At most one 1/32 pixel step of the warp's sub-pixel grid across a
      // black-to-white edge (this page is enlarged ~2.4x).
      EXPECT_LE(max_diff, 8);
      EXPECT_LT(cv::countNonZero(diff.reshape(1)), static_cast<int>(diff.total() / 100));
    }
  }
}

// RunWholeTurned takes the whole image for the page, a sheet on it or not:
// its corners for the quad (in the stored image turned as asked), the
// photo's pixels as they are.
TEST(GeometryTest, RunWholeTurnedTakesTheWholeImage) {
  cv::RNG rng(79);
  const cv::Mat photo = FlatPageOnDarkWood(rng);
  GeometryOptions o;
  o.output_dpi = 200;
  std::unique_ptr<Geometry> g;
  ASSERT_TRUE(Geometry::Create(o, &g).ok());
  GeometryResult found, whole;
  ASSERT_TRUE(g->Run(photo, 0, &found).ok());
  ASSERT_TRUE(found.sheet_found);
  ASSERT_TRUE(g->RunWholeTurned(photo, 0, 0, &whole).ok());
  EXPECT_FALSE(whole.sheet_found);
  EXPECT_EQ(whole.page.size(), photo.size());
  EXPECT_EQ(whole.quarter_turns, 0);
  const std::array<cv::Point2f, 4> corners = {cv::Point2f(0, 0), cv::Point2f(1600, 0), cv::Point2f(1600, 1300),
                                              cv::Point2f(0, 1300)};
  for (int i = 0; i < 4; ++i) EXPECT_LT(cv::norm(whole.quad[i] - corners[i]), 0.01) << i;
  // Stored turned a quarter counter-clockwise: the same page once turned.
  cv::Mat stored;
  cv::rotate(photo, stored, cv::ROTATE_90_COUNTERCLOCKWISE);
  GeometryResult turned;
  ASSERT_TRUE(g->RunWholeTurned(stored, 1, 0, &turned).ok());
  EXPECT_FALSE(turned.sheet_found);
  EXPECT_EQ(turned.page.size(), photo.size());
  for (int i = 0; i < 4; ++i) EXPECT_LT(cv::norm(turned.quad[i] - corners[i]), 0.01) << i;
}

// The grey copy made in a colour image's own memory is cv::cvtColor's, on
// an image whose rows do not divide into the conversion's bands too.
TEST(GeometryTest, GreyInPlaceIsCvtColors) {
  cv::Mat bgr(1001, 753, CV_8UC3);
  cv::RNG(5).fill(bgr, cv::RNG::UNIFORM, 0, 256);
  cv::Mat want;
  cv::cvtColor(bgr, want, cv::COLOR_BGR2GRAY);
  const cv::Mat grey = geometry_internal::GreyInPlace(bgr);
  ASSERT_EQ(grey.size(), want.size());
  ASSERT_EQ(grey.type(), CV_8UC1);
  EXPECT_EQ(grey.data, bgr.data);  // in the colour image's memory
  EXPECT_EQ(cv::countNonZero(grey != want), 0);
}

// A photo given up to the geometry (its grey copy made in its memory, as
// the pipeline does) gives what RunTurned on a kept copy gives, and the
// copy of a photo someone else still holds is left as it was.
TEST(GeometryTest, RunTurnedTakingGivesRunTurnedsResult) {
  cv::RNG rng(78);
  const cv::Mat photo = FlatPageOnDarkWood(rng);
  GeometryOptions o;
  o.output_dpi = 200;
  o.needs_colour = [](const cv::Mat&, double) { return false; };
  std::unique_ptr<Geometry> g;
  ASSERT_TRUE(Geometry::Create(o, &g).ok());
  GeometryResult want, got, shared;
  ASSERT_TRUE(g->RunTurned(photo, 1, 0, &want).ok());
  ASSERT_TRUE(g->RunTurnedTaking(photo.clone(), 1, 0, &got).ok());
  cv::Mat held = photo.clone(), other = held;  // two holders: not overwritten
  ASSERT_TRUE(g->RunTurnedTaking(std::move(other), 1, 0, &shared).ok());
  EXPECT_EQ(cv::countNonZero(held.reshape(1) != photo.reshape(1)), 0);
  for (const GeometryResult* r : {&got, &shared}) {
    EXPECT_EQ(r->quarter_turns, want.quarter_turns);
    for (int i = 0; i < 4; ++i) EXPECT_EQ(r->quad[i], want.quad[i]) << i;
    ASSERT_EQ(r->page.size(), want.page.size());
    ASSERT_EQ(r->page.type(), CV_8UC1);
    EXPECT_EQ(cv::countNonZero(r->page != want.page), 0);
  }
}

// Rows of bars without ascenders or descenders leave up and down to
// Tesseract's orientation detection: its engine is loaded on that first use,
// and the time it took is reported apart, once.
TEST(GeometryTest, ReportsTheOsdEngineLoadOnItsFirstUseOnly) {
  std::unique_ptr<Geometry> g;
  ASSERT_TRUE(Geometry::Create(GeometryOptions(), &g).ok());
  cv::Mat page(3508, 2480, CV_8UC3, cv::Scalar::all(250));
  cv::RNG rng(7);
  for (int y = 300; y < 3200; y += 70) {
    for (int x = 250; x < 2200;) {
      const int w = rng.uniform(40, 160);
      cv::rectangle(page, cv::Rect(x, y, w, 22), cv::Scalar::all(30), cv::FILLED);
      x += w + rng.uniform(20, 40);
    }
  }
  GeometryResult first, second;
  ASSERT_TRUE(g->Run(page, 300, &first).ok());
  ASSERT_TRUE(g->Run(page, 300, &second).ok());
  EXPECT_GT(first.engine_load_cpu_ms, 0.0);
  EXPECT_GT(first.engine_load_ms, 0.0);
  EXPECT_EQ(second.engine_load_cpu_ms, 0.0);
  EXPECT_EQ(second.engine_load_ms, 0.0);
}

TEST(GeometryTest, CreateFailsWithoutOsdData) {
  GeometryOptions o;
  o.tessdata_dir = "/nonexistent/tessdata";
  std::unique_ptr<Geometry> g;
  Status s = Geometry::Create(o, &g);
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(g, nullptr);
}

}  // namespace
}  // namespace hoso

namespace hoso {
namespace {


}  // namespace
}  // namespace hoso

namespace hoso {
namespace {

// Looked up or computed, every colour gets the same bytes: all 2^24 of
// them (mostly computed: the cache holds far fewer), then a small image
// whose colours repeat (mostly looked up), converted twice.
TEST(BgrToLabTest, CachedEqualsComputed) {
  cv::Mat all(4096, 4096, CV_8UC3);
  for (int y = 0; y < all.rows; ++y)
    for (int x = 0; x < all.cols; ++x) {
      const int v = y * all.cols + x;
      all.at<cv::Vec3b>(y, x) = cv::Vec3b(v & 255, (v >> 8) & 255, (v >> 16) & 255);
    }
  cv::Mat computed, cached;
  geometry_internal::BgrToLab(all, &computed, false);
  geometry_internal::BgrToLab(all, &cached, true);
  ASSERT_EQ(cv::norm(computed, cached, cv::NORM_INF), 0);
  cv::Mat repeats(200, 300, CV_8UC3);
  cv::RNG rng(5);
  rng.fill(repeats, cv::RNG::UNIFORM, 100, 108);  // 8^3 colours
  for (int pass = 0; pass < 2; ++pass) {
    geometry_internal::BgrToLab(repeats, &computed, false);
    geometry_internal::BgrToLab(repeats, &cached, true);
    EXPECT_EQ(cv::norm(computed, cached, cv::NORM_INF), 0) << "pass " << pass;
  }
}

// hoso's own 8-bit Lab must be the exact conversion rounded (within 1 of
// OpenCV's float Lab in the 8-bit encoding) and agree with OpenCV's 8-bit
// Lab, itself interpolated from tables, within 2: the sheet detector's
// colour thresholds were set on the latter.
TEST(BgrToLabTest, MatchesOpenCv) {
  cv::Mat bgr(64, 4096 + 64, CV_8UC3);
  cv::RNG rng(11);
  rng.fill(bgr, cv::RNG::UNIFORM, 0, 256);
  // Every grey level, and near-greys (paper, shadows), among the noise.
  for (int v = 0; v < 256; ++v) {
    bgr.at<cv::Vec3b>(0, v) = cv::Vec3b(v, v, v);
    bgr.at<cv::Vec3b>(1, v) = cv::Vec3b(cv::saturate_cast<uchar>(v + 3), v, cv::saturate_cast<uchar>(v - 2));
  }
  cv::Mat got;
  geometry_internal::BgrToLab(bgr, &got);
  ASSERT_EQ(got.type(), CV_8UC3);
  auto max_diff = [&](const cv::Mat& want) {
    cv::Mat diff;
    cv::absdiff(want, got, diff);
    double m = 0;
    cv::minMaxLoc(diff.reshape(1), nullptr, &m);
    return m;
  };
  cv::Mat f, exact, exact8, table8;
  bgr.convertTo(f, CV_32F, 1 / 255.0);
  cv::cvtColor(f, exact, cv::COLOR_BGR2Lab);
  std::vector<cv::Mat> ch;
  cv::split(exact, ch);
  ch[0].convertTo(ch[0], CV_32F, 255.0 / 100.0);
  ch[1] += 128;
  ch[2] += 128;
  cv::merge(ch, exact);
  exact.convertTo(exact8, CV_8UC3);
  EXPECT_LE(max_diff(exact8), 1.0);
  cv::cvtColor(bgr, table8, cv::COLOR_BGR2Lab);
  EXPECT_LE(max_diff(table8), 2.0);
}

// LabToGrey is OpenCV's Lab to BGR to grey, within 1, over the colours a
// sheet's paper takes (light to shadowed, white to tinted), and at the
// ends of the range.
TEST(LabToGreyTest, MatchesOpenCv) {
  int worst = 0;
  for (int l = 0; l <= 255; l += 3)
    for (int a = 96; a <= 160; a += 4)
      for (int b = 96; b <= 170; b += 5) {
        cv::Mat px(1, 1, CV_8UC3, cv::Scalar(l, a, b)), bgr, grey;
        cv::cvtColor(px, bgr, cv::COLOR_Lab2BGR);
        cv::cvtColor(bgr, grey, cv::COLOR_BGR2GRAY);
        const std::array<float, 3> lab{static_cast<float>(l) + 0.3f, static_cast<float>(a) - 0.2f,
                                       static_cast<float>(b)};
        worst = std::max(worst, std::abs(static_cast<int>(geometry_internal::LabToGrey(lab)) - grey.at<uchar>(0, 0)));
      }
  EXPECT_LE(worst, 1);
  EXPECT_EQ(geometry_internal::LabToGrey({255.f, 128.f, 128.f}), 255);
  EXPECT_EQ(geometry_internal::LabToGrey({0.f, 128.f, 128.f}), 0);
}

// LocalStd gives, bit for bit, what the float box-filter pipeline it
// replaces gives, at every pixel (borders included) of textured, flat and
// tiny images, for several window sizes.
TEST(LocalStdTest, MatchesFloatBoxFilters) {
  cv::RNG rng(13);
  for (cv::Size size : {cv::Size(157, 93), cv::Size(40, 301), cv::Size(8, 8), cv::Size(3, 20)}) {
    cv::Mat img(size, CV_8UC1);
    rng.fill(img, cv::RNG::UNIFORM, 0, 256);
    cv::GaussianBlur(img, img, cv::Size(0, 0), 1.5);
    img(cv::Rect(0, 0, size.width / 2, size.height / 2)).setTo(200);  // flat: variance exactly 0
    for (int w : {9, 15, 21}) {
      cv::Mat f, mean, sq, want;
      img.convertTo(f, CV_32F);
      cv::boxFilter(f, mean, CV_32F, cv::Size(w, w));
      cv::boxFilter(f.mul(f), sq, CV_32F, cv::Size(w, w));
      cv::Mat var = sq - mean.mul(mean);
      cv::max(var, 0, var);
      cv::sqrt(var, want);
      const geometry_internal::LocalStd got(img, w);
      for (int y = 0; y < size.height; ++y)
        for (int x = 0; x < size.width; ++x)
          ASSERT_EQ(got.At(x, y), want.at<float>(y, x)) << size << " w " << w << " at " << x << "," << y;
    }
  }
}

// Two sheets, one on the other: the outline round both gives way to the top
// sheet's inside it, when that one shares two corners, has clear edges and a
// blank margin; otherwise the best outline stands.
// PaperStep: how far along a line paper meets what is not paper. A sheet's
// side counts its length; lines through the sheet or through the
// background (a stripe of cloth) count nothing; a line that only grazes
// the sheet counts where it does.
TEST(PaperStepTest, CountsWherePaperMeetsBackground) {
  cv::Mat mask(400, 600, CV_8UC1, cv::Scalar(0));
  mask(cv::Rect(100, 80, 300, 250)).setTo(255);  // the sheet: x 100..399, y 80..329
  const double pi = CV_PI;
  // Its top side y = 80 (normal pointing down: theta = 90 degrees).
  EXPECT_NEAR(geometry_internal::PaperStep(mask, pi / 2, 80, 4), 300, 6);
  // Its left side x = 100.
  EXPECT_NEAR(geometry_internal::PaperStep(mask, 0, 100, 4), 250, 6);
  // Through the middle of the sheet and through the background.
  EXPECT_EQ(geometry_internal::PaperStep(mask, pi / 2, 200, 4), 0);
  EXPECT_EQ(geometry_internal::PaperStep(mask, pi / 2, 360, 4), 0);
  // A diagonal across the sheet's top-left corner steps twice, briefly.
  const double diag = geometry_internal::PaperStep(mask, pi / 4, (100 + 80 + 60) / std::sqrt(2.0), 4);
  EXPECT_GT(diag, 0);
  EXPECT_LT(diag, 40);
}

// A portrait sheet seen at a steep angle (q8080 d0029/2's corners in its
// 2250 x 3000 photo) stays portrait though the camera model says
// landscape; a sheet seen square on keeps the shape its sides show.
TEST(SheetShapeTest, SidesThatLookLikeA4DecideAgainstTheCameraModel) {
  double los = 0;
  bool portrait = false;
  geometry_internal::SheetShape({cv::Point2f(299.8f, 571.8f), cv::Point2f(2005.8f, 375.9f),
                                 cv::Point2f(2057.7f, 2818.9f), cv::Point2f(349.5f, 2562.3f)},
                                cv::Size(2250, 3000), &los, &portrait);
  EXPECT_TRUE(portrait);
  EXPECT_NEAR(los, 297.0 / 210.0, 1e-9);
  geometry_internal::SheetShape({cv::Point2f(200, 100), cv::Point2f(1200, 100), cv::Point2f(1200, 800),
                                 cv::Point2f(200, 800)},
                                cv::Size(1600, 1000), &los, &portrait);
  EXPECT_FALSE(portrait);
  EXPECT_NEAR(los, 297.0 / 210.0, 1e-9);
}

TEST(PreferInnerSheetTest, TakesTheTopSheetOnlyWhenItsOutlineIsClear) {
  using geometry_internal::SheetCandidate;
  auto cand = [](std::array<cv::Point2f, 4> q, double score, double area, double min_support, double ink) {
    SheetCandidate c;
    c.quad = q;
    c.score = score;
    c.uniformity = 0.98;
    c.area = area;
    c.support = {min_support, 1.0, 1.0, 1.0};
    c.margin_ink = ink;
    return c;
  };
  // Round both sheets (the other one sticks out on the left) ...
  const SheetCandidate both = cand({{{228, 146}, {727, 281}, {599, 731}, {260, 663}}}, 3.66, 0.28, 0.82, 0.30);
  // ... the top sheet: its right two corners are the outline's.
  const SheetCandidate top = cand({{{398, 192}, {727, 281}, {598, 732}, {310, 672}}}, 3.58, 0.20, 0.90, 0.00);
  EXPECT_EQ(geometry_internal::PreferInnerSheet({both, top}, 0, 1000, 0.3), 1);
  // Not when its new side runs through the form's text (inked margin) ...
  SheetCandidate through_text = top;
  through_text.margin_ink = 0.62;
  EXPECT_EQ(geometry_internal::PreferInnerSheet({both, through_text}, 0, 1000, 0.3), 0);
  // ... nor without a clear edge all round, nor with one corner shared, nor
  // when it keeps too little of the outline (half a page).
  SheetCandidate weak = top;
  weak.support[0] = 0.6;
  EXPECT_EQ(geometry_internal::PreferInnerSheet({both, weak}, 0, 1000, 0.3), 0);
  // ... unless the outline round both has a side no clearer (a2020
  // d0002/1: the top sheet's edge over the other sheet, 0.57; the outline's
  // weakest side 0.55).
  SheetCandidate both_weak = both;
  both_weak.support[2] = 0.55;
  SheetCandidate over_the_other = top;
  over_the_other.support[0] = 0.57;
  EXPECT_EQ(geometry_internal::PreferInnerSheet({both_weak, over_the_other}, 0, 1000, 0.3), 1);
  EXPECT_EQ(geometry_internal::PreferInnerSheet({both_weak, weak}, 0, 1000, 0.3), 1);
  over_the_other.support[0] = 0.5;
  EXPECT_EQ(geometry_internal::PreferInnerSheet({both_weak, over_the_other}, 0, 1000, 0.3), 0);
  SheetCandidate one_corner = top;
  one_corner.quad[2] = {560, 700};
  EXPECT_EQ(geometry_internal::PreferInnerSheet({both, one_corner}, 0, 1000, 0.3), 0);
  SheetCandidate half = top;
  half.area = 0.14;
  EXPECT_EQ(geometry_internal::PreferInnerSheet({both, half}, 0, 1000, 0.3), 0);
  // Nor a cut across the sheet, whose sides run on past its new corners.
  SheetCandidate cut = top;
  cut.overshoot = 1.5;
  EXPECT_EQ(geometry_internal::PreferInnerSheet({both, cut}, 0, 1000, 0.3), 0);
  // A candidate outside the best one is never taken.
  EXPECT_EQ(geometry_internal::PreferInnerSheet({top, both}, 0, 1000, 0.3), 0);
}


// Two sheets on a dark table: the top one, A, x 200..600, y 300..860; the
// other, B, a strip under it, its top edge the line y = 340 - 0.3 (x - 200):
// it comes out from under A's top side and runs up to the right, and the
// line meets A's left side at (200, 340), below A's corner. B's paper is
// nearly A's colour, and A's shadow on it falls off along A's top side: that
// side shows a step at only 60% of its points (q8080 d0011/2).
struct TwoSheets {
  cv::Mat bgr, grey;
  std::array<cv::Point2f, 4> a{{{200, 300}, {600, 300}, {600, 860}, {200, 860}}};
  TwoSheets() : bgr(1000, 1000, CV_8UC3, cv::Scalar(40, 45, 50)) {
    const std::vector<cv::Point> b = {{260, 322}, {700, 190}, {743, 334}, {303, 466}};
    cv::fillConvexPoly(bgr, b, cv::Scalar(226, 228, 228));
    // A's shadow on B along part of its top side: elsewhere paper meets
    // paper of nearly its own colour.
    cv::rectangle(bgr, cv::Rect(333, 286, 267, 14), cv::Scalar(223, 225, 225), cv::FILLED);
    cv::rectangle(bgr, cv::Rect(333, 286, 107, 14), cv::Scalar(190, 192, 192), cv::FILLED);
    cv::rectangle(bgr, cv::Rect(200, 300, 400, 560), cv::Scalar(230, 232, 232), cv::FILLED);
    cv::cvtColor(bgr, grey, cv::COLOR_BGR2GRAY);
  }
};

TEST(OvershootTest, FindsTheCornersWhereAnotherEdgeRunsOn) {
  const TwoSheets t;
  // A's own corners end its edges: beyond its top-right one is B on both
  // sides of either line.
  for (double o : geometry_internal::Overshoot(t.grey, t.a, 231, 4, 30)) EXPECT_LT(o, 0.1);
  // The outline along B's top edge and A's right side: at its top-left
  // corner A's left side runs on up, at its top-right B's top edge runs on.
  const std::array<cv::Point2f, 4> wedge{{{200, 340}, {600, 220}, {600, 860}, {200, 860}}};
  const auto o = geometry_internal::Overshoot(t.grey, wedge, 231, 4, 30);
  EXPECT_GT(o[0], 0.9);
  EXPECT_GT(o[1], 0.9);
  EXPECT_LT(o[2], 0.1);
  EXPECT_LT(o[3], 0.1);
  // A cut across its middle (a line of print or a shadow's edge taken for a
  // side): A's sides run on past the cut's corners.
  const std::array<cv::Point2f, 4> lower{{{200, 600}, {600, 600}, {600, 860}, {200, 860}}};
  const auto l = geometry_internal::Overshoot(t.grey, lower, 231, 4, 30);
  EXPECT_GT(l[0], 0.9);
  EXPECT_GT(l[1], 0.9);
  // Off the image, nothing either way.
  const std::array<cv::Point2f, 4> edge_to_edge{{{0, 0}, {999, 0}, {999, 999}, {0, 999}}};
  for (double e : geometry_internal::Overshoot(t.grey, edge_to_edge, 231, 4, 30)) EXPECT_EQ(e, 0);
}


TEST(CornersNotPaperTest, CountsCornersOutOnTheTable) {
  const TwoSheets t;
  cv::Mat lab;
  geometry_internal::BgrToLab(t.bgr, &lab);
  const cv::Vec3b p = lab.at<cv::Vec3b>(500, 400);
  const std::array<float, 3> paper{static_cast<float>(p[0]), static_cast<float>(p[1]), static_cast<float>(p[2])};
  EXPECT_EQ(geometry_internal::CornersNotPaper(lab, t.a, paper, 10, 30), 0);
  // Round both sheets' paper, one corner on B (paper), one out on the table.
  const std::array<cv::Point2f, 4> both{{{200, 300}, {700, 190}, {600, 860}, {200, 860}}};
  EXPECT_EQ(geometry_internal::CornersNotPaper(lab, both, paper, 10, 30), 0);
  const std::array<cv::Point2f, 4> out{{{120, 200}, {600, 300}, {600, 860}, {200, 860}}};
  EXPECT_EQ(geometry_internal::CornersNotPaper(lab, out, paper, 10, 30), 1);
  // A corner off the image counts neither way.
  const std::array<cv::Point2f, 4> off{{{-50, -50}, {600, 300}, {600, 860}, {200, 860}}};
  EXPECT_EQ(geometry_internal::CornersNotPaper(lab, off, paper, 10, 30), 0);
}

TEST(MaskFractionTest, CountsTheSetPointsOnTheImage) {
  cv::Mat mask(400, 400, CV_8UC1, cv::Scalar(0));
  mask(cv::Rect(0, 0, 200, 400)).setTo(255);  // the left half
  const std::array<cv::Point2f, 4> all{{{0, 0}, {400, 0}, {400, 400}, {0, 400}}};
  EXPECT_NEAR(geometry_internal::MaskFraction(mask, all), 0.5, 0.02);
  const std::array<cv::Point2f, 4> left{{{10, 10}, {190, 20}, {180, 390}, {20, 380}}};
  EXPECT_EQ(geometry_internal::MaskFraction(mask, left), 1.0);
  // Half of this quad is off the image, to the left: only the rest counts.
  const std::array<cv::Point2f, 4> off{{{-200, 0}, {200, 0}, {200, 400}, {-200, 400}}};
  EXPECT_EQ(geometry_internal::MaskFraction(mask, off), 1.0);
}

// A sheet 60% in a deep shadow: its median is shadowed paper, its lit part
// twice as light, and both are its paper (z6802 d0002/1, whose outline
// search took the shadowed part alone). Paper three times as light as
// the median is not, nor a cloth of another colour.
TEST(PaperUniformityTest, ASheetMostlyInShadowIsUniformPaper) {
  auto measure = [](double shadow_l, double lit_l, cv::Vec3b below) {
    cv::Mat lab(400, 400, CV_8UC3, cv::Vec3b(static_cast<uchar>(shadow_l), 128, 132));
    lab(cv::Rect(0, 240, 400, 80)).setTo(cv::Vec3b(static_cast<uchar>(lit_l), 128, 132));
    lab(cv::Rect(0, 320, 400, 80)).setTo(below);
    cv::Mat grey;
    cv::extractChannel(lab, grey, 0);
    const geometry_internal::LocalStd local_std(grey, 9);
    const std::array<cv::Point2f, 4> q{{{0, 0}, {400, 0}, {400, 400}, {0, 400}}};
    return geometry_internal::PaperUniformity(lab, local_std, q);
  };
  const cv::Vec3b lit(230, 128, 132);
  EXPECT_GT(measure(110, 230, lit), 0.95);                        // lit 2.1 times the shadow
  EXPECT_LT(measure(75, 230, lit), 0.65);                         // 3.1 times: not the same paper
  EXPECT_LT(measure(110, 230, cv::Vec3b(120, 150, 165)), 0.9);    // a brown cloth below
}

// The orientation's last step, from its evidence. g9393 d0029/2 (a blurred
// photo, balance -0.018, OSD reading it sideways) was turned upside down
// when a balance of nothing decided.
TEST(ChooseTurnsTest, BalanceDecidesOsdHelpsACoinTossTurnsNothing) {
  using geometry_internal::ChooseTurns;
  // A decisive balance on a sure direction: OSD is not asked (or ignored).
  EXPECT_EQ(ChooseTurns(0, true, 0.4, -1, 0), 0);
  EXPECT_EQ(ChooseTurns(0, true, -0.4, -1, 0), 2);
  EXPECT_EQ(ChooseTurns(1, true, -0.2, 1, 50), 3);
  // No balance, no OSD answer, or OSD across the sure direction: as it is.
  EXPECT_EQ(ChooseTurns(0, true, -0.018, 3, 9), 0);
  EXPECT_EQ(ChooseTurns(0, true, -0.04, -1, 0), 0);
  EXPECT_EQ(ChooseTurns(1, true, -0.01, 0, 9), 1);
  // Some balance (0.05 on) and no OSD answer: the balance.
  EXPECT_EQ(ChooseTurns(0, true, -0.07, -1, 0), 2);
  EXPECT_EQ(ChooseTurns(0, true, -0.07, 1, 9), 2);
  // OSD agreeing on the direction wins when confident enough: 1.5 against
  // a weak balance, 5 against one of 0.1 or more.
  EXPECT_EQ(ChooseTurns(0, true, 0.02, 2, 2.0f), 2);
  EXPECT_EQ(ChooseTurns(0, true, 0.02, 2, 1.0f), 0);
  EXPECT_EQ(ChooseTurns(0, false, 0.3, 2, 4.0f), 0);
  EXPECT_EQ(ChooseTurns(0, false, 0.3, 2, 6.0f), 2);
  // An unsure direction: OSD may turn the page a quarter.
  EXPECT_EQ(ChooseTurns(0, false, 0.01, 1, 2.0f), 1);
  EXPECT_EQ(ChooseTurns(0, false, 0.01, 1, 1.0f), 0);
}

}  // namespace
}  // namespace hoso

namespace hoso {
namespace {

// The text's direction inside an outline: rows of words along its top
// side, or (the scene turned a quarter) along its left side; none on blank
// paper. (NotA4 then takes the side across the text for A4's long side.)
TEST(TextRunsAlong, RowsOfWordsAlongTheOutlinesSides) {
  cv::Mat ink(600, 500, CV_8UC1, cv::Scalar(0));
  cv::RNG rng(3);
  for (int y = 120; y < 480; y += 18) {
    for (int x = 110; x < 390;) {
      const int w = rng.uniform(12, 40);
      cv::rectangle(ink, cv::Rect(x, y, std::min(w, 390 - x), 6), cv::Scalar(120), cv::FILLED);
      x += w + rng.uniform(5, 9);
    }
  }
  // A slightly tilted outline round the text.
  const std::array<cv::Point2f, 4> q = {cv::Point2f(95, 100), cv::Point2f(410, 92), cv::Point2f(414, 505),
                                        cv::Point2f(90, 500)};
  EXPECT_EQ(geometry_internal::TextRunsAlong(ink, q), 1);
  cv::Mat turned;
  cv::rotate(ink, turned, cv::ROTATE_90_CLOCKWISE);  // (x, y) -> (rows - 1 - y, x)
  std::array<cv::Point2f, 4> tq;
  for (int i = 0; i < 4; ++i) tq[i] = cv::Point2f(ink.rows - 1 - q[i].y, q[i].x);
  // The same corners, now clockwise from the turned scene's top-left.
  std::rotate(tq.begin(), tq.begin() + 3, tq.end());
  EXPECT_EQ(geometry_internal::TextRunsAlong(turned, tq), -1);
  EXPECT_EQ(geometry_internal::TextRunsAlong(cv::Mat(600, 500, CV_8UC1, cv::Scalar(0)), q), 0);
}

}  // namespace
}  // namespace hoso
