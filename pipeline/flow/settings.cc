#include "pipeline/flow/settings.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include "pipeline/core/image.h"
#include "pipeline/core/image_memory.h"
#include "pipeline/core/util.h"
#include "pipeline/enhance/enhance.h"
#include "pipeline/write/pdf.h"

namespace hoso {

namespace fs = std::filesystem;

namespace {

std::string ExeDir() {
  std::error_code ec;
  fs::path p = fs::read_symlink("/proc/self/exe", ec);
  return ec ? std::string() : p.parent_path().string();
}

// The Gaussian deconvolved, sigma in pixels at 200 dpi. Generated hard
// photos (k777, 28 pages, the more confident of the two readings kept):
// mean CER from 0.177 to 0.154 with 2.2, 0.149 with 2.8, 0.157 with 3.4.
constexpr double kRefocusSigma200 = 2.8;
// MergeReadings: lines are the same line when their boxes overlap by more
// than this (intersection over union; half a line is not the line); the
// other reading's replaces the base's when its words read more confidently
// by this margin. Generated hard photos (k777, 28 pages): mean CER 0.1435
// -> 0.1425 (0.1417 at an overlap of 0.5, which took half lines for lines).
constexpr double kMergeMinOverlap = 0.7;
constexpr double kMergeMargin = 0.02;
// ... and when its words span this much of the base's words' width (a line
// cut short, or its dots alone, is no better reading of the line).
constexpr double kMergeMinSpan = 0.85;
// A page deblurred for a motion smear whose words then read below this
// confidence is read again with the smear taken twice as long, and without
// undoing a smear (refocused instead); the most confident reading is kept.
// A wrong estimate leaves every stroke doubled and the reading is noise.
// The usual wrong estimate is half the smear's length: the spectrum's first
// zero was lost (noise, the text lines' own pitch) and the second taken for
// it (k777 d0041/1: 0.24 -> 0.73, p3141 d0002/1: 0.42 -> 0.87). Pages whose
// smear was rightly undone read above 0.6 in the generated sets, so they
// cost nothing more. The words are those with a letter or digit
// (OcrResult::WordConfidence): deconvolution turns the paper's grain into
// specks that OCR reads, confidently, as rows of dots (q8080 d0029/2, a
// held-out set: 0.72 over all its words, 0.24 over these).
constexpr double kUndoSmearBelow = 0.6;
// A grainy page (kGrainyNoiseLevel, enhance.h) that read below
// second_reading_below is also read smoothed at
// this sigma (pixels at 300 dpi) instead of the usual one, whose speckle
// breaks strokes apart. Every hard-photo page of nine generated sets (five
// tuned, four held out), re-run: net +22 fields of 3561 (k777 +9, x9797 +6,
// p3141 +5, u5353 +4; h5150 -3, u6464 -1). Always smoothing such pages
// this wide instead: h5150 loses more (d0050, 2 -> 7 errors).
constexpr double kGrainySigma300 = 1.5;
// ... and read once more cleaned first by a median this wide (mm; 5 px at
// 200 dpi: EnhanceOptions::grain_median_mm), before its smear is undone.
// Hard photos of ten generated sets (3228 fields): 2864 -> 2881 right,
// k3131 d0029 and d0032 (layout analysis had lost half their lines to
// the grain) 35 fields wrong -> 22; +1 Enhance and reading per such page.
constexpr double kGrainMedianMm = 0.6;
// A page read poorly whose smear the spectrum at 133 dpi does not show is
// looked at again at this resolution (EstimateMotionBlur's analysis_dpi):
// a sheet filling a quarter of its photo holds ~100 dpi of detail, and
// its smear reads true only there (c8383 d0035/2, a held-out set: a
// residence form unrecognised at 0.21, found at 0.46). Hard photos of
// fourteen generated sets (4405 fields): +4 right, none lost; the smear is
// found on 11 of 140 pages looked at, one more retry each.
constexpr double kLowDetailDpi = 100.0;
// A smear found there that is one already tried (the one found or shown
// weakly at 133 dpi, or its double): its line's end within this many
// pixels at 200 dpi of the other's. Deconvolution is that exact: z6802
// d0020/1 read at 0.66 undone at 12.1 px, at 0.87 at 9.7 px.
constexpr double kSameSmearPx200 = 1.5;
// ReadPageEitherWayUp: the page turned half round is taken when its plain
// reading's words beat the upright page's by this much.
constexpr double kTurnedMargin = 0.15;

// A reading not kept as it stands, for the forms stage (`others`, when
// given); its CPU is counted in the kept one's.
void KeepOther(OcrResult reading, std::vector<OcrResult>* others) {
  if (!others) return;
  reading.recognition_cpu_ms = 0;
  others->push_back(std::move(reading));
}

// Appends `line` with `words` (their `line` set, indices renumbered) to
// `out`: with the line's own text and box when it has them, else the
// words' (joined by spaces, their union). Returns the words' confidence
// sum.
double AppendLine(OcrLine line, std::vector<OcrWord> words, OcrResult* out) {
  const bool derive = line.text.empty();
  line.words.clear();
  double sum = 0;
  for (OcrWord& w : words) {
    w.line = static_cast<int>(out->lines.size());
    if (derive) {
      line.box = line.words.empty() ? w.box : (line.box | w.box);
      line.text += (line.text.empty() ? "" : " ") + w.text;
    }
    line.words.push_back(static_cast<int>(out->words.size()));
    sum += w.confidence;
    out->words.push_back(std::move(w));
  }
  out->lines.push_back(std::move(line));
  return sum;
}

// Intersection over union of two boxes (0 when they do not meet).
double Iou(const cv::Rect& a, const cv::Rect& b) {
  const double inter = (a & b).area();
  return inter <= 0 ? 0.0 : inter / (a.area() + b.area() - inter);
}

// mean_confidence as the mean of `r`'s words' confidences (`sum` of them).
void SetMeanConfidence(double sum, OcrResult* r) {
  r->mean_confidence = r->words.empty() ? 0.f : static_cast<float>(sum / static_cast<double>(r->words.size()));
}

}  // namespace

std::string FindModelsDir(const std::string& configured) {
  if (!configured.empty()) return configured;
  if (const char* env = std::getenv("HOSO_MODELS_DIR"); env && *env) return env;
  std::error_code ec;
  std::string exe = ExeDir();
  for (const std::string& c : {exe + "/../share/hoso/models", exe + "/../../models",
                               std::string(HOSO_INSTALL_MODELS_DIR), std::string(HOSO_SOURCE_MODELS_DIR)}) {
    if (!exe.empty() && fs::is_directory(c + "/forms", ec)) return fs::weakly_canonical(c, ec).string();
  }
  return HOSO_SOURCE_MODELS_DIR;
}

void UsePipelineOpenCv(const Options& options) {
  cv::setNumThreads(1);
  if (options.pool_image_memory) UseImageMemoryPool();
}

GeometryOptions PipelineGeometryOptions(const Options& options) {
  GeometryOptions go;
  go.output_dpi = options.output_dpi;
  go.tessdata_dir = options.tessdata_dir;
  go.needs_colour = PageHasColourInk;
  return go;
}

std::string PipelinePdfFont(const Options& options, const std::string& models_dir) {
  return options.pdf_font.empty() ? TextLayerFont(models_dir) : options.pdf_font;
}

Status ReadEnhancedPage(OcrEngine* engine, const EnhanceResult& enhanced, int dpi, OcrResult* out,
                        std::vector<OcrResult>* others) {
  Status st = engine->Recognize(enhanced.ocr, dpi, out);
  if (!st.ok() || enhanced.ocr_alternative.empty()) return st;
  OcrResult second;
  if (!engine->Recognize(enhanced.ocr_alternative, dpi, &second).ok()) return st;  // the first reading stands
  const double both = out->recognition_cpu_ms + second.recognition_cpu_ms;
  if (second.mean_confidence > out->mean_confidence) std::swap(*out, second);
  out->recognition_cpu_ms = both;
  KeepOther(std::move(second), others);
  return st;
}

std::vector<cv::Rect> TextRows(const cv::Mat& image, int dpi) {
  // At 100 dpi: ink darker than 160, smeared along the row over ~4 mm so
  // that a line of text is a solid band and a speck is diluted.
  const double f = 100.0 / dpi;
  const cv::Size size(std::max(1, static_cast<int>(image.cols * f)), std::max(1, static_cast<int>(image.rows * f)));
  cv::Mat small = ShrinkArea(image, size, cv::INTER_AREA), ink, smear;
  cv::threshold(small, ink, 160, 1.0, cv::THRESH_BINARY_INV);
  ink.convertTo(ink, CV_32F);
  cv::blur(ink, smear, cv::Size(15, 1));
  std::vector<int> profile(static_cast<size_t>(smear.rows), 0);
  for (int y = 0; y < smear.rows; ++y) {
    const float* row = smear.ptr<float>(y);
    int n = 0;
    for (int x = 0; x < smear.cols; ++x) n += row[x] > 0.3f ? 1 : 0;
    profile[static_cast<size_t>(y)] = n;
  }
  // A row of text: at least an eighth of the ink of the page's fullest
  // rows (the 90th percentile), and 2% of the width (a page of grain).
  std::vector<int> sorted = profile;
  std::sort(sorted.begin(), sorted.end());
  const int high = sorted[sorted.size() * 9 / 10];
  const int threshold = std::max(size.width / 50, high / 8);
  std::vector<cv::Rect> rows;
  int y = 0;
  while (y < smear.rows) {
    if (profile[static_cast<size_t>(y)] < threshold) {
      ++y;
      continue;
    }
    int y0 = y;
    while (y < smear.rows && profile[static_cast<size_t>(y)] >= threshold) ++y;
    // 1.3 to 11 mm: a row of small print to a title; taller bands are
    // pictures, stamps or rows run together by the blur.
    const int h = y - y0;
    if (h < 5 || h > 45) continue;
    int x0 = smear.cols, x1 = -1;
    for (int yy = y0; yy < y; ++yy) {
      const float* row = smear.ptr<float>(yy);
      for (int x = 0; x < smear.cols; ++x) {
        if (row[x] > 0.3f) x0 = std::min(x0, x), x1 = std::max(x1, x);
      }
    }
    if (x1 - x0 < 10) continue;
    const int pad = std::max(2, h * 4 / 10);
    cv::Rect r(static_cast<int>((x0 - pad) / f), static_cast<int>((y0 - pad) / f),
               static_cast<int>((x1 - x0 + 1 + 2 * pad) / f), static_cast<int>((h + 2 * pad) / f));
    r &= cv::Rect(0, 0, image.cols, image.rows);
    if (!r.empty()) rows.push_back(r);
  }
  return rows;
}

void ReadByRows(OcrEngine* engine, const cv::Mat& image, int dpi, OcrResult* out) {
  *out = OcrResult();
  double sum = 0;
  for (const cv::Rect& crop : TextRows(image, dpi)) {
    OcrResult r;
    if (!engine->RecognizeLine(image(crop), dpi, &r).ok()) continue;
    out->recognition_cpu_ms += r.recognition_cpu_ms;
    if (r.words.empty()) continue;
    for (OcrWord& w : r.words) w.box += crop.tl();
    OcrLine line;
    line.block = 0;
    sum += AppendLine(std::move(line), std::move(r.words), out);
  }
  SetMeanConfidence(sum, out);
}

Status EnhanceAndRead(OcrEngine* engine, const cv::Mat& page, const EnhanceOptions& options, int dpi,
                      EnhanceResult* enhanced, OcrResult* out, const StageLap& lap, double second_reading_below,
                      std::vector<OcrResult>* others, const ReadingRunner& runner) {
  // Every Enhance and reading is timed on the thread that runs it; the
  // laps are told at the end, the calling thread's other time with the last.
  struct Lap {
    bool enhance = false;
    double wall = 0, cpu = 0;
    bool on_caller = false;  // run on the calling thread
  };
  std::vector<Lap> laps;
  StageClock whole;
  const std::thread::id caller = std::this_thread::get_id();
  auto timed = [&](bool enhance, StageClock* clock) {
    Lap l{enhance};
    clock->Lap(&l.wall, &l.cpu);
    l.on_caller = std::this_thread::get_id() == caller;
    return l;
  };
  // The deblurred page is only for the retries below: not kept past them.
  Status st;
  auto done = [&] {
    enhanced->deblurred.release();
    enhanced->deblurred_alternative.release();
    if (lap) {
      double wall = 0, cpu = 0;
      whole.Lap(&wall, &cpu);
      for (const Lap& l : laps) {
        if (l.on_caller) wall -= l.wall, cpu -= l.cpu;
      }
      laps.back().wall += std::max(0.0, wall);
      laps.back().cpu += std::max(0.0, cpu);
      for (const Lap& l : laps) lap(l.enhance, l.wall, l.cpu);
    }
    return st;
  };
  {
    StageClock clock;
    Enhance(page, options, enhanced);
    laps.push_back(timed(true, &clock));
    st = ReadEnhancedPage(engine, *enhanced, dpi, out, others);
    laps.push_back(timed(false, &clock));
  }
  if (!st.ok() || out->words.empty()) return done();
  // A page too poorly read to be read at all (kUnreadablePageConfidence)
  // is read again row by row (TextRows), its layout analysis left aside:
  // a grainy page's analysis can take the title's row for pieces of two
  // (f7171 d0002/1, "ở KHAI ĐĂNG KÝ KRM SH"; read alone, "TỜ KHAIL ĐĂNG
  // KỶ RKHAI SINH"). The more confident reading is kept, with the other's
  // more confident lines merged in; the other goes to the forms stage.
  auto read_rows = [&] {
    if (out->PageConfidence() >= kUnreadablePageConfidence) return;
    StageClock clock;
    OcrResult rows;
    ReadByRows(engine, enhanced->ocr, dpi, &rows);
    const double cpu = out->recognition_cpu_ms + rows.recognition_cpu_ms;
    if (!rows.words.empty()) {
      if (rows.WordConfidence() > out->WordConfidence()) std::swap(*out, rows);
      MergeReadings(rows, out);
      KeepOther(std::move(rows), others);
    }
    out->recognition_cpu_ms = cpu;
    laps.push_back(timed(false, &clock));
  };
  // A page that still reads poorly is also read as sparse text (the OCR
  // image of the enhancement kept), one more of the forms stage's other readings
  // (OcrEngine::RecognizeSparse): a grainy photo's page layout analysis
  // drops whole lines of the form, which the sparse search finds. Hard
  // photos of nine generated sets (2832 fields): 88.7% -> 89.3% right,
  // no set worse; +22% of their Tesseract time.
  auto read_sparse = [&] {
    if (!others || out->mean_confidence >= second_reading_below) return done();
    StageClock clock;
    OcrResult sparse;
    if (engine->RecognizeSparse(enhanced->ocr, dpi, &sparse).ok()) {
      out->recognition_cpu_ms += sparse.recognition_cpu_ms;
      KeepOther(std::move(sparse), others);
    }
    laps.push_back(timed(false, &clock));
    return done();
  };
  // What every page ends with: its rows when unreadable, then sparse text.
  auto last_readings = [&] {
    read_rows();
    return read_sparse();
  };
  // A deblurred page is judged, and its readings compared, by their words.
  const double words = out->WordConfidence();
  const bool smear_doubtful =
      enhanced->motion_deblurred && words < kUndoSmearBelow && words < second_reading_below;
  const bool refocus_it = enhanced->motion_deblurred ? smear_doubtful : out->mean_confidence < second_reading_below;
  // A smear shown on weak evidence is undone by the refocusing retry (see
  // Enhance); on a page that read very poorly, also at twice its length,
  // the usual wrong estimate as for a smear found.
  const bool weak_smear = refocus_it && !enhanced->motion_deblurred && enhanced->blur.weak && words < kUndoSmearBelow;
  const bool grainy = enhanced->noise_level >= kGrainyNoiseLevel && out->mean_confidence < second_reading_below;
  if (!refocus_it && !grainy) return last_readings();
  auto confidence = [&](const OcrResult& r) { return smear_doubtful ? r.WordConfidence() : r.mean_confidence; };
  std::vector<EnhanceOptions> retries;
  EnhanceOptions retry_options = options;
  retry_options.bound_noise_gain = true;  // the first reading's deconvolution stands
  if (refocus_it) {
    EnhanceOptions refocus = retry_options;
    refocus.focus_sigma_px = kRefocusSigma200 * dpi / 200.0;
    refocus.blur = enhanced->blur;  // the same page: its smear estimate stands
    auto twice_as_long = [](MotionBlur b) {
      b.length_px *= 2;
      b.profile_length_px *= 2;
      return b;
    };
    if (enhanced->motion_deblurred) {
      EnhanceOptions twice = retry_options;
      twice.blur = twice_as_long(enhanced->blur);
      retries.push_back(twice);
      refocus.blur = MotionBlur();  // undoing the smear is what read so poorly
    }
    retries.push_back(refocus);
    if (weak_smear) {
      EnhanceOptions twice = refocus;  // refocusing: the weak smear is undone
      twice.blur = twice_as_long(enhanced->blur);
      retries.push_back(twice);
    }
  }
  // A smear its spectrum at the usual resolution does not show may still
  // be there on a sheet small in its photo, rectified up from less detail
  // than that: looked for at kLowDetailDpi, and undone by one more retry.
  // So is one shown there on weak evidence only, often a harmonic of the
  // smear or its first zero lost in noise (y3579 d0023/1: weak, 6.6 px at
  // 133 dpi; found, 18.2 px at 100, as the photo shows): unless what is
  // found there is that smear or its double, already tried. And so is one
  // found at 133 dpi and undone, the page still read poorly: there too the
  // spectrum may have shown a harmonic (z6802 d0020/1: found 6.0 px at 133
  // dpi, read at 0.37, at twice that 0.66; 9.7 px at 100 dpi, read at 0.86).
  if (refocus_it) {
    cv::Mat gray = page;
    if (page.channels() == 3) cv::cvtColor(page, gray, cv::COLOR_BGR2GRAY);
    const MotionBlur low = EstimateMotionBlur(gray, dpi, kLowDetailDpi);
    // Whether `low` is the smear of the first Enhance (found or weak)
    // `times` as long: the two as lines from the origin (angles a
    // half-turn apart are the same line), their ends kSameSmearPx200 apart.
    auto tried = [&](double times) {
      const double length = enhanced->blur.length_px * times;
      const double turn = std::remainder(low.angle_deg - enhanced->blur.angle_deg, 180.0) * CV_PI / 180.0;
      const double apart = std::hypot(low.length_px * std::cos(turn) - length, low.length_px * std::sin(turn));
      return apart <= kSameSmearPx200 * dpi / 200.0;
    };
    const bool smear_tried = enhanced->motion_deblurred || enhanced->blur.weak;
    const bool twice_tried = enhanced->motion_deblurred || weak_smear;
    if (low.found && !(smear_tried && (tried(1) || (twice_tried && tried(2))))) {
      EnhanceOptions smear = retry_options;
      smear.blur = low;
      retries.push_back(smear);
    }
  }
  if (grainy) {
    EnhanceOptions smooth = retry_options;
    smooth.blur = enhanced->blur;
    smooth.deblurred = enhanced->deblurred;  // the same smear, undone once
    smooth.deblurred_alternative = enhanced->deblurred_alternative;
    smooth.denoise_sigma300 = kGrainySigma300;
    retries.push_back(smooth);
    // And cleaned of its specks first, its smear (the same estimate)
    // undone again on the cleaned page.
    EnhanceOptions despeckled = retry_options;
    despeckled.blur = enhanced->blur;
    despeckled.grain_median_mm = kGrainMedianMm;
    retries.push_back(despeckled);
  }
  // The retries, each read on its own (at once when the runner can), then
  // merged in turn.
  struct Retry {
    EnhanceResult enhanced;
    OcrResult reading;
    std::vector<OcrResult> others;  // its second image's reading, if any
    bool read = false;
    Lap enhance_lap, read_lap;
  };
  std::vector<Retry> done_retries(retries.size());
  auto retry = [&](size_t i, OcrEngine* e) {
    Retry& r = done_retries[i];
    StageClock clock;
    Enhance(page, retries[i], &r.enhanced);
    r.enhanced.deblurred.release();
    r.enhanced.deblurred_alternative.release();
    r.enhance_lap = timed(true, &clock);
    r.read = e != nullptr && ReadEnhancedPage(e, r.enhanced, dpi, &r.reading, others ? &r.others : nullptr).ok();
    r.enhanced.ocr_alternative.release();  // read: the retries wait for their merge with less held
    r.read_lap = timed(false, &clock);
  };
  if (runner) {
    runner(retries.size(), retry);
  } else {
    for (size_t i = 0; i < retries.size(); ++i) retry(i, engine);
  }
  double recognition_ms = out->recognition_cpu_ms;
  for (Retry& r : done_retries) {
    laps.push_back(r.enhance_lap);
    laps.push_back(r.read_lap);
    if (!r.read) continue;  // the reading so far stands
    for (OcrResult& o : r.others) KeepOther(std::move(o), others);
    recognition_ms += r.reading.recognition_cpu_ms;
    if (confidence(r.reading) > confidence(*out)) {
      std::swap(*out, r.reading);
      *enhanced = std::move(r.enhanced);
    }
    MergeReadings(r.reading, out);
    KeepOther(std::move(r.reading), others);
  }
  out->recognition_cpu_ms = recognition_ms;
  return last_readings();
}

Status ReadPageEitherWayUp(OcrEngine* engine, const cv::Mat& page, const EnhanceOptions& options, int dpi,
                           EnhanceResult* enhanced, OcrResult* out, int* turns, const StageLap& lap,
                           double second_reading_below, std::vector<OcrResult>* others, const ReadingRunner& runner) {
  *turns = 0;
  Status st = EnhanceAndRead(engine, page, options, dpi, enhanced, out, lap, second_reading_below, others, runner);
  if (!st.ok() || out->words.empty() || out->PageConfidence() >= kUnreadablePageConfidence) return st;
  // Upside down, a page's words read as nothing: the turned page read
  // plainly must beat the upright one with all its retries, by a margin.
  const cv::Mat turned = TurnQuarters(page, 2);
  {
    StageClock clock;
    EnhanceResult e;
    Enhance(turned, options, &e);
    double wall = 0, cpu = 0;
    clock.Lap(&wall, &cpu);
    if (lap) lap(true, wall, cpu);
    OcrResult probe;
    const Status read = ReadEnhancedPage(engine, e, dpi, &probe);
    clock.Lap(&wall, &cpu);
    if (lap) lap(false, wall, cpu);
    out->recognition_cpu_ms += probe.recognition_cpu_ms;
    if (!read.ok() || probe.WordConfidence() < out->WordConfidence() + kTurnedMargin) return st;
  }
  const double cpu_so_far = out->recognition_cpu_ms;
  EnhanceResult e;
  OcrResult r;
  std::vector<OcrResult> o;
  // (Should that fail, the upright reading stands.)
  if (!EnhanceAndRead(engine, turned, options, dpi, &e, &r, lap, second_reading_below, others ? &o : nullptr, runner)
           .ok())
    return st;
  r.recognition_cpu_ms += cpu_so_far;
  *enhanced = std::move(e);
  *out = std::move(r);
  if (others) *others = std::move(o);
  *turns = 2;
  return st;
}

void KeepRepeatedLinesOnce(OcrResult* r) {
  auto mean = [&](const OcrLine& l) {
    double sum = 0;
    for (int wi : l.words) sum += r->words[static_cast<size_t>(wi)].confidence;
    return l.words.empty() ? 0.0 : sum / static_cast<double>(l.words.size());
  };
  // Per line kept: the line of `r` that stands there.
  std::vector<int> kept;
  for (int li = 0; li < static_cast<int>(r->lines.size()); ++li) {
    const OcrLine& line = r->lines[static_cast<size_t>(li)];
    int same = -1;
    for (size_t k = 0; k < kept.size() && same < 0; ++k) {
      const OcrLine& other = r->lines[static_cast<size_t>(kept[k])];
      int shared = 0;
      for (int wi : line.words)
        for (int wj : other.words)
          if (Iou(r->words[static_cast<size_t>(wi)].box, r->words[static_cast<size_t>(wj)].box) > 0.5) {
            ++shared;
            break;
          }
      if (2 * shared > static_cast<int>(line.words.size())) same = static_cast<int>(k);
    }
    if (same < 0) kept.push_back(li);
    else if (mean(line) > mean(r->lines[static_cast<size_t>(kept[static_cast<size_t>(same)])])) kept[static_cast<size_t>(same)] = li;
  }
  if (kept.size() == r->lines.size()) return;
  OcrResult out;
  out.recognition_cpu_ms = r->recognition_cpu_ms;
  double sum = 0;
  for (int li : kept) {
    const OcrLine& line = r->lines[static_cast<size_t>(li)];
    std::vector<OcrWord> words;
    for (int wi : line.words) words.push_back(r->words[static_cast<size_t>(wi)]);
    sum += AppendLine(line, std::move(words), &out);
  }
  SetMeanConfidence(sum, &out);
  *r = std::move(out);
}

Status ReadPlainAnyWayUp(OcrEngine* engine, cv::Mat* gray, int dpi, OcrResult* out, int* turns) {
  *turns = 0;
  Status st = engine->Recognize(*gray, dpi, out);
  if (!st.ok()) return st;
  if (out->PageConfidence() < kUnreadablePageConfidence) {
    double wanted = out->WordConfidence() + kTurnedMargin;
    cv::Mat kept;
    for (int k : {2, 1, 3}) {
      cv::Mat turned = TurnQuarters(*gray, k);
      OcrResult r;
      if (!engine->Recognize(turned, dpi, &r).ok()) continue;
      const double cpu = out->recognition_cpu_ms + r.recognition_cpu_ms;
      out->recognition_cpu_ms = cpu;
      if (r.WordConfidence() >= wanted) {
        wanted = r.WordConfidence() + kTurnedMargin;
        *out = std::move(r);
        out->recognition_cpu_ms = cpu;
        kept = std::move(turned);
        *turns = k;
      }
    }
    if (*turns != 0) *gray = kept;
  }
  KeepRepeatedLinesOnce(out);
  return st;
}

void MergeReadings(const OcrResult& other, OcrResult* base) {
  // A line is judged by its words with a letter or digit: leader dots are
  // read confidently whatever else the line holds, and a reading that cut a
  // line's dots off as a line of their own would otherwise replace the
  // whole line by them.
  auto content = [](const OcrResult& r, const OcrLine& l, double* confidence) {
    double sum = 0;
    int n = 0;
    int x0 = INT_MAX, x1 = INT_MIN;
    for (int w : l.words) {
      const OcrWord& word = r.words[static_cast<size_t>(w)];
      if (!HasLetterOrDigit(word.text)) continue;
      sum += word.confidence;
      ++n;
      x0 = std::min(x0, word.box.x);
      x1 = std::max(x1, word.box.x + word.box.width);
    }
    *confidence = n ? sum / n : 0.0;
    return n ? std::make_pair(x0, x1) : std::make_pair(0, 0);
  };
  // The other line stands for the base's when its words read more
  // confidently and span the base's words (at least kMergeMinSpan of them).
  auto better = [&](const OcrLine& mine, const OcrLine& theirs) {
    double c_mine = 0, c_theirs = 0;
    const auto [a0, a1] = content(*base, mine, &c_mine);
    const auto [b0, b1] = content(other, theirs, &c_theirs);
    if (c_theirs <= c_mine + kMergeMargin) return false;
    if (a1 <= a0) return true;  // the base's line has no letters or digits
    const int covered = std::min(a1, b1) - std::max(a0, b0);
    return covered >= kMergeMinSpan * (a1 - a0);
  };
  // Each line's best match in the other reading, both ways.
  auto best_match = [&](const OcrLine& l, const std::vector<OcrLine>& in) {
    int best = -1;
    double best_iou = kMergeMinOverlap;
    for (size_t i = 0; i < in.size(); ++i) {
      const double o = Iou(l.box, in[i].box);
      if (o > best_iou) best_iou = o, best = static_cast<int>(i);
    }
    return best;
  };
  OcrResult merged;
  merged.recognition_cpu_ms = base->recognition_cpu_ms;
  bool changed = false;
  for (const OcrLine& line : base->lines) {
    const OcrResult* from = base;
    const OcrLine* chosen = &line;
    const int j = best_match(line, other.lines);
    if (j >= 0 && &base->lines[static_cast<size_t>(best_match(other.lines[static_cast<size_t>(j)], base->lines))] == &line &&
        better(line, other.lines[static_cast<size_t>(j)])) {
      from = &other;
      chosen = &other.lines[static_cast<size_t>(j)];
      changed = true;
    }
    OcrLine out_line = *chosen;
    out_line.block = line.block;
    out_line.words.clear();
    for (int w : chosen->words) {
      OcrWord word = from->words[static_cast<size_t>(w)];
      word.line = static_cast<int>(merged.lines.size());
      out_line.words.push_back(static_cast<int>(merged.words.size()));
      merged.words.push_back(std::move(word));
    }
    merged.lines.push_back(std::move(out_line));
  }
  if (!changed) return;
  double sum = 0;
  for (const OcrWord& w : merged.words) sum += w.confidence;
  merged.mean_confidence = merged.words.empty() ? 0.f : static_cast<float>(sum / static_cast<double>(merged.words.size()));
  *base = std::move(merged);
}

}  // namespace hoso
