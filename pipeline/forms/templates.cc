#include "pipeline/forms/templates.h"

#include <algorithm>
#include <cctype>
#include <map>

#include <nlohmann/json.hpp>
#include <unicode/uchar.h>

#include "pipeline/forms/text.h"

namespace hoso {
namespace forms {

Label MakeLabel(const std::string& text, bool line_start) {
  Label l;
  l.text = text;
  l.pattern = ToU32(Fold(text));
  int n = static_cast<int>(l.pattern.size());
  l.budget = n <= 5 ? 0 : n <= 9 ? 1 : n <= 15 ? 2 : n <= 22 ? 3 : n <= 30 ? 4 : 5 + (n - 30) / 8;
  l.line_start = line_start;
  return l;
}

Status Template::Parse(const std::string& text, const std::string& source, Template* out) {
  auto bad = [&](const std::string& why) {
    return Status::Error("setup.models_invalid", "Mẫu biểu không hợp lệ (invalid form template) " + source + ": " + why);
  };
  nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return bad("not a JSON object");
  Template t;
  t.document_type = j.value("document_type", "");
  t.layout = j.value("layout", "");
  t.document_date = j.value("document_date", "");
  if (t.document_type.empty() || t.layout.empty()) return bad("document_type and layout are required");
  if (!j.contains("titles") || !j["titles"].is_array() || j["titles"].empty()) return bad("titles required");
  for (const auto& s : j["titles"]) {
    if (!s.is_string()) return bad("titles must be strings");
    t.titles.push_back(MakeLabel(s.get<std::string>(), false));
  }
  auto add_label = [&](const nlohmann::json& l, bool line_start) -> int {
    Label label = MakeLabel(l.get<std::string>(), line_start);
    label.id = static_cast<int>(t.labels.size());
    t.labels.push_back(std::move(label));
    return t.labels.back().id;
  };
  if (!j.contains("fields") || !j["fields"].is_array()) return bad("fields required");
  static const std::vector<std::string> kTypes = {"name", "date", "datetime", "date_words", "year", "sex", "integer", "weight",
                                                  "id_number", "address", "text", "request", "relationship", "phone",
                                                  "certificate_number", "insurance"};
  for (const auto& f : j["fields"]) {
    FieldSpec spec;
    spec.key = f.value("key", "");
    spec.type = f.value("type", "text");
    spec.next_line = f.value("next_line", true);
    spec.continues = f.value("continues", 0);
    spec.internal = f.value("internal", false);
    spec.min_digits = f.value("min_digits", 0);
    spec.spells = f.value("spells", "");
    if (spec.type == "date_words" && spec.spells.empty()) return bad(spec.key + ": a date in words spells a date field");
    if (f.contains("values")) {
      for (const auto& v : f["values"]) {
        if (!v.is_string()) return bad(spec.key + ": values must be strings");
        spec.values.push_back(v.get<std::string>());
      }
    }
    bool line_start = f.value("line_start", false);
    if (spec.key.empty()) return bad("a field has no key");
    if (std::find(kTypes.begin(), kTypes.end(), spec.type) == kTypes.end()) return bad("unknown type " + spec.type);
    if (!f.contains("labels") || !f["labels"].is_array() || f["labels"].empty()) return bad(spec.key + ": labels required");
    for (const auto& l : f["labels"]) {
      if (!l.is_string()) return bad(spec.key + ": labels must be strings");
      int id = add_label(l, line_start);
      spec.labels.push_back(id);
      if (f.value("distinctive", false)) t.distinctive.push_back(id);
    }
    t.fields.push_back(std::move(spec));
  }
  if (j.contains("stops")) {
    for (const auto& s : j["stops"]) {
      bool distinctive = false, line_start = false;
      nlohmann::json text_json;
      if (s.is_string()) {
        text_json = s;
      } else if (s.is_object() && s.contains("label")) {
        text_json = s["label"];
        distinctive = s.value("distinctive", false);
        line_start = s.value("line_start", false);
      } else {
        return bad("stops must be strings or {label, distinctive}");
      }
      int id = add_label(text_json, line_start);
      if (distinctive) t.distinctive.push_back(id);
    }
  }
  *out = std::move(t);
  return Status::Ok();
}

std::vector<std::u32string> MergedGlyphReadings(const std::u32string& folded) {
  // Lower-case, marks folded: m for in, ni, rn or nn run together, and
  // those pairs for an m split apart; one at a time.
  static const std::u32string kPairs[] = {U"in", U"ni", U"rn", U"nn"};
  std::vector<std::u32string> out;
  for (size_t i = 0; i < folded.size(); ++i) {
    if (folded[i] == U'm') {
      for (const std::u32string& p : kPairs) out.push_back(folded.substr(0, i) + p + folded.substr(i + 1));
    }
    if (i + 1 < folded.size()) {
      for (const std::u32string& p : kPairs) {
        if (folded.compare(i, 2, p) == 0) out.push_back(folded.substr(0, i) + U"m" + folded.substr(i + 2));
      }
    }
  }
  return out;
}

std::string MatchVocabulary(const std::vector<std::string>& values, const std::string& text) {
  // Words of the value with punctuation stripped from their ends.
  std::vector<std::string> words;
  for (const auto& w : SplitTrim(text, ' ')) {
    std::u32string u = ToU32(w);
    size_t b = 0, e = u.size();
    while (b < e && !IsLetter(u[b])) ++b;
    while (e > b && !IsLetter(u[e - 1])) --e;
    if (e > b) words.push_back(ToU8(u.substr(b, e - b)));
    else break;
  }
  auto prefix = [&](size_t k) {
    std::string s;
    for (size_t i = 0; i < k && i < words.size(); ++i) s += (i ? " " : "") + words[i];
    return s;
  };
  // Longer entries first ("Bà ngoại" before "Bà").
  std::vector<std::string> sorted = values;
  std::stable_sort(sorted.begin(), sorted.end(), [](const std::string& a, const std::string& b) {
    return SplitTrim(a, ' ').size() > SplitTrim(b, ' ').size();
  });
  auto letters = [](const std::string& x) {
    std::string out;
    for (char c : Fold(x)) {
      if (std::isalnum(static_cast<unsigned char>(c))) out += c;
    }
    return out;
  };
  // Entries of more words first, each exactly (tone placement aside), then
  // with marks folded: "Con đâu" is "Con dâu" with a mark misread, not
  // "Con" and a word more (v1515 d0017).
  for (size_t i = 0, j = 0; i < sorted.size(); i = j) {
    const size_t k = SplitTrim(sorted[i], ' ').size();
    for (j = i; j < sorted.size() && SplitTrim(sorted[j], ' ').size() == k; ++j) {
    }
    if (words.size() < k) continue;
    const std::string cand = prefix(k);
    for (int pass = 0; pass < 2; ++pass) {
      for (size_t m = i; m < j; ++m) {
        const std::string& v = sorted[m];
        bool ok = pass == 0 ? ToneKey(cand) == ToneKey(v) : Fold(cand) == Fold(v);
        if (!ok && pass == 1) {
          // "H Mông", "HMông" for "H'Mông": the apostrophe lost or read as
          // a space; compare letters only, over k or k+1 words.
          const std::string lv = letters(v);
          ok = lv.size() >= 4 && (letters(cand) == lv || (words.size() > k && letters(prefix(k + 1)) == lv));
        }
        if (ok) return v;
      }
    }
  }
  // OCR errors: the entry whose letters (marks folded, spaces and stray
  // punctuation dropped, over k or k+1 words) are fewest edits away,
  // within one edit for 4-letter entries and two from 5 letters ("Klumer"
  // -> "Khmer", "Việt Naơn", "ViệtNamn" -> "Việt Nam"), when no other entry is as
  // close. Shorter entries ("Mẹ", "Hoa") are never guessed.
  std::string best;
  int best_d = 3, runner_up = 3;
  // The value's first k words as letters, and their readings with a glyph
  // run together or split undone (MergedGlyphReadings), made once per k.
  std::map<size_t, std::pair<std::u32string, std::vector<std::u32string>>> read_as;
  auto readings = [&](size_t k) -> const std::pair<std::u32string, std::vector<std::u32string>>& {
    auto it = read_as.find(k);
    if (it == read_as.end()) {
      std::u32string read = ToU32(letters(prefix(k)));
      std::vector<std::u32string> merged = MergedGlyphReadings(read);
      it = read_as.emplace(k, std::make_pair(std::move(read), std::move(merged))).first;
    }
    return it->second;
  };
  for (const auto& v : sorted) {
    // Fewer words than the entry: its words run together ("ViệtNamn").
    size_t k = std::min(SplitTrim(v, ' ').size(), words.size());
    if (k == 0) continue;
    const std::u32string lv = ToU32(letters(v));
    const int allowed = lv.size() >= 5 ? 2 : lv.size() == 4 ? 1 : -1;
    if (allowed < 0) continue;
    // One glyph read for two or two for one ("Kmh" for "Kinh", "rn" for
    // "m") is one edit.
    auto distance = [&](size_t words_read) {
      const auto& [read, merged] = readings(words_read);
      int d = EditDistance(read, lv, allowed);
      for (const std::u32string& other : merged) d = std::min(d, 1 + EditDistance(other, lv, allowed));
      return d;
    };
    int d = distance(k);
    if (words.size() > k) d = std::min(d, distance(k + 1));
    if (d > allowed) continue;
    if (d < best_d) {
      runner_up = best_d;
      best_d = d;
      best = v;
    } else if (d < runner_up && v != best) {
      runner_up = d;
    }
  }
  return best_d < runner_up ? best : "";
}

std::vector<PreparedLine> PrepareLines(const OcrResult& ocr, int page) {
  std::vector<PreparedLine> out;
  for (int li = 0; li < static_cast<int>(ocr.lines.size()); ++li) {
    const OcrLine& line = ocr.lines[li];
    PreparedLine p;
    p.page = page;
    p.ocr = &ocr;
    p.ocr_line = li;
    p.box = line.box;
    if (!line.words.empty()) {
      for (int w : line.words) {
        if (w < 0 || w >= static_cast<int>(ocr.words.size())) continue;
        std::u32string wt = ToU32(ocr.words[w].text);
        if (wt.empty()) continue;
        // Vietnamese has no eth: OCR's Ð ð (and Ɖ ɖ) are Đ đ.
        for (char32_t& c : wt) {
          if (c == 0x00D0 || c == 0x0189) c = 0x0110;
          else if (c == 0x00F0 || c == 0x0256) c = 0x0111;
        }
        if (!p.text.empty()) p.text.push_back(U' ');
        int begin = static_cast<int>(p.text.size());
        p.text += wt;
        p.words.push_back(w);
        p.word_spans.emplace_back(begin, static_cast<int>(p.text.size()));
      }
    } else {
      p.text = ToU32(line.text);
    }
    p.fold = FoldU32(p.text);
    out.push_back(std::move(p));
  }
  return out;
}

namespace {

bool IsWordChar(char32_t c) { return IsLetter(c) || IsDigit(c); }

// A label's colon as OCR reads it: often a semicolon, a full stop or a
// comma ("Số; 719", "Số. 90602 GCS 84753 24").
bool Same(char32_t pattern, char32_t text) {
  return pattern == text || (pattern == U':' && (text == U';' || text == U'.' || text == U','));
}

// Whether some occurrence of `pat` in `text` with at most `budget` edits
// can exist: cut into budget + 1 pieces, the pattern keeps at least one of
// them whole in any such occurrence (each edit touches one piece at most),
// so none of them in the text means none. Most labels are on no given line;
// this skips their alignment (~m times cheaper than it).
bool MayOccur(const std::u32string& pat, const std::u32string& text, int budget) {
  const int m = static_cast<int>(pat.size()), pieces = budget + 1;
  if (pieces > m) return true;  // an empty piece is everywhere
  auto same = [](char32_t t, char32_t p) { return Same(p, t); };
  for (int i = 0; i < pieces; ++i) {
    const auto b = pat.begin() + static_cast<std::ptrdiff_t>(m) * i / pieces;
    const auto e = pat.begin() + static_cast<std::ptrdiff_t>(m) * (i + 1) / pieces;
    if (std::search(text.begin(), text.end(), b, e, same) != text.end()) return true;
  }
  return false;
}

// Approximate occurrences of `pat` in `text` with at most `budget` edits.
void Search(const std::u32string& pat, const std::u32string& text, int budget,
            std::vector<std::tuple<int, int, int>>* found) {
  const int m = static_cast<int>(pat.size()), n = static_cast<int>(text.size());
  if (m == 0 || n == 0 || !MayOccur(pat, text, budget)) return;
  std::vector<int> prev(n + 1, 0), cur(n + 1), prev_start(n + 1), cur_start(n + 1);
  for (int j = 0; j <= n; ++j) prev_start[j] = j;
  for (int i = 1; i <= m; ++i) {
    cur[0] = i;
    cur_start[0] = 0;
    for (int j = 1; j <= n; ++j) {
      int sub = prev[j - 1] + (Same(pat[i - 1], text[j - 1]) ? 0 : 1);
      int del = prev[j] + 1;      // pattern char missing from text
      int ins = cur[j - 1] + 1;   // extra text char
      if (sub <= del && sub <= ins) {
        cur[j] = sub;
        cur_start[j] = prev_start[j - 1];
      } else if (del <= ins) {
        cur[j] = del;
        cur_start[j] = prev_start[j];
      } else {
        cur[j] = ins;
        cur_start[j] = cur_start[j - 1];
      }
    }
    std::swap(prev, cur);
    std::swap(prev_start, cur_start);
  }
  // Local minima of the final row within budget.
  for (int j = 1; j <= n; ++j) {
    if (prev[j] > budget) continue;
    if (j + 1 <= n && prev[j + 1] < prev[j]) continue;
    if (j - 1 >= 1 && prev[j - 1] <= prev[j] && prev_start[j - 1] == prev_start[j]) continue;
    found->emplace_back(prev_start[j], j, prev[j]);
  }
}

// Whether position `at` of `text` lies inside a bracket opened before it on
// the line, not closed by then, with words between: a note such as the
// caption under a signature, "(Ký, ghi rõ họ, chữ đệm, tên)", which holds
// the words of a label ("Họ, chữ đệm, tên") but is none. (A speck read as a
// bracket right before a label, "(Quan hệ với ...", leaves it a label, and
// so does an item's number read as a bracket and a letter, "(O . Số định
// danh ...": words are of two letters or more.)
bool InsideBrackets(const std::u32string& text, int at) {
  int depth = 0;
  bool words_since_open = false;
  for (int x = 0; x < at; ++x) {
    if (text[x] == U'(' || text[x] == U'[' || text[x] == U'{') {
      ++depth;
      words_since_open = false;
    } else if ((text[x] == U')' || text[x] == U']' || text[x] == U'}') && depth > 0) {
      --depth;
    } else if (IsWordChar(text[x]) && x + 1 < at && IsWordChar(text[x + 1])) {
      words_since_open = true;
    }
  }
  return depth > 0 && words_since_open;
}

}  // namespace

std::vector<LabelHit> FindLabels(const std::vector<PreparedLine>& lines, const std::vector<Label>& labels,
                                 int first, int last) {
  std::vector<LabelHit> all;
  if (last < 0 || last >= static_cast<int>(lines.size())) last = static_cast<int>(lines.size()) - 1;
  for (int li = std::max(0, first); li <= last; ++li) {
    const std::u32string& f = lines[li].fold;
    std::vector<LabelHit> cands;
    for (int k = 0; k < static_cast<int>(labels.size()); ++k) {
      const Label& label = labels[k];
      std::vector<std::tuple<int, int, int>> found;
      Search(label.pattern, f, label.budget, &found);
      for (auto [b, e, cost] : found) {
        // Trim spaces the alignment pulled in.
        while (b < e && f[b] == U' ') ++b;
        while (e > b && f[e - 1] == U' ') --e;
        if (e <= b) continue;
        // Begin on a word boundary; short labels must also end on one. An
        // alignment of equal cost may have started inside the word
        // ("giion tinh cua coa" matched from its second letter): the
        // whole word is taken when it stays within the budget.
        if (b > 0 && IsWordChar(f[b - 1]) && IsWordChar(f[b])) {
          int w = b;
          while (w > 0 && IsWordChar(f[w - 1])) --w;
          const int whole = EditDistance(label.pattern, f.substr(w, e - w), label.budget, Same);
          if (whole > label.budget) continue;
          b = w;
          cost = whole;
        }
        if (label.pattern.size() <= 6 && e < static_cast<int>(f.size()) && IsLetter(f[e]) &&
            IsLetter(label.pattern.back())) continue;
        if (label.line_start) {
          bool ok = true;
          for (int x = 0; x < b && ok; ++x) ok = !IsLetter(f[x]);
          if (!ok) continue;
        }
        if (InsideBrackets(f, b)) continue;
        LabelHit h;
        h.line = li;
        h.begin = b;
        h.end = e;
        h.label = k;
        h.cost = cost;
        h.score = static_cast<double>(label.pattern.size()) - 3.0 * cost;
        bool starts = true;
        for (int x = 0; x < b && starts; ++x) starts = !IsLetter(f[x]);
        bool colon = label.pattern.back() == U':';
        for (int x = e; x < static_cast<int>(f.size()) && x < e + 4 && !colon; ++x) colon = f[x] == U':';
        h.strong = starts || colon;
        cands.push_back(h);
      }
    }
    std::sort(cands.begin(), cands.end(), [](const LabelHit& a, const LabelHit& b) {
      if (a.score != b.score) return a.score > b.score;
      return a.begin < b.begin;
    });
    std::vector<LabelHit> kept;
    for (const auto& c : cands) {
      bool overlap = false;
      for (const auto& k : kept) overlap = overlap || (c.begin < k.end && k.begin < c.end);
      if (!overlap) kept.push_back(c);
    }
    std::sort(kept.begin(), kept.end(), [](const LabelHit& a, const LabelHit& b) { return a.begin < b.begin; });
    all.insert(all.end(), kept.begin(), kept.end());
  }
  return all;
}

double TitleScore(const std::vector<PreparedLine>& lines, const Label& title) {
  double best = 0;
  for (const auto& line : lines) {
    std::vector<std::tuple<int, int, int>> found;
    Search(title.pattern, line.fold, title.budget, &found);
    int letters = 0;
    for (char32_t c : line.fold) letters += IsWordChar(c) ? 1 : 0;
    int title_letters = 0;
    for (char32_t c : title.pattern) title_letters += IsWordChar(c) ? 1 : 0;
    // The title must be most of its line: a receipt that mentions a form
    // by name is not that form.
    if (letters == 0 || title_letters * 10 < letters * 7 || letters * 10 < title_letters * 7) continue;
    for (auto [b, e, cost] : found) {
      // Printed in capitals, as every form prints its title: a list or a
      // sentence that names the form ("Tờ khai thay đổi thông tin cư trú
      // (Mẫu CT01)" on a receipt) is not its title.
      int upper = 0, lower = 0;
      for (int i = b; i < e && i < static_cast<int>(line.text.size()); ++i) {
        upper += u_isupper(line.text[i]) ? 1 : 0;
        lower += u_islower(line.text[i]) ? 1 : 0;
      }
      if (upper < 2 * lower) continue;
      double s = 1.0 - 0.5 * cost / std::max(1, title.budget + 1);
      best = std::max(best, s);
    }
  }
  return best;
}

}  // namespace forms
}  // namespace hoso
