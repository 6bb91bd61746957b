// JPEG through libjpeg-turbo directly: the library OpenCV's imgcodecs uses,
// with its settings, without linking imgcodecs (whose dependencies, GDAL
// and DICOM among them, cost ~90 ms of start-up per process).
#ifndef HOSO_PIPELINE_CORE_JPEG_H_
#define HOSO_PIPELINE_CORE_JPEG_H_

#include <string>

#include <opencv2/core.hpp>

namespace hoso {

// Decodes `bytes` into `*out`: 8-bit grey for a one-component file, BGR for
// YCbCr or RGB; the pixels cv::imdecode gives (EXIF orientation not
// applied). Warnings (corrupt but decodable data) are ignored, as imdecode
// ignores them. False, with `*out` released, for damaged data and other
// colour spaces (CMYK, YCCK).
bool DecodeJpeg(const std::string& bytes, cv::Mat* out);

// Encodes an 8-bit grey or BGR image as a baseline JPEG of `quality`
// (1..100) without optimised Huffman tables: the bytes cv::imencode writes
// with IMWRITE_JPEG_QUALITY and IMWRITE_JPEG_OPTIMIZE 0. False when libjpeg
// fails or the image is not 8-bit grey or BGR.
bool EncodeJpeg(const cv::Mat& image, int quality, std::string* out);

}  // namespace hoso

#endif  // HOSO_PIPELINE_CORE_JPEG_H_
