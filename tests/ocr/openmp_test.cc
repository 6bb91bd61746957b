// OpenMP regions on hoso's OCR threads (pipeline/ocr/openmp.cc): once a
// thread asks for serial regions, each runs once, on that thread, with no
// team made for it; other threads keep libgomp's teams.
#include <omp.h>

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "pipeline/ocr/ocr.h"

namespace hoso {
namespace {

struct Region {
  int runs = 0;          // how many threads ran the region's body
  int team = 0;          // omp_get_num_threads() inside
  int level = -1;        // omp_get_level() inside: 0 when no team was made
  bool on_caller = true; // every run on the thread that opened the region
  long sum = 0;          // of a work-shared loop over 0..999
  std::vector<int> sections;  // the order `parallel sections` ran its three
  std::vector<int> inner;     // same for a sections construct in a region
};

Region OpenRegion(int threads) {
  Region r;
  std::atomic<int> runs{0};
  std::atomic<bool> on_caller{true};
  const std::thread::id caller = std::this_thread::get_id();
  long sum = 0;
#pragma omp parallel num_threads(threads)
  {
    runs.fetch_add(1);
    if (std::this_thread::get_id() != caller) on_caller = false;
#pragma omp single
    {
      r.team = omp_get_num_threads();
      r.level = omp_get_level();
    }
  }
#pragma omp parallel for num_threads(threads) reduction(+ : sum)
  for (int i = 0; i < 1000; ++i) sum += i;
  std::vector<int> order, inner;
#pragma omp parallel sections num_threads(threads)
  {
#pragma omp section
    {
#pragma omp critical
      order.push_back(1);
    }
#pragma omp section
    {
#pragma omp critical
      order.push_back(2);
    }
#pragma omp section
    {
#pragma omp critical
      order.push_back(3);
    }
  }
#pragma omp parallel num_threads(threads)
  {
#pragma omp sections
    {
#pragma omp section
      {
#pragma omp critical
        inner.push_back(1);
      }
#pragma omp section
      {
#pragma omp critical
        inner.push_back(2);
      }
    }
  }
  r.sections = order;
  r.inner = inner;
  r.runs = runs.load();
  r.on_caller = on_caller.load();
  r.sum = sum;
  return r;
}

TEST(OpenMpTest, SerialisedThreadRunsEachRegionItselfWithoutATeam) {
  Region before, after;
  bool flag_before = true, flag_after = false;
  std::thread t([&] {
    flag_before = ocr_internal::OpenMpSerialOnThisThread();
    before = OpenRegion(3);
    ocr_internal::SerialiseOpenMpOnThisThread();
    flag_after = ocr_internal::OpenMpSerialOnThisThread();
    after = OpenRegion(3);
  });
  t.join();
  EXPECT_FALSE(flag_before);
  EXPECT_TRUE(flag_after);

  // Before: libgomp's team (as many threads as it grants, at least one).
  EXPECT_GE(before.runs, 1);
  EXPECT_EQ(before.runs, before.team);
  EXPECT_EQ(before.level, 1);
  EXPECT_EQ(before.sum, 499500);
  std::sort(before.sections.begin(), before.sections.end());
  EXPECT_EQ(before.sections, (std::vector<int>{1, 2, 3}));
  std::sort(before.inner.begin(), before.inner.end());
  EXPECT_EQ(before.inner, (std::vector<int>{1, 2}));
  if (omp_get_thread_limit() >= 3 && !omp_get_dynamic()) {
    EXPECT_EQ(before.runs, 3);
  }

  // After: once, on the caller, no team.
  EXPECT_EQ(after.runs, 1);
  EXPECT_EQ(after.team, 1);
  EXPECT_EQ(after.level, 0);
  EXPECT_TRUE(after.on_caller);
  EXPECT_EQ(after.sum, 499500);
  EXPECT_EQ(after.sections, (std::vector<int>{1, 2, 3}));
  EXPECT_EQ(after.inner, (std::vector<int>{1, 2}));
}

TEST(OpenMpTest, OtherThreadsKeepTheirTeams) {
  std::thread serial([] { ocr_internal::SerialiseOpenMpOnThisThread(); });
  serial.join();
  Region r;
  std::thread other([&] { r = OpenRegion(2); });
  other.join();
  EXPECT_EQ(r.level, 1);
  EXPECT_EQ(r.runs, r.team);
  EXPECT_EQ(r.sum, 499500);
  std::sort(r.sections.begin(), r.sections.end());
  EXPECT_EQ(r.sections, (std::vector<int>{1, 2, 3}));
}

}  // namespace
}  // namespace hoso
