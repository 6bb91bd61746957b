// FindLabels: approximate label search over OCR lines, within each label's
// edit budget, with a colon read as ';', '.' or ','.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "pipeline/forms/templates.h"

namespace hoso::forms {
namespace {

Label MakeLabel(const std::u32string& pattern, int budget) {
  Label l;
  l.pattern = pattern;
  l.budget = budget;
  return l;
}

std::vector<PreparedLine> Lines(const std::vector<std::u32string>& folds) {
  std::vector<PreparedLine> out;
  for (const auto& f : folds) {
    PreparedLine p;
    p.text = f;
    p.fold = f;
    out.push_back(p);
  }
  return out;
}

TEST(FindLabels, FindsALabelWithinItsBudgetWhereverTheEditsFall) {
  // "noi sinh:" with budget 2: two edits in any places, the colon read as a
  // semicolon at no cost.
  const std::vector<Label> labels = {MakeLabel(U"noi sinh:", 2)};
  const std::vector<std::u32string> found = {
      U"noi sinh: benh vien",   // exact
      U"nqi sjnh; benh vien",   // an edit in each half, colon as ';'
      U"no sinh. benh vien",    // a deletion, colon as '.'
      U"xnoi sinhh: x",         // inserted letters around and inside
      U"nxi sxnh, a",           // both edits in the first half
  };
  for (const auto& line : found) {
    SCOPED_TRACE(std::string(line.begin(), line.end()));
    const auto hits = FindLabels(Lines({line}), labels);
    ASSERT_EQ(hits.size(), 1u);
    EXPECT_LE(hits[0].cost, 2);
  }
  // Three edits, or no piece of the label left whole: nothing.
  for (const auto& line : std::vector<std::u32string>{U"nqi sjnx: benh vien", U"abc def ghi", U"nx sx xx"}) {
    SCOPED_TRACE(std::string(line.begin(), line.end()));
    EXPECT_TRUE(FindLabels(Lines({line}), labels).empty());
  }
}

TEST(FindLabels, AShortLabelWithOneEdit) {
  // Two pieces of one letter or more: "s0;" keeps the "s".
  const std::vector<Label> labels = {MakeLabel(U"so:", 1)};
  const auto hits = FindLabels(Lines({U"s0; 123"}), labels);
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].cost, 1);
}

TEST(FindLabels, NotInsideANoteInBrackets) {
  // The caption under a signature holds the words of the child's name
  // label but is no label; after its bracket closes, a label is one.
  const std::vector<Label> labels = {MakeLabel(U"ho, chu dem, ten", 2)};
  EXPECT_TRUE(FindLabels(Lines({U"(ky, ghi ro ho, chu dem, ten)"}), labels).empty());
  EXPECT_TRUE(FindLabels(Lines({U"[ky, ghi ro ho, chu dem, ten"}), labels).empty());
  EXPECT_EQ(FindLabels(Lines({U"ho, chu dem, ten: nguyen van an"}), labels).size(), 1u);
  EXPECT_EQ(FindLabels(Lines({U"(1) ho, chu dem, ten: nguyen van an"}), labels).size(), 1u);
  // A speck read as a bracket right before the label.
  EXPECT_EQ(FindLabels(Lines({U"| (ho, chu dem, ten: nguyen van an"}), labels).size(), 1u);
  // An item's number read as a bracket and a letter (generated l6363
  // d0027, a scan: "(O . Số định danh cá nhân của chủ hộ: ...").
  EXPECT_EQ(FindLabels(Lines({U"(o . ho, chu dem, ten: nguyen van an"}), labels).size(), 1u);
  EXPECT_TRUE(FindLabels(Lines({U"(ky ghi ro ho, chu dem, ten)"}), labels).empty());
}

}  // namespace
}  // namespace hoso::forms
