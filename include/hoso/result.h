// Result types: what hoso produces for a dossier. They mirror
// shared/spec/output-contract.md one to one; ToJson() writes the contract's
// dossier.json. Coordinates are pixels; see each field for which image.
#ifndef HOSO_RESULT_H_
#define HOSO_RESULT_H_

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace hoso {

// Axis-aligned box: x, y of the top-left corner, width, height.
struct Box {
  int x = 0, y = 0, w = 0, h = 0;
};

struct Word {
  std::string text;   // UTF-8, NFC
  Box box;            // in the output (rectified, upright) page's pixels
  double confidence;  // 0..1
};

struct PageResult {
  std::string source;   // input file name (no directories)
  int source_page = 0;  // 0-based page inside that file (TIFF/PDF)
  // Corners of the sheet in the input image's pixels (after EXIF
  // orientation), clockwise from the upright page's top-left.
  std::array<std::array<double, 2>, 4> quad{};
  int quarter_turns = 0;      // clockwise quarter turns applied, 0..3
  double skew_degrees = 0.0;  // residual skew removed, degrees
  int width = 0, height = 0;  // output page size in pixels
  double dpi = 300.0;         // output page resolution
  std::string text;           // OCR text, one line per printed line
  double mean_confidence = 0.0;  // 0..1
  std::vector<Word> words;
};

// A field value: JSON null, a string, or an integer.
using FieldValue = std::variant<std::monostate, std::string, std::int64_t>;

struct Field {
  FieldValue value;
  double confidence = 0.0;  // 0..1
  int page = 0;             // index into the document's pages
  Box box;                  // in that output page's pixels
  // The text as read, when a validator corrected it.
  std::optional<std::string> corrected_from;
};

struct Issue {
  std::string field;     // field key, or empty for the whole document/dossier
  std::string severity;  // "error" | "warning" | "info"
  std::string code;      // e.g. "birth_place.missing_province"
  std::string message;   // human-readable, Vietnamese first
};

struct DocumentResult {
  std::string document_type = "unknown";
  std::optional<std::string> layout;
  double confidence = 0.0;
  std::string pdf;  // file name of the document's PDF inside the dossier dir
  std::vector<PageResult> pages;
  // Ordered by key; the JSON object keeps this order.
  std::map<std::string, Field> fields;
  std::vector<Issue> issues;
  // The PDF itself (not serialised unless asked for as pdf_base64).
  std::string pdf_bytes;
};

// Milliseconds spent per stage, summed over the dossier's pages.
struct Timings {
  double load = 0, geometry = 0, enhance = 0, ocr = 0, extract = 0, write = 0;
  // The part of `ocr` spent inside Tesseract's layout analysis and
  // recognition (CPU timings only; the rest of `ocr` is hoso's own work
  // around it: dotted leaders, re-reading dropped bands, merging).
  double tesseract = 0;
  // Loading an engine on its first use by a worker thread (Tesseract's
  // orientation data, ~0.1 s of CPU once per thread): start-up, counted
  // here and not in the stage that happened to need it first.
  double engine_load = 0;
};

struct DossierResult {
  std::string dossier_id;
  std::string status = "ok";  // "ok" | "needs_review" | "failed"
  std::vector<DocumentResult> documents;
  std::vector<Issue> issues;
  Timings timings_ms;      // wall time per stage, summed over pages
  Timings timings_cpu_ms;  // CPU time of the thread that ran each stage
};

struct JsonOptions {
  int indent = 2;            // -1 = compact
  bool include_pdf = false;  // add "pdf_base64" to every document
};

// The contract's dossier.json for `result`.
std::string ToJson(const DossierResult& result, const JsonOptions& options = {});

}  // namespace hoso

#endif  // HOSO_RESULT_H_
