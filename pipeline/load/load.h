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
  double dpi = 0.0;  // known resolution (PDF raster, TIFF tag), else 0
};

// Lists the pages of one input file (1 for most images, N for multi-page
// TIFF and PDF). Errors: input.missing, input.empty, input.too_large,
// input.unsupported, input.not_pdf, input.truncated.
Status ListPages(const InputFile& file, const LoadLimits& limits, std::vector<PageSource>* out);

// Decodes one page. Refuses decompression bombs from the header's size
// before decoding (input.too_large). Thread-safe.
Status DecodePage(const PageSource& page, const LoadLimits& limits, LoadedPage* out);

}  // namespace hoso

#endif  // HOSO_PIPELINE_LOAD_LOAD_H_
