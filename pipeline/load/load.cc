#include "pipeline/load/load.h"

#include <csetjmp>
#include <cstdio>
#include <cstring>
#include <mutex>

#include <jpeglib.h>
#include <leptonica/allheaders.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-global.h>
#include <poppler/cpp/poppler-image.h>
#include <poppler/cpp/poppler-page-renderer.h>
#include <poppler/cpp/poppler-page.h>

#include "pipeline/core/util.h"

namespace hoso {
namespace {

enum class Format { kUnknown, kJpeg, kPng, kTiff, kWebp, kBmp, kPdf };

Format Sniff(const std::string& b) {
  auto starts = [&](const char* magic, size_t n, size_t at = 0) {
    return b.size() >= at + n && std::memcmp(b.data() + at, magic, n) == 0;
  };
  if (starts("\xFF\xD8\xFF", 3)) return Format::kJpeg;
  if (starts("\x89PNG\r\n\x1A\n", 8)) return Format::kPng;
  if (starts("II*\0", 4) || starts("MM\0*", 4)) return Format::kTiff;
  if (starts("RIFF", 4) && starts("WEBP", 4, 8)) return Format::kWebp;
  if (starts("BM", 2)) return Format::kBmp;
  // PDF: "%PDF-" within the first 1 KiB (some writers prepend junk).
  size_t at = b.find("%PDF-");
  if (at != std::string::npos && at < 1024) return Format::kPdf;
  return Format::kUnknown;
}

Status Err(const char* code, const std::string& name, const std::string& vi, const std::string& en) {
  return Status::Error(code, name + ": " + vi + " / " + en);
}

// poppler-cpp's document loading and rendering are not documented as
// thread-safe; serialise them (rendering is a small share of a page's time).
std::mutex& PopplerMutex() {
  static std::mutex m;
  return m;
}

void SilencePoppler() {
  static std::once_flag once;
  std::call_once(once, [] {
    poppler::set_debug_error_function([](const std::string&, void*) {}, nullptr);
  });
}

std::unique_ptr<poppler::document> LoadPdf(const std::string& bytes) {
  SilencePoppler();
  return std::unique_ptr<poppler::document>(
      poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
}

// A JPEG whose entropy-coded data never reaches an EOI marker was cut short.
// (libjpeg pads a truncated stream with grey and only warns.)
bool JpegTruncated(const std::string& b) {
  size_t sos = b.find("\xFF\xDA", 2);
  if (sos == std::string::npos) return true;
  return b.find("\xFF\xD9", sos) == std::string::npos;
}

// libjpeg-turbo straight into the image's rows, BGR or grey as the file
// is, as cv::imdecode decodes it (the same library and settings, the same
// pixels) without its staging and header passes: 20 vs 25 ms for a
// 3000 x 2250 photo into a warm buffer. False, with *out released, for
// what it leaves to imdecode: damaged data (which imdecode then reports
// as it always has) and colour spaces other than grey and YCbCr/RGB.
// Warnings (corrupt but decodable data) are ignored, as imdecode does.
struct JpegErrorJump {
  jpeg_error_mgr mgr;
  std::jmp_buf jump;
};

[[noreturn]] void JpegErrorExit(j_common_ptr c) {
  std::longjmp(reinterpret_cast<JpegErrorJump*>(c->err)->jump, 1);
}

void JpegIgnoreMessage(j_common_ptr, int) {}

bool DecodeJpegDirect(const std::string& b, cv::Mat* out) {
  // Nothing with a destructor lives in this frame between setjmp and a
  // longjmp out of libjpeg: the image is the caller's.
  jpeg_decompress_struct c;
  JpegErrorJump err;
  c.err = jpeg_std_error(&err.mgr);
  err.mgr.error_exit = JpegErrorExit;
  err.mgr.emit_message = JpegIgnoreMessage;
  jpeg_create_decompress(&c);
  if (setjmp(err.jump)) {
    jpeg_destroy_decompress(&c);
    out->release();
    return false;
  }
  jpeg_mem_src(&c, reinterpret_cast<const unsigned char*>(b.data()), static_cast<unsigned long>(b.size()));
  jpeg_read_header(&c, TRUE);
  if (c.num_components != 1 && c.num_components != 3) {
    jpeg_destroy_decompress(&c);
    return false;
  }
  c.out_color_space = c.num_components == 1 ? JCS_GRAYSCALE : JCS_EXT_BGR;
  jpeg_start_decompress(&c);
  out->create(static_cast<int>(c.output_height), static_cast<int>(c.output_width),
              c.output_components == 1 ? CV_8UC1 : CV_8UC3);
  while (c.output_scanline < c.output_height) {
    JSAMPROW row = out->ptr<uchar>(static_cast<int>(c.output_scanline));
    jpeg_read_scanlines(&c, &row, 1);
  }
  jpeg_finish_decompress(&c);
  jpeg_destroy_decompress(&c);
  return true;
}

// Clockwise quarter turns that show an image upright for an EXIF
// orientation without mirroring (1, 3, 6, 8), else -1.
int ExifQuarterTurns(int orientation) {
  switch (orientation) {
    case 1: return 0;
    case 3: return 2;
    case 6: return 1;
    case 8: return 3;
    default: return -1;
  }
}

// Resolution from the file's header, or 0 when absent.
double HeaderDpi(const std::string& b, Format f) {
  FILE* fp = fmemopen(const_cast<char*>(b.data()), b.size(), "rb");
  if (!fp) return 0;
  l_int32 xres = 0, yres = 0;
  setMsgSeverity(L_SEVERITY_NONE);
  if (f == Format::kJpeg) fgetJpegResolution(fp, &xres, &yres);
  else if (f == Format::kPng) fgetPngResolution(fp, &xres, &yres);
  else if (f == Format::kTiff) getTiffResolution(fp, &xres, &yres);
  fclose(fp);
  return (xres >= 50 && xres <= 2400) ? xres : 0;
}

cv::Mat PixToBgr(PIX* pix) {
  PIX* p32 = pixConvertTo32(pix);
  if (!p32) return {};
  int w = pixGetWidth(p32), h = pixGetHeight(p32);
  cv::Mat out(h, w, CV_8UC3);
  for (int y = 0; y < h; ++y) {
    const l_uint32* line = pixGetData(p32) + y * pixGetWpl(p32);
    uint8_t* o = out.ptr<uint8_t>(y);
    for (int x = 0; x < w; ++x) {
      l_int32 r, g, b;
      extractRGBValues(line[x], &r, &g, &b);
      o[3 * x] = static_cast<uint8_t>(b);
      o[3 * x + 1] = static_cast<uint8_t>(g);
      o[3 * x + 2] = static_cast<uint8_t>(r);
    }
  }
  pixDestroy(&p32);
  return out;
}

Status CheckPixels(const std::string& name, std::int64_t w, std::int64_t h, const LoadLimits& limits) {
  if (w <= 0 || h <= 0)
    return Err("input.corrupt", name, "không đọc được kích thước ảnh", "image header has no valid size");
  if (limits.max_pixels > 0 && w * h > limits.max_pixels)
    return Err("input.too_large", name,
               "ảnh quá lớn (" + std::to_string(w) + "×" + std::to_string(h) + " điểm ảnh)",
               "image is " + std::to_string(w) + "x" + std::to_string(h) + " pixels, over the limit of " +
                   std::to_string(limits.max_pixels));
  return Status::Ok();
}

Status ReadBytes(const InputFile& file, const LoadLimits& limits,
                 std::shared_ptr<const std::string>* out) {
  if (file.path.empty() && file.bytes.empty())
    return Err("input.empty", file.name, "tệp rỗng", "file is empty");
  if (!file.bytes.empty()) {
    if (limits.max_bytes > 0 && static_cast<std::int64_t>(file.bytes.size()) > limits.max_bytes)
      return Err("input.too_large", file.name, "tệp quá lớn", "file is over the size limit");
    *out = std::make_shared<const std::string>(file.bytes);
    return Status::Ok();
  }
  auto data = std::make_shared<std::string>();
  Status s = ReadFile(file.path, data.get());
  if (!s.ok()) return s;
  if (limits.max_bytes > 0 && static_cast<std::int64_t>(data->size()) > limits.max_bytes)
    return Err("input.too_large", file.name, "tệp quá lớn", "file is over the size limit");
  *out = std::move(data);
  return Status::Ok();
}

}  // namespace

namespace load_internal {

int JpegExifOrientation(const std::string& b) {
  auto u8 = [&](size_t i) { return static_cast<unsigned>(static_cast<unsigned char>(b[i])); };
  // Marker segments from SOI up to the first scan.
  size_t pos = 2;
  while (pos + 4 <= b.size() && u8(pos) == 0xFF) {
    const unsigned marker = u8(pos + 1);
    if (marker == 0xFF) { ++pos; continue; }  // fill byte
    if (marker == 0xDA || marker == 0xD9) break;  // SOS, EOI
    const size_t len = (u8(pos + 2) << 8) | u8(pos + 3);
    if (len < 2 || pos + 2 + len > b.size()) return 0;
    if (marker != 0xE1) {
      pos += 2 + len;
      continue;
    }
    // The first APP1 is the one OpenCV reads: "Exif\0\0", then a TIFF
    // header and IFD0.
    const size_t seg = pos + 4, seg_end = pos + 2 + len;
    if (seg_end - seg < 6 + 8 || b.compare(seg, 6, std::string("Exif\0\0", 6)) != 0) return 0;
    const size_t tiff = seg + 6;
    bool big;
    if (b.compare(tiff, 4, "MM\0*", 4) == 0) big = true;
    else if (b.compare(tiff, 4, "II*\0", 4) == 0) big = false;
    else return 0;
    auto u16 = [&](size_t at) { return big ? (u8(at) << 8) | u8(at + 1) : u8(at) | (u8(at + 1) << 8); };
    auto u32 = [&](size_t at) {
      return big ? (u16(at) << 16) | u16(at + 2) : u16(at) | (u16(at + 2) << 16);
    };
    const size_t ifd = tiff + u32(tiff + 4);
    if (ifd < tiff + 8 || ifd + 2 > seg_end) return 0;
    const size_t n = u16(ifd);
    for (size_t i = 0; i < n; ++i) {
      const size_t e = ifd + 2 + 12 * i;
      if (e + 12 > seg_end) return 0;
      if (u16(e) != 0x0112) continue;
      // SHORT, one value, stored in the entry itself.
      if (u16(e + 2) != 3 || u32(e + 4) != 1) return 0;
      const int v = static_cast<int>(u16(e + 8));
      return v >= 1 && v <= 8 ? v : 0;
    }
    return 1;  // no orientation tag
  }
  return 1;  // no APP1 segment
}

}  // namespace load_internal

Status ListPages(const InputFile& file, const LoadLimits& limits, std::vector<PageSource>* out) {
  out->clear();
  std::shared_ptr<const std::string> bytes;
  Status s = ReadBytes(file, limits, &bytes);
  if (!s.ok()) return s;
  if (bytes->empty()) return Err("input.empty", file.name, "tệp rỗng", "file is empty");

  Format f = Sniff(*bytes);
  std::string ext = LowerExtension(file.name);
  if (ext == "pdf" && f != Format::kPdf)
    return Err("input.not_pdf", file.name, "tệp có đuôi .pdf nhưng không phải PDF", "named .pdf but is not a PDF");
  if (f == Format::kUnknown)
    return Err("input.unsupported", file.name, "định dạng không hỗ trợ",
               "not a JPEG, PNG, TIFF, WebP, BMP or PDF file");

  int pages = 1;
  if (f == Format::kTiff) {
    FILE* fp = fmemopen(const_cast<char*>(bytes->data()), bytes->size(), "rb");
    l_int32 n = 0;
    setMsgSeverity(L_SEVERITY_NONE);
    bool ok = fp && tiffGetCount(fp, &n) == 0 && n > 0;
    if (fp) fclose(fp);
    if (!ok) return Err("input.corrupt", file.name, "tệp TIFF hỏng", "TIFF file is damaged");
    pages = n;
  } else if (f == Format::kPdf) {
    std::lock_guard<std::mutex> lock(PopplerMutex());
    auto doc = LoadPdf(*bytes);
    if (!doc) return Err("input.corrupt", file.name, "tệp PDF hỏng", "PDF file is damaged or truncated");
    if (doc->is_locked())
      return Err("input.pdf_locked", file.name, "PDF có mật khẩu", "PDF is password-protected");
    pages = doc->pages();
    if (pages <= 0) return Err("input.empty", file.name, "PDF không có trang nào", "PDF has no pages");
  }
  for (int i = 0; i < pages; ++i) {
    PageSource p;
    p.name = file.name;
    p.path = file.path;
    p.bytes = bytes;
    p.index = i;
    out->push_back(std::move(p));
  }
  return Status::Ok();
}

Status DecodePage(const PageSource& page, const LoadLimits& limits, LoadedPage* out) {
  *out = LoadedPage();
  std::shared_ptr<const std::string> bytes = page.bytes;
  if (!bytes) {
    InputFile f;
    f.name = page.name;
    f.path = page.path;
    Status s = ReadBytes(f, limits, &bytes);
    if (!s.ok()) return s;
  }
  const std::string& b = *bytes;
  if (b.empty()) return Err("input.empty", page.name, "tệp rỗng", "file is empty");
  Format f = Sniff(b);
  const auto* data = reinterpret_cast<const l_uint8*>(b.data());

  if (f == Format::kPdf) {
    std::lock_guard<std::mutex> lock(PopplerMutex());
    auto doc = LoadPdf(b);
    if (!doc) return Err("input.corrupt", page.name, "tệp PDF hỏng", "PDF file is damaged or truncated");
    std::unique_ptr<poppler::page> pg(doc->create_page(page.index));
    if (!pg) return Err("input.corrupt", page.name, "không đọc được trang PDF", "PDF page cannot be read");
    poppler::rectf r = pg->page_rect(poppler::media_box);
    if (pg->orientation() == poppler::page::landscape || pg->orientation() == poppler::page::seascape)
      r = poppler::rectf(0, 0, r.height(), r.width());
    std::int64_t w = static_cast<std::int64_t>(r.width() / 72.0 * limits.pdf_dpi);
    std::int64_t h = static_cast<std::int64_t>(r.height() / 72.0 * limits.pdf_dpi);
    Status s = CheckPixels(page.name, w, h, limits);
    if (!s.ok()) return s;
    poppler::page_renderer renderer;
    renderer.set_render_hint(poppler::page_renderer::antialiasing, true);
    renderer.set_render_hint(poppler::page_renderer::text_antialiasing, true);
    renderer.set_image_format(poppler::image::format_rgb24);
    poppler::image img = renderer.render_page(pg.get(), limits.pdf_dpi, limits.pdf_dpi);
    if (!img.is_valid())
      return Err("input.corrupt", page.name, "không dựng được trang PDF", "PDF page cannot be rendered");
    cv::Mat rgb(img.height(), img.width(), CV_8UC3, img.data(), img.bytes_per_row());
    cv::cvtColor(rgb, out->bgr, cv::COLOR_RGB2BGR);
    out->dpi = limits.pdf_dpi;
    return Status::Ok();
  }

  // Raster formats: size from the header first (decompression bombs).
  setMsgSeverity(L_SEVERITY_NONE);
  l_int32 w = 0, h = 0;
  if (f == Format::kTiff) {
    l_int32 bps, spp, res, cmap, fmt;
    if (readHeaderMemTiff(data, b.size(), page.index, &w, &h, &bps, &spp, &res, &cmap, &fmt) != 0)
      return Err("input.corrupt", page.name, "tệp TIFF hỏng", "TIFF header cannot be read");
  } else {
    l_int32 fmt, bps, spp, cmap;
    if (pixReadHeaderMem(data, b.size(), &fmt, &w, &h, &bps, &spp, &cmap) != 0)
      return Err(f == Format::kJpeg && JpegTruncated(b) ? "input.truncated" : "input.corrupt", page.name,
                 "không đọc được phần đầu ảnh", "image header cannot be read");
  }
  Status s = CheckPixels(page.name, w, h, limits);
  if (!s.ok()) return s;

  if (f == Format::kJpeg && JpegTruncated(b))
    return Err("input.truncated", page.name, "ảnh JPEG bị cắt cụt", "JPEG data ends before the image does");

  if (f == Format::kTiff) {
    PIX* pix = pixReadMemTiff(data, b.size(), page.index);
    if (!pix) return Err("input.corrupt", page.name, "trang TIFF hỏng", "TIFF page cannot be decoded");
    out->bgr = PixToBgr(pix);
    pixDestroy(&pix);
  } else {
    // imdecode applies the EXIF orientation (no IMREAD_IGNORE_ORIENTATION),
    // unless a quarter turn is left to the caller. A gray image (many
    // scans) stays one channel: expanding it to BGR would triple the work
    // of every stage after this one.
    int flags = cv::IMREAD_ANYCOLOR;
    bool direct = false;  // a JPEG nothing is to be turned or mirrored in: decoded here
    if (f == Format::kJpeg) {
      const int orientation = load_internal::JpegExifOrientation(b);
      const int turns = ExifQuarterTurns(orientation);
      direct = orientation == 0 || turns == 0;
      if (limits.defer_exif_turns && turns >= 0) {
        flags |= cv::IMREAD_IGNORE_ORIENTATION;
        out->quarter_turns = turns;
        direct = true;
      }
    }
    if (!direct || !DecodeJpegDirect(b, &out->bgr)) {
      cv::Mat buf(1, static_cast<int>(b.size()), CV_8UC1, const_cast<char*>(b.data()));
      out->bgr = cv::imdecode(buf, flags);
    }
  }
  if (out->bgr.empty())
    return Err(f == Format::kPng ? "input.truncated" : "input.corrupt", page.name, "ảnh hỏng, không giải mã được",
               "image data is damaged and cannot be decoded");
  out->dpi = HeaderDpi(b, f);
  return Status::Ok();
}

}  // namespace hoso
