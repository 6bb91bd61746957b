// Searchable PDF with libharu: one JPEG image per page plus an invisible
// (rendering mode 3) text layer in an embedded TrueType font.
#include "pipeline/write/pdf.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <type_traits>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <hpdf.h>
#include <hpdf_doc.h>
#include <hpdf_objects.h>
#include <opencv2/imgproc.hpp>
#include <unicode/translit.h>
#include <unicode/unistr.h>

#include "pipeline/core/jpeg.h"

namespace hoso {

namespace {

// JPEG quality for the page images. Measured on generated A4 form scans
// after Enhance (white paper, gray): q70 gives 360-450 KB per page with no
// visible ringing around 10 pt text at 100% zoom; q80 gives 420-525 KB.
// (ocrmypdf on the same pages: 280 KB for a PNG input, 1.2 MB for a JPEG
// input it passes through.)
// Huffman tables are libjpeg's standard ones, not optimised per image: the
// optimising second pass took a page from 5.2 to 8.5 ms (stages_bench
// BM_EncodeImage) to save 9% of its bytes (182 -> 166 KB), already under
// half of ocrmypdf's.
constexpr int kJpegQualityGray = 70;
constexpr int kJpegQualityColour = 72;

const char* const kDefaultFonts[] = {
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "/usr/share/fonts/truetype/freefont/FreeSans.ttf",
};

// libharu reports errors through this callback and then returns an error
// code from the failing call; we record the first error and check it after
// each step (no longjmp).
struct HpdfError {
  HPDF_STATUS error = HPDF_OK;
  HPDF_STATUS detail = 0;
};

void OnHpdfError(HPDF_STATUS error_no, HPDF_STATUS detail_no, void* user_data) {
  auto* e = static_cast<HpdfError*>(user_data);
  if (e->error == HPDF_OK) {
    e->error = error_no;
    e->detail = detail_no;
  }
}

struct DocDeleter {
  void operator()(HPDF_Doc d) const { HPDF_Free(d); }
};
using DocPtr = std::unique_ptr<std::remove_pointer_t<HPDF_Doc>, DocDeleter>;

Status Failed(const HpdfError& e, const std::string& what) {
  char buf[64];
  std::snprintf(buf, sizeof(buf), " (libharu error 0x%04X, detail %u)",
                static_cast<unsigned>(e.error), static_cast<unsigned>(e.detail));
  return Status::Error("output.pdf_failed", "Không tạo được PDF / cannot build the PDF: " + what + buf);
}

std::string ResolveFont(const std::string& requested) {
  std::error_code ec;
  if (!requested.empty()) return requested;
  for (const char* f : kDefaultFonts) {
    if (std::filesystem::is_regular_file(f, ec)) return f;
  }
  return std::string();
}

// PDF info strings go through libharu as PDFDocEncoding bytes, so non-ASCII
// text would be garbled: transliterate to ASCII ("Giấy chứng sinh" ->
// "Giay chung sinh").
std::string AsciiTitle(const std::string& utf8) {
  bool ascii = std::all_of(utf8.begin(), utf8.end(),
                           [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  if (ascii) return utf8;
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::Transliterator> tr(icu::Transliterator::createInstance(
      "Any-Latin; Latin-ASCII", UTRANS_FORWARD, status));
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(utf8);
  if (U_SUCCESS(status) && tr) tr->transliterate(u);
  std::string out;
  u.toUTF8String(out);
  std::string clean;
  for (char c : out) {
    if (static_cast<unsigned char>(c) < 0x80 && (c >= 0x20 || c == '\t')) clean += c;
  }
  return clean;
}

// libharu 2.3.0 encodes UTF-8 text for a TrueType font as Identity-H with
// character code = Unicode code point (BMP), and attaches as /ToUnicode the
// same CID CMap it uses for the encoding ("begincidrange"), which is not a
// valid ToUnicode CMap: poppler warns and falls back to guessing from the
// font, other viewers copy garbage. We replace it by an identity
// code -> UTF-16 map over the BMP (without the surrogate block).
std::string IdentityToUnicodeCMap() {
  std::vector<int> hi;
  for (int h = 0; h < 256; ++h) {
    if (h < 0xD8 || h > 0xDF) hi.push_back(h);
  }
  std::string s =
      "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
      "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
      "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
      "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n";
  char buf[64];
  for (size_t i = 0; i < hi.size(); i += 100) {
    const size_t n = std::min<size_t>(100, hi.size() - i);
    s += std::to_string(n) + " beginbfrange\n";
    for (size_t j = i; j < i + n; ++j) {
      std::snprintf(buf, sizeof(buf), "<%02X00> <%02XFF> <%02X00>\n", hi[j], hi[j], hi[j]);
      s += buf;
    }
    s += "endbfrange\n";
  }
  s += "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n";
  return s;
}

bool InstallToUnicode(HPDF_Doc doc, HPDF_Font font) {
  HPDF_Dict cmap = HPDF_DictStream_New(doc->mmgr, doc->xref);
  if (cmap == nullptr) return false;
  cmap->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
  const std::string text = IdentityToUnicodeCMap();
  if (HPDF_Stream_Write(cmap->stream, reinterpret_cast<const HPDF_BYTE*>(text.data()),
                        static_cast<HPDF_UINT>(text.size())) != HPDF_OK) {
    return false;
  }
  // Replaces the font's entry; the old stream stays an unreferenced object.
  return HPDF_Dict_Add(font, "ToUnicode", cmap) == HPDF_OK;
}

// Invisible text for one page. Each line's words share the line's font size
// and baseline (so text extraction keeps them on one line); each word starts
// at its box's left edge and is stretched horizontally (Tz) to its box's
// width. Every word but the last of a line is followed by a space glyph
// stretched over the gap to the next word, so that extracted text has one
// space between words and selecting a word selects just that word.
bool PlaceText(HPDF_Page page, HPDF_Font font, const OcrResult& ocr, double px_to_pt,
               double page_h_pt, const HpdfError& err) {
  if (ocr.lines.empty()) return true;
  const double ascent = HPDF_Font_GetAscent(font) / 1000.0;
  const double descent = -HPDF_Font_GetDescent(font) / 1000.0;  // positive
  const double em_height = std::max(0.5, ascent + descent);
  const double space_width =
      HPDF_Font_TextWidth(font, reinterpret_cast<const HPDF_BYTE*>(" "), 1).width / 1000.0;
  HPDF_Page_BeginText(page);
  HPDF_Page_SetTextRenderingMode(page, HPDF_INVISIBLE);
  for (const OcrLine& line : ocr.lines) {
    if (line.words.empty()) continue;
    cv::Rect lbox = line.box;
    if (lbox.empty()) {
      for (int wi : line.words) lbox |= ocr.words[wi].box;
    }
    if (lbox.height <= 0) continue;
    const double size = std::clamp(lbox.height * px_to_pt / em_height, 1.0, 300.0);
    const double baseline = page_h_pt - (lbox.y + lbox.height) * px_to_pt + descent * size;
    HPDF_Page_SetFontAndSize(page, font, static_cast<HPDF_REAL>(size));
    for (size_t i = 0; i < line.words.size(); ++i) {
      const int wi = line.words[i];
      if (wi < 0 || wi >= static_cast<int>(ocr.words.size())) continue;
      const OcrWord& w = ocr.words[wi];
      if (w.text.empty()) continue;
      const HPDF_TextWidth tw = HPDF_Font_TextWidth(
          font, reinterpret_cast<const HPDF_BYTE*>(w.text.data()), static_cast<HPDF_UINT>(w.text.size()));
      const double natural = tw.width / 1000.0 * size;
      const double target = std::max(1, w.box.width) * px_to_pt;
      const double scaling = natural > 0 ? std::clamp(100.0 * target / natural, double{HPDF_MIN_HORIZONTALSCALING},
                                                   double{HPDF_MAX_HORIZONTALSCALING}) : 100.0;
      HPDF_Page_SetHorizontalScalling(page, static_cast<HPDF_REAL>(scaling));
      HPDF_Page_SetTextMatrix(page, 1, 0, 0, 1, static_cast<HPDF_REAL>(w.box.x * px_to_pt),
                              static_cast<HPDF_REAL>(baseline));
      HPDF_Page_ShowText(page, w.text.c_str());
      if (i + 1 < line.words.size()) {
        // The space is stretched over the gap to the next word, so the line
        // stays one run of text for extraction tools however wide the gap
        // (dotted leaders, form fields).
        const int next = line.words[i + 1];
        const double gap_px =
            (next >= 0 && next < static_cast<int>(ocr.words.size()))
                ? ocr.words[next].box.x - (w.box.x + w.box.width)
                : 0.0;
        // libharu limits Tz to 10..300 %, so the space keeps Tz 100 and
        // character spacing (Tc, up to 300 pt) makes up the rest.
        const double extra = std::max(1.0, gap_px) * px_to_pt - space_width * size;
        HPDF_Page_SetHorizontalScalling(page, 100);
        HPDF_Page_SetCharSpace(page, static_cast<HPDF_REAL>(std::clamp(extra, std::max(-space_width * size, double{HPDF_MIN_CHARSPACE}),
                                                                     double{HPDF_MAX_CHARSPACE})));
        HPDF_Page_ShowText(page, " ");
        HPDF_Page_SetCharSpace(page, 0);
      }
      if (err.error != HPDF_OK) return false;
    }
  }
  HPDF_Page_EndText(page);
  return err.error == HPDF_OK;
}

}  // namespace

Status EncodePdfImage(const cv::Mat& display, double dpi, PdfImage* out) {
  *out = PdfImage();
  if (display.empty() || display.depth() != CV_8U ||
      (display.channels() != 1 && display.channels() != 3)) {
    return Status::Error("output.pdf_failed", "page image must be 8-bit gray or BGR");
  }
  const bool gray = display.channels() == 1;
  if (!EncodeJpeg(display, gray ? kJpegQualityGray : kJpegQualityColour, &out->bytes)) {
    return Status::Error("output.pdf_failed", "JPEG encoding of the page failed");
  }
  out->width = display.cols;
  out->height = display.rows;
  out->channels = display.channels();
  out->dpi = dpi > 0 ? dpi : 300.0;
  return Status::Ok();
}

Status WriteSearchablePdf(const std::vector<PdfPage>& pages, const PdfOptions& options,
                          std::string* pdf_bytes) {
  pdf_bytes->clear();
  if (pages.empty()) return Status::Error("output.pdf_failed", "no pages to write");
  HpdfError err;
  DocPtr pdf(HPDF_New(OnHpdfError, &err));
  if (!pdf) return Failed(err, "out of memory");
  HPDF_Doc doc = pdf.get();
  HPDF_SetCompressionMode(doc, HPDF_COMP_ALL);
  HPDF_SetInfoAttr(doc, HPDF_INFO_PRODUCER, "hoso");
  HPDF_SetInfoAttr(doc, HPDF_INFO_CREATOR, "hoso");
  if (!options.title.empty()) HPDF_SetInfoAttr(doc, HPDF_INFO_TITLE, AsciiTitle(options.title).c_str());
  if (err.error != HPDF_OK) return Failed(err, "document setup");

  // The font is loaded only when some page has text.
  HPDF_Font font = nullptr;
  const bool any_text = std::any_of(pages.begin(), pages.end(),
                                    [](const PdfPage& p) { return !p.ocr.words.empty(); });
  if (any_text) {
    const std::string font_path = ResolveFont(options.font_path);
    std::error_code ec;
    if (font_path.empty() || !std::filesystem::is_regular_file(font_path, ec)) {
      return Status::Error("output.pdf_failed",
                           "no TrueType font with Vietnamese glyphs found (tried " +
                               (font_path.empty() ? std::string("DejaVu Sans, Liberation Sans, FreeSans")
                                                  : font_path) +
                               "; install fonts-dejavu-core)");
    }
    HPDF_UseUTFEncodings(doc);
    const char* name = HPDF_LoadTTFontFromFile(doc, font_path.c_str(), HPDF_TRUE);
    if (name == nullptr || err.error != HPDF_OK) return Failed(err, "cannot load font " + font_path);
    font = HPDF_GetFont(doc, name, "UTF-8");
    if (font == nullptr || err.error != HPDF_OK) return Failed(err, "cannot use font " + font_path);
    if (!InstallToUnicode(doc, font) || err.error != HPDF_OK) {
      return Failed(err, "cannot attach the font's ToUnicode map");
    }
  }

  for (size_t pi = 0; pi < pages.size(); ++pi) {
    const PdfPage& p = pages[pi];
    const PdfImage& im = p.image;
    if (im.bytes.empty() || im.width <= 0 || im.height <= 0) {
      return Status::Error("output.pdf_failed", "page " + std::to_string(pi + 1) + " has no image");
    }
    const double dpi = im.dpi > 0 ? im.dpi : 300.0;
    const double px_to_pt = 72.0 / dpi;
    const double w_pt = im.width * px_to_pt, h_pt = im.height * px_to_pt;
    HPDF_Page page = HPDF_AddPage(doc);
    if (page == nullptr) return Failed(err, "cannot add page");
    HPDF_Page_SetWidth(page, static_cast<HPDF_REAL>(w_pt));
    HPDF_Page_SetHeight(page, static_cast<HPDF_REAL>(h_pt));
    HPDF_Image image = HPDF_LoadJpegImageFromMem(
        doc, reinterpret_cast<const HPDF_BYTE*>(im.bytes.data()), static_cast<HPDF_UINT>(im.bytes.size()));
    if (image == nullptr || err.error != HPDF_OK) {
      return Failed(err, "page " + std::to_string(pi + 1) + ": cannot embed the JPEG image");
    }
    HPDF_Page_DrawImage(page, image, 0, 0, static_cast<HPDF_REAL>(w_pt), static_cast<HPDF_REAL>(h_pt));
    if (font != nullptr && !PlaceText(page, font, p.ocr, px_to_pt, h_pt, err)) {
      return Failed(err, "page " + std::to_string(pi + 1) + ": cannot place the text layer");
    }
    if (err.error != HPDF_OK) return Failed(err, "page " + std::to_string(pi + 1));
  }

  if (HPDF_SaveToStream(doc) != HPDF_OK || err.error != HPDF_OK) return Failed(err, "cannot serialise");
  const HPDF_UINT32 size = HPDF_GetStreamSize(doc);
  pdf_bytes->resize(size);
  HPDF_UINT32 len = size;
  const HPDF_STATUS rs =
      HPDF_ReadFromStream(doc, reinterpret_cast<HPDF_BYTE*>(pdf_bytes->data()), &len);
  if (rs != HPDF_OK && rs != HPDF_STREAM_EOF) {
    pdf_bytes->clear();
    return Failed(err, "cannot read back the document");
  }
  pdf_bytes->resize(len);
  return Status::Ok();
}

std::string TextLayerFont(const std::string& models_dir) {
  std::error_code ec;
  const std::string path = models_dir + "/fonts/hoso-text-layer.ttf";
  return !models_dir.empty() && std::filesystem::is_regular_file(path, ec) ? path : std::string();
}

}  // namespace hoso
