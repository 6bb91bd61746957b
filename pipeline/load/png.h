// PNG decoding for the layout scans come in, without libpng's inflate.
//
// A 300 dpi A4 colour scan is 26 MB of pixels; libpng spent ~90 ms on one
// (zlib's inflate 48 ms of it, then the rows' filters undone one by one and
// copied out). libdeflate inflates the same stream in ~8 ms when given all of
// it at once, so this decoder takes the IDAT chunks whole, inflates them
// into the image's own memory, and undoes the filters there, row by row.
#ifndef HOSO_PIPELINE_LOAD_PNG_H_
#define HOSO_PIPELINE_LOAD_PNG_H_

#include <string>

#include <opencv2/core.hpp>

namespace hoso {
namespace load_internal {

// Decodes `png` when it is 8-bit grey or RGB and not interlaced (RGB comes
// out as BGR, as libpng's png_set_bgr gives it), with its IHDR and IDAT
// CRCs and its zlib checksum right. False for any other layout, a critical
// chunk it does not know, and damaged or cut data: libpng then decodes the
// file or says what is wrong with it. *out is untouched when false.
bool DecodePngDirect(const std::string& png, cv::Mat* out);

}  // namespace load_internal
}  // namespace hoso

#endif  // HOSO_PIPELINE_LOAD_PNG_H_
