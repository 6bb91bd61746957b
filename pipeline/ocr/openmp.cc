// Serial OpenMP regions without libgomp's one-thread teams.
//
// Debian's Tesseract opens an OpenMP parallel region (`parallel sections`)
// for every time step of its LSTM layers, and one (`parallel for`) for every
// fully connected layer: about 100,000 regions per page. hoso already runs one engine per core, so it serialises them
// (max-active-levels 0 on its OCR threads). libgomp still builds a team of
// one for each serial region and ends it with a futex wake system call,
// waking no one. Measured on the 34 pages of a generated set with one
// thread: 3.3 million futex calls (`strace -c -f`), and about a tenth of the
// process's CPU time in libgomp and the kernel's system call path (`perf`).
//
// hoso therefore defines the entry points GCC's code calls for these
// constructs (GOMP_parallel, GOMP_parallel_sections and the sections' own
// GOMP_sections_next and GOMP_sections_end[_nowait]) ahead of libgomp's in
// the dynamic linker's lookup order (libhoso is needed by the program before
// libtesseract needs libgomp). On a thread that asked for serial regions
// (SerialiseOpenMpOnThisThread), a region's body runs on the calling thread
// directly, which is what libgomp does for a serial region, less the team
// bookkeeping: inside it omp_get_thread_num() is 0 and omp_get_num_threads()
// is 1 either way, work-sharing loops split over one thread, and the
// sections of a `parallel sections` are handed out in order, 1 to count.
// Every other call, on any other thread, goes to libgomp unchanged. (Not
// emulated: sections with reductions, which GCC opens with
// GOMP_sections2_start; none are nested in Tesseract's regions.) Where the
// lookup order differs (a program that links libgomp before hoso), libgomp's
// own entry points are used and only the saving is lost.
#include <dlfcn.h>

#include <vector>

#include "pipeline/ocr/ocr.h"

namespace hoso {
namespace ocr_internal {
namespace {

thread_local bool serial_openmp = false;

// The sections constructs being handed out on this serialised thread,
// innermost last: each hands out its sections 1 to count, then 0.
struct SerialSections {
  unsigned next = 1, count = 0;
};
thread_local std::vector<SerialSections> serial_sections;

// The innermost serial construct's next section, 0 when all are handed out.
unsigned NextSerialSection() {
  SerialSections& s = serial_sections.back();
  return s.next <= s.count ? s.next++ : 0;
}

// libgomp's definition of `name` (the next one after hoso's).
template <typename Fn>
Fn Libgomp(const char* name, const char* version) {
  void* sym = dlvsym(RTLD_NEXT, name, version);
  if (sym == nullptr) sym = dlsym(RTLD_NEXT, name);
  return reinterpret_cast<Fn>(sym);
}

using ParallelFn = void (*)(void (*)(void*), void*, unsigned, unsigned);
using ParallelSectionsFn = void (*)(void (*)(void*), void*, unsigned, unsigned, unsigned);
using SectionsStartFn = unsigned (*)(unsigned);
using SectionsNextFn = unsigned (*)();
using SectionsEndFn = void (*)();

}  // namespace

void SerialiseOpenMpOnThisThread() {
  if (serial_openmp) return;
  serial_openmp = true;
  // Regions opened through other entry points (parallel sections, loops
  // with a runtime schedule) are serialised by libgomp itself: setting the
  // calling thread's max-active-levels ICV to 0 makes each run on this thread
  // alone. Looked up at run time so that hoso does not link OpenMP for it.
  using SetLevels = void (*)(int);
  static const SetLevels set_levels =
      reinterpret_cast<SetLevels>(dlsym(RTLD_DEFAULT, "omp_set_max_active_levels"));
  if (set_levels != nullptr) set_levels(0);
}

bool OpenMpSerialOnThisThread() { return serial_openmp; }

}  // namespace ocr_internal
}  // namespace hoso

// Each entry point runs the construct serially on a serialised thread, or
// when libgomp's entry point cannot be found (a team of one is a valid team
// for any region: OpenMP lets an implementation grant fewer threads than
// asked for), and otherwise forwards to libgomp.
namespace omp = hoso::ocr_internal;

extern "C" __attribute__((visibility("default"))) void GOMP_parallel(void (*fn)(void*), void* data,
                                                                     unsigned num_threads, unsigned flags) {
  static const omp::ParallelFn libgomp = omp::Libgomp<omp::ParallelFn>("GOMP_parallel", "GOMP_4.0");
  if (omp::serial_openmp || libgomp == nullptr) {
    fn(data);
    return;
  }
  libgomp(fn, data, num_threads, flags);
}

extern "C" __attribute__((visibility("default"))) void GOMP_parallel_sections(void (*fn)(void*), void* data,
                                                                              unsigned num_threads,
                                                                              unsigned count, unsigned flags) {
  static const omp::ParallelSectionsFn libgomp =
      omp::Libgomp<omp::ParallelSectionsFn>("GOMP_parallel_sections", "GOMP_4.0");
  if (omp::serial_openmp || libgomp == nullptr) {
    // The body asks GOMP_sections_next for its sections until it gets 0,
    // then calls GOMP_sections_end_nowait, which drops them.
    const size_t depth = omp::serial_sections.size();
    omp::serial_sections.push_back({1, count});
    fn(data);
    omp::serial_sections.resize(depth);
    return;
  }
  libgomp(fn, data, num_threads, count, flags);
}

// A sections construct inside a parallel region: its first section.
extern "C" __attribute__((visibility("default"))) unsigned GOMP_sections_start(unsigned count) {
  static const omp::SectionsStartFn libgomp =
      omp::Libgomp<omp::SectionsStartFn>("GOMP_sections_start", "GOMP_1.0");
  if (omp::serial_openmp || libgomp == nullptr) {
    omp::serial_sections.push_back({1, count});
    return omp::NextSerialSection();
  }
  return libgomp(count);
}

extern "C" __attribute__((visibility("default"))) unsigned GOMP_sections_next() {
  static const omp::SectionsNextFn libgomp = omp::Libgomp<omp::SectionsNextFn>("GOMP_sections_next", "GOMP_1.0");
  if (!omp::serial_sections.empty()) return omp::NextSerialSection();
  return libgomp != nullptr ? libgomp() : 0;
}

// The end of a sections construct (with or without its barrier, which a
// team of one has no need of): the serial one is dropped, else libgomp's.
static void EndSections(omp::SectionsEndFn libgomp) {
  if (!omp::serial_sections.empty()) {
    omp::serial_sections.pop_back();
    return;
  }
  if (libgomp != nullptr) libgomp();
}

extern "C" __attribute__((visibility("default"))) void GOMP_sections_end_nowait() {
  static const omp::SectionsEndFn libgomp =
      omp::Libgomp<omp::SectionsEndFn>("GOMP_sections_end_nowait", "GOMP_1.0");
  EndSections(libgomp);
}

extern "C" __attribute__((visibility("default"))) void GOMP_sections_end() {
  static const omp::SectionsEndFn libgomp = omp::Libgomp<omp::SectionsEndFn>("GOMP_sections_end", "GOMP_1.0");
  EndSections(libgomp);
}
