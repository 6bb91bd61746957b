// The image-memory pool: large Mats come from 2 MB-aligned mappings that
// are kept when freed and served again for a buffer of about their size;
// small ones and the caller's own data behave as with OpenCV's allocator.
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

TEST(ImageMemory, LargeBufferIsAlignedAndReusedForAboutItsSize) {
  Pool pool(kMB, 64 * kMB);
  const uchar* first = nullptr;
  {
    cv::Mat page = pool.Make(3000, 2250, CV_8UC1);  // 6.4 MB: a 8 MB block
    first = page.data;
    EXPECT_EQ(reinterpret_cast<uintptr_t>(page.data) % (2 * kMB), 0u);
    EXPECT_TRUE(page.isContinuous());
    page.setTo(7);  // the whole buffer is writable
    EXPECT_EQ(cv::countNonZero(page == 7), 3000 * 2250);
    EXPECT_EQ(pool.Stats().mapped, 1u);
    EXPECT_EQ(pool.Stats().mapped_bytes, 8 * kMB);
  }
  EXPECT_EQ(pool.Stats().kept_bytes, 8 * kMB);
  {
    cv::Mat again = pool.Make(2900, 2300, CV_8UC1);  // 6.4 MB again
    EXPECT_EQ(again.data, first);
    EXPECT_EQ(pool.Stats().reused, 1u);
    EXPECT_EQ(pool.Stats().kept_bytes, 0u);
    // Far smaller: its own block, the kept one is not wasted on it.
    cv::Mat preview = pool.Make(1000, 1000, CV_8UC3);  // 2.9 MB: 4 MB
    EXPECT_NE(preview.data, first);
    EXPECT_EQ(pool.Stats().mapped, 2u);
  }
  // Much larger than anything kept: mapped fresh.
  cv::Mat colour = pool.Make(3508, 2480, CV_8UC3);
  EXPECT_EQ(pool.Stats().mapped, 3u);
  EXPECT_EQ(pool.Stats().reused, 1u);
}

// Buffers of at most 1 MB (the sheet search's masks of a 1000 x 750 image)
// take half a huge page each: two share one mapping, and one page fault.
TEST(ImageMemory, SmallPooledBuffersShareAHugePage) {
  Pool pool(256 * 1024, 64 * kMB);
  {
    cv::Mat a = pool.Make(750, 1000, CV_8UC1);  // 0.72 MB
    cv::Mat b = pool.Make(750, 1000, CV_8UC1);
    EXPECT_EQ(pool.Stats().mapped, 1u);
    EXPECT_EQ(pool.Stats().reused, 1u);  // the second half, kept at the first's mapping
    EXPECT_EQ(pool.Stats().mapped_bytes, 2 * kMB);
    EXPECT_EQ(reinterpret_cast<uintptr_t>(a.data) % (2 * kMB), 0u);
    EXPECT_EQ(b.data, a.data + kMB);
    a.setTo(1);
    b.setTo(2);  // neither overlaps the other
    EXPECT_EQ(cv::countNonZero(a == 1), 750 * 1000);
    EXPECT_EQ(cv::countNonZero(b == 2), 750 * 1000);
    cv::Mat c = pool.Make(750, 1000, CV_8UC1);  // a second huge page
    EXPECT_EQ(pool.Stats().mapped, 2u);
    EXPECT_EQ(pool.Stats().kept_bytes, kMB);  // its other half
    // Larger than half a page: a whole page, not two halves.
    cv::Mat d = pool.Make(1000, 1100, CV_8UC1);  // 1.05 MB
    EXPECT_EQ(pool.Stats().mapped, 3u);
    EXPECT_EQ(pool.Stats().mapped_bytes, 6 * kMB);
  }
  EXPECT_EQ(pool.Stats().kept_bytes, 6 * kMB);
  // Kept halves serve the next small buffers (before the whole page kept).
  const size_t reused = pool.Stats().reused;
  cv::Mat e = pool.Make(700, 1000, CV_8UC1);
  cv::Mat f = pool.Make(700, 1000, CV_8UC1);
  EXPECT_EQ(pool.Stats().mapped, 3u);
  EXPECT_EQ(pool.Stats().reused, reused + 2);
  EXPECT_EQ(pool.Stats().kept_bytes, 4 * kMB);
  EXPECT_GE(std::abs(e.data - f.data), static_cast<std::ptrdiff_t>(kMB));
}

TEST(ImageMemory, KeepsNoMoreThanItsCapOldestGoFirst) {
  Pool pool(kMB, 10 * kMB);
  {
    std::vector<cv::Mat> m;
    for (int i = 0; i < 4; ++i) m.push_back(pool.Make(2048, 1024, CV_8UC1));  // 2 MB each
    m.push_back(pool.Make(4096, 2048, CV_8UC1));                            // 8 MB
    EXPECT_EQ(pool.Stats().mapped_bytes, 16 * kMB);
  }
  // Freed in order: the 2 MB blocks first; keeping the 8 MB one drops the
  // oldest three.
  EXPECT_EQ(pool.Stats().kept_bytes, 10 * kMB);
  EXPECT_EQ(pool.Stats().mapped_bytes, 10 * kMB);
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
  EXPECT_GT(s.reused, 100u);
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
