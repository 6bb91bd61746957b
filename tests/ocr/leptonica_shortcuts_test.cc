// Leptonica's functions that hoso's OCR threads take shortcuts for
// (pipeline/ocr/leptonica_shortcuts.cc): inside a recognition, line images
// are written as Leptonica's serialised pix, the same pixels without PNG's
// compression, and Sauvola binarisation gives Leptonica's result bit for
// bit; elsewhere Leptonica does what it is asked.
#include <algorithm>
#include <cstring>
#include <memory>
#include <random>
#include <string>
#include <thread>

#include <gtest/gtest.h>
#include <leptonica/allheaders.h>

#include "pipeline/ocr/ocr.h"

namespace hoso {
namespace {

// A small gray image, written with pixWriteMem as IFF_PNG and read back:
// the first bytes written (its format) and whether the pixels came back.
struct Written {
  std::string magic;
  bool same_pixels = false;
};

Written WriteAsPng() {
  PIX* pix = pixCreate(40, 12, 8);
  for (int y = 0; y < 12; ++y)
    for (int x = 0; x < 40; ++x) pixSetPixel(pix, x, y, static_cast<l_uint32>((x * 7 + y * 13) % 256));
  l_uint8* data = nullptr;
  size_t size = 0;
  Written w;
  if (pixWriteMem(&data, &size, pix, IFF_PNG) == 0 && size >= 4) {
    w.magic.assign(reinterpret_cast<const char*>(data), 4);
    PIX* back = pixReadMem(data, size);
    l_int32 same = 0;
    if (back != nullptr && pixEqual(pix, back, &same) == 0) w.same_pixels = same == 1;
    pixDestroy(&back);
  }
  lept_free(data);
  pixDestroy(&pix);
  return w;
}

TEST(LeptonicaShortcuts, PngIsWrittenRawInsideARecognitionOnly) {
  const Written outside = WriteAsPng();
  EXPECT_EQ(outside.magic, "\x89PNG");
  EXPECT_TRUE(outside.same_pixels);
  {
    ocr_internal::LeptonicaShortcuts inside;
    {
      ocr_internal::LeptonicaShortcuts nested;
    }
    const Written w = WriteAsPng();
    EXPECT_EQ(w.magic, "spix") << "Leptonica's serialised pix";
    EXPECT_TRUE(w.same_pixels);
    // Another thread is not inside the recognition.
    Written other;
    std::thread([&] { other = WriteAsPng(); }).join();
    EXPECT_EQ(other.magic, "\x89PNG");
  }
  EXPECT_EQ(WriteAsPng().magic, "\x89PNG");
}

// A page-like gray image: paper with shading and noise, dark strokes in
// lines, a dark band at one edge, and saturated 0 and 255 patches.
PIX* PageLike(int w, int h, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> noise(-12, 12);
  PIX* pix = pixCreate(w, h, 8);
  pixSetResolution(pix, 200, 200);
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      int v = 225 - (x + y) * 40 / (w + h) + noise(rng);
      const bool stroke = (y % 23) < 9 && ((x * 7 + y * 3 + static_cast<int>(seed)) % 11) < 3;
      if (stroke) v = 30 + noise(rng) * 2;
      if (x < w / 20) v = 60 + noise(rng);                  // a dark edge
      if (y > h * 3 / 4 && x > w * 3 / 4) v = (x + y) % 2 ? 0 : 255;  // saturated checkerboard
      pixSetPixel(pix, x, y, static_cast<l_uint32>(std::clamp(v, 0, 255)));
    }
  }
  return pix;
}

struct Binarized {
  PIX* th = nullptr;
  PIX* bin = nullptr;
  l_ok rc = 1;
  ~Binarized() {
    pixDestroy(&th);
    pixDestroy(&bin);
  }
};

enum class Via { kLeptonica, kShortcut, kDirect };

void Binarize(PIX* pix, int whsize, float factor, int nx, int ny, Via via, Binarized* out) {
  if (via == Via::kDirect) {
    out->rc = ocr_internal::SauvolaBinarize(pix, whsize, factor, nx, ny, &out->th, &out->bin) ? 0 : 1;
    return;
  }
  std::unique_ptr<ocr_internal::LeptonicaShortcuts> scope;
  if (via == Via::kShortcut) scope = std::make_unique<ocr_internal::LeptonicaShortcuts>();
  out->rc = pixSauvolaBinarizeTiled(pix, whsize, factor, nx, ny, &out->th, &out->bin);
}

void ExpectSame(const Binarized& a, const Binarized& b) {
  ASSERT_EQ(a.rc, 0);
  ASSERT_EQ(b.rc, 0);
  l_int32 same = 0;
  ASSERT_EQ(pixEqual(a.th, b.th, &same), 0);
  EXPECT_EQ(same, 1) << "thresholds";
  ASSERT_EQ(pixEqual(a.bin, b.bin, &same), 0);
  EXPECT_EQ(same, 1) << "binary image";
  EXPECT_EQ(pixGetXRes(a.bin), pixGetXRes(b.bin));
  EXPECT_EQ(pixGetYRes(a.bin), pixGetYRes(b.bin));
}

TEST(LeptonicaShortcuts, SauvolaGivesLeptonicasPixelsForAnyTiling) {
  struct Case {
    int w, h, whsize, nx, ny;
    float factor;
  };
  // Tesseract's call on a 200 dpi A4 page (window 0.33 in, k 0.34, tiles of
  // ~250 px), uneven last tiles, one tile (Leptonica's untiled path), tiles
  // too small for the window, a window as large as the image allows, and
  // the largest window the shortcut takes.
  const Case cases[] = {{1654, 2339, 33, 7, 9, 0.34f}, {611, 433, 33, 3, 2, 0.34f}, {300, 257, 12, 1, 1, 0.5f},
                        {300, 257, 12, 40, 1, 0.2f},   {97, 71, 33, 1, 1, 0.0f},    {201, 150, 7, 5, 4, 1.0f},
                        {300, 262, ocr_internal::kMaxSauvolaHalfWindow, 1, 1, 0.34f}};
  unsigned seed = 1;
  for (const Case& c : cases) {
    SCOPED_TRACE(testing::Message() << c.w << "x" << c.h << " whsize " << c.whsize << " tiles " << c.nx << "x"
                                    << c.ny);
    PIX* pix = PageLike(c.w, c.h, seed++);
    Binarized leptonica, direct, shortcut;
    Binarize(pix, c.whsize, c.factor, c.nx, c.ny, Via::kLeptonica, &leptonica);
    Binarize(pix, c.whsize, c.factor, c.nx, c.ny, Via::kDirect, &direct);
    Binarize(pix, c.whsize, c.factor, c.nx, c.ny, Via::kShortcut, &shortcut);
    ExpectSame(leptonica, direct);
    ExpectSame(leptonica, shortcut);
    pixDestroy(&pix);
  }
}

TEST(LeptonicaShortcuts, SauvolaLeavesBadCallsToLeptonica) {
  ocr_internal::LeptonicaShortcuts inside;
  PIX* pix = PageLike(40, 40, 3);
  PIX* th = nullptr;
  PIX* bin = nullptr;
  // A window larger than the image: Leptonica's error, no outputs.
  EXPECT_EQ(pixSauvolaBinarizeTiled(pix, 30, 0.34f, 1, 1, &th, &bin), 1);
  EXPECT_EQ(th, nullptr);
  EXPECT_EQ(bin, nullptr);
  PIX* rgb = pixConvertTo32(pix);
  EXPECT_EQ(pixSauvolaBinarizeTiled(rgb, 5, 0.34f, 1, 1, &th, &bin), 1);
  pixDestroy(&rgb);
  pixDestroy(&pix);
}

}  // namespace
}  // namespace hoso
