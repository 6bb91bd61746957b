#include "pipeline/load/png.h"

#include <emmintrin.h>
#include <libdeflate.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <utility>
#include <vector>


namespace hoso {
namespace load_internal {
namespace {

uint32_t Be32(const unsigned char* p) {
  return static_cast<uint32_t>(p[0]) << 24 | static_cast<uint32_t>(p[1]) << 16 | static_cast<uint32_t>(p[2]) << 8 |
         static_cast<uint32_t>(p[3]);
}

// The PNG specification's predictor: of left, up and up-left, the one
// nearest left + up - up-left, ties going to left, then up.
inline int Paeth(int a, int b, int c) {
  const int pa = std::abs(b - c), pb = std::abs(a - c), pc = std::abs(a + b - 2 * c);
  return pa <= pb && pa <= pc ? a : (pb <= pc ? b : c);
}

// Paeth on three-byte pixels: one pixel's channels at once in 16-bit lanes
// (each pixel waits for the one to its left, so lanes across pixels would
// not help). Reads and writes four bytes a pixel (whole loads and stores,
// never forwarded through the stack): the fourth is read from the next
// pixel, or past the row's end where the buffer has room (DecodePngDirect),
// and written over an output byte still to come or a source byte already
// read.
void PaethRgb(const uint8_t* src, const uint8_t* prev, uint8_t* out, size_t n) {
  const __m128i zero = _mm_setzero_si128(), low = _mm_set1_epi16(0xff);
  auto load4 = [&](const uint8_t* p) {
    int v;
    std::memcpy(&v, p, 4);
    return _mm_unpacklo_epi8(_mm_cvtsi32_si128(v), zero);
  };
  auto abs16 = [&](__m128i x) { return _mm_max_epi16(x, _mm_sub_epi16(zero, x)); };
  auto select = [](__m128i mask, __m128i x, __m128i y) {
    return _mm_or_si128(_mm_and_si128(mask, x), _mm_andnot_si128(mask, y));
  };
  __m128i a = zero, c = zero;
  for (size_t i = 0; i + 3 <= n; i += 3) {
    const __m128i b = load4(prev + i), d = load4(src + i);
    const __m128i to_a = _mm_sub_epi16(b, c), to_b = _mm_sub_epi16(a, c);
    const __m128i pa = abs16(to_a), pb = abs16(to_b), pc = abs16(_mm_add_epi16(to_a, to_b));
    const __m128i smallest = _mm_min_epi16(pc, _mm_min_epi16(pa, pb));
    const __m128i nearest =
        select(_mm_cmpeq_epi16(smallest, pa), a, select(_mm_cmpeq_epi16(smallest, pb), b, c));
    a = _mm_and_si128(_mm_add_epi16(d, nearest), low);
    const int v = _mm_cvtsi128_si32(_mm_packus_epi16(a, a));
    std::memcpy(out + i, &v, 4);
    c = b;
  }
}

// Undoes one row's filter. `out` lies at or before `src` in the same buffer
// (never after), so each write lands on source bytes already read; `prev`
// is the row above, unfiltered (zeros for the first row).
bool UnfilterRow(int filter, const uint8_t* src, const uint8_t* prev, uint8_t* out, size_t n, int bpp) {
  const size_t b = static_cast<size_t>(bpp);
  switch (filter) {
    case 0:
      std::memmove(out, src, n);
      return true;
    case 1:
      for (size_t i = 0; i < n; ++i) out[i] = static_cast<uint8_t>(src[i] + (i >= b ? out[i - b] : 0));
      return true;
    case 2: {
      size_t i = 0;
      for (; i + 16 <= n; i += 16) {
        const __m128i s = _mm_loadu_si128(reinterpret_cast<const __m128i*>(src + i));
        const __m128i p = _mm_loadu_si128(reinterpret_cast<const __m128i*>(prev + i));
        _mm_storeu_si128(reinterpret_cast<__m128i*>(out + i), _mm_add_epi8(s, p));
      }
      for (; i < n; ++i) out[i] = static_cast<uint8_t>(src[i] + prev[i]);
      return true;
    }
    case 3:
      for (size_t i = 0; i < n; ++i)
        out[i] = static_cast<uint8_t>(src[i] + (((i >= b ? out[i - b] : 0) + prev[i]) >> 1));
      return true;
    case 4:
      if (bpp == 3) {
        PaethRgb(src, prev, out, n);
        return true;
      }
      for (size_t i = 0; i < n; ++i)
        out[i] = static_cast<uint8_t>(src[i] + Paeth(i >= b ? out[i - b] : 0, prev[i], i >= b ? prev[i - b] : 0));
      return true;
    default:
      return false;
  }
}

struct DecompressorFree {
  void operator()(libdeflate_decompressor* d) const { libdeflate_free_decompressor(d); }
};

}  // namespace

bool DecodePngDirect(const std::string& png, cv::Mat* out) {
  static const unsigned char kSignature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  const auto* data = reinterpret_cast<const unsigned char*>(png.data());
  const size_t size = png.size();
  if (size < 8 || std::memcmp(data, kSignature, 8) != 0) return false;
  uint32_t width = 0, height = 0;
  int bpp = 0;
  std::vector<std::pair<size_t, size_t>> idat;  // offset, length of each IDAT's data
  bool ended = false;
  for (size_t at = 8; at + 12 <= size && !ended;) {
    const uint32_t length = Be32(data + at);
    if (length > 0x7fffffffu || size - at - 12 < length) return false;  // cut
    const unsigned char* type = data + at + 4;
    const bool critical = (type[0] & 0x20) == 0;
    const bool ihdr = std::memcmp(type, "IHDR", 4) == 0, is_idat = std::memcmp(type, "IDAT", 4) == 0;
    if (ihdr || is_idat) {
      if (libdeflate_crc32(0, type, length + 4) != Be32(data + at + 8 + length)) return false;
    }
    if (at == 8) {
      // The header: 8-bit samples, grey (0) or RGB (2), compression and
      // filter method 0, no interlacing.
      if (!ihdr || length != 13) return false;
      const unsigned char* h = data + at + 8;
      width = Be32(h);
      height = Be32(h + 4);
      if (width == 0 || height == 0 || width > 0x7fffffffu || height > 0x7fffffffu) return false;
      if (h[8] != 8 || (h[9] != 0 && h[9] != 2) || h[10] != 0 || h[11] != 0 || h[12] != 0) return false;
      bpp = h[9] == 2 ? 3 : 1;
    } else if (is_idat) {
      idat.emplace_back(at + 8, length);
    } else if (std::memcmp(type, "IEND", 4) == 0) {
      ended = true;
    } else if (critical && std::memcmp(type, "PLTE", 4) != 0) {
      return false;  // a critical chunk this decoder does not know
    }
    at += 12 + static_cast<size_t>(length);
  }
  if (!ended || idat.empty() || bpp == 0) return false;

  // The zlib stream whole: in place when it is one chunk.
  std::string joined;
  const unsigned char* stream = data + idat[0].first;
  size_t stream_size = idat[0].second;
  if (idat.size() > 1) {
    for (const auto& [offset, length] : idat) joined.append(png, offset, length);
    stream = reinterpret_cast<const unsigned char*>(joined.data());
    stream_size = joined.size();
  }

  // Filtered rows (a filter byte each) inflated into the image's memory and
  // unfiltered in place: row y's pixels go to y * row_bytes, at or before
  // where its filtered bytes lie (y * (row_bytes + 1) + 1). The image gets
  // enough rows beyond its own for the filter bytes.
  const size_t row_bytes = static_cast<size_t>(width) * static_cast<size_t>(bpp);
  const size_t filtered = (row_bytes + 1) * height;
  // Four bytes more for PaethRgb's reads and writes past the last row.
  const size_t extra_rows = (height + 4 + row_bytes - 1) / row_bytes;
  cv::Mat whole(static_cast<int>(height + extra_rows), static_cast<int>(width), CV_8UC(bpp));
  uint8_t* buf = whole.data;
  // One decompressor per thread, made on its first PNG (it holds no state
  // between streams).
  thread_local const std::unique_ptr<libdeflate_decompressor, DecompressorFree> inflater(
      libdeflate_alloc_decompressor());
  if (!inflater) return false;
  size_t inflated = 0;
  if (libdeflate_zlib_decompress(inflater.get(), stream, stream_size, buf, filtered, &inflated) != LIBDEFLATE_SUCCESS ||
      inflated != filtered)
    return false;
  // RGB turns BGR a row behind, once the row below no longer predicts
  // from it (while still in cache).
  auto to_bgr = [&](size_t y) {
    if (bpp != 3) return;
    uint8_t* p = buf + y * row_bytes;
    for (size_t i = 0; i < row_bytes; i += 3) std::swap(p[i], p[i + 2]);
  };
  const std::vector<uint8_t> zeros(row_bytes + 4, 0);
  for (size_t y = 0; y < height; ++y) {
    const uint8_t* src = buf + y * (row_bytes + 1);
    const uint8_t* prev = y ? buf + (y - 1) * row_bytes : zeros.data();
    if (!UnfilterRow(src[0], src + 1, prev, buf + y * row_bytes, row_bytes, bpp)) return false;
    if (y) to_bgr(y - 1);
  }
  to_bgr(height - 1);
  *out = whole.rowRange(0, static_cast<int>(height));
  return true;
}

}  // namespace load_internal
}  // namespace hoso
