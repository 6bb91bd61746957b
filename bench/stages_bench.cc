// Per-stage micro-benchmarks on fixed inputs, so that a regression in one
// stage shows in numbers:
//
//   build/bench/stages_bench [--benchmark_filter=Geometry] [PAGE_IMAGE]
//
// The page defaults to the first photo among the bundled samples. Each stage
// runs on the previous stage's real output for that page.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <memory>

#include <opencv2/core.hpp>

#include "hoso/options.h"
#include "pipeline/enhance/enhance.h"
#include "pipeline/flow/settings.h"
#include "pipeline/forms/forms.h"
#include "pipeline/geometry/geometry.h"
#include "pipeline/load/load.h"
#include "pipeline/ocr/ocr.h"
#include "pipeline/write/pdf.h"

namespace hoso {
namespace {

namespace fs = std::filesystem;

std::string g_page_path;

// The resolution pages are rectified to, as in the pipeline.
int Dpi() { return static_cast<int>(Options{}.output_dpi + 0.5); }

EnhanceOptions EnhanceOpts() {
  EnhanceOptions eo;
  eo.dpi = Dpi();
  return eo;
}

// The fixed inputs, computed once (lazily, on the first benchmark).
struct Fixture {
  PageSource source;
  LoadedPage loaded;
  GeometryResult geometry;
  EnhanceResult enhanced;
  OcrResult ocr;
  PdfImage image;
  std::unique_ptr<Geometry> geo;
  std::unique_ptr<OcrEngine> engine;
  std::unique_ptr<FormsModel> forms;
  std::string error;

  Fixture() {
    std::vector<PageSource> pages;
    Status s = ListPages(InputFile{fs::path(g_page_path).filename().string(), g_page_path, {}}, {}, &pages);
    if (s.ok()) s = DecodePage(pages.at(0), {}, &loaded);
    if (s.ok()) source = pages[0];
    // The pipeline's own settings.
    if (s.ok()) s = Geometry::Create(PipelineGeometryOptions(Options{}), &geo);
    if (s.ok()) s = geo->Run(loaded.bgr, loaded.dpi, &geometry);
    if (s.ok()) Enhance(geometry.page, EnhanceOpts(), &enhanced);
    OcrOptions oo;
    oo.config_file = std::string(HOSO_SOURCE_MODELS_DIR) + "/ocr/vie.config";
    if (s.ok()) s = OcrEngine::Create(oo, &engine);
    if (s.ok()) s = engine->Recognize(enhanced.ocr, Dpi(), &ocr);
    if (s.ok()) s = EncodePdfImage(enhanced.display, Dpi(), &image);
    FormsOptions fo;
    fo.models_dir = HOSO_SOURCE_MODELS_DIR;
    if (s.ok()) s = FormsModel::Load(fo, &forms);
    if (!s.ok()) error = s.ToString();
  }
};

Fixture& F() {
  static Fixture f;
  return f;
}

bool Ready(benchmark::State& state) {
  if (!F().error.empty()) {
    state.SkipWithError(F().error.c_str());
    return false;
  }
  return true;
}

void BM_Load(benchmark::State& state) {
  if (!Ready(state)) return;
  for (auto _ : state) {
    LoadedPage p;
    Status s = DecodePage(F().source, {}, &p);
    benchmark::DoNotOptimize(p.bgr.data);
  }
  state.SetLabel(std::to_string(F().loaded.bgr.cols) + "x" + std::to_string(F().loaded.bgr.rows));
}

void BM_Geometry(benchmark::State& state) {
  if (!Ready(state)) return;
  for (auto _ : state) {
    GeometryResult g;
    Status s = F().geo->Run(F().loaded.bgr, F().loaded.dpi, &g);
    benchmark::DoNotOptimize(g.page.data);
  }
}

void BM_Enhance(benchmark::State& state) {
  if (!Ready(state)) return;
  for (auto _ : state) {
    EnhanceResult e;
    Enhance(F().geometry.page, EnhanceOpts(), &e);
    benchmark::DoNotOptimize(e.ocr.data);
  }
}

void BM_Ocr(benchmark::State& state) {
  if (!Ready(state)) return;
  for (auto _ : state) {
    OcrResult r;
    Status s = F().engine->Recognize(F().enhanced.ocr, Dpi(), &r);
    benchmark::DoNotOptimize(r.words.data());
  }
  state.SetLabel(std::to_string(F().ocr.words.size()) + " words");
}

void BM_Extract(benchmark::State& state) {
  if (!Ready(state)) return;
  std::vector<AnalysedPage> pages{{&F().ocr, F().enhanced.ocr.size()}};
  for (auto _ : state) {
    std::vector<DocumentAnalysis> docs;
    std::vector<Issue> issues;
    bool review = false;
    F().forms->Analyse(pages, &docs, &issues, &review);
    benchmark::DoNotOptimize(docs.data());
  }
}

// The PDF options the pipeline uses (its text-layer font).
PdfOptions PipelinePdf() {
  PdfOptions o;
  o.font_path = PipelinePdfFont(Options{}, FindModelsDir(""));
  return o;
}

void BM_PdfWrite(benchmark::State& state) {
  if (!Ready(state)) return;
  size_t bytes = 0;
  for (auto _ : state) {
    PdfImage image;
    Status s = EncodePdfImage(F().enhanced.display, Dpi(), &image);
    std::string pdf;
    s = WriteSearchablePdf({PdfPage{std::move(image), F().ocr}}, PipelinePdf(), &pdf);
    bytes = pdf.size();
  }
  state.SetLabel(std::to_string(bytes / 1024) + " KB");
}

// The two halves of BM_PdfWrite: the page image's JPEG encoding (per page,
// in the parallel stage) and the PDF document (per document, serial).
void BM_EncodeImage(benchmark::State& state) {
  if (!Ready(state)) return;
  for (auto _ : state) {
    PdfImage image;
    Status s = EncodePdfImage(F().enhanced.display, Dpi(), &image);
    benchmark::DoNotOptimize(image.bytes.data());
  }
  state.SetLabel(std::to_string(F().image.bytes.size() / 1024) + " KB, " +
                 std::to_string(F().enhanced.display.channels()) + " channel(s)");
}

void BM_PdfDocument(benchmark::State& state) {
  if (!Ready(state)) return;
  for (auto _ : state) {
    std::string pdf;
    Status s = WriteSearchablePdf({PdfPage{F().image, F().ocr}}, PipelinePdf(), &pdf);
    benchmark::DoNotOptimize(pdf.data());
  }
}

// Start-up, once per process (a CLI run of one dossier pays it whole): the
// forms model (templates and the administrative-unit list) and one OCR
// engine (the traineddata and its word lists).
void BM_StartFormsModel(benchmark::State& state) {
  if (!Ready(state)) return;
  FormsOptions fo;
  fo.models_dir = HOSO_SOURCE_MODELS_DIR;
  for (auto _ : state) {
    std::unique_ptr<FormsModel> forms;
    Status s = FormsModel::Load(fo, &forms);
    if (!s.ok()) state.SkipWithError(s.ToString().c_str());
  }
}

void BM_StartOcrEngine(benchmark::State& state) {
  if (!Ready(state)) return;
  OcrOptions oo;
  oo.config_file = std::string(HOSO_SOURCE_MODELS_DIR) + "/ocr/vie.config";
  for (auto _ : state) {
    std::unique_ptr<OcrEngine> engine;
    Status s = OcrEngine::Create(oo, &engine);
    if (!s.ok()) state.SkipWithError(s.ToString().c_str());
  }
}

BENCHMARK(BM_StartFormsModel)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_StartOcrEngine)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Load)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Geometry)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Enhance)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Ocr)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_Extract)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_PdfWrite)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_EncodeImage)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_PdfDocument)->Unit(benchmark::kMillisecond);

std::string FirstSamplePhoto() {
  std::vector<std::string> found;
  std::error_code ec;
  for (auto& e : fs::recursive_directory_iterator(std::string(HOSO_SAMPLES_DIR) + "/dossiers", ec)) {
    std::string p = e.path().string();
    if (e.is_regular_file() && p.find("photo") != std::string::npos && e.path().extension() == ".jpg")
      found.push_back(p);
  }
  std::sort(found.begin(), found.end());
  return found.empty() ? std::string() : found.front();
}

}  // namespace
}  // namespace hoso

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  // As in the pipeline: each stage on one thread (OpenCV's own thread pool
  // would otherwise spread a stage over cores whose time the CPU column
  // omits), and large buffers from the pool (each iteration would otherwise
  // pay fresh memory's page faults, which the pipeline's pages after the
  // first do not).
  hoso::UsePipelineOpenCv(hoso::Options());
  hoso::g_page_path = argc > 1 ? argv[1] : hoso::FirstSamplePhoto();
  std::fprintf(stderr, "stages_bench: page %s\n", hoso::g_page_path.c_str());
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
