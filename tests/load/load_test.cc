// Load: formats, EXIF orientation, and the odd inputs a service center meets
// (truncated, empty, bombs, fake PDFs). Inputs are made in the test.
#include "pipeline/load/load.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <hpdf.h>
#include <jpeglib.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

namespace hoso {
namespace {

namespace fs = std::filesystem;

// A 300x200 image: white, with a black square in the top-left corner, so
// orientation changes are visible.
cv::Mat Marked() {
  cv::Mat m(200, 300, CV_8UC3, cv::Scalar(255, 255, 255));
  cv::rectangle(m, cv::Rect(0, 0, 50, 50), cv::Scalar(0, 0, 0), cv::FILLED);
  return m;
}

std::string Encode(const cv::Mat& m, const std::string& ext, std::vector<int> params = {}) {
  std::vector<uchar> buf;
  EXPECT_TRUE(cv::imencode(ext, m, buf, params));
  return std::string(buf.begin(), buf.end());
}

InputFile Mem(const std::string& name, const std::string& bytes) { return InputFile{name, "", bytes}; }

Status LoadOne(const InputFile& f, LoadedPage* out, const LoadLimits& limits = {}) {
  std::vector<PageSource> pages;
  Status s = ListPages(f, limits, &pages);
  if (!s.ok()) return s;
  EXPECT_EQ(pages.size(), 1u);
  return DecodePage(pages[0], limits, out);
}

// Inserts an APP1 Exif segment with the given orientation after SOI.
std::string WithExifOrientation(const std::string& jpeg, uint16_t orientation) {
  std::string tiff = std::string("MM\0*\0\0\0\x08", 8);                   // big-endian, IFD at 8
  tiff += std::string("\0\x01", 2);                                        // 1 entry
  tiff += std::string("\x01\x12\0\x03\0\0\0\x01", 8);                      // Orientation, SHORT, 1
  tiff += static_cast<char>(orientation >> 8);
  tiff += static_cast<char>(orientation & 0xFF);
  tiff += std::string("\0\0", 2);                                          // pad value
  tiff += std::string("\0\0\0\0", 4);                                      // next IFD
  std::string payload = std::string("Exif\0\0", 6) + tiff;
  uint16_t len = static_cast<uint16_t>(payload.size() + 2);
  std::string seg = "\xFF\xE1";
  seg += static_cast<char>(len >> 8);
  seg += static_cast<char>(len & 0xFF);
  seg += payload;
  return jpeg.substr(0, 2) + seg + jpeg.substr(2);
}

TEST(Load, DecodesEveryRasterFormat) {
  for (const char* ext : {".jpg", ".png", ".bmp", ".webp", ".tif"}) {
    SCOPED_TRACE(ext);
    LoadedPage p;
    ASSERT_TRUE(LoadOne(Mem(std::string("page") + ext, Encode(Marked(), ext)), &p).ok());
    EXPECT_EQ(p.bgr.size(), cv::Size(300, 200));
    EXPECT_EQ(p.bgr.type(), CV_8UC3);
    EXPECT_LT(p.bgr.at<cv::Vec3b>(10, 10)[0], 60);
    EXPECT_GT(p.bgr.at<cv::Vec3b>(150, 250)[0], 200);
  }
}

TEST(Load, KeepsGrayImagesGray) {
  cv::Mat gray;
  cv::cvtColor(Marked(), gray, cv::COLOR_BGR2GRAY);
  for (const char* ext : {".jpg", ".png"}) {
    SCOPED_TRACE(ext);
    LoadedPage p;
    ASSERT_TRUE(LoadOne(Mem(std::string("scan") + ext, Encode(gray, ext)), &p).ok());
    EXPECT_EQ(p.bgr.type(), CV_8UC1);
    EXPECT_LT(p.bgr.at<uchar>(10, 10), 60);
    EXPECT_GT(p.bgr.at<uchar>(150, 250), 200);
  }
}

TEST(Load, AppliesExifOrientation) {
  // Orientation 6: the stored image must be turned 90° clockwise to view.
  std::string jpeg = WithExifOrientation(Encode(Marked(), ".jpg"), 6);
  LoadedPage p;
  ASSERT_TRUE(LoadOne(Mem("phone.jpg", jpeg), &p).ok());
  ASSERT_EQ(p.bgr.size(), cv::Size(200, 300));
  // The black square was top-left; after a clockwise turn it is top-right.
  EXPECT_LT(p.bgr.at<cv::Vec3b>(10, 190)[0], 60);
  EXPECT_GT(p.bgr.at<cv::Vec3b>(10, 10)[0], 200);
}

// With the quarter turn left to the caller, turning the decoded image by
// LoadedPage::quarter_turns gives exactly what imdecode's own EXIF handling
// gives, for every orientation (mirrored ones are applied in load, with no
// turn left over), both byte orders, and files without an orientation.
TEST(Load, DefersExifQuarterTurnsExactly) {
  const std::string plain = Encode(Marked(), ".jpg");
  std::vector<std::pair<std::string, int>> files = {{plain, 1}};
  for (int o = 1; o <= 8; ++o) files.emplace_back(WithExifOrientation(plain, static_cast<uint16_t>(o)), o);
  // Little-endian TIFF header, orientation 8.
  std::string le = WithExifOrientation(plain, 8);
  const size_t tiff = le.find("MM");
  le.replace(tiff, 8, std::string("II*\0\x08\0\0\0", 8));
  le.replace(tiff + 8, 2, std::string("\x01\0", 2));
  le.replace(tiff + 10, 8, std::string("\x12\x01\x03\0\x01\0\0\0", 8));
  le.replace(tiff + 18, 2, std::string("\x08\0", 2));
  files.emplace_back(le, 8);
  LoadLimits defer;
  defer.defer_exif_turns = true;
  for (const auto& [jpeg, orientation] : files) {
    SCOPED_TRACE(orientation);
    EXPECT_EQ(load_internal::JpegExifOrientation(jpeg), orientation);
    LoadedPage applied, deferred;
    ASSERT_TRUE(LoadOne(Mem("phone.jpg", jpeg), &applied).ok());
    ASSERT_TRUE(LoadOne(Mem("phone.jpg", jpeg), &deferred, defer).ok());
    EXPECT_EQ(applied.quarter_turns, 0);
    const bool mirrored = orientation == 2 || orientation == 4 || orientation == 5 || orientation == 7;
    EXPECT_EQ(deferred.quarter_turns, mirrored ? 0 : orientation == 6 ? 1 : orientation == 3 ? 2 : orientation == 8 ? 3 : 0);
    cv::Mat turned = deferred.bgr;
    static const cv::RotateFlags kCodes[] = {cv::ROTATE_90_CLOCKWISE, cv::ROTATE_180, cv::ROTATE_90_COUNTERCLOCKWISE};
    if (deferred.quarter_turns > 0) cv::rotate(deferred.bgr, turned, kCodes[deferred.quarter_turns - 1]);
    ASSERT_EQ(turned.size(), applied.bgr.size());
    EXPECT_EQ(cv::norm(turned, applied.bgr, cv::NORM_INF), 0);
  }
  // A damaged Exif segment: no orientation read, left to imdecode.
  std::string bad = WithExifOrientation(plain, 6);
  bad[bad.find("MM")] = 'X';
  EXPECT_EQ(load_internal::JpegExifOrientation(bad), 0);
  LoadedPage p;
  ASSERT_TRUE(LoadOne(Mem("phone.jpg", bad), &p, defer).ok());
  EXPECT_EQ(p.quarter_turns, 0);
}

// A JPEG nothing is to be turned in is decoded by load itself: the very
// pixels cv::imdecode gives, for colour (plain, optimised with restart
// markers, progressive) and grey files; damaged data still ends in the
// code it always had.
TEST(Load, DecodesJpegsAsImdecodeDoes) {
  cv::Mat photo(333, 517, CV_8UC3);
  cv::RNG rng(3);
  rng.fill(photo, cv::RNG::UNIFORM, 0, 256);
  cv::GaussianBlur(photo, photo, cv::Size(7, 7), 0);  // smooth, as a photo is
  cv::Mat grey;
  cv::cvtColor(photo, grey, cv::COLOR_BGR2GRAY);
  const std::vector<std::pair<std::string, std::string>> files = {
      {"420", Encode(photo, ".jpg", {cv::IMWRITE_JPEG_QUALITY, 90})},
      {"optimised, restarts", Encode(photo, ".jpg", {cv::IMWRITE_JPEG_OPTIMIZE, 1, cv::IMWRITE_JPEG_RST_INTERVAL, 4})},
      {"grey", Encode(grey, ".jpg")},
      {"progressive", Encode(photo, ".jpg", {cv::IMWRITE_JPEG_PROGRESSIVE, 1})},
      {"exif 1", WithExifOrientation(Encode(photo, ".jpg"), 1)},
  };
  for (const auto& [what, jpeg] : files) {
    SCOPED_TRACE(what);
    LoadedPage p;
    ASSERT_TRUE(LoadOne(Mem("p.jpg", jpeg), &p).ok());
    const cv::Mat want = cv::imdecode(std::vector<uchar>(jpeg.begin(), jpeg.end()), cv::IMREAD_ANYCOLOR);
    ASSERT_EQ(p.bgr.size(), want.size());
    ASSERT_EQ(p.bgr.type(), want.type());
    EXPECT_EQ(cv::norm(p.bgr, want, cv::NORM_INF), 0);
  }
  // A scan header naming more components than the frame has: libjpeg
  // stops with an error, which must not end the process.
  std::string bad = files[0].second;
  const size_t sos = bad.find("\xFF\xDA");
  ASSERT_NE(sos, std::string::npos);
  bad[sos + 4] = 9;
  LoadedPage p;
  Status s = LoadOne(Mem("bad.jpg", bad), &p);
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.code(), "input.corrupt") << s.message();
}

// Applied in load (no quarter turn deferred), every EXIF orientation gives
// the very image cv::imdecode gives.
TEST(Load, AppliesEveryExifOrientationAsImdecodeDoes) {
  const std::string plain = Encode(Marked(), ".jpg");
  for (int o = 1; o <= 8; ++o) {
    SCOPED_TRACE(o);
    const std::string jpeg = WithExifOrientation(plain, static_cast<uint16_t>(o));
    LoadedPage p;
    ASSERT_TRUE(LoadOne(Mem("phone.jpg", jpeg), &p).ok());
    const cv::Mat want = cv::imdecode(std::vector<uchar>(jpeg.begin(), jpeg.end()), cv::IMREAD_ANYCOLOR);
    ASSERT_EQ(p.bgr.size(), want.size());
    EXPECT_EQ(cv::norm(p.bgr, want, cv::NORM_INF), 0);
  }
}

// PNGs decode (through Leptonica) to imdecode's pixels: grey and colour,
// 16 bits (the high byte), with alpha (dropped), palette and bilevel.
// Grey ones stay one channel; a palette of greys is grey too.
TEST(Load, DecodesPngsAsImdecodeDoes) {
  cv::Mat photo(97, 131, CV_8UC3);
  cv::RNG rng(5);
  rng.fill(photo, cv::RNG::UNIFORM, 0, 256);
  cv::Mat grey, grey16, bgra, bilevel;
  cv::cvtColor(photo, grey, cv::COLOR_BGR2GRAY);
  grey.convertTo(grey16, CV_16U, 257.0);
  grey16 += cv::Scalar(100);  // a low byte that must not round the high one up
  cv::cvtColor(photo, bgra, cv::COLOR_BGR2BGRA);
  cv::threshold(grey, bilevel, 128, 255, cv::THRESH_BINARY);
  const std::vector<std::pair<std::string, std::string>> files = {
      {"colour", Encode(photo, ".png")},
      {"grey", Encode(grey, ".png")},
      {"grey 16", Encode(grey16, ".png")},
      {"alpha", Encode(bgra, ".png")},
      {"bilevel", Encode(bilevel, ".png", {cv::IMWRITE_PNG_BILEVEL, 1})},
  };
  for (const auto& [what, png] : files) {
    SCOPED_TRACE(what);
    LoadedPage p;
    ASSERT_TRUE(LoadOne(Mem("p.png", png), &p).ok());
    cv::Mat want = cv::imdecode(std::vector<uchar>(png.begin(), png.end()), cv::IMREAD_ANYCOLOR);
    if (want.channels() == 4) cv::cvtColor(want, want, cv::COLOR_BGRA2BGR);
    ASSERT_EQ(p.bgr.size(), want.size());
    ASSERT_EQ(p.bgr.channels(), want.channels());
    EXPECT_EQ(cv::norm(p.bgr, want, cv::NORM_INF), 0);
  }
}

// A CMYK JPEG (as some scanners' software writes) is not dropped: libjpeg
// leaves it to Leptonica, which turns it into BGR.
TEST(Load, DecodesCmykJpeg) {
  // Left half all ink 0, right half all ink 255 (raw samples).
  const int w = 40, h = 30;
  std::vector<unsigned char> rows(static_cast<size_t>(w) * h * 4);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      for (int c = 0; c < 4; ++c) rows[(static_cast<size_t>(y) * w + x) * 4 + c] = x < w / 2 ? 0 : 255;
  jpeg_compress_struct c;
  jpeg_error_mgr err;
  c.err = jpeg_std_error(&err);
  jpeg_create_compress(&c);
  unsigned char* mem = nullptr;
  unsigned long size = 0;
  jpeg_mem_dest(&c, &mem, &size);
  c.image_width = w;
  c.image_height = h;
  c.input_components = 4;
  c.in_color_space = JCS_CMYK;
  jpeg_set_defaults(&c);
  jpeg_start_compress(&c, TRUE);
  while (c.next_scanline < c.image_height) {
    JSAMPROW row = &rows[static_cast<size_t>(c.next_scanline) * w * 4];
    jpeg_write_scanlines(&c, &row, 1);
  }
  jpeg_finish_compress(&c);
  jpeg_destroy_compress(&c);
  const std::string jpeg(reinterpret_cast<const char*>(mem), size);
  free(mem);
  LoadedPage p;
  ASSERT_TRUE(LoadOne(Mem("cmyk.jpg", jpeg), &p).ok());
  ASSERT_EQ(p.bgr.size(), cv::Size(w, h));
  EXPECT_EQ(p.bgr.type(), CV_8UC3);
  // One half white, the other black: the inks were read, not dropped.
  const int left = p.bgr.at<cv::Vec3b>(15, 5)[1], right = p.bgr.at<cv::Vec3b>(15, 35)[1];
  EXPECT_GT(std::max(left, right), 240);
  EXPECT_LT(std::min(left, right), 15);
}

TEST(Load, MultiPageTiff) {
  std::vector<cv::Mat> pages = {Marked(), Marked(), Marked()};
  cv::rectangle(pages[1], cv::Rect(250, 150, 50, 50), cv::Scalar(0, 0, 255), cv::FILLED);
  fs::path tmp = fs::temp_directory_path() / "hoso_load_multi.tif";
  ASSERT_TRUE(cv::imwritemulti(tmp.string(), pages));
  std::vector<PageSource> list;
  ASSERT_TRUE(ListPages(InputFile{"multi.tif", tmp.string(), {}}, {}, &list).ok());
  ASSERT_EQ(list.size(), 3u);
  LoadedPage p;
  ASSERT_TRUE(DecodePage(list[1], {}, &p).ok());
  cv::Vec3b red = p.bgr.at<cv::Vec3b>(175, 275);
  EXPECT_GT(red[2], 200);
  EXPECT_LT(red[0], 60);
  fs::remove(tmp);
}

TEST(Load, RasterisesPdfAt300Dpi) {
  HPDF_Doc pdf = HPDF_New(nullptr, nullptr);
  ASSERT_NE(pdf, nullptr);
  for (int i = 0; i < 2; ++i) {
    HPDF_Page page = HPDF_AddPage(pdf);
    HPDF_Page_SetSize(page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
    HPDF_Page_Rectangle(page, 50, 700, 100, 100);
    HPDF_Page_Fill(page);
  }
  HPDF_SaveToStream(pdf);
  HPDF_UINT32 size = HPDF_GetStreamSize(pdf);
  std::string bytes(size, '\0');
  HPDF_ReadFromStream(pdf, reinterpret_cast<HPDF_BYTE*>(bytes.data()), &size);
  HPDF_Free(pdf);

  std::vector<PageSource> list;
  ASSERT_TRUE(ListPages(Mem("scan.pdf", bytes), {}, &list).ok());
  ASSERT_EQ(list.size(), 2u);
  LoadedPage p;
  ASSERT_TRUE(DecodePage(list[1], {}, &p).ok());
  EXPECT_NEAR(p.bgr.cols, 2480, 2);
  EXPECT_NEAR(p.bgr.rows, 3508, 2);
  EXPECT_DOUBLE_EQ(p.dpi, 300.0);
  // The filled square: x 50..150 pt, y from top 42..142 pt.
  EXPECT_LT(p.bgr.at<cv::Vec3b>(92 * 300 / 72, 100 * 300 / 72)[0], 40);
}

// Table of inputs that must be refused, each with its code.
struct Bad {
  const char* name;
  std::string bytes;
  const char* code;
};

TEST(Load, RefusesBadInputWithCodes) {
  std::string jpeg = Encode(Marked(), ".jpg");
  std::string png = Encode(Marked(), ".png");
  // A JPEG whose SOF claims 30000x30000: a decompression bomb.
  std::string bomb = jpeg;
  for (size_t i = 2; i + 9 < bomb.size(); ++i) {
    if (uint8_t(bomb[i]) == 0xFF && (uint8_t(bomb[i + 1]) == 0xC0 || uint8_t(bomb[i + 1]) == 0xC2)) {
      bomb[i + 5] = char(30000 >> 8), bomb[i + 6] = char(30000 & 0xFF);
      bomb[i + 7] = char(30000 >> 8), bomb[i + 8] = char(30000 & 0xFF);
      break;
    }
  }
  // A PNG whose compressed pixels have one byte changed: the chunk's CRC
  // no longer matches.
  std::string flipped = png;
  const size_t idat = flipped.find("IDAT");
  ASSERT_NE(idat, std::string::npos);
  flipped[idat + 20] = static_cast<char>(flipped[idat + 20] ^ 0x5A);
  std::vector<Bad> rows = {
      {"empty.jpg", "", "input.empty"},
      {"flipped.png", flipped, "input.corrupt"},
      {"cut.jpg", jpeg.substr(0, jpeg.size() / 2), "input.truncated"},
      {"cut.png", png.substr(0, png.size() / 2), "input.truncated"},
      {"huge.jpg", bomb, "input.too_large"},
      {"fake.pdf", "this is not a pdf at all", "input.not_pdf"},
      {"broken.pdf", "%PDF-1.4\n1 0 obj garbage", "input.corrupt"},
      {"notes.txt", "hello", "input.unsupported"},
  };
  for (const Bad& b : rows) {
    SCOPED_TRACE(b.name);
    LoadedPage p;
    // The code says it; nothing goes to stderr (a batch's stderr is for
    // hoso's own messages: libpng's "read error" was printed there).
    ::testing::internal::CaptureStderr();
    Status s = LoadOne(Mem(b.name, b.bytes), &p);
    EXPECT_EQ(::testing::internal::GetCapturedStderr(), "");
    EXPECT_FALSE(s.ok());
    EXPECT_EQ(s.code(), b.code) << s.message();
    EXPECT_FALSE(s.message().empty());
  }
}

TEST(Load, RefusesOversizeFilesAndMissingOnes) {
  LoadLimits tight;
  tight.max_bytes = 100;
  std::vector<PageSource> list;
  EXPECT_EQ(ListPages(Mem("a.jpg", Encode(Marked(), ".jpg")), tight, &list).code(), "input.too_large");
  EXPECT_EQ(ListPages(InputFile{"none.jpg", "/nonexistent/none.jpg", {}}, {}, &list).code(), "input.missing");
  LoadLimits few_pixels;
  few_pixels.max_pixels = 1000;
  LoadedPage p;
  EXPECT_EQ(LoadOne(Mem("a.png", Encode(Marked(), ".png")), &p, few_pixels).code(), "input.too_large");
}

}  // namespace
}  // namespace hoso
