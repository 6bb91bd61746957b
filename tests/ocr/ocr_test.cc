// OCR: Vietnamese text rendered with a real TrueType font (libharu draws
// it into a PDF, poppler rasterises it at 300 dpi) must come back with a low
// character error rate, in NFC, with word boxes on the rendered words.
#include "pipeline/ocr/ocr.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <hpdf.h>
#include <leptonica/allheaders.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-image.h>
#include <poppler/cpp/poppler-page.h>
#include <poppler/cpp/poppler-page-renderer.h>
#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include "pipeline/core/util.h"

namespace hoso {
namespace {

const char* const kFont = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

const std::vector<std::string> kLines = {
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "GIẤY CHỨNG SINH",
    "Họ và tên mẹ: Trần Thị Lan",
    "Nơi đăng ký thường trú: Phường Ba Đình, Thành phố Hà Nội",
    "Sinh con lúc 8 giờ 30 phút, ngày 12 tháng 5 năm 2024",
};

bool IsNfc(const std::string& s) {
  UErrorCode st = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(st);
  return U_SUCCESS(st) && nfc->isNormalized(icu::UnicodeString::fromUTF8(s), st) && U_SUCCESS(st);
}

void IgnoreHpdfError(HPDF_STATUS, HPDF_STATUS, void*) {}

// (Debian's vie model, tessdata_fast, reads about 97% of these characters
// right; it drops some stacked capital diacritics: CỘNG -> CỌNG.)
// Text placed on the page: `x` is the left edge, or the centre when
// `centred`; `y` the baseline from the top, in points.
struct Item {
  float x, y;
  std::string text;
  bool centred = false;
};

// Draws `items` in 12 pt DejaVu Sans on a 595 x `height` pt page and
// rasterises it at 300 dpi. Returns an empty Mat when the font is missing.
cv::Mat Render(const std::vector<Item>& items, float height) {
  HPDF_Doc pdf = HPDF_New(IgnoreHpdfError, nullptr);
  HPDF_UseUTFEncodings(pdf);
  const char* name = HPDF_LoadTTFontFromFile(pdf, kFont, HPDF_TRUE);
  if (name == nullptr) {
    HPDF_Free(pdf);
    return cv::Mat();
  }
  HPDF_Font font = HPDF_GetFont(pdf, name, "UTF-8");
  HPDF_Page page = HPDF_AddPage(pdf);
  HPDF_Page_SetWidth(page, 595);
  HPDF_Page_SetHeight(page, height);
  HPDF_Page_BeginText(page);
  HPDF_Page_SetFontAndSize(page, font, 12);
  for (const Item& it : items) {
    float x = it.x;
    if (it.centred) x -= HPDF_Page_TextWidth(page, it.text.c_str()) / 2;
    HPDF_Page_TextOut(page, x, height - it.y, it.text.c_str());
  }
  HPDF_Page_EndText(page);
  HPDF_SaveToStream(pdf);
  std::string bytes(HPDF_GetStreamSize(pdf), '\0');
  HPDF_UINT32 len = static_cast<HPDF_UINT32>(bytes.size());
  HPDF_ReadFromStream(pdf, reinterpret_cast<HPDF_BYTE*>(bytes.data()), &len);
  HPDF_Free(pdf);
  bytes.resize(len);

  std::unique_ptr<poppler::document> doc(
      poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
  if (!doc) return cv::Mat();
  std::unique_ptr<poppler::page> p(doc->create_page(0));
  poppler::page_renderer renderer;
  renderer.set_render_hints(poppler::page_renderer::antialiasing |
                            poppler::page_renderer::text_antialiasing);
  poppler::image img = renderer.render_page(p.get(), 300, 300);
  if (!img.is_valid()) return cv::Mat();
  cv::Mat argb(img.height(), img.width(), CV_8UC4, img.data(), img.bytes_per_row());
  cv::Mat gray;
  cv::cvtColor(argb, gray, cv::COLOR_BGRA2GRAY);
  return gray;
}

// (Debian's vie model, tessdata_fast, reads about 97% of these characters
// right; it drops some stacked capital diacritics: CỘNG -> CỌNG.)
cv::Mat RenderLines(const std::vector<std::string>& lines) {
  std::vector<Item> items;
  float y = 40;
  for (const std::string& l : lines) {
    items.push_back({40, y, l});
    y += 36;
  }
  return Render(items, 300);
}

class OcrTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    OcrOptions opt;
    opt.config_file = std::string(HOSO_SOURCE_MODELS_DIR) + "/ocr/vie.config";
    Status s = OcrEngine::Create(opt, &engine_);
    if (!s.ok()) status_ = s.ToString();
  }
  static void TearDownTestSuite() { engine_.reset(); }
  static std::unique_ptr<OcrEngine> engine_;
  static std::string status_;
};
std::unique_ptr<OcrEngine> OcrTest::engine_;
std::string OcrTest::status_;

TEST_F(OcrTest, ReadsRenderedVietnameseWithLowCer) {
  ASSERT_TRUE(engine_) << status_;
  cv::Mat gray = RenderLines(kLines);
  if (gray.empty()) GTEST_SKIP() << "DejaVu Sans not installed";
  OcrResult r;
  Status s = engine_->Recognize(gray, 300, &r);
  ASSERT_TRUE(s.ok()) << s.ToString();
  std::string truth;
  for (const auto& l : kLines) truth += (truth.empty() ? "" : "\n") + l;
  truth = ToNfc(truth);
  const std::string text = r.Text();
  EXPECT_TRUE(IsNfc(text));
  const double cer = static_cast<double>(EditDistance(Codepoints(text), Codepoints(truth))) / Codepoints(truth).size();
  EXPECT_LT(cer, 0.05) << "OCR text:\n" << text;
  RecordProperty("cer", std::to_string(cer));
  if (std::getenv("HOSO_TEST_VERBOSE")) {
    std::printf("CER %.4f\n%s\n", cer, text.c_str());
    cv::imwrite("/tmp/hoso_ocr_test.png", gray);
  }
  ASSERT_EQ(r.lines.size(), kLines.size()) << text;
  EXPECT_GT(r.mean_confidence, 0.7f);
  EXPECT_LE(r.mean_confidence, 1.0f);
  // Every word: non-blank, inside the image, on its line, conf in 0..1.
  const cv::Rect frame(0, 0, gray.cols, gray.rows);
  for (size_t i = 0; i < r.words.size(); ++i) {
    const OcrWord& w = r.words[i];
    EXPECT_EQ(w.text.find_first_of(" \t\n"), std::string::npos) << w.text;
    EXPECT_EQ((w.box & frame), w.box);
    EXPECT_GT(w.box.area(), 0);
    EXPECT_GE(w.confidence, 0.f);
    EXPECT_LE(w.confidence, 1.f);
    ASSERT_GE(w.line, 0);
    const auto& lw = r.lines[w.line].words;
    EXPECT_NE(std::find(lw.begin(), lw.end(), static_cast<int>(i)), lw.end());
  }
  // The word boxes sit where the text was drawn: the first line's words
  // are above the second line's.
  ASSERT_FALSE(r.lines[0].words.empty());
  ASSERT_FALSE(r.lines[1].words.empty());
  EXPECT_LT(r.words[r.lines[0].words[0]].box.br().y, r.words[r.lines[1].words[0]].box.y);
}

// Tesseract's own notes on a form page ("Detected 49 diacritics") stay off
// stderr, which is for hoso's messages in a batch.
TEST_F(OcrTest, TesseractNotesStayOffStderr) {
  ASSERT_TRUE(engine_) << status_;
  cv::Mat scan = cv::imread(std::string(HOSO_SAMPLES_DIR) + "/dossiers/d0003-scan/1.jpg", cv::IMREAD_GRAYSCALE);
  ASSERT_FALSE(scan.empty());
  // Specks, which Tesseract's layout analysis reports as diacritics.
  cv::RNG rng(9);
  for (int i = 0; i < 4000; ++i)
    cv::circle(scan, cv::Point(rng.uniform(0, scan.cols), rng.uniform(0, scan.rows)), 1, cv::Scalar(0), cv::FILLED);
  OcrResult r;
  ::testing::internal::CaptureStderr();
  const Status s = engine_->Recognize(scan, 150, &r);
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "");
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_GT(r.words.size(), 100u);
}

// A form line ending in a long dotted leader: the LSTM alone drifts into
// junk after a few dozen dots; the leader must come back as dots only.
TEST_F(OcrTest, DottedLeaderComesBackAsDots) {
  ASSERT_TRUE(engine_) << status_;
  const std::string dots(60, '.');
  cv::Mat gray = Render({{40, 40, "Họ và tên mẹ: Trần Thị Lan " + dots},
                         {40, 76, "Dân tộc: Kinh " + dots + dots.substr(0, 20)}},
                        120);
  if (gray.empty()) GTEST_SKIP() << "DejaVu Sans not installed";
  OcrResult r;
  ASSERT_TRUE(engine_->Recognize(gray, 300, &r).ok());
  ASSERT_EQ(r.lines.size(), 2u) << r.Text();
  for (const OcrLine& line : r.lines) {
    ASSERT_GE(line.words.size(), 2u) << line.text;
    const std::string& last = r.words[line.words.back()].text;
    EXPECT_EQ(last.find_first_not_of('.'), std::string::npos) << line.text;
    EXPECT_GE(last.size(), 50u) << line.text;
    EXPECT_LE(last.size(), 85u) << line.text;
  }
  // The text before the leader is kept (the model may miss a diacritic on
  // "Trần"; that is not what this test is about).
  EXPECT_NE(r.lines[0].text.find("Thị Lan ."), std::string::npos) << r.lines[0].text;
  EXPECT_NE(r.lines[1].text.find("Kinh ."), std::string::npos) << r.lines[1].text;
}

// Two fields on one printed row, each followed by a leader, and a row of
// dots alone: the row stays one line in printed order (erasing the leaders
// before recognition must not make the second field a column of its own),
// the leaders come back as dots, and every word box (the page is read at a
// lower resolution internally) lies on the ink it stands for.
TEST_F(OcrTest, FieldsOnOneRowStayOneLineWithBoxesOnInk) {
  ASSERT_TRUE(engine_) << status_;
  const std::string dots(30, '.');
  cv::Mat gray = Render({{40, 40, "Ngày sinh: 12/05/2024 " + dots},
                         {330, 40, "Giới tính: Nam " + dots},
                         {40, 76, "Dân tộc: Kinh " + dots + dots},
                         {40, 112, dots + dots + dots}},
                        150);
  if (gray.empty()) GTEST_SKIP() << "DejaVu Sans not installed";
  OcrResult r;
  ASSERT_TRUE(engine_->Recognize(gray, 300, &r).ok());
  ASSERT_EQ(r.lines.size(), 3u) << r.Text();
  const std::string& row = r.lines[0].text;
  const size_t date = row.find("2024"), sex = row.find("Nam");
  ASSERT_NE(date, std::string::npos) << row;
  ASSERT_NE(sex, std::string::npos) << row;
  EXPECT_LT(date, sex) << row;
  EXPECT_NE(row.find("2024 ."), std::string::npos) << row;
  EXPECT_EQ(r.lines[2].text.find_first_not_of(". "), std::string::npos) << r.lines[2].text;
  cv::Mat ink = gray < 128;
  for (const OcrWord& w : r.words) {
    ASSERT_EQ(w.box & cv::Rect(0, 0, gray.cols, gray.rows), w.box) << w.text;
    const double fill = cv::countNonZero(ink(w.box)) / static_cast<double>(w.box.area());
    EXPECT_GT(fill, 0.03) << w.text;
    // Tight: the box's outer rows and columns are near ink.
    cv::Mat cols, rows_;
    cv::reduce(ink(w.box), cols, 0, cv::REDUCE_MAX);
    cv::reduce(ink(w.box), rows_, 1, cv::REDUCE_MAX);
    int first_col = 0, first_row = 0;
    while (first_col < cols.cols && cols.at<uint8_t>(0, first_col) == 0) ++first_col;
    while (first_row < rows_.rows && rows_.at<uint8_t>(first_row, 0) == 0) ++first_row;
    EXPECT_LE(first_col, 6) << w.text;
    EXPECT_LE(first_row, 6) << w.text;
  }
}

// The two-column header of the forms: the left column is read before the
// right one, never interleaved line by line.
TEST_F(OcrTest, TwoColumnHeaderIsReadColumnByColumn) {
  ASSERT_TRUE(engine_) << status_;
  cv::Mat gray = Render({{150, 40, "SỞ Y TẾ HÀ NỘI", true},
                         {150, 58, "BỆNH VIỆN ĐA KHOA ĐỐNG ĐA", true},
                         {150, 76, "Số: 123/GCS", true},
                         {420, 40, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", true},
                         {420, 58, "Độc lập - Tự do - Hạnh phúc", true},
                         {40, 120, "Họ và tên mẹ: Trần Thị Lan"}},
                        160);
  if (gray.empty()) GTEST_SKIP() << "DejaVu Sans not installed";
  OcrResult r;
  ASSERT_TRUE(engine_->Recognize(gray, 300, &r).ok());
  auto find = [&](const std::string& needle) {
    for (size_t i = 0; i < r.lines.size(); ++i) {
      if (r.lines[i].text.find(needle) != std::string::npos) return static_cast<int>(i);
    }
    return -1;
  };
  // Needles avoid stacked capital diacritics, which the model misreads.
  const int so = find("HÀ N"), bv = find("ĐA KHOA"), num = find("123"), motto = find("Hạnh phúc"),
            body = find("Thị Lan");
  ASSERT_GE(so, 0) << r.Text();
  ASSERT_GE(bv, 0) << r.Text();
  ASSERT_GE(num, 0) << r.Text();
  ASSERT_GE(motto, 0) << r.Text();
  EXPECT_LT(so, bv) << r.Text();
  EXPECT_LT(bv, num) << r.Text();
  EXPECT_LT(num, motto) << r.Text();
  EXPECT_LT(motto, body) << r.Text();
  EXPECT_NE(r.lines[so].block, r.lines[motto].block);
}

// Sparse text finds the lines too, and leaves the engine reading as its
// settings say.
TEST_F(OcrTest, SparseTextReadsTheLinesAndLeavesTheModeAsItWas) {
  ASSERT_TRUE(engine_) << status_;
  cv::Mat gray = RenderLines(kLines);
  if (gray.empty()) GTEST_SKIP() << "DejaVu Sans not installed";
  OcrResult before, sparse, after;
  ASSERT_TRUE(engine_->Recognize(gray, 300, &before).ok());
  ASSERT_TRUE(engine_->RecognizeSparse(gray, 300, &sparse).ok());
  ASSERT_TRUE(engine_->Recognize(gray, 300, &after).ok());
  EXPECT_EQ(after.Text(), before.Text());
  std::string truth;
  for (const auto& l : kLines) truth += (truth.empty() ? "" : "\n") + l;
  truth = ToNfc(truth);
  const double cer = static_cast<double>(EditDistance(Codepoints(sparse.Text()), Codepoints(truth))) /
                     Codepoints(truth).size();
  EXPECT_LT(cer, 0.05) << sparse.Text();
  EXPECT_GT(sparse.recognition_cpu_ms, 0);
}

TEST_F(OcrTest, BlankPageGivesNoWords) {
  ASSERT_TRUE(engine_) << status_;
  cv::Mat blank(1200, 900, CV_8UC1, cv::Scalar(255));
  OcrResult r;
  ASSERT_TRUE(engine_->Recognize(blank, 300, &r).ok());
  EXPECT_TRUE(r.words.empty());
  EXPECT_TRUE(r.lines.empty());
  EXPECT_EQ(r.mean_confidence, 0.f);
}

// A hard phone photo as OCR gets it: 200 dpi, dim and low-contrast, blurred
// (sigma `blur` px) and with sensor noise (sigma `noise` gray levels).
cv::Mat Degrade(const cv::Mat& gray300, double blur, double noise, unsigned seed) {
  cv::Mat g;
  cv::resize(gray300, g, cv::Size(), 2.0 / 3, 2.0 / 3, cv::INTER_AREA);
  g.convertTo(g, CV_32F, 110.0 / 255, 90);  // ink ~90, paper ~200
  cv::GaussianBlur(g, g, cv::Size(0, 0), blur);
  cv::Mat n(g.size(), CV_32F);
  cv::RNG rng(seed);
  rng.fill(n, cv::RNG::NORMAL, 0, noise);
  g += n;
  cv::Mat out;
  g.convertTo(out, CV_8U);
  return out;
}

double Cer(const std::string& text, const std::vector<std::string>& lines) {
  std::string truth;
  for (const auto& l : lines) truth += (truth.empty() ? "" : "\n") + l;
  const auto t = Codepoints(ToNfc(truth));
  return static_cast<double>(EditDistance(Codepoints(text), t)) / t.size();
}

TEST(RestoreNoisyPageTest, RemovesNoiseAndKeepsInk) {
  cv::Mat page(200, 300, CV_8UC1, cv::Scalar(200));
  cv::rectangle(page, cv::Rect(100, 50, 6, 100), cv::Scalar(40), cv::FILLED);  // a 6 px stroke
  cv::Mat noisy;
  cv::Mat n(page.size(), CV_32F);
  cv::RNG rng(3);
  rng.fill(n, cv::RNG::NORMAL, 0, 20);
  cv::Mat f;
  page.convertTo(f, CV_32F);
  f += n;
  f.convertTo(noisy, CV_8U);
  const cv::Mat restored = RestoreNoisyPage(noisy);
  ASSERT_EQ(restored.size(), noisy.size());
  ASSERT_EQ(restored.type(), CV_8UC1);
  const cv::Rect paper(200, 20, 80, 160);
  cv::Scalar m0, s0, m1, s1;
  cv::meanStdDev(noisy(paper), m0, s0);
  cv::meanStdDev(restored(paper), m1, s1);
  EXPECT_LT(s1[0], s0[0] / 3) << "noise " << s0[0] << " -> " << s1[0];
  EXPECT_NEAR(m1[0], 200, 3);
  // The stroke stays dark in its middle and the paper next to it light.
  EXPECT_LT(cv::mean(restored(cv::Rect(102, 60, 2, 80)))[0], 70);
  EXPECT_GT(cv::mean(restored(cv::Rect(112, 60, 4, 80)))[0], 180);
  EXPECT_TRUE(RestoreNoisyPage(cv::Mat()).empty());
}

// A blurred, noisy page reads with low confidence; the second reading of
// the restored page must lower the CER against the engine without it.
TEST_F(OcrTest, BlurredNoisyPageReadsBetterWithSecondPass) {
  ASSERT_TRUE(engine_) << status_;
  cv::Mat clean = RenderLines(kLines);
  if (clean.empty()) GTEST_SKIP() << "DejaVu Sans not installed";
  OcrOptions opt;
  opt.config_file = std::string(HOSO_SOURCE_MODELS_DIR) + "/ocr/vie.config";
  opt.retry_below_confidence = 0.8f;
  std::unique_ptr<OcrEngine> retry;
  ASSERT_TRUE(OcrEngine::Create(opt, &retry).ok());
  double with = 0, without = 0;
  for (unsigned seed : {1u, 2u}) {
    const cv::Mat hard = Degrade(clean, 1.2, 25, seed);
    OcrResult a, b;
    ASSERT_TRUE(engine_->Recognize(hard, 200, &a).ok());  // default: one reading
    ASSERT_TRUE(retry->Recognize(hard, 200, &b).ok());
    if (std::getenv("HOSO_TEST_VERBOSE")) {
      std::printf("seed %u conf %.3f -> %.3f cer %.4f -> %.4f\n%s\n--\n%s\n", seed, a.mean_confidence,
                  b.mean_confidence, Cer(a.Text(), kLines), Cer(b.Text(), kLines), a.Text().c_str(),
                  b.Text().c_str());
      cv::imwrite("/tmp/hoso_ocr_hard_" + std::to_string(seed) + ".png", hard);
    }
    EXPECT_LT(a.mean_confidence, 0.8f);
    EXPECT_GE(b.mean_confidence, a.mean_confidence);
    without += Cer(a.Text(), kLines);
    with += Cer(b.Text(), kLines);
  }
  EXPECT_LT(with, without * 0.8) << "CER sum with the second pass " << with << ", without " << without;
}

// A clean page is read once: same text as the engine without the second
// pass.
TEST_F(OcrTest, CleanPageIsReadOnce) {
  ASSERT_TRUE(engine_) << status_;
  cv::Mat clean = RenderLines(kLines);
  if (clean.empty()) GTEST_SKIP() << "DejaVu Sans not installed";
  OcrResult r;
  ASSERT_TRUE(engine_->Recognize(clean, 300, &r).ok());
  EXPECT_GE(r.mean_confidence, 0.8f);  // above the retry threshold
  OcrOptions opt;
  opt.config_file = std::string(HOSO_SOURCE_MODELS_DIR) + "/ocr/vie.config";
  opt.retry_below_confidence = 0.8f;
  std::unique_ptr<OcrEngine> retry;
  ASSERT_TRUE(OcrEngine::Create(opt, &retry).ok());
  OcrResult s;
  ASSERT_TRUE(retry->Recognize(clean, 300, &s).ok());
  EXPECT_EQ(r.Text(), s.Text());
}

TEST_F(OcrTest, RejectsColourInput) {
  ASSERT_TRUE(engine_) << status_;
  cv::Mat bgr(100, 100, CV_8UC3, cv::Scalar(255, 255, 255));
  OcrResult r;
  EXPECT_FALSE(engine_->Recognize(bgr, 300, &r).ok());
}

TEST(OcrSetupTest, MissingTessdataSaysWhereAndHowToInstall) {
  OcrOptions opt;
  opt.tessdata_dir = "/nonexistent/tessdata";
  std::unique_ptr<OcrEngine> engine;
  Status s = OcrEngine::Create(opt, &engine);
  EXPECT_EQ(s.code(), "setup.tessdata_missing");
  EXPECT_NE(s.message().find("/nonexistent/tessdata/vie.traineddata"), std::string::npos);
  EXPECT_NE(s.message().find("apt-get install tesseract-ocr-vie"), std::string::npos);
  EXPECT_EQ(engine, nullptr);
}

}  // namespace
}  // namespace hoso

namespace hoso {
namespace {

// The run-based small-blob finder must report exactly the components
// OpenCV's labelling does (8-connected, dark = <= threshold) that fit in
// max_side, with the same boxes, areas and centroids: random speckle
// (touching diagonally, at the borders) and text-like bars.
TEST(SmallDarkBlobsTest, MatchesConnectedComponentsWithStats) {
  cv::RNG rng(5);
  for (int trial = 0; trial < 30; ++trial) {
    const int w = 1 + rng.uniform(0, 200), h = 1 + rng.uniform(0, 120);
    cv::Mat gray(h, w, CV_8UC1);
    rng.fill(gray, cv::RNG::UNIFORM, 0, 256);
    const int density = rng.uniform(2, 60);  // % of dark pixels
    gray = gray * (100.0 / 255.0);           // 0..100
    cv::Mat img(h, w, CV_8UC1);
    for (int y = 0; y < h; ++y)
      for (int x = 0; x < w; ++x) {
        // Grey levels at the threshold's edge (160 dark, 161 paper) and at
        // the ends of the range, as well as clear ones.
        static const uchar kDark[] = {0, 100, 159, 160}, kPaper[] = {161, 162, 230, 255};
        img.at<uchar>(y, x) = gray.at<uchar>(y, x) < density ? kDark[(x + y) % 4] : kPaper[(x * 7 + y) % 4];
      }
    for (int k = 0; k < 3; ++k)
      cv::rectangle(img, cv::Rect(rng.uniform(0, w), rng.uniform(0, h), rng.uniform(1, 40), rng.uniform(1, 6)),
                    cv::Scalar(20), cv::FILLED);
    const int max_side = 1 + rng.uniform(0, 14);
    cv::Mat bin, labels, stats, centroids;
    cv::threshold(img, bin, 160, 255, cv::THRESH_BINARY_INV);
    const int n = cv::connectedComponentsWithStats(bin, labels, stats, centroids, 8, CV_32S);
    std::vector<std::string> want, got;
    char buf[160];
    for (int i = 1; i < n; ++i) {
      const cv::Rect r(stats.at<int>(i, cv::CC_STAT_LEFT), stats.at<int>(i, cv::CC_STAT_TOP),
                       stats.at<int>(i, cv::CC_STAT_WIDTH), stats.at<int>(i, cv::CC_STAT_HEIGHT));
      if (r.width > max_side || r.height > max_side) continue;
      std::snprintf(buf, sizeof(buf), "%d %d %d %d a%d c%.4f,%.4f", r.x, r.y, r.width, r.height,
                    stats.at<int>(i, cv::CC_STAT_AREA), centroids.at<double>(i, 0), centroids.at<double>(i, 1));
      want.push_back(buf);
    }
    for (const ocr_internal::Blob& b : ocr_internal::SmallDarkBlobs(img, 160, max_side)) {
      std::snprintf(buf, sizeof(buf), "%d %d %d %d a%d c%.4f,%.4f", b.box.x, b.box.y, b.box.width, b.box.height,
                    b.area, b.centroid.x, b.centroid.y);
      got.push_back(buf);
    }
    std::sort(want.begin(), want.end());
    std::sort(got.begin(), got.end());
    ASSERT_EQ(got, want) << w << "x" << h << " density " << density << " max_side " << max_side;
  }
}

}  // namespace
}  // namespace hoso

namespace hoso {
namespace {

// A word Tesseract read across a leader's start together with the dots it
// could still see ("ĐĂNG......") keeps its text before the leader's dots:
// the value "NGUYỄN HẢI ĐĂNG" must not come back as "NGUYỄN HẢI . . . ĐĂNG".
// A short label and its value no word covers (t7373 d0041/1: "Năm sinh:
// 1981" after its leader was erased) is a band to read again; the same
// line covered by a word, or a few specks, is not.
TEST(UncoveredTextBandsTest, FindsAShortLineNoWordCovers) {
  cv::Mat page(2339, 1654, CV_8UC1, cv::Scalar(255));
  cv::putText(page, "Nam sinh: 1981", cv::Point(158, 665), cv::FONT_HERSHEY_SIMPLEX, 0.9, cv::Scalar(0), 2, cv::LINE_AA);
  for (int x = 600; x < 640; x += 12) cv::circle(page, cv::Point(x, 1200), 2, cv::Scalar(0), -1);
  OcrResult none;
  const std::vector<cv::Rect> bands = ocr_internal::UncoveredTextBands(page, 200, none);
  ASSERT_EQ(bands.size(), 1u);
  EXPECT_TRUE((bands[0] & cv::Rect(158, 640, 200, 25)) == cv::Rect(158, 640, 200, 25)) << bands[0];
  OcrResult covered;
  covered.words.push_back(OcrWord{"Nam sinh: 1981", cv::Rect(150, 635, 260, 40), 0.9f, 0});
  EXPECT_TRUE(ocr_internal::UncoveredTextBands(page, 200, covered).empty());
}

TEST(InsertLeadersTest, WordReadIntoTheLeaderStaysBeforeItsDots) {
  OcrResult page;
  OcrLine line;
  line.block = 0;
  auto add = [&](const std::string& text, cv::Rect box) {
    OcrWord w;
    w.text = text;
    w.box = box;
    w.confidence = 0.9f;
    w.line = 0;
    line.words.push_back(static_cast<int>(page.words.size()));
    line.box |= box;
    page.words.push_back(w);
  };
  add("Tên:", cv::Rect(100, 640, 60, 30));
  add("NGUYỄN", cv::Rect(180, 640, 140, 32));
  add("HẢI", cv::Rect(335, 641, 56, 32));
  add("ĐĂNG..........", cv::Rect(405, 640, 700, 34));  // the word and dots past the erased ones
  line.text = "Tên: NGUYỄN HẢI ĐĂNG..........";
  page.lines.push_back(line);
  ocr_internal::Leader leader;
  leader.top = 664;
  leader.bottom = 672;
  leader.pitch = 10;
  leader.dot = 4;
  for (int x = 515; x <= 605; x += 10) leader.xs.push_back(x);  // erased under the word's tail
  ocr_internal::InsertLeaders({leader}, &page);
  ASSERT_EQ(page.lines.size(), 1u);
  const std::string& text = page.lines[0].text;
  EXPECT_EQ(text.rfind("Tên: NGUYỄN HẢI ĐĂNG .", 0), 0u) << text;
  // The split word's text keeps the part of its box left of the leader.
  bool found = false;
  for (const OcrWord& w : page.words) {
    if (w.text != "ĐĂNG") continue;
    found = true;
    EXPECT_LE(w.box.br().x, 515);
  }
  EXPECT_TRUE(found);
}

}  // namespace
}  // namespace hoso

namespace hoso {
namespace {

// The Pix handed to Tesseract holds the image's pixels at every width (whole
// words and a partial last one, from a view with its own row step), with
// the row padding zero, as pixSetPixel would leave a pixCreate'd image.
TEST(GrayToPixTest, SamePixelsAsPixSetPixel) {
  cv::RNG rng(7);
  for (int w : {1, 2, 3, 4, 5, 7, 8, 13, 64, 101}) {
    cv::Mat big(9, w + 3, CV_8UC1);
    rng.fill(big, cv::RNG::UNIFORM, 0, 256);
    const cv::Mat gray = big(cv::Rect(1, 1, w, 7));  // not continuous
    Pix* got = ocr_internal::GrayToPix(gray);
    ASSERT_NE(got, nullptr);
    Pix* want = pixCreate(w, gray.rows, 8);
    for (int y = 0; y < gray.rows; ++y)
      for (int x = 0; x < w; ++x) pixSetPixel(want, x, y, gray.at<uchar>(y, x));
    ASSERT_EQ(pixGetWpl(got), pixGetWpl(want));
    ASSERT_EQ(pixGetDepth(got), 8);
    const size_t words = static_cast<size_t>(pixGetWpl(want)) * gray.rows;
    EXPECT_TRUE(std::equal(pixGetData(got), pixGetData(got) + words, pixGetData(want))) << "width " << w;
    pixDestroy(&got);
    pixDestroy(&want);
  }
}

}  // namespace
}  // namespace hoso
