// The stages' settings as hoso::Processor derives them from hoso::Options,
// and how it hands one stage's output to the next where that is more than a
// call (ReadEnhancedPage), in one place, so that the tools in bench/ that
// run stages one by one run them exactly as the pipeline does.
#ifndef HOSO_PIPELINE_FLOW_SETTINGS_H_
#define HOSO_PIPELINE_FLOW_SETTINGS_H_

#include <functional>
#include <string>

#include "hoso/options.h"
#include "pipeline/enhance/enhance.h"
#include "pipeline/geometry/geometry.h"
#include "pipeline/ocr/ocr.h"

namespace hoso {

// models/: `configured`, else $HOSO_MODELS_DIR, else next to the executable
// (installed or build tree), else the source tree this library was built
// from.
std::string FindModelsDir(const std::string& configured);

// OpenCV as the pipeline runs its stages, process-wide: one thread per
// stage (parallelism is across pages; OpenCV's own TBB loops would otherwise
// let a worker pick up another page while inside a stage and re-enter its
// per-thread engines), and large buffers from the image memory pool
// (pipeline/core/image_memory.h) when Options::pool_image_memory. Tools that
// time a stage alone call it too, so that they time what the pipeline runs.
void UsePipelineOpenCv(const Options& options);

// Geometry as the pipeline runs it: the output resolution, the tessdata
// directory, and the colour question asked before the warp.
GeometryOptions PipelineGeometryOptions(const Options& options);

// The PDF text layer's font: Options::pdf_font, else the glyphless font in
// `models_dir` (else empty: an installed font is chosen).
std::string PipelinePdfFont(const Options& options, const std::string& models_dir);

// The OCR of an enhanced page as the pipeline does it: EnhanceResult::ocr,
// and when Enhance made one, ocr_alternative too, keeping the reading with
// the higher mean word confidence. `out->recognition_cpu_ms` counts both.
// The other reading, if any, is appended to `others` when given.
Status ReadEnhancedPage(OcrEngine* engine, const EnhanceResult& enhanced, int dpi, OcrResult* out,
                        std::vector<OcrResult>* others = nullptr);

// An Enhance or a reading of a page took `wall_ms` and `cpu_ms` (of the
// thread that ran it): for the caller's stage clocks.
using StageLap = std::function<void(bool enhance, double wall_ms, double cpu_ms)>;

// Runs body(i, engine) for every i in [0, n) and returns when all are done:
// each with an engine that no other body uses at the same time (nullptr if
// the running thread has none: that body's reading fails). The pipeline
// runs them at once on whichever of its workers are idle, each with its own
// engine; without a runner they run in turn on the calling thread with its
// engine.
using ReadingRunner = std::function<void(size_t n, const std::function<void(size_t i, OcrEngine* engine)>& body)>;

// Enhance and OCR of an upright page (`page` at `dpi`) as the pipeline does
// them. A page read with a mean confidence below `second_reading_below`
// (Options::second_reading_below; a hard photo) that showed no motion smear
// is taken to be out of focus: it is enhanced again with a focus
// deconvolution and read again. A page whose motion smear was undone and
// that still read very poorly (below 0.6) is read twice more: with the
// smear taken twice as long (its spectrum's second zero taken for the
// first), and refocused without undoing a smear. A page whose smear the
// spectrum shows on weak evidence only (MotionBlur::weak) has it undone by
// the refocusing retry; when it read very poorly, also at twice its
// length. Every page due for one of these retries has its spectrum looked
// at again at a lower resolution (a sheet small in its photo, or a
// harmonic taken for its smear), and a smear found there that is none of
// those already tried is undone by one more retry. A grainy page (dim
// light, high ISO: EnhanceResult::noise_level >= 10) read below
// `second_reading_below`, deblurred or not, is also read once more smoothed
// wider (EnhanceOptions::denoise_sigma300 1.5), and once cleaned of its
// specks by a median before its smear is undone again
// (EnhanceOptions::grain_median_mm). The most confident
// reading is kept, with the enhanced images it was read from, and the
// others' more confident lines merged into it (MergeReadings).
// The retries do not depend on each other: `runner` may run them at once
// (the result is the same, merged in the same order, whichever thread read
// what). `out->recognition_cpu_ms` counts every reading. `lap` is told
// of each Enhance and each reading (one reading: both images of
// ReadEnhancedPage), after the last; the last reading's lap also carries
// what the calling thread spent here outside them (merging, waiting for
// retries run elsewhere). Every
// reading that is not `out` as it stands (each image's, before merging) is
// appended to `others` when given: the forms stage takes a field from one
// of them when `out`'s reading of it is missing or invalid. With `others`
// given, a page whose kept reading is still below `second_reading_below`
// is also read as sparse text (OcrEngine::RecognizeSparse, on the OCR
// image of the enhancement kept, `enhanced->ocr`), and that reading
// appended to `others` too. Before that, a page whose kept reading is
// unreadable (below kUnreadablePageConfidence) is read row by row
// (ReadByRows): kept if more confident, merged as the retries are, and
// appended to `others`.
Status EnhanceAndRead(OcrEngine* engine, const cv::Mat& page, const EnhanceOptions& options, int dpi,
                      EnhanceResult* enhanced, OcrResult* out, const StageLap& lap = {},
                      double second_reading_below = Options().second_reading_below,
                      std::vector<OcrResult>* others = nullptr, const ReadingRunner& runner = {});

// EnhanceAndRead, and for a page that reads as unreadable (below
// kUnreadablePageConfidence) the page turned half round read plainly too: a
// blurred page's text lines can leave its orientation misjudged (generated
// o7474 d0005/1). When that reads much better, the turned page is enhanced
// and read in full instead (its readings replace `others`) and *turns is 2
// (else 0): `enhanced` and `out` are then the turned page's.
Status ReadPageEitherWayUp(OcrEngine* engine, const cv::Mat& page, const EnhanceOptions& options, int dpi,
                           EnhanceResult* enhanced, OcrResult* out, int* turns, const StageLap& lap = {},
                           double second_reading_below = Options().second_reading_below,
                           std::vector<OcrResult>* others = nullptr, const ReadingRunner& runner = {});

// `gray` read once as it is (Tesseract's own binarisation, no enhancement,
// no retries) and, when that is unreadable, turned half round, then a
// quarter clockwise and counter-clockwise, in that order: a way whose words read
// better than the best so far by the margin ReadPageEitherWayUp asks is
// taken (*turns its quarter turns, `out` its reading; every reading's CPU
// counted in it). Tesseract reads lines on their side nearly as well as
// upright (f7171 d0001/3 whole, upright 0.84, on its side 0.85): a quarter
// turn must beat half a turn by the margin too. For a whole photo
// (its background levelled as paper, an enhanced photo can cost Tesseract
// minutes; its text's direction misjudged by a cloth's stripes).
// The reading kept has each line once (KeepRepeatedLinesOnce): on a
// photo's dark background the engine's second look at ink no word covers
// reads lines again whole.
// `*gray` is left turned the way kept.
Status ReadPlainAnyWayUp(OcrEngine* engine, cv::Mat* gray, int dpi, OcrResult* out, int* turns);
// A line most of whose words lie on an earlier line's words (each box
// overlapping one by more than half) is one line read twice: the reading
// whose words are the more confident on average stands in the earlier
// one's place, the other is dropped. mean_confidence is the kept words'.
void KeepRepeatedLinesOnce(OcrResult* r);

// Two readings of one page image (the same geometry): each line of `base`
// becomes the other reading's line in the same place (one to one, boxes
// overlapping) when that one's words read more confidently.
void MergeReadings(const OcrResult& other, OcrResult* base);

// The rows of text of `image` (8-bit gray at `dpi`), each padded.
std::vector<cv::Rect> TextRows(const cv::Mat& image, int dpi);
// `image` read row by row (TextRows, each by OcrEngine::RecognizeLine),
// one line per row, in `image`'s pixels.
void ReadByRows(OcrEngine* engine, const cv::Mat& image, int dpi, OcrResult* out);

}  // namespace hoso

#endif  // HOSO_PIPELINE_FLOW_SETTINGS_H_
