#include "pipeline/core/image_memory.h"

#include <sys/mman.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <mutex>
#include <vector>

namespace hoso {

namespace {

constexpr size_t kHugePage = size_t{2} << 20;
constexpr size_t kHalfHugePage = kHugePage / 2;

size_t RoundUp(size_t n, size_t to) { return (n + to - 1) / to * to; }

// A kept buffer serves a request this much larger at most (and any request
// within one huge page of its size): a 26 MB colour page does not hold a
// 3 MB preview's buffer.
constexpr double kReuseSlack = 1.25;

class PoolAllocator final : public cv::MatAllocator {
 public:
  PoolAllocator(size_t min_bytes, size_t keep_bytes) : min_bytes_(min_bytes), keep_bytes_(keep_bytes) {}
  ~PoolAllocator() override {
    for (const Kept& k : kept_) munmap(k.data, k.bytes);
  }

  // As OpenCV's StdMatAllocator: steps from the sizes (or the caller's),
  // the caller's data used as is.
  cv::UMatData* allocate(int dims, const int* sizes, int type, void* data0, size_t* step, cv::AccessFlag,
                         cv::UMatUsageFlags) const override {
    size_t total = CV_ELEM_SIZE(type);
    for (int i = dims - 1; i >= 0; --i) {
      if (step) {
        if (data0 && step[i] != cv::Mat::AUTO_STEP) {
          CV_Assert(total <= step[i]);
          total = step[i];
        } else {
          step[i] = total;
        }
      }
      total *= static_cast<size_t>(sizes[i]);
    }
    cv::UMatData* u = new cv::UMatData(this);
    u->size = total;
    if (data0) {
      u->data = u->origdata = static_cast<uchar*>(data0);
      u->flags |= cv::UMatData::USER_ALLOCATED;
      return u;
    }
    size_t block = 0;
    uchar* data = total >= min_bytes_ ? Take(total, &block) : nullptr;
    if (!data) data = static_cast<uchar*>(cv::fastMalloc(total));  // throws when out of memory
    u->data = u->origdata = data;
    // The mapping's length, for deallocate (0: from fastMalloc).
    u->userdata = reinterpret_cast<void*>(static_cast<uintptr_t>(block));
    return u;
  }

  bool allocate(cv::UMatData* u, cv::AccessFlag, cv::UMatUsageFlags) const override { return u != nullptr; }

  void deallocate(cv::UMatData* u) const override {
    if (!u) return;
    CV_Assert(u->urefcount == 0 && u->refcount == 0);
    if (!(u->flags & cv::UMatData::USER_ALLOCATED)) {
      const size_t block = static_cast<size_t>(reinterpret_cast<uintptr_t>(u->userdata));
      if (block) Give(u->origdata, block);
      else cv::fastFree(u->origdata);
      u->origdata = nullptr;
    }
    delete u;
  }

  ImageMemoryStats Stats() const {
    std::lock_guard<std::mutex> lock(mu_);
    return stats_;
  }

 private:
  struct Kept {
    uchar* data;
    size_t bytes;
  };

  // A kept block that fits (the smallest), else a fresh 2 MB-aligned
  // mapping advised to use huge pages; null when mapping fails. A buffer of
  // at most half a huge page takes a half: the sheet search's ~0.7 MB masks
  // (two dozen at once) would otherwise each fault in, and have zeroed, a
  // whole 2 MB page of their own.
  uchar* Take(size_t total, size_t* block) const {
    const size_t want = total <= kHalfHugePage ? kHalfHugePage : RoundUp(total, kHugePage);
    const size_t most = std::max(want + kHugePage, static_cast<size_t>(static_cast<double>(want) * kReuseSlack));
    {
      std::lock_guard<std::mutex> lock(mu_);
      int best = -1;
      for (size_t i = 0; i < kept_.size(); ++i) {
        if (kept_[i].bytes >= want && kept_[i].bytes <= most &&
            (best < 0 || kept_[i].bytes < kept_[static_cast<size_t>(best)].bytes))
          best = static_cast<int>(i);
      }
      if (best >= 0) {
        const Kept k = kept_[static_cast<size_t>(best)];
        kept_.erase(kept_.begin() + best);
        stats_.kept_bytes -= k.bytes;
        ++stats_.reused;
        *block = k.bytes;
        return k.data;
      }
    }
    // Over-map by a huge page and cut the ends off to align the block.
    const size_t whole = RoundUp(want, kHugePage);
    const size_t span = whole + kHugePage;
    void* p = mmap(nullptr, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return nullptr;
    uchar* base = static_cast<uchar*>(p);
    uchar* aligned = reinterpret_cast<uchar*>(RoundUp(reinterpret_cast<uintptr_t>(base), kHugePage));
    const size_t head = static_cast<size_t>(aligned - base), tail = span - head - whole;
    if (head) munmap(base, head);
    if (tail) munmap(aligned + whole, tail);
#ifdef MADV_HUGEPAGE
    madvise(aligned, whole, MADV_HUGEPAGE);  // advice only: 4 KB pages where the kernel has no huge ones
#endif
    std::lock_guard<std::mutex> lock(mu_);
    stats_.mapped_bytes += whole;
    ++stats_.mapped;
    if (whole > want) {  // the other half is kept for the next small buffer
      kept_.push_back(Kept{aligned + want, whole - want});
      stats_.kept_bytes += whole - want;
    }
    *block = want;
    return aligned;
  }

  // Keeps the block for reuse; the oldest kept blocks are unmapped past the cap.
  void Give(uchar* data, size_t bytes) const {
    std::vector<Kept> drop;
    {
      std::lock_guard<std::mutex> lock(mu_);
      kept_.push_back(Kept{data, bytes});
      stats_.kept_bytes += bytes;
      size_t n = 0;
      while (stats_.kept_bytes > keep_bytes_ && n < kept_.size()) {
        stats_.kept_bytes -= kept_[n].bytes;
        stats_.mapped_bytes -= kept_[n].bytes;
        drop.push_back(kept_[n++]);
      }
      kept_.erase(kept_.begin(), kept_.begin() + static_cast<std::ptrdiff_t>(n));
    }
    for (const Kept& k : drop) munmap(k.data, k.bytes);
  }

  const size_t min_bytes_, keep_bytes_;
  mutable std::mutex mu_;
  mutable std::vector<Kept> kept_;  // oldest first
  mutable ImageMemoryStats stats_;
};

std::once_flag pool_once;
std::atomic<cv::MatAllocator*> pool{nullptr};

}  // namespace

cv::MatAllocator* NewImageMemoryAllocator(size_t min_bytes, size_t keep_bytes) {
  return new PoolAllocator(min_bytes, keep_bytes);
}

ImageMemoryStats GetImageMemoryStats(const cv::MatAllocator* allocator) {
  const auto* p = dynamic_cast<const PoolAllocator*>(allocator);
  return p ? p->Stats() : ImageMemoryStats();
}

void UseImageMemoryPool() {
  std::call_once(pool_once, [] {
    // Never deleted: Mats made from it may live until the process ends.
    cv::MatAllocator* made = NewImageMemoryAllocator(size_t{256} << 10, size_t{128} << 20);
    cv::Mat::setDefaultAllocator(made);
    pool.store(made);
  });
}

const cv::MatAllocator* ImageMemoryPool() { return pool.load(); }

}  // namespace hoso
