// first_touch: what this machine charges for memory a process writes for the
// first time, against writing it again: the cost a new hoso process pays on
// its first pages (bench/README.md, session 19).
//
//   first_touch [MB] [--small-pages]
//
// Maps MB (default 100) of anonymous memory, 2 MB-aligned and advised to use
// huge pages as the image memory pool does (pipeline/core/image_memory.cc),
// or advised against them with --small-pages; writes one byte per 4 KB
// page, then the whole of it again, and prints both times. On a virtual
// machine whose kernel returns freed memory to the host (free page
// reporting), the first pass faults every page in on the host too.
#include <sys/mman.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

int main(int argc, char** argv) {
  size_t mb = 100;
  bool small_pages = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--small-pages") small_pages = true;
    else if (std::atoi(a.c_str()) > 0) mb = static_cast<size_t>(std::atoi(a.c_str()));
    else {
      std::fprintf(stderr, "usage: first_touch [MB] [--small-pages]\n");
      return 2;
    }
  }
  constexpr size_t kHuge = size_t{2} << 20;
  const size_t bytes = mb << 20;
  void* p = mmap(nullptr, bytes + kHuge, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) {
    std::perror("mmap");
    return 1;
  }
  char* base = reinterpret_cast<char*>((reinterpret_cast<uintptr_t>(p) + kHuge - 1) & ~(kHuge - 1));
  madvise(base, bytes, small_pages ? MADV_NOHUGEPAGE : MADV_HUGEPAGE);
  using Clock = std::chrono::steady_clock;
  auto ms = [](Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double, std::milli>(b - a).count(); };
  const auto t0 = Clock::now();
  for (size_t i = 0; i < bytes; i += 4096) base[i] = 1;
  const auto t1 = Clock::now();
  std::memset(base, 2, bytes);
  const auto t2 = Clock::now();
  std::printf("%zu MB on %s pages: first write %.1f ms (%.2f ms/MB), written again %.1f ms\n", mb,
              small_pages ? "4 KB" : "2 MB", ms(t0, t1), ms(t0, t1) / static_cast<double>(mb), ms(t1, t2));
  const bool written = base[bytes / 2] == 2;  // the writes are used: not optimised away
  munmap(p, bytes + kHuge);
  return written ? 0 : 1;
}
