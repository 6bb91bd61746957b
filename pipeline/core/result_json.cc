// dossier.json: the contract's serialisation of DossierResult.
#include <cmath>

#include <nlohmann/json.hpp>

#include "hoso/result.h"
#include "pipeline/core/util.h"

namespace hoso {
namespace {

using json = nlohmann::ordered_json;

json BoxJson(const Box& b) { return json::array({b.x, b.y, b.w, b.h}); }

// Confidences and coordinates with a sensible number of digits.
double Round(double v, double scale) { return std::round(v * scale) / scale; }

json IssueJson(const Issue& i) {
  json j;
  j["field"] = i.field.empty() ? json(nullptr) : json(i.field);
  j["severity"] = i.severity;
  j["code"] = i.code;
  j["message"] = i.message;
  return j;
}

json PageJson(const PageResult& p) {
  json j;
  j["source"] = p.source;
  j["source_page"] = p.source_page;
  json quad = json::array();
  for (const auto& pt : p.quad) quad.push_back(json::array({Round(pt[0], 10), Round(pt[1], 10)}));
  j["quad"] = quad;
  j["quarter_turns"] = p.quarter_turns;
  j["skew_degrees"] = Round(p.skew_degrees, 100);
  j["width"] = p.width;
  j["height"] = p.height;
  j["dpi"] = p.dpi;
  j["text"] = p.text;
  j["mean_confidence"] = Round(p.mean_confidence, 1000);
  json words = json::array();
  for (const Word& w : p.words)
    words.push_back({{"text", w.text}, {"box", BoxJson(w.box)}, {"confidence", Round(w.confidence, 1000)}});
  j["words"] = std::move(words);
  return j;
}

json FieldJson(const Field& f) {
  json j;
  if (const auto* s = std::get_if<std::string>(&f.value)) j["value"] = *s;
  else if (const auto* n = std::get_if<std::int64_t>(&f.value)) j["value"] = *n;
  else j["value"] = nullptr;
  j["confidence"] = Round(f.confidence, 1000);
  j["page"] = f.page;
  j["box"] = BoxJson(f.box);
  if (f.corrected_from) j["corrected_from"] = *f.corrected_from;
  return j;
}

}  // namespace

std::string ToJson(const DossierResult& r, const JsonOptions& options) {
  json j;
  j["schema"] = "hoso.dossier/1";
  j["dossier_id"] = r.dossier_id;
  j["status"] = r.status;
  json docs = json::array();
  for (const DocumentResult& d : r.documents) {
    json dj;
    dj["document_type"] = d.document_type;
    dj["layout"] = d.layout ? json(*d.layout) : json(nullptr);
    dj["confidence"] = Round(d.confidence, 1000);
    dj["pdf"] = d.pdf.empty() ? json(nullptr) : json(d.pdf);
    json pages = json::array();
    for (const PageResult& p : d.pages) pages.push_back(PageJson(p));
    dj["pages"] = std::move(pages);
    json fields = json::object();
    for (const auto& [key, f] : d.fields) fields[key] = FieldJson(f);
    dj["fields"] = std::move(fields);
    json issues = json::array();
    for (const Issue& i : d.issues) issues.push_back(IssueJson(i));
    dj["issues"] = std::move(issues);
    if (options.include_pdf) dj["pdf_base64"] = Base64Encode(d.pdf_bytes);
    docs.push_back(std::move(dj));
  }
  j["documents"] = std::move(docs);
  json issues = json::array();
  for (const Issue& i : r.issues) issues.push_back(IssueJson(i));
  j["issues"] = std::move(issues);
  // Added to the contract's keys: "engine_load", engines loaded on their
  // first use by a worker thread (start-up, not any one stage's).
  auto timings = [](const Timings& t) {
    return json{{"load", std::lround(t.load)},          {"geometry", std::lround(t.geometry)},
                {"enhance", std::lround(t.enhance)},    {"ocr", std::lround(t.ocr)},
                {"extract", std::lround(t.extract)},    {"write", std::lround(t.write)},
                {"engine_load", std::lround(t.engine_load)}};
  };
  j["timings_ms"] = timings(r.timings_ms);
  // Added to the contract's keys: the same stages in CPU time of the thread
  // that ran them, and how much of `ocr` Tesseract itself took.
  json cpu = timings(r.timings_cpu_ms);
  cpu["tesseract"] = std::lround(r.timings_cpu_ms.tesseract);
  j["timings_cpu_ms"] = std::move(cpu);
  // Invalid UTF-8 can't reach here (OCR text is NFC-normalised), but never
  // throw from serialisation: replace instead.
  return j.dump(options.indent, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace hoso
