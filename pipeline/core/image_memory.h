// Memory for large image buffers: transparent huge pages, packed and kept.
//
// A page's stages make and drop image buffers of several to tens of MB (a
// decoded 12 MP photo, its grey copy, the 300 dpi page, its spectra, two
// dozen sheet-search masks). Fresh memory costs a fault when first written;
// on the workplace's virtual machines, whose kernel hands freed memory back
// to the host (free page reporting), about 2.2 ms per MB on 2 MB pages and
// 2.8 on 4 KB ones (`build/bench/first_touch`), against 0.05 to write it
// again. A process's first page therefore pays for every MB its stages
// touch, and bench/compare's processes of a few dossiers each pay it twice
// (one first page per worker).
// Buffers of 256 KB and more are therefore carved from arenas mapped 2 MB-
// aligned with MADV_HUGEPAGE (one fault per 2 MB where the kernel has huge
// pages), 64 KB apart at most, and a freed buffer's range joins its free
// neighbours: the lowest free range that fits serves the next buffer of any
// size, so a page's stages reuse the memory its earlier stages wrote (a
// photo page's first pass writes 38 MB, about its peak use, instead of a
// block per size, 70 MB). Written memory beyond a cap that is free is given
// back to the kernel (the highest first).
#ifndef HOSO_PIPELINE_CORE_IMAGE_MEMORY_H_
#define HOSO_PIPELINE_CORE_IMAGE_MEMORY_H_

#include <cstddef>

#include <opencv2/core.hpp>

namespace hoso {

struct ImageMemoryStats {
  size_t mapped_bytes = 0;  // written memory held for large buffers (in use + kept), in 2 MB pages
  size_t kept_bytes = 0;    // of that, free and kept for reuse
  size_t reused = 0;        // large buffers that lay wholly in written memory
  size_t mapped = 0;        // large buffers that took fresh memory (some of it)
};

// The allocator: cv::Mat buffers of at least `min_bytes` come from the pool
// above (at most `keep_bytes` kept free); smaller ones from cv::fastMalloc,
// as OpenCV's own allocator does. Thread-safe. Buffers it made must be
// freed by it, so an instance must outlive every Mat it allocated.
cv::MatAllocator* NewImageMemoryAllocator(size_t min_bytes, size_t keep_bytes);
ImageMemoryStats GetImageMemoryStats(const cv::MatAllocator* allocator);

// Makes the process-wide pool (256 KB and more, 128 MB kept) OpenCV's default
// Mat allocator, once; later calls do nothing. Mats allocated before keep
// the allocator they were made with. Process-wide: the host's own Mats
// made after this come from the pool too (its memory is never unmapped
// beyond what is kept).
void UseImageMemoryPool();
const cv::MatAllocator* ImageMemoryPool();  // null before UseImageMemoryPool

}  // namespace hoso

#endif  // HOSO_PIPELINE_CORE_IMAGE_MEMORY_H_
