// Load: turn input files into decoded pages. Listing is cheap and decoding
// is per page, so that the pipeline holds only the pages in flight.
#ifndef HOSO_PIPELINE_LOAD_LOAD_H_
#define HOSO_PIPELINE_LOAD_LOAD_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "hoso/processor.h"
#include "hoso/status.h"

namespace hoso {

struct LoadLimits {
  std::int64_t max_pixels = 120'000'000;
  std::int64_t max_bytes = 200LL * 1024 * 1024;
  double pdf_dpi = 300.0;
  // Leave a JPEG's EXIF quarter turn (orientations 3, 6, 8) to the caller,
  // who reads it from LoadedPage::quarter_turns: turning the decoded photo
  // is a full-image copy (~13 ms for 12 MB), which the geometry stage
  // saves by folding the turn into its warp. Mirrored orientations are
  // always applied here.
  bool defer_exif_turns = false;
};

// One page to decode: page `index` of a file.
struct PageSource {
  std::string name;  // file name reported as "source"
  std::string path;  // on disk, when `bytes` is null
  std::shared_ptr<const std::string> bytes;  // in-memory content
  int index = 0;
};

struct LoadedPage {
  cv::Mat bgr;       // 8-bit BGR, or gray for a gray image; EXIF orientation applied
                     // except for `quarter_turns`
  double dpi = 0.0;  // known resolution (PDF raster, TIFF tag), else 0
  // Clockwise quarter turns (0..3) still to apply to `bgr` to show it as its
  // EXIF orientation asks; non-zero only with LoadLimits::defer_exif_turns.
  int quarter_turns = 0;
};

// Lists the pages of one input file (1 for most images, N for multi-page
// TIFF and PDF). Errors: input.missing, input.empty, input.too_large,
// input.unsupported, input.not_pdf, input.truncated.
Status ListPages(const InputFile& file, const LoadLimits& limits, std::vector<PageSource>* out);

// Decodes one page. Refuses decompression bombs from the header's size
// before decoding (input.too_large). Thread-safe.
Status DecodePage(const PageSource& page, const LoadLimits& limits, LoadedPage* out);

namespace load_internal {

// Exposed for tests. The EXIF orientation (1..8) of a JPEG as OpenCV's
// decoder reads it (IFD0 of the first APP1 segment), 1 when the file has no
// APP1 segment, 0 when the segment cannot be read.
int JpegExifOrientation(const std::string& jpeg);

}  // namespace load_internal

}  // namespace hoso

#endif  // HOSO_PIPELINE_LOAD_LOAD_H_
