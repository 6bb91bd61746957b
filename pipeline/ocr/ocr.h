// OCR: Tesseract LSTM with Vietnamese. One OcrEngine per worker thread,
// created once (Init loads the language data: expensive), reused per page.
#ifndef HOSO_PIPELINE_OCR_OCR_H_
#define HOSO_PIPELINE_OCR_OCR_H_

#include <memory>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "hoso/status.h"
#include "pipeline/core/page.h"

struct Pix;  // Leptonica's image

namespace hoso {

struct OcrOptions {
  std::string tessdata_dir;  // empty = system default
  std::string language = "vie";
  std::string config_file;   // models/ocr/*.config, may be empty
  // A page whose mean word confidence is below this is read a second time
  // after RestoreNoisyPage, keeping the more confident reading (0: never).
  // Off by default: on held-out hard photos (s4242, 14 pages) a threshold
  // of 0.8 re-read 7 pages for +47% OCR CPU and lowered the mean CER only
  // 0.222 -> 0.211, all of it on pages read below 0.35 confidence that stay
  // unreadable (retake) either way; pages read at 0.6-0.8 did not improve.
  // On the seeds it was tuned on it did better (CER 0.350 -> 0.291).
  float retry_below_confidence = 0.f;
};

// The restoration used for the second reading of low-confidence pages
// (blurred, noisy phone photos): a 3x3 median (sensor noise, speckle) then
// a light Gaussian (sigma 0.8 px). `gray` is 8-bit single channel.
cv::Mat RestoreNoisyPage(const cv::Mat& gray);

class OcrEngine {
 public:
  // Errors: "setup.tessdata_missing" when the language data can't be loaded.
  static Status Create(const OcrOptions& options, std::unique_ptr<OcrEngine>* out);
  virtual ~OcrEngine() = default;
  // `gray` is 8-bit single channel; `dpi` its resolution. Not thread-safe.
  virtual Status Recognize(const cv::Mat& gray, int dpi, OcrResult* out) = 0;
  // The same, finding the page's lines as sparse text (Tesseract's
  // PSM_SPARSE_TEXT: each line wherever it lies, with no blocks or columns)
  // instead of by the page layout analysis the settings ask for. On a
  // grainy photo that analysis takes whole stretches of a form for noise
  // and drops them; the sparse search still finds their lines.
  // "ocr.unsupported" from an engine without such a mode.
  virtual Status RecognizeSparse(const cv::Mat& gray, int dpi, OcrResult* out) {
    (void)gray, (void)dpi, (void)out;
    return Status::Error("ocr.unsupported", "no sparse-text mode");
  }
  // The same, `gray` being one line of text (Tesseract's PSM_SINGLE_LINE:
  // no layout analysis at all). "ocr.unsupported" from an engine without
  // such a mode.
  virtual Status RecognizeLine(const cv::Mat& gray, int dpi, OcrResult* out) {
    (void)gray, (void)dpi, (void)out;
    return Status::Error("ocr.unsupported", "no single-line mode");
  }
};

namespace ocr_internal {

// Exposed for tests. The 8-connected components of the dark pixels of an
// 8-bit gray image (value <= `max_value`) whose bounding box is at most
// `max_side` pixels in both directions: what cv::connectedComponentsWithStats
// on the thresholded image reports for them (box, area, centroid), found
// from the rows' runs of dark pixels with a union-find over runs instead of
// a label per pixel (~5 ms instead of ~25 ms on a 200 dpi page).
struct Blob {
  cv::Rect box;
  int area = 0;
  cv::Point2d centroid;
};
std::vector<Blob> SmallDarkBlobs(const cv::Mat& gray, int max_value, int max_side);

// Exposed for tests. Horizontal bands of the page (8-bit gray at `dpi`)
// holding text-like ink that none of `page`'s words covers: what
// Tesseract's layout analysis dropped, to be read again on its own.
std::vector<cv::Rect> UncoveredTextBands(const cv::Mat& gray, int dpi, const OcrResult& page);

// A dotted leader ("Họ và tên: ............"): a row of small, evenly
// spaced dots. Tesseract's LSTM reads a few dozen of them and then drifts
// into junk ("....---::rrrree"), so leaders are found geometrically, erased
// before recognition and put back into the text afterwards.
struct Leader {
  int top = 0, bottom = 0;  // rows spanned by the dots
  int pitch = 0;            // median distance between dots, pixels
  int dot = 0;              // median dot height, pixels
  std::vector<int> xs;      // dot centres, ascending
};

// Exposed for tests. Puts the (erased) leaders back into the recognised
// lines as '.' words at their x positions.
void InsertLeaders(const std::vector<Leader>& leaders, OcrResult* page);

// Exposed for tests. A new 8 bpp Leptonica image with the pixels of `gray`
// (8-bit single channel), row padding zeroed; the caller pixDestroy()s it.
// What TessBaseAPI::SetImage(buffer) builds, a word at a time instead of a
// byte at a time (~3 ms less per page).
Pix* GrayToPix(const cv::Mat& gray);

// Makes the OpenMP parallel regions opened on the calling thread (Tesseract's
// LSTM opens one per time step) run on it alone, without libgomp's team for
// each (pipeline/ocr/openmp.cc). hoso runs one engine per core, so nested
// teams would only oversubscribe the CPU. OpenMpSerialOnThisThread() tells
// whether it was called on this thread.
void SerialiseOpenMpOnThisThread();
bool OpenMpSerialOnThisThread();

// While one lives on a thread, two of Leptonica's functions that Tesseract
// calls on it take hoso's shortcuts, with the same results
// (pipeline/ocr/leptonica_shortcuts.cc): its line images (pixWriteMem with
// IFF_PNG) are Leptonica's serialised pix (SPIX), the same pixels with none
// of PNG's compression; its Sauvola binarisation (pixSauvolaBinarizeTiled)
// is SauvolaBinarize. Nestable.
class LeptonicaShortcuts {
 public:
  LeptonicaShortcuts();
  ~LeptonicaShortcuts();
  LeptonicaShortcuts(const LeptonicaShortcuts&) = delete;
  LeptonicaShortcuts& operator=(const LeptonicaShortcuts&) = delete;
  // Whether one lives on this thread.
  static bool On();
};

// pixSauvolaBinarizeTiled's result (an 8-bit threshold image into *pth and
// the 1-bit image of the pixels below their threshold into *pbin, either
// may be null) computed on the whole image at once: the same pixels for
// any tiling nx x ny, which decides only whether the binary image takes
// pixs's resolution (as Leptonica's untiled path gives it). pixs is 8-bit,
// not colour-mapped, at least 2 * whsize + 3 on each side, and whsize is
// at most kMaxSauvolaHalfWindow (the window's sums of squares are 32-bit).
// False when out of memory.
constexpr int kMaxSauvolaHalfWindow = 127;
bool SauvolaBinarize(Pix* pixs, int whsize, float factor, int nx, int ny, Pix** pth, Pix** pbin);

}  // namespace ocr_internal

}  // namespace hoso

#endif  // HOSO_PIPELINE_OCR_OCR_H_
