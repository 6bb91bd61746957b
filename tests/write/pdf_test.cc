// Searchable PDF: the text layer round-trips through pdftotext with its
// Vietnamese diacritics, the page has A4's physical size, and qpdf accepts
// the file.
#include "pipeline/write/pdf.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <regex>
#include <string>

#include <gtest/gtest.h>
#include <opencv2/imgproc.hpp>
#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-page.h>

#include "pipeline/core/util.h"

namespace hoso {
namespace {

namespace fs = std::filesystem;

bool HaveTool(const std::string& name) {
  return std::system(("command -v " + name + " >/dev/null 2>&1").c_str()) == 0;
}

// Runs a shell command and returns its stdout and exit status.
std::string RunCommand(const std::string& cmd, int* status) {
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  if (p == nullptr) {
    *status = -1;
    return out;
  }
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof(buf), p)) > 0) out.append(buf, n);
  *status = pclose(p);
  return out;
}

std::string CollapseSpaces(const std::string& s) {
  std::string t = std::regex_replace(s, std::regex("[ \\t]+"), " ");
  t = std::regex_replace(t, std::regex(" *\\n *"), "\n");
  t = std::regex_replace(t, std::regex("\\n+"), "\n");
  t = std::regex_replace(t, std::regex("^\\s+|\\s+$"), "");
  return t;
}

// A white A4 page with black bars where the words are, and OCR results
// describing those words.
PdfPage MakePage(const std::vector<std::vector<std::string>>& lines) {
  cv::Mat img(3508, 2480, CV_8UC1, cv::Scalar(255));
  PdfPage page;
  int y = 300;
  for (const auto& words : lines) {
    OcrLine line;
    line.block = 0;
    int x = 250;
    for (const std::string& text : words) {
      OcrWord w;
      w.text = ToNfc(text);
      int chars = 0;
      for (unsigned char c : text) chars += (c & 0xC0) != 0x80;
      w.box = cv::Rect(x, y, 30 * chars, 50);
      w.confidence = 0.9f;
      w.line = static_cast<int>(page.ocr.lines.size());
      cv::rectangle(img, w.box, cv::Scalar(0), cv::FILLED);
      line.words.push_back(static_cast<int>(page.ocr.words.size()));
      line.box |= w.box;
      if (!line.text.empty()) line.text += ' ';
      line.text += w.text;
      page.ocr.words.push_back(w);
      x += w.box.width + 35;
    }
    page.ocr.lines.push_back(line);
    y += 110;
  }
  EXPECT_TRUE(EncodePdfImage(img, 300.0, &page.image).ok());
  return page;
}

class PdfTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("hoso_pdf_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Write(const std::string& bytes) {
    std::string path = (dir_ / "out.pdf").string();
    EXPECT_TRUE(AtomicWriteFile(path, bytes).ok());
    return path;
  }
  fs::path dir_;
};

const std::vector<std::vector<std::string>> kLines = {
    {"CỘNG", "HÒA", "XÃ", "HỘI", "CHỦ", "NGHĨA", "VIỆT", "NAM"},
    {"Độc", "lập", "-", "Tự", "do", "-", "Hạnh", "phúc"},
    {"GIẤY", "CHỨNG", "SINH"},
    {"Họ", "và", "tên", "mẹ:", "Trần", "Thị", "Lan"},
    {"Nơi", "sinh:", "Bệnh", "viện", "Phụ", "sản", "Hà", "Nội"},
};

std::string Expected() {
  std::string s;
  for (const auto& l : kLines) {
    if (!s.empty()) s += '\n';
    for (size_t i = 0; i < l.size(); ++i) s += (i ? " " : "") + l[i];
  }
  return ToNfc(s);
}

TEST_F(PdfTest, TextRoundTripsThroughPdftotext) {
  if (!HaveTool("pdftotext")) GTEST_SKIP() << "pdftotext not installed";
  std::string bytes;
  PdfOptions opt;
  opt.title = "Giấy chứng sinh d0001";
  Status s = WriteSearchablePdf({MakePage(kLines)}, opt, &bytes);
  ASSERT_TRUE(s.ok()) << s.ToString();
  const std::string path = Write(bytes);
  int status = 0;
  std::string text = RunCommand("pdftotext -enc UTF-8 '" + path + "' -", &status);
  ASSERT_EQ(status, 0);
  EXPECT_EQ(CollapseSpaces(ToNfc(text)), Expected());
}

// The glyphless text-layer font in models/fonts: the same text and the same
// word boxes as with a real font (selections land on the words), in a much
// smaller file.
TEST_F(PdfTest, TextLayerFontKeepsTextAndWordBoxes) {
  if (!HaveTool("pdftotext")) GTEST_SKIP() << "pdftotext not installed";
  const PdfPage page = MakePage(kLines);
  auto bbox_text = [&](const std::string& font, size_t* size) {
    PdfOptions opt;
    opt.font_path = font;
    std::string bytes;
    Status s = WriteSearchablePdf({page}, opt, &bytes);
    EXPECT_TRUE(s.ok()) << s.ToString();
    *size = bytes.size();
    int status = 0;
    std::string out = RunCommand("pdftotext -bbox -enc UTF-8 '" + Write(bytes) + "' -", &status);
    EXPECT_EQ(status, 0);
    // Word elements only, coordinates rounded to 0.1 pt.
    std::string words;
    std::regex word("<word xMin=\"([0-9.]+)\" yMin=\"([0-9.]+)\" xMax=\"([0-9.]+)\" yMax=\"([0-9.]+)\">([^<]*)</word>");
    for (std::sregex_iterator it(out.begin(), out.end(), word), end; it != end; ++it) {
      char buf[128];
      std::snprintf(buf, sizeof(buf), "%.1f %.1f %.1f %.1f ", std::stod((*it)[1]), std::stod((*it)[2]),
                    std::stod((*it)[3]), std::stod((*it)[4]));
      words += buf + ToNfc((*it)[5].str()) + "\n";
    }
    return words;
  };
  size_t glyphless_size = 0, real_size = 0;
  const std::string glyphless = bbox_text(std::string(HOSO_MODELS_DIR) + "/fonts/hoso-text-layer.ttf", &glyphless_size);
  EXPECT_NE(glyphless.find(" NGHĨA\n"), std::string::npos) << glyphless;
  EXPECT_NE(glyphless.find(" Hạnh\n"), std::string::npos) << glyphless;
  const std::string dejavu = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
  if (!fs::exists(dejavu)) GTEST_SKIP() << "DejaVu Sans not installed";
  EXPECT_EQ(glyphless, bbox_text(dejavu, &real_size));
  EXPECT_LT(glyphless_size + 50 * 1024, real_size);
}

TEST_F(PdfTest, QpdfCheckPasses) {
  if (!HaveTool("qpdf")) GTEST_SKIP() << "qpdf not installed";
  std::string bytes;
  ASSERT_TRUE(WriteSearchablePdf({MakePage(kLines), MakePage({{"trang", "hai"}})}, PdfOptions(), &bytes).ok());
  const std::string path = Write(bytes);
  int status = 0;
  std::string out = RunCommand("qpdf --check '" + path + "' 2>&1", &status);
  EXPECT_EQ(status, 0) << out;
  EXPECT_NE(out.find("No syntax or stream encoding errors"), std::string::npos) << out;
}

TEST_F(PdfTest, PageIsA4AndImageCoversIt) {
  std::string bytes;
  ASSERT_TRUE(WriteSearchablePdf({MakePage(kLines)}, PdfOptions(), &bytes).ok());
  std::unique_ptr<poppler::document> doc(
      poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
  ASSERT_NE(doc, nullptr);
  ASSERT_EQ(doc->pages(), 1);
  std::unique_ptr<poppler::page> page(doc->create_page(0));
  const poppler::rectf r = page->page_rect();
  EXPECT_NEAR(r.width(), 595.3, 0.5);   // 210 mm
  EXPECT_NEAR(r.height(), 841.9, 0.5);  // 297 mm
  // The text layer is there, and it is invisible: the page's ink comes
  // from the image alone (poppler's text API sees the words).
  const poppler::byte_array utf8 = page->text().to_utf8();
  const std::string text(utf8.begin(), utf8.end());
  EXPECT_NE(ToNfc(text).find("NGHĨA"), std::string::npos);
}

TEST_F(PdfTest, GrayPageIsCompact) {
  PdfPage page = MakePage(kLines);
  EXPECT_EQ(page.image.channels, 1);
  EXPECT_LT(page.image.bytes.size(), 300u * 1024);
  cv::Mat colour(3508, 2480, CV_8UC3, cv::Scalar(255, 255, 255));
  cv::circle(colour, cv::Point(1800, 3000), 200, cv::Scalar(30, 30, 220), 12);
  PdfImage im;
  ASSERT_TRUE(EncodePdfImage(colour, 300.0, &im).ok());
  EXPECT_EQ(im.channels, 3);
  EXPECT_EQ(im.width, 2480);
  EXPECT_EQ(im.height, 3508);
}

TEST_F(PdfTest, PageWithoutWordsNeedsNoFont) {
  PdfPage page = MakePage({});
  PdfOptions opt;
  opt.font_path = "/nonexistent/font.ttf";
  std::string bytes;
  EXPECT_TRUE(WriteSearchablePdf({page}, opt, &bytes).ok());
  EXPECT_EQ(bytes.compare(0, 5, "%PDF-"), 0);
}

TEST_F(PdfTest, MissingFontIsAnError) {
  PdfOptions opt;
  opt.font_path = "/nonexistent/font.ttf";
  std::string bytes;
  Status s = WriteSearchablePdf({MakePage(kLines)}, opt, &bytes);
  EXPECT_EQ(s.code(), "output.pdf_failed");
  EXPECT_NE(s.message().find("/nonexistent/font.ttf"), std::string::npos);
}

TEST_F(PdfTest, CorruptImageIsAnError) {
  PdfPage page = MakePage(kLines);
  page.image.bytes = "not a jpeg at all";
  std::string bytes;
  Status s = WriteSearchablePdf({page}, PdfOptions(), &bytes);
  EXPECT_EQ(s.code(), "output.pdf_failed");
}

}  // namespace
}  // namespace hoso
