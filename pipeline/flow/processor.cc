// The pipeline's wiring: dossiers -> pages -> (load, geometry, enhance, OCR,
// image compression in parallel) -> per dossier (forms, PDF, JSON in order).
// This is the only file that includes tbb/parallel_pipeline.h.
#include <omp.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>
#include <spdlog/spdlog.h>
#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_pipeline.h>
#include <tbb/task_arena.h>

#include "hoso/processor.h"
#include "pipeline/core/image.h"
#include "pipeline/core/util.h"
#include "pipeline/enhance/enhance.h"
#include "pipeline/flow/settings.h"
#include "pipeline/forms/forms.h"
#include "pipeline/geometry/geometry.h"
#include "pipeline/load/load.h"
#include "pipeline/ocr/ocr.h"
#include "pipeline/write/pdf.h"

namespace hoso {

namespace fs = std::filesystem;

Processor::~Processor() = default;

namespace {

Issue MakeIssue(const Status& s, std::string field = {}) {
  return Issue{std::move(field), "error", s.code(), s.message()};
}

// Fewer OCR words than this: a blank page.
constexpr size_t kBlankPageWords = 10;

void AddTimings(const Timings& a, Timings* sum) {
  sum->load += a.load;
  sum->geometry += a.geometry;
  sum->enhance += a.enhance;
  sum->ocr += a.ocr;
  sum->extract += a.extract;
  sum->write += a.write;
  sum->tesseract += a.tesseract;
  sum->engine_load += a.engine_load;
}

// Everything one page contributes to its dossier.
struct PageOutput {
  bool ok = false;
  PageResult page;  // geometry and size; text and words are filled at the end
  OcrResult ocr;
  std::vector<OcrResult> other_readings;  // EnhanceAndRead's others, for the forms stage
  bool whole_photo = false;               // read whole: its outline's page was none of the forms
  PdfImage image;
  Timings t;
  Timings cpu;
};

struct DossierState {
  DossierResult result;
  std::vector<PageOutput> pages;
  std::vector<Issue> load_issues;
  std::string out_dir;  // empty: keep in memory
};

struct PageJob {
  DossierState* dossier = nullptr;
  int slot = -1;  // index into dossier->pages; -1: no page, only finish
  PageSource source;
  bool last = false;
  Status status;
};

// Per worker thread: engines created once, on the thread's first page.
struct Worker {
  bool tried = false;
  Status status;
  std::unique_ptr<Geometry> geometry;
  std::unique_ptr<OcrEngine> ocr;
};

class ProcessorImpl final : public Processor {
 public:
  explicit ProcessorImpl(const Options& o) : options_(o) {}

  Status Init() {
    threads_ = options_.threads > 0 ? options_.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    tokens_ = options_.max_pages_in_flight > 0 ? options_.max_pages_in_flight : 2 * threads_;
    limits_.max_pixels = options_.max_input_pixels;
    limits_.max_bytes = options_.max_input_bytes;
    // A photo's EXIF quarter turn is folded into the geometry stage's warp
    // rather than made as a copy of the decoded photo.
    limits_.defer_exif_turns = true;
    models_dir_ = FindModelsDir(options_.models_dir);
    pdf_font_ = PipelinePdfFont(options_, models_dir_);
    arena_ = std::make_unique<tbb::task_arena>(threads_);

    FormsOptions fo;
    fo.models_dir = models_dir_;
    fo.units_dir = options_.units_dir;
    fo.review_confidence = options_.review_confidence;
    // The templates and the unit list (~0.1 s) load on a thread of their
    // own while this one loads the OCR data: a batch run starts that much
    // sooner, with a core idle otherwise.
    Status forms_status;
    std::thread forms_loader([&] { forms_status = FormsModel::Load(fo, &forms_); });

    // Load the OCR data once up front so that a missing language fails
    // here, not on the first page.
    // The calling thread works in the arena too, so the engines go to its
    // worker slot rather than being built twice.
    Worker& first = workers_.local();
    first.tried = true;
    omp_set_num_threads(1);
    first.status = MakeEngines(&first);
    forms_loader.join();
    if (!forms_status.ok()) return forms_status;
    Status s = first.status;
    if (!s.ok()) return s;
    ocr_status_ = "ok";
    return Status::Ok();
  }

  DossierResult Process(const DossierInput& dossier) override {
    DossierState state;
    std::vector<DossierState*> states{&state};
    Run({&dossier}, &states, {});
    return std::move(state.result);
  }

  Status ProcessBatch(const std::vector<DossierInput>& dossiers, const BatchOptions& options) override {
    std::error_code ec;
    fs::create_directories(options.out_dir, ec);
    if (ec) return Status::Error("output.write_failed", "cannot create " + options.out_dir + ": " + ec.message());
    std::vector<const DossierInput*> todo;
    std::vector<std::unique_ptr<DossierState>> owned;
    std::vector<DossierState*> states;
    std::set<std::string> seen;
    for (const DossierInput& d : dossiers) {
      auto st = std::make_unique<DossierState>();
      std::string id = SafeId(d.id);
      if (!seen.insert(id).second) {
        for (int k = 2;; ++k)
          if (seen.insert(id + "-" + std::to_string(k)).second) { id += "-" + std::to_string(k); break; }
      }
      st->out_dir = (fs::path(options.out_dir) / id).string();
      if (!options.force && fs::exists(fs::path(st->out_dir) / "dossier.json", ec)) {
        DossierResult skipped;
        skipped.dossier_id = id;
        if (options.on_done) options.on_done(skipped, true);
        continue;
      }
      todo.push_back(&d);
      states.push_back(st.get());
      owned.push_back(std::move(st));
    }
    Run(todo, &states, options.on_done);
    return Status::Ok();
  }

  std::string OcrDataStatus() const override { return ocr_status_; }
  std::string UnitsStatus() const override { return forms_ ? forms_->UnitsStatus() : "not loaded"; }

 private:
  // A dossier id usable as a directory name.
  static std::string SafeId(const std::string& id) {
    if (IsSafeName(id)) return id;
    std::string s;
    for (char c : id) s += (c == '/' || c == '\\' || c == ':' || static_cast<unsigned char>(c) < 0x20) ? '_' : c;
    while (s.find("..") != std::string::npos) s.replace(s.find(".."), 2, "_");
    while (!s.empty() && s[0] == '.') s[0] = '_';
    if (s.empty()) s = "dossier";
    return s.substr(0, 200);
  }

  Status MakeEngines(Worker* w) const {
    Status s = Geometry::Create(PipelineGeometryOptions(options_), &w->geometry);
    if (!s.ok()) return s;
    OcrOptions oo;
    oo.tessdata_dir = options_.tessdata_dir;
    std::error_code ec;
    std::string cfg = models_dir_ + "/ocr/vie.config";
    if (fs::exists(cfg, ec)) oo.config_file = cfg;
    return OcrEngine::Create(oo, &w->ocr);
  }

  // A hard page's retries (EnhanceAndRead), once every page of every run
  // under way has been handed out, at once on idle workers, each with its own engines: the
  // last pages of a batch, or a lone dossier, would otherwise leave all but
  // one core idle while their retries run in turn (s4242 d0014, two hard
  // pages on 2 threads: 4.42 -> 3.45 s). The calling worker, while it
  // waits, runs only these retries (isolate): never another page, whose
  // stages would re-enter its engines. Before that, pages keep every
  // worker busy, and a worker waiting for a retry another one took would
  // be idle: they run in turn.
  void RunReadings(size_t n, const std::function<void(size_t, OcrEngine*)>& body) {
    // Bodies [begin, end) on the calling thread, with its worker's engine.
    auto run_here = [&](size_t begin, size_t end) {
      Worker& w = ThisWorker();
      for (size_t i = begin; i != end; ++i) body(i, w.status.ok() ? w.ocr.get() : nullptr);
    };
    if (runs_handing_out_.load(std::memory_order_relaxed) > 0) return run_here(0, n);
    tbb::this_task_arena::isolate([&] {
      tbb::parallel_for(
          tbb::blocked_range<size_t>(0, n, 1),
          [&](const tbb::blocked_range<size_t>& range) { run_here(range.begin(), range.end()); },
          tbb::simple_partitioner());
    });
  }

  Worker& ThisWorker() {
    Worker& w = workers_.local();
    if (!w.tried) {
      w.tried = true;
      // Tesseract's OpenMP loops would compete with our page parallelism.
      omp_set_num_threads(1);
      w.status = MakeEngines(&w);
    }
    return w;
  }

  // Lists a dossier's pages into `jobs` (in order) and records file errors.
  void ListDossier(const DossierInput& in, DossierState* st, std::vector<PageJob>* jobs) {
    st->result.dossier_id = SafeId(in.id);
    if (st->result.dossier_id != in.id)
      st->load_issues.push_back(Issue{"", "error", "input.bad_name",
                                      "Tên hồ sơ không hợp lệ, đã đổi thành \"" + st->result.dossier_id +
                                          "\" / unsafe dossier name \"" + in.id + "\" was replaced"});
    for (const InputFile& f : in.files) {
      if (!IsSafeName(f.name)) {
        st->load_issues.push_back(Issue{"", "error", "input.bad_name",
                                        "Tên tệp không hợp lệ / unsafe file name: \"" + f.name + "\""});
        continue;
      }
      std::vector<PageSource> pages;
      Status s = ListPages(f, limits_, &pages);
      if (!s.ok()) {
        st->load_issues.push_back(MakeIssue(s));
        continue;
      }
      for (PageSource& p : pages) {
        if (static_cast<int>(jobs->size()) >= options_.max_pages_per_dossier) {
          st->load_issues.push_back(Issue{"", "error", "input.too_many_pages",
                                          "Hồ sơ quá nhiều trang / more than " +
                                              std::to_string(options_.max_pages_per_dossier) +
                                              " pages; the rest were not read"});
          break;
        }
        PageJob j;
        j.dossier = st;
        j.slot = static_cast<int>(jobs->size());
        j.source = std::move(p);
        jobs->push_back(std::move(j));
      }
    }
    if (in.files.empty())
      st->load_issues.push_back(Issue{"", "error", "input.empty", "Hồ sơ không có trang nào / dossier has no pages"});
    st->pages.resize(jobs->size());
    if (jobs->empty()) {
      PageJob j;
      j.dossier = st;
      jobs->push_back(std::move(j));
    }
    jobs->back().last = true;
  }

  void ProcessPage(PageJob* job) {
    PageOutput& out = job->dossier->pages[job->slot];
    Worker& w = ThisWorker();
    if (!w.status.ok()) {
      job->status = w.status;
      return;
    }
    StageClock clock;
    LoadedPage loaded;
    job->status = DecodePage(job->source, limits_, &loaded);
    clock.Lap(&out.t.load, &out.cpu.load);
    if (!job->status.ok()) return;

    GeometryResult g;
    job->status = w.geometry->RunTurnedTaking(std::move(loaded.bgr), loaded.quarter_turns, loaded.dpi, &g);
    if (!job->status.ok()) return;
    clock.Lap(&out.t.geometry, &out.cpu.geometry);
    out.t.geometry -= g.engine_load_ms;
    out.t.engine_load += g.engine_load_ms;
    out.cpu.geometry -= g.engine_load_cpu_ms;
    out.cpu.engine_load += g.engine_load_cpu_ms;

    // Enhance and OCR of a rectified page, told to the stage clocks.
    auto read = [&](GeometryResult* page, EnhanceResult* e, OcrResult* ocr, std::vector<OcrResult>* others) {
      EnhanceOptions eo;
      eo.dpi = page->dpi;
      int turns = 0;
      const Status s = ReadPageEitherWayUp(w.ocr.get(), page->page, eo, static_cast<int>(page->dpi + 0.5), e, ocr,
                                           &turns,
                                           [&](bool enhance, double wall_ms, double cpu_ms) {
                                             (enhance ? out.t.enhance : out.t.ocr) += wall_ms;
                                             (enhance ? out.cpu.enhance : out.cpu.ocr) += cpu_ms;
                                           },
                                           options_.second_reading_below, others, runner_);
      TurnResult(turns, page);
      page->page.release();
      return s;
    };
    EnhanceResult e;
    job->status = read(&g, &e, &out.ocr, &out.other_readings);
    double timed_wall = 0, timed_cpu = 0;  // told by the laps above
    clock.Lap(&timed_wall, &timed_cpu);
    if (job->status.ok()) ReadWholePhotoIfBetter(*job, w, &clock, &g, &e, &out);
    out.cpu.tesseract = out.ocr.recognition_cpu_ms;
    if (!job->status.ok()) return;

    job->status = EncodePdfImage(e.display, g.dpi, &out.image);
    clock.Lap(&out.t.write, &out.cpu.write);
    if (!job->status.ok()) return;

    PageResult& p = out.page;
    p.source = job->source.name;
    p.source_page = job->source.index;
    for (int i = 0; i < 4; ++i) p.quad[i] = {g.quad[i].x, g.quad[i].y};
    p.quarter_turns = g.quarter_turns;
    p.skew_degrees = g.skew_degrees;
    p.width = e.display.cols;
    p.height = e.display.rows;
    p.dpi = g.dpi;
    out.ok = true;
  }

  // The page of `g` turned `turns` more quarters clockwise: its quarter
  // turns, and its outline's corners from the new top-left (turned
  // clockwise, the corner before the top-left comes first).
  static void TurnResult(int turns, GeometryResult* g) {
    if (turns == 0) return;
    g->quarter_turns = (g->quarter_turns + turns) % 4;
    std::rotate(g->quad.begin(), g->quad.begin() + (4 - turns) % 4, g->quad.end());
  }

  // A page read poorly (below second_reading_below) from an outline
  // found in a photo, that none of the forms recognises: the outline may be
  // wrong (the edge of a second sheet under it, or of a shadow across it,
  // taken for the sheet's: generated f7171 d0001/3 and e9494 d0020/2,
  // whose photos plain Tesseract reads whole). The whole photo is read
  // too, plainly (ReadPlainAnyWayUp: enhanced and retried, a dark
  // background levelled as paper cost Tesseract two minutes on s4242
  // d0014/1), and taken when that reading is recognised
  // (PageOutput::whole_photo), with the photo as the page's image.
  void ReadWholePhotoIfBetter(const PageJob& job, Worker& w, StageClock* clock, GeometryResult* g,
                              EnhanceResult* e, PageOutput* out) {
    if (!g->sheet_found || out->ocr.PageConfidence() >= options_.second_reading_below ||
        forms_->RecognisesPage(out->ocr, &out->other_readings))
      return;
    LoadedPage again;
    GeometryResult whole;
    const bool decoded = DecodePage(job.source, limits_, &again).ok();
    clock->Lap(&out->t.load, &out->cpu.load);
    if (!decoded || !w.geometry->RunWholeTurned(again.bgr, again.quarter_turns, again.dpi, &whole).ok()) return;
    again.bgr.release();
    // A photo of unknown resolution keeps its pixels: one far larger than
    // a sheet needs (twice A4's long side at the page's resolution) is
    // read shrunk to that.
    const double most = 2 * 297.0 / 25.4 * whole.dpi;
    const int long_side = std::max(whole.page.cols, whole.page.rows);
    if (long_side > most) {
      const double f = most / long_side;
      whole.page = ShrinkArea(whole.page, cv::Size(std::max(1, static_cast<int>(whole.page.cols * f)),
                                                   std::max(1, static_cast<int>(whole.page.rows * f))),
                              cv::INTER_AREA);
    }
    cv::Mat gray = whole.page;
    if (gray.channels() == 3) cv::cvtColor(whole.page, gray, cv::COLOR_BGR2GRAY);
    clock->Lap(&out->t.geometry, &out->cpu.geometry);
    OcrResult reading;
    int turns = 0;
    const bool read_ok = ReadPlainAnyWayUp(w.ocr.get(), &gray, static_cast<int>(whole.dpi + 0.5), &reading, &turns).ok();
    clock->Lap(&out->t.ocr, &out->cpu.ocr);
    const double cpu = out->ocr.recognition_cpu_ms + reading.recognition_cpu_ms;
    if (read_ok && forms_->RecognisesPage(reading, nullptr)) {
      // (`gray`, read, is turned already; a gray page is that image.)
      whole.page = whole.page.channels() == 1 ? gray : TurnQuarters(whole.page, turns);
      TurnResult(turns, &whole);
      *e = EnhanceResult();
      e->display = whole.page;
      e->ocr = gray;
      *g = std::move(whole);
      out->ocr = std::move(reading);
      out->other_readings.clear();
      out->whole_photo = true;
    }
    out->ocr.recognition_cpu_ms = cpu;
  }

  // A dossier redone (--force) into its old directory: the PDFs of the
  // earlier run that this one did not write again (named as ours are,
  // <document_type>-<n>.pdf) are removed, so that the directory holds what
  // its dossier.json lists and nothing from before.
  static void RemoveStalePdfs(const std::string& dir, const DossierResult& r) {
    std::set<std::string> written;
    for (const DocumentResult& d : r.documents) written.insert(d.pdf);
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
      const std::string name = entry.path().filename().string();
      if (written.count(name) || !entry.is_regular_file(ec) || !IsOurPdfName(name)) continue;
      fs::remove(entry.path(), ec);
    }
  }
  // <lower-case letters and underscores>-<digits>.pdf
  static bool IsOurPdfName(const std::string& name) {
    const size_t dash = name.rfind('-');
    if (dash == std::string::npos || dash == 0 || name.size() < dash + 6) return false;
    if (name.compare(name.size() - 4, 4, ".pdf") != 0) return false;
    for (size_t i = 0; i < dash; ++i)
      if (!(std::islower(static_cast<unsigned char>(name[i])) || name[i] == '_')) return false;
    for (size_t i = dash + 1; i < name.size() - 4; ++i)
      if (!std::isdigit(static_cast<unsigned char>(name[i]))) return false;
    return true;
  }

  void FinishDossier(DossierState* st, const std::function<void(const DossierResult&, bool)>& on_done) {
    DossierResult& r = st->result;
    r.issues = st->load_issues;
    Timings& t = r.timings_ms;
    Timings& cpu = r.timings_cpu_ms;
    std::vector<int> ok_pages;  // dossier page slot of each analysed page
    std::vector<AnalysedPage> analysed;
    for (size_t i = 0; i < st->pages.size(); ++i) {
      const PageOutput& p = st->pages[i];
      AddTimings(p.t, &t);
      AddTimings(p.cpu, &cpu);
      if (!p.ok) continue;
      ok_pages.push_back(static_cast<int>(i));
      analysed.push_back(AnalysedPage{&p.ocr, cv::Size(p.page.width, p.page.height), &p.other_readings});
    }

    // A page OCR could hardly read sends the dossier back: say so plainly
    // rather than let its garbled text pass as a document.
    for (int slot : ok_pages) {
      const PageOutput& p = st->pages[slot];
      std::string where = p.page.source + (p.page.source_page ? " p." + std::to_string(p.page.source_page + 1) : "");
      if (p.ocr.words.size() < kBlankPageWords) {
        r.issues.push_back(Issue{"", "warning", "page.blank",
                                 "Trang không có chữ (" + where + ") / no text found on the page"});
      } else if (p.ocr.PageConfidence() < kUnreadablePageConfidence) {
        r.issues.push_back(Issue{"", "error", "page.unreadable",
                                 "Ảnh quá mờ, tối hoặc nhỏ, không đọc được; cần chụp lại (" + where +
                                     ") / page too blurred, dark or small to read: retake the photo"});
      }
      if (p.whole_photo) {
        r.issues.push_back(Issue{"", "warning", "page.sheet_not_cropped",
                                 "Không xác định được mép tờ giấy, đã đọc cả ảnh (" + where +
                                     ") / the sheet's edges were not made out: the whole photo was read"});
      }
    }

    StageClock clock;
    std::vector<DocumentAnalysis> docs;
    bool needs_review = false;
    if (!analysed.empty()) {
      std::vector<Issue> cross;  // disagreements between documents
      forms_->Analyse(analysed, &docs, &cross, &needs_review);
      r.issues.insert(r.issues.end(), cross.begin(), cross.end());
    }
    clock.Lap(&t.extract, &cpu.extract);

    std::map<std::string, int> per_type;
    bool write_failed = false;
    for (DocumentAnalysis& a : docs) {
      DocumentResult d;
      d.document_type = a.document_type;
      d.layout = a.layout;
      d.confidence = a.confidence;
      d.fields = std::move(a.fields);
      d.issues = std::move(a.issues);
      std::vector<PdfPage> pdf_pages;
      for (int idx : a.pages) {
        PageOutput& p = st->pages[ok_pages.at(idx)];
        PageResult pr = p.page;
        pr.text = p.ocr.Text();
        pr.mean_confidence = p.ocr.mean_confidence;
        for (const OcrWord& w : p.ocr.words)
          pr.words.push_back(Word{w.text, Box{w.box.x, w.box.y, w.box.width, w.box.height}, w.confidence});
        d.pages.push_back(std::move(pr));
        pdf_pages.push_back(PdfPage{std::move(p.image), p.ocr});
      }
      d.pdf = d.document_type + "-" + std::to_string(++per_type[d.document_type]) + ".pdf";
      PdfOptions po;
      po.font_path = pdf_font_;
      po.title = r.dossier_id + " — " + d.document_type;
      Status s = WriteSearchablePdf(pdf_pages, po, &d.pdf_bytes);
      if (s.ok() && !st->out_dir.empty()) s = AtomicWriteFile(st->out_dir + "/" + d.pdf, d.pdf_bytes);
      if (!s.ok()) {
        d.issues.push_back(MakeIssue(s));
        d.pdf.clear();
        write_failed = true;
      }
      if (!st->out_dir.empty()) d.pdf_bytes.clear();  // on disk now; don't hold it
      r.documents.push_back(std::move(d));
    }

    bool failed = write_failed || analysed.size() != st->pages.size() || st->pages.empty();
    for (const Issue& i : r.issues)
      if (i.severity == "error" && i.code.rfind("input.", 0) == 0) failed = true;
    bool has_error = false;
    for (const Issue& i : r.issues) has_error |= i.severity == "error";
    for (const DocumentResult& d : r.documents)
      for (const Issue& i : d.issues) has_error |= i.severity == "error";
    r.status = failed ? "failed" : (needs_review || has_error) ? "needs_review" : "ok";

    clock.Lap(&t.write, &cpu.write);
    if (!st->out_dir.empty()) {
      RemoveStalePdfs(st->out_dir, r);
      Status s = AtomicWriteFile(st->out_dir + "/dossier.json", ToJson(r));
      if (!s.ok()) spdlog::error("{}: {}", r.dossier_id, s.ToString());
    }
    st->pages.clear();
    if (on_done) {
      std::lock_guard<std::mutex> lock(callback_mu_);
      on_done(r, false);
    }
  }

  void Run(const std::vector<const DossierInput*>& dossiers, std::vector<DossierState*>* states,
           const std::function<void(const DossierResult&, bool)>& on_done) {
    size_t next_dossier = 0;
    // This run hands out pages until its last is taken (runs_handing_out_).
    ++runs_handing_out_;
    bool handed_out = false;
    auto all_handed_out = [&] {
      if (!handed_out) --runs_handing_out_;
      handed_out = true;
    };
    std::vector<PageJob> pending;
    size_t pending_pos = 0;
    arena_->execute([&] {
      tbb::parallel_pipeline(
          static_cast<size_t>(tokens_),
          tbb::make_filter<void, PageJob*>(
              tbb::filter_mode::serial_in_order,
              [&](tbb::flow_control& fc) -> PageJob* {
                while (pending_pos >= pending.size()) {
                  if (next_dossier >= dossiers.size()) {
                    all_handed_out();
                    fc.stop();
                    return nullptr;
                  }
                  pending.clear();
                  pending_pos = 0;
                  ListDossier(*dossiers[next_dossier], (*states)[next_dossier], &pending);
                  ++next_dossier;
                }
                PageJob* job = new PageJob(std::move(pending[pending_pos++]));
                if (pending_pos == pending.size() && next_dossier == dossiers.size()) all_handed_out();
                return job;
              }) &
              tbb::make_filter<PageJob*, PageJob*>(tbb::filter_mode::parallel,
                                                   [&](PageJob* job) {
                                                     if (job->slot >= 0) ProcessPage(job);
                                                     return job;
                                                   }) &
              tbb::make_filter<PageJob*, void>(
                  tbb::filter_mode::serial_in_order, [&](PageJob* job) {
                    std::unique_ptr<PageJob> owned(job);
                    if (job->slot >= 0 && !job->status.ok()) {
                      Issue i = MakeIssue(job->status);
                      std::string where = job->source.name;
                      if (job->source.index > 0) where += " p." + std::to_string(job->source.index + 1);
                      if (i.message.rfind(job->source.name, 0) != 0) i.message = where + ": " + i.message;
                      job->dossier->load_issues.push_back(std::move(i));
                      job->dossier->pages[job->slot] = PageOutput();
                    }
                    if (job->last) FinishDossier(job->dossier, on_done);
                  }));
    });
    all_handed_out();  // already, unless the pipeline was cut short
  }

  Options options_;
  LoadLimits limits_;
  int threads_ = 1;
  int tokens_ = 2;
  std::string models_dir_;
  std::string pdf_font_;  // the text layer's font, resolved once
  std::string ocr_status_ = "not loaded";
  std::unique_ptr<FormsModel> forms_;
  std::unique_ptr<tbb::task_arena> arena_;
  tbb::enumerable_thread_specific<Worker> workers_;
  std::atomic<int> runs_handing_out_{0};  // Runs (concurrent calls) with pages not yet handed out
  const ReadingRunner runner_ = [this](size_t n, const std::function<void(size_t, OcrEngine*)>& body) {
    RunReadings(n, body);
  };
  std::mutex callback_mu_;
};

}  // namespace

Status Processor::Open(const Options& options, std::unique_ptr<Processor>* out) {
  out->reset();
  UsePipelineOpenCv(options);
  auto p = std::make_unique<ProcessorImpl>(options);
  Status s = p->Init();
  if (!s.ok()) return s;
  *out = std::move(p);
  return Status::Ok();
}

}  // namespace hoso
