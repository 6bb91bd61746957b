// eval_ocr: character error rate and CPU time of hoso's Enhance + OCR
// against plain `tesseract <img> - -l vie` on generated sample pages.
//
//   eval_ocr --samples DIR [--kinds scan] [--config FILE] [--no-plain]
//            [--raw] [--pdf-dir OUT] [--dump DIR] [--limit N]
//            [--geometry CACHE_DIR] [--dpi N] [--retry-below C]
//
// DIR is a hoso_samplegen output (DIR/<dossier>/truth.json + pages). Pages
// whose capture kind is in --kinds (default: scan) are read directly (scans
// are already upright; no geometry). For each page it prints the CER of
//   ours   Enhance -> OcrEngine on EnhanceResult::ocr
//   raw    OcrEngine on the plain gray page (with --raw)
//   plain  the tesseract CLI on the file, OMP_THREAD_LIMIT=1
// and the CPU seconds of each. Pages are first turned upright by the
// truth's quarter_turns (as the geometry stage would); skew is left as is. CER = Levenshtein distance over code points
// between the NFC texts (lines joined by '\n', empty lines dropped, runs of
// spaces collapsed) divided by the truth's length.
// With --geometry, photos (and hard photos) are first rectified by the
// geometry stage at --dpi (default: hoso::Options' output_dpi, as `hoso
// process` does) and cached as PNG in CACHE_DIR (file name tagged with the
// dpi); Enhance and OCR then get that dpi, as in the pipeline.
// --retry-below sets OcrOptions::retry_below_confidence (0: no second
// reading of low-confidence pages, i.e. the engine before it existed).
// With --pdf-dir it also writes each page as a searchable PDF and reports
// its size.
#include <sys/resource.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <unicode/unistr.h>

#include "hoso/options.h"
#include "pipeline/core/util.h"
#include "pipeline/enhance/enhance.h"
#include "pipeline/flow/settings.h"
#include "pipeline/geometry/geometry.h"
#include "pipeline/ocr/ocr.h"
#include "pipeline/write/pdf.h"

namespace fs = std::filesystem;
using namespace hoso;

namespace {

double CpuSeconds(int who) {
  rusage ru{};
  getrusage(who, &ru);
  return ru.ru_utime.tv_sec + ru.ru_stime.tv_sec + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

// NFC, runs of spaces/tabs collapsed, lines trimmed, empty lines dropped.
std::string Normalise(const std::string& text) {
  std::string nfc = ToNfc(text);
  std::istringstream in(nfc);
  std::string line, out;
  while (std::getline(in, line)) {
    std::string t;
    bool space = false;
    for (char c : line) {
      if (c == ' ' || c == '\t' || c == '\r' || c == '\f') {
        space = true;
      } else {
        if (space && !t.empty()) t += ' ';
        space = false;
        t += c;
      }
    }
    if (t.empty()) continue;
    if (!out.empty()) out += '\n';
    out += t;
  }
  return out;
}

// As bench/cer: every run of three or more dots or ellipses (spaces between
// them allowed) counts as one '…' (dotted leaders are layout, not content).
std::u32string FoldLeaders(const std::u32string& s) {
  auto is_dot = [](char32_t c) { return c == U'.' || c == U'\u2026'; };
  std::u32string out;
  for (size_t i = 0; i < s.size();) {
    if (is_dot(s[i])) {
      size_t j = i, dots = 0, last_dot = i;
      while (j < s.size() && (is_dot(s[j]) || s[j] == U' ')) {
        if (is_dot(s[j])) {
          dots += s[j] == U'\u2026' ? 3 : 1;
          last_dot = j;
        }
        ++j;
      }
      if (dots >= 3) {
        out += U'\u2026';
        i = last_dot + 1;
        continue;
      }
    }
    out += s[i++];
  }
  return out;
}

double Cer(const std::string& hyp, const std::string& truth) {
  const auto t = FoldLeaders(Codepoints(Normalise(truth)));
  const auto h = FoldLeaders(Codepoints(Normalise(hyp)));
  return t.empty() ? 0.0 : static_cast<double>(EditDistance(h, t)) / t.size();
}

std::string Plain(const std::string& image, double* cpu) {
  const double before = CpuSeconds(RUSAGE_CHILDREN);
  std::string cmd = "OMP_THREAD_LIMIT=1 tesseract '" + image + "' - -l vie 2>/dev/null";
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  if (p != nullptr) {
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof(buf), p)) > 0) out.append(buf, n);
    pclose(p);
  }
  *cpu = CpuSeconds(RUSAGE_CHILDREN) - before;
  return out;
}

struct Totals {
  double cer = 0, cpu = 0;
  int n = 0;
  std::vector<double> cers;
  void Add(double c, double t) {
    cer += c;
    cpu += t;
    ++n;
    cers.push_back(c);
  }
  double Median() const {
    if (cers.empty()) return 0;
    std::vector<double> v = cers;
    std::sort(v.begin(), v.end());
    return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
  }
};

}  // namespace

int main(int argc, char** argv) {
  std::string samples, config, pdf_dir, dump_dir, geometry_cache;
  std::set<std::string> kinds = {"scan"};
  bool plain = true, raw = false;
  int limit = 1 << 30;
  double rect_dpi = Options().output_dpi;
  double retry_below = -1;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() { return i + 1 < argc ? std::string(argv[++i]) : std::string(); };
    if (a == "--samples") samples = next();
    else if (a == "--config") config = next();
    else if (a == "--pdf-dir") pdf_dir = next();
    else if (a == "--dump") dump_dir = next();
    else if (a == "--geometry") geometry_cache = next();
    else if (a == "--no-plain") plain = false;
    else if (a == "--raw") raw = true;
    else if (a == "--limit") limit = std::atoi(next().c_str());
    else if (a == "--dpi") rect_dpi = std::atof(next().c_str());
    else if (a == "--retry-below") retry_below = std::atof(next().c_str());
    else if (a == "--kinds") {
      kinds.clear();
      std::stringstream ss(next());
      std::string k;
      while (std::getline(ss, k, ',')) kinds.insert(k);
    } else {
      std::cerr << "usage: eval_ocr --samples DIR [--kinds scan] [--config FILE] [--no-plain] [--raw] "
                   "[--pdf-dir OUT] [--limit N] [--geometry CACHE_DIR] [--dpi N] [--retry-below C]\n";
      return 2;
    }
  }
  if (samples.empty()) {
    std::cerr << "--samples DIR is required\n";
    return 2;
  }
  OcrOptions oo;
  oo.config_file = config.empty() ? std::string(HOSO_SOURCE_MODELS_DIR) + "/ocr/vie.config" : config;
  if (retry_below >= 0) oo.retry_below_confidence = static_cast<float>(retry_below);
  std::unique_ptr<OcrEngine> engine;
  Status s = OcrEngine::Create(oo, &engine);
  if (!s.ok()) {
    std::cerr << s.ToString() << "\n";
    return 1;
  }
  std::vector<fs::path> dirs;
  for (const auto& e : fs::directory_iterator(samples)) {
    if (e.is_directory() && fs::exists(e.path() / "truth.json")) dirs.push_back(e.path());
  }
  std::sort(dirs.begin(), dirs.end());
  Totals ours, rawt, plaint, enh;
  double pdf_bytes = 0;
  int pdf_pages = 0;
  std::printf("%-28s %7s %7s %7s | %6s %6s %6s %6s\n", "page", "cer_our", "cer_raw", "cer_tes", "enh_s",
              "ocr_s", "raw_s", "tes_s");
  int done = 0;
  for (const fs::path& dir : dirs) {
    std::ifstream in(dir / "truth.json");
    nlohmann::json truth = nlohmann::json::parse(in, nullptr, false);
    if (truth.is_discarded()) continue;
    for (const auto& page : truth["pages"]) {
      if (done >= limit) break;
      if (!kinds.count(page.value("capture", ""))) continue;
      std::string lines;
      for (const auto& l : page["lines"]) lines += l.get<std::string>() + "\n";
      const std::string file = (dir / page["file"].get<std::string>()).string();
      cv::Mat img = cv::imread(file, cv::IMREAD_COLOR);
      if (img.empty()) continue;
      ++done;
      // Scans may lie upside down or sideways: turn them upright as the
      // geometry stage would (skew is left to Tesseract, for both sides).
      std::string plain_file = file;
      const int turns = page.value("quarter_turns", 0) % 4;
      if (turns != 0) {
        static const cv::RotateFlags kRot[] = {cv::ROTATE_90_CLOCKWISE, cv::ROTATE_180,
                                               cv::ROTATE_90_COUNTERCLOCKWISE};
        cv::rotate(img, img, kRot[turns - 1]);
        plain_file = (fs::temp_directory_path() / "eval_ocr_upright.png").string();
        cv::imwrite(plain_file, img);
      }
      const std::string tag = dir.filename().string() + "-" + fs::path(file).stem().string();
      double page_dpi = 300;
      if (!geometry_cache.empty() && page.value("capture", "") != "scan") {
        // Photos: rectified by the geometry stage once, cached as PNG so
        // that Enhance/OCR can be tuned quickly on the same pages.
        page_dpi = rect_dpi;
        const fs::path cached =
            fs::path(geometry_cache) / (tag + "@" + std::to_string(static_cast<int>(rect_dpi)) + ".png");
        cv::Mat rect = cv::imread(cached.string(), cv::IMREAD_COLOR);
        if (rect.empty()) {
          static std::unique_ptr<Geometry> geometry;
          if (geometry == nullptr) {
            GeometryOptions go;
            go.output_dpi = rect_dpi;
            Status gs = Geometry::Create(go, &geometry);
            if (!gs.ok()) {
              std::cerr << gs.ToString() << "\n";
              return 1;
            }
          }
          cv::Mat original = cv::imread(file, cv::IMREAD_COLOR);
          GeometryResult g;
          Status gs = geometry->Run(original, 0, &g);
          if (!gs.ok()) {
            std::cerr << file << ": " << gs.ToString() << "\n";
            continue;
          }
          rect = g.page;
          fs::create_directories(geometry_cache);
          cv::imwrite(cached.string(), rect);
        }
        img = rect;
        plain_file = file;  // plain tesseract reads the raw photo
      }

      EnhanceResult er;
      EnhanceOptions eo;
      eo.dpi = page_dpi;
      OcrResult r;
      double enhance_s = 0, ocr_s = 0;
      s = EnhanceAndRead(engine.get(), img, eo, static_cast<int>(page_dpi + 0.5), &er, &r,
                         [&](bool enhance, double, double cpu_ms) { (enhance ? enhance_s : ocr_s) += cpu_ms / 1000; });
      if (!s.ok()) std::cerr << file << ": " << s.ToString() << "\n";
      const double c_ours = Cer(r.Text(), lines);
      if (!dump_dir.empty()) {
        AtomicWriteFile(dump_dir + "/" + tag + ".ours.txt", Normalise(r.Text()));
        AtomicWriteFile(dump_dir + "/" + tag + ".truth.txt", Normalise(lines));
        cv::imwrite(dump_dir + "/" + tag + ".ocr.png", er.ocr);
      }
      enh.Add(0, enhance_s);
      ours.Add(c_ours, ocr_s);

      double c_raw = -1, t_raw = 0;
      if (raw) {
        cv::Mat gray;
        cv::cvtColor(img, gray, cv::COLOR_BGR2GRAY);
        OcrResult rr;
        double a = CpuSeconds(RUSAGE_SELF);
        engine->Recognize(gray, static_cast<int>(page_dpi + 0.5), &rr);
        t_raw = CpuSeconds(RUSAGE_SELF) - a;
        c_raw = Cer(rr.Text(), lines);
        rawt.Add(c_raw, t_raw);
      }
      double c_plain = -1, t_plain = 0;
      if (plain) {
        const std::string text = Plain(plain_file, &t_plain);
        c_plain = Cer(text, lines);
        if (!dump_dir.empty()) AtomicWriteFile(dump_dir + "/" + tag + ".plain.txt", Normalise(text));
        plaint.Add(c_plain, t_plain);
      }
      if (!pdf_dir.empty()) {
        PdfPage pp;
        EncodePdfImage(er.display, page_dpi, &pp.image);
        pp.ocr = r;
        std::string bytes;
        PdfOptions po;
        po.font_path = PipelinePdfFont(Options{}, FindModelsDir(""));
        Status ps = WriteSearchablePdf({pp}, po, &bytes);
        if (ps.ok()) {
          fs::create_directories(pdf_dir);
          AtomicWriteFile((fs::path(pdf_dir) / (tag + ".pdf")).string(), bytes);
          pdf_bytes += bytes.size();
          ++pdf_pages;
        } else {
          std::cerr << ps.ToString() << "\n";
        }
      }
      std::printf("%-28s %7.4f %7.4f %7.4f | %6.3f %6.2f %6.2f %6.2f conf %.3f\n",
                  (dir.filename().string() + "/" + fs::path(file).filename().string()).c_str(), c_ours,
                  c_raw, c_plain, enhance_s, ocr_s, t_raw, t_plain, r.mean_confidence);
      std::fflush(stdout);
    }
  }
  auto avg = [](double v, int n) { return n ? v / n : 0.0; };
  std::printf("\npages %d\n", ours.n);
  std::printf("ours : mean CER %.4f (median %.4f)  enhance %.3f s/page  ocr %.3f s/page CPU\n",
              avg(ours.cer, ours.n), ours.Median(), avg(enh.cpu, enh.n), avg(ours.cpu, ours.n));
  if (raw) std::printf("raw  : mean CER %.4f  ocr %.2f s/page CPU\n", avg(rawt.cer, rawt.n), avg(rawt.cpu, rawt.n));
  if (plain)
    std::printf("plain: mean CER %.4f  tesseract CLI %.2f s/page CPU (OMP_THREAD_LIMIT=1)\n",
                avg(plaint.cer, plaint.n), avg(plaint.cpu, plaint.n));
  if (pdf_pages) std::printf("pdf  : %.0f KB/page\n", pdf_bytes / pdf_pages / 1024);
  return 0;
}
