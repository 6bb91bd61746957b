// eval_geometry: runs the geometry stage on every page of every dossier in a
// generated sample set and compares with truth.json.
//
//   eval_geometry DIR [--write OUTDIR] [--overlay OUTDIR] [--max-side PX] [--only SUBSTR]
//
// Prints one line per page (IoU of the detected quad vs the truth quad,
// quarter turns detected/expected, skew, milliseconds; flags IOU below 0.95,
// ORIENT for a wrong quarter turn, SHAPE for a sheet rectified landscape
// that is portrait or the other way round) and a summary per capture kind.
// --write stores each rectified page as OUTDIR/<dossier>_<k>.png
// (downscaled so the long side is at most --max-side, default 1600);
// --overlay stores the downscaled input with the truth quad (green, dot at
// the upright top-left) and the detected quad (red).
// Exit status: 0 when it ran (figures are for reading), 2 on usage errors.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "hoso/options.h"
#include "pipeline/flow/settings.h"
#include "pipeline/geometry/geometry.h"
#include "pipeline/load/load.h"

namespace fs = std::filesystem;

namespace {

double QuadIoU(const std::vector<cv::Point2f>& a, const std::vector<cv::Point2f>& b) {
  std::vector<cv::Point2f> ha, hb, inter;
  cv::convexHull(a, ha);
  cv::convexHull(b, hb);
  double ai = cv::intersectConvexConvex(ha, hb, inter, true);
  double u = cv::contourArea(ha) + cv::contourArea(hb) - ai;
  return u > 0 ? ai / u : 0;
}

struct KindStats {
  int pages = 0, orient_ok = 0;
  double iou_min = 1, iou_sum = 0, ms_sum = 0, ms_max = 0;
};

}  // namespace

int main(int argc, char** argv) {
  const std::string usage = std::string("usage: ") + argv[0] +
                            " DIR [--write OUTDIR] [--overlay OUTDIR] [--max-side PX] [--only SUBSTR]\n"
                            "  DIR: a generated set (dossier directories with truth.json)\n";
  if (argc >= 2 && (std::string(argv[1]) == "-h" || std::string(argv[1]) == "--help")) {
    std::fputs(usage.c_str(), stdout);
    return 0;
  }
  // Timed as the pipeline runs the stage. Without the image memory pool,
  // fresh memory's page faults were ~a third of the geometry time here
  // (perf), which the pipeline does not pay.
  hoso::UsePipelineOpenCv(hoso::Options());
  if (argc < 2 || !fs::is_directory(argv[1])) {
    if (argc >= 2) std::fprintf(stderr, "not a directory: %s\n", argv[1]);
    std::fputs(usage.c_str(), stderr);
    return 2;
  }
  std::string dir = argv[1], write_dir, overlay_dir, only;
  int max_side = 1600;
  for (int i = 2; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--write" && i + 1 < argc) write_dir = argv[++i];
    else if (a == "--overlay" && i + 1 < argc) overlay_dir = argv[++i];
    else if (a == "--max-side" && i + 1 < argc) max_side = std::stoi(argv[++i]);
    else if (a == "--only" && i + 1 < argc) only = argv[++i];
    else { std::fprintf(stderr, "unknown argument %s\n", a.c_str()); return 2; }
  }
  if (!write_dir.empty()) fs::create_directories(write_dir);
  if (!overlay_dir.empty()) fs::create_directories(overlay_dir);

  std::unique_ptr<hoso::Geometry> geo;
  // The pipeline's settings: its page resolution and the colour question.
  hoso::Status s = hoso::Geometry::Create(hoso::PipelineGeometryOptions(hoso::Options{}), &geo);
  if (!s.ok()) { std::fprintf(stderr, "%s\n", s.ToString().c_str()); return 1; }

  std::vector<fs::path> dossiers;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.is_directory() && fs::exists(e.path() / "truth.json")) dossiers.push_back(e.path());
  std::sort(dossiers.begin(), dossiers.end());

  std::map<std::string, KindStats> stats;
  std::printf("%-28s %-10s %7s %5s %5s %7s %7s\n", "page", "kind", "IoU", "turn", "want", "skew", "ms");
  for (const auto& d : dossiers) {
    if (!only.empty() && d.filename().string().find(only) == std::string::npos) continue;
    nlohmann::json truth;
    try {
      std::ifstream in(d / "truth.json");
      in >> truth;
    } catch (const std::exception& e) {
      std::fprintf(stderr, "%s: %s\n", d.c_str(), e.what());
      continue;
    }
    for (const auto& p : truth["pages"]) {
      std::string file = p["file"];
      std::string kind = p.value("capture", "?");
      // Decoded as the pipeline does (EXIF orientation, gray kept gray, the
      // resolution the file states).
      hoso::PageSource src;
      src.name = file;
      src.path = (d / file).string();
      hoso::LoadedPage loaded;
      if (!hoso::DecodePage(src, hoso::LoadLimits(), &loaded).ok()) {
        std::fprintf(stderr, "cannot read %s\n", (d / file).c_str());
        continue;
      }
      const cv::Mat& img = loaded.bgr;
      std::vector<cv::Point2f> tq;
      for (const auto& c : p["quad"]) tq.emplace_back(c[0].get<float>(), c[1].get<float>());
      int want = p.value("quarter_turns", 0);
      hoso::GeometryResult r;
      auto t0 = std::chrono::steady_clock::now();
      s = geo->Run(img, loaded.dpi, &r);
      double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
      if (!s.ok()) { std::fprintf(stderr, "%s: %s\n", file.c_str(), s.ToString().c_str()); continue; }
      std::vector<cv::Point2f> q(r.quad.begin(), r.quad.end());
      double iou = tq.size() == 4 ? QuadIoU(q, tq) : 0;
      // Corner order check: mean distance of corresponding corners relative
      // to the truth diagonal (catches a quad that is right but rotated).
      std::string name = d.filename().string() + "/" + file;
      // The upright page's shape: portrait or landscape as the truth's page
      // (a sheet rectified the wrong way round squashes its text).
      bool shape_ok = true;
      if (p.contains("page_size") && r.sheet_found) {
        const bool want_portrait = p["page_size"][0].get<int>() < p["page_size"][1].get<int>();
        shape_ok = (r.page.cols < r.page.rows) == want_portrait;
      }
      std::printf("%-28s %-10s %7.4f %5d %5d %7.2f %7.1f%s%s%s\n", name.c_str(), kind.c_str(), iou,
                  r.quarter_turns, want, r.skew_degrees, ms, r.sheet_found ? "" : " (no sheet)",
                  (r.quarter_turns != want) ? "  ORIENT" : (iou < 0.95 ? "  IOU" : ""), shape_ok ? "" : "  SHAPE");
      std::fflush(stdout);
      KindStats& k = stats[kind];
      ++k.pages;
      k.orient_ok += r.quarter_turns == want;
      k.iou_min = std::min(k.iou_min, iou);
      k.iou_sum += iou;
      k.ms_sum += ms;
      k.ms_max = std::max(k.ms_max, ms);
      if (!overlay_dir.empty()) {
        double f = static_cast<double>(max_side) / std::max(img.cols, img.rows);
        cv::Mat o;
        cv::resize(img, o, cv::Size(), f, f, cv::INTER_AREA);
        auto draw = [&](const std::vector<cv::Point2f>& qd, cv::Scalar col) {
          if (qd.size() != 4) return;
          for (int i = 0; i < 4; ++i) cv::line(o, qd[i] * f, qd[(i + 1) % 4] * f, col, 2, cv::LINE_AA);
          cv::circle(o, qd[0] * f, 6, col, cv::FILLED);
        };
        draw(tq, cv::Scalar(0, 200, 0));
        draw(q, cv::Scalar(0, 0, 255));
        std::string stem = d.filename().string() + "_" + fs::path(file).stem().string();
        cv::imwrite((fs::path(overlay_dir) / (stem + ".png")).string(), o);
      }
      if (!write_dir.empty()) {
        cv::Mat out = r.page;
        double f = static_cast<double>(max_side) / std::max(out.cols, out.rows);
        if (f < 1) cv::resize(out, out, cv::Size(), f, f, cv::INTER_AREA);
        std::string stem = d.filename().string() + "_" + fs::path(file).stem().string();
        cv::imwrite((fs::path(write_dir) / (stem + ".png")).string(), out);
      }
    }
  }
  std::printf("\n%-10s %5s %8s %8s %10s %8s %8s\n", "kind", "pages", "IoU min", "IoU mean", "orient", "ms mean", "ms max");
  for (const auto& [kind, k] : stats) {
    std::printf("%-10s %5d %8.4f %8.4f %5d/%-4d %8.1f %8.1f\n", kind.c_str(), k.pages, k.iou_min,
                k.iou_sum / std::max(1, k.pages), k.orient_ok, k.pages, k.ms_sum / std::max(1, k.pages),
                k.ms_max);
  }
  return 0;
}
