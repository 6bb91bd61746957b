// Page rendering: lays out a PageSpec on an A4 libharu page (embedded TrueType fonts, UTF-8), records the
// text of every printed line, then rasterises the PDF with poppler-cpp at 300 dpi.
#include <hpdf.h>
#include <hpdf_font.h>
#include <hpdf_fontdef.h>
#include <hpdf_objects.h>
#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-image.h>
#include <poppler-page-renderer.h>
#include <poppler-page.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <cctype>
#include <mutex>
#include <stdexcept>

#include <opencv2/imgproc.hpp>

#include "samples/generator/samplegen.h"

namespace hoso {
namespace samplegen {
namespace {

struct FontFamily {
  const char* regular;
  const char* bold;
  const char* italic;
  double size_lo, size_hi;  // body size range in points
};

const char kFontDir[] = "/usr/share/fonts/truetype/";

const std::vector<FontFamily>& Families() {
  static const std::vector<FontFamily> f = {
      {"liberation2/LiberationSerif-Regular.ttf", "liberation2/LiberationSerif-Bold.ttf",
       "liberation2/LiberationSerif-Italic.ttf", 11.5, 13},
      {"liberation2/LiberationSans-Regular.ttf", "liberation2/LiberationSans-Bold.ttf",
       "liberation2/LiberationSans-Italic.ttf", 11, 12.5},
      {"dejavu/DejaVuSerif.ttf", "dejavu/DejaVuSerif-Bold.ttf", "dejavu/DejaVuSerif-Italic.ttf", 10.5, 12},
      {"dejavu/DejaVuSans.ttf", "dejavu/DejaVuSans-Bold.ttf", "dejavu/DejaVuSans-Oblique.ttf", 10.5, 11.5},
      {"freefont/FreeSerif.ttf", "freefont/FreeSerifBold.ttf", "freefont/FreeSerifItalic.ttf", 11.5, 13},
  };
  return f;
}

enum Sty { kReg = 0, kBold = 1, kItal = 2 };

struct Op {
  bool is_text = true;
  double x = 0, y = 0;    // text: baseline start; line: start. y from the top, points
  double x2 = 0, y2 = 0;  // line end
  std::string text;
  int sty = kReg;
  double size = 12;
};

struct Token {
  std::string text;
  int sty = kReg;
};

// libharu 2.3.0 subsets embedded TrueType fonts but does not follow nested composite glyphs (libharu
// issue #79): Vietnamese letters with two marks (Ệ, Ộ, Ị in bold faces) lose their components and render
// as "B^NH". Marking every glyph as used makes it embed the whole glyph table instead.
void EmbedAllGlyphs(HPDF_Font font) {
  auto* fattr = static_cast<HPDF_FontAttr>(font->attr);
  if (!fattr || !fattr->fontdef || fattr->fontdef->type != HPDF_FONTDEF_TYPE_TRUETYPE) return;
  auto* tattr = static_cast<HPDF_TTFontDefAttr>(fattr->fontdef->attr);
  if (!tattr || !tattr->glyph_tbl.flgs) return;
  for (HPDF_UINT16 i = 0; i < tattr->num_glyphs; ++i) tattr->glyph_tbl.flgs[i] = 1;
}

void HpdfError(HPDF_STATUS error_no, HPDF_STATUS detail_no, void* user) {
  auto* msg = static_cast<std::string*>(user);
  if (msg->empty()) *msg = "libharu error " + std::to_string(error_no) + "/" + std::to_string(detail_no);
}

class Layout {
 public:
  Layout(HPDF_Font fonts[3], double size, double lh, double left, double right, double top, bool dots_spaced)
      : size_(size), lh_(lh), left_(left), right_(right), y_(top), dots_spaced_(dots_spaced) {
    for (int i = 0; i < 3; ++i) fonts_[i] = fonts[i];
  }

  double Width(const std::string& s, int sty, double size) const {
    if (s.empty()) return 0;
    HPDF_TextWidth tw = HPDF_Font_TextWidth(fonts_[sty], reinterpret_cast<const HPDF_BYTE*>(s.data()),
                                            static_cast<HPDF_UINT>(s.size()));
    return tw.width * size / 1000.0;
  }

  // Splits runs into words.
  static std::vector<Token> Tokens(const std::vector<Token>& runs) {
    std::vector<Token> out;
    for (const auto& r : runs) {
      size_t i = 0;
      while (i < r.text.size()) {
        while (i < r.text.size() && r.text[i] == ' ') ++i;
        size_t j = i;
        while (j < r.text.size() && r.text[j] != ' ') ++j;
        if (j > i) out.push_back({r.text.substr(i, j - i), r.sty});
        i = j;
      }
    }
    return out;
  }

  // Greedy wrap to max width; returns lines of tokens.
  std::vector<std::vector<Token>> Wrap(const std::vector<Token>& toks, double maxw, double size) const {
    std::vector<std::vector<Token>> lines(1);
    double x = 0;
    double sp = Width(" ", kReg, size);
    for (const auto& t : toks) {
      double w = Width(t.text, t.sty, size);
      if (!lines.back().empty() && x + sp + w > maxw) {
        lines.emplace_back();
        x = 0;
      }
      if (!lines.back().empty()) x += sp;
      lines.back().push_back(t);
      x += w;
    }
    if (lines.back().empty()) lines.pop_back();
    return lines;
  }

  double LineWidth(const std::vector<Token>& line, double size) const {
    double w = 0, sp = Width(" ", kReg, size);
    for (size_t i = 0; i < line.size(); ++i) w += (i ? sp : 0) + Width(line[i].text, line[i].sty, size);
    return w;
  }

  // Emits one line of tokens at x (baseline y). Returns end x; appends the text to *truth.
  double Emit(const std::vector<Token>& line, double x, double y, double size, std::string* truth) {
    double sp = Width(" ", kReg, size);
    size_t i = 0;
    while (i < line.size()) {
      size_t j = i;
      std::string run;
      while (j < line.size() && line[j].sty == line[i].sty) {
        if (j > i) run += " ";
        run += line[j].text;
        ++j;
      }
      if (i > 0) x += sp;
      ops_.push_back({true, x, y, 0, 0, run, line[i].sty, size});
      x += Width(run, line[i].sty, size);
      if (!truth->empty()) *truth += " ";
      *truth += run;
      i = j;
    }
    return x;
  }

  // Dotted leader from x to xend on baseline y.
  void Leader(double x, double xend, double y, std::string* truth) {
    double sp = Width(" ", kReg, size_);
    std::string unit = dots_spaced_ ? ". " : ".";
    double dw = Width(unit, kReg, size_);
    int n = static_cast<int>((xend - x - sp) / dw);
    if (n < 4) return;
    std::string dots;
    for (int i = 0; i < n; ++i) dots += unit;
    while (!dots.empty() && dots.back() == ' ') dots.pop_back();
    ops_.push_back({true, x + (truth->empty() ? 0 : sp), y, 0, 0, dots, kReg, size_});
    if (!truth->empty()) *truth += " ";
    *truth += dots;
  }

  void Line(double x1, double y1, double x2, double y2) { ops_.push_back({false, x1, y1, x2, y2, "", kReg, 0.6}); }

  double Baseline() const { return y_ + size_ * 0.95; }

  // label + value (+ leader) between x0 and x1, wrapping; continuation lines start at x0.
  void FieldAt(const Seg& s, double x0, double x1, bool advance_last) {
    std::vector<Token> runs;
    if (!s.label.empty()) runs.push_back({s.label, kReg});
    if (!s.value.empty()) runs.push_back({s.value, s.bold_value ? kBold : kReg});
    auto lines = Wrap(Tokens(runs), x1 - x0, size_);
    for (size_t i = 0; i < lines.size(); ++i) {
      std::string truth;
      double end = Emit(lines[i], x0, Baseline(), size_, &truth);
      if (i + 1 == lines.size() && s.leader) Leader(end, x1, Baseline(), &truth);
      lines_.push_back(truth);
      if (i + 1 < lines.size() || advance_last) y_ += lh_;
    }
  }

  void Do(const Block& b) {
    double width = right_ - left_;
    switch (b.kind) {
      case BlockKind::kSpace:
        y_ += b.space;
        break;
      case BlockKind::kField:
        FieldAt(b.segs[0], left_, right_, true);
        break;
      case BlockKind::kRow: {
        std::vector<double> nat;
        double total = 0, gap = 14;
        for (const auto& s : b.segs) {
          double w = Width(s.label + " " + s.value, s.bold_value ? kBold : kReg, size_) + 4;
          nat.push_back(w);
          total += w;
        }
        if (total + gap * (b.segs.size() - 1) > width) {
          for (const auto& s : b.segs) FieldAt(s, left_, right_, true);
          break;
        }
        double extra = (width - total) / b.segs.size();
        std::vector<double> start;
        double x = left_;
        for (size_t i = 0; i < b.segs.size(); ++i) {
          start.push_back(x);
          x += nat[i] + extra;
        }
        std::string truth;
        double bl = Baseline();
        for (size_t i = 0; i < b.segs.size(); ++i) {
          const Seg& s = b.segs[i];
          std::vector<Token> runs;
          if (!s.label.empty()) runs.push_back({s.label, kReg});
          if (!s.value.empty()) runs.push_back({s.value, s.bold_value ? kBold : kReg});
          double end = Emit(Tokens(runs), start[i], bl, size_, &truth);
          double stop = i + 1 < b.segs.size() ? start[i + 1] - 8 : right_;
          if (s.leader) Leader(end, stop, bl, &truth);
        }
        lines_.push_back(truth);
        y_ += lh_;
        break;
      }
      case BlockKind::kCenter:
      case BlockKind::kText:
      case BlockKind::kRight: {
        double size = size_ * b.scale;
        int sty = b.bold ? kBold : b.italic ? kItal : kReg;
        double x0 = left_, x1 = right_;
        if (b.kind == BlockKind::kRight) {
          // Centred in the right part of the page; a longer line stays on one line, flush right.
          x0 = left_ + width * 0.42;
          double w = LineWidth(Tokens({{b.text, sty}}), size);
          if (w > x1 - x0) x0 = std::max(left_, x1 - w);
        }
        auto lines = Wrap(Tokens({{b.text, sty}}), x1 - x0, size);
        for (const auto& line : lines) {
          double w = LineWidth(line, size);
          double x = b.kind == BlockKind::kText ? x0 : x0 + (x1 - x0 - w) / 2;
          if (b.kind == BlockKind::kRight && b.text.rfind("Mẫu", 0) == 0) x = x1 - w;
          std::string truth;
          Emit(line, x, y_ + size * 0.95, size, &truth);
          lines_.push_back(truth);
          y_ += lh_ * b.scale;
        }
        break;
      }
      case BlockKind::kColumns: {
        double x = left_, ymax = y_;
        std::vector<double> cws;
        for (double f : b.col_fracs) cws.push_back(width * f);
        if (cws.size() == 2) {  // widen the right column (national motto) when its longest line needs it
          double need = 0;
          for (const auto& cl : b.columns[1])
            need = std::max(need, LineWidth(Tokens({{cl.text, cl.bold ? kBold : cl.italic ? kItal : kReg}}), size_) + 8);
          if (need > cws[1]) {
            cws[1] = std::min(need, width * 0.64);
            cws[0] = width - cws[1];
          }
        }
        for (size_t c = 0; c < b.columns.size(); ++c) {
          double cw = cws[c];
          double y = y_;
          for (const auto& cl : b.columns[c]) {
            if (cl.text.empty()) {
              y += lh_;
              continue;
            }
            int sty = cl.bold ? kBold : cl.italic ? kItal : kReg;
            // A line a little too wide for its column (the national motto) is set smaller, not wrapped.
            double lsize = size_;
            double full = LineWidth(Tokens({{cl.text, sty}}), size_);
            if (full > cw - 6 && full * 0.85 <= cw - 6) lsize = size_ * (cw - 6) / full;
            auto lines = Wrap(Tokens({{cl.text, sty}}), cw - 6, lsize);
            for (size_t li = 0; li < lines.size(); ++li) {
              const auto& line = lines[li];
              double w = LineWidth(line, lsize);
              double lx = x + (cw - w) / 2;
              std::string truth;
              Emit(line, lx, y + size_ * 0.95, lsize, &truth);
              lines_.push_back(truth);
              if (cl.underline && li + 1 == lines.size()) {
                double uw = std::min(w, std::max(w * 0.55, 60.0));
                double ux = x + (cw - uw) / 2, uy = y + size_ * 0.95 + size_ * 0.38;
                Line(ux, uy, ux + uw, uy);
              }
              y += lh_;
            }
          }
          ymax = std::max(ymax, y);
          x += cw;
        }
        y_ = ymax;
        break;
      }
      case BlockKind::kTable: {
        double size = size_ * 0.88;
        size_t nc = b.header.size();
        std::vector<double> cw(nc, 0);
        double pad = 4;
        for (size_t c = 0; c < nc; ++c) {
          cw[c] = Width(b.header[c], kBold, size) + 2 * pad;
          for (const auto& r : b.rows) cw[c] = std::max(cw[c], Width(r[c], kReg, size) + 2 * pad);
        }
        double total = 0;
        for (double w : cw) total += w;
        if (total > width) {  // shrink the font to fit
          size *= width / total;
          for (double& w : cw) w *= width / total;
          total = width;
        }
        double extra = (width - total) / nc;
        for (double& w : cw) w += extra;
        double rh = size * 1.9;
        int nrows = 1 + static_cast<int>(b.rows.size()) + b.empty_rows;
        double top = y_ + 2;
        for (int r = 0; r <= nrows; ++r) Line(left_, top + r * rh, right_, top + r * rh);
        double x = left_;
        for (size_t c = 0; c <= nc; ++c) {
          Line(x, top, x, top + nrows * rh);
          if (c < nc) x += cw[c];
        }
        for (int r = 0; r < 1 + static_cast<int>(b.rows.size()); ++r) {
          const std::vector<std::string>& cells = r == 0 ? b.header : b.rows[r - 1];
          std::string truth;
          double cx = left_;
          double bl = top + r * rh + (rh + size * 0.7) / 2;
          for (size_t c = 0; c < nc; ++c) {
            if (!cells[c].empty()) {
              int sty = r == 0 ? kBold : kReg;
              double w = Width(cells[c], sty, size);
              double tx = (r == 0 || c == 0 || c == 2 || c == 3) ? cx + (cw[c] - w) / 2 : cx + pad;
              ops_.push_back({true, tx, bl, 0, 0, cells[c], sty, size});
              if (!truth.empty()) truth += " ";
              truth += cells[c];
            }
            cx += cw[c];
          }
          lines_.push_back(truth);
        }
        y_ = top + nrows * rh + lh_ * 0.4;
        break;
      }
    }
  }

  double y() const { return y_; }
  const std::vector<Op>& ops() const { return ops_; }
  const std::vector<std::string>& lines() const { return lines_; }

 private:
  HPDF_Font fonts_[3];
  double size_, lh_, left_, right_, y_;
  bool dots_spaced_;
  std::vector<Op> ops_;
  std::vector<std::string> lines_;
};

// Sorted whitespace-separated words.
std::vector<std::string> Words(const std::string& s) {
  std::vector<std::string> w;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    size_t j = i;
    while (j < s.size() && !std::isspace(static_cast<unsigned char>(s[j]))) ++j;
    if (j > i) w.push_back(s.substr(i, j - i));
    i = j;
  }
  std::sort(w.begin(), w.end());
  return w;
}

}  // namespace

RenderedPage RenderPage(const PageSpec& spec, Rng& rng) {
  // libharu's ToUnicode CMaps make poppler complain ("Invalid 'begincidrange'") although text extraction
  // works (checked below); keep stderr quiet.
  static std::once_flag quiet;
  std::call_once(quiet, [] { poppler::set_debug_error_function([](const std::string&, void*) {}, nullptr); });
  std::string err;
  std::unique_ptr<std::remove_pointer<HPDF_Doc>::type, decltype(&HPDF_Free)> pdf(HPDF_New(HpdfError, &err), HPDF_Free);
  if (!pdf) throw std::runtime_error("HPDF_New failed");
  HPDF_Doc doc = pdf.get();
  HPDF_UseUTFEncodings(doc);
  HPDF_SetCompressionMode(doc, HPDF_COMP_ALL);
  const auto& fams = Families();
  const FontFamily& fam = fams[rng.Weighted({45, 15, 13, 10, 17})];
  HPDF_Font fonts[3];
  const char* files[3] = {fam.regular, fam.bold, fam.italic};
  for (int i = 0; i < 3; ++i) {
    std::string path = std::string(kFontDir) + files[i];
    const char* name = HPDF_LoadTTFontFromFile(doc, path.c_str(), HPDF_TRUE);
    if (!name) throw std::runtime_error("cannot load font " + path + ": " + err);
    fonts[i] = HPDF_GetFont(doc, name, "UTF-8");
    if (!fonts[i]) throw std::runtime_error("cannot get font " + path + ": " + err);
  }
  HPDF_Page page = HPDF_AddPage(doc);
  HPDF_Page_SetSize(page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
  const double W = HPDF_Page_GetWidth(page), H = HPDF_Page_GetHeight(page);

  double size = rng.Real(fam.size_lo, fam.size_hi);
  double lhf = rng.Real(1.4, 1.6);
  double left = rng.Real(55, 75), right = W - rng.Real(40, 55), top = rng.Real(38, 55), bottom = 40;
  bool dots_spaced = rng.Chance(0.25);
  std::unique_ptr<Layout> lay;
  for (int attempt = 0; attempt < 12; ++attempt) {
    lay = std::make_unique<Layout>(fonts, size, size * lhf, left, right, top, dots_spaced);
    for (const auto& b : spec.blocks) lay->Do(b);
    if (lay->y() <= H - bottom) break;
    size -= 0.4;
    lhf = std::max(1.25, lhf - 0.05);
  }
  if (!err.empty()) throw std::runtime_error(err);

  HPDF_Page_SetRGBFill(page, 0.05f, 0.05f, 0.07f);
  HPDF_Page_SetRGBStroke(page, 0.1f, 0.1f, 0.1f);
  for (const Op& op : lay->ops()) {
    if (op.is_text) {
      HPDF_Page_BeginText(page);
      HPDF_Page_SetFontAndSize(page, fonts[op.sty], static_cast<HPDF_REAL>(op.size));
      HPDF_Page_TextOut(page, static_cast<HPDF_REAL>(op.x), static_cast<HPDF_REAL>(H - op.y), op.text.c_str());
      HPDF_Page_EndText(page);
    } else {
      HPDF_Page_SetLineWidth(page, static_cast<HPDF_REAL>(op.size));
      HPDF_Page_MoveTo(page, static_cast<HPDF_REAL>(op.x), static_cast<HPDF_REAL>(H - op.y));
      HPDF_Page_LineTo(page, static_cast<HPDF_REAL>(op.x2), static_cast<HPDF_REAL>(H - op.y2));
      HPDF_Page_Stroke(page);
    }
  }
  for (HPDF_Font f : fonts) EmbedAllGlyphs(f);
  if (HPDF_SaveToStream(doc) != HPDF_OK) throw std::runtime_error("HPDF_SaveToStream: " + err);
  RenderedPage out;
  HPDF_UINT32 n = HPDF_GetStreamSize(doc);
  out.pdf.resize(n);
  HPDF_UINT32 got = n;
  HPDF_ReadFromStream(doc, reinterpret_cast<HPDF_BYTE*>(&out.pdf[0]), &got);
  out.pdf.resize(got);
  if (!err.empty()) throw std::runtime_error(err);
  for (const auto& l : lay->lines()) out.lines.push_back(Nfc(l));

  std::unique_ptr<poppler::document> pd(poppler::document::load_from_raw_data(out.pdf.data(), static_cast<int>(out.pdf.size())));
  if (!pd || pd->pages() < 1) throw std::runtime_error("poppler cannot read the generated PDF");
  std::unique_ptr<poppler::page> pp(pd->create_page(0));
  // Self-check: the words poppler extracts from the PDF are exactly the words of the recorded lines.
  {
    poppler::byte_array u8 = pp->text().to_utf8();
    std::vector<std::string> got = Words(Nfc(std::string(u8.begin(), u8.end())));
    std::string all;
    for (const auto& l : out.lines) all += l + "\n";
    std::vector<std::string> want = Words(all);
    if (got != want) {
      std::string diff;
      for (const auto& w : want)
        if (!std::binary_search(got.begin(), got.end(), w)) diff += " -" + w;
      for (const auto& w : got)
        if (!std::binary_search(want.begin(), want.end(), w)) diff += " +" + w;
      throw std::runtime_error("rendered text differs from truth lines:" + diff.substr(0, 300));
    }
  }
  poppler::page_renderer pr;
  pr.set_render_hint(poppler::page_renderer::antialiasing, true);
  pr.set_render_hint(poppler::page_renderer::text_antialiasing, true);
  pr.set_image_format(poppler::image::format_argb32);
  poppler::image img = pr.render_page(pp.get(), 300, 300);
  if (!img.is_valid()) throw std::runtime_error("poppler render failed");
  cv::Mat bgra(img.height(), img.width(), CV_8UC4, const_cast<char*>(img.const_data()), img.bytes_per_row());
  cv::cvtColor(bgra, out.image, cv::COLOR_BGRA2BGR);
  return out;
}

}  // namespace samplegen
}  // namespace hoso
