// Tesseract's line images kept raw (Leptonica's serialised pix), not PNG,
// while hoso's engines read.
//
// Tesseract 5.3's LSTM path stores every text line it cuts from the page as
// an encoded image (ImageData::SetPixInternal: pixWriteMem with IFF_PNG,
// made for training data) and decodes it again before recognising it
// (GetPixInternal: pixReadMem). On hoso's pages that round trip was about 5%
// of all CPU (perf with DWARF call graphs, s4242's 19 dossiers: 4.1% in
// pixWriteMemPng, 3.3% of it in zlib's deflate; 0.9% in pixReadMem). The
// image never leaves the engine, and Leptonica's serialised pix (SPIX: a
// header, then the raster as it is in memory) holds the same pixels with
// no encoding at all: Tesseract reads what it wrote, bit for bit, either
// way. (PNM, tried first, still cost 3%: Leptonica writes and reads it a
// byte at a time through stdio.)
//
// hoso therefore defines pixWriteMem ahead of Leptonica's in the dynamic
// linker's lookup order (libhoso is needed by the program before
// libtesseract needs liblept), as pipeline/ocr/openmp.cc does for libgomp.
// On a thread inside one of hoso's recognitions (UncompressedLineImages), a
// PNG asked for is written as SPIX; every other call, on any thread, goes to
// Leptonica unchanged. Where the lookup order differs, Leptonica's own
// function is used and only the saving is lost.
#include <dlfcn.h>

#include <leptonica/allheaders.h>

#include "pipeline/ocr/ocr.h"

namespace hoso {
namespace ocr_internal {
namespace {

thread_local int uncompressed_line_images = 0;

}  // namespace

UncompressedLineImages::UncompressedLineImages() { ++uncompressed_line_images; }
UncompressedLineImages::~UncompressedLineImages() { --uncompressed_line_images; }

}  // namespace ocr_internal
}  // namespace hoso

extern "C" l_ok pixWriteMem(l_uint8** pdata, size_t* psize, PIX* pix, l_int32 format) {
  using WriteMem = l_ok (*)(l_uint8**, size_t*, PIX*, l_int32);
  static const WriteMem leptonica = reinterpret_cast<WriteMem>(dlsym(RTLD_NEXT, "pixWriteMem"));
  if (leptonica == nullptr) return 1;  // Leptonica's error value: Tesseract then tries PNM itself
  if (format == IFF_PNG && hoso::ocr_internal::uncompressed_line_images > 0) format = IFF_SPIX;
  return leptonica(pdata, psize, pix, format);
}
