// OcrEngine on Tesseract's LSTM engine.
#include "pipeline/ocr/ocr.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <leptonica/allheaders.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <opencv2/imgproc.hpp>
#include <tesseract/baseapi.h>
#include <tesseract/resultiterator.h>

#include "pipeline/core/image.h"
#include "pipeline/core/util.h"

namespace hoso {

namespace ocr_internal {

namespace {

// The first x from `x` on with row[x] <= max_value, else `cols`: sixteen
// paper pixels at a time where SSE2 is there (most of a page is paper).
int NextDark(const uchar* row, int x, int cols, int max_value) {
#if defined(__SSE2__)
  if (max_value < 255) {
    const __m128i above = _mm_set1_epi8(static_cast<char>(max_value + 1));
    for (; x + 16 <= cols; x += 16) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(row + x));
      // v >= max_value + 1 (unsigned) where max(v, max_value + 1) == v.
      const int bright = _mm_movemask_epi8(_mm_cmpeq_epi8(_mm_max_epu8(v, above), v));
      if (bright != 0xFFFF) return x + __builtin_ctz(static_cast<unsigned>(~bright));
    }
  }
#endif
  while (x < cols && row[x] > max_value) ++x;
  return x;
}

}  // namespace

std::vector<Blob> SmallDarkBlobs(const cv::Mat& gray, int max_value, int max_side) {
  CV_Assert(gray.type() == CV_8UC1);
  struct Run {
    int y, x0, x1;  // [x0, x1] inclusive
  };
  std::vector<Run> runs;
  std::vector<int> parent;
  auto find = [&](int i) {
    while (parent[i] != i) i = parent[i] = parent[parent[i]];
    return i;
  };
  auto unite = [&](int a, int b) {
    a = find(a);
    b = find(b);
    if (a != b) parent[std::max(a, b)] = std::min(a, b);
  };
  size_t prev_begin = 0, prev_end = 0;  // the previous row's runs
  for (int y = 0; y < gray.rows; ++y) {
    const uchar* row = gray.ptr<uchar>(y);
    const size_t cur_begin = runs.size();
    int x = 0;
    while (x < gray.cols) {
      x = NextDark(row, x, gray.cols, max_value);
      if (x >= gray.cols) break;
      const int x0 = x;
      while (x < gray.cols && row[x] <= max_value) ++x;
      runs.push_back({y, x0, x - 1});
      parent.push_back(static_cast<int>(parent.size()));
    }
    // 8-connectivity: runs in consecutive rows touch when their column
    // ranges overlap or meet diagonally. Both lists are sorted by x.
    size_t p = prev_begin;
    for (size_t c = cur_begin; c < runs.size(); ++c) {
      while (p < prev_end && runs[p].x1 < runs[c].x0 - 1) ++p;
      for (size_t q = p; q < prev_end && runs[q].x0 <= runs[c].x1 + 1; ++q) unite(static_cast<int>(c), static_cast<int>(q));
    }
    prev_begin = cur_begin;
    prev_end = runs.size();
  }
  struct Acc {
    int x0 = INT32_MAX, y0 = INT32_MAX, x1 = -1, y1 = -1;
    long long area = 0;
    double sx = 0, sy = 0;
  };
  std::vector<Acc> acc(runs.size());
  for (size_t i = 0; i < runs.size(); ++i) {
    const Run& r = runs[i];
    Acc& a = acc[find(static_cast<int>(i))];
    const int len = r.x1 - r.x0 + 1;
    a.x0 = std::min(a.x0, r.x0);
    a.x1 = std::max(a.x1, r.x1);
    a.y0 = std::min(a.y0, r.y);
    a.y1 = std::max(a.y1, r.y);
    a.area += len;
    a.sx += 0.5 * (r.x0 + r.x1) * len;
    a.sy += static_cast<double>(r.y) * len;
  }
  std::vector<Blob> out;
  for (size_t i = 0; i < runs.size(); ++i) {
    if (parent[i] != static_cast<int>(i)) continue;
    const Acc& a = acc[i];
    if (a.x1 - a.x0 + 1 > max_side || a.y1 - a.y0 + 1 > max_side) continue;
    Blob b;
    b.box = cv::Rect(a.x0, a.y0, a.x1 - a.x0 + 1, a.y1 - a.y0 + 1);
    b.area = static_cast<int>(a.area);
    b.centroid = cv::Point2d(a.sx / a.area, a.sy / a.area);
    out.push_back(b);
  }
  return out;
}

}  // namespace ocr_internal

namespace {

namespace fs = std::filesystem;

constexpr const char* kDebianTessdata = "/usr/share/tesseract-ocr/5/tessdata";

// Where Tesseract will look when no directory is given: TESSDATA_PREFIX
// (which may name the tessdata directory or its parent), then the Debian
// location.
std::string DefaultTessdataDir(const std::string& language) {
  if (const char* env = std::getenv("TESSDATA_PREFIX"); env != nullptr && *env != '\0') {
    fs::path p(env);
    if (fs::exists(p / (language + ".traineddata"))) return p.string();
    if (fs::exists(p / "tessdata" / (language + ".traineddata"))) return (p / "tessdata").string();
  }
  return kDebianTessdata;
}

// The default settings file: models/ocr/<language>.config in the installed
// models directory, else in the source tree. Empty when neither exists.
std::string DefaultConfigFile(const std::string& language) {
  const std::string name = "ocr/" + language + ".config";
  for (const char* dir : {HOSO_INSTALL_MODELS_DIR, HOSO_SOURCE_MODELS_DIR}) {
    fs::path p = fs::path(dir) / name;
    std::error_code ec;
    if (fs::is_regular_file(p, ec)) return p.string();
  }
  return std::string();
}

using ocr_internal::SerialiseOpenMpOnThisThread;
using ocr_internal::Leader;

std::vector<Leader> FindLeaders(const cv::Mat& gray, int dpi) {
  const double s = dpi / 300.0;
  struct Dot {
    int x, y, h;
  };
  std::vector<Dot> dots;
  const int max_side = std::max(3, static_cast<int>(std::lround(12 * s)));
  const int min_side = std::max(1, static_cast<int>(std::lround(2 * s)));
  for (const ocr_internal::Blob& b : ocr_internal::SmallDarkBlobs(gray, 160, max_side)) {
    const int w = b.box.width, h = b.box.height;
    if (w < min_side || h < min_side) continue;
    if (std::abs(w - h) > std::max(2, std::max(w, h) / 2) || b.area * 2 < w * h) continue;
    dots.push_back({static_cast<int>(std::lround(b.centroid.x)), static_cast<int>(std::lround(b.centroid.y)), h});
  }
  std::sort(dots.begin(), dots.end(), [](const Dot& a, const Dot& b) { return a.x != b.x ? a.x < b.x : a.y < b.y; });
  // Link each dot to the nearest dot on its right on the same baseline.
  const int max_dy = std::max(1, static_cast<int>(std::lround(2 * s)));
  const int min_dx = std::max(2, static_cast<int>(std::lround(5 * s)));
  const int max_dx = static_cast<int>(std::lround(40 * s));
  std::vector<int> next(dots.size(), -1), has_prev(dots.size(), 0);
  for (size_t i = 0; i < dots.size(); ++i) {
    int best = -1;
    for (size_t j = i + 1; j < dots.size() && dots[j].x - dots[i].x <= max_dx; ++j) {
      if (dots[j].x - dots[i].x < min_dx || std::abs(dots[j].y - dots[i].y) > max_dy || has_prev[j]) continue;
      best = static_cast<int>(j);
      break;
    }
    if (best >= 0) {
      next[i] = best;
      has_prev[best] = 1;
    }
  }
  std::vector<Leader> leaders;
  constexpr size_t kMinDots = 6;
  for (size_t i = 0; i < dots.size(); ++i) {
    if (has_prev[i]) continue;
    std::vector<int> chain;
    for (int k = static_cast<int>(i); k >= 0; k = next[k]) chain.push_back(k);
    if (chain.size() < kMinDots) continue;
    // Evenly spaced: gaps within 35% of their median.
    std::vector<int> gaps;
    for (size_t k = 1; k < chain.size(); ++k) gaps.push_back(dots[chain[k]].x - dots[chain[k - 1]].x);
    std::vector<int> sorted = gaps;
    std::nth_element(sorted.begin(), sorted.begin() + sorted.size() / 2, sorted.end());
    const int median = sorted[sorted.size() / 2];
    // Split the chain where the spacing breaks; keep regular runs.
    size_t run_start = 0;
    for (size_t k = 0; k <= gaps.size(); ++k) {
      const bool regular = k < gaps.size() && std::abs(gaps[k] - median) * 100 <= 35 * median;
      if (regular) continue;
      const size_t run_end = k;  // dots run_start..run_end
      if (run_end + 1 - run_start >= kMinDots) {
        Leader l;
        l.top = INT32_MAX;
        l.bottom = INT32_MIN;
        std::vector<int> heights;
        for (size_t m = run_start; m <= run_end; ++m) {
          const Dot& d = dots[chain[m]];
          heights.push_back(d.h);
          l.xs.push_back(d.x);
          l.top = std::min(l.top, d.y - d.h / 2 - 1);
          l.bottom = std::max(l.bottom, d.y + d.h / 2 + 1);
        }
        l.pitch = median;
        std::nth_element(heights.begin(), heights.begin() + heights.size() / 2, heights.end());
        l.dot = heights[heights.size() / 2];
        leaders.push_back(std::move(l));
      }
      run_start = k + 1;
    }
  }
  return leaders;
}

struct Symbol {
  std::string text;
  cv::Rect box;
};

std::string Trimmed(const std::string& raw) {
  std::string text = ToNfc(raw);
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return std::string();
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

// Which dots of each leader a word has already claimed (a leader is often
// split by Tesseract into several words, the later ones pure junk).
using LeaderUse = std::vector<std::vector<char>>;

// Turns one recognised word into OcrWords: as is, or, when it lies on a
// dotted leader, split into the text left of the leader, the leader itself
// (one '.' per dot not yet claimed by an earlier word) and any text right
// of it. Whatever Tesseract read over the leader's dots is dropped.
void SplitAtLeaders(const std::vector<Symbol>& symbols, const cv::Rect& box, float conf,
                    const std::vector<Leader>& leaders, LeaderUse* use, std::vector<OcrWord>* out) {
  auto emit = [&](const std::string& raw, const cv::Rect& b, float c) {
    std::string text = Trimmed(raw);
    if (text.empty() || b.empty()) return;
    OcrWord w;
    w.text = std::move(text);
    w.box = b;
    w.confidence = c;
    out->push_back(std::move(w));
  };
  // The leader overlapping this word the most.
  int hit = -1, overlap = 0;
  for (size_t i = 0; i < leaders.size(); ++i) {
    const Leader& l = leaders[i];
    const int cy = (l.top + l.bottom) / 2;
    if (cy < box.y - 2 || cy > box.br().y + 2) continue;
    const int half = std::max(1, l.pitch / 2);
    const int o = std::min(box.br().x, l.xs.back() + half) - std::max(box.x, l.xs.front() - half);
    if (o > overlap) {
      overlap = o;
      hit = static_cast<int>(i);
    }
  }
  std::string whole;
  for (const Symbol& s : symbols) whole += s.text;
  // Ignore grazing contact (a word ending where a leader starts).
  if (hit < 0 || overlap < std::max(2, leaders[hit].pitch)) {
    emit(whole, box, conf);
    return;
  }
  const Leader& l = leaders[hit];
  const int half = std::max(1, l.pitch / 2);
  std::vector<char>& used = (*use)[hit];
  int count = 0, x0 = INT32_MAX, x1 = INT32_MIN;
  std::vector<int> claimed;
  for (size_t k = 0; k < l.xs.size(); ++k) {
    if (l.xs[k] < box.x - 2 || l.xs[k] > box.br().x + 2) continue;
    x0 = std::min(x0, l.xs[k]);
    x1 = std::max(x1, l.xs[k]);
    if (used[k]) continue;
    used[k] = 1;
    ++count;
    claimed.push_back(l.xs[k]);
  }
  // Span of the leader within this word (whole leader if no dot inside).
  const int span0 = (x0 == INT32_MAX ? l.xs.front() : x0) - half;
  const int span1 = (x1 == INT32_MIN ? l.xs.back() : x1) + half;
  std::string left, right;
  cv::Rect left_box, right_box;
  for (const Symbol& s : symbols) {
    const int cx = s.box.x + s.box.width / 2;
    if (cx < span0) {
      left += s.text;
      left_box |= s.box;
    } else if (cx > span1) {
      right += s.text;
      right_box |= s.box;
    }
  }
  emit(left, left_box, conf);
  if (count > 0) {
    const float leader_conf = std::max(conf, 0.9f);
    // Dots set about one period apart ("......") are one word; dots spaced
    // like ". . . ." (pitch over ~4 dot widths) are one word each.
    if (l.pitch * 10 > 38 * std::max(1, l.dot)) {
      for (int x : claimed) emit(".", cv::Rect(x - l.dot / 2 - 1, l.top, l.dot + 2, l.bottom - l.top), leader_conf);
    } else {
      const cv::Rect leader_box(span0, l.top, span1 - span0, l.bottom - l.top);
      emit(std::string(static_cast<size_t>(count), '.'), leader_box, leader_conf);
    }
  }
  emit(right, right_box, conf);
}

// Side-by-side columns that Tesseract's layout kept in one block (the
// two-column header of Vietnamese forms: issuing agency left, national
// motto right; the two or three signature blocks at the bottom) come back
// as lines holding all columns' words with wide gaps between them. Such
// lines are cut at the gaps, and a run of vertically adjacent lines whose
// parts fit the same column slots is reordered column by column.
void SplitColumns(int dpi, OcrResult* page) {
  struct Part {
    std::vector<int> words;
    cv::Rect box;
  };
  struct Row {
    std::vector<Part> parts;  // one part when the line has no wide gap
    int block = 0;
    cv::Rect box;
  };
  const int min_gap_px = static_cast<int>(std::lround(60.0 * dpi / 300.0));
  std::vector<Row> rows;
  for (const OcrLine& line : page->lines) {
    Row row;
    row.block = line.block;
    int h = 0;
    for (int wi : line.words) h = std::max(h, page->words[wi].box.height);
    const int min_gap = std::max(min_gap_px, 2 * h);
    for (size_t i = 0; i < line.words.size(); ++i) {
      const cv::Rect& wb = page->words[line.words[i]].box;
      if (i == 0 || wb.x - page->words[line.words[i - 1]].box.br().x >= min_gap) row.parts.emplace_back();
      row.parts.back().words.push_back(line.words[i]);
      row.parts.back().box |= wb;
      row.box |= wb;
    }
    if (!row.parts.empty()) rows.push_back(std::move(row));
  }

  OcrResult out;
  int block = -1, last_src_block = INT32_MIN;
  auto emit = [&](const std::vector<const Part*>& parts, int blk) {
    OcrLine line;
    line.block = blk;
    const int li = static_cast<int>(out.lines.size());
    for (const Part* part : parts) {
      for (int wi : part->words) {
        OcrWord w = page->words[wi];
        w.line = li;
        if (!line.text.empty()) line.text += ' ';
        line.text += w.text;
        line.box |= w.box;
        line.words.push_back(static_cast<int>(out.words.size()));
        out.words.push_back(std::move(w));
      }
    }
    if (!line.words.empty()) out.lines.push_back(std::move(line));
  };
  // Column slots of a run: gaps[k] = (right edge of slot k's ink, left edge
  // of slot k+1's ink), narrowed as rows join. Returns the slot of each part
  // or an empty vector when the row does not fit.
  using Gaps = std::vector<std::pair<int, int>>;
  auto fit = [](const Row& r, Gaps* gaps) {
    std::vector<int> slots;
    Gaps g = *gaps;
    int next_slot = 0;
    for (const Part& p : r.parts) {
      const int a = p.box.x, b = p.box.br().x;
      int slot = -1;
      for (int s = next_slot; s <= static_cast<int>(g.size()); ++s) {
        const bool left_ok = s == 0 || a >= g[s - 1].first;
        const bool right_ok = s == static_cast<int>(g.size()) || b <= g[s].second;
        if (left_ok && right_ok) {
          slot = s;
          break;
        }
      }
      if (slot < 0) return std::vector<int>();
      if (slot > 0) g[slot - 1].second = std::min(g[slot - 1].second, a);
      if (slot < static_cast<int>(g.size())) g[slot].first = std::max(g[slot].first, b);
      slots.push_back(slot);
      next_slot = slot + 1;
    }
    for (const auto& gap : g) {
      if (gap.first >= gap.second) return std::vector<int>();
    }
    *gaps = g;
    return slots;
  };
  for (size_t i = 0; i < rows.size();) {
    const Row& first = rows[i];
    if (first.parts.size() < 2) {
      if (first.block != last_src_block) {
        ++block;
        last_src_block = first.block;
      }
      emit({&first.parts[0]}, block);
      ++i;
      continue;
    }
    Gaps gaps;
    for (size_t k = 1; k < first.parts.size(); ++k) {
      gaps.emplace_back(first.parts[k - 1].box.br().x, first.parts[k].box.x);
    }
    std::vector<std::vector<const Part*>> columns(gaps.size() + 1);
    std::vector<const Row*> split_rows;
    size_t j = i;
    int prev_bottom = first.box.y, line_h = first.box.height;
    for (; j < rows.size(); ++j) {
      const Row& r = rows[j];
      if (j > i && r.box.y - prev_bottom > 2 * line_h) break;
      const std::vector<int> slots = fit(r, &gaps);
      if (slots.empty()) break;
      for (size_t k = 0; k < slots.size(); ++k) columns[slots[k]].push_back(&r.parts[k]);
      if (r.parts.size() > 1) split_rows.push_back(&r);
      prev_bottom = r.box.br().y;
      line_h = std::max(1, r.box.height);
    }
    // Columns are told from a form row holding two fields ("2. Ngày
    // sinh: ...      3. Giới tính: ...") by their alignment: the lines of a
    // column block are centred on each other (their left edges differ, their
    // centres agree), form fields are left-aligned at the margin. At least
    // two multi-part rows are needed to judge; when in doubt, Tesseract's
    // order is kept.
    int cmin = INT32_MAX, cmax = INT32_MIN, lmin = INT32_MAX, lmax = INT32_MIN;
    for (const Row* r : split_rows) {
      const cv::Rect& b = r->parts[0].box;
      cmin = std::min(cmin, b.x + b.width / 2);
      cmax = std::max(cmax, b.x + b.width / 2);
      lmin = std::min(lmin, b.x);
      lmax = std::max(lmax, b.x);
    }
    const int left_spread = lmax - lmin, centre_spread = cmax - cmin;
    const bool is_columns =
        split_rows.size() >= 2 && left_spread > line_h / 2 && 2 * centre_spread <= left_spread;
    if (!is_columns) {
      std::vector<const Part*> all;
      for (const Part& p : first.parts) all.push_back(&p);
      if (first.block != last_src_block) {
        ++block;
        last_src_block = first.block;
      }
      emit(all, block);
      ++i;
      continue;
    }
    for (const auto& column : columns) {
      ++block;
      for (const Part* p : column) emit({p}, block);
    }
    last_src_block = INT32_MIN;
    i = j;
  }
  out.mean_confidence = page->mean_confidence;
  *page = std::move(out);
}

}  // namespace

namespace ocr_internal {

// Horizontal bands of the page holding text-like ink that no recognised
// word covers. Works at 1/4 scale; long rules (table lines) are removed
// first so that they do not count as text.
std::vector<cv::Rect> UncoveredTextBands(const cv::Mat& gray, int dpi, const OcrResult& page) {
  // Work at 75 dpi (1/4 of a 300 dpi page); constants below are in 75 dpi
  // pixels.
  const double kScale = dpi / 75.0;
  cv::Mat small, ink;
  // Area averaging in exact halvings, then bilinear for the last step of
  // less than 2x (the general INTER_AREA cost more than all the rest here;
  // ink rows 6 px apart do not need it).
  const cv::Size target(static_cast<int>(gray.cols / kScale), static_cast<int>(gray.rows / kScale));
  if (target.width <= 0 || target.height <= 0) return {};
  small = ShrinkArea(gray, target, cv::INTER_LINEAR);
  cv::threshold(small, ink, 160, 255, cv::THRESH_BINARY_INV);
  ink = RemoveLines(ink, 40, 40);
  for (const OcrWord& w : page.words) {
    const int pad = std::max(2, w.box.height / 2);
    cv::Rect r(static_cast<int>((w.box.x - pad) / kScale), static_cast<int>((w.box.y - pad) / kScale),
               static_cast<int>((w.box.width + 2 * pad) / kScale) + 1,
               static_cast<int>((w.box.height + 2 * pad) / kScale) + 1);
    r &= cv::Rect(0, 0, ink.cols, ink.rows);
    if (!r.empty()) ink(r).setTo(0);
  }
  // Rows with text-like ink, merged over small gaps.
  std::vector<int> count(ink.rows, 0);
  for (int y = 0; y < ink.rows; ++y) count[y] = cv::countNonZero(ink.row(y));
  std::vector<cv::Rect> bands;
  // kMinInk: a short line, "Năm sinh: 1981" (about 220 ink pixels here),
  // is text too (t7373 d0041/1: Tesseract's layout dropped it once its
  // leader was erased). Generated hard photos of seven sets: +1 field at
  // 150 against 300, -1 more at 100 with ink up to 190.
  const int kMinRowInk = 6, kMaxGap = 8, kMinHeight = 6, kMinInk = 150;
  int y = 0;
  while (y < ink.rows && bands.size() < 8) {
    if (count[y] < kMinRowInk) {
      ++y;
      continue;
    }
    int y0 = y, y1 = y, gap = 0;
    for (++y; y < ink.rows; ++y) {
      if (count[y] >= kMinRowInk) {
        y1 = y;
        gap = 0;
      } else if (++gap > kMaxGap) {
        break;
      }
    }
    if (y1 - y0 + 1 < kMinHeight) continue;
    cv::Mat strip = ink.rowRange(y0, y1 + 1);
    if (cv::countNonZero(strip) < kMinInk) continue;
    cv::Rect box = cv::boundingRect(strip);
    box.y += y0;
    const int m = 6;
    cv::Rect full(static_cast<int>((box.x - m) * kScale), static_cast<int>((box.y - m) * kScale),
                  static_cast<int>((box.width + 2 * m) * kScale), static_cast<int>((box.height + 2 * m) * kScale));
    full &= cv::Rect(0, 0, gray.cols, gray.rows);
    if (!full.empty()) bands.push_back(full);
  }
  return bands;
}

}  // namespace ocr_internal

namespace {

using ocr_internal::UncoveredTextBands;

// Appends `src`'s lines and words to `out`, block indices shifted by
// `block_base`. Returns the number of blocks appended.
int AppendBlocks(const OcrResult& src, const std::vector<int>& line_ids, int block_base, OcrResult* out) {
  int max_block = -1;
  for (int li : line_ids) {
    const OcrLine& l = src.lines[li];
    OcrLine nl;
    nl.text = l.text;
    nl.box = l.box;
    nl.block = block_base + std::max(0, l.block);
    max_block = std::max(max_block, std::max(0, l.block));
    const int new_li = static_cast<int>(out->lines.size());
    for (int wi : l.words) {
      OcrWord w = src.words[wi];
      w.line = new_li;
      nl.words.push_back(static_cast<int>(out->words.size()));
      out->words.push_back(std::move(w));
    }
    out->lines.push_back(std::move(nl));
  }
  return max_block + 1;
}

// The page's blocks in Tesseract's reading order, with each fallback band's
// lines inserted before the first block that starts below the band.
void Merge(const OcrResult& page, const std::vector<OcrResult>& extra, OcrResult* out) {
  *out = OcrResult();
  // Group page lines by block, keeping order.
  std::vector<std::vector<int>> blocks;
  std::vector<int> block_top;
  int current = INT32_MIN;
  for (int li = 0; li < static_cast<int>(page.lines.size()); ++li) {
    if (page.lines[li].block != current || blocks.empty()) {
      current = page.lines[li].block;
      blocks.emplace_back();
      block_top.push_back(page.lines[li].box.y);
    }
    blocks.back().push_back(li);
    block_top.back() = std::min(block_top.back(), page.lines[li].box.y);
  }
  std::vector<bool> used(extra.size(), false);
  int next_block = 0;
  auto emit_extra_above = [&](int top) {
    for (size_t e = 0; e < extra.size(); ++e) {
      if (used[e] || extra[e].lines.empty() || extra[e].lines.front().box.y >= top) continue;
      used[e] = true;
      std::vector<int> ids(extra[e].lines.size());
      for (size_t i = 0; i < ids.size(); ++i) ids[i] = static_cast<int>(i);
      // A fallback band is one block.
      OcrResult one = extra[e];
      for (OcrLine& l : one.lines) l.block = 0;
      next_block += AppendBlocks(one, ids, next_block, out);
    }
  };
  for (size_t b = 0; b < blocks.size(); ++b) {
    emit_extra_above(block_top[b]);
    std::vector<int> ids = blocks[b];
    // Renumber this block as one block.
    const int base = next_block;
    for (int li : ids) {
      OcrLine nl = page.lines[li];
      nl.block = base;
      const int new_li = static_cast<int>(out->lines.size());
      std::vector<int> wids;
      for (int wi : nl.words) {
        OcrWord w = page.words[wi];
        w.line = new_li;
        wids.push_back(static_cast<int>(out->words.size()));
        out->words.push_back(std::move(w));
      }
      nl.words = std::move(wids);
      out->lines.push_back(std::move(nl));
    }
    ++next_block;
  }
  emit_extra_above(INT32_MAX);
  double sum = 0;
  for (const OcrWord& w : out->words) sum += w.confidence;
  if (!out->words.empty()) out->mean_confidence = static_cast<float>(sum / out->words.size());
}

// Paints every dot of the leaders white: Tesseract then neither spends
// LSTM time on rows of dots (a third of a form's line width) nor mistakes
// dotted rows for separate columns or images. The leaders are put back as
// words by InsertLeaders.
void EraseLeaders(const std::vector<Leader>& leaders, cv::Mat* gray) {
  const cv::Rect bounds(0, 0, gray->cols, gray->rows);
  for (const Leader& l : leaders) {
    const int half = std::max(1, l.dot / 2 + 2);
    for (int x : l.xs) {
      cv::Rect r(x - half, l.top - 1, 2 * half + 1, l.bottom - l.top + 3);
      r &= bounds;
      if (!r.empty()) (*gray)(r).setTo(255);
    }
  }
}

// The words standing for one leader: one word of dots, or, for dots spaced
// like ". . . ." (pitch over ~4 dot widths), one '.' word per dot.
std::vector<OcrWord> LeaderWords(const Leader& l) {
  std::vector<OcrWord> out;
  OcrWord w;
  w.confidence = 0.9f;
  if (l.pitch * 10 > 38 * std::max(1, l.dot)) {
    for (int x : l.xs) {
      w.text = ".";
      w.box = cv::Rect(x - l.dot / 2 - 1, l.top, l.dot + 2, l.bottom - l.top);
      out.push_back(w);
    }
  } else {
    const int half = std::max(1, l.pitch / 2);
    w.text = std::string(l.xs.size(), '.');
    w.box = cv::Rect(l.xs.front() - half, l.top, l.xs.back() - l.xs.front() + 2 * half, l.bottom - l.top);
    out.push_back(w);
  }
  return out;
}

}  // namespace

namespace ocr_internal {

// Puts the (erased) leaders back into the recognised lines: each leader
// joins, at its x position, the line that spans its row and lies nearest to
// it horizontally; a leader on a row with no text becomes a line of its own
// after the last line above it.
void InsertLeaders(const std::vector<Leader>& leaders, OcrResult* page) {
  if (leaders.empty()) return;
  struct Line {
    OcrLine line;
    std::vector<OcrWord> words;
  };
  std::vector<Line> lines;
  for (const OcrLine& l : page->lines) {
    Line nl;
    nl.line = l;
    for (int wi : l.words) nl.words.push_back(page->words[wi]);
    lines.push_back(std::move(nl));
  }
  // Leaders that start a new line, by the index of the line they follow
  // (-1: before every line).
  std::vector<std::pair<int, const Leader*>> alone;
  for (const Leader& l : leaders) {
    const int cy = (l.top + l.bottom) / 2;
    const int x0 = l.xs.front(), x1 = l.xs.back();
    int best = -1;
    long best_cost = LONG_MAX;
    for (int i = 0; i < static_cast<int>(lines.size()); ++i) {
      const cv::Rect& b = lines[i].line.box;
      // The dots sit on the baseline: between the line's top + 1/3 and a
      // little below its bottom.
      if (cy < b.y + b.height / 3 || cy > b.br().y + std::max(2, b.height / 4)) continue;
      const long gap = std::max({0, b.x - x1, x0 - b.br().x});
      if (gap < best_cost) {
        best_cost = gap;
        best = i;
      }
    }
    if (best >= 0) {
      std::vector<OcrWord>& ws = lines[best].words;
      // A word Tesseract read across the leader's start with the dots it
      // could see ("ĐĂNG......", the leader's first dots erased under it):
      // split at the leader, so that its text stays before the dots.
      for (size_t i = 0; i < ws.size(); ++i) {
        const cv::Rect b = ws[i].box;
        if (x0 <= b.x || x0 >= b.br().x) continue;
        const std::string& t = ws[i].text;
        size_t dots = t.size();
        while (dots > 0 && t[dots - 1] == '.') --dots;
        if (dots == 0 || t.size() - dots < 3) continue;
        OcrWord tail = ws[i];
        tail.text = t.substr(dots);
        tail.box = cv::Rect(x0, b.y, b.br().x - x0, b.height);
        ws[i].text = t.substr(0, dots);
        ws[i].box = cv::Rect(b.x, b.y, x0 - b.x, b.height);
        ws.insert(ws.begin() + static_cast<long>(i) + 1, std::move(tail));
        ++i;
      }
      for (OcrWord& w : LeaderWords(l)) {
        auto pos = std::find_if(ws.begin(), ws.end(), [&](const OcrWord& o) {
          return o.box.x + o.box.width / 2 > w.box.x + w.box.width / 2;
        });
        ws.insert(pos, std::move(w));
      }
      lines[best].line.box |= cv::Rect(x0, l.top, x1 - x0 + 1, l.bottom - l.top);
      continue;
    }
    int after = -1;
    for (int i = 0; i < static_cast<int>(lines.size()); ++i) {
      if (lines[i].line.box.y + lines[i].line.box.height / 2 < cy) after = i;
    }
    alone.emplace_back(after, &l);
  }
  std::stable_sort(alone.begin(), alone.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  OcrResult out;
  out.mean_confidence = page->mean_confidence;
  auto emit = [&](OcrLine line, std::vector<OcrWord> words) {
    line.text.clear();
    line.words.clear();
    const int li = static_cast<int>(out.lines.size());
    for (OcrWord& w : words) {
      w.line = li;
      if (!line.text.empty()) line.text += ' ';
      line.text += w.text;
      line.words.push_back(static_cast<int>(out.words.size()));
      out.words.push_back(std::move(w));
    }
    if (!line.words.empty()) out.lines.push_back(std::move(line));
  };
  size_t k = 0;
  auto emit_alone = [&](int upto) {
    for (; k < alone.size() && alone[k].first == upto; ++k) {
      const Leader& l = *alone[k].second;
      OcrLine line;
      line.block = upto >= 0 ? lines[upto].line.block : (lines.empty() ? 0 : lines[0].line.block);
      std::vector<OcrWord> ws = LeaderWords(l);
      for (const OcrWord& w : ws) line.box |= w.box;
      emit(std::move(line), std::move(ws));
    }
  };
  emit_alone(-1);
  for (int i = 0; i < static_cast<int>(lines.size()); ++i) {
    emit(std::move(lines[i].line), std::move(lines[i].words));
    emit_alone(i);
  }
  *page = std::move(out);
}

}  // namespace ocr_internal

namespace {

// Puts the lines in top-to-bottom order of their centres. Tesseract's block
// order on a form is unreliable (a column of item numbers, a stray mark or a
// row split at a wide gap may come first or last); the printed reading
// order of these forms is by rows, except side-by-side column blocks, which
// SplitColumns restores after JoinRows has joined each row.
void SortByRows(OcrResult* page) {
  std::vector<int> order(page->lines.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int>(i);
  auto centre = [&](int i) { return 2 * page->lines[i].box.y + page->lines[i].box.height; };
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return centre(a) < centre(b); });
  OcrResult out;
  out.mean_confidence = page->mean_confidence;
  for (int i : order) {
    OcrLine line = page->lines[i];
    line.words.clear();
    const int li = static_cast<int>(out.lines.size());
    for (int wi : page->lines[i].words) {
      OcrWord w = page->words[wi];
      w.line = li;
      line.words.push_back(static_cast<int>(out.words.size()));
      out.words.push_back(std::move(w));
    }
    out.lines.push_back(std::move(line));
  }
  *page = std::move(out);
}

// Joins lines that Tesseract put in different blocks although they share a
// printed row ("2. Ngày sinh: ...      3. Giới tính: Nữ", more so once the
// leader between them is erased, looks like two columns). The joined line sits
// where the first of them was; SplitColumns then splits true column blocks
// (centred header and signature columns) again.
void JoinRows(OcrResult* page) {
  const int n = static_cast<int>(page->lines.size());
  std::vector<int> owner(n, -1);  // line -> first line of its row
  std::vector<std::vector<int>> members(n);
  for (int i = 0; i < n; ++i) {
    if (owner[i] >= 0) continue;
    owner[i] = i;
    members[i].push_back(i);
    const cv::Rect a = page->lines[i].box;
    for (int j = i + 1; j < n; ++j) {
      if (owner[j] >= 0) continue;
      const OcrLine& m = page->lines[j];
      if (m.block == page->lines[i].block) continue;
      const cv::Rect& b = m.box;
      const int overlap = std::min(a.br().y, b.br().y) - std::max(a.y, b.y);
      const int lo = std::min(a.height, b.height), hi = std::max(a.height, b.height);
      if (lo <= 0 || overlap * 10 < lo * 7 || hi * 10 > lo * 16) continue;
      bool clear = true;  // no horizontal overlap with the row's lines
      for (int k : members[i]) {
        const cv::Rect& c = page->lines[k].box;
        if (std::min(c.br().x, b.br().x) > std::max(c.x, b.x)) clear = false;
      }
      if (!clear) continue;
      owner[j] = i;
      members[i].push_back(j);
    }
  }
  OcrResult out;
  out.mean_confidence = page->mean_confidence;
  for (int i = 0; i < n; ++i) {
    if (owner[i] != i) continue;
    std::vector<int> row = members[i];
    std::sort(row.begin(), row.end(),
              [&](int x, int y) { return page->lines[x].box.x < page->lines[y].box.x; });
    OcrLine line;
    line.block = page->lines[i].block;
    const int li = static_cast<int>(out.lines.size());
    for (int k : row) {
      line.box |= page->lines[k].box;
      for (int wi : page->lines[k].words) {
        OcrWord w = page->words[wi];
        w.line = li;
        if (!line.text.empty()) line.text += ' ';
        line.text += w.text;
        line.words.push_back(static_cast<int>(out.words.size()));
        out.words.push_back(std::move(w));
      }
    }
    if (!line.words.empty()) out.lines.push_back(std::move(line));
  }
  *page = std::move(out);
}

// Maps every box of `r` from the OCR image's pixels to the input's (factor
// `f` > 1), clipped to `size`.
void ScaleBoxes(double f, const cv::Size& size, OcrResult* r) {
  const cv::Rect bounds(0, 0, size.width, size.height);
  auto scale = [&](cv::Rect* b) {
    if (b->empty()) return;
    const int x0 = static_cast<int>(std::floor(b->x * f)), y0 = static_cast<int>(std::floor(b->y * f));
    const int x1 = static_cast<int>(std::ceil(b->br().x * f)), y1 = static_cast<int>(std::ceil(b->br().y * f));
    *b = cv::Rect(x0, y0, x1 - x0, y1 - y0) & bounds;
  };
  for (OcrWord& w : r->words) scale(&w.box);
  for (OcrLine& l : r->lines) scale(&l.box);
}

}  // namespace

namespace ocr_internal {

Pix* GrayToPix(const cv::Mat& gray) {
  CV_Assert(gray.type() == CV_8UC1);
  PIX* pix = pixCreateNoInit(gray.cols, gray.rows, 8);
  if (pix == nullptr) return nullptr;
  l_uint32* data = pixGetData(pix);
  const int wpl = pixGetWpl(pix);
  const int full = gray.cols / 4, rest = gray.cols % 4;
  for (int y = 0; y < gray.rows; ++y) {
    const uchar* src = gray.ptr<uchar>(y);
    l_uint32* dst = data + static_cast<size_t>(y) * wpl;
    // Leptonica keeps pixel 4k + i in byte 3 - i of word k (its bytes are
    // in big-endian order within each 32-bit word).
    for (int k = 0; k < full; ++k, src += 4)
      dst[k] = (l_uint32{src[0]} << 24) | (l_uint32{src[1]} << 16) | (l_uint32{src[2]} << 8) | src[3];
    for (int k = full; k < wpl; ++k) dst[k] = 0;
    for (int i = 0; i < rest; ++i) dst[full] |= l_uint32{src[i]} << (24 - 8 * i);
  }
  return pix;
}

}  // namespace ocr_internal

cv::Mat RestoreNoisyPage(const cv::Mat& gray) {
  cv::Mat out;
  if (gray.empty()) return out;
  cv::medianBlur(gray, out, 3);
  cv::GaussianBlur(out, out, cv::Size(0, 0), 0.8);
  return out;
}

namespace {

class TesseractEngine final : public OcrEngine {
 public:
  TesseractEngine() = default;
  ~TesseractEngine() override { api_.End(); }

  Status Init(const OcrOptions& options) {
    const std::string lang = options.language.empty() ? "vie" : options.language;
    const std::string dir =
        options.tessdata_dir.empty() ? DefaultTessdataDir(lang) : options.tessdata_dir;
    const fs::path data = fs::path(dir) / (lang + ".traineddata");
    std::error_code ec;
    if (!fs::is_regular_file(data, ec)) {
      return Status::Error(
          "setup.tessdata_missing",
          "Thiếu dữ liệu OCR tiếng Việt / Tesseract language data not found: " + data.string() +
              " (install it with: apt-get install tesseract-ocr-" + lang +
              ", or set tessdata_dir / TESSDATA_PREFIX to the directory holding " + lang +
              ".traineddata)");
    }
    std::string config = options.config_file.empty() ? DefaultConfigFile(lang) : options.config_file;
    if (!config.empty() && !fs::is_regular_file(config, ec)) {
      return Status::Error("setup.tessdata_missing", "OCR settings file not found: " + config);
    }
    std::vector<char*> configs;
    if (!config.empty()) configs.push_back(config.data());
    SerialiseOpenMpOnThisThread();
    if (api_.Init(dir.c_str(), lang.c_str(), tesseract::OEM_LSTM_ONLY, configs.data(),
                  static_cast<int>(configs.size()), nullptr, nullptr, false) != 0) {
      return Status::Error(
          "setup.tessdata_missing",
          "Tesseract could not load " + data.string() +
              " (damaged or incompatible file? reinstall with: apt-get install --reinstall "
              "tesseract-ocr-" + lang + ")");
    }
    // Automatic layout (columns become blocks, read one after the other),
    // unless the settings file chooses otherwise: it is read again because
    // Init applies only its init-time parameters reliably.
    api_.SetPageSegMode(tesseract::PSM_AUTO);
    // Tesseract's own notes ("Detected 49 diacritics", "Line cannot be
    // recognized!!") go nowhere, as the OSD engine's do, and so do
    // Leptonica's ("Error in pixScanForForeground: invalid box", on boxes
    // Tesseract clips itself): a batch's stderr is for hoso's messages. A
    // settings file may name a file for Tesseract's instead.
    api_.SetVariable("debug_file", "/dev/null");
    setMsgSeverity(L_SEVERITY_NONE);
    if (!config.empty()) api_.ReadConfigFile(config.c_str());
    retry_below_confidence_ = options.retry_below_confidence;
    return Status::Ok();
  }

  Status Recognize(const cv::Mat& input, int input_dpi, OcrResult* out) override {
    *out = OcrResult();
    if (input.empty() || input.type() != CV_8UC1) {
      return Status::Error("internal.ocr_input", "OCR expects a non-empty 8-bit gray image");
    }
    if (input_dpi <= 0) input_dpi = 300;
    // Tesseract's LSTM reads each text line scaled to a fixed height, so
    // pixels beyond what it needs only cost time in thresholding and layout
    // analysis. Pages are read at kOcrDpi (area-averaged, which also
    // smooths sensor noise); boxes are scaled back to the input's pixels.
    cv::Mat gray = input;
    int dpi = input_dpi;
    if (input_dpi > kOcrDpi + 10) {
      const double f = static_cast<double>(kOcrDpi) / input_dpi;
      gray = ShrinkArea(input, ScaledSize(input.size(), f), cv::INTER_AREA);
      dpi = kOcrDpi;
    }
    Status st = RecognizePage(gray, dpi, out);
    if (!st.ok()) return st;
    // When enabled (OcrOptions::retry_below_confidence; off by default, see
    // there for the held-out figures), a page read with low confidence, a
    // hard photo (blur, sensor noise and the speckle that Enhance's contrast
    // stretch makes of it, dim light), is read a second time after
    // RestoreNoisyPage, and the
    // reading with the higher mean word confidence is kept. Clean photos
    // and scans read at >= 0.9 and blank pages have no words: neither
    // pays for the second pass.
    // Measured (generated hard photos, eval_ocr at 200 dpi): CER 0.350 ->
    // 0.291 (seed 7, tuning), 0.334 -> 0.311 (seed 99); photos and scans
    // unchanged (no page below 0.93). Unsharp masking, reading at 300 dpi
    // and a bilateral filter instead were measured too and did worse.
    if (!out->words.empty() && out->mean_confidence < retry_below_confidence_) {
      OcrResult second;
      st = RecognizePage(RestoreNoisyPage(gray), dpi, &second);
      const double both = out->recognition_cpu_ms + second.recognition_cpu_ms;
      if (st.ok() && second.mean_confidence > out->mean_confidence) *out = std::move(second);
      out->recognition_cpu_ms = both;
    }
    if (dpi != input_dpi) ScaleBoxes(static_cast<double>(input_dpi) / dpi, input.size(), out);
    return Status::Ok();
  }

  Status RecognizeSparse(const cv::Mat& input, int input_dpi, OcrResult* out) override {
    return RecognizeAs(tesseract::PSM_SPARSE_TEXT, input, input_dpi, out);
  }

  Status RecognizeLine(const cv::Mat& input, int input_dpi, OcrResult* out) override {
    return RecognizeAs(tesseract::PSM_SINGLE_LINE, input, input_dpi, out);
  }

  Status RecognizeAs(tesseract::PageSegMode as, const cv::Mat& input, int input_dpi, OcrResult* out) {
    const tesseract::PageSegMode mode = api_.GetPageSegMode();
    api_.SetPageSegMode(as);
    const Status st = Recognize(input, input_dpi, out);
    api_.SetPageSegMode(mode);
    return st;
  }

  // Reads `image` (at `dpi`, the resolution it is read at) into `out`, with
  // boxes in its pixels.
  Status RecognizePage(const cv::Mat& image, int dpi, OcrResult* out) {
    *out = OcrResult();
    cv::Mat gray = image;
    const std::vector<Leader> leaders = FindLeaders(gray, dpi);
    if (!leaders.empty()) {
      gray = image.clone();
      EraseLeaders(leaders, &gray);
    }
    SerialiseOpenMpOnThisThread();
    Pix* pix = ocr_internal::GrayToPix(gray);
    if (pix == nullptr) return Status::Error("ocr.failed", "no memory for the page image");
    // Tesseract's CPU time: what it spends taking its copy of the page and
    // freeing its results counts with its recognition.
    double tess_ms = 0;
    auto clear = [&] { InTesseract(&tess_ms, [&] { api_.Clear(); }); };
    InTesseract(&tess_ms, [&] { api_.SetImage(pix); });  // takes its own copy
    pixDestroy(&pix);
    api_.SetSourceResolution(dpi);
    const tesseract::PageSegMode mode = api_.GetPageSegMode();
    if (!RunTesseract(&tess_ms)) {
      clear();
      return Status::Error("ocr.failed", "Tesseract could not recognise the page");
    }
    const std::vector<Leader> no_leaders;
    OcrResult page;
    Collect(0.f, no_leaders, &page);

    // Tesseract's layout analysis sometimes classifies a stretch of a form
    // (rows of dotted leaders look like a halftone) as an image and drops
    // it. Text-like ink that no recognised word covers is read again as one
    // uniform block and merged in by vertical position.
    std::vector<OcrResult> extra;
    if (mode == tesseract::PSM_AUTO || mode == tesseract::PSM_AUTO_OSD || mode == tesseract::PSM_AUTO_ONLY) {
      for (const cv::Rect& band : UncoveredTextBands(gray, dpi, page)) {
        api_.SetPageSegMode(tesseract::PSM_SINGLE_BLOCK);
        api_.SetRectangle(band.x, band.y, band.width, band.height);
        OcrResult r;
        if (RunTesseract(&tess_ms)) Collect(kMinFallbackLineConfidence, no_leaders, &r);
        if (!r.lines.empty()) extra.push_back(std::move(r));
      }
      api_.SetPageSegMode(mode);
    }
    clear();
    Merge(page, extra, out);
    ocr_internal::InsertLeaders(leaders, out);
    SortByRows(out);
    JoinRows(out);
    SplitColumns(dpi, out);
    out->recognition_cpu_ms = tess_ms;
    return Status::Ok();
  }

 private:
  // Lines read in the fallback pass must be at least this confident (as a
  // mean over their words): stamps and signatures give low-confidence junk.
  static constexpr float kMinFallbackLineConfidence = 0.45f;
  // Resolution at which pages are recognised (see Recognize).
  static constexpr int kOcrDpi = 200;
  // OcrOptions::retry_below_confidence.
  float retry_below_confidence_ = 0.f;

  // Runs `f` (calls into Tesseract), adding its thread CPU time to *cpu_ms.
  template <class F>
  static void InTesseract(double* cpu_ms, F&& f) {
    const double c0 = ThreadCpuMs();
    f();
    *cpu_ms += ThreadCpuMs() - c0;
  }

  // Tesseract's layout analysis and recognition of the current image; its
  // thread CPU time is added to *cpu_ms.
  bool RunTesseract(double* cpu_ms) {
    bool ok = false;
    InTesseract(cpu_ms, [&] {
      ocr_internal::LeptonicaShortcuts shortcuts;
      ok = api_.Recognize(nullptr) == 0;
    });
    return ok;
  }

  // Appends the current recognition result: lines in reading order with
  // their block index, words NFC and trimmed, blank words dropped, words
  // over dotted leaders split and the leader part replaced by its dots.
  // Lines whose mean word confidence is below `min_line_conf` are skipped.
  void Collect(float min_line_conf, const std::vector<Leader>& leaders, OcrResult* out) {
    std::unique_ptr<tesseract::ResultIterator> it(api_.GetIterator());
    if (it == nullptr) return;
    int block = -1;
    bool new_line = true;
    OcrLine line;
    std::vector<OcrWord> words;
    auto flush = [&]() {
      if (!words.empty()) {
        double sum = 0;
        for (const OcrWord& w : words) sum += w.confidence;
        if (sum / words.size() >= min_line_conf) {
          const int li = static_cast<int>(out->lines.size());
          for (OcrWord& w : words) {
            w.line = li;
            if (!line.text.empty()) line.text += ' ';
            line.text += w.text;
            line.box |= w.box;
            line.words.push_back(static_cast<int>(out->words.size()));
            out->words.push_back(std::move(w));
          }
          out->lines.push_back(std::move(line));
        }
      }
      line = OcrLine();
      words.clear();
    };
    // With leaders to split at, walk symbols (not words) so that a word
    // whose tail lies over a dotted leader can be split where the leader
    // starts; without, whole words (a third of the iterator calls).
    const tesseract::PageIteratorLevel step = leaders.empty() ? tesseract::RIL_WORD : tesseract::RIL_SYMBOL;
    std::vector<Symbol> symbols;
    LeaderUse use(leaders.size());
    for (size_t i = 0; i < leaders.size(); ++i) use[i].assign(leaders[i].xs.size(), 0);
    cv::Rect word_box;
    float word_conf = 0.f;
    auto end_word = [&]() {
      if (!symbols.empty()) SplitAtLeaders(symbols, word_box, word_conf, leaders, &use, &words);
      symbols.clear();
    };
    // Vietnamese runs left to right, so the page's storage order is its
    // reading order: the walk uses the base classes' IsAtBeginningOf, Next
    // and GetUTF8Text (qualified calls). ResultIterator's own reorder the
    // words of each line for right-to-left scripts and restart the line
    // from the page's first word on every call, which makes a page's walk
    // quadratic in its words (~8 ms of CPU per page, for the same words).
    tesseract::PageIterator* page_it = it.get();
    tesseract::LTRResultIterator* ltr_it = it.get();
    auto at_start = [&](tesseract::PageIteratorLevel level) {
      return page_it->tesseract::PageIterator::IsAtBeginningOf(level);
    };
    do {
      if (at_start(tesseract::RIL_BLOCK)) ++block;
      if (at_start(tesseract::RIL_TEXTLINE)) new_line = true;
      if (at_start(tesseract::RIL_WORD)) {
        end_word();
        if (new_line) {
          flush();
          line.block = block;
          int ll = 0, lt = 0, lr = 0, lb = 0;
          if (it->BoundingBox(tesseract::RIL_TEXTLINE, &ll, &lt, &lr, &lb)) {
            line.box = cv::Rect(ll, lt, lr - ll, lb - lt);
          }
          new_line = false;
        }
        int l = 0, t = 0, r = 0, b = 0;
        word_box = it->BoundingBox(tesseract::RIL_WORD, &l, &t, &r, &b) ? cv::Rect(l, t, r - l, b - t)
                                                                         : cv::Rect();
        word_conf = std::clamp(it->Confidence(tesseract::RIL_WORD) / 100.f, 0.f, 1.f);
      }
      std::unique_ptr<char[]> raw(ltr_it->tesseract::LTRResultIterator::GetUTF8Text(step));
      if (raw == nullptr) continue;
      Symbol sym;
      sym.text = raw.get();
      int l = 0, t = 0, r = 0, b = 0;
      if (step == tesseract::RIL_WORD) sym.box = word_box;
      else if (it->BoundingBox(tesseract::RIL_SYMBOL, &l, &t, &r, &b)) sym.box = cv::Rect(l, t, r - l, b - t);
      symbols.push_back(std::move(sym));
    } while (page_it->tesseract::PageIterator::Next(step));
    end_word();
    flush();
  }

  tesseract::TessBaseAPI api_;
};

}  // namespace

Status OcrEngine::Create(const OcrOptions& options, std::unique_ptr<OcrEngine>* out) {
  out->reset();
  auto engine = std::make_unique<TesseractEngine>();
  Status s = engine->Init(options);
  if (!s.ok()) return s;
  *out = std::move(engine);
  return Status::Ok();
}

}  // namespace hoso
