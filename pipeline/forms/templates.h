// Form templates (models/forms/<document_type>/<layout>.json) and the
// template-driven label search, classification and value extraction.
//
// A template lists the form's titles, its labels in printed order with the
// field key and value type each introduces, and "stop" labels that are
// printed on the form but carry no extracted field (they end the previous
// value). Labels are matched on diacritic-folded text with an edit budget
// that grows with the label's length, so OCR that drops or swaps marks,
// misreads a letter or joins the label to its value still finds them.
//
// Thread safety: templates are immutable after loading.
#ifndef HOSO_PIPELINE_FORMS_TEMPLATES_H_
#define HOSO_PIPELINE_FORMS_TEMPLATES_H_

#include <memory>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "hoso/status.h"
#include "pipeline/core/page.h"

namespace hoso {
namespace forms {

struct Label {
  std::string text;        // as printed
  std::u32string pattern;  // folded, spaces collapsed
  int budget = 0;          // edits allowed
  bool line_start = false; // must begin its line (after numbering)
  int id = -1;             // index into Template::labels
};

struct FieldSpec {
  std::string key;
  std::string type;  // name date datetime date_words year sex integer weight id_number address text request relationship phone certificate_number
  std::vector<int> labels;  // indices into Template::labels
  bool next_line = true;    // value may be on the next line when the label's line has none
  int continues = 0;        // how many following unlabelled lines may continue the value
  bool internal = false;    // used for validation only, not output
  // The words the value may be (ethnic groups, relationships): a value
  // starting with one of them, read with marks lost or one letter wrong,
  // becomes that word and the noise after it is dropped. For a request:
  // the usual wordings of what comes before its address (CorrectRequest).
  std::vector<std::string> values;
  int min_digits = 0;  // fewer digits than this = noise, not a value
  // A date in words ("ghi bằng chữ"): the key of the date in figures it
  // spells out, which it checks and mends (FormsEngine::Validate).
  std::string spells;
};

// Readings of `folded` (lower case, marks folded) with one glyph OCR may
// have run together or split undone: an m for "in", "ni", "rn" or "nn", or
// one of those pairs for an m. For vocabulary matching.
std::vector<std::u32string> MergedGlyphReadings(const std::u32string& folded);

// The entry of `values` that `text` starts with (tone placement, marks and
// then one edit tolerated, unambiguous), or empty.
std::string MatchVocabulary(const std::vector<std::string>& values, const std::string& text);

struct Template {
  std::string document_type;
  std::string layout;
  std::vector<Label> titles;
  std::vector<Label> labels;     // every label: fields' and stops
  std::vector<int> distinctive;  // labels that tell this layout from its siblings
  std::vector<FieldSpec> fields; // in printed order
  std::string document_date;     // field key whose date dates the document

  // Parses one template file's JSON text. Errors: setup.models_invalid.
  static Status Parse(const std::string& json, const std::string& source, Template* out);
};

// Folds a label/title for matching and picks its edit budget.
Label MakeLabel(const std::string& text, bool line_start);

// One page's or document's lines prepared for matching.
struct PreparedLine {
  int page = 0;             // index in the document's (or dossier's) pages
  const OcrResult* ocr = nullptr;
  int ocr_line = -1;
  std::u32string text;      // NFC code points (words joined by single spaces)
  std::u32string fold;      // FoldU32(text), same length
  std::vector<int> words;   // OcrResult word indices
  std::vector<std::pair<int, int>> word_spans;  // [begin, end) of each word in text
  cv::Rect box;
};
std::vector<PreparedLine> PrepareLines(const OcrResult& ocr, int page);

struct LabelHit {
  int line = 0;           // index into the prepared lines
  int begin = 0, end = 0; // code points in the line
  int label = -1;         // index into the labels searched
  int cost = 0;
  double score = 0;       // pattern length - 3 * cost
  // Begins its line (after item numbers) or is followed by ':', i.e. looks
  // like a printed label rather than the same words inside running text.
  bool strong = false;
};

// Every non-overlapping occurrence of `labels` in `lines` (those from
// `first` to `last`, all by default), sorted by (line, begin). Where
// occurrences overlap the better-scoring (longer, fewer edits) one wins.
std::vector<LabelHit> FindLabels(const std::vector<PreparedLine>& lines, const std::vector<Label>& labels,
                                 int first = 0, int last = -1);

// Whether `title` is (nearly) the whole of some line. Returns the best
// similarity in [0, 1] (0 = not found).
double TitleScore(const std::vector<PreparedLine>& lines, const Label& title);

}  // namespace forms
}  // namespace hoso

#endif  // HOSO_PIPELINE_FORMS_TEMPLATES_H_
