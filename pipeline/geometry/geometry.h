// Geometry: find the sheet of paper in a photo, rectify its perspective to
// the sheet's true aspect at the output resolution, turn it upright
// (quarter turns), and remove residual skew. A flatbed scan with no visible
// paper edge passes through with the whole image as the sheet.
#ifndef HOSO_PIPELINE_GEOMETRY_GEOMETRY_H_
#define HOSO_PIPELINE_GEOMETRY_GEOMETRY_H_

#include <array>
#include <memory>

#include <opencv2/core.hpp>

#include "hoso/status.h"

namespace hoso {

struct GeometryOptions {
  double output_dpi = 300.0;  // resolution of GeometryResult::page
  // Orientation detection may use Tesseract's data (e.g. OSD); empty = the
  // system default location.
  std::string tessdata_dir;
};

struct GeometryResult {
  cv::Mat page;  // rectified, upright, deskewed, 8-bit BGR at output_dpi
  // Sheet corners in the input image's pixels, clockwise from the upright
  // page's top-left (the contract's "quad").
  std::array<cv::Point2f, 4> quad;
  bool sheet_found = false;  // false: no paper edge, whole image used
  int quarter_turns = 0;     // clockwise quarter turns applied, 0..3
  double skew_degrees = 0.0; // residual rotation removed after rectifying
  double dpi = 300.0;        // resolution of `page`
};

// One per worker thread (may hold per-thread state such as an orientation
// engine); not thread-safe. Construction may be expensive, Run() is per page.
class Geometry {
 public:
  static Status Create(const GeometryOptions& options, std::unique_ptr<Geometry>* out);
  virtual ~Geometry() = default;
  // `bgr` is the decoded input (EXIF orientation applied); `source_dpi` is
  // its resolution when known (scans, PDFs), else 0.
  virtual Status Run(const cv::Mat& bgr, double source_dpi, GeometryResult* out) = 0;
};

}  // namespace hoso

#endif  // HOSO_PIPELINE_GEOMETRY_GEOMETRY_H_
