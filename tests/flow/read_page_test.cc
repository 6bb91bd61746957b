// ReadEnhancedPage: the pipeline reads Enhance's second image only when
// there is one, keeps the more confident reading, and counts the CPU of
// both readings. EnhanceAndRead: a page that read poorly is enhanced and
// read a second time, sharpened; the more confident reading is kept with
// the images it was read from.
#include <thread>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>
#include <opencv2/imgproc.hpp>

#include "pipeline/flow/settings.h"

namespace hoso {
namespace {

// An engine whose reading of an image has the confidence written in its
// first pixel (in hundredths) and costs 10 ms.
class FakeEngine : public OcrEngine {
 public:
  Status Recognize(const cv::Mat& gray, int, OcrResult* out) override {
    ++calls;
    *out = OcrResult();
    out->mean_confidence = gray.at<uint8_t>(0, 0) / 100.f;
    out->recognition_cpu_ms = 10;
    return Status::Ok();
  }
  int calls = 0;
};

EnhanceResult Page(int first_conf, int second_conf) {
  EnhanceResult e;
  e.ocr = cv::Mat(8, 8, CV_8UC1, cv::Scalar(first_conf));
  if (second_conf >= 0) e.ocr_alternative = cv::Mat(8, 8, CV_8UC1, cv::Scalar(second_conf));
  return e;
}

TEST(ReadEnhancedPage, OneImageIsReadOnce) {
  FakeEngine engine;
  OcrResult r;
  ASSERT_TRUE(ReadEnhancedPage(&engine, Page(70, -1), 200, &r).ok());
  EXPECT_EQ(engine.calls, 1);
  EXPECT_FLOAT_EQ(r.mean_confidence, 0.70f);
  EXPECT_DOUBLE_EQ(r.recognition_cpu_ms, 10);
}

TEST(ReadEnhancedPage, KeepsTheMoreConfidentReading) {
  FakeEngine engine;
  OcrResult r;
  ASSERT_TRUE(ReadEnhancedPage(&engine, Page(60, 80), 200, &r).ok());
  EXPECT_EQ(engine.calls, 2);
  EXPECT_FLOAT_EQ(r.mean_confidence, 0.80f);
  EXPECT_DOUBLE_EQ(r.recognition_cpu_ms, 20);

  ASSERT_TRUE(ReadEnhancedPage(&engine, Page(85, 50), 200, &r).ok());
  EXPECT_FLOAT_EQ(r.mean_confidence, 0.85f);
  EXPECT_DOUBLE_EQ(r.recognition_cpu_ms, 20);
}

// An engine that gives the confidences it is told, in turn, to readings of
// one word each (none when the confidence is negative), and keeps the
// images it was given.
class ScriptedEngine : public OcrEngine {
 public:
  explicit ScriptedEngine(std::vector<float> confidences) : confidences_(std::move(confidences)) {}
  Status Recognize(const cv::Mat& gray, int, OcrResult* out) override {
    *out = OcrResult();
    const float c = confidences_.at(seen.size());
    seen.push_back(gray.clone());
    if (c >= 0) {
      out->words.push_back(OcrWord{"chữ", cv::Rect(10, 10, 40, 12), c, 0});
      out->mean_confidence = c;
    }
    out->recognition_cpu_ms = 10;
    return Status::Ok();
  }
  std::vector<cv::Mat> seen;

 private:
  std::vector<float> confidences_;
};

// Lines of "text", out of focus.
cv::Mat BlurredPage() {
  cv::Mat page(300, 240, CV_8UC1, cv::Scalar(230));
  for (int y = 40; y < 280; y += 24) cv::rectangle(page, cv::Rect(20, y, 200, 6), cv::Scalar(40), cv::FILLED);
  cv::GaussianBlur(page, page, cv::Size(0, 0), 2.5);
  return page;
}

bool Same(const cv::Mat& a, const cv::Mat& b) { return a.size() == b.size() && cv::norm(a, b, cv::NORM_INF) == 0; }

struct Laps {
  int enhance = 0, read = 0;
  StageLap Fn() {
    return [this](bool e, double, double) { ++(e ? enhance : read); };
  }
};

// EnhanceAndRead of BlurredPage at 200 dpi with an engine that reads the
// given confidences in turn.
struct PageRun {
  explicit PageRun(std::vector<float> confidences, double second_reading_below = Options().second_reading_below)
      : engine(std::move(confidences)) {
    EnhanceOptions eo;
    eo.dpi = 200;
    status = EnhanceAndRead(&engine, BlurredPage(), eo, 200, &e, &r, laps.Fn(), second_reading_below);
  }
  ScriptedEngine engine;
  EnhanceResult e;
  OcrResult r;
  Laps laps;
  Status status;
};

TEST(EnhanceAndRead, ConfidentPageIsReadOnce) {
  PageRun run({0.93f});
  ASSERT_TRUE(run.status.ok());
  EXPECT_EQ(run.engine.seen.size(), 1u);
  EXPECT_FLOAT_EQ(run.r.mean_confidence, 0.93f);
  EXPECT_EQ(run.laps.enhance, 1);
  EXPECT_EQ(run.laps.read, 1);
}

TEST(EnhanceAndRead, PoorPageIsSharpenedAndTheBetterReadingKept) {
  PageRun run({0.6f, 0.8f});
  ASSERT_TRUE(run.status.ok());
  const std::vector<cv::Mat>& seen = run.engine.seen;
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_FALSE(Same(seen[0], seen[1])) << "the second reading is of a sharpened page";
  EXPECT_FLOAT_EQ(run.r.mean_confidence, 0.8f);
  EXPECT_DOUBLE_EQ(run.r.recognition_cpu_ms, 20);
  EXPECT_TRUE(Same(run.e.ocr, seen[1])) << "the images kept are those read";
  EXPECT_EQ(run.laps.enhance, 2);
  EXPECT_EQ(run.laps.read, 2);
  // The sharpened page has more contrast at the bars' edges.
  cv::Mat g0, g1;
  cv::Sobel(seen[0], g0, CV_32F, 0, 1);
  cv::Sobel(seen[1], g1, CV_32F, 0, 1);
  EXPECT_GT(cv::norm(g1), cv::norm(g0));
}

TEST(EnhanceAndRead, WorseSecondReadingIsDropped) {
  PageRun run({0.6f, 0.5f});
  ASSERT_TRUE(run.status.ok());
  ASSERT_EQ(run.engine.seen.size(), 2u);
  EXPECT_FLOAT_EQ(run.r.mean_confidence, 0.6f);
  EXPECT_DOUBLE_EQ(run.r.recognition_cpu_ms, 20);
  EXPECT_TRUE(Same(run.e.ocr, run.engine.seen[0]));
}

// The readings not kept as they stand are handed to the forms stage.
TEST(EnhanceAndRead, OtherReadingsAreKeptForTheFormsStage) {
  FakeEngine engine;
  OcrResult r;
  std::vector<OcrResult> others;
  ASSERT_TRUE(ReadEnhancedPage(&engine, Page(60, 80), 200, &r, &others).ok());
  ASSERT_EQ(others.size(), 1u);
  EXPECT_FLOAT_EQ(others[0].mean_confidence, 0.60f);
  EXPECT_FLOAT_EQ(r.mean_confidence, 0.80f);
  EXPECT_DOUBLE_EQ(r.recognition_cpu_ms, 20) << "the CPU is counted once, in the kept reading";

  ScriptedEngine scripted({0.6f, 0.8f});
  EnhanceOptions eo;
  eo.dpi = 200;
  EnhanceResult e;
  others.clear();
  ASSERT_TRUE(EnhanceAndRead(&scripted, BlurredPage(), eo, 200, &e, &r, {}, Options().second_reading_below, &others).ok());
  ASSERT_EQ(scripted.seen.size(), 2u);
  ASSERT_EQ(others.size(), 1u) << "the first reading, the sharpened one being kept";
  EXPECT_FLOAT_EQ(others[0].mean_confidence, 0.6f);
  EXPECT_FLOAT_EQ(r.mean_confidence, 0.8f);
}

// A ScriptedEngine that also reads sparse text: one word at 0.5, 7 ms.
class SparseEngine : public ScriptedEngine {
 public:
  using ScriptedEngine::ScriptedEngine;
  Status RecognizeSparse(const cv::Mat& gray, int, OcrResult* out) override {
    *out = OcrResult();
    sparse_seen.push_back(gray.clone());
    out->words.push_back(OcrWord{"thưa", cv::Rect(10, 10, 40, 12), 0.5f, 0});
    out->mean_confidence = 0.5f;
    out->recognition_cpu_ms = 7;
    return Status::Ok();
  }
  std::vector<cv::Mat> sparse_seen;
};

// A page still read poorly after its retries is also read as sparse text,
// from the images kept, for the forms stage; a page read well is not, nor
// any page when no other readings are asked for.
TEST(EnhanceAndRead, PoorPageIsAlsoReadAsSparseText) {
  EnhanceOptions eo;
  eo.dpi = 200;
  const double below = Options().second_reading_below;
  {
    SparseEngine engine({0.6f, 0.7f});
    EnhanceResult e;
    OcrResult r;
    std::vector<OcrResult> others;
    Laps laps;
    ASSERT_TRUE(EnhanceAndRead(&engine, BlurredPage(), eo, 200, &e, &r, laps.Fn(), below, &others).ok());
    ASSERT_EQ(engine.sparse_seen.size(), 1u);
    EXPECT_TRUE(Same(engine.sparse_seen[0], e.ocr)) << "the image of the kept reading";
    EXPECT_FLOAT_EQ(r.mean_confidence, 0.7f) << "the sparse reading is not merged into the kept one";
    ASSERT_EQ(others.size(), 2u);
    EXPECT_EQ(others.back().words.at(0).text, "thưa");
    EXPECT_DOUBLE_EQ(r.recognition_cpu_ms, 27);
    EXPECT_EQ(laps.read, 3);
  }
  {
    SparseEngine engine({0.93f});
    EnhanceResult e;
    OcrResult r;
    std::vector<OcrResult> others;
    ASSERT_TRUE(EnhanceAndRead(&engine, BlurredPage(), eo, 200, &e, &r, {}, below, &others).ok());
    EXPECT_TRUE(engine.sparse_seen.empty());
    EXPECT_TRUE(others.empty());
  }
  {
    SparseEngine engine({0.6f, 0.7f});
    EnhanceResult e;
    OcrResult r;
    ASSERT_TRUE(EnhanceAndRead(&engine, BlurredPage(), eo, 200, &e, &r, {}, below).ok());
    EXPECT_TRUE(engine.sparse_seen.empty());
  }
}

// An engine reading pages as ScriptedEngine does and each row alone as
// one word read at 0.5.
class RowsEngine : public ScriptedEngine {
 public:
  using ScriptedEngine::ScriptedEngine;
  Status RecognizeLine(const cv::Mat& gray, int, OcrResult* out) override {
    *out = OcrResult();
    ++rows_read;
    out->words.push_back(OcrWord{"dòng", cv::Rect(5, 5, gray.cols - 10, gray.rows - 10), 0.5f, 0});
    out->lines.push_back(OcrLine{"dòng", out->words[0].box, 0, {0}});
    out->mean_confidence = 0.5f;
    out->recognition_cpu_ms = 2;
    return Status::Ok();
  }
  int rows_read = 0;
};

// A page read too poorly to be read at all is read row by row, and that
// reading kept when it reads more confidently; a page read fairly is not.
TEST(EnhanceAndRead, UnreadablePageIsReadRowByRow) {
  cv::Mat page(600, 800, CV_8UC1, cv::Scalar(235));
  for (int y : {100, 160, 220, 280}) {
    cv::putText(page, "Ho va ten: NGUYEN VAN AN", cv::Point(60, y), cv::FONT_HERSHEY_SIMPLEX, 1.0, cv::Scalar(30), 2);
  }
  EnhanceOptions eo;
  eo.dpi = 200;
  {
    RowsEngine engine({0.3f, 0.35f, 0.35f, 0.35f, 0.35f});
    EnhanceResult e;
    OcrResult r;
    std::vector<OcrResult> others;
    ASSERT_TRUE(EnhanceAndRead(&engine, page, eo, 200, &e, &r, {}, 0.9, &others).ok());
    EXPECT_EQ(engine.rows_read, 4);
    ASSERT_EQ(r.lines.size(), 4u);
    EXPECT_EQ(r.lines[0].text, "dòng");
    EXPECT_FLOAT_EQ(r.mean_confidence, 0.5f);
  }
  {
    RowsEngine engine({0.7f, 0.72f, 0.72f, 0.72f});
    EnhanceResult e;
    OcrResult r;
    ASSERT_TRUE(EnhanceAndRead(&engine, page, eo, 200, &e, &r, {}, 0.9).ok());
    EXPECT_EQ(engine.rows_read, 0);
  }
}

// An engine that reads a page well when its ink lies in its top half
// (upright) and poorly otherwise, one word each time.
class UprightEngine : public OcrEngine {
 public:
  explicit UprightEngine(float poorly = 0.3f) : poorly_(poorly) {}
  Status Recognize(const cv::Mat& gray, int, OcrResult* out) override {
    ++reads;
    *out = OcrResult();
    const double top = cv::mean(gray.rowRange(0, gray.rows / 2))[0];
    const double bottom = cv::mean(gray.rowRange(gray.rows / 2, gray.rows))[0];
    const float c = top < bottom ? 0.9f : poorly_;
    out->words.push_back(OcrWord{"chữ", cv::Rect(10, 10, 40, 12), c, 0});
    out->lines.push_back(OcrLine{"chữ", cv::Rect(10, 10, 40, 12), 0, {0}});
    out->mean_confidence = c;
    out->recognition_cpu_ms = 10;
    return Status::Ok();
  }
  int reads = 0;

 private:
  float poorly_;
};

// ReadPageEitherWayUp of `page` at 200 dpi by an UprightEngine reading
// `poorly` the wrong way up, with its other readings.
struct TurnRun {
  TurnRun(const cv::Mat& page, float poorly) : engine(poorly) {
    EnhanceOptions eo;
    eo.dpi = 200;
    ok = ReadPageEitherWayUp(&engine, page, eo, 200, &e, &r, &turns, {}, 0.9, &others).ok();
  }
  UprightEngine engine;
  EnhanceResult e;
  OcrResult r;
  std::vector<OcrResult> others;
  int turns = -1;
  bool ok = false;
};

// Whether `e`'s OCR image has its ink in the top half (upright for an
// UprightEngine).
bool InkOnTop(const EnhanceResult& e) {
  const int half = e.ocr.rows / 2;
  return cv::mean(e.ocr.rowRange(0, half))[0] < cv::mean(e.ocr.rowRange(half, e.ocr.rows))[0];
}

// A page that reads as unreadable is read turned half round too, and taken
// so when that reads much better; a page read fairly is not turned, nor
// one that reads as poorly either way up.
TEST(ReadPageEitherWayUp, AnUpsideDownPageIsTurned) {
  cv::Mat upside_down(600, 400, CV_8UC1, cv::Scalar(235));
  for (int y = 330; y < 560; y += 40) cv::rectangle(upside_down, cv::Rect(40, y, 320, 12), cv::Scalar(30), cv::FILLED);
  TurnRun turned(upside_down, 0.3f);
  ASSERT_TRUE(turned.ok);
  EXPECT_EQ(turned.turns, 2);
  EXPECT_FLOAT_EQ(turned.r.mean_confidence, 0.9f);
  EXPECT_TRUE(InkOnTop(turned.e)) << "the kept images are the turned page's";
  EXPECT_GE(turned.r.recognition_cpu_ms, 10.0 * turned.engine.reads - 1e-9);

  TurnRun fair(upside_down, 0.7f);  // read fairly upside down: left as it is
  ASSERT_TRUE(fair.ok);
  EXPECT_EQ(fair.turns, 0);
  EXPECT_FLOAT_EQ(fair.r.mean_confidence, 0.7f);

  cv::Mat blank(600, 400, CV_8UC1, cv::Scalar(235));
  for (int y = 40; y < 560; y += 40) cv::rectangle(blank, cv::Rect(40, y, 320, 12), cv::Scalar(30), cv::FILLED);
  TurnRun poor(blank, 0.3f);  // ink all over: as poor either way up
  ASSERT_TRUE(poor.ok);
  EXPECT_EQ(poor.turns, 0);
}

// Read plainly, a page whose text reads only turned clockwise (its ink
// along its left side) is taken so, and its reading; one read fairly as
// it is, or as poorly every way, is left as it is.
TEST(ReadPlainAnyWayUp, APageOnItsSideIsTurned) {
  cv::Mat on_side(400, 600, CV_8UC1, cv::Scalar(235));
  for (int x = 40; x < 260; x += 40) cv::rectangle(on_side, cv::Rect(x, 40, 12, 320), cv::Scalar(30), cv::FILLED);
  {
    UprightEngine engine;
    OcrResult r;
    int turns = -1;
    cv::Mat page = on_side.clone();
    ASSERT_TRUE(ReadPlainAnyWayUp(&engine, &page, 200, &r, &turns).ok());
    EXPECT_EQ(turns, 1);
    EXPECT_FLOAT_EQ(r.mean_confidence, 0.9f);
    EXPECT_EQ(engine.reads, 4);
    EXPECT_DOUBLE_EQ(r.recognition_cpu_ms, 40.0) << "every reading counted";
  }
  {
    UprightEngine engine(0.7f);
    OcrResult r;
    int turns = -1;
    cv::Mat page = on_side.clone();
    ASSERT_TRUE(ReadPlainAnyWayUp(&engine, &page, 200, &r, &turns).ok());
    EXPECT_EQ(turns, 0);
    EXPECT_EQ(engine.reads, 1);
  }
  {
    cv::Mat blank(400, 600, CV_8UC1, cv::Scalar(235));
    UprightEngine engine;  // no ink: as poor every way
    OcrResult r;
    int turns = -1;
    ASSERT_TRUE(ReadPlainAnyWayUp(&engine, &blank, 200, &r, &turns).ok());
    EXPECT_EQ(turns, 0);
    EXPECT_FLOAT_EQ(r.mean_confidence, 0.3f);
  }
}

// A line read twice (most of its words on an earlier line's) stands once,
// the more confident reading in the earlier one's place; a line sharing
// less than half its words with another is its own.
TEST(KeepRepeatedLinesOnce, ALineReadTwiceStandsOnceAsItsBetterReading) {
  OcrResult r;
  auto add = [&](const std::vector<std::pair<std::string, cv::Rect>>& words, float confidence) {
    OcrLine line;
    line.block = 0;
    for (const auto& [text, box] : words) {
      line.words.push_back(static_cast<int>(r.words.size()));
      line.text += (line.text.empty() ? "" : " ") + text;
      line.box = line.box.empty() ? box : (line.box | box);
      r.words.push_back(OcrWord{text, box, confidence, static_cast<int>(r.lines.size())});
    }
    r.lines.push_back(line);
  };
  add({{"TỜ", {100, 100, 40, 30}}, {"KHAl", {150, 100, 60, 30}}}, 0.6f);
  add({{"Kính", {100, 200, 60, 30}}, {"gửi", {170, 200, 40, 30}}}, 0.9f);
  add({{"TỜ", {101, 101, 40, 30}}, {"KHAI", {151, 100, 60, 30}}}, 0.95f);           // the first, better
  add({{"Kính", {100, 200, 60, 30}}, {"x", {300, 200, 20, 30}}, {"y", {330, 200, 20, 30}}}, 0.99f);  // 1 of 3
  r.mean_confidence = 0.8f;
  KeepRepeatedLinesOnce(&r);
  ASSERT_EQ(r.lines.size(), 3u);
  EXPECT_EQ(r.lines[0].text, "TỜ KHAI");
  EXPECT_EQ(r.lines[1].text, "Kính gửi");
  EXPECT_EQ(r.lines[2].text, "Kính x y");
  ASSERT_EQ(r.words.size(), 7u);
  for (size_t l = 0; l < r.lines.size(); ++l)
    for (int wi : r.lines[l].words) EXPECT_EQ(r.words[static_cast<size_t>(wi)].line, static_cast<int>(l));
  EXPECT_NEAR(r.mean_confidence, (2 * 0.95 + 2 * 0.9 + 3 * 0.99) / 7, 1e-5);
}

TEST(EnhanceAndRead, SecondReadingOffOrBelowTheThreshold) {
  PageRun off({0.6f}, 0.0);
  ASSERT_TRUE(off.status.ok());
  EXPECT_EQ(off.engine.seen.size(), 1u);
  EXPECT_FLOAT_EQ(off.r.mean_confidence, 0.6f);
  PageRun lower({0.6f}, 0.5);  // read above a lower bar: once
  EXPECT_EQ(lower.engine.seen.size(), 1u);
  PageRun higher({0.93f, 0.95f}, 0.95);  // below a higher bar: twice
  EXPECT_EQ(higher.engine.seen.size(), 2u);
}

TEST(EnhanceAndRead, PageWithoutWordsIsNotReadAgain) {
  PageRun run({-1.f});
  ASSERT_TRUE(run.status.ok());
  EXPECT_EQ(run.engine.seen.size(), 1u);
}

// A page of text lines smeared by the phone's motion (`length` px along x
// at 200 dpi; by default 12, as Enhance finds and undoes it), then out of
// focus by `defocus` (sigma, px) when given.
cv::Mat SmearedPage(int length = 12, double defocus = 0) {
  cv::Mat page(1200, 1000, CV_8UC1, cv::Scalar(235));
  for (int y = 100, i = 0; y < 1150; y += 40, ++i)
    cv::putText(page, i % 2 ? "Noi cu tru: thon 8, xa Dong Loc" : "So dinh danh 042182212024 NAM",
                cv::Point(60 + (i % 3) * 15, y), cv::FONT_HERSHEY_SIMPLEX, 0.9, cv::Scalar(30), 2, cv::LINE_AA);
  cv::Mat kernel = cv::Mat::zeros(1, length + 1, CV_32F);
  kernel.colRange(0, length) = 1.f / static_cast<float>(length);
  cv::filter2D(page, page, -1, kernel, cv::Point(-1, -1), 0, cv::BORDER_REFLECT);
  if (defocus > 0) cv::GaussianBlur(page, page, cv::Size(0, 0), defocus);
  return page;
}

// `page` enhanced with `blur`'s smear taken twice as long.
EnhanceResult EnhancedTwiceAsLong(const cv::Mat& page, EnhanceOptions options, const MotionBlur& blur) {
  MotionBlur longer = blur;
  longer.length_px *= 2;
  longer.profile_length_px *= 2;
  options.blur = longer;
  EnhanceResult doubled;
  Enhance(page, options, &doubled);
  return doubled;
}

// An engine that reads the images it is given with the confidences set for
// them (one word), and every other image at `otherwise`.
class ImageEngine : public OcrEngine {
 public:
  // `dots`: words of leader dots read at 0.95 before the word (what
  // deconvolved paper grain reads as).
  explicit ImageEngine(float otherwise, int dots = 0) : otherwise_(otherwise), dots_(dots) {}
  void Set(const cv::Mat& image, float confidence) { known_.emplace_back(image.clone(), confidence); }
  Status Recognize(const cv::Mat& gray, int, OcrResult* out) override {
    *out = OcrResult();
    float c = otherwise_;
    for (const auto& [image, confidence] : known_)
      if (Same(image, gray)) c = confidence;
    seen.push_back(gray.clone());
    double sum = 0;
    for (int i = 0; i < dots_ && c == otherwise_; ++i) {
      out->words.push_back(OcrWord{". . .", cv::Rect(10 + 20 * i, 30, 15, 4), 0.95f, 0});
      sum += 0.95;
    }
    out->words.push_back(OcrWord{"chữ", cv::Rect(10, 10, 40, 12), c, 0});
    sum += c;
    out->mean_confidence = static_cast<float>(sum / out->words.size());
    out->recognition_cpu_ms = 10;
    return Status::Ok();
  }
  std::vector<cv::Mat> seen;

 private:
  float otherwise_;
  int dots_;
  std::vector<std::pair<cv::Mat, float>> known_;
};

// EnhanceAndRead of `page` at 200 dpi (second reading below 0.9) with an
// engine that reads `good` at 0.85 and every other image at 0.4.
struct GoodImageRun {
  GoodImageRun(const cv::Mat& page, const EnhanceOptions& options, const cv::Mat& good) : engine(0.4f) {
    engine.Set(good, 0.85f);
    status = EnhanceAndRead(&engine, page, options, 200, &e, &r, laps.Fn(), 0.9);
  }
  ImageEngine engine;
  EnhanceResult e;
  OcrResult r;
  Laps laps;
  Status status;
};

// SmearedPage at 200 dpi, enhanced once and with its smear taken twice as
// long.
struct Smeared {
  Smeared() {
    eo.dpi = 200;
    Enhance(page, eo, &first);
    doubled = EnhancedTwiceAsLong(page, eo, first.blur);
  }
  const cv::Mat page = SmearedPage();
  EnhanceOptions eo;
  EnhanceResult first, doubled;
};

// A smeared page that still reads very poorly once the smear is undone is
// read again with the smear taken twice as long, and refocused without
// undoing a smear; the most confident reading is kept, with its images.
TEST(EnhanceAndRead, PoorlyReadUnsmearedPageTriesTwiceTheSmearAndNoSmear) {
  const Smeared s;
  const EnhanceResult& first = s.first;
  const EnhanceResult& doubled = s.doubled;
  ASSERT_TRUE(first.motion_deblurred) << "the test page must show its smear";
  ASSERT_TRUE(doubled.motion_deblurred);
  ASSERT_FALSE(Same(doubled.ocr, first.ocr));

  GoodImageRun run(s.page, s.eo, doubled.ocr);
  ASSERT_TRUE(run.status.ok());
  EXPECT_FLOAT_EQ(run.r.mean_confidence, 0.85f);
  EXPECT_TRUE(Same(run.e.ocr, doubled.ocr)) << "the images kept are those read";
  EXPECT_TRUE(run.e.motion_deblurred);
  EXPECT_EQ(run.laps.enhance, 3);
  EXPECT_EQ(run.laps.read, 3);
  EXPECT_DOUBLE_EQ(run.r.recognition_cpu_ms, 10.0 * run.engine.seen.size());
  // The refocused reading is of a page whose smear was not undone: neither
  // the first nor the doubled image.
  bool refocused = false;
  for (const cv::Mat& m : run.engine.seen) refocused |= !Same(m, first.ocr) && !Same(m, doubled.ocr) &&
                                                    (first.ocr_alternative.empty() || !Same(m, first.ocr_alternative)) &&
                                                    (doubled.ocr_alternative.empty() || !Same(m, doubled.ocr_alternative));
  EXPECT_TRUE(refocused);
}

// The retries may be run at once by a runner, in any order, each with its
// own engine: the page comes out as read in turn (the readings are merged
// in the same order), and every Enhance and reading is still timed.
TEST(EnhanceAndRead, RetriesRunAtOnceGiveWhatTheyGiveInTurn) {
  const Smeared s;
  const cv::Mat& page = s.page;
  const EnhanceOptions& eo = s.eo;
  ImageEngine engine(0.4f);
  engine.Set(s.doubled.ocr, 0.85f);

  EnhanceResult in_turn_e;
  OcrResult in_turn;
  std::vector<OcrResult> in_turn_others;
  Laps in_turn_laps;
  ImageEngine sequential = engine;
  ASSERT_TRUE(EnhanceAndRead(&sequential, page, eo, 200, &in_turn_e, &in_turn, in_turn_laps.Fn(), 0.9,
                             &in_turn_others).ok());

  std::vector<ImageEngine> engines(4, engine);
  size_t bodies = 0;
  const ReadingRunner at_once = [&](size_t n, const std::function<void(size_t, OcrEngine*)>& body) {
    bodies = n;
    std::vector<std::thread> threads;
    for (size_t i = n; i-- > 0;) threads.emplace_back(body, i, &engines[i + 1]);
    for (std::thread& t : threads) t.join();
  };
  EnhanceResult e;
  OcrResult r;
  std::vector<OcrResult> others;
  Laps laps;
  ASSERT_TRUE(EnhanceAndRead(&engines[0], page, eo, 200, &e, &r, laps.Fn(), 0.9, &others, at_once).ok());
  EXPECT_EQ(bodies, 2u) << "the smear twice as long, and refocused";
  EXPECT_EQ(engines[0].seen.size(), 1u) << "the first reading is the caller's";
  EXPECT_FLOAT_EQ(r.mean_confidence, 0.85f);
  EXPECT_FLOAT_EQ(r.mean_confidence, in_turn.mean_confidence);
  EXPECT_TRUE(Same(e.ocr, in_turn_e.ocr));
  EXPECT_DOUBLE_EQ(r.recognition_cpu_ms, in_turn.recognition_cpu_ms);
  ASSERT_EQ(others.size(), in_turn_others.size());
  for (size_t i = 0; i < others.size(); ++i) EXPECT_FLOAT_EQ(others[i].mean_confidence, in_turn_others[i].mean_confidence);
  EXPECT_EQ(laps.enhance, in_turn_laps.enhance);
  EXPECT_EQ(laps.read, in_turn_laps.read);
}

// A page whose smear the spectrum shows on weak evidence only (an 8 px
// smear, then out of focus) and that reads very poorly is refocused (the
// weak smear undone) and also deblurred at twice the smear's length, the
// usual wrong estimate; the most confident reading is kept.
TEST(EnhanceAndRead, PoorlyReadPageWithAWeakSmearTriesItTwiceAsLong) {
  const cv::Mat page = SmearedPage(8, 2.5);
  EnhanceOptions eo;
  eo.dpi = 200;
  EnhanceResult first;
  Enhance(page, eo, &first);
  ASSERT_TRUE(first.blur.weak && !first.motion_deblurred) << "the test page must show its smear weakly";
  EnhanceOptions refocus = eo;
  refocus.focus_sigma_px = 1.0;  // any: a weak smear is undone instead
  const EnhanceResult doubled = EnhancedTwiceAsLong(page, refocus, first.blur);
  ASSERT_TRUE(doubled.motion_deblurred);

  GoodImageRun run(page, eo, doubled.ocr);
  ASSERT_TRUE(run.status.ok());
  EXPECT_FLOAT_EQ(run.r.mean_confidence, 0.85f);
  EXPECT_TRUE(Same(run.e.ocr, doubled.ocr)) << "the images kept are those read";
  EXPECT_EQ(run.laps.enhance, 3);

  ImageEngine fair(0.65f);  // read fairly (above 0.6): refocused only
  Laps fair_laps;
  EnhanceResult e;
  OcrResult r;
  ASSERT_TRUE(EnhanceAndRead(&fair, page, eo, 200, &e, &r, fair_laps.Fn(), 0.9).ok());
  EXPECT_EQ(fair_laps.enhance, 2);
}

// Rows of dots read confidently do not hide a page whose words read
// poorly: the words' confidence decides (mean over all words 0.8, over
// its words 0.35), and the retry's reading wins on its words.
TEST(EnhanceAndRead, DotsReadConfidentlyDoNotHideAPoorlyReadSmearedPage) {
  const cv::Mat page = SmearedPage();
  EnhanceOptions eo;
  eo.dpi = 200;
  ImageEngine engine(0.35f, 9);
  EnhanceResult e;
  OcrResult r;
  Laps laps;
  ASSERT_TRUE(EnhanceAndRead(&engine, page, eo, 200, &e, &r, laps.Fn(), 0.9).ok());
  EXPECT_EQ(laps.enhance, 3);
  // Every reading here has the same words' confidence: the first stands,
  // dots and all.
  EXPECT_NEAR(r.mean_confidence, (9 * 0.95 + 0.35) / 10, 1e-6);
}

// Read well enough once its smear is undone (0.6 and above), or poorly but
// above the second-reading bar, a smeared page is read once.
TEST(EnhanceAndRead, UnsmearedPageReadFairlyIsNotReadAgain) {
  const cv::Mat page = SmearedPage();
  EnhanceOptions eo;
  eo.dpi = 200;
  for (double bar : {0.9, 0.5}) {
    ImageEngine engine(bar == 0.9 ? 0.65f : 0.55f);
    EnhanceResult e;
    OcrResult r;
    Laps laps;
    ASSERT_TRUE(EnhanceAndRead(&engine, page, eo, 200, &e, &r, laps.Fn(), bar).ok());
    EXPECT_EQ(laps.enhance, 1) << bar;
    EXPECT_TRUE(e.motion_deblurred);
  }
}

// A sheet small in its photo (~100 dpi of detail), smeared there (10 px at
// 30 degrees) and a little out of focus, rectified up to 200 dpi: its
// spectrum at the usual resolution shows no smear, at 100 dpi it does;
// read poorly, the page is read once more with that smear undone (besides
// refocused), and that reading kept when more confident.
// A sheet `width` px wide in its photo (the page's 1000 at 200 dpi), smeared
// there by a line `kernel` px square at `degrees`, out of focus by `sigma`,
// with noise of `noise` grey levels, rectified up to 200 dpi.
cv::Mat SmallSmearedSheet(int width, int kernel_px, double degrees, double sigma, double noise_sd) {
  cv::Mat small, page;
  cv::resize(SmearedPage(1), small, cv::Size(width, width * 6 / 5), 0, 0, cv::INTER_AREA);
  cv::Mat kernel = cv::Mat::zeros(kernel_px, kernel_px, CV_32F);
  const double a = degrees * CV_PI / 180, c = (kernel_px - 1) / 2.0, r = kernel_px / 2.0 - 1;
  cv::line(kernel, cv::Point2d(c - r * std::cos(a), c - r * std::sin(a)),
           cv::Point2d(c + r * std::cos(a), c + r * std::sin(a)), cv::Scalar(1), 1, cv::LINE_AA);
  kernel /= cv::sum(kernel)[0];
  cv::filter2D(small, small, -1, kernel, cv::Point(-1, -1), 0, cv::BORDER_REFLECT);
  cv::GaussianBlur(small, small, cv::Size(0, 0), sigma);
  cv::Mat noise(small.size(), CV_16S), wide;
  cv::RNG(7).fill(noise, cv::RNG::NORMAL, 0, noise_sd);
  small.convertTo(wide, CV_16S);
  wide += noise;
  wide.convertTo(small, CV_8U);
  cv::resize(small, page, cv::Size(1000, 1200), 0, 0, cv::INTER_LINEAR);
  return page;
}

// `page` read poorly (0.5) by an engine that reads it at 0.8 with `low`'s
// smear undone (as a retry undoes it).
struct LowSmearRun {
  LowSmearRun(const cv::Mat& page, const EnhanceOptions& eo, const MotionBlur& low) {
    EnhanceOptions undo = eo;
    undo.bound_noise_gain = true;
    undo.blur = low;
    Enhance(page, undo, &undone);
    ImageEngine engine(0.5f);
    engine.Set(undone.ocr, 0.8f);
    status = EnhanceAndRead(&engine, page, eo, 200, &e, &r, laps.Fn(), 0.9);
  }
  EnhanceResult undone, e;
  OcrResult r;
  Laps laps;
  Status status;
};

TEST(EnhanceAndRead, SmearOfASheetSmallInItsPhotoIsLookedForLowerDown) {
  const cv::Mat page = SmallSmearedSheet(500, 12, 30, 1.5, 3);
  EnhanceOptions eo;
  eo.dpi = 200;
  EnhanceResult first;
  Enhance(page, eo, &first);
  ASSERT_FALSE(first.motion_deblurred);
  ASSERT_FALSE(first.blur.weak);
  const MotionBlur low = EstimateMotionBlur(page, 200, 100);
  ASSERT_TRUE(low.found);
  EXPECT_NEAR(low.length_px, 20, 4);
  const LowSmearRun run(page, eo, low);
  ASSERT_TRUE(run.status.ok());
  EXPECT_EQ(run.laps.enhance, 3) << "first, refocused, the smear undone";
  EXPECT_FLOAT_EQ(run.r.mean_confidence, 0.8f);
  EXPECT_TRUE(Same(run.e.ocr, run.undone.ocr));
  // Read well enough at first, it is not looked at again.
  ImageEngine fair(0.93f);
  Laps once;
  EnhanceResult e;
  OcrResult r;
  ASSERT_TRUE(EnhanceAndRead(&fair, page, eo, 200, &e, &r, once.Fn(), 0.9).ok());
  EXPECT_EQ(once.enhance, 1);
}

// `page`, its smear found at 133 dpi (`found_at_133`) or shown there
// weakly, read poorly (0.5): the smear found at 100 dpi, when it `differs`
// in length from the one tried by more than 1.5 px (the tolerance of
// EnhanceAndRead), is undone by one more retry, whose reading (0.8) wins;
// else there are three Enhances (first, refocused, twice as long).
void ExpectLookedForLowerDown(const cv::Mat& page, bool found_at_133, bool differs) {
  EnhanceOptions eo;
  eo.dpi = 200;
  EnhanceResult first;
  Enhance(page, eo, &first);
  ASSERT_EQ(first.motion_deblurred, found_at_133);
  ASSERT_TRUE(found_at_133 || first.blur.weak);
  const MotionBlur low = EstimateMotionBlur(page, 200, 100);
  ASSERT_TRUE(low.found);
  ASSERT_EQ(std::abs(low.length_px - first.blur.length_px) > 1.5, differs)
      << low.length_px << " vs " << first.blur.length_px;
  const LowSmearRun run(page, eo, low);
  ASSERT_TRUE(run.status.ok());
  if (differs) {
    EXPECT_EQ(run.laps.enhance, 4) << "first, refocused, twice as long, the smear found at 100 dpi undone";
    EXPECT_FLOAT_EQ(run.r.mean_confidence, 0.8f);
    EXPECT_TRUE(Same(run.e.ocr, run.undone.ocr));
  } else {
    EXPECT_EQ(run.laps.enhance, 3) << "first, refocused, twice as long";
  }
}

// A smear shown at 133 dpi on weak evidence only is looked for at 100 dpi
// too: found there otherwise (15.4 px weakly, 8.8 at 100), it is undone by
// one more retry; found the same, it is not tried again.
TEST(EnhanceAndRead, WeakSmearIsLookedForLowerDownToo) {
  {
    SCOPED_TRACE("found otherwise at 100 dpi");
    ExpectLookedForLowerDown(SmallSmearedSheet(600, 10, 150, 0.8, 10), false, true);
  }
  SCOPED_TRACE("found the same");
  ExpectLookedForLowerDown(SmallSmearedSheet(600, 12, 150, 0.8, 10), false, false);
}

// A smear found at 133 dpi and undone, the page still read poorly: found
// otherwise at 100 dpi (its line's end 2 px away), it is undone by one more
// retry; found the same, it is not.
TEST(EnhanceAndRead, FoundSmearReadPoorlyIsLookedForLowerDownToo) {
  {
    SCOPED_TRACE("found otherwise at 100 dpi");
    ExpectLookedForLowerDown(SmallSmearedSheet(500, 12, 10, 0.8, 3), true, true);
  }
  SCOPED_TRACE("found the same");
  ExpectLookedForLowerDown(SmallSmearedSheet(500, 10, 150, 0.8, 3), true, false);
}

// A page shot in dim light at a high ISO: the smeared page's text, grainy.
cv::Mat GrainyPage(const cv::Mat& page) {
  cv::Mat f;
  page.convertTo(f, CV_32F, 0.45);
  cv::Mat noise(f.size(), CV_32F);
  cv::RNG rng(7);
  rng.fill(noise, cv::RNG::NORMAL, 0, 12);
  f += noise;
  cv::Mat out;
  f.convertTo(out, CV_8U);
  return out;
}

// A grainy page read poorly is read once more smoothed wider, and once
// cleaned of its specks by a median first, whether its smear was undone or
// not; the most confident reading is kept with its images. Read
// confidently, or not grainy, it is not.
TEST(EnhanceAndRead, PoorlyReadGrainyPageIsReadSmoothedToo) {
  EnhanceOptions eo;
  eo.dpi = 200;
  for (const bool smeared : {false, true}) {
    const cv::Mat page = GrainyPage(smeared ? SmearedPage() : BlurredPage());
    EnhanceResult first;
    Enhance(page, eo, &first);
    ASSERT_GE(first.noise_level, 10) << "the test page must be grainy";
    ASSERT_EQ(first.motion_deblurred, smeared);
    EnhanceOptions smooth = eo;
    smooth.blur = first.blur;
    smooth.denoise_sigma300 = 1.5;
    EnhanceResult smoothed;
    Enhance(page, smooth, &smoothed);
    ASSERT_FALSE(Same(smoothed.ocr, first.ocr));
    EnhanceOptions despeckle = eo;
    despeckle.blur = first.blur;
    despeckle.bound_noise_gain = true;
    despeckle.grain_median_mm = 0.6;
    EnhanceResult despeckled;
    Enhance(page, despeckle, &despeckled);
    ASSERT_FALSE(Same(despeckled.ocr, first.ocr));
    ASSERT_FALSE(Same(despeckled.ocr, smoothed.ocr));

    // Smeared: read at 0.65, above the bar below which the smear is doubted,
    // so the smoothed and the cleaned readings are the only other ones.
    for (const bool cleaned_best : {false, true}) {
      ImageEngine engine(smeared ? 0.65f : 0.5f);
      engine.Set(smoothed.ocr, 0.8f);
      if (cleaned_best) engine.Set(despeckled.ocr, 0.85f);
      EnhanceResult e;
      OcrResult r;
      Laps laps;
      ASSERT_TRUE(EnhanceAndRead(&engine, page, eo, 200, &e, &r, laps.Fn(), 0.9).ok());
      EXPECT_FLOAT_EQ(r.mean_confidence, cleaned_best ? 0.85f : 0.8f) << smeared;
      EXPECT_TRUE(Same(e.ocr, cleaned_best ? despeckled.ocr : smoothed.ocr))
          << smeared << ": the smear undone once gives what undoing it again gives";
      EXPECT_TRUE(e.deblurred.empty()) << "not kept past the retries";
      EXPECT_EQ(laps.enhance, smeared ? 3 : 4) << "smeared: smoothed and cleaned; else refocused too";
    }
    EXPECT_EQ(first.deblurred.empty(), !smeared);

    ImageEngine confident(0.93f);
    Laps once;
    EnhanceResult e;
    OcrResult r;
    ASSERT_TRUE(EnhanceAndRead(&confident, page, eo, 200, &e, &r, once.Fn(), 0.9).ok());
    EXPECT_EQ(once.enhance, 1) << smeared;
  }
  // The same page without grain, smeared and read at 0.65: read once.
  ImageEngine engine(0.65f);
  EnhanceResult e;
  OcrResult r;
  Laps laps;
  ASSERT_TRUE(EnhanceAndRead(&engine, SmearedPage(), eo, 200, &e, &r, laps.Fn(), 0.9).ok());
  EXPECT_LT(e.noise_level, 10);
  EXPECT_EQ(laps.enhance, 1);
}

// A reading of lines at the given heights (40 px tall, 400 wide), one word
// per line with the given confidence.
OcrResult Reading(const std::vector<std::pair<int, float>>& lines, const std::string& tag) {
  OcrResult r;
  double sum = 0;
  for (const auto& [y, conf] : lines) {
    OcrLine line;
    line.block = 0;
    line.box = cv::Rect(100, y, 400, 40);
    line.text = tag + std::to_string(y);
    line.words.push_back(static_cast<int>(r.words.size()));
    r.words.push_back(OcrWord{line.text, line.box, conf, static_cast<int>(r.lines.size())});
    r.lines.push_back(line);
    sum += conf;
  }
  r.mean_confidence = static_cast<float>(sum / lines.size());
  return r;
}

TEST(MergeReadings, TakesTheMoreConfidentLineInTheSamePlace) {
  OcrResult base = Reading({{100, 0.9f}, {200, 0.6f}, {300, 0.7f}, {400, 0.8f}}, "a");
  // Line 200 read better, 300 a little better (within the margin), 400
  // better but elsewhere (no overlap), and a line the base does not have.
  OcrResult other = Reading({{105, 0.5f}, {202, 0.95f}, {300, 0.71f}, {470, 0.99f}, {600, 0.99f}}, "b");
  base.recognition_cpu_ms = 30;
  MergeReadings(other, &base);
  ASSERT_EQ(base.lines.size(), 4u);
  EXPECT_EQ(base.Text(), "a100\nb202\na300\na400");
  ASSERT_EQ(base.words.size(), 4u);
  for (size_t i = 0; i < base.lines.size(); ++i) {
    ASSERT_EQ(base.lines[i].words.size(), 1u);
    EXPECT_EQ(base.words[static_cast<size_t>(base.lines[i].words[0])].line, static_cast<int>(i));
  }
  EXPECT_NEAR(base.mean_confidence, (0.9 + 0.95 + 0.7 + 0.8) / 4, 1e-6);
  EXPECT_DOUBLE_EQ(base.recognition_cpu_ms, 30);
}

TEST(MergeReadings, OneLineAgainstTwoIsNotMerged) {
  // The other reading split the base's line in two: neither half covers it.
  OcrResult base = Reading({{100, 0.6f}}, "a");
  OcrResult other;
  for (int x : {100, 300}) {
    OcrLine line;
    line.box = cv::Rect(x, 100, 200, 40);
    line.text = "b";
    line.words.push_back(static_cast<int>(other.words.size()));
    other.words.push_back(OcrWord{"b", line.box, 0.99f, static_cast<int>(other.lines.size())});
    other.lines.push_back(line);
  }
  MergeReadings(other, &base);
  EXPECT_EQ(base.Text(), "a100");
}

// One line of the given words (text, x, width, confidence), 40 px tall at y.
OcrResult LineOf(const std::vector<std::tuple<std::string, int, int, float>>& words, int y = 100) {
  OcrResult r;
  OcrLine line;
  line.block = 0;
  double sum = 0;
  for (const auto& [text, x, width, conf] : words) {
    line.words.push_back(static_cast<int>(r.words.size()));
    r.words.push_back(OcrWord{text, cv::Rect(x, y, width, 40), conf, 0});
    line.box |= cv::Rect(x, y, width, 40);
    line.text += (line.text.empty() ? "" : " ") + text;
    sum += conf;
  }
  r.lines.push_back(line);
  r.mean_confidence = static_cast<float>(sum / words.size());
  return r;
}

TEST(MergeReadings, LeaderDotsAloneDoNotReplaceTheirLine) {
  // A retry read the line's dots as a line of their own, confidently; the
  // base read the whole line less so.
  OcrResult base = LineOf({{"Năm", 100, 80, 0.8f}, {"sinh:", 190, 90, 0.8f}, {"1981", 290, 80, 0.8f},
                           {"..................", 380, 1120, 0.9f}});
  OcrResult dots = LineOf({{"..................", 380, 1120, 0.95f}});
  MergeReadings(dots, &base);
  EXPECT_EQ(base.Text(), "Năm sinh: 1981 ..................");
  // A reading of the same words, more confident, does replace it.
  OcrResult better = LineOf({{"Năm", 102, 80, 0.95f}, {"sinh:", 192, 90, 0.95f}, {"1981", 292, 80, 0.95f},
                             {"..................", 380, 1120, 0.5f}});
  MergeReadings(better, &base);
  EXPECT_EQ(base.words[2].confidence, 0.95f);
  // One that read only the first words of it does not.
  OcrResult cut = LineOf({{"Năm", 100, 80, 0.99f}, {"..................", 190, 1310, 0.99f}});
  MergeReadings(cut, &base);
  EXPECT_EQ(base.Text(), "Năm sinh: 1981 ..................");
}

}  // namespace
}  // namespace hoso

namespace hoso {
namespace {

// Rows of text at 200 dpi on grainy paper: each printed row is found once,
// covering its ink, and the grain alone makes no row.
TEST(TextRows, FindsEachPrintedRowOnGrainyPaper) {
  cv::Mat page(1200, 1654, CV_8UC1, cv::Scalar(255));
  cv::RNG rng(7);
  for (size_t i = 0; i < page.total() / 25; ++i) page.at<uint8_t>(rng.uniform(0, page.rows), rng.uniform(0, page.cols)) = 90;
  cv::Mat blank = page.clone();
  const std::vector<int> baselines = {200, 260, 320, 520, 580};
  for (int y : baselines) {
    cv::putText(page, "Ho, chu dem, ten nguoi yeu cau: NGUYEN VAN AN", cv::Point(120, y), cv::FONT_HERSHEY_SIMPLEX, 1.0,
                cv::Scalar(20), 2);
  }
  const std::vector<cv::Rect> rows = TextRows(page, 200);
  ASSERT_EQ(rows.size(), baselines.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    EXPECT_LE(rows[i].y, baselines[i] - 20) << i;  // the capitals' tops
    EXPECT_GE(rows[i].br().y, baselines[i]) << i;
    EXPECT_LE(rows[i].x, 120) << i;
    EXPECT_LT(rows[i].height, 60) << i;  // one row, not two
  }
  EXPECT_TRUE(TextRows(blank, 200).empty());
}

// An engine that reads each row image as one word whose text is the row's
// height in pixels, boxed over the whole image.
class RowEngine : public OcrEngine {
 public:
  Status Recognize(const cv::Mat&, int, OcrResult*) override { return Status::Error("unused", ""); }
  Status RecognizeLine(const cv::Mat& gray, int, OcrResult* out) override {
    *out = OcrResult();
    out->words.push_back({std::to_string(gray.rows), cv::Rect(0, 0, gray.cols, gray.rows), 0.5f, 0});
    out->lines.push_back({out->words[0].text, out->words[0].box, 0, {0}});
    out->mean_confidence = 0.5f;
    out->recognition_cpu_ms = 3;
    return Status::Ok();
  }
};

TEST(ReadByRows, OneLinePerRowInThePagesPixels) {
  cv::Mat page(900, 1654, CV_8UC1, cv::Scalar(255));
  for (int y : {200, 400}) {
    cv::putText(page, "Noi cu tru: so 12 duong Le Loi", cv::Point(150, y), cv::FONT_HERSHEY_SIMPLEX, 1.0, cv::Scalar(0), 2);
  }
  RowEngine engine;
  OcrResult r;
  ReadByRows(&engine, page, 200, &r);
  const std::vector<cv::Rect> rows = TextRows(page, 200);
  ASSERT_EQ(rows.size(), 2u);
  ASSERT_EQ(r.lines.size(), 2u);
  for (size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(r.lines[i].box, rows[i]);
    EXPECT_EQ(r.words[r.lines[i].words[0]].line, static_cast<int>(i));
    EXPECT_EQ(r.lines[i].text, std::to_string(rows[i].height));
  }
  EXPECT_DOUBLE_EQ(r.recognition_cpu_ms, 6);
  EXPECT_FLOAT_EQ(r.mean_confidence, 0.5f);
}

}  // namespace
}  // namespace hoso
