#include "pipeline/core/image_memory.h"

#include <sys/mman.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <deque>
#include <iterator>
#include <map>
#include <mutex>
#include <utility>
#include <vector>

namespace hoso {

namespace {

constexpr size_t kHugePage = size_t{2} << 20;
// Buffers are carved this far apart at most (and so aligned to it, well
// beyond the 64 bytes FFTW and SIMD rows want).
constexpr size_t kGrain = size_t{64} << 10;
// Address space reserved per arena; only what is written costs memory.
constexpr size_t kArenaBytes = size_t{128} << 20;

size_t RoundUp(size_t n, size_t to) { return (n + to - 1) / to * to; }

class PoolAllocator final : public cv::MatAllocator {
 public:
  PoolAllocator(size_t min_bytes, size_t keep_bytes) : min_bytes_(min_bytes), keep_bytes_(keep_bytes) {}
  ~PoolAllocator() override {
    for (const Arena& a : arenas_) munmap(a.base, a.bytes);
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
    // The carved range's length, for deallocate (0: from fastMalloc).
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
    ImageMemoryStats s = stats_;
    s.mapped_bytes = written_pages_ * kHugePage;
    s.kept_bytes = KeptPages() * kHugePage;
    return s;
  }

 private:
  struct Arena {
    uchar* base;
    size_t bytes;
    std::map<size_t, size_t> free;  // offset -> length: disjoint, never adjacent (joined when freed)
    std::vector<bool> written;      // per 2 MB page: written since mapped or given back
  };

  // The lowest free range that fits, in the oldest arena that has one, else
  // a new arena (2 MB-aligned, advised to use huge pages); null when
  // mapping fails.
  uchar* Take(size_t total, size_t* block) const {
    const size_t want = RoundUp(total, kGrain);
    std::lock_guard<std::mutex> lock(mu_);
    for (Arena& a : arenas_) {
      for (auto it = a.free.begin(); it != a.free.end(); ++it) {
        if (it->second >= want) return Carve(a, it, want, block);
      }
    }
    const size_t bytes = std::max(kArenaBytes, RoundUp(want, kHugePage));
    // Over-map by a huge page and cut the ends off to align the arena.
    const size_t span = bytes + kHugePage;
    void* p = mmap(nullptr, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) return nullptr;
    uchar* base = static_cast<uchar*>(p);
    uchar* aligned = reinterpret_cast<uchar*>(RoundUp(reinterpret_cast<uintptr_t>(base), kHugePage));
    const size_t head = static_cast<size_t>(aligned - base), tail = span - head - bytes;
    if (head) munmap(base, head);
    if (tail) munmap(aligned + bytes, tail);
#ifdef MADV_HUGEPAGE
    madvise(aligned, bytes, MADV_HUGEPAGE);  // advice only: 4 KB pages where the kernel has no huge ones
#endif
    arenas_.push_back(Arena{aligned, bytes, {{0, bytes}}, std::vector<bool>(bytes / kHugePage, false)});
    Arena& a = arenas_.back();
    return Carve(a, a.free.begin(), want, block);
  }

  uchar* Carve(Arena& a, std::map<size_t, size_t>::iterator range, size_t want, size_t* block) const {
    const size_t offset = range->first, left = range->second - want;
    a.free.erase(range);
    if (left) a.free.emplace(offset + want, left);
    bool fresh = false;
    for (size_t page = offset / kHugePage; page < (offset + want + kHugePage - 1) / kHugePage; ++page) {
      if (a.written[page]) continue;
      a.written[page] = true;
      ++written_pages_;
      fresh = true;
    }
    ++(fresh ? stats_.mapped : stats_.reused);
    *block = want;
    return a.base + offset;
  }

  // The range joins its free neighbours; then the cap (ReleasePastCap).
  void Give(uchar* data, size_t bytes) const {
    std::lock_guard<std::mutex> lock(mu_);
    Arena* a = nullptr;
    for (Arena& x : arenas_) {
      if (data >= x.base && data < x.base + x.bytes) a = &x;
    }
    CV_Assert(a != nullptr);
    size_t offset = static_cast<size_t>(data - a->base), length = bytes;
    auto next = a->free.lower_bound(offset);
    if (next != a->free.end() && next->first == offset + length) {
      length += next->second;
      next = a->free.erase(next);
    }
    if (next != a->free.begin()) {
      auto prev = std::prev(next);
      if (prev->first + prev->second == offset) {
        offset = prev->first;
        length += prev->second;
        a->free.erase(prev);
      }
    }
    a->free.emplace(offset, length);
    ReleasePastCap();
  }

  // The 2 MB pages wholly inside [offset, offset + length): [first, end).
  static std::pair<size_t, size_t> WholePages(size_t offset, size_t length) {
    return {RoundUp(offset, kHugePage) / kHugePage, (offset + length) / kHugePage};
  }

  // Free written pages past the cap go back to the kernel, the highest
  // first (the lowest are taken first). Under the lock: no other thread can
  // be handed such a page meanwhile.
  void ReleasePastCap() const {
    size_t kept = KeptPages();
    for (auto x = arenas_.rbegin(); x != arenas_.rend(); ++x) {
      for (auto r = x->free.rbegin(); r != x->free.rend(); ++r) {
        const auto [first, end] = WholePages(r->first, r->second);
        for (size_t page = end; page-- > first;) {
          if (kept * kHugePage <= keep_bytes_) return;
          if (!x->written[page]) continue;
          madvise(x->base + page * kHugePage, kHugePage, MADV_DONTNEED);
          x->written[page] = false;
          --written_pages_;
          --kept;
        }
      }
    }
  }

  // Written pages wholly inside free ranges.
  size_t KeptPages() const {
    size_t n = 0;
    for (const Arena& a : arenas_) {
      for (const auto& [offset, length] : a.free) {
        const auto [first, end] = WholePages(offset, length);
        for (size_t page = first; page < end; ++page) n += a.written[page];
      }
    }
    return n;
  }

  const size_t min_bytes_, keep_bytes_;
  mutable std::mutex mu_;
  mutable std::deque<Arena> arenas_;  // oldest first; a deque keeps references to them valid
  mutable size_t written_pages_ = 0;
  mutable ImageMemoryStats stats_;    // counts only; bytes from the arenas
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
