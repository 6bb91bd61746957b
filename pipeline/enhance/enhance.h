// Enhance: flatten uneven lighting and shadows, remove noise and colour
// casts, keep stamps and signatures legible. Produces one image for the PDF
// (readable by a person) and one tuned for OCR.
#ifndef HOSO_PIPELINE_ENHANCE_ENHANCE_H_
#define HOSO_PIPELINE_ENHANCE_ENHANCE_H_

#include <opencv2/core.hpp>

namespace hoso {

struct EnhanceOptions {
  double dpi = 300.0;
  bool keep_colour = true;  // keep coloured ink (stamps) in the display image
};

struct EnhanceResult {
  cv::Mat display;  // 8-bit BGR or gray, same size as input: for the PDF
  cv::Mat ocr;      // 8-bit gray, same size as input: for Tesseract
};

// Thread-safe (no shared state). `page` is the upright page from Geometry.
void Enhance(const cv::Mat& page, const EnhanceOptions& options, EnhanceResult* out);

}  // namespace hoso

#endif  // HOSO_PIPELINE_ENHANCE_ENHANCE_H_
