// Memory for large image buffers: transparent huge pages, kept for reuse.
//
// A page's stages make and drop image buffers of several to tens of MB (a
// decoded 12 MP photo, its grey copy, the 300 dpi page, its spectra). Each
// 4 KB page of fresh memory costs a fault when first written; on the
// workplace's virtual machines about 15 us each (400 MB first written in
// 1.5 s on 4 KB pages, 30 ms on 2 MB pages the kernel had free), so a
// process that reads a handful of pages (bench/compare's chunks) spent a
// fifth of its time outside OCR in faults.
// Buffers of 256 KB and more (the sheet search's masks too) are therefore
// mapped 2 MB-aligned with MADV_HUGEPAGE (one fault per 2 MB where the
// kernel has huge pages), and kept when freed, up to a cap, for the next
// buffer of about their size. Buffers of at most 1 MB take half a huge page
// each, so that two share one fault.
#ifndef HOSO_PIPELINE_CORE_IMAGE_MEMORY_H_
#define HOSO_PIPELINE_CORE_IMAGE_MEMORY_H_

#include <cstddef>

#include <opencv2/core.hpp>

namespace hoso {

struct ImageMemoryStats {
  size_t mapped_bytes = 0;  // mapped for large buffers now (in use + kept)
  size_t kept_bytes = 0;    // freed and kept for reuse
  size_t reused = 0;        // large buffers served from kept memory
  size_t mapped = 0;        // large buffers that needed a fresh mapping
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
