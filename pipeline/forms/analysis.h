// The FormsModel implementation, exposed for tests and tools: per-page
// classification, grouping, extraction and validation as separate steps.
//
// Thread safety: immutable after FormsModel::Load(); every method is const.
#ifndef HOSO_PIPELINE_FORMS_ANALYSIS_H_
#define HOSO_PIPELINE_FORMS_ANALYSIS_H_

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "pipeline/forms/forms.h"
#include "pipeline/forms/normalise.h"
#include "pipeline/forms/templates.h"
#include "pipeline/forms/units.h"

namespace hoso {
namespace forms {

struct PageClass {
  int template_index = -1;  // -1 = unknown
  double score = 0;         // of the best template
  bool title = false;       // its title was found
  // Per template: distinct labels found on the page.
  std::vector<int> label_hits;
  // Per template: distinct field labels (not stops) found on the page.
  std::vector<int> field_hits;
  std::vector<double> scores;
};

class FormsEngine : public FormsModel {
 public:
  void Analyse(const std::vector<AnalysedPage>& pages, std::vector<DocumentAnalysis>* documents,
               std::vector<Issue>* dossier_issues, bool* needs_review) const override;
  std::string UnitsStatus() const override;
  bool RecognisesPage(const OcrResult& reading, const std::vector<OcrResult>* others) const override;

  PageClass ClassifyPage(const std::vector<PreparedLine>& lines) const;
  // Extracts and validates one document of template `t` from its lines
  // (PreparedLine::page indexes the document's pages). `unreadable_pages`:
  // per page of the document, whether it is reported page.unreadable (its
  // birthplace defects are then for review only); may be empty.
  void ExtractDocument(const Template& t, const std::vector<PreparedLine>& lines,
                       const std::vector<bool>& unreadable_pages, DocumentAnalysis* doc) const;
  // A field of `doc` (extracted from `lines`, each page's prepared lines)
  // that its reading leaves missing, or with an error (except an address's
  // defects), is taken from the document as its pages' other readings
  // (AnalysedPage::other_readings) read it, when one reads it without:
  // the value most of them give, else the most confident. Not a value read
  // where the kept reading read another field validly and confidently
  // (that field's, under a misplaced label).
  void TakeFieldsFromOtherReadings(const Template& t, const std::vector<AnalysedPage>& pages,
                                   const std::vector<std::vector<PreparedLine>>& lines,
                                   const std::vector<bool>& unreadable, DocumentAnalysis* doc) const;
  // A person's name read on two documents of the dossier, one reading with
  // a word that is no name syllable as marked (MEXH, NUÂN, an unmarked
  // PHAM) or not capitalised, the other all name syllables and a few
  // letters from it: the first is OCR's misreading of the second, and is
  // corrected to it (corrected_from, the less confident of the two).
  void ReconcileNames(std::vector<DocumentAnalysis>* documents) const;
  // A value the documents of a dossier must agree on (the child's name,
  // date of birth, sex and birthplace, the parents' names, the mother's
  // ethnicity and year of birth, one person's identification number) that
  // one document reads otherwise than all the others, or not at all, while
  // another reading of its own page reads it as they do and none of theirs
  // reads it as it does: the document's value is that other reading's
  // (DocumentAnalysis::alternatives), with its confidence and issues.
  void AgreeAcrossDocuments(std::vector<DocumentAnalysis>* documents) const;
  // A person's identification number (`<person>.id_number`) that one
  // document leaves unread or invalid (an error on it: digits lost or
  // misread into letters), when another document of the dossier reads a
  // valid 12-digit number for a person of the same name (marks and case
  // aside; the mother is the requester on the registration form, the
  // father the household head on CT01), and every such reading agrees: the
  // number is taken from it, with corrected_from (what was read, "" for
  // nothing) and an id_number.from_other_document warning. Digits read
  // that the other number does not hold in order (more than two) mean
  // another number, and nothing is taken.
  void FillIdNumbersOfSamePerson(std::vector<DocumentAnalysis>* documents) const;
  // A birthplace whose defects were left for review (read unsurely) that
  // another document of the dossier reads the same (case and spacing
  // aside) with confidence and whose defects it reports: the defects are
  // what the form says, not what OCR lost, and are this document's errors
  // too (f4646 d0014: the registration form at 0.44, the certificate at
  // 0.95, "Bệnh viện Đa khoa tỉnh Cao Bằng" alone on both).
  void ConfirmBirthPlaceDefects(std::vector<DocumentAnalysis>* documents) const;
  // A name syllable as marked (a key of name_syllables, any case).
  bool KnownSyllable(const std::u32string& word) const;
  // Whether the OCR line `line` after a name's line (the name so far, `name`)
  // is its end, run past the line: a word or two of name syllables.
  bool NameGoesOn(const std::string& name, const std::string& line) const;
  // Cross-document agreement checks: the contract's items (dossier.mismatch,
  // errors) and one person's 12-digit ID read two ways (dossier.id_mismatch,
  // a warning).
  void CrossCheck(const std::vector<DocumentAnalysis>& documents, std::vector<Issue>* issues) const;

  Status LoadRules(const std::string& json, const std::string& source);
  void Index();

  // Loaded data (set by FormsModel::Load).
  std::vector<Template> templates;
  std::unique_ptr<AdminUnits> units;
  std::set<std::string> id_province_codes;
  std::map<std::string, std::string> family_names;  // folded -> as written
  // Given and middle name syllables, and family names (also used as middle
  // names): folded -> the ones that fold so, as written.
  std::map<std::string, std::vector<std::string>> name_syllables;
  // Common street names: folded -> the ones that fold so, as written.
  std::map<std::string, std::vector<std::string>> street_names;
  double review_confidence = 0.6;
  int mother_age_min = 12, mother_age_max = 60;
  int weight_min = 300, weight_max = 7000;
  int count_min = 1, count_max = 6;
  std::optional<Date> today;  // fixed "today" for tests; else the clock
  Date Now() const;  // `today`, else the clock

 private:
  // `min_confidence`: per field key, the lowest confidence of its words;
  // `unreadable_pages` as for ExtractDocument.
  void Validate(const Template& t, const std::map<std::string, double>& min_confidence,
                const std::vector<bool>& unreadable_pages, DocumentAnalysis* doc) const;
  std::vector<Label> all_labels_;                // union of every template's labels
  std::vector<std::vector<int>> to_all_;         // per template: label id -> all_labels_ index
};

}  // namespace forms
}  // namespace hoso

#endif  // HOSO_PIPELINE_FORMS_ANALYSIS_H_
