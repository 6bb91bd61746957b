// eval_forms: accuracy of document recognition and field extraction on
// generated sample dossiers (samples/generator, truth.json per dossier).
//
//   eval_forms --samples DIR --out OUT      score OUT/<id>/dossier.json written by `hoso process`
//   eval_forms --samples DIR --direct       run the forms stage on the truth's own text lines
//                                           (words with fake boxes), i.e. perfect OCR
//   eval_forms --samples DIR --reanalyse OUT  run the forms stage again on the OCR words and
//                                           lines saved in OUT/<id>/dossier.json (no OCR rerun)
//   options: --models DIR --units DIR --verbose (print every wrong field)
//
// Prints per-field accuracy per capture kind (exact match after folding case
// and spacing), document-type accuracy, and precision/recall of the
// birth_place.* errors against truth's expected_issue_codes.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "pipeline/core/page.h"
#include "pipeline/forms/analysis.h"
#include "pipeline/forms/forms.h"
#include "pipeline/forms/text.h"

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

struct PredDoc {
  std::string type;
  std::string layout;
  std::set<int> pages;  // truth page indices
  std::map<std::string, json> fields;
  std::set<std::string> codes;
};

std::string Norm(const json& v) {
  if (v.is_null()) return "<null>";
  if (v.is_string()) return hoso::forms::CaseSpaceFold(v.get<std::string>());
  return v.dump();
}

// The OCR result saved in a dossier.json page: words in reading order and
// the text's lines, whose tokens are those words in order.
hoso::OcrResult PageToOcr(const json& page) {
  hoso::OcrResult r;
  const json words = page.value("words", json::array());
  std::istringstream text(page.value("text", std::string()));
  std::string line_text;
  size_t w = 0;
  while (std::getline(text, line_text)) {
    hoso::OcrLine line;
    std::istringstream in(line_text);
    std::string tok;
    while (in >> tok && w < words.size()) {
      const json& wj = words[w];
      hoso::OcrWord word;
      word.text = wj.value("text", tok);
      auto b = wj.value("box", std::vector<int>{0, 0, 0, 0});
      word.box = cv::Rect(b[0], b[1], b[2], b[3]);
      word.confidence = wj.value("confidence", 0.0f);
      word.line = static_cast<int>(r.lines.size());
      line.words.push_back(static_cast<int>(r.words.size()));
      line.text += (line.text.empty() ? "" : " ") + word.text;
      line.box = line.box.area() ? (line.box | word.box) : word.box;
      r.words.push_back(word);
      ++w;
    }
    r.lines.push_back(line);
  }
  r.mean_confidence = page.value("mean_confidence", 0.0f);
  return r;
}

hoso::OcrResult LinesToOcr(const std::vector<std::string>& lines) {
  hoso::OcrResult r;
  int y = 100;
  for (const auto& text : lines) {
    hoso::OcrLine line;
    line.block = 0;
    int x = 100;
    std::istringstream in(text);
    std::string w;
    while (in >> w) {
      hoso::OcrWord word;
      word.text = w;
      word.box = cv::Rect(x, y, 18 * static_cast<int>(w.size()), 40);
      word.confidence = 0.95f;
      word.line = static_cast<int>(r.lines.size());
      x += word.box.width + 18;
      line.words.push_back(static_cast<int>(r.words.size()));
      line.text += (line.text.empty() ? "" : " ") + w;
      line.box = line.box.area() ? (line.box | word.box) : word.box;
      r.words.push_back(word);
    }
    r.lines.push_back(line);
    y += 50;
  }
  r.mean_confidence = 0.95f;
  return r;
}

json FieldJson(const hoso::FieldValue& v) {
  if (std::holds_alternative<std::string>(v)) return std::get<std::string>(v);
  if (std::holds_alternative<std::int64_t>(v)) return std::get<std::int64_t>(v);
  return nullptr;
}

struct Tally {
  int ok = 0, n = 0;
  void Add(bool good) {
    n++;
    ok += good;
  }
};

std::string Pct(const Tally& t) {
  if (t.n == 0) return "     -     ";
  char b[32];
  std::snprintf(b, sizeof b, "%5.1f%% %4d", 100.0 * t.ok / t.n, t.n);
  return b;
}

}  // namespace

int main(int argc, char** argv) {
  std::string samples, out, models, units;
  bool direct = false, verbose = false, reanalyse = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (a == "--samples") samples = next();
    else if (a == "--out") out = next();
    else if (a == "--direct") direct = true;
    else if (a == "--reanalyse") {
      out = next();
      reanalyse = true;
    }
    else if (a == "--models") models = next();
    else if (a == "--units") units = next();
    else if (a == "--verbose") verbose = true;
    else {
      std::cerr << "usage: eval_forms --samples DIR (--out OUT | --direct) [--models DIR] [--units DIR] [--verbose]\n";
      return 2;
    }
  }
  if (samples.empty() || (out.empty() && !direct)) {
    std::cerr << "usage: eval_forms --samples DIR (--out OUT | --direct) [--models DIR] [--units DIR] [--verbose]\n";
    return 2;
  }
  std::unique_ptr<hoso::FormsModel> model;
  if (direct || reanalyse) {
    hoso::FormsOptions o;
    o.models_dir = models;
    o.units_dir = units;
    hoso::Status s = hoso::FormsModel::Load(o, &model);
    if (!s.ok()) {
      std::cerr << s.ToString() << "\n";
      return 1;
    }
  }
  std::vector<fs::path> dirs;
  for (const auto& e : fs::directory_iterator(samples)) {
    if (e.is_directory() && fs::exists(e.path() / "truth.json")) dirs.push_back(e.path());
  }
  std::sort(dirs.begin(), dirs.end());
  std::map<std::string, std::map<std::string, Tally>> field_acc;  // key -> kind -> tally
  std::map<std::string, Tally> type_acc, layout_acc, group_acc;    // kind -> tally
  std::set<std::string> kinds;
  int tp = 0, fp = 0, fn = 0, doc_tp = 0, doc_fp = 0, doc_fn = 0, missing_outputs = 0;
  for (const auto& dir : dirs) {
    std::ifstream tin(dir / "truth.json");
    json truth = json::parse(tin, nullptr, false);
    if (truth.is_discarded()) continue;
    std::string id = truth.value("dossier_id", dir.filename().string());
    const json& tpages = truth["pages"];
    std::string kind = tpages.empty() ? "?" : tpages[0].value("capture", "?");
    kinds.insert(kind);
    std::vector<PredDoc> pred;
    if (direct || reanalyse) {
      std::vector<hoso::OcrResult> ocr;
      if (direct) {
        for (const auto& p : tpages) ocr.push_back(LinesToOcr(p["lines"].get<std::vector<std::string>>()));
      } else {
        std::ifstream din(fs::path(out) / id / "dossier.json");
        json dj = din ? json::parse(din, nullptr, false) : json();
        if (!din || dj.is_discarded()) {
          ++missing_outputs;
          continue;
        }
        // Pages back in input order (documents list them grouped).
        std::map<std::string, json> by_file;
        for (const auto& d : dj.value("documents", json::array())) {
          for (const auto& pg : d.value("pages", json::array())) by_file[pg.value("source", "")] = pg;
        }
        std::string why;  // why the output cannot be this dossier's
        if (dj.value("dossier_id", id) != id) why = "it is dossier " + dj.value("dossier_id", std::string()) + "'s output";
        for (const auto& p : tpages) {
          if (!why.empty()) break;
          const auto it = by_file.find(p.value("file", ""));
          if (it == by_file.end() || !it->second.is_object()) why = "it has no page " + p.value("file", "?");
          else ocr.push_back(PageToOcr(it->second));
        }
        if (!why.empty()) {
          std::fprintf(stderr, "eval_forms: %s: %s (%s); dossier skipped\n", id.c_str(), why.c_str(),
                       (fs::path(out) / id / "dossier.json").c_str());
          ++missing_outputs;
          continue;
        }
      }
      std::vector<hoso::AnalysedPage> in;
      for (const auto& o : ocr) in.push_back(hoso::AnalysedPage{&o, cv::Size(2480, 3508)});
      std::vector<hoso::DocumentAnalysis> docs;
      std::vector<hoso::Issue> dossier_issues;
      bool review = false;
      model->Analyse(in, &docs, &dossier_issues, &review);
      for (const auto& d : docs) {
        PredDoc p;
        p.type = d.document_type;
        p.layout = d.layout.value_or("");
        p.pages.insert(d.pages.begin(), d.pages.end());
        for (const auto& [k, f] : d.fields) p.fields[k] = FieldJson(f.value);
        for (const auto& i : d.issues) p.codes.insert(i.code);
        pred.push_back(std::move(p));
      }
    } else {
      std::ifstream din(fs::path(out) / id / "dossier.json");
      json dj = din ? json::parse(din, nullptr, false) : json();
      if (!din || dj.is_discarded()) {
        ++missing_outputs;
      } else {
        std::map<std::string, int> page_of_file;
        for (size_t i = 0; i < tpages.size(); ++i) page_of_file[tpages[i].value("file", "")] = static_cast<int>(i);
        const json djdocs = dj.value("documents", json::array());
        for (const auto& d : djdocs) {
          PredDoc p;
          p.type = d.value("document_type", "unknown");
          p.layout = d["layout"].is_string() ? d["layout"].get<std::string>() : "";
          const json dpages = d.value("pages", json::array());
          for (const auto& pg : dpages) {
            auto it = page_of_file.find(pg.value("source", ""));
            if (it != page_of_file.end()) p.pages.insert(it->second);
          }
          const json dfields = d.value("fields", json::object());
          for (const auto& [k, f] : dfields.items()) p.fields[k] = f.value("value", json());
          const json dissues = d.value("issues", json::array());
          for (const auto& i : dissues) p.codes.insert(i.value("code", ""));
          pred.push_back(std::move(p));
        }
      }
    }
    for (const auto& td : truth["documents"]) {
      std::vector<int> tp_pages = td["pages"].get<std::vector<int>>();
      const PredDoc* match = nullptr;
      for (const auto& p : pred) {
        if (!tp_pages.empty() && p.pages.count(tp_pages[0])) match = &p;
      }
      std::string ttype = td.value("document_type", "unknown");
      std::string tlayout = td["layout"].is_string() ? td["layout"].get<std::string>() : "";
      bool type_ok = match && match->type == ttype;
      type_acc[kind].Add(type_ok);
      type_acc["all"].Add(type_ok);
      layout_acc[kind].Add(type_ok && match->layout == tlayout);
      layout_acc["all"].Add(type_ok && match->layout == tlayout);
      bool group_ok = match && std::set<int>(tp_pages.begin(), tp_pages.end()) == match->pages;
      group_acc[kind].Add(group_ok);
      group_acc["all"].Add(group_ok);
      if (verbose && !type_ok) {
        std::cout << id << ": document " << ttype << " read as " << (match ? match->type : "<none>") << "\n";
      }
      const json tfields = td.value("fields", json::object());
      for (const auto& [key, value] : tfields.items()) {
        json got = nullptr;
        bool present = false;
        if (match) {
          auto it = match->fields.find(key);
          if (it != match->fields.end()) {
            got = it->second;
            present = true;
          }
        }
        bool good = present && Norm(got) == Norm(value);
        field_acc[key][kind].Add(good);
        field_acc[key]["all"].Add(good);
        if (verbose && !good) {
          std::cout << id << " " << key << ": want " << value.dump() << " got "
                    << (present ? got.dump() : std::string("<absent>")) << "\n";
        }
      }
      if (ttype == "birth_certificate" || ttype == "birth_registration_form") {
        std::set<std::string> want, have;
        const json expected = td.value("expected_issue_codes", json::array());
        for (const auto& c : expected) {
          if (c.get<std::string>().rfind("birth_place.", 0) == 0) want.insert(c.get<std::string>());
        }
        if (match) {
          for (const auto& c : match->codes) {
            if (c.rfind("birth_place.", 0) == 0) have.insert(c);
          }
        }
        for (const auto& c : have) (want.count(c) ? tp : fp)++;
        for (const auto& c : want) fn += have.count(c) ? 0 : 1;
        if (!want.empty() && !have.empty()) doc_tp++;
        if (want.empty() && !have.empty()) doc_fp++;
        if (!want.empty() && have.empty()) doc_fn++;
        if (verbose && want != have) {
          std::cout << id << " birth_place issues: want {";
          for (const auto& c : want) std::cout << " " << c;
          std::cout << " } got {";
          for (const auto& c : have) std::cout << " " << c;
          std::cout << " } place=" << (match && match->fields.count("child.birth_place") ? match->fields.at("child.birth_place").dump() : "") << "\n";
        }
      }
    }
  }
  std::vector<std::string> cols(kinds.begin(), kinds.end());
  cols.push_back("all");
  std::printf("%d dossiers from %s, %s%s\n", static_cast<int>(dirs.size()), samples.c_str(),
              direct ? "forms stage on truth text (--direct)"
                     : reanalyse ? ("forms stage re-run on OCR saved in " + out).c_str() : ("hoso output " + out).c_str(),
              missing_outputs ? (", " + std::to_string(missing_outputs) + " without dossier.json").c_str() : "");
  std::printf("%-32s", "field (accuracy, count)");
  for (const auto& c : cols) std::printf(" %-12s", c.c_str());
  std::printf("\n");
  Tally total;
  std::map<std::string, Tally> col_total;
  for (const auto& [key, per] : field_acc) {
    std::printf("%-32s", key.c_str());
    for (const auto& c : cols) {
      auto it = per.find(c);
      std::printf(" %-12s", it == per.end() ? "     -" : Pct(it->second).c_str());
      if (it != per.end()) {
        col_total[c].ok += it->second.ok;
        col_total[c].n += it->second.n;
      }
    }
    std::printf("\n");
  }
  auto row = [&](const char* name, std::map<std::string, Tally>& t) {
    std::printf("%-32s", name);
    for (const auto& c : cols) std::printf(" %-12s", Pct(t[c]).c_str());
    std::printf("\n");
  };
  row("ALL FIELDS", col_total);
  row("document type", type_acc);
  row("document type + layout", layout_acc);
  row("page grouping", group_acc);
  auto ratio = [](int a, int b) { return b ? 100.0 * a / b : 0.0; };
  std::printf("birth_place codes: precision %.1f%% recall %.1f%% (tp %d fp %d fn %d)\n", ratio(tp, tp + fp),
              ratio(tp, tp + fn), tp, fp, fn);
  std::printf("birth_place documents flagged: precision %.1f%% recall %.1f%% (tp %d fp %d fn %d)\n",
              ratio(doc_tp, doc_tp + doc_fp), ratio(doc_tp, doc_tp + doc_fn), doc_tp, doc_fp, doc_fn);
  return 0;
}
