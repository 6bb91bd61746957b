// Tesseract's line images on hoso's OCR threads (pipeline/ocr/line_images.cc):
// inside a recognition they are written as Leptonica's serialised pix, the
// same pixels without PNG's compression; elsewhere Leptonica writes what it is asked for.
#include <cstring>
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

TEST(LineImages, PngIsWrittenRawInsideARecognitionOnly) {
  const Written outside = WriteAsPng();
  EXPECT_EQ(outside.magic, "\x89PNG");
  EXPECT_TRUE(outside.same_pixels);
  {
    ocr_internal::UncompressedLineImages inside;
    {
      ocr_internal::UncompressedLineImages nested;
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

}  // namespace
}  // namespace hoso
