// The image-memory pool: large Mats are carved from 2 MB-aligned arenas, a
// freed range joins its free neighbours and serves the next buffer of any
// size that fits, written memory past a cap goes back to the kernel; small
// ones and the caller's own data behave as with OpenCV's allocator.
#include "pipeline/core/image_memory.h"

#include <cstdint>
#include <cstdlib>
#include <memory>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace hoso {
namespace {

struct Pool {
  Pool(size_t min_bytes, size_t keep_bytes) : a(NewImageMemoryAllocator(min_bytes, keep_bytes)) {}
  cv::Mat Make(int rows, int cols, int type) {
    cv::Mat m;
    m.allocator = a.get();
    m.create(rows, cols, type);
    return m;
  }
  ImageMemoryStats Stats() const { return GetImageMemoryStats(a.get()); }
  std::unique_ptr<cv::MatAllocator> a;
};

constexpr size_t kMB = size_t{1} << 20;
constexpr size_t kGrain = 64 * 1024;

size_t Grains(size_t bytes) { return (bytes + kGrain - 1) / kGrain * kGrain; }

TEST(ImageMemory, LargeBufferIsAlignedAndItsMemoryServesTheNext) {
  Pool pool(kMB, 64 * kMB);
  const uchar* first = nullptr;
  {
    cv::Mat page = pool.Make(3000, 2250, CV_8UC1);  // 6.4 MB: four 2 MB pages
    first = page.data;
    EXPECT_EQ(reinterpret_cast<uintptr_t>(page.data) % (2 * kMB), 0u);
    EXPECT_TRUE(page.isContinuous());
    page.setTo(7);  // the whole buffer is writable
    EXPECT_EQ(cv::countNonZero(page == 7), 3000 * 2250);
    EXPECT_EQ(pool.Stats().mapped, 1u);
    EXPECT_EQ(pool.Stats().mapped_bytes, 8 * kMB);
    EXPECT_EQ(pool.Stats().kept_bytes, 0u);
  }
  EXPECT_EQ(pool.Stats().kept_bytes, 8 * kMB);
  {
    cv::Mat again = pool.Make(2900, 2300, CV_8UC1);  // 6.4 MB again: the same memory
    EXPECT_EQ(again.data, first);
    EXPECT_EQ(pool.Stats().reused, 1u);
    EXPECT_EQ(pool.Stats().kept_bytes, 0u);
  }
  {
    // Smaller ones, of other sizes, are packed into it one after another.
    cv::Mat preview = pool.Make(1000, 1000, CV_8UC3);  // 2.9 MB
    cv::Mat mask = pool.Make(1000, 1500, CV_8UC1);     // 1.4 MB
    EXPECT_EQ(preview.data, first);
    EXPECT_EQ(mask.data, first + Grains(3 * 1000 * 1000));
    EXPECT_EQ(pool.Stats().reused, 3u);
    EXPECT_EQ(pool.Stats().mapped, 1u);
  }
  // Larger than anything written: fresh memory, right after it.
  cv::Mat colour = pool.Make(3508, 2480, CV_8UC3);
  EXPECT_EQ(colour.data, first);
  EXPECT_EQ(pool.Stats().mapped, 2u);
  EXPECT_EQ(pool.Stats().mapped_bytes, 26 * kMB);  // 24.9 MB on thirteen 2 MB pages
}

// A page's stages free buffers in another order than they made them: the
// freed ranges join into one, which serves a buffer as large as them all.
TEST(ImageMemory, FreedNeighboursJoin) {
  Pool pool(256 * 1024, 64 * kMB);
  const size_t mask = Grains(750 * 1000);
  std::vector<cv::Mat> masks;
  for (int i = 0; i < 6; ++i) masks.push_back(pool.Make(750, 1000, CV_8UC1));  // 0.72 MB each
  for (int i = 0; i < 6; ++i) {
    EXPECT_EQ(masks[static_cast<size_t>(i)].data, masks[0].data + static_cast<size_t>(i) * mask);
    masks[static_cast<size_t>(i)].setTo(i + 1);  // none overlaps another
  }
  for (int i = 0; i < 6; ++i) EXPECT_EQ(cv::countNonZero(masks[static_cast<size_t>(i)] == i + 1), 750 * 1000);
  EXPECT_EQ(pool.Stats().mapped_bytes, 6 * kMB);  // 4.5 MB packed on three pages, not six
  const uchar* base = masks[0].data;
  cv::Mat after = pool.Make(100, 10000, CV_8UC1);  // 1 MB after them, in use
  for (size_t i : {4u, 1u, 3u, 0u, 5u, 2u}) masks[i].release();
  EXPECT_EQ(pool.Stats().kept_bytes, 4 * kMB);  // the pages wholly free: the third is shared with `after`
  const size_t mapped = pool.Stats().mapped;
  cv::Mat big = pool.Make(6, static_cast<int>(mask), CV_8UC1);  // all six at once
  EXPECT_EQ(big.data, base);
  EXPECT_EQ(pool.Stats().mapped, mapped);  // written memory only
}

TEST(ImageMemory, KeepsNoMoreThanItsCapHighestGoFirst) {
  Pool pool(kMB, 10 * kMB);
  const uchar* base = nullptr;
  {
    std::vector<cv::Mat> m;
    for (int i = 0; i < 4; ++i) m.push_back(pool.Make(2048, 1024, CV_8UC1));  // 2 MB each
    m.push_back(pool.Make(4096, 2048, CV_8UC1));                            // 8 MB
    for (cv::Mat& x : m) x.setTo(1);
    base = m[0].data;
    EXPECT_EQ(pool.Stats().mapped_bytes, 16 * kMB);
  }
  EXPECT_EQ(pool.Stats().kept_bytes, 10 * kMB);
  EXPECT_EQ(pool.Stats().mapped_bytes, 10 * kMB);
  // The lowest 10 MB are kept: a buffer there is served from written memory,
  // one beyond them takes fresh pages (zeroed by the kernel).
  cv::Mat low = pool.Make(4096, 2560, CV_8UC1);  // 10 MB
  EXPECT_EQ(low.data, base);
  EXPECT_EQ(pool.Stats().mapped, 5u);
  cv::Mat high = pool.Make(2048, 1024, CV_8UC1);
  EXPECT_EQ(high.data, base + 10 * kMB);
  EXPECT_EQ(pool.Stats().mapped, 6u);
  EXPECT_EQ(cv::countNonZero(high), 0);
}

// Many buffers of random sizes made and freed in random order: none ever
// overlaps another (each is filled with its own number and checked when
// freed), and what is free at the end is one range per arena again.
TEST(ImageMemory, RandomMakesAndFreesNeverOverlap) {
  Pool pool(256 * 1024, 32 * kMB);
  cv::RNG rng(20261203);
  std::vector<std::pair<cv::Mat, int>> live;
  for (int step = 0; step < 600; ++step) {
    if (!live.empty() && (live.size() > 24 || rng.uniform(0, 3) == 0)) {
      const size_t i = static_cast<size_t>(rng.uniform(0, static_cast<int>(live.size())));
      ASSERT_EQ(cv::countNonZero(live[i].first != live[i].second), 0) << "step " << step;
      live.erase(live.begin() + static_cast<std::ptrdiff_t>(i));
    } else {
      const int rows = rng.uniform(256, 4000), cols = rng.uniform(1024, 3000);
      cv::Mat m = pool.Make(rows, cols, CV_8UC1);
      const int tag = step % 250 + 1;
      m.setTo(tag);
      live.emplace_back(m, tag);
    }
  }
  for (auto& [m, tag] : live) ASSERT_EQ(cv::countNonZero(m != tag), 0);
  live.clear();
  const ImageMemoryStats s = pool.Stats();
  EXPECT_EQ(s.kept_bytes, s.mapped_bytes);
  EXPECT_LE(s.kept_bytes, 32 * kMB);
  EXPECT_GT(s.reused, s.mapped);
  cv::Mat whole = pool.Make(16 * 1024, 4 * 1024, CV_8UC1);  // 64 MB at the first arena's start
  EXPECT_EQ(reinterpret_cast<uintptr_t>(whole.data) % (2 * kMB), 0u);
}

TEST(ImageMemory, SmallAndCallerOwnedBuffersAreNotPooled) {
  Pool pool(kMB, 64 * kMB);
  cv::Mat small = pool.Make(100, 100, CV_8UC3);
  small.setTo(cv::Scalar(1, 2, 3));
  std::vector<uchar> mine(4 * kMB, 9);
  cv::Mat wrapped(2048, 2048, CV_8UC1, mine.data());
  cv::Mat copy;
  copy.allocator = pool.a.get();
  wrapped.copyTo(copy);  // a pooled copy of the caller's data
  EXPECT_NE(copy.data, mine.data());
  EXPECT_EQ(cv::countNonZero(copy == 9), 2048 * 2048);
  EXPECT_EQ(pool.Stats().mapped, 1u);
  // ROIs and clones of pooled Mats are ordinary Mats.
  cv::Mat roi = copy(cv::Rect(10, 10, 100, 100));
  cv::Mat cloned = roi.clone();
  EXPECT_EQ(cv::countNonZero(cloned == 9), 100 * 100);
}

TEST(ImageMemory, ManyThreadsTakeAndGive) {
  Pool pool(kMB, 32 * kMB);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&pool, t] {
      for (int i = 0; i < 50; ++i) {
        cv::Mat m = pool.Make(1024 + 97 * ((i + t) % 7), 1024, CV_8UC3);
        m.setTo(cv::Scalar::all(t));
        ASSERT_EQ(m.at<cv::Vec3b>(m.rows - 1, m.cols - 1)[2], t);
      }
    });
  }
  for (auto& th : threads) th.join();
  const ImageMemoryStats s = pool.Stats();
  EXPECT_EQ(s.reused + s.mapped, 200u);
  EXPECT_GT(s.reused, 150u);
  EXPECT_LE(s.kept_bytes, 32 * kMB);
  EXPECT_EQ(s.mapped_bytes, s.kept_bytes);  // nothing in use
}

TEST(ImageMemory, ProcessPoolIsInstalledOnce) {
  UseImageMemoryPool();
  const cv::MatAllocator* pool = ImageMemoryPool();
  ASSERT_NE(pool, nullptr);
  UseImageMemoryPool();
  EXPECT_EQ(ImageMemoryPool(), pool);
  EXPECT_EQ(cv::Mat::getDefaultAllocator(), pool);
  const size_t mapped = GetImageMemoryStats(pool).mapped + GetImageMemoryStats(pool).reused;
  cv::Mat big(2000, 2000, CV_8UC1, cv::Scalar(3));
  EXPECT_EQ(GetImageMemoryStats(pool).mapped + GetImageMemoryStats(pool).reused, mapped + 1);
}

}  // namespace
}  // namespace hoso
