#include "pipeline/load/load.h"

#include <cstdio>
#include <cstring>
#include <mutex>

#include <leptonica/allheaders.h>
#include <png.h>
#include <opencv2/imgproc.hpp>
#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-global.h>
#include <poppler/cpp/poppler-image.h>
#include <poppler/cpp/poppler-page-renderer.h>
#include <poppler/cpp/poppler-page.h>

#include "pipeline/core/jpeg.h"
#include "pipeline/core/util.h"
#include "pipeline/load/png.h"

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

// The image as its EXIF `orientation` (1..8) asks to show it, from the
// stored pixels: what cv::imdecode applies. Other values leave it as it is.
void ApplyExifOrientation(int orientation, cv::Mat* img) {
  cv::Mat t;
  switch (orientation) {
    case 2: cv::flip(*img, t, 1); break;
    case 3: cv::flip(*img, t, -1); break;
    case 4: cv::flip(*img, t, 0); break;
    case 5: cv::transpose(*img, t); break;
    case 6: cv::rotate(*img, t, cv::ROTATE_90_CLOCKWISE); break;
    case 7: cv::transpose(*img, t); cv::flip(t, t, -1); break;
    case 8: cv::rotate(*img, t, cv::ROTATE_90_COUNTERCLOCKWISE); break;
    default: return;
  }
  *img = t;
}

// libpng straight into the image's rows with the transforms cv::imdecode
// (IMREAD_ANYCOLOR) asks of it, so the same pixels: 16 bits stripped to
// their high byte, alpha dropped, palettes expanded to colour, grey of 1, 2
// or 4 bits to 8; grey files stay one channel, colour ones are BGR. (Read
// through Leptonica, a 2480 x 3508 colour PNG took 340 ms, against 90.)
// kDamaged or kCut (the data ends early), with *out released, when libpng
// reports an error; kOtherLayout when the file's layout is one these
// transforms do not bring to 8-bit grey or BGR (left to Leptonica).
enum class PngOutcome { kOk, kDamaged, kCut, kOtherLayout };

struct PngSource {
  const unsigned char* data;
  size_t size, at;
  bool ran_out;
};

void PngRead(png_structp png, png_bytep out, png_size_t n) {
  auto* src = static_cast<PngSource*>(png_get_io_ptr(png));
  if (n > src->size - src->at) {
    src->ran_out = true;
    png_error(png, "read past the end of the data");
  }
  std::memcpy(out, src->data + src->at, n);
  src->at += n;
}

void PngWarning(png_structp, png_const_charp) {}

[[noreturn]] void PngError(png_structp png, png_const_charp) { png_longjmp(png, 1); }

PngOutcome DecodePng(const std::string& b, cv::Mat* out) {
  // Nothing with a destructor lives in this frame between setjmp and a
  // longjmp out of libpng: the image is the caller's.
  png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, nullptr, PngError, PngWarning);
  if (!png) return PngOutcome::kOtherLayout;
  png_infop info = png_create_info_struct(png);
  if (!info) {
    png_destroy_read_struct(&png, nullptr, nullptr);
    return PngOutcome::kOtherLayout;
  }
  PngSource src{reinterpret_cast<const unsigned char*>(b.data()), b.size(), 0, false};
  if (setjmp(png_jmpbuf(png))) {
    png_destroy_read_struct(&png, &info, nullptr);
    out->release();
    return src.ran_out ? PngOutcome::kCut : PngOutcome::kDamaged;
  }
  png_set_read_fn(png, &src, PngRead);
  // Every chunk's CRC still guards the compressed bytes; zlib's Adler-32 of
  // the inflated ones repeats that check at 10% of the decode (8 of 84 ms
  // for a 2480 x 3508 colour scan).
  png_set_option(png, PNG_IGNORE_ADLER32, PNG_OPTION_ON);
  png_read_info(png, info);
  const int colour_type = png_get_color_type(png, info), depth = png_get_bit_depth(png, info);
  const bool colour = (colour_type & PNG_COLOR_MASK_COLOR) != 0;
  if (depth == 16) png_set_strip_16(png);
  png_set_strip_alpha(png);
  if (colour_type == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
  if (!colour && depth < 8) png_set_expand_gray_1_2_4_to_8(png);
  if (colour) png_set_bgr(png);
  const int passes = png_set_interlace_handling(png);
  png_read_update_info(png, info);
  const int w = static_cast<int>(png_get_image_width(png, info)), h = static_cast<int>(png_get_image_height(png, info));
  if (png_get_rowbytes(png, info) != static_cast<size_t>(w) * (colour ? 3 : 1)) {
    png_destroy_read_struct(&png, &info, nullptr);
    out->release();
    return PngOutcome::kOtherLayout;
  }
  out->create(h, w, colour ? CV_8UC3 : CV_8UC1);
  for (int pass = 0; pass < passes; ++pass)
    for (int y = 0; y < h; ++y) png_read_row(png, out->ptr<png_byte>(y), nullptr);
  png_read_end(png, nullptr);
  png_destroy_read_struct(&png, &info, nullptr);
  return PngOutcome::kOk;
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

// A Leptonica image as 8-bit grey (grey, bilevel and 16-bit images, grey
// colormaps; 16 bits keep their high byte, as imdecode does) or BGR
// (colour; alpha dropped). Empty when Leptonica cannot convert it.
cv::Mat PixToMat(PIX* pix) {
  PIX* p = nullptr;
  if (pixGetColormap(pix)) p = pixRemoveColormap(pix, REMOVE_CMAP_BASED_ON_SRC);
  else if (pixGetDepth(pix) == 16) p = pixConvert16To8(pix, L_MS_BYTE);
  else if (pixGetDepth(pix) < 8) p = pixConvertTo8(pix, 0);
  else p = pixClone(pix);
  if (p && pixGetDepth(p) != 8 && pixGetDepth(p) != 32) {
    PIX* q = pixConvertTo32(p);
    pixDestroy(&p);
    p = q;
  }
  if (!p) return {};
  const int w = pixGetWidth(p), h = pixGetHeight(p), wpl = pixGetWpl(p);
  const bool gray = pixGetDepth(p) == 8;
  cv::Mat out(h, w, gray ? CV_8UC1 : CV_8UC3);
  for (int y = 0; y < h; ++y) {
    const l_uint32* line = pixGetData(p) + static_cast<size_t>(y) * wpl;
    uint8_t* o = out.ptr<uint8_t>(y);
    if (gray) {
      for (int x = 0; x < w; ++x) o[x] = static_cast<uint8_t>(GET_DATA_BYTE(line, x));
    } else {
      for (int x = 0; x < w; ++x) {
        l_int32 r, g, b;
        extractRGBValues(line[x], &r, &g, &b);
        o[3 * x] = static_cast<uint8_t>(b);
        o[3 * x + 1] = static_cast<uint8_t>(g);
        o[3 * x + 2] = static_cast<uint8_t>(r);
      }
    }
  }
  pixDestroy(&p);
  return out;
}

// What Leptonica decoded (`pix`, null when it could not) as PixToMat gives
// it, `pix` freed.
cv::Mat TakePix(PIX* pix) {
  cv::Mat out = pix ? PixToMat(pix) : cv::Mat();
  pixDestroy(&pix);
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

  PngOutcome png = PngOutcome::kOtherLayout;  // not a PNG, or one left to Leptonica
  if (f == Format::kJpeg) {
    // Decoded here, and turned or mirrored as its EXIF orientation asks,
    // unless a quarter turn is left to the caller. A grey image (many
    // scans) stays one channel: expanding it to BGR would triple the work
    // of every stage after this one. Colour spaces libjpeg does not turn
    // into BGR (CMYK) go through Leptonica.
    int orientation = load_internal::JpegExifOrientation(b);
    const int turns = ExifQuarterTurns(orientation);
    if (limits.defer_exif_turns && turns >= 0) {
      out->quarter_turns = turns;
      orientation = 1;
    }
    if (!DecodeJpeg(b, &out->bgr)) out->bgr = TakePix(pixReadMemJpeg(data, b.size(), 0, 1, nullptr, 0));
    if (!out->bgr.empty()) ApplyExifOrientation(orientation, &out->bgr);
  } else {
    // A PNG in the layout scans come in (8-bit grey or RGB) is decoded
    // without libpng (pipeline/load/png.h); others, and damaged ones, by
    // libpng. One libpng cannot read goes no further: Leptonica (libpng
    // again) cannot either.
    if (f == Format::kPng) {
      png = load_internal::DecodePngDirect(b, &out->bgr) ? PngOutcome::kOk : DecodePng(b, &out->bgr);
    }
    if (png == PngOutcome::kOtherLayout)
      out->bgr = TakePix(f == Format::kTiff ? pixReadMemTiff(data, b.size(), page.index) : pixReadMem(data, b.size()));
  }
  if (png == PngOutcome::kCut)
    return Err("input.truncated", page.name, "ảnh PNG bị cắt cụt", "PNG data ends before the image does");
  if (out->bgr.empty())
    return Err("input.corrupt", page.name, "ảnh hỏng, không giải mã được", "image data is damaged and cannot be decoded");
  out->dpi = HeaderDpi(b, f);
  return Status::Ok();
}

}  // namespace hoso
