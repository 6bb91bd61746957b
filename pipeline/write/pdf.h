// Write: searchable PDFs with libharu. The cleaned page image at its
// physical size, and an invisible text layer placed word by word in an
// embedded Unicode font, so that pdftotext returns the text and selecting a
// word in a viewer selects that word.
#ifndef HOSO_PIPELINE_WRITE_PDF_H_
#define HOSO_PIPELINE_WRITE_PDF_H_

#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "hoso/status.h"
#include "pipeline/core/page.h"

namespace hoso {

// A page image already compressed for the PDF (done in the parallel stage,
// so that assembling the PDF is cheap).
struct PdfImage {
  std::string bytes;  // JPEG (DCT) data
  int width = 0, height = 0;
  int channels = 1;   // 1 = gray, 3 = colour
  double dpi = 300.0;
};

// Compresses `display` (8-bit gray or BGR) for the PDF. Thread-safe.
Status EncodePdfImage(const cv::Mat& display, double dpi, PdfImage* out);

struct PdfPage {
  PdfImage image;
  OcrResult ocr;  // word boxes in the image's pixels
};

struct PdfOptions {
  std::string font_path;  // TrueType font with Vietnamese glyphs; empty = auto
  std::string title;      // document title metadata
};

// The text-layer font the pipeline uses unless told otherwise: the glyphless
// <models_dir>/fonts/hoso-text-layer.ttf when it is there (a 9 KB font with
// one empty glyph for every character; the text layer is never drawn),
// else empty (PdfOptions' automatic choice of an installed font).
std::string TextLayerFont(const std::string& models_dir);

// Builds the whole PDF in memory. Thread-safe (no shared state).
Status WriteSearchablePdf(const std::vector<PdfPage>& pages, const PdfOptions& options,
                          std::string* pdf_bytes);

}  // namespace hoso

#endif  // HOSO_PIPELINE_WRITE_PDF_H_
