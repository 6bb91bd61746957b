#include "pipeline/forms/analysis.h"

#include <algorithm>
#include <iterator>
#include <map>
#include <regex>

#include <nlohmann/json.hpp>
#include <unicode/uchar.h>

#include "pipeline/core/util.h"
#include "pipeline/forms/text.h"
#include "pipeline/forms/validate.h"

namespace hoso {
namespace forms {

namespace {

const char* DocumentNameVi(const std::string& type) {
  if (type == "birth_certificate") return "Giấy chứng sinh";
  if (type == "birth_registration_form") return "Tờ khai đăng ký khai sinh";
  if (type == "residence_form") return "Tờ khai thay đổi thông tin cư trú";
  return "Tài liệu không xác định";
}

Box ToBox(const cv::Rect& r) { return Box{r.x, r.y, r.width, r.height}; }
cv::Rect ToRect(const Box& b) { return cv::Rect(b.x, b.y, b.w, b.h); }

struct Span {
  int line, begin, end;
};

// Label text used in messages: the first spelling, without a final colon.
std::string LabelName(const Template& t, const FieldSpec& f) {
  std::string s = t.labels[f.labels[0]].text;
  while (!s.empty() && (s.back() == ':' || s.back() == ' ')) s.pop_back();
  return s;
}

std::optional<int> YearOf(const std::map<std::string, Field>& fields, const std::string& prefix) {
  auto get = [&](const std::string& k) -> const Field* {
    auto it = fields.find(k);
    return it == fields.end() ? nullptr : &it->second;
  };
  if (const Field* f = get(prefix + ".birth_year"); f && std::holds_alternative<std::int64_t>(f->value)) {
    return static_cast<int>(std::get<std::int64_t>(f->value));
  }
  for (const char* k : {".birth_date", ".birth_datetime"}) {
    if (const Field* f = get(prefix + k); f && std::holds_alternative<std::string>(f->value)) {
      Date d;
      if (ParseIso(std::get<std::string>(f->value), &d)) return d.year;
    }
  }
  return std::nullopt;
}

// A passport number as printed in an identification field: 6-9 capital
// letters and digits, at least one letter and four digits ("C1234567").
bool LooksLikePassportNumber(const std::string& text) {
  if (text.size() < 6 || text.size() > 9) return false;
  int letters = 0, digits = 0;
  for (char c : text) {
    if (c >= 'A' && c <= 'Z') ++letters;
    else if (c >= '0' && c <= '9') ++digits;
    else return false;
  }
  return letters >= 1 && digits >= 4;
}

// Whether `doc` says the field `key` is in error.
bool HasErrorOn(const DocumentAnalysis& doc, const std::string& key) {
  return std::any_of(doc.issues.begin(), doc.issues.end(),
                     [&](const Issue& i) { return i.field == key && i.severity == "error"; });
}

// Drops what was said of the field `key` (its issues).
void DropIssuesOf(const std::string& key, std::vector<Issue>* issues) {
  issues->erase(std::remove_if(issues->begin(), issues->end(), [&](const Issue& i) { return i.field == key; }),
                issues->end());
}

// An identification field (`<person>.id_number`) of documents[doc] whose
// holder's name (`<person>.full_name`) was read; `holder` is that name
// folded for marks, case and spacing.
struct HeldId {
  size_t doc;
  std::string key, holder;
};

std::vector<HeldId> HeldIds(const std::vector<DocumentAnalysis>& documents) {
  static const std::string kSuffix = ".id_number";
  std::vector<HeldId> out;
  for (size_t d = 0; d < documents.size(); ++d) {
    for (const auto& [key, field] : documents[d].fields) {
      if (key.size() <= kSuffix.size() || key.compare(key.size() - kSuffix.size(), kSuffix.size(), kSuffix) != 0)
        continue;
      const auto name = documents[d].fields.find(key.substr(0, key.size() - kSuffix.size()) + ".full_name");
      if (name == documents[d].fields.end() || !std::holds_alternative<std::string>(name->second.value)) continue;
      std::string holder = CaseSpaceFold(Fold(std::get<std::string>(name->second.value)));
      if (!holder.empty()) out.push_back(HeldId{d, key, std::move(holder)});
    }
  }
  return out;
}

// A value of twelve digits: a citizen identification number's shape.
bool TwelveDigits(const FieldValue& v) {
  return std::holds_alternative<std::string>(v) && std::get<std::string>(v).size() == 12 &&
         std::get<std::string>(v).find_first_not_of("0123456789") == std::string::npos;
}

// Names read with at least this confidence are taken as printed. (Names
// on scans are read at 0.95 or more; on hard photos mark errors such as
// HUYỆN, TRẤN, HÁI were read at 0.86-0.93.)
constexpr double kNameGuessBelowConfidence = 0.95;
// A page read below this mean word confidence is a hard photo: clean photos
// and scans read at 0.91 and more (289 pages of four generated sets).
constexpr double kPoorPageConfidence = 0.9;
// Another reading's value read with less confidence than this is not
// kept as an alternative (DocumentAnalysis::alternatives): specks read as
// letters. Exact agreement with another document is what makes one taken.
constexpr double kAlternativeMinConfidence = 0.1;
// Labels whose budget is at least this (ten letters and more) are looked
// for again with twice it where their field is missing (ExtractDocument).
constexpr int kRelaxedLabelMinBudget = 2;

// What the documents of one dossier must read the same: per item, the key
// that holds it on each document type, compared as text, as a date (its
// day) or as a year. `checked`: a disagreement is the contract's
// dossier.mismatch (CrossCheck); the others only guide the choice among a
// page's readings (AgreeAcrossDocuments).
enum class SameAs { kText, kDate, kYear };
struct SameItem {
  const char* what_vi;
  std::vector<std::pair<const char*, SameAs>> keys;
  bool checked;
};
const std::vector<SameItem>& SameAcrossDocuments() {
  static const std::vector<SameItem> kItems = {
      {"Họ tên con", {{"child.full_name", SameAs::kText}, {"child.intended_name", SameAs::kText}}, true},
      {"Ngày sinh của con", {{"child.birth_date", SameAs::kDate}, {"child.birth_datetime", SameAs::kDate}}, true},
      {"Giới tính của con", {{"child.sex", SameAs::kText}}, true},
      {"Nơi sinh", {{"child.birth_place", SameAs::kText}}, true},
      {"Họ tên mẹ", {{"mother.full_name", SameAs::kText}}, true},
      {"Họ tên cha", {{"father.full_name", SameAs::kText}}, true},
      {"Dân tộc của mẹ", {{"mother.ethnicity", SameAs::kText}}, false},
      {"Năm sinh của mẹ", {{"mother.birth_year", SameAs::kYear}, {"mother.birth_date", SameAs::kYear}}, false},
  };
  return kItems;
}

}  // namespace

Date FormsEngine::Now() const { return today ? *today : Today(); }

Status FormsEngine::LoadRules(const std::string& json, const std::string& source) {
  nlohmann::json j = nlohmann::json::parse(json, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    return Status::Error("setup.models_invalid", "Quy tắc không hợp lệ (invalid rules JSON): " + source);
  }
  try {
    for (const auto& c : j.at("id_number").at("province_codes")) id_province_codes.insert(c.get<std::string>());
    mother_age_min = j.at("mother_age_gap_years").at(0).get<int>();
    mother_age_max = j.at("mother_age_gap_years").at(1).get<int>();
    weight_min = j.at("child_weight_grams").at(0).get<int>();
    weight_max = j.at("child_weight_grams").at(1).get<int>();
    count_min = j.at("child_count_in_birth").at(0).get<int>();
    count_max = j.at("child_count_in_birth").at(1).get<int>();
    if (j.contains("family_names")) {
      for (const auto& n : j["family_names"]) {
        std::string name = n.get<std::string>();
        family_names[Fold(name)] = name;
      }
    }
    // Folded -> the spellings that fold so; family names are name
    // syllables too (also used as middle names).
    auto add_folded = [&](const char* list, std::map<std::string, std::vector<std::string>>* to) {
      if (!j.contains(list)) return;
      for (const auto& n : j[list]) {
        std::string name = n.get<std::string>();
        auto& same = (*to)[Fold(name)];
        if (std::find(same.begin(), same.end(), name) == same.end()) same.push_back(name);
      }
    };
    add_folded("family_names", &name_syllables);
    add_folded("name_syllables", &name_syllables);
    add_folded("street_names", &street_names);
  } catch (const nlohmann::json::exception& e) {
    return Status::Error("setup.models_invalid", "Quy tắc không hợp lệ (invalid rules) " + source + ": " + e.what());
  }
  if (id_province_codes.empty()) return Status::Error("setup.models_invalid", "no id_number.province_codes in " + source);
  return Status::Ok();
}

void FormsEngine::Index() {
  all_labels_.clear();
  to_all_.assign(templates.size(), {});
  std::map<std::u32string, int> seen;
  for (size_t t = 0; t < templates.size(); ++t) {
    for (const auto& l : templates[t].labels) {
      auto it = seen.find(l.pattern);
      int index;
      if (it == seen.end()) {
        index = static_cast<int>(all_labels_.size());
        seen[l.pattern] = index;
        Label copy = l;
        copy.line_start = false;
        all_labels_.push_back(copy);
      } else {
        index = it->second;
      }
      // A label is line_start-restricted only if every template says so.
      to_all_[t].push_back(index);
    }
  }
  for (size_t t = 0; t < templates.size(); ++t) {
    for (const auto& l : templates[t].labels) {
      if (l.line_start) all_labels_[to_all_[t][l.id]].line_start = true;
    }
  }
}

std::string FormsEngine::UnitsStatus() const {
  if (!units) return "danh mục đơn vị hành chính chưa được nạp (administrative units not loaded)";
  return "ok";
}

PageClass FormsEngine::ClassifyPage(const std::vector<PreparedLine>& lines) const {
  PageClass pc;
  std::vector<LabelHit> hits = FindLabels(lines, all_labels_);
  std::set<int> found;  // labels printed as labels (not words in running text)
  for (const auto& h : hits) {
    if (h.strong) found.insert(h.label);
  }
  // Each template's best title score, computed once.
  std::vector<double> title_score(templates.size(), 0.0);
  for (size_t t = 0; t < templates.size(); ++t)
    for (const auto& ti : templates[t].titles) title_score[t] = std::max(title_score[t], TitleScore(lines, ti));
  double second_other_type = 0;
  for (size_t t = 0; t < templates.size(); ++t) {
    const Template& tp = templates[t];
    std::set<int> distinct;
    for (int a : to_all_[t]) {
      if (found.count(a)) distinct.insert(a);
    }
    std::set<int> all_distinct(to_all_[t].begin(), to_all_[t].end());
    int n = static_cast<int>(distinct.size());
    double frac = all_distinct.empty() ? 0 : static_cast<double>(n) / all_distinct.size();
    int dn = 0;
    for (int d : tp.distinctive) dn += found.count(to_all_[t][d]) ? 1 : 0;
    double dfrac = tp.distinctive.empty() ? 0 : static_cast<double>(dn) / tp.distinctive.size();
    double score = std::min(1.0, 0.5 * title_score[t] + 0.5 * frac + 0.15 * dfrac);
    std::set<int> field_labels;
    for (const auto& f : tp.fields) {
      for (int l : f.labels) {
        if (found.count(to_all_[t][l])) field_labels.insert(to_all_[t][l]);
      }
    }
    pc.field_hits.push_back(static_cast<int>(field_labels.size()));
    pc.label_hits.push_back(n);
    pc.scores.push_back(score);
    (void)second_other_type;
  }
  // Best template, and the margin over the best of another document type.
  int best = -1;
  for (size_t t = 0; t < templates.size(); ++t) {
    if (best < 0 || pc.scores[t] > pc.scores[best]) best = static_cast<int>(t);
  }
  if (best < 0) return pc;
  double other = 0;
  for (size_t t = 0; t < templates.size(); ++t) {
    if (templates[t].document_type != templates[best].document_type) other = std::max(other, pc.scores[t]);
  }
  const double title = title_score[best];
  const Template& tb = templates[best];
  std::set<int> all_distinct(to_all_[best].begin(), to_all_[best].end());
  double frac = all_distinct.empty() ? 0 : static_cast<double>(pc.label_hits[best]) / all_distinct.size();
  pc.score = pc.scores[best];
  pc.title = title > 0;
  // Without its title (cut off, unreadable) a form needs many of its own
  // labels printed as labels.
  // Or its title read nearly whole as most of its line (0.6: ~3 letters
  // of "TỜ KHAI ĐĂNG KÝ KHAI SINH" misread, as motion blur leaves it), when
  // no other document type's title is there (a page too blurred for its
  // labels; it is also reported unreadable).
  double other_title = 0;
  for (size_t t = 0; t < templates.size(); ++t) {
    if (templates[t].document_type == tb.document_type) continue;
    other_title = std::max(other_title, title_score[t]);
  }
  bool accepted = (title > 0 && frac >= 0.2) || (frac >= 0.35 && pc.field_hits[best] >= 5) ||
                  (title >= 0.6 && other_title == 0);
  // A clear lead over every other document type: by 0.15, or twice its score.
  if (accepted && (pc.score - other >= 0.15 || pc.score >= 2 * other)) pc.template_index = best;
  return pc;
}

bool FormsEngine::RecognisesPage(const OcrResult& reading, const std::vector<OcrResult>* others) const {
  if (ClassifyPage(PrepareLines(reading, 0)).template_index >= 0) return true;
  if (others) {
    for (const OcrResult& other : *others) {
      if (ClassifyPage(PrepareLines(other, 0)).template_index >= 0) return true;
    }
  }
  return false;
}

void FormsEngine::Analyse(const std::vector<AnalysedPage>& pages, std::vector<DocumentAnalysis>* documents,
                          std::vector<Issue>* dossier_issues, bool* needs_review) const {
  documents->clear();
  dossier_issues->clear();
  *needs_review = false;
  std::vector<std::vector<PreparedLine>> lines(pages.size());
  std::vector<bool> recognised_by_other(pages.size(), false);  // not by the kept reading
  std::vector<int> doc_template;  // per document
  for (size_t p = 0; p < pages.size(); ++p) {
    if (pages[p].ocr) lines[p] = PrepareLines(*pages[p].ocr, static_cast<int>(p));
    PageClass pc = ClassifyPage(lines[p]);
    // A page its kept reading leaves unrecognised may be recognised by
    // another reading of it (a retry, smoothed or refocused, that read its
    // title and labels though its words read less confidently overall):
    // the same page, so the same evidence rules. Its fields still come
    // from the kept reading, and from the others where that one fails
    // (TakeFieldsFromOtherReadings); the kept reading having missed the
    // form itself, its birthplace's defects are for review, as on a page
    // reported unreadable (v1515 d0017/1: "..., đường Võ Nguyên Gip, ưng
    // Đông" is OCR's loss, not the certificate's).
    if (pc.template_index < 0 && pages[p].other_readings) {
      for (const OcrResult& other : *pages[p].other_readings) {
        PageClass oc = ClassifyPage(PrepareLines(other, static_cast<int>(p)));
        if (oc.template_index >= 0 && (pc.template_index < 0 || oc.score > pc.score)) {
          pc = std::move(oc);
          recognised_by_other[p] = true;
        }
      }
    }
    bool joined = false;
    if (!pc.title && !documents->empty() && doc_template.back() >= 0) {
      // A continuation page: no title, but the previous form's labels.
      int prev = doc_template.back();
      bool other_better = pc.template_index >= 0 &&
                          templates[pc.template_index].document_type != templates[prev].document_type;
      if (pc.field_hits[prev] >= 3 && !other_better) {
        documents->back().pages.push_back(static_cast<int>(p));
        joined = true;
      }
    }
    if (joined) continue;
    DocumentAnalysis doc;
    doc.pages.push_back(static_cast<int>(p));
    if (pc.template_index >= 0) {
      doc.document_type = templates[pc.template_index].document_type;
      doc.layout = templates[pc.template_index].layout;
      doc.confidence = pc.score;
    } else {
      doc.document_type = "unknown";
      // Sure it is none of the forms only as far as the page could be
      // read: a page OCR read with low confidence is unknown, unsure.
      // Only words with letters or digits count (leader dots are read
      // confidently), and a page with few of them was not read at all.
      int words = 0;
      const double read = pages[p].ocr ? pages[p].ocr->WordConfidence(&words) : 0.0;
      doc.confidence = (1.0 - pc.score) * std::min(1.0, read / 0.8) * std::min(1.0, words / 30.0);
    }
    doc_template.push_back(pc.template_index);
    documents->push_back(std::move(doc));
  }
  for (size_t d = 0; d < documents->size(); ++d) {
    DocumentAnalysis& doc = (*documents)[d];
    if (doc_template[d] < 0) {
      doc.issues.push_back(Issue{"", "info", "document.unrecognised",
                                 "Không nhận dạng được loại giấy tờ (document type not recognised)"});
      continue;
    }
    std::vector<PreparedLine> doc_lines;
    for (size_t k = 0; k < doc.pages.size(); ++k) {
      for (auto line : lines[doc.pages[k]]) {
        line.page = static_cast<int>(k);
        doc_lines.push_back(std::move(line));
      }
    }
    std::vector<bool> unreadable;  // per page of the document
    for (int p : doc.pages)
      unreadable.push_back(pages[p].ocr && (pages[p].ocr->PageConfidence() < kUnreadablePageConfidence ||
                                            recognised_by_other[p]));
    ExtractDocument(templates[doc_template[d]], doc_lines, unreadable, &doc);
    TakeFieldsFromOtherReadings(templates[doc_template[d]], pages, lines, unreadable, &doc);
  }
  AgreeAcrossDocuments(documents);
  ReconcileNames(documents);
  FillIdNumbersOfSamePerson(documents);
  ConfirmBirthPlaceDefects(documents);
  for (const DocumentAnalysis& doc : *documents) {
    for (const auto& [key, f] : doc.fields) {
      if (std::holds_alternative<std::monostate>(f.value) || f.confidence < review_confidence) *needs_review = true;
    }
  }
  CrossCheck(*documents, dossier_issues);
}

bool FormsEngine::KnownSyllable(const std::u32string& word) const {
  const std::string w = ToU8(word);
  auto it = name_syllables.find(Fold(w));
  if (it == name_syllables.end()) return false;
  const std::string key = ToneKey(w);
  for (const std::string& n : it->second)
    if (ToneKey(n) == key) return true;
  return false;
}

// ReconcileNames: a name's marks are taken from the readings that agree on
// them when they outweigh the one that differs by this much.
constexpr double kMarksMajority = 1.5;

void FormsEngine::ReconcileNames(std::vector<DocumentAnalysis>* documents) const {
  if (name_syllables.empty()) return;
  // A person's name: every word a name syllable as marked, each capitalised
  // (a lowercase word inside a name is a speck or a label read into it).
  auto is_name = [&](const std::string& v) {
    const std::vector<std::string> words = SplitTrim(v, ' ');
    if (words.size() < 2) return false;
    for (const std::string& w : words) {
      if (!StartsWithCapital(w) || !KnownSyllable(ToU32(w))) return false;
    }
    return true;
  };
  static const std::vector<std::vector<const char*>> kPeople = {
      {"child.full_name", "child.intended_name"}, {"mother.full_name"}, {"father.full_name"}};
  for (const auto& keys : kPeople) {
    struct Reading {
      Field* field;
      std::string value;
      std::u32string folded;  // CaseSpaceFold(value)
      bool name;
      const DocumentAnalysis* doc = nullptr;
      std::string letters;  // Fold(value): the name with its marks dropped
    };
    std::vector<Reading> readings;
    for (DocumentAnalysis& d : *documents) {
      for (const char* k : keys) {
        auto it = d.fields.find(k);
        if (it == d.fields.end() || !std::holds_alternative<std::string>(it->second.value)) continue;
        const std::string& v = std::get<std::string>(it->second.value);
        readings.push_back(Reading{&it->second, v, ToU32(CaseSpaceFold(v)), is_name(v), &d, Fold(v)});
        break;
      }
    }
    for (Reading& r : readings) {
      if (r.name) continue;
      // The names the other documents give a few letters from this reading.
      const int near = std::max(2, static_cast<int>(r.folded.size()) / 4);
      std::set<std::u32string> names;
      const Reading* from = nullptr;
      for (const Reading& o : readings) {
        if (!o.name || o.folded == r.folded || EditDistance(r.folded, o.folded, near) > near) continue;
        names.insert(o.folded);
        from = &o;
      }
      if (names.size() != 1) continue;
      if (!r.field->corrected_from) r.field->corrected_from = r.value;
      r.field->value = from->value;
      r.field->confidence = std::min(r.field->confidence, from->field->confidence);
      r.value = from->value;  // as corrected, for the marks' vote below
      r.name = true;
      r.folded = from->folded;
      r.letters = from->letters;
    }
    // Names as marked that differ in their marks only. Two documents may
    // differ so on paper (THU, THƯ: both stand, and disagree); one document
    // naming the same person twice does not (u6464 d0035: the mother "THƯ",
    // the requester "THU", the residence form's applicant "THU"). So a
    // reading is taken to be OCR's misreading of a mark when its own
    // document gives the person's name otherwise, and that other variant is
    // read by two or more readings outweighing its own by kMarksMajority in
    // summed confidence. The person's name read elsewhere on the forms (the
    // requester, the residence form's applicant) counts when its letters
    // are the same.
    std::vector<Reading> votes = readings;
    for (DocumentAnalysis& d : *documents) {
      for (const char* k : {"requester.full_name", "applicant.full_name"}) {
        auto it = d.fields.find(k);
        if (it == d.fields.end() || !std::holds_alternative<std::string>(it->second.value)) continue;
        const std::string& v = std::get<std::string>(it->second.value);
        const std::string letters = Fold(v);
        if (!is_name(v) || std::none_of(readings.begin(), readings.end(),
                                        [&](const Reading& r) { return r.letters == letters; })) {
          continue;
        }
        votes.push_back(Reading{&it->second, v, ToU32(CaseSpaceFold(v)), true, &d, letters});
      }
    }
    for (Reading& r : votes) {
      if (!r.name) continue;
      // folded as marked -> how many readings give it, their confidence
      std::map<std::u32string, std::pair<int, double>> variants;
      for (const Reading& o : votes) {
        if (!o.name || o.letters != r.letters) continue;
        ++variants[o.folded].first;
        variants[o.folded].second += o.field->confidence;
      }
      auto win = std::max_element(variants.begin(), variants.end(),
                                  [](const auto& a, const auto& b) { return a.second.second < b.second.second; });
      if (win->first == r.folded || win->second.first < 2 ||
          win->second.second < kMarksMajority * variants[r.folded].second ||
          std::none_of(votes.begin(), votes.end(),
                       [&](const Reading& o) { return o.doc == r.doc && o.folded == win->first; })) {
        continue;
      }
      const Reading& from = *std::find_if(votes.begin(), votes.end(), [&](const Reading& o) { return o.folded == win->first; });
      // The marks taken, word by word; each word kept in the case it was
      // printed in.
      const std::vector<std::string> mine = SplitTrim(r.value, ' '), theirs = SplitTrim(from.value, ' ');
      if (mine.size() != theirs.size()) continue;
      std::string value;
      for (size_t i = 0; i < mine.size(); ++i) value += (i ? " " : "") + InCaseOf(mine[i], theirs[i]);
      if (!r.field->corrected_from) r.field->corrected_from = r.value;
      r.field->value = value;
      r.field->confidence = std::min(r.field->confidence, from.field->confidence);
    }
  }
}

void FormsEngine::TakeFieldsFromOtherReadings(const Template& t, const std::vector<AnalysedPage>& pages,
                                              const std::vector<std::vector<PreparedLine>>& lines,
                                              const std::vector<bool>& unreadable, DocumentAnalysis* doc) const {
  // Missing, or flagged an error (a 13-digit identification number, a
  // month 92): what OCR may have misread. An address's defects are what it
  // says (a birthplace without its province) unless it was not read at all.
  auto flawed = [&](const DocumentAnalysis& d, const FieldSpec& spec) {
    auto it = d.fields.find(spec.key);
    if (it == d.fields.end() || std::holds_alternative<std::monostate>(it->second.value)) return true;
    return spec.type != "address" && HasErrorOn(d, spec.key);
  };
  // A value another reading gives with less confidence than this is what
  // it made of specks or a stamp, valid in form only ("ch sa" for a name
  // left blank). Hard photos of three tuned sets (k777, p3141, m2468): such
  // values read at 0.30-0.36, the right ones at 0.77 and above.
  constexpr double kOtherReadingMinConfidence = 0.5;
  // Wanted too: a valid value read with less confidence than that (its
  // label found only by the wider search or inferred from its neighbours,
  // both at half confidence; a blurred word). Only a value much like it
  // (at most a third of its letters differing: "Lê Phương Lan" for "Lê
  // Phượng Lan") replaces it, not another reading's line put under its
  // label ("Kø+h Quốc tt Việt MNaem" for "Kinh").
  // And a valid, confident value that two other readings agree against,
  // giving another valid value, the same, and none giving it (a digit of
  // an identification number misread in the kept reading only).
  // And an address naming a commune the unit list does not have, or not
  // in its province ("phường Cẩm Thịnh" read for Cẩm Thành): a value much
  // like it that another reading gives with fewer issues on it.
  struct Wanted {
    const FieldSpec* spec;
    bool only_unsure;  // valid, but read with little confidence
    bool outvoted;     // valid and confident: only another value two readings agree on
    bool unit_flagged = false;  // an address with a commune the unit list denies
  };
  auto unit_flagged = [&](const FieldSpec& spec) {
    return spec.type == "address" && std::any_of(doc->issues.begin(), doc->issues.end(), [&](const Issue& i) {
             return i.field == spec.key &&
                    (i.code == "birth_place.unknown_commune" || i.code == "birth_place.commune_not_in_province");
           });
  };
  std::vector<Wanted> wanted;
  for (const FieldSpec& spec : t.fields) {
    auto it = doc->fields.find(spec.key);
    if (it == doc->fields.end()) continue;
    const bool bad = flawed(*doc, spec);
    if (bad || it->second.confidence < kOtherReadingMinConfidence) wanted.push_back(Wanted{&spec, !bad, false});
    else if (unit_flagged(spec)) wanted.push_back(Wanted{&spec, true, false, true});
    else if (!spec.internal) wanted.push_back(Wanted{&spec, false, true});
  }
  size_t readings = 0;
  for (int p : doc->pages) {
    if (pages[p].other_readings) readings = std::max(readings, pages[p].other_readings->size());
  }
  if (readings == 0) return;
  // The document read from each page's k-th other reading (its own reading
  // where it has fewer).
  std::vector<DocumentAnalysis> others(readings);
  for (size_t k = 0; k < readings; ++k) {
    std::vector<PreparedLine> doc_lines;
    for (size_t i = 0; i < doc->pages.size(); ++i) {
      const int p = doc->pages[i];
      const std::vector<OcrResult>* more = pages[p].other_readings;
      std::vector<PreparedLine> page_lines = more && k < more->size() ? PrepareLines((*more)[k], p) : lines[p];
      for (auto& line : page_lines) {
        line.page = static_cast<int>(i);
        doc_lines.push_back(std::move(line));
      }
    }
    others[k].pages = doc->pages;
    ExtractDocument(t, doc_lines, unreadable, &others[k]);
  }
  auto text = [](const FieldValue& v) {
    return std::holds_alternative<std::string>(v) ? std::get<std::string>(v)
                                                   : std::to_string(std::get<std::int64_t>(v));
  };
  // Read where the kept reading read another field validly and with
  // confidence: that field's value under a label misplaced (a reading
  // that took the mother's line for the father's, on a form with no
  // father: p6262 d0011).
  auto read_elsewhere = [&](const FieldSpec* spec, const Field& f) {
    for (const FieldSpec& other : t.fields) {
      // Not a field only for checking this one (its date in words).
      if (&other == spec || other.internal) continue;
      const auto it = doc->fields.find(other.key);
      if (it == doc->fields.end()) continue;
      const Field& mine = it->second;
      if (flawed(*doc, other) || mine.confidence < kOtherReadingMinConfidence || mine.page != f.page) continue;
      const cv::Rect a = ToRect(mine.box), b = ToRect(f.box);
      const double inter = (a & b).area();
      if (inter > 0.5 * std::min(a.area(), b.area())) return true;
    }
    return false;
  };
  // Every value another reading reads validly (with some confidence, not
  // under another field's label), for the agreement across documents.
  // (Judged against the kept fields as they stand here. The fields wanted
  // below are judged again as they go, against the values taken so far:
  // g1414 d0044's mother's year, taken from another reading, marks the
  // line that reading's father's year, 1989 too, was read from.)
  for (const FieldSpec& spec : t.fields) {
    if (spec.internal) continue;
    for (const DocumentAnalysis& o : others) {
      const auto it = o.fields.find(spec.key);
      if (it == o.fields.end() || flawed(o, spec) || it->second.confidence < kAlternativeMinConfidence ||
          read_elsewhere(&spec, it->second))
        continue;
      DocumentAnalysis::Alternative alt{it->second, {}};
      for (const Issue& i : o.issues) {
        if (i.field == spec.key) alt.issues.push_back(i);
      }
      doc->alternatives[spec.key].push_back(std::move(alt));
    }
  }
  for (const Wanted& w : wanted) {
    const FieldSpec* spec = w.spec;
    const bool only_unsure = w.only_unsure;
    // The value most other readings give validly; on a tie, the most
    // confidently read.
    std::map<std::string, int> votes;
    const bool near_mine = only_unsure || w.outvoted;  // only a value much like the kept one
    const std::u32string mine = near_mine ? ToU32(Fold(text(doc->fields.at(spec->key).value))) : U"";
    auto like_mine = [&](const Field& f) {
      const std::u32string theirs = ToU32(Fold(text(f.value)));
      const int most = static_cast<int>(std::max(mine.size(), theirs.size())) / 3;
      return EditDistance(mine, theirs, most) <= most;
    };
    auto usable = [&](const DocumentAnalysis& o) {
      const Field& f = o.fields.at(spec->key);
      return !flawed(o, *spec) && f.confidence >= kOtherReadingMinConfidence && (!near_mine || like_mine(f)) &&
             !read_elsewhere(spec, f);
    };
    std::vector<const DocumentAnalysis*> giving;  // the readings usable for it
    for (const DocumentAnalysis& o : others) {
      if (!usable(o)) continue;
      giving.push_back(&o);
      ++votes[text(o.fields.at(spec->key).value)];
    }
    const DocumentAnalysis* best = nullptr;
    for (const DocumentAnalysis* o : giving) {
      if (!best) {
        best = o;
        continue;
      }
      const Field& f = o->fields.at(spec->key);
      const Field& b = best->fields.at(spec->key);
      const int fv = votes[text(f.value)], bv = votes[text(b.value)];
      if (fv > bv || (fv == bv && f.confidence > b.confidence)) best = o;
    }
    if (!best) continue;
    auto issues_on = [&](const DocumentAnalysis& d) {
      return std::count_if(d.issues.begin(), d.issues.end(), [&](const Issue& i) { return i.field == spec->key; });
    };
    if (w.outvoted) {
      // (No reading giving the kept value, the best one gives another.)
      const std::string kept = text(doc->fields.at(spec->key).value), theirs = text(best->fields.at(spec->key).value);
      if (votes.count(kept) || votes.at(theirs) < 2) continue;
      // Nor when it says more is wrong ("xã Quảng Sơn; bản Phú Cường" read
      // twice with a semicolon: a street missing).
      if (issues_on(*best) > issues_on(*doc)) continue;
    }
    if (w.unit_flagged && issues_on(*best) >= issues_on(*doc)) continue;
    doc->fields[spec->key] = best->fields.at(spec->key);
    DropIssuesOf(spec->key, &doc->issues);
    for (const Issue& i : best->issues) {
      if (i.field == spec->key) doc->issues.push_back(i);
    }
  }
}

namespace {

// A long label of field `fi` (a budget of kRelaxedLabelMinBudget or more)
// that OCR misread past its budget ("túo, chữ đóa, tên aguười yêu câu,"
// for "Họ, chữ đệm, tên người yêu cầu:"), looked for with twice the budget
// only where the form prints it: between the fields found before and
// after it in printed order (`field_hit`), after the one and before the
// other, looking like a label (beginning its line or before a ':'), and
// clear of every label taken. Its value is read with half confidence, as
// an inferred label's.
std::optional<LabelHit> WiderLabelHit(const Template& t, size_t fi, const std::vector<PreparedLine>& lines,
                                      const std::vector<const LabelHit*>& field_hit) {
  const LabelHit* before = nullptr;
  const LabelHit* after = nullptr;
  for (size_t fj = fi; fj-- > 0 && !before;) before = field_hit[fj];
  for (size_t fj = fi + 1; fj < t.fields.size() && !after; ++fj) after = field_hit[fj];
  const int first = before ? before->line : 0;
  const int last = after ? after->line : static_cast<int>(lines.size()) - 1;
  std::vector<Label> wider;
  for (int l : t.fields[fi].labels) {
    if (t.labels[l].budget < kRelaxedLabelMinBudget) continue;
    wider.push_back(t.labels[l]);
    wider.back().budget *= 2;
  }
  if (wider.empty() || last < first) return std::nullopt;
  std::optional<LabelHit> best;
  for (const LabelHit& h : FindLabels(lines, wider, first, last)) {
    if (!h.strong || (before && h.line == before->line && h.begin < before->end) ||
        (after && h.line == after->line && h.end > after->begin))
      continue;
    bool clear = true;
    for (const LabelHit* o : field_hit)
      clear = clear && (!o || o->line != h.line || h.end <= o->begin || o->end <= h.begin);
    if (clear && (!best || h.score > best->score)) best = h;
  }
  if (best) best->label = t.fields[fi].labels[0];
  return best;
}

}  // namespace

// A name that ran past its line ends on the next one (a long label leaves
// it little room: "NGUYỄN PHƯƠNG THÙY" / "ANH"): that line is a word or two,
// each a name syllable, capitalised, in capitals where the name is.
bool FormsEngine::NameGoesOn(const std::string& name, const std::string& line) const {
  const std::vector<std::string> words = SplitTrim(CleanValue(line), ' ');
  const std::vector<std::string> before = SplitTrim(CleanValue(name), ' ');
  if (name_syllables.empty() || words.empty() || words.size() > 2 || before.empty()) return false;
  const bool capitals = InCapitals(before.back());
  return std::all_of(words.begin(), words.end(), [&](const std::string& w) {
    return StartsWithCapital(w) && KnownSyllable(ToU32(w)) && (!capitals || InCapitals(w) || ToU32(w).size() == 1);
  });
}

void FormsEngine::ExtractDocument(const Template& t, const std::vector<PreparedLine>& lines,
                                  const std::vector<bool>& unreadable_pages, DocumentAnalysis* doc) const {
  std::vector<LabelHit> hits = FindLabels(lines, t.labels);
  // Labels with the same folded spelling are one label (a hit may carry
  // any of their ids).
  std::vector<int> canonical(t.labels.size());
  for (size_t a = 0; a < t.labels.size(); ++a) {
    canonical[a] = static_cast<int>(a);
    for (size_t b = 0; b < a; ++b) {
      if (t.labels[b].pattern == t.labels[a].pattern) {
        canonical[a] = canonical[b];
        break;
      }
    }
  }
  auto field_has = [&](size_t fi, int label) {
    for (int l : t.fields[fi].labels) {
      if (canonical[l] == canonical[label]) return true;
    }
    return false;
  };
  // Hits per line, for value boundaries.
  std::vector<std::vector<const LabelHit*>> by_line(lines.size());
  for (const auto& h : hits) by_line[h.line].push_back(&h);
  // Title lines never continue a value.
  std::vector<bool> title_line(lines.size(), false);
  for (const auto& ti : t.titles) {
    for (size_t i = 0; i < lines.size(); ++i) {
      if (TitleScore({lines[i]}, ti) > 0) title_line[i] = true;
    }
  }
  // A label printed once on the form is taken wherever it is found; one
  // printed for several fields ("Năm sinh" of the mother, then of the
  // father) is taken after the previous field found, in printed order.
  std::vector<bool> shared(t.fields.size(), false);
  for (size_t a = 0; a < t.fields.size(); ++a) {
    for (size_t b = 0; b < t.fields.size(); ++b) {
      if (a == b) continue;
      for (int la : t.fields[a].labels) {
        for (int lb : t.fields[b].labels) shared[a] = shared[a] || t.labels[la].pattern == t.labels[lb].pattern;
      }
    }
  }
  std::map<std::string, double> min_confidence;  // per field: its least confident word
  std::vector<bool> used(hits.size(), false);
  std::vector<const LabelHit*> field_hit(t.fields.size(), nullptr);
  std::vector<size_t> hit_index(t.fields.size(), hits.size());
  auto take = [&](size_t fi, size_t from, size_t to) {
    for (size_t i = from; i < to; ++i) {
      if (!used[i] && field_has(fi, hits[i].label)) {
        field_hit[fi] = &hits[i];
        hit_index[fi] = i;
        used[i] = true;
        return;
      }
    }
  };
  // A label printed once but found more than once ("Họ. chữ đệm. tên
  // người coc", the mother's misread, is two letters from the father's;
  // o7474 d0005/3): the first found, unless both are printed as labels
  // and a later one is read with fewer edits. (A table's header cell
  // holding the label's words is no label printed as one.)
  auto take_best = [&](size_t fi) {
    int best = -1;
    for (size_t i = 0; i < hits.size(); ++i) {
      if (used[i] || !field_has(fi, hits[i].label)) continue;
      const LabelHit* b = best < 0 ? nullptr : &hits[static_cast<size_t>(best)];
      if (!b || (b->strong && hits[i].strong && hits[i].cost < b->cost)) best = static_cast<int>(i);
    }
    if (best >= 0) take(fi, static_cast<size_t>(best), static_cast<size_t>(best) + 1);
  };
  for (size_t fi = 0; fi < t.fields.size(); ++fi) {
    if (!shared[fi]) take_best(fi);
  }
  // A shared label is also taken before the next field of its own label
  // found after it: the mother's "Năm sinh" lost, the father's is not hers.
  size_t cursor = 0;
  for (size_t fi = 0; fi < t.fields.size(); ++fi) {
    if (shared[fi]) {
      size_t limit = hits.size();
      for (size_t fj = fi + 1; fj < t.fields.size(); ++fj) {
        if (!shared[fj] && field_hit[fj] && hit_index[fj] >= cursor) {
          limit = hit_index[fj];
          break;
        }
      }
      take(fi, cursor, limit);
    }
    if (field_hit[fi]) cursor = hit_index[fi] + 1;
  }
  // Labels misread past their budget, found by a wider search where the
  // form prints them (WiderLabelHit).
  std::vector<LabelHit> relaxed;
  relaxed.reserve(t.fields.size());  // field_hit points into it
  // Per field: its label was not read as printed but found by the wider
  // search or inferred below; its value is read with half confidence.
  std::vector<bool> label_guessed(t.fields.size(), false);
  for (size_t fi = 0; fi < t.fields.size(); ++fi) {
    if (field_hit[fi] || t.fields[fi].internal) continue;
    const std::optional<LabelHit> wider = WiderLabelHit(t, fi, lines, field_hit);
    if (!wider) continue;
    relaxed.push_back(*wider);
    field_hit[fi] = &relaxed.back();
    label_guessed[fi] = true;
    // It stands for the unread label hits it overlaps, as values' bounds go.
    const LabelHit& r = relaxed.back();
    auto& on_line = by_line[r.line];
    on_line.erase(std::remove_if(on_line.begin(), on_line.end(),
                                 [&](const LabelHit* o) { return o->begin < r.end && r.begin < o->end; }),
                  on_line.end());
    on_line.insert(std::upper_bound(on_line.begin(), on_line.end(), &r,
                                    [](const LabelHit* a, const LabelHit* b) { return a->begin < b->begin; }),
                   &r);
  }
  // Labels OCR could not read. When the fields printed just before and
  // just after a run of k of them were found with exactly k lines between
  // (leaving out title lines, and lines of leader dots only), none of them
  // holding a label, those lines hold them in printed order; each value
  // follows its line's first ':' in the line's first half, or else where
  // the label reads best in the line, however badly ("Quay. thếng, ni ước
  // 27/12/1969" for "Ngày, tháng, năm sinh: 27/12/1999"). Or, when the
  // field after a single one was found on a later line than the one
  // before, with text ahead of its label and no other label there ("Mới
  // tỉnh: Nam Dân tộc: Kinh"), that text holds it, its value after the
  // first ':'. Such values are read with half confidence, so that the
  // dossier is reviewed.
  std::vector<LabelHit> inferred(t.fields.size());
  auto infer = [&](size_t fi, int line, int end) {
    LabelHit& h = inferred[fi];
    h.line = line;
    h.begin = 0;
    h.end = end;
    h.label = t.fields[fi].labels[0];
    label_guessed[fi] = true;
    field_hit[fi] = &h;
  };
  // Where field fi's label ends on line li, read however badly: after its
  // best alignment (with its colon) near the line's start, at most half
  // its letters wrong; or else after the first ':' in the line's first half.
  auto label_end = [&](size_t fi, int li) {
    int best = -1;
    double best_score = -1e9;
    for (int l : t.fields[fi].labels) {
      Label loose = t.labels[l];
      if (loose.pattern.back() != U':') loose.pattern += U':';
      loose.budget = std::max(loose.budget, static_cast<int>(loose.pattern.size()) / 2);
      for (const LabelHit& h : FindLabels(lines, {loose}, li, li)) {
        int letters_before = 0;
        for (int x = 0; x < h.begin; ++x) letters_before += IsLetter(lines[li].fold[x]) ? 1 : 0;
        if (letters_before <= 2 && h.score > best_score) best_score = h.score, best = h.end;
      }
    }
    const std::u32string& text = lines[li].text;
    if (best >= 0) {
      // The rest of a word the alignment ended in ("Nơi £ư tệ." aligned up
      // to its "t"), and a colon as read after it, are the label's.
      const int n = static_cast<int>(text.size());
      while (best > 0 && best < n && IsLetter(text[best - 1]) && IsLetter(text[best])) ++best;
      if (best < n && std::u32string_view(U":;.,").find(text[best]) != std::u32string_view::npos) ++best;
      return best;
    }
    const size_t colon = text.find(U':');
    return colon != std::u32string::npos && colon <= text.size() / 2 ? static_cast<int>(colon) + 1 : -1;
  };
  auto dots_only = [&](int li) { return CleanValue(CutLeaders(ToU8(lines[li].text))).empty(); };
  for (size_t fi = 1; fi < t.fields.size();) {
    size_t fj = fi;
    while (fj < t.fields.size() && !field_hit[fj] && !t.fields[fj].internal) ++fj;
    if (fj == fi) {
      ++fi;
      continue;
    }
    const LabelHit* before = field_hit[fi - 1];
    const LabelHit* after = fj < t.fields.size() ? field_hit[fj] : nullptr;
    const size_t k = fj - fi;
    const size_t run = fi;
    fi = fj;
    if (!before || !after || after->line <= before->line || lines[after->line].page != lines[before->line].page)
      continue;
    // (Counted after the form's title when it lies between: the header's
    // lines above it hold no field.)
    int from = before->line + 1;
    for (int li = from; li < after->line; ++li) {
      if (title_line[li]) from = li + 1;
    }
    std::vector<int> between;
    bool clear = true;
    for (int li = from; li < after->line && clear; ++li) {
      if (dots_only(li)) continue;
      clear = by_line[li].empty();
      between.push_back(li);
    }
    if (clear && between.size() == k) {
      for (size_t i = 0; i < k; ++i) {
        const int end = label_end(run + i, between[i]);
        if (end >= 0) infer(run + i, between[i], end);
      }
    }
    if (k != 1 || field_hit[run] || after->begin == 0 || by_line[after->line].front() != after) continue;
    const size_t colon = lines[after->line].text.find(U':');
    if (colon != std::u32string::npos && static_cast<int>(colon) + 2 < after->begin)
      infer(run, after->line, static_cast<int>(colon) + 1);
  }
  // An inferred label is one of its line's labels, as values' bounds go.
  for (size_t fi = 0; fi < t.fields.size(); ++fi) {
    if (inferred[fi].label < 0) continue;
    auto& on_line = by_line[inferred[fi].line];
    on_line.insert(std::upper_bound(on_line.begin(), on_line.end(), &inferred[fi],
                                    [](const LabelHit* a, const LabelHit* b) { return a->begin < b->begin; }),
                   &inferred[fi]);
  }
  for (size_t fi = 0; fi < t.fields.size(); ++fi) {
    const FieldSpec& spec = t.fields[fi];
    const LabelHit* hit = field_hit[fi];
    Field field;
    std::string label = LabelName(t, spec);
    if (!hit) {
      if (spec.internal) continue;
      field.confidence = 0;
      doc->fields[spec.key] = field;
      doc->issues.push_back(Issue{spec.key, "warning", "field.unreadable",
                                  "Không tìm thấy mục \"" + label + "\" (field label not found)"});
      continue;
    }
    // The value: rest of the label's line up to the next label.
    std::vector<Span> spans;
    const auto& same = by_line[hit->line];
    int end = static_cast<int>(lines[hit->line].text.size());
    bool cut = false;
    for (const LabelHit* h : same) {
      // A place's name a letter off a label inside the value ("Xã Nam
      // Ninh," for "Năm sinh"; generated k3131 d0010) is no label: one
      // matched inexactly, neither before a ':' nor taken by a field.
      if (h->begin >= hit->end && !h->strong && h->cost > 0 &&
          std::find(field_hit.begin(), field_hit.end(), h) == field_hit.end())
        continue;
      if (h->begin >= hit->end) {
        end = h->begin;
        cut = true;
        break;
      }
    }
    // A label matched short of its end ("chủ hệ" read for "chủ hộ" leaves
    // "ệ:"): up to three letters and the colon right after it are the
    // label's, not the value's.
    int value_begin = hit->end;
    {
      const std::u32string& t = lines[hit->line].text;
      int k = value_begin;
      while (k < end && k - value_begin < 3 && IsLetter(t[k])) ++k;
      if (k > value_begin && k < end &&
          (t[k] == U':' || (std::u32string_view(U";.,").find(t[k]) != std::u32string_view::npos &&
                            (k + 1 == end || t[k + 1] == U' '))))
        value_begin = k + 1;
      // Its closing bracket or colon misread ("nghị(2}", "(2]:", or apart
      // from it, "nghị(2 }"; generated o7474 d0017): up to two such marks
      // before a space are the label's too.
      const int marks_from = value_begin + (value_begin + 1 < end && t[value_begin] == U' ' ? 1 : 0);
      k = marks_from;
      while (k < end && k - marks_from < 2 && std::u32string_view(U")]}|:;").find(t[k]) != std::u32string_view::npos) ++k;
      if (k > marks_from && (k == end || t[k] == U' ')) value_begin = k;
    }
    spans.push_back(Span{hit->line, value_begin, end});
    // Narrows a span to its value: leaders and the noise OCR makes of them
    // are cut off. Returns the value text; *ended is set when something was
    // cut after it (a value followed by a leader does not continue).
    auto trim_span = [&](Span* s, bool* ended) {
      size_t b = 0, e = 0;
      std::u32string whole = lines[s->line].text.substr(s->begin, s->end - s->begin);
      std::string v = CutLeaders(ToU8(whole), &b, &e);
      if (spec.type == "address") v = BridgeAddressLeaders(whole, v, &e);
      size_t tail = e;
      while (tail < whole.size() && (whole[tail] == U' ' || whole[tail] == U',' )) ++tail;
      // A lone stroke or speck closing the line (a table's rule, the page's
      // edge or fold: "..., Phường Tân |", "phường Láng :") is no leader.
      if (tail + 1 == whole.size() && std::u32string_view(U"|!]:").find(whole[tail]) != std::u32string_view::npos &&
          tail > 0 && whole[tail - 1] == U' ')
        tail = whole.size();
      // An address ending in a comma, or in a unit's kind without its name
      // ("..., tỉnh _" / "Gia Lai"), goes on on the next line.
      const bool goes_on = spec.type == "address" && !v.empty() && (v.back() == ',' || EndsInUnitKind(v));
      if (ended) *ended = tail < whole.size() && !goes_on;
      int from = s->begin;
      s->begin = from + static_cast<int>(b);
      s->end = std::max(s->begin, from + static_cast<int>(e));
      return v;
    };
    bool ended = false;
    std::string raw = trim_span(&spans[0], &ended);
    if (cut) {
      static const std::regex numbering(R"(^(.*\S)\s+\(?\d{1,2}[.)]\s*$)");
      std::smatch m;
      if (std::regex_match(raw, m, numbering)) {
        raw = m[1];
        spans[0].end = spans[0].begin + static_cast<int>(ToU32(raw).size());
      }
    }
    int next = hit->line + 1;
    auto usable = [&](int li) {
      return li < static_cast<int>(lines.size()) && lines[li].page == lines[hit->line].page && !title_line[li];
    };
    if (CleanValue(raw).empty() && spec.next_line && usable(next)) {
      int e = static_cast<int>(lines[next].text.size());
      if (!by_line[next].empty()) e = by_line[next].front()->begin;
      Span s{next, 0, e};
      bool next_ended = false;
      std::string v = trim_span(&s, &next_ended);
      if (!CleanValue(v).empty()) {
        spans = {s};
        raw = v;
        cut = !by_line[next].empty();
        ended = next_ended;
        ++next;
      }
    }
    // An address that already ends with a province is complete.
    auto ends_with_province = [&](const std::string& v) {
      if (spec.type != "address" || !units) return false;
      std::vector<std::string> parts = SplitTrim(CleanValue(v), ',');
      if (parts.empty()) return false;
      std::string f = Fold(parts.back());
      UnitMatch m;
      if (f.rfind("tinh ", 0) == 0) return units->MatchProvince(parts.back(), true, &m);
      // "thành phố Thanh Hóa" was a city inside a province: only a
      // centrally-run city ends the address.
      return f.rfind("thanh pho ", 0) == 0 && units->MatchProvince(parts.back(), true, &m) &&
             Fold(m.name).rfind("thanh pho ", 0) == 0;
    };
    // A line of OCR noise (a smudge, a stamp) between a value and its
    // continuation: of its tokens that are not leader dots, fewer than two
    // in three are words.
    auto noise_line = [&](int li) {
      int words = 0, tokens = 0;
      for (const auto& t : SplitTrim(CutLeaders(ToU8(lines[li].text)), ' ')) {
        std::u32string u = ToU32(t);
        while (!u.empty() && !IsLetter(u.back()) && !IsDigit(u.back())) u.pop_back();
        while (!u.empty() && !IsLetter(u.front()) && !IsDigit(u.front())) u.erase(0, 1);
        bool alnum = false, word = u.size() >= 2;
        for (char32_t c : u) {
          alnum = alnum || IsLetter(c) || IsDigit(c);
          word = word && (IsLetter(c) || IsDigit(c) || c == U'/' || c == U'\'');
        }
        tokens += alnum ? 1 : 0;
        words += word ? 1 : 0;
      }
      if (tokens == 0) {  // everything cut as leader noise, yet not a dotted line
        for (char32_t c : lines[li].text) {
          if (IsLetter(c) || IsDigit(c)) return true;
        }
        return false;
      }
      return words * 3 < tokens * 2;
    };
    // A line with a label on it holds another field: not a continuation.
    // Not a label no field took that neither begins its line nor comes
    // before a ':' — a place's name one letter off a label ("Phường Nam
    // Định" under "Năm sinh").
    auto holds_label = [&](int li) {
      for (const LabelHit* h : by_line[li]) {
        if (h->strong || std::find(field_hit.begin(), field_hit.end(), h) != field_hit.end()) return true;
      }
      return false;
    };
    if (!cut && !ended && !ends_with_province(raw)) {
      bool skipped = false;
      for (int k = 0; k < spec.continues && usable(next) && !holds_label(next); ++k, ++next) {
        if (noise_line(next)) {
          if (skipped || !usable(next + 1)) break;
          skipped = true;  // one noise line may lie between the parts
          --k;
          continue;
        }
        Span s{next, 0, static_cast<int>(lines[next].text.size())};
        bool more_ended = false;
        std::string v = trim_span(&s, &more_ended);
        if (CleanValue(v).empty()) {
          // A line of leader dots alone, the form's dotted line read apart
          // from the words typed over it ("phường Láng :" / ". . . . ." /
          // "Tròn, tỉnh Cà Mau": generated t2461 d0020), lies between the
          // parts as a noise line may.
          if (spec.type != "address" || skipped || !usable(next + 1) || holds_label(next + 1)) break;
          skipped = true;
          --k;
          continue;
        }
        if (spec.type == "name" && !NameGoesOn(raw, v)) break;
        spans.push_back(s);
        raw += " " + v;
        if (more_ended || ends_with_province(raw)) break;
      }
    }
    // Confidence and box from the words under the value.
    double conf_sum = 0, conf_min = 1.0;
    int conf_n = 0;
    cv::Rect box;
    for (const Span& s : spans) {
      const PreparedLine& pl = lines[s.line];
      for (size_t w = 0; w < pl.words.size(); ++w) {
        auto [wb, we] = pl.word_spans[w];
        if (we <= s.begin || wb >= s.end) continue;
        const OcrWord& ow = pl.ocr->words[pl.words[w]];
        if (!HasLetterOrDigit(ow.text)) continue;
        conf_sum += ow.confidence;
        conf_min = std::min(conf_min, static_cast<double>(ow.confidence));
        ++conf_n;
        box = box.area() == 0 ? ow.box : (box | ow.box);
      }
      if (pl.words.empty()) {
        conf_sum += 1.0;
        ++conf_n;
        box = box.area() == 0 ? pl.box : (box | pl.box);
      }
    }
    field.page = lines[hit->line].page;
    field.confidence = (conf_n ? conf_sum / conf_n : 0.0) * (label_guessed[fi] ? 0.5 : 1.0);
    min_confidence[spec.key] = conf_n ? conf_min : 0.0;
    field.box = ToBox(box.area() == 0 ? lines[hit->line].box : box);
    std::string text = CleanValue(raw);
    // What OCR makes of an empty dotted line ("c", "2c", "óc - c", "10 10
    // 10") is not a value: a name needs two words of letters and a capital
    // (printed names are capitalised: "iệ người" is specks and a label's
    // word), any value a run of two letters or digits, a code its digits.
    {
      std::u32string u = ToU32(text);
      int letter_words = 0, digits = 0, run = 0, best_run = 0;
      bool has_digit_word = false, capitalised = false;
      for (const auto& w : SplitTrim(text, ' ')) {
        std::u32string wu = ToU32(w);
        const auto letter = std::find_if(wu.begin(), wu.end(), IsLetter);
        capitalised = capitalised || (letter != wu.end() && u_isupper(static_cast<UChar32>(*letter)));
        bool letters = wu.size() >= 2;
        for (char32_t c : wu) letters = letters && IsLetter(c);
        letter_words += letters ? 1 : 0;
        for (char32_t c : wu) has_digit_word = has_digit_word || IsDigit(c);
      }
      for (char32_t c : u) {
        digits += IsDigit(c) ? 1 : 0;
        run = (IsLetter(c) || IsDigit(c)) ? run + 1 : 0;
        best_run = std::max(best_run, run);
      }
      // (A count its parser reads, such as a one read as a lone I, l or |,
      // is a value.)
      std::int64_t count = 0;
      const bool parses_as_count = spec.type == "integer" && ParseCount(text, &count);
      bool noise = (best_run < 2 && digits == 0 && !parses_as_count) || digits < spec.min_digits ||
                   (spec.type == "name" && (letter_words < 2 || has_digit_word || !capitalised));
      if (noise) text.clear();
    }
    auto unreadable = [&](const std::string& why) {
      field.value = std::monostate{};
      doc->issues.push_back(Issue{spec.key, "warning", "field.unreadable",
                                  "Không đọc được \"" + label + "\"" + (why.empty() ? "" : ": \"" + why + "\"") +
                                      " (field blank or unreadable)"});
    };
    if (text.empty()) {
      unreadable("");
    } else if (spec.type == "date_words") {
      Date d;
      if (ParseDateInWords(text, &d)) {
        d.year = std::max(d.year, 0);  // 0: its words unread
        field.value = IsoDate(d);
      } else {
        unreadable(text);
      }
    } else if (spec.type == "date" || spec.type == "datetime") {
      Date d;
      bool ok = spec.type == "date" ? ParseDate(text, &d) : ParseDateTime(text, &d);
      // An hour past 23 whose first digit is a 6, 8 or 9 ("62 giờ", "94
      // giờ"): a 0 misread, the one digit those look like that makes an
      // hour (a 7 may be a 1 or a 2, and is left).
      bool hour_fixed = false;
      if (ok && d.hour >= 24 && d.hour <= 99 && (d.hour / 10 == 6 || d.hour / 10 == 8 || d.hour / 10 == 9)) {
        d.hour %= 10;
        hour_fixed = true;
      }
      // (A date and time is not spelled out: only a date's text is kept.)
      const bool spelled = spec.type == "date";
      if (!ok) {
        unreadable(text);
        if (spelled) doc->unread_dates[spec.key] = text;
      } else if (const bool time_ok = d.hour < 0 || (d.hour <= 23 && d.minute <= 59);
                 !IsValidDate(d.year, d.month, d.day) || !time_ok) {
        // A look-alike digit in the day or month ("15/93/2025"), in a year
        // past the calendar ("2925"), or in both ("26/92/2925").
        std::optional<Date> fixed;
        if (time_ok) {
          fixed = CorrectDate(d);
          if (auto year_fixed = CorrectFutureDate(fixed.value_or(d), Now())) fixed = year_fixed;
        }
        if (fixed && IsValidDate(fixed->year, fixed->month, fixed->day)) {
          field.value = spec.type == "date" ? IsoDate(*fixed) : IsoDateTime(*fixed);
          field.corrected_from = text;
        } else {
          field.value = std::monostate{};
          ValidateDate(spec.key, d, Now(), &doc->issues);
          if (spelled) doc->unread_dates[spec.key] = text;
        }
      } else if (auto fixed = CorrectFutureDate(d, Now())) {
        field.value = spec.type == "date" ? IsoDate(*fixed) : IsoDateTime(*fixed);
        field.corrected_from = text;  // a look-alike digit in the year ("2035")
      } else {
        field.value = spec.type == "date" ? IsoDate(d) : IsoDateTime(d);
        if (hour_fixed) field.corrected_from = text;
      }
    } else if (spec.type == "year") {
      int y;
      const int latest = Now().year;
      if (ParseYear(text, &y)) {
        field.value = static_cast<std::int64_t>(y);
      } else if (auto fixed = CorrectYear(text, latest)) {
        field.value = static_cast<std::int64_t>(*fixed);
        field.corrected_from = text;
      } else {
        unreadable(text);
      }
    } else if (spec.type == "sex") {
      std::string s;
      if (ParseSex(text, &s)) field.value = s;
      else unreadable(text);
    } else if (spec.type == "integer") {
      std::int64_t n;
      if (ParseCount(text, &n)) field.value = n;
      else unreadable(text);
    } else if (spec.type == "weight") {
      std::int64_t g;
      if (ParseWeight(text, &g)) field.value = g;
      else unreadable(text);
    } else if (spec.type == "id_number") {
      std::string digits;
      if (ParseDigits(text, &digits)) {
        field.value = digits;
        std::string plain;
        for (char c : text) {
          if (c >= '0' && c <= '9') plain += c;
        }
        if (plain != digits) field.corrected_from = text;
      } else if (FindIdNumber(text, &digits)) {
        field.value = digits;  // "CCCD số 038195012345, cấp ngày ..."
      } else {
        field.value = text;  // a passport number keeps its letters
      }
    } else if (spec.type == "insurance") {
      std::string number;
      // The label's last word read apart from it ("sẽ: 1913908430" for
      // "số: ..."): no number holds a colon, what follows the last one is it.
      const size_t colon = text.rfind(':');
      if (ParseInsuranceNumber(text, &number) ||
          (colon != std::string::npos && ParseInsuranceNumber(text.substr(colon + 1), &number))) {
        if (number != text) field.corrected_from = text;
        field.value = number;
      } else {
        field.value = text;  // another shape: kept as read
      }
    } else if (spec.type == "phone") {
      std::string phone;
      if (ParsePhone(text, &phone)) {
        field.value = phone;
        if (auto fixed = CorrectPhone(phone)) {
          field.value = *fixed;
          field.corrected_from = text;
        }
      } else {
        unreadable(text);
      }
    } else if (spec.type == "name") {
      // A name is letters, spaces and hyphens: strokes and quotes OCR read
      // into it ("C|HI", "'TÚ") go, and a doubled consonant letter, which no
      // Vietnamese syllable has ("ĐẠTT", "CHHI"), is read once.
      {
        std::u32string u = ToU32(text), clean;
        for (char32_t c : u) {
          if (IsLetter(c) || c == U' ' || c == U'-') clean += c;
        }
        std::u32string single;
        for (size_t i = 0; i < clean.size(); ++i) {
          char32_t f = FoldChar(clean[i]);
          bool consonant = f >= U'a' && f <= U'z' && std::u32string(U"aeiouy").find(f) == std::u32string::npos;
          if (i > 0 && consonant && clean[i] == clean[i - 1]) continue;
          single += clean[i];
        }
        // Every word of a printed name starts with a capital (NGUYỄN ĐỨC
        // ANH, Nguyễn Quang Huy); all-lowercase words at its ends are specks
        // and stroke fragments read as letters ("h PHẠM THỊ HOA", "NGUYỄN
        // ĐỨC ANH chu"), dropped while two capitalised words remain.
        std::vector<std::string> words = SplitTrim(ToU8(single), ' ');
        auto lowercase = [](const std::string& w) {
          for (char32_t c : ToU32(w))
            if (u_isupper(c)) return false;
          return true;
        };
        if (std::count_if(words.begin(), words.end(), StartsWithCapital) >= 2) {
          while (!words.empty() && lowercase(words.front())) words.erase(words.begin());
          while (!words.empty() && lowercase(words.back())) words.pop_back();
        }
        // A name printed in capitals (its first two words are) ends at its
        // last word in capitals: "TRẦN VĂN LỘC Khay", "LÊ NGỌC LIÊN có Tu";
        // and before a word mostly in lower case followed by no name
        // syllable ("TRẦN VĂN HẢI Cần SH"; in "NGUYỄN VĂN tôi AN" the name
        // goes on).
        if (words.size() > 2 && InCapitals(words[0]) && InCapitals(words[1])) {
          auto mostly_lower = [](const std::string& w) {
            int lower = 0, upper = 0;
            for (char32_t c : ToU32(w)) {
              lower += u_islower(static_cast<UChar32>(c)) ? 1 : 0;
              upper += u_isupper(static_cast<UChar32>(c)) ? 1 : 0;
            }
            return lower > upper;
          };
          const auto lower = std::find_if(words.begin() + 2, words.end(), mostly_lower);
          if (!name_syllables.empty() && lower != words.end() &&
              std::none_of(lower + 1, words.end(), [&](const std::string& w) { return KnownSyllable(ToU32(w)); })) {
            words.erase(lower, words.end());
          }
          while (words.size() > 2 && !InCapitals(words.back()) && ToU32(words.back()).size() > 1) words.pop_back();
        }
        const std::string fixed = CleanValue(Join(words, " "));
        if (!fixed.empty() && fixed != text) {
          field.corrected_from = text;
          text = fixed;
        }
      }
      // Two name syllables read as one word (THẢOMY, GIAHÂN): no syllable
      // has two, so a word that splits into two known ones, exactly and in
      // one way only, is those two. A vowel read twice, once without its
      // marks (PHAẠM): the word without the bare copy, when that is a known
      // syllable and the word is not. An i's dot read as a hook above it
      // (Chỉ for Chi, read clearly on clean photos and scans: 6 names in
      // nine sets): the word with plain i, when that is a known syllable
      // and the word is not.
      if (!name_syllables.empty()) {
        std::vector<std::string> words = SplitTrim(text, ' ');
        bool changed = false;
        // One syllable read as two words (N GỌC): neither is a known one,
        // together they are.
        for (size_t i = 0; i + 1 < words.size(); ++i) {
          const std::u32string a = ToU32(words[i]), b = ToU32(words[i + 1]);
          if (KnownSyllable(a) || KnownSyllable(b) || !KnownSyllable(a + b)) continue;
          words[i] += words[i + 1];
          words.erase(words.begin() + static_cast<std::ptrdiff_t>(i) + 1);
          changed = true;
        }
        for (size_t i = 0; i < words.size(); ++i) {
          const std::u32string w = ToU32(words[i]);
          if (KnownSyllable(w)) continue;
          std::u32string dotted = w;
          for (char32_t& c : dotted) c = c == U'ỉ' ? U'i' : c == U'Ỉ' ? U'I' : c;
          if (dotted != w && KnownSyllable(dotted)) {
            words[i] = ToU8(dotted);
            changed = true;
            continue;
          }
          bool undoubled = false;
          for (size_t k = 0; k + 1 < w.size() && !undoubled; ++k) {
            if (FoldChar(w[k]) != FoldChar(w[k + 1]) || !IsLetter(w[k])) continue;
            // Drop the copy that folds to itself (no marks of its own).
            auto unmarked = [&](size_t x) { return FoldChar(w[x]) == static_cast<char32_t>(u_tolower(w[x])); };
            const size_t bare = unmarked(k) ? k : unmarked(k + 1) ? k + 1 : w.size();
            if (bare == w.size()) continue;
            const std::u32string v = w.substr(0, bare) + w.substr(bare + 1);
            if (KnownSyllable(v)) {
              words[i] = ToU8(v);
              changed = undoubled = true;
            }
          }
          if (undoubled || name_syllables.count(Fold(words[i]))) continue;
          int splits = 0;
          size_t at = 0;
          for (size_t k = 1; k + 1 < w.size(); ++k) {
            if (KnownSyllable(w.substr(0, k)) && KnownSyllable(w.substr(k))) ++splits, at = k;
          }
          if (splits != 1) continue;
          words[i] = ToU8(w.substr(0, at)) + " " + ToU8(w.substr(at));
          changed = true;
        }
        if (changed) {
          if (!field.corrected_from) field.corrected_from = text;
          text = Join(words, " ");
        }
      }
      field.value = text;
      // A family name OCR misread by a mark (NGUYÊN for NGUYỄN). A name
      // read without any marks stays as is (it may be printed unaccented).
      std::u32string u = ToU32(text);
      size_t sp = u.find(U' ');
      bool marked = false;  // any letter with a mark (or Đ)
      for (char32_t c : u) marked = marked || (IsLetter(c) && c > 0x7F);
      // On a page read poorly as a whole (a hard photo), marks and letters
      // read with confidence are no surer than the rest: its names are
      // guessed too.
      const OcrResult* page_ocr = lines[spans[0].line].ocr;
      const bool poor_page = page_ocr && page_ocr->mean_confidence < kPoorPageConfidence;
      const bool unsure = field.confidence < kNameGuessBelowConfidence || poor_page;
      // The one key of `known` a letter away from `folded` (which is none of
      // them), else end(): a letter misread (NOÀNG for HOÀNG, KEM for KIM).
      auto one_letter_off = [](const auto& known, const std::string& folded) {
        auto found = known.end();
        if (known.count(folded) || ToU32(folded).size() < 3) return known.end();
        const std::u32string f = ToU32(folded);
        for (auto it = known.begin(); it != known.end(); ++it) {
          if (EditDistance(f, ToU32(it->first), 1) > 1) continue;
          if (found != known.end()) return known.end();  // two: no guess
          found = it;
        }
        return found;
      };
      if (sp != std::u32string::npos) {
        std::string first = ToU8(u.substr(0, sp));
        std::u32string rest = u.substr(sp);
        auto it = family_names.find(Fold(first));
        if (it == family_names.end() && marked && unsure && !name_syllables.count(Fold(first))) {
          it = one_letter_off(family_names, Fold(first));
        }
        if (marked && it != family_names.end() && CaseSpaceFold(first) != CaseSpaceFold(it->second)) {
          field.corrected_from = text;
          field.value = InCaseOf(first, it->second) + ToU8(rest);
        }
      }
      // A given or middle name word that is no name syllable but folds to
      // exactly one (HUYỆN for HUYỀN, GIÁ for GIA, ĐIỆU for DIỆU): a mark
      // misread. Names read without any marks, and names read clearly (a
      // rare name is no misreading), are left as printed.
      if (sp != std::u32string::npos && !name_syllables.empty() && unsure) {
        std::vector<std::string> words = SplitTrim(std::get<std::string>(field.value), ' ');
        bool changed = false;
        for (size_t i = 1; marked && i < words.size(); ++i) {
          auto it = name_syllables.find(Fold(words[i]));
          if (it == name_syllables.end()) it = one_letter_off(name_syllables, Fold(words[i]));
          if (it == name_syllables.end()) continue;
          // Of several syllables that fold alike, the one fewest marks
          // away (ĐŨNG: Dũng, not Dung), if there is one.
          const std::u32string read = ToU32(ToneKey(words[i]));
          const std::vector<std::string>& cands = it->second;
          const int nearest = UniqueNearest(
              cands.size(), [&](size_t k) { return EditDistance(read, ToU32(ToneKey(cands[k])), 8); }, 1 << 20);
          if (nearest < 0) continue;
          const std::string& known = cands[static_cast<size_t>(nearest)];
          if (CaseSpaceFold(words[i]) == CaseSpaceFold(known)) continue;
          words[i] = InCaseOf(words[i], known);
          changed = true;
        }
        if (changed) {
          if (!field.corrected_from) field.corrected_from = text;
          field.value = Join(words, " ");
        }
      }
    } else if (spec.type == "certificate_number") {
      std::string s;
      for (char c : text) {
        if (c != ' ') s += c;
      }
      field.value = s;
      if (auto fixed = CorrectCertificateNumber(s, Now().year)) {
        field.value = *fixed;
        field.corrected_from = text;
      }
    } else if (spec.type == "request" && units) {
      const std::string fixed = CorrectRequest(*units, street_names, spec.values, text);
      field.value = fixed;
      if (fixed != text) field.corrected_from = text;
    } else if (spec.type == "address" && units) {
      const std::string fixed = CorrectAddress(*units, street_names, text);
      field.value = fixed;
      if (fixed != text) field.corrected_from = text;
    } else {
      field.value = text;
      if (!spec.values.empty()) {
        std::string v = MatchVocabulary(spec.values, text);
        // A vertical stroke read before the word ("ÏMẹ", "IKKinÌ").
        std::u32string u = ToU32(text);
        if (v.empty() && u.size() > 2 && std::u32string(U"IÌÍÏĨỈỊl|1").find(u[0]) != std::u32string::npos) {
          v = MatchVocabulary(spec.values, ToU8(u.substr(1)));
        }
        if (!v.empty() && v != text) {
          field.value = v;
          if (Fold(v) != Fold(text)) field.corrected_from = text;
        }
      }
    }
    doc->fields[spec.key] = field;
  }
  Validate(t, min_confidence, unreadable_pages, doc);
  // Internal fields, and what was said of them, are not the document's.
  for (const FieldSpec& spec : t.fields) {
    if (!spec.internal) continue;
    doc->fields.erase(spec.key);
    DropIssuesOf(spec.key, &doc->issues);
  }
}

void FormsEngine::Validate(const Template& t, const std::map<std::string, double>& min_confidence,
                           const std::vector<bool>& unreadable_pages, DocumentAnalysis* doc) const {
  auto& fields = doc->fields;
  auto str = [&](const std::string& k) -> const std::string* {
    auto it = fields.find(k);
    if (it == fields.end() || !std::holds_alternative<std::string>(it->second.value)) return nullptr;
    return &std::get<std::string>(it->second.value);
  };
  const Date now = Now();
  std::optional<Date> document_date;
  if (const std::string* s = str(t.document_date)) {
    Date d;
    if (ParseIso(*s, &d)) document_date = d;
  }
  // A date also written in words: a day or month the figures give
  // otherwise (a digit misread, "09" for 08) is the words' (marks aside,
  // every word a number word). Not the year: its words end the line and
  // are cut with it ("hai nghìn không trăm hai | mươi lăm" reads 2002).
  for (const FieldSpec& spec : t.fields) {
    const std::string* words = spec.type == "date_words" ? str(spec.key) : nullptr;
    Date w, d;
    if (!words || !ParseIso(*words, &w)) continue;
    auto it = fields.find(spec.spells);
    if (it == fields.end()) continue;
    Field& f = it->second;
    // Its figures read but no date taken from them ("1 X⁄O9/2024"): the
    // words' day and month in the one year the figures show.
    auto unread = doc->unread_dates.find(spec.spells);
    if (std::holds_alternative<std::monostate>(f.value) && unread != doc->unread_dates.end() && w.day > 0 &&
        w.month > 0) {
      const std::optional<int> year = OnlyYearIn(unread->second, now.year);
      if (!year || !IsValidDate(*year, w.month, w.day)) continue;
      Date mended = w;
      mended.year = *year;
      f.value = IsoDate(mended);
      f.corrected_from = unread->second;
      f.confidence = std::min(f.confidence, fields.at(spec.key).confidence);
      DropIssuesOf(spec.spells, &doc->issues);
      continue;
    }
    if (!std::holds_alternative<std::string>(f.value)) continue;
    if (!ParseIso(std::get<std::string>(f.value), &d) || (d.day == w.day && d.month == w.month)) continue;
    Date mended = d;
    mended.day = w.day;
    mended.month = w.month;
    if (!IsValidDate(mended.year, mended.month, mended.day)) continue;
    f.corrected_from = std::get<std::string>(f.value);
    f.confidence = std::min(f.confidence, fields.at(spec.key).confidence);
    f.value = d.hour < 0 ? IsoDate(mended) : IsoDateTime(mended);
  }
  for (const FieldSpec& spec : t.fields) {
    auto it = fields.find(spec.key);
    if (it == fields.end()) continue;
    Field& f = it->second;
    if ((spec.type == "date" || spec.type == "datetime") && std::holds_alternative<std::string>(f.value)) {
      Date d;
      if (ParseIso(std::get<std::string>(f.value), &d)) ValidateDate(spec.key, d, now, &doc->issues);
    }
    if (spec.type == "year" && std::holds_alternative<std::int64_t>(f.value) &&
        std::get<std::int64_t>(f.value) > now.year) {
      doc->issues.push_back(Issue{spec.key, "error", "date.future", "Năm sinh ở tương lai (year in the future)"});
    }
    if (spec.type == "address" && spec.key != "child.birth_place" && std::holds_alternative<std::string>(f.value) &&
        units) {
      // "..., xã Ninh Phước, tỉnh Khánh" (the wrapped rest lost): completed
      // from the commune, for review.
      std::string province;
      bool from_commune = false;
      const std::string completed = CompleteCutProvince(*units, std::get<std::string>(f.value),
                                                        AllowsOldUnits(document_date), &province, &from_commune);
      if (!completed.empty()) {
        if (!f.corrected_from) f.corrected_from = std::get<std::string>(f.value);
        f.value = completed;
        f.confidence = std::min(f.confidence, 0.9 * review_confidence);
        doc->issues.push_back(
            Issue{spec.key, "warning", "field.low_confidence", CutProvinceMessage(false, province, from_commune)});
      }
    }
    if (spec.key == "child.birth_place" && std::holds_alternative<std::string>(f.value) && units) {
      std::string corrected;
      auto mc = min_confidence.find(spec.key);
      size_t before = doc->issues.size();
      // A page reported unreadable, or an address read with less confidence
      // than such a page: its defects are for review, not asserted; unless
      // the address reads whole, when what it lacks is not OCR's doing
      // (w8686 d0020: "..., số 28 đường Nguyễn Trãi, tỉnh Gia Lai" at 0.47).
      const std::string& place = std::get<std::string>(f.value);
      const bool unreadable = (f.page >= 0 && f.page < static_cast<int>(unreadable_pages.size()) &&
                               unreadable_pages[f.page]) ||
                              (f.confidence < kUnreadablePageConfidence &&
                               !BirthPlaceReadsWhole(*units, place, document_date));
      ValidateBirthPlace(*units, spec.key, place, document_date, &doc->issues, &corrected,
                         mc == min_confidence.end() ? 1.0 : mc->second, unreadable);
      for (size_t i = before; i < doc->issues.size(); ++i) {
        // Read for review: below the review threshold.
        if (doc->issues[i].code == "field.low_confidence") f.confidence = std::min(f.confidence, 0.9 * review_confidence);
      }
      if (!corrected.empty()) {
        f.corrected_from = std::get<std::string>(f.value);
        f.value = corrected;
      }
    }
    if (spec.type == "weight" && std::holds_alternative<std::int64_t>(f.value)) {
      std::int64_t g = std::get<std::int64_t>(f.value);
      if (g < weight_min || g > weight_max) {
        doc->issues.push_back(Issue{spec.key, "error", "child.weight_out_of_range",
                                    "Cân nặng " + std::to_string(g) + " gram ngoài khoảng " +
                                        std::to_string(weight_min) + "-" + std::to_string(weight_max) +
                                        " (weight out of range)"});
      }
    }
    if (spec.key == "child.count_in_birth" && std::holds_alternative<std::int64_t>(f.value)) {
      std::int64_t n = std::get<std::int64_t>(f.value);
      if (n < count_min || n > count_max) {
        doc->issues.push_back(Issue{spec.key, "error", "child.count_out_of_range",
                                    "Số con trong lần sinh không hợp lệ: " + std::to_string(n) +
                                        " (count in birth out of range)"});
      }
    }
    if (spec.type == "id_number" && std::holds_alternative<std::string>(f.value)) {
      std::string digits = std::get<std::string>(f.value);
      if (digits.find_first_not_of("0123456789") != std::string::npos) {
        // A passport number (letters and digits: "C1234567") stands as
        // read; anything else with more than digits in it ("0401&5557S18",
        // a label's words) is no number at all.
        if (!LooksLikePassportNumber(digits)) {
          doc->issues.push_back(Issue{spec.key, "error", "id_number.invalid_length",
                                      "Số định danh cá nhân phải có 12 chữ số (must be 12 digits): " + digits});
        }
        continue;
      }
      if (digits.size() == 9) continue;  // an old identity card (CMND) number
      std::string person = spec.key.substr(0, spec.key.find('.'));
      std::optional<bool> female;
      if (person == "mother") female = true;
      if (person == "father") female = false;
      if (const std::string* sex = str(person + ".sex")) female = *sex == "female";
      std::optional<int> year = YearOf(fields, person);
      if (!CheckIdNumber(digits, id_province_codes, female, year).ok()) {
        if (auto fixed = CorrectIdNumber(digits, id_province_codes, female, year, now.year)) {
          if (!f.corrected_from) f.corrected_from = digits;
          f.value = *fixed;
          continue;
        }
      }
      ValidateIdNumber(spec.key, digits, id_province_codes, female, year, &doc->issues);
    }
  }
  // The mother is 12-60 years older than the child.
  std::optional<int> mother = YearOf(fields, "mother");
  std::optional<int> child = YearOf(fields, "child");
  if (mother && child) {
    int gap = *child - *mother;
    if (gap < mother_age_min || gap > mother_age_max) {
      doc->issues.push_back(Issue{"mother.birth_year", "error", "mother.age_gap",
                                  "Mẹ hơn con " + std::to_string(gap) + " tuổi, ngoài khoảng " +
                                      std::to_string(mother_age_min) + "-" + std::to_string(mother_age_max) +
                                      " (mother's age gap out of range)"});
      if (!fields.count("mother.birth_year") && fields.count("mother.birth_date")) {
        doc->issues.back().field = "mother.birth_date";
      }
    }
  }
}

void FormsEngine::ConfirmBirthPlaceDefects(std::vector<DocumentAnalysis>* documents) const {
  const std::string key = "child.birth_place";
  auto place = [&](const DocumentAnalysis& d) -> std::optional<std::string> {
    const auto it = d.fields.find(key);
    if (it == d.fields.end() || !std::holds_alternative<std::string>(it->second.value)) return std::nullopt;
    return CaseSpaceFold(std::get<std::string>(it->second.value));
  };
  auto for_review = [&](const Issue& i) { return i.field == key && i.code == "field.low_confidence"; };
  auto defect = [&](const Issue& i) {
    return i.field == key && i.severity == "error" && i.code.rfind("birth_place.", 0) == 0;
  };
  auto any = [](const DocumentAnalysis& d, const auto& is) { return std::any_of(d.issues.begin(), d.issues.end(), is); };
  for (DocumentAnalysis& doc : *documents) {
    const std::optional<std::string> mine = place(doc);
    if (!mine || !any(doc, for_review) || any(doc, defect)) continue;
    for (const DocumentAnalysis& other : *documents) {
      if (&other == &doc || place(other) != mine || other.fields.at(key).confidence < kSureReadConfidence ||
          any(other, for_review) || !any(other, defect))
        continue;
      doc.issues.erase(std::remove_if(doc.issues.begin(), doc.issues.end(), for_review), doc.issues.end());
      std::copy_if(other.issues.begin(), other.issues.end(), std::back_inserter(doc.issues), defect);
      break;
    }
  }
}

void FormsEngine::AgreeAcrossDocuments(std::vector<DocumentAnalysis>* documents) const {
  using As = SameAs;
  struct Entry {
    size_t doc;
    std::string key;
    As as;
  };
  auto comparable = [](const FieldValue& v, As as) -> std::optional<std::string> {
    if (std::holds_alternative<std::int64_t>(v)) return std::to_string(std::get<std::int64_t>(v));
    if (!std::holds_alternative<std::string>(v)) return std::nullopt;
    const std::string& s = std::get<std::string>(v);
    if (as == As::kDate) return s.substr(0, 10);
    if (as == As::kYear) return s.substr(0, 4);
    return CaseSpaceFold(s);
  };
  // The other reading of document d that reads `key` as `v`, if any.
  auto reads = [&](const DocumentAnalysis& d, const std::string& key, As as,
                   const std::string& v) -> const DocumentAnalysis::Alternative* {
    const auto it = d.alternatives.find(key);
    if (it == d.alternatives.end()) return nullptr;
    for (const auto& alt : it->second) {
      if (comparable(alt.field.value, as) == v) return &alt;
    }
    return nullptr;
  };
  std::vector<std::vector<Entry>> groups;
  for (const SameItem& item : SameAcrossDocuments()) {
    std::vector<Entry> group;
    for (size_t d = 0; d < documents->size(); ++d) {
      for (const auto& [key, as] : item.keys) {
        if (!(*documents)[d].fields.count(key)) continue;
        group.push_back(Entry{d, key, as});
        break;
      }
    }
    groups.push_back(std::move(group));
  }
  // One person's identification number on several documents.
  std::map<std::string, std::vector<Entry>> by_holder;
  for (const HeldId& id : HeldIds(*documents)) by_holder[id.holder].push_back(Entry{id.doc, id.key, As::kText});
  for (auto& [holder, group] : by_holder) groups.push_back(std::move(group));
  for (const std::vector<Entry>& group : groups) {
    if (group.size() < 2) continue;
    std::vector<std::optional<std::string>> kept;
    for (const Entry& e : group) kept.push_back(comparable((*documents)[e.doc].fields.at(e.key).value, e.as));
    for (size_t i = 0; i < group.size(); ++i) {
      const Entry& e = group[i];
      // The one value the other documents read.
      std::set<std::string> theirs;
      for (size_t j = 0; j < group.size(); ++j) {
        if (group[j].doc != e.doc && kept[j]) theirs.insert(*kept[j]);
      }
      if (theirs.size() != 1 || (kept[i] && *kept[i] == *theirs.begin())) continue;
      const std::string& value = *theirs.begin();
      // Theirs read by another reading of this page, and this one's value
      // read by none of theirs.
      DocumentAnalysis& doc = (*documents)[e.doc];
      const DocumentAnalysis::Alternative* alt = reads(doc, e.key, e.as, value);
      if (!alt) continue;
      bool contested = false;
      for (size_t j = 0; j < group.size() && kept[i]; ++j) {
        if (group[j].doc != e.doc && reads((*documents)[group[j].doc], group[j].key, group[j].as, *kept[i]))
          contested = true;
      }
      if (contested) continue;
      doc.fields[e.key] = alt->field;
      DropIssuesOf(e.key, &doc.issues);
      doc.issues.insert(doc.issues.end(), alt->issues.begin(), alt->issues.end());
    }
  }
}

void FormsEngine::FillIdNumbersOfSamePerson(std::vector<DocumentAnalysis>* documents) const {
  struct IdField {
    HeldId id;
    Field* field;
    bool in_error;
    bool valid() const { return TwelveDigits(field->value) && !in_error; }
  };
  std::vector<IdField> ids;
  for (HeldId& id : HeldIds(*documents)) {
    DocumentAnalysis& doc = (*documents)[id.doc];
    Field* field = &doc.fields.at(id.key);
    const bool in_error = HasErrorOn(doc, id.key);
    ids.push_back(IdField{std::move(id), field, in_error});
  }
  // Digits of `read` that `number` holds in the same order (a longest
  // common subsequence).
  auto common = [](const std::string& read, const std::string& number) {
    std::string digits;
    for (char c : read)
      if (c >= '0' && c <= '9') digits += c;
    std::vector<int> prev(number.size() + 1, 0), cur(number.size() + 1, 0);
    for (char c : digits) {
      for (size_t j = 0; j < number.size(); ++j)
        cur[j + 1] = c == number[j] ? prev[j] + 1 : std::max(prev[j + 1], cur[j]);
      std::swap(prev, cur);
    }
    return std::make_pair(static_cast<int>(digits.size()), prev[number.size()]);
  };
  for (IdField& target : ids) {
    if (target.valid()) continue;
    DocumentAnalysis& doc = (*documents)[target.id.doc];
    const bool read = std::holds_alternative<std::string>(target.field->value);
    const std::string as_read = read ? std::get<std::string>(target.field->value) : std::string();
    const bool in_error = target.in_error;
    // Read validly as a 9-digit identity card number, it is taken for the
    // other document's 12 digits only when it is those with three lost
    // (its digits in order within them; a card's and a citizen number's
    // digits have no such relation).
    const bool nine = read && !in_error && as_read.size() == 9 && as_read.find_first_not_of("0123456789") == std::string::npos;
    if (read && !in_error && !nine) continue;
    std::set<std::string> numbers;
    const Field* donor = nullptr;
    for (const IdField& other : ids) {
      if (other.id.doc == target.id.doc || !other.valid() || other.id.holder != target.id.holder) continue;
      numbers.insert(std::get<std::string>(other.field->value));
      donor = other.field;
    }
    if (numbers.size() != 1) continue;
    const auto [digits, shared] = common(as_read, *numbers.begin());
    if (digits - shared > (nine ? 0 : 2)) continue;
    const std::string number = *numbers.begin();
    DropIssuesOf(target.id.key, &doc.issues);
    doc.issues.push_back(Issue{target.id.key, "warning", "id_number.from_other_document",
                               "Số định danh đọc không đủ, lấy theo giấy tờ khác của cùng người: " + number + " (" +
                                   target.id.key + " unread or incomplete here; taken from another document of the same person)"});
    if (!target.field->corrected_from) target.field->corrected_from = as_read;
    target.field->value = number;
    target.field->confidence = donor->confidence;  // as sure as the reading it comes from
  }
}

void FormsEngine::CrossCheck(const std::vector<DocumentAnalysis>& documents, std::vector<Issue>* issues) const {
  auto value_of = [](const DocumentAnalysis& d, const SameItem& item, std::string* key) -> std::optional<std::string> {
    for (const auto& [k, as] : item.keys) {
      auto it = d.fields.find(k);
      if (it == d.fields.end() || !std::holds_alternative<std::string>(it->second.value)) continue;
      *key = k;
      std::string v = std::get<std::string>(it->second.value);
      if (as == SameAs::kDate) return v.substr(0, 10);
      // Fold case and spacing, including around commas.
      std::string folded = CaseSpaceFold(v);
      std::string out;
      for (size_t i = 0; i < folded.size(); ++i) {
        if (folded[i] == ' ' && i + 1 < folded.size() && folded[i + 1] == ',') continue;
        out += folded[i];
        if (folded[i] == ',' && i + 1 < folded.size() && folded[i + 1] != ' ') out += ' ';
      }
      return out;
    }
    return std::nullopt;
  };
  for (const SameItem& item : SameAcrossDocuments()) {
    if (!item.checked) continue;
    for (size_t a = 0; a < documents.size(); ++a) {
      for (size_t b = a + 1; b < documents.size(); ++b) {
        std::string ka, kb;
        auto va = value_of(documents[a], item, &ka);
        auto vb = value_of(documents[b], item, &kb);
        if (!va || !vb || *va == *vb) continue;
        std::string message = std::string(item.what_vi) + " không khớp giữa " + DocumentNameVi(documents[a].document_type) +
                              " (tài liệu " + std::to_string(a + 1) + ": \"" + *va + "\") và " +
                              DocumentNameVi(documents[b].document_type) + " (tài liệu " + std::to_string(b + 1) +
                              ": \"" + *vb + "\") (" + ka + " disagrees between documents " + std::to_string(a + 1) +
                              " and " + std::to_string(b + 1) + ")";
        issues->push_back(Issue{ka, "error", "dossier.mismatch", message});
      }
    }
  }
  // One person's identification number, read validly (12 digits) on two
  // documents, two numbers: one of them is misread (a digit OCR took for
  // another). A warning for the reviewer, naming both.
  std::vector<HeldId> ids = HeldIds(documents);
  ids.erase(std::remove_if(ids.begin(), ids.end(),
                           [&](const HeldId& id) { return !TwelveDigits(documents[id.doc].fields.at(id.key).value); }),
            ids.end());
  for (size_t i = 0; i < ids.size(); ++i) {
    for (size_t j = i + 1; j < ids.size(); ++j) {
      const HeldId &x = ids[i], &y = ids[j];
      if (x.doc == y.doc || x.holder != y.holder) continue;
      const std::string& vx = std::get<std::string>(documents[x.doc].fields.at(x.key).value);
      const std::string& vy = std::get<std::string>(documents[y.doc].fields.at(y.key).value);
      if (vx == vy) continue;
      const std::string nx = std::to_string(x.doc + 1), ny = std::to_string(y.doc + 1);
      issues->push_back(Issue{x.key, "warning", "dossier.id_mismatch",
                              std::string("Số định danh của cùng một người khác nhau giữa ") +
                                  DocumentNameVi(documents[x.doc].document_type) + " (tài liệu " + nx + ": " + vx +
                                  ") và " + DocumentNameVi(documents[y.doc].document_type) + " (tài liệu " + ny + ": " +
                                  vy + ") (" + x.key + " and " + y.key + " of the same person differ between documents " +
                                  nx + " and " + ny + ")"});
    }
  }
}

}  // namespace forms
}  // namespace hoso
