// Two of Leptonica's functions that Tesseract calls on every page, done
// faster while hoso's engines read, with the same result bit for bit.
//
// hoso defines them ahead of Leptonica's in the dynamic linker's lookup
// order (libhoso is needed by the program before libtesseract needs
// liblept), as pipeline/ocr/openmp.cc does for libgomp. On a thread inside
// one of hoso's recognitions (LeptonicaShortcuts) the shortcut is taken;
// every other call, on any thread, goes to Leptonica unchanged. Where the
// lookup order differs, Leptonica's own functions are used and only the
// saving is lost.
//
// 1. Line images (pixWriteMem). Tesseract 5.3's LSTM path stores every
//    text line it cuts from the page as an encoded image
//    (ImageData::SetPixInternal: pixWriteMem with IFF_PNG, made for
//    training data) and decodes it again before recognising it
//    (GetPixInternal: pixReadMem). On hoso's pages that round trip was
//    about 5% of all CPU (perf with DWARF call graphs, s4242's 19 dossiers:
//    4.1% in pixWriteMemPng, 3.3% of it in zlib's deflate; 0.9% in
//    pixReadMem). The image never leaves the engine, and Leptonica's
//    serialised pix (SPIX: a header, then the raster as it is in memory)
//    holds the same pixels with no encoding at all. (PNM, tried first,
//    still cost 3%: Leptonica writes and reads it a byte at a time through
//    stdio.)
//
// 2. Sauvola binarisation (pixSauvolaBinarizeTiled, models/ocr/vie.config
//    thresholding_method 2): 7.4% of all CPU on s4242, in Leptonica's
//    tiles (each copied out with a mirrored border, and painted back), a
//    double-precision accumulator of squares per tile, and two passes over
//    windowed sums. Every tile's result is that of the whole image with a
//    mirrored border (BORDER_REFLECT: the tiles overlap by the window's
//    half width plus one, and edge tiles are mirrored from their own
//    pixels, which are the image's). So this computes the whole image once
//    with running integer window sums (exact: a window of squares up to
//    255 x 255 stays below 2^32; Tesseract's at 200 dpi is 67 x 67), then
//    each pixel's mean, mean square, deviation and threshold with the same
//    conversions and the same float and double arithmetic as
//    pixSauvolaGetThreshold. The build must not fuse a multiply and an add
//    into one rounding (FMA, as -march=native may) where Leptonica rounds
//    twice:
#if defined(__clang__)
#pragma clang fp contract(off)
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=off")
#endif

#include <dlfcn.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include <leptonica/allheaders.h>
#include <opencv2/core.hpp>

#include "pipeline/ocr/ocr.h"

namespace hoso {
namespace ocr_internal {
namespace {

thread_local int shortcuts = 0;

// Leptonica's pixel access within a 32-bit word (big-endian bytes and bits
// on a little-endian machine, as its GET_DATA_BYTE and SET_DATA_BIT).
inline l_uint8 GetByte(const l_uint32* line, int j) {
  return reinterpret_cast<const l_uint8*>(line)[j ^ 3];
}
inline void SetByte(l_uint32* line, int j, l_uint8 v) { reinterpret_cast<l_uint8*>(line)[j ^ 3] = v; }

}  // namespace

LeptonicaShortcuts::LeptonicaShortcuts() { ++shortcuts; }
LeptonicaShortcuts::~LeptonicaShortcuts() { --shortcuts; }
bool LeptonicaShortcuts::On() { return shortcuts > 0; }

bool SauvolaBinarize(PIX* pixs, int whsize, float factor, int nx, int ny, PIX** pth, PIX** pbin) {
  const int w = pixGetWidth(pixs), h = pixGetHeight(pixs);
  // Leptonica's untiled path (one tile after its own reduction of nx, ny)
  // gives the binary image the input's resolution; the tiled one does not.
  if (w / std::max(1, nx) < whsize + 2) nx = w / (whsize + 2);
  if (h / std::max(1, ny) < whsize + 2) ny = h / (whsize + 2);
  const bool keep_resolution = nx <= 1 && ny <= 1;
  const int wpls = pixGetWpl(pixs);
  const l_uint32* datas = pixGetData(pixs);
  const int win = 2 * whsize + 1;
  // As pixWindowedMean (a float factor) and pixWindowedMeanSquare (a
  // double one, from the same float product).
  const float win_area = static_cast<float>(win) * win;
  const float norm_mean = static_cast<float>(1.0 / win_area);
  const double norm_square = 1.0 / win_area;
  // pixSauvolaGetThreshold's multiplier of the mean for each variance:
  // (1 - k (1 - s / 128)), s = sqrtf(var), in double as there.
  std::vector<double> gain(1 << 16);
  for (int v = 0; v < (1 << 16); ++v) {
    const float sd = sqrtf(static_cast<float>(v));
    gain[v] = 1.0 - factor * (1.0 - sd / 128.);
  }

  PIX* th = pth ? pixCreate(w, h, 8) : nullptr;
  PIX* bin = pbin ? pixCreate(w, h, 1) : nullptr;
  if ((pth && !th) || (pbin && !bin)) {
    pixDestroy(&th);
    pixDestroy(&bin);
    return false;
  }
  // Column sums over the window's rows, for columns -whsize .. w-1+whsize.
  const int cols = w + 2 * whsize;
  std::vector<l_uint32> sum(cols, 0), sum_sq(cols, 0);
  std::vector<int> col_of(cols);
  for (int x = 0; x < cols; ++x) col_of[x] = cv::borderInterpolate(x - whsize, w, cv::BORDER_REFLECT);
  auto add_row = [&](int r, int sign) {
    const l_uint32* line = datas + static_cast<size_t>(cv::borderInterpolate(r, h, cv::BORDER_REFLECT)) * wpls;
    for (int x = 0; x < cols; ++x) {
      const l_uint32 v = GetByte(line, col_of[x]);
      if (sign > 0) {
        sum[x] += v;
        sum_sq[x] += v * v;
      } else {
        sum[x] -= v;
        sum_sq[x] -= v * v;
      }
    }
  };
  for (int r = -whsize; r <= whsize; ++r) add_row(r, +1);

  const int wplt = th ? pixGetWpl(th) : 0, wplb = bin ? pixGetWpl(bin) : 0;
  l_uint32* datat = th ? pixGetData(th) : nullptr;
  l_uint32* datab = bin ? pixGetData(bin) : nullptr;
  for (int y = 0; y < h; ++y) {
    if (y > 0) {
      add_row(y + whsize, +1);
      add_row(y - whsize - 1, -1);
    }
    const l_uint32* lines = datas + static_cast<size_t>(y) * wpls;
    l_uint32* linet = th ? datat + static_cast<size_t>(y) * wplt : nullptr;
    l_uint32* lineb = bin ? datab + static_cast<size_t>(y) * wplb : nullptr;
    l_uint32 s = 0, sq = 0;
    for (int x = 0; x < win; ++x) {
      s += sum[x];
      sq += sum_sq[x];
    }
    l_uint32 word = 0;
    for (int x = 0; x < w; ++x) {
      if (x > 0) {
        s += sum[x + win - 1] - sum[x - 1];
        sq += sum_sq[x + win - 1] - sum_sq[x - 1];
      }
      const l_int32 mv = static_cast<l_uint8>(norm_mean * static_cast<float>(s));
      const l_int32 ms = static_cast<l_int32>(static_cast<l_uint32>(norm_square * sq + 0.5));
      const l_int32 var = ms - mv * mv;
      const double g = (var >= 0 && var < (1 << 16)) ? gain[var]
                                                     : 1.0 - factor * (1.0 - sqrtf(static_cast<float>(var)) / 128.);
      const l_int32 thresh = static_cast<l_int32>(mv * g);
      if (linet) SetByte(linet, x, static_cast<l_uint8>(thresh));
      if (GetByte(lines, x) < thresh) word |= 0x80000000u >> (x & 31);
      if ((x & 31) == 31 || x == w - 1) {
        if (lineb) lineb[x >> 5] = word;
        word = 0;
      }
    }
  }
  if (bin && keep_resolution) pixCopyResolution(bin, pixs);
  if (pth) *pth = th;
  if (pbin) *pbin = bin;
  return true;
}

}  // namespace ocr_internal
}  // namespace hoso

extern "C" l_ok pixWriteMem(l_uint8** pdata, size_t* psize, PIX* pix, l_int32 format) {
  using WriteMem = l_ok (*)(l_uint8**, size_t*, PIX*, l_int32);
  static const WriteMem leptonica = reinterpret_cast<WriteMem>(dlsym(RTLD_NEXT, "pixWriteMem"));
  if (leptonica == nullptr) return 1;  // Leptonica's error value: Tesseract then tries PNM itself
  if (format == IFF_PNG && hoso::ocr_internal::LeptonicaShortcuts::On()) format = IFF_SPIX;
  return leptonica(pdata, psize, pix, format);
}

extern "C" l_ok pixSauvolaBinarizeTiled(PIX* pixs, l_int32 whsize, l_float32 factor, l_int32 nx, l_int32 ny,
                                        PIX** ppixth, PIX** ppixd) {
  using Tiled = l_ok (*)(PIX*, l_int32, l_float32, l_int32, l_int32, PIX**, PIX**);
  static const Tiled leptonica = reinterpret_cast<Tiled>(dlsym(RTLD_NEXT, "pixSauvolaBinarizeTiled"));
  // Only the well-formed calls; Leptonica reports the others' errors.
  const bool ours = hoso::ocr_internal::LeptonicaShortcuts::On() && (ppixth || ppixd) && pixs &&
                    pixGetDepth(pixs) == 8 && !pixGetColormap(pixs) && whsize >= 2 &&
                    whsize <= hoso::ocr_internal::kMaxSauvolaHalfWindow && factor >= 0.0f &&
                    pixGetWidth(pixs) >= 2 * whsize + 3 && pixGetHeight(pixs) >= 2 * whsize + 3;
  if (!ours) {
    if (leptonica == nullptr) return 1;
    return leptonica(pixs, whsize, factor, nx, ny, ppixth, ppixd);
  }
  if (ppixth) *ppixth = nullptr;
  if (ppixd) *ppixd = nullptr;
  return hoso::ocr_internal::SauvolaBinarize(pixs, whsize, factor, nx, ny, ppixth, ppixd) ? 0 : 1;
}
