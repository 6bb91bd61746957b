// The direct PNG decoder (pipeline/load/png.h): every filter on grey and RGB
// rows of awkward widths gives libpng's pixels; other layouts and damaged
// files are left to libpng.
#include "pipeline/load/png.h"

#include <png.h>

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

namespace hoso {
namespace load_internal {
namespace {

void Append(png_structp png, png_bytep data, png_size_t n) {
  static_cast<std::string*>(png_get_io_ptr(png))->append(reinterpret_cast<const char*>(data), n);
}
void Flush(png_structp) {}

// `image` (8-bit grey, BGR, or BGRA; or 16-bit grey) written by libpng with
// the given row filters, IDAT chunks of `chunk` bytes at most.
std::string WritePng(const cv::Mat& image, int filters, bool interlaced = false, size_t chunk = 8192) {
  std::string out;
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
  png_infop info = png_create_info_struct(png);
  if (setjmp(png_jmpbuf(png))) {
    png_destroy_write_struct(&png, &info);
    ADD_FAILURE() << "libpng could not write";
    return "";
  }
  png_set_write_fn(png, &out, Append, Flush);
  const int type = image.channels() == 1 ? PNG_COLOR_TYPE_GRAY
                                         : (image.channels() == 3 ? PNG_COLOR_TYPE_RGB : PNG_COLOR_TYPE_RGB_ALPHA);
  png_set_IHDR(png, info, static_cast<png_uint_32>(image.cols), static_cast<png_uint_32>(image.rows),
               image.depth() == CV_16U ? 16 : 8, type, interlaced ? PNG_INTERLACE_ADAM7 : PNG_INTERLACE_NONE,
               PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_set_filter(png, PNG_FILTER_TYPE_BASE, filters);
  png_set_compression_buffer_size(png, chunk);
  png_write_info(png, info);
  if (image.channels() > 1) png_set_bgr(png);
  if (image.depth() == CV_16U) png_set_swap(png);
  const int passes = interlaced ? png_set_interlace_handling(png) : 1;
  for (int pass = 0; pass < passes; ++pass)
    for (int y = 0; y < image.rows; ++y) png_write_row(png, image.ptr<png_byte>(y));
  png_write_end(png, nullptr);
  png_destroy_write_struct(&png, &info);
  return out;
}

cv::Mat Imdecode(const std::string& png) {
  return cv::imdecode(std::vector<uchar>(png.begin(), png.end()), cv::IMREAD_UNCHANGED);
}

// Noise with smooth stretches and flat runs: every predictor gets ties and
// wrap-arounds.
cv::Mat TestImage(int rows, int cols, int channels, int seed) {
  cv::Mat m(rows, cols, CV_8UC(channels));
  cv::RNG rng(static_cast<uint64_t>(seed));
  rng.fill(m, cv::RNG::UNIFORM, 0, 256);
  cv::Mat smooth;
  cv::GaussianBlur(m, smooth, cv::Size(5, 5), 2.0);
  if (rows >= 2) smooth(cv::Rect(0, 0, cols, rows / 2)).copyTo(m(cv::Rect(0, 0, cols, rows / 2)));
  if (rows > 4) m.row(rows / 2 + 1).setTo(cv::Scalar::all(255));
  return m;
}

TEST(PngDirect, EveryFilterOnGreyAndColourGivesLibpngsPixels) {
  const std::vector<std::pair<const char*, int>> filters = {
      {"none", PNG_FILTER_NONE}, {"sub", PNG_FILTER_SUB},     {"up", PNG_FILTER_UP},
      {"avg", PNG_FILTER_AVG},   {"paeth", PNG_FILTER_PAETH}, {"adaptive", PNG_ALL_FILTERS},
  };
  const std::vector<cv::Size> sizes = {{131, 97}, {1, 5}, {7, 1}, {2, 3}, {640, 40}};
  int seed = 0;
  for (const auto& [name, filter] : filters) {
    for (int channels : {1, 3}) {
      for (const cv::Size& size : sizes) {
        SCOPED_TRACE(std::string(name) + " channels " + std::to_string(channels) + " " + std::to_string(size.width) +
                     "x" + std::to_string(size.height));
        const cv::Mat image = TestImage(size.height, size.width, channels, ++seed);
        const std::string png = WritePng(image, filter);
        cv::Mat got;
        ASSERT_TRUE(DecodePngDirect(png, &got));
        ASSERT_EQ(got.size(), image.size());
        ASSERT_EQ(got.type(), image.type());
        EXPECT_EQ(cv::norm(got, image, cv::NORM_INF), 0);
        EXPECT_EQ(cv::norm(got, Imdecode(png), cv::NORM_INF), 0);
      }
    }
  }
}

TEST(PngDirect, JoinsManyIdatChunks) {
  const cv::Mat image = TestImage(300, 401, 3, 99);
  const std::string png = WritePng(image, PNG_ALL_FILTERS, false, 1000);
  size_t idats = 0;
  for (size_t at = png.find("IDAT"); at != std::string::npos; at = png.find("IDAT", at + 4)) ++idats;
  ASSERT_GT(idats, 20u);
  cv::Mat got;
  ASSERT_TRUE(DecodePngDirect(png, &got));
  EXPECT_EQ(cv::norm(got, image, cv::NORM_INF), 0);
}

// CRC-32 of a chunk's type and data, to forge consistent chunks.
uint32_t Crc(const std::string& bytes) {
  uint32_t crc = 0xffffffffu;
  for (unsigned char c : bytes) {
    crc ^= c;
    for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
  }
  return crc ^ 0xffffffffu;
}

void PutBe32(std::string* s, size_t at, uint32_t v) {
  for (int k = 0; k < 4; ++k) (*s)[at + static_cast<size_t>(k)] = static_cast<char>(v >> (24 - 8 * k));
}

TEST(PngDirect, LeavesOtherLayoutsAndDamageToLibpng) {
  const cv::Mat colour = TestImage(40, 50, 3, 7);
  cv::Mat grey16, bgra;
  cv::Mat(TestImage(40, 50, 1, 8)).convertTo(grey16, CV_16U, 257.0);
  cv::cvtColor(colour, bgra, cv::COLOR_BGR2BGRA);
  const std::string good = WritePng(colour, PNG_ALL_FILTERS, false, 1 << 20);
  const size_t idat = good.find("IDAT") - 4;  // the chunk's length field
  uint32_t idat_length = 0;
  for (size_t k = 0; k < 4; ++k) idat_length = idat_length << 8 | static_cast<unsigned char>(good[idat + k]);
  // The zlib checksum (the stream's last four bytes) wrong, the chunk's
  // CRC made right again: only the inflate can tell.
  std::string adler = good;
  const size_t stream_end = idat + 8 + idat_length;
  adler[stream_end - 1] = static_cast<char>(adler[stream_end - 1] ^ 1);
  PutBe32(&adler, stream_end, Crc(adler.substr(idat + 4, 4 + idat_length)));
  std::string crc = good;
  crc[idat + 20] = static_cast<char>(crc[idat + 20] ^ 0x5a);
  const std::vector<std::pair<const char*, std::string>> cases = {
      {"interlaced", WritePng(colour, PNG_ALL_FILTERS, true)},
      {"16-bit", WritePng(grey16, PNG_ALL_FILTERS)},
      {"alpha", WritePng(bgra, PNG_ALL_FILTERS)},
      {"1-bit", [] {
         std::vector<uchar> buf;
         cv::Mat bilevel(20, 30, CV_8UC1, cv::Scalar(0));
         cv::imencode(".png", bilevel, buf, {cv::IMWRITE_PNG_BILEVEL, 1});
         return std::string(buf.begin(), buf.end());
       }()},
      {"cut", good.substr(0, good.size() / 2)},
      {"no IEND", good.substr(0, good.size() - 12)},
      {"IDAT CRC", crc},
      {"zlib checksum", adler},
      {"not a PNG", "GIF89a"},
      {"empty", ""},
  };
  for (const auto& [what, png] : cases) {
    SCOPED_TRACE(what);
    cv::Mat out(2, 2, CV_8UC1, cv::Scalar(9));
    const uchar* before = out.data;
    EXPECT_FALSE(DecodePngDirect(png, &out));
    EXPECT_EQ(out.data, before);  // untouched
  }
  cv::Mat got;
  EXPECT_TRUE(DecodePngDirect(good, &got));
}

}  // namespace
}  // namespace load_internal
}  // namespace hoso
