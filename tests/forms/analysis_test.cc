// Classification, grouping, extraction and cross-document checks on
// synthetic OCR results.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "forms_test_util.h"

namespace hoso {
namespace forms {
namespace {

using testing_util::Engine;
using testing_util::MakeOcr;

const std::vector<std::string> kGcsNew = {
    "SỞ Y TẾ THANH HÓA", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "BỆNH VIỆN ĐA KHOA TỈNH THANH HÓA", "Độc lập - Tự do - Hạnh phúc",
    "GIẤY CHỨNG SINH",
    "Số: 38123.GCS.00456.25",
    "Họ, chữ đệm, tên khai sinh của mẹ/người nuôi dưỡng: TRẦN THỊ LAN",
    "Ngày, tháng, năm sinh: 02/03/1995 Dân tộc: Kinh",
    "Số định danh cá nhân/Hộ chiếu: 038195012345",
    "Nơi cư trú: thôn Đông, xã Quý Lộc, tỉnh Thanh Hóa",
    "Mã số BHXH/Thẻ BHYT số: 3812345678",
    "Họ và tên cha: NGUYỄN VĂN AN",
    "Đã sinh con vào lúc: 12 giờ 29 phút, ngày 11 tháng 10 năm 2025",
    "Tại: Bệnh viện Đa khoa tỉnh Thanh Hóa, số 181 đường Hải Thượng Lãn Ông,",
    "phường Hạc Thành, tỉnh Thanh Hóa",
    "Số con trong lần sinh này: 1 Giới tính của con: Nữ",
    "Cân nặng: 3541 gram",
    "Dự định đặt tên con là: NGUYỄN THỊ MAI",
    "Ghi chú: ..........",
    "Thanh Hóa, ngày 12 tháng 10 năm 2025",
    "Người đỡ đẻ Thủ trưởng cơ sở y tế",
};

const std::vector<std::string> kTkks = {
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
    "TỜ KHAI ĐĂNG KÝ KHAI SINH",
    "Kính gửi: Ủy ban nhân dân phường Hạc Thành",
    "Họ, chữ đệm, tên người yêu cầu: TRẦN THỊ LAN",
    "Nơi cư trú: thôn Đông, xã Quý Lộc, tỉnh Thanh Hóa",
    "Giấy tờ tùy thân: CCCD số 038195012345",
    "Quan hệ với người được khai sinh: Mẹ",
    "Đề nghị cơ quan đăng ký khai sinh cho người dưới đây:",
    "Họ, chữ đệm, tên: NGUYỄN THỊ MAI",
    "Ngày, tháng, năm sinh: 11/10/2025 ghi bằng chữ: ngày mười một tháng mười năm hai nghìn không trăm hai mươi lăm",
    "Giới tính: Nữ Dân tộc: Kinh Quốc tịch: Việt Nam",
    "Nơi sinh: Bệnh viện Đa khoa tỉnh Thanh Hóa, số 181 đường Hải Thượng Lãn Ông, phường Hạc Thành, tỉnh Thanh Hóa",
    "Quê quán: xã Quý Lộc, tỉnh Thanh Hóa",
    "Họ, chữ đệm, tên người mẹ: TRẦN THỊ LAN",
    "Năm sinh: 1995 Dân tộc: Kinh Quốc tịch: Việt Nam",
    "Nơi cư trú: thôn Đông, xã Quý Lộc, tỉnh Thanh Hóa",
    "Họ, chữ đệm, tên người cha: NGUYỄN VĂN AN",
    "Năm sinh: 1993 Dân tộc: Kinh Quốc tịch: Việt Nam",
    "Nơi cư trú: thôn Đông, xã Quý Lộc, tỉnh Thanh Hóa",
    "Tôi cam đoan nội dung đề nghị đăng ký khai sinh trên đây là đúng sự thật",
    "Làm tại: phường Hạc Thành, ngày 15 tháng 10 năm 2025",
    "Người yêu cầu",
};

const std::vector<std::string> kNotice = {
    "ỦY BAN NHÂN DÂN PHƯỜNG HẠC THÀNH", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
    "Tiếp nhận hồ sơ của: TRẦN THỊ LAN",
    "Thành phần hồ sơ: Tờ khai đăng ký khai sinh; Giấy chứng sinh",
    "Ngày hẹn trả kết quả: 20/10/2025",
};

std::string Str(const DocumentAnalysis& d, const std::string& key) {
  auto it = d.fields.find(key);
  if (it == d.fields.end()) return "<absent>";
  if (std::holds_alternative<std::string>(it->second.value)) return std::get<std::string>(it->second.value);
  if (std::holds_alternative<std::int64_t>(it->second.value)) return std::to_string(std::get<std::int64_t>(it->second.value));
  return "<null>";
}

// `key` mended to `value` from what was read, `from`.
void ExpectMended(const DocumentAnalysis& d, const std::string& key, const std::string& value, const std::string& from) {
  EXPECT_EQ(Str(d, key), value);
  auto it = d.fields.find(key);
  EXPECT_EQ(it == d.fields.end() ? "" : it->second.corrected_from.value_or(""), from) << key;
}

struct AnalysisRun {
  std::vector<OcrResult> ocr;
  std::vector<OcrResult> others;  // the first page's other readings
  std::vector<DocumentAnalysis> docs;
  std::vector<Issue> dossier_issues;
  bool review = false;
};

// Runs the forms stage on pages already read.
AnalysisRun AnalyseOcr(std::vector<OcrResult> ocr) {
  AnalysisRun r;
  r.ocr = std::move(ocr);
  std::vector<AnalysedPage> in;
  for (const auto& o : r.ocr) in.push_back(AnalysedPage{&o, cv::Size(2480, 3508)});
  Engine()->Analyse(in, &r.docs, &r.dossier_issues, &r.review);
  return r;
}

// Runs the forms stage on one page read as `kept`, with `others` as its
// other readings (other enhancements of its image).
AnalysisRun AnalyseWithOtherReadings(OcrResult kept, std::vector<OcrResult> others) {
  AnalysisRun r;
  r.ocr.push_back(std::move(kept));
  r.others = std::move(others);
  std::vector<AnalysedPage> in = {AnalysedPage{&r.ocr[0], cv::Size(2480, 3508), &r.others}};
  Engine()->Analyse(in, &r.docs, &r.dossier_issues, &r.review);
  return r;
}

// Pages read as `kept`, page i with `others[i]` as its other readings.
struct PagesRun {
  std::vector<OcrResult> kept;
  std::vector<std::vector<OcrResult>> others;
  std::vector<DocumentAnalysis> docs;
  std::vector<Issue> dossier_issues;
  bool review = false;
};
PagesRun AnalysePagesWithOtherReadings(const std::vector<std::vector<std::string>>& kept,
                                       const std::vector<std::vector<std::vector<std::string>>>& others) {
  PagesRun r;
  for (const auto& p : kept) r.kept.push_back(MakeOcr(p));
  for (const auto& readings : others) {
    r.others.emplace_back();
    for (const auto& o : readings) r.others.back().push_back(MakeOcr(o));
  }
  std::vector<AnalysedPage> in;
  for (size_t i = 0; i < r.kept.size(); ++i)
    in.push_back(AnalysedPage{&r.kept[i], cv::Size(2480, 3508), i < r.others.size() ? &r.others[i] : nullptr});
  Engine()->Analyse(in, &r.docs, &r.dossier_issues, &r.review);
  return r;
}

AnalysisRun Analyse(const std::vector<std::vector<std::string>>& pages, float confidence = 0.9f) {
  std::vector<OcrResult> ocr;
  for (const auto& p : pages) ocr.push_back(MakeOcr(p, confidence));
  return AnalyseOcr(std::move(ocr));
}

// Issue code -> severity for the first document.
std::map<std::string, std::string> Severities(const AnalysisRun& r) {
  std::map<std::string, std::string> c;
  for (const auto& i : r.docs.at(0).issues) c[i.code] = i.severity;
  return c;
}

// One page read as one document whose fields include `want` (values as
// Str gives them).
void ExpectOneDocument(const std::vector<std::string>& lines, const std::map<std::string, std::string>& want) {
  AnalysisRun r = Analyse({lines});
  ASSERT_EQ(r.docs.size(), 1u);
  for (const auto& [key, value] : want) EXPECT_EQ(Str(r.docs[0], key), value) << key;
}

TEST(Analysis, BirthCertificateNewLayout) {
  ASSERT_NE(Engine(), nullptr);
  AnalysisRun r = Analyse({kGcsNew});
  ASSERT_EQ(r.docs.size(), 1u);
  const auto& d = r.docs[0];
  EXPECT_EQ(d.document_type, "birth_certificate");
  EXPECT_EQ(d.layout.value_or(""), "gcs-new");
  EXPECT_GT(d.confidence, 0.6);
  EXPECT_EQ(Str(d, "certificate.number"), "38123.GCS.00456.25");
  EXPECT_EQ(Str(d, "mother.full_name"), "TRẦN THỊ LAN");
  EXPECT_EQ(Str(d, "mother.birth_date"), "1995-03-02");
  EXPECT_EQ(Str(d, "mother.ethnicity"), "Kinh");
  EXPECT_EQ(Str(d, "mother.id_number"), "038195012345");
  EXPECT_EQ(Str(d, "mother.residence"), "thôn Đông, xã Quý Lộc, tỉnh Thanh Hóa");
  EXPECT_EQ(Str(d, "mother.insurance_number"), "3812345678");
  EXPECT_EQ(Str(d, "father.full_name"), "NGUYỄN VĂN AN");
  EXPECT_EQ(Str(d, "child.birth_datetime"), "2025-10-11T12:29");
  EXPECT_EQ(Str(d, "child.birth_place"),
            "Bệnh viện Đa khoa tỉnh Thanh Hóa, số 181 đường Hải Thượng Lãn Ông, phường Hạc Thành, tỉnh Thanh Hóa");
  EXPECT_EQ(Str(d, "child.count_in_birth"), "1");
  EXPECT_EQ(Str(d, "child.sex"), "female");
  EXPECT_EQ(Str(d, "child.weight_grams"), "3541");
  EXPECT_EQ(Str(d, "child.intended_name"), "NGUYỄN THỊ MAI");
  EXPECT_EQ(Str(d, "mother.birth_year"), "<absent>");
  EXPECT_TRUE(d.issues.empty()) << d.issues[0].code << " " << d.issues[0].message;
  EXPECT_FALSE(r.review);
  // Box of the weight: the words "3541 gram" on line 16.
  const Field& w = d.fields.at("child.weight_grams");
  EXPECT_EQ(w.page, 0);
  EXPECT_EQ(w.box.y, 100 + 16 * 50);
  EXPECT_NEAR(w.confidence, 0.9, 1e-6);
}

TEST(Analysis, DiacriticDroppedOcrStillExtracts) {
  std::vector<std::string> lines = {
      "GIAY CHUNG SINH",
      "So: 1234",
      "Ho va ten me/Nguoi nuoi duong: TRAN THI LAN Nam sinh: 1995",
      "Noi dang ky thuong tru: thon Dong, xa Quy Loc, tinh Thanh Hoa",
      "Ma so BHXH/The BHYT so: ........",
      "Giay CMND/The can cuoc/Ho chieu so: O38l95O12345 Dan toc: Kinh",
      "Ho va ten cha: ..............",
      "Da sinh con vao luc: 8 gio 5 phut, ngay 3 thang 4 nam 2024",
      "Tai: Benh vien Da khoa tinh Thanh Hoa, so 181 duong Hai Thuong Lan Ong, phuong Dien Bien,",
      "thanh pho Thanh Hoa, tinh Thanh Hoa",
      "So con trong lan sinh nay: 01",
      "Gioi tinh cua con: Nam",
      "Can nang: 3.200 gram",
      "Du dinh dat ten con la: NGUYEN VAN BINH",
  };
  AnalysisRun r = Analyse({lines}, 0.5f);
  ASSERT_EQ(r.docs.size(), 1u);
  const auto& d = r.docs[0];
  EXPECT_EQ(d.document_type, "birth_certificate");
  EXPECT_EQ(d.layout.value_or(""), "gcs-old");
  EXPECT_EQ(Str(d, "certificate.number"), "1234");
  EXPECT_EQ(Str(d, "mother.full_name"), "TRAN THI LAN");
  EXPECT_EQ(Str(d, "mother.birth_year"), "1995");
  EXPECT_EQ(Str(d, "mother.id_number"), "038195012345");
  EXPECT_TRUE(d.fields.at("mother.id_number").corrected_from.has_value());
  EXPECT_EQ(Str(d, "mother.ethnicity"), "Kinh");
  EXPECT_EQ(Str(d, "mother.insurance_number"), "<null>");
  EXPECT_EQ(Str(d, "father.full_name"), "<null>");
  EXPECT_EQ(Str(d, "child.birth_datetime"), "2024-04-03T08:05");
  EXPECT_EQ(Str(d, "child.sex"), "male");
  EXPECT_EQ(Str(d, "child.weight_grams"), "3200");
  EXPECT_EQ(Str(d, "child.count_in_birth"), "1");
  EXPECT_EQ(Str(d, "child.intended_name"), "NGUYEN VAN BINH");
  // A pre-reform commune before 2025-07-01 is fine; marks restored.
  for (const auto& i : d.issues) EXPECT_NE(i.code.rfind("birth_place.", 0), 0u) << i.code << " " << i.message;
  int unreadable = 0;
  for (const auto& i : d.issues) unreadable += i.code == "field.unreadable";
  EXPECT_EQ(unreadable, 2);
  EXPECT_TRUE(r.review);  // blank fields and low confidence

  // The plain number with a letter read for a digit.
  lines[1] = "So: 58I";
  r = Analyse({lines}, 0.5f);
  ASSERT_EQ(r.docs.size(), 1u);
  ExpectMended(r.docs[0], "certificate.number", "581", "58I");
}

TEST(Analysis, RegistrationFormAndCrossDocumentChecks) {
  AnalysisRun r = Analyse({kGcsNew, kTkks});
  ASSERT_EQ(r.docs.size(), 2u);
  const auto& t = r.docs[1];
  EXPECT_EQ(t.document_type, "birth_registration_form");
  EXPECT_EQ(t.layout.value_or(""), "tkks");
  EXPECT_EQ(Str(t, "requester.full_name"), "TRẦN THỊ LAN");
  EXPECT_EQ(Str(t, "requester.relationship"), "Mẹ");
  EXPECT_EQ(Str(t, "child.full_name"), "NGUYỄN THỊ MAI");
  EXPECT_EQ(Str(t, "child.birth_date"), "2025-10-11");
  EXPECT_EQ(Str(t, "child.sex"), "female");
  EXPECT_EQ(Str(t, "child.ethnicity"), "Kinh");
  EXPECT_EQ(Str(t, "child.nationality"), "Việt Nam");
  EXPECT_EQ(Str(t, "child.hometown"), "xã Quý Lộc, tỉnh Thanh Hóa");
  EXPECT_EQ(Str(t, "mother.full_name"), "TRẦN THỊ LAN");
  EXPECT_EQ(Str(t, "mother.birth_year"), "1995");
  EXPECT_EQ(Str(t, "mother.ethnicity"), "Kinh");
  EXPECT_EQ(Str(t, "father.full_name"), "NGUYỄN VĂN AN");
  EXPECT_EQ(Str(t, "father.birth_year"), "1993");
  EXPECT_EQ(t.fields.count("_document.date"), 0u);
  EXPECT_TRUE(r.dossier_issues.empty()) << r.dossier_issues[0].message;

  // The father's name differs: one dossier-level error naming both documents.
  std::vector<std::string> other = kTkks;
  other[17] = "Họ, chữ đệm, tên người cha: NGUYỄN VĂN ANH";
  AnalysisRun m = Analyse({kGcsNew, other});
  ASSERT_EQ(m.dossier_issues.size(), 1u);
  EXPECT_EQ(m.dossier_issues[0].code, "dossier.mismatch");
  EXPECT_EQ(m.dossier_issues[0].severity, "error");
  EXPECT_EQ(m.dossier_issues[0].field, "father.full_name");
  EXPECT_NE(m.dossier_issues[0].message.find("Giấy chứng sinh"), std::string::npos);
  EXPECT_NE(m.dossier_issues[0].message.find("Tờ khai đăng ký khai sinh"), std::string::npos);
}

// A name read on one document with a word that is no name syllable (MÌNH
// read MEXH, a lowercase speck word) is the other document's reading of it:
// corrected, and no mismatch. Two readings that are both names (THU, THƯ)
// may differ on the papers themselves: both stand, and disagree.
TEST(Analysis, NameMisreadOnOneDocumentIsTheOtherDocumentsReading) {
  std::vector<std::string> gcs = kGcsNew, tkks = kTkks;
  const size_t mother = static_cast<size_t>(
      std::find(tkks.begin(), tkks.end(), "Họ, chữ đệm, tên người mẹ: TRẦN THỊ LAN") - tkks.begin());
  ASSERT_LT(mother, tkks.size());
  gcs[6] = "Họ, chữ đệm, tên khai sinh của mẹ/người nuôi dưỡng: TRẦN THỊ MINH LAN";
  tkks[mother] = "Họ, chữ đệm, tên người mẹ: TRẦN THỊ MEXH LAN";
  gcs[11] = "Họ và tên cha: NGUYỄN VĂN tôi AN";
  AnalysisRun r = Analyse({gcs, tkks});
  ASSERT_EQ(r.docs.size(), 2u);
  ExpectMended(r.docs[1], "mother.full_name", "TRẦN THỊ MINH LAN", "TRẦN THỊ MEXH LAN");
  EXPECT_EQ(Str(r.docs[0], "father.full_name"), "NGUYỄN VĂN AN");
  for (const auto& i : r.dossier_issues) ADD_FAILURE() << i.message;

  tkks[mother] = "Họ, chữ đệm, tên người mẹ: TRẦN THỊ MINH HOA";  // both names: a real disagreement
  AnalysisRun m = Analyse({gcs, tkks});
  EXPECT_EQ(Str(m.docs[1], "mother.full_name"), "TRẦN THỊ MINH HOA");
  ASSERT_EQ(m.dossier_issues.size(), 1u);
  EXPECT_EQ(m.dossier_issues[0].field, "mother.full_name");
}

// One document naming the same person twice, with the marks read two ways
// (the mother "HÒA", the requester "HOA"), is OCR's doing: the way the
// other readings agree on is taken. The other document alone reading
// "HÒA" is not mended: two papers may differ so.
TEST(Analysis, NameMarksReadTwoWaysOnOneDocumentFollowTheAgreeingReadings) {
  auto with_mother = [](std::vector<std::string> lines, const std::string& from, const std::string& to) {
    for (std::string& l : lines) {
      const size_t at = l.find(from);
      if (at != std::string::npos) l.replace(at, from.size(), to);
    }
    return lines;
  };
  std::vector<std::string> gcs = with_mother(kGcsNew, "TRẦN THỊ LAN", "TRẦN THỊ HOA");
  std::vector<std::string> tkks = with_mother(kTkks, "TRẦN THỊ LAN", "TRẦN THỊ HOA");
  for (std::string& l : tkks) {
    if (l == "Họ, chữ đệm, tên người mẹ: TRẦN THỊ HOA") l = "Họ, chữ đệm, tên người mẹ: TRẦN THỊ HÒA";
  }
  AnalysisRun r = Analyse({gcs, tkks});
  ASSERT_EQ(r.docs.size(), 2u);
  ExpectMended(r.docs[1], "mother.full_name", "TRẦN THỊ HOA", "TRẦN THỊ HÒA");
  EXPECT_EQ(Str(r.docs[1], "requester.full_name"), "TRẦN THỊ HOA");
  for (const auto& i : r.dossier_issues) ADD_FAILURE() << i.message;

  // The certificate alone reads "HÒA": it stands, and the documents disagree.
  gcs = with_mother(kGcsNew, "TRẦN THỊ LAN", "TRẦN THỊ HÒA");
  tkks = with_mother(kTkks, "TRẦN THỊ LAN", "TRẦN THỊ HOA");
  AnalysisRun m = Analyse({gcs, tkks});
  EXPECT_EQ(Str(m.docs[0], "mother.full_name"), "TRẦN THỊ HÒA");
  ASSERT_EQ(m.dossier_issues.size(), 1u);
  EXPECT_EQ(m.dossier_issues[0].field, "mother.full_name");
}

// A date of birth also written in words: the day and month the figures
// give otherwise (a digit misread) are the words'; the year stays the
// figures' (its words, last on the line, may be cut).
TEST(Analysis, BirthDateFiguresMendedFromTheWords) {
  std::vector<std::string> lines = kTkks;
  const std::string words = " ghi bằng chữ: ngày mười một tháng mười năm hai nghìn không trăm hai mươi lăm";
  const size_t at = static_cast<size_t>(
      std::find(lines.begin(), lines.end(), "Ngày, tháng, năm sinh: 11/10/2025" + words) - lines.begin());
  ASSERT_LT(at, lines.size());
  lines[at] = "Ngày, tháng, năm sinh: 17/10/2025" + words;  // 1 read 7
  AnalysisRun r = Analyse({lines});
  ASSERT_EQ(r.docs.size(), 1u);
  ExpectMended(r.docs[0], "child.birth_date", "2025-10-11", "2025-10-17");
  EXPECT_EQ(r.docs[0].fields.count("_child.birth_date.words"), 0u);

  lines[at] = "Ngày, tháng, năm sinh: 11/10/2005 ghi bằng chữ: ngày mười một tháng mười năm hai nghìn không trăm hai";
  AnalysisRun y = Analyse({lines});  // the year's words cut: the figures' year stands
  EXPECT_EQ(Str(y.docs[0], "child.birth_date"), "2005-10-11");
  lines[at] = "Ngày, tháng, năm sinh: 17/10/2025 ghi bằng chữ: ngày mười một thắng nười năm hai nghìn";
  AnalysisRun u = Analyse({lines});  // "nười" is no number word: the figures stand
  EXPECT_EQ(Str(u.docs[0], "child.birth_date"), "2025-10-17");
  for (const auto& i : u.docs[0].issues) EXPECT_EQ(i.field.rfind("_", 0), std::string::npos) << i.field;
}

// Figures that give no date ("1 X⁄O9/2024", generated x2468 d0008) or no
// valid one: the words' day and month in the one year the figures show;
// with no year among them, nothing.
TEST(Analysis, BirthDateFromTheWordsWhereTheFiguresGiveNone) {
  std::vector<std::string> lines = kTkks;
  const std::string words = " ghi bằng chữ: ngày mười ba tháng chín năm hai nghìn không trăm hai mươi tư";
  const size_t at = static_cast<size_t>(
      std::find_if(lines.begin(), lines.end(), [](const std::string& l) { return l.rfind("Ngày, tháng, năm sinh", 0) == 0; }) -
      lines.begin());
  ASSERT_LT(at, lines.size());
  lines[at] = "Ngày, tháng, năm sinh: 1 X⁄O9/2024" + words;
  AnalysisRun r = Analyse({lines});
  ASSERT_EQ(r.docs.size(), 1u);
  ExpectMended(r.docs[0], "child.birth_date", "2024-09-13", "1 X⁄O9/2024");
  for (const auto& i : r.docs[0].issues) EXPECT_NE(i.field, "child.birth_date") << i.code;
  lines[at] = "Ngày, tháng, năm sinh: 13/39/2024" + words;  // no month 39, nor one a look-alike off
  EXPECT_EQ(Str(Analyse({lines}).docs[0], "child.birth_date"), "2024-09-13");
  lines[at] = "Ngày, tháng, năm sinh: 1 X⁄O9/2O24" + words;  // no year among the figures
  EXPECT_EQ(Str(Analyse({lines}).docs[0], "child.birth_date"), "<null>");
}

// A label printed for several people ("Năm sinh", "Dân tộc") that OCR lost
// on the mother's line is not taken from the father's: her fields are
// unreadable, his are his.
TEST(Analysis, ASharedLabelLostIsNotTakenFromTheNextPerson) {
  std::vector<std::string> lines = kTkks;
  lines[15] = "— 1995 ........ — Kinh ........ Việt Nam";
  AnalysisRun r = Analyse({lines});
  ASSERT_EQ(r.docs.size(), 1u);
  const auto& t = r.docs[0];
  EXPECT_FALSE(std::holds_alternative<std::int64_t>(t.fields.at("mother.birth_year").value)) << Str(t, "mother.birth_year");
  EXPECT_FALSE(std::holds_alternative<std::string>(t.fields.at("mother.ethnicity").value)) << Str(t, "mother.ethnicity");
  EXPECT_EQ(Str(t, "father.birth_year"), "1993");
  EXPECT_EQ(Str(t, "father.full_name"), "NGUYỄN VĂN AN");
  EXPECT_EQ(Str(t, "child.ethnicity"), "Kinh");
}

TEST(Analysis, UnknownPageAndContinuation) {
  // A receipt naming the forms is not a form; a blank page is unknown.
  std::vector<std::string> first(kTkks.begin(), kTkks.begin() + 14);
  std::vector<std::string> second(kTkks.begin() + 14, kTkks.end());
  AnalysisRun r = Analyse({kNotice, first, second, {}});
  ASSERT_EQ(r.docs.size(), 3u);
  EXPECT_EQ(r.docs[0].document_type, "unknown");
  EXPECT_FALSE(r.docs[0].layout.has_value());
  EXPECT_EQ(r.docs[1].document_type, "birth_registration_form");
  EXPECT_EQ(r.docs[1].pages, (std::vector<int>{1, 2}));
  EXPECT_EQ(Str(r.docs[1], "father.full_name"), "NGUYỄN VĂN AN");
  EXPECT_EQ(r.docs[1].fields.at("father.full_name").page, 1);
  EXPECT_EQ(r.docs[2].document_type, "unknown");
  EXPECT_EQ(r.docs[2].pages, (std::vector<int>{3}));
}

// RecognisesPage: a form's page is recognised by itself, by its kept
// reading or by another reading of it; a notice, a blank page and a form's
// continuation page (recognised in Analyse only after its first page) are
// not.
TEST(Analysis, RecognisesPageAloneAsAnalyseClassifiesIt) {
  const FormsEngine* e = Engine();
  ASSERT_NE(e, nullptr);
  const std::vector<std::string> first(kTkks.begin(), kTkks.begin() + 14);
  const std::vector<std::string> second(kTkks.begin() + 14, kTkks.end());
  EXPECT_TRUE(e->RecognisesPage(MakeOcr(kTkks), nullptr));
  EXPECT_TRUE(e->RecognisesPage(MakeOcr(first), nullptr));
  EXPECT_TRUE(e->RecognisesPage(MakeOcr(kGcsNew), nullptr));
  EXPECT_FALSE(e->RecognisesPage(MakeOcr(kNotice), nullptr));
  EXPECT_FALSE(e->RecognisesPage(MakeOcr({}), nullptr));
  EXPECT_FALSE(e->RecognisesPage(MakeOcr(second), nullptr));
  const std::vector<OcrResult> others = {MakeOcr(kNotice), MakeOcr(kTkks)};
  EXPECT_TRUE(e->RecognisesPage(MakeOcr(kNotice), &others));
  const std::vector<OcrResult> no_form = {MakeOcr(second)};
  EXPECT_FALSE(e->RecognisesPage(MakeOcr(kNotice), &no_form));
}

TEST(Analysis, ResidenceForm) {
  std::vector<std::string> lines = {
      "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
      "TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ",
      "Kính gửi(1): Công an phường Hạc Thành",
      "1. Họ, chữ đệm và tên khai sinh: LÊ VĂN HÙNG",
      "2. Ngày, tháng, năm sinh: 05/06/1988 3. Giới tính: Nam",
      "4. Số định danh cá nhân: 038088001234",
      "5. Số điện thoại liên hệ: 0912 345 678 6. Email: hung@example.com",
      "7. Họ, chữ đệm và tên chủ hộ: LÊ VĂN NAM",
      "8. Mối quan hệ với chủ hộ: Con",
      "9. Số định danh cá nhân của chủ hộ: 038060001111",
      "10. Nội dung đề nghị(2): Đăng ký thường trú",
  };
  AnalysisRun r = Analyse({lines});
  ASSERT_EQ(r.docs.size(), 1u);
  const auto& d = r.docs[0];
  EXPECT_EQ(d.document_type, "residence_form");
  EXPECT_EQ(Str(d, "applicant.full_name"), "LÊ VĂN HÙNG");
  EXPECT_EQ(Str(d, "applicant.birth_date"), "1988-06-05");
  EXPECT_EQ(Str(d, "applicant.sex"), "male");
  EXPECT_EQ(Str(d, "applicant.id_number"), "038088001234");
  EXPECT_EQ(Str(d, "applicant.phone"), "0912345678");
  EXPECT_EQ(Str(d, "household_head.full_name"), "LÊ VĂN NAM");
  EXPECT_EQ(Str(d, "applicant.relationship_to_head"), "Con");
  EXPECT_EQ(Str(d, "household_head.id_number"), "038060001111");
  EXPECT_TRUE(d.issues.empty()) << d.issues[0].code << " " << d.issues[0].message;

  // As a hard photo reads it: a label matched short of its end leaves its
  // last letters and colon ("chủ hệ:"), numbers broken by spaces and colons,
  // a date whose slash became 1.
  lines[5] = "2. Ngày, tháng, năm sinh: 05106 1988 3. Giới tính: Nam";
  lines[7] = "5. Số điện thoại liên hệ: 0912 : 345678 6. Email:";
  lines[9] = "8. Mối quan hệ với chủ hệ: Con";
  lines[10] = "9. Số định danh cá nhân của chủ hộ: 03 80600: 011: 11.";
  ExpectOneDocument(lines, {{"applicant.birth_date", "1988-06-05"},
                            {"applicant.phone", "0912345678"},
                            {"applicant.relationship_to_head", "Con"},
                            {"household_head.id_number", "038060001111"}});

  // The request's label misread ("sghị", its colon a brace) and its value
  // run on to a second line.
  lines[11] = "10. Nội dung đề sghị(2} Đăng ký thường trú vào hộ gia đính chồng tại thôn 3, Xã Đông";
  lines.push_back("Trạch, Tỉnh Quảng Trị...........................Ỏ . . . . . — . . . s.......");
  ExpectOneDocument(lines, {{"residence.request",
                             "Đăng ký thường trú vào hộ gia đình chồng tại thôn 3, Xã Đông Trạch, Tỉnh Quảng Trị"}});
  // Its closing bracket misread apart from it ("nghị(2 }"; generated
  // o7474 d0017, a hard photo).
  lines[11] = "10. Nội đưag đề nghị(2 } Đăng ký dường trủ vào hộ gia định chúng dại thôn Nae, xã Yến Trạch, tính";
  lines[12] = "Thái Nguyền... _——_——~.ễiễ~ễr+ễ=~—mmmmmym————mxm——_—_———— . . . . . .";
  ExpectOneDocument(lines, {{"residence.request", "Đăng ký thường trú vào hộ gia đình chồng tại thôn Nae, xã Yên Trạch, tỉnh Thái Nguyên"}});
  // Its comma read as a dot where it wraps (generated l6363 d0030, a scan).
  lines[11] = "10. Nội dung đề nghị(2): Đăng ký thường trú vào hộ gia đình chồng tại thôn Đông, xã Quảng";
  lines[12] = "Ninh. tỉnh Thanh Hóa . . . . . . . . . . . . . . . . . . . . . . . . . . . .";
  ExpectOneDocument(lines, {{"residence.request",
                             "Đăng ký thường trú vào hộ gia đình chồng tại thôn Đông, xã Quảng Ninh, tỉnh Thanh Hóa"}});
}

TEST(Analysis, ValidationErrorsOnAForm) {
  std::vector<std::string> lines = kGcsNew;
  lines[8] = "Số định danh cá nhân/Hộ chiếu: 038095012345";    // male digit for the mother
  lines[13] = "Tại: Bệnh viện Đa khoa tỉnh Thanh Hóa, số 181 đường Hải Thượng Lãn Ông,";
  lines[14] = "phường Hạc Thành";                              // no province
  lines[16] = "Cân nặng: 9200 gram";
  lines[7] = "Ngày, tháng, năm sinh: 02/03/2020 Dân tộc: Kinh";  // 5 years older than the child
  AnalysisRun r = Analyse({lines});
  std::set<std::string> codes;
  for (const auto& i : r.docs[0].issues) codes.insert(i.code);
  EXPECT_TRUE(codes.count("id_number.sex_mismatch"));
  EXPECT_TRUE(codes.count("birth_place.missing_province"));
  EXPECT_TRUE(codes.count("child.weight_out_of_range"));
  EXPECT_TRUE(codes.count("mother.age_gap"));
}


TEST(Analysis, FormWithItsTitleCutOffIsStillRecognised) {
  std::vector<std::string> no_title(kTkks.begin() + 4, kTkks.end());
  AnalysisRun r = Analyse({no_title});
  ASSERT_EQ(r.docs.size(), 1u);
  EXPECT_EQ(r.docs[0].document_type, "birth_registration_form");
  EXPECT_LT(r.docs[0].confidence, 0.6);  // less sure than with the title
  EXPECT_EQ(Str(r.docs[0], "mother.full_name"), "TRẦN THỊ LAN");
  // A few form words in running text are not enough.
  AnalysisRun n = Analyse({{"Họ, chữ đệm, tên: TRẦN THỊ LAN", "Giới tính: Nữ", "Ghi chú: không"}});
  EXPECT_EQ(n.docs[0].document_type, "unknown");
}


TEST(Analysis, ContinuationSkipsOneNoiseLineAndStopsAtTheProvince) {
  std::vector<std::string> lines = kGcsNew;
  lines[13] = "Tại: Bệnh viện Đa khoa tỉnh Thanh Hóa, số 181 đường Hải Thượng Lãn Ông, phường";
  lines[14] = "(© Œœ ¬I CƠI + 2";
  lines.insert(lines.begin() + 15, "Hạc Thành, tỉnh Thanh Hóa . . . . . . . . -- 5<");
  lines.insert(lines.begin() + 16, "TT xác 72a ai ca Sa");  // noise after a complete address
  AnalysisRun r = Analyse({lines});
  EXPECT_EQ(Str(r.docs[0], "child.birth_place"),
            "Bệnh viện Đa khoa tỉnh Thanh Hóa, số 181 đường Hải Thượng Lãn Ông, phường Hạc Thành, tỉnh Thanh Hóa");
}


TEST(Analysis, UnreadableLabelBetweenTwoFoundOnesIsInferredForReview) {
  std::vector<std::string> lines = kGcsNew;
  lines[16] = "Cxn nxxg: 3541 gram";
  AnalysisRun r = Analyse({lines});
  EXPECT_EQ(Str(r.docs[0], "child.weight_grams"), "3541");
  EXPECT_NEAR(r.docs[0].fields.at("child.weight_grams").confidence, 0.45, 1e-6);
  EXPECT_TRUE(r.review);
  // Without a line to infer from, the field is null with an issue.
  lines.erase(lines.begin() + 16);
  AnalysisRun m = Analyse({lines});
  EXPECT_EQ(Str(m.docs[0], "child.weight_grams"), "<null>");
}

// Labels misread past any budget, several in a row: the lines between the
// fields found before and after them hold them in printed order, one each,
// their values after where each label reads best (no colon read).
TEST(Analysis, RunOfUnreadableLabelsIsInferredLineByLineForReview) {
  std::vector<std::string> lines = kGcsNew;
  lines[8] = "Sx dxxh dxxh cx nxx£V0 cxxxu. 038195012345";
  lines[9] = "Nxx £ư txệ. thôn Đông, xã Quý Lộc, tỉnh Thanh Hóa";
  AnalysisRun r = Analyse({lines});
  EXPECT_EQ(Str(r.docs[0], "mother.id_number"), "038195012345");
  EXPECT_EQ(Str(r.docs[0], "mother.residence"), "thôn Đông, xã Quý Lộc, tỉnh Thanh Hóa");
  EXPECT_NEAR(r.docs[0].fields.at("mother.residence").confidence, 0.45, 1e-6);
  EXPECT_TRUE(r.review);
  // The mother's name line after the certificate's number, its label lost
  // to noise; the header and title between them hold no field.
  lines[6] = "Hạ chứ độn tên kJe So của rw/JOQGƯỜI thuôi đường TRẦN THỊ LAN";
  r = Analyse({lines});
  EXPECT_EQ(Str(r.docs[0], "mother.full_name"), "TRẦN THỊ LAN");
  EXPECT_EQ(Str(r.docs[0], "mother.id_number"), "038195012345");
  // One more unlabelled line between them: which line holds which is
  // unknown, and neither is taken.
  lines.insert(lines.begin() + 9, "Tên khác nọ kia 77");
  r = Analyse({lines});
  EXPECT_EQ(Str(r.docs[0], "mother.id_number"), "<null>");
  EXPECT_EQ(Str(r.docs[0], "mother.residence"), "<null>");
}

// The same on one line: a label misread ahead of a found one ("Mới tỉnh:
// Nam Dân tộc: Kinh"), even when the line before it is a value's second line.
TEST(Analysis, UnreadableLabelAheadOfAFoundOneOnItsLineIsInferredForReview) {
  std::vector<std::string> lines = kTkks;
  lines[11] = "Mới tỉnh: Nam Dân tộc: Kinh Quốc tịch: Việt Nam";
  lines.insert(lines.begin() + 11, "không trăm hai mươi lăm");
  AnalysisRun r = Analyse({lines});
  EXPECT_EQ(Str(r.docs[0], "child.sex"), "male");
  EXPECT_NEAR(r.docs[0].fields.at("child.sex").confidence, 0.45, 1e-6);
  EXPECT_EQ(Str(r.docs[0], "child.ethnicity"), "Kinh");
  EXPECT_TRUE(r.review);
  // No colon ahead of the found label: nothing to infer.
  lines[12] = "Mới tỉnh Nam Dân tộc: Kinh Quốc tịch: Việt Nam";
  AnalysisRun m = Analyse({lines});
  EXPECT_EQ(Str(m.docs[0], "child.sex"), "<null>");
}


TEST(Analysis, BlurredFormWithItsTitleIsThatFormAndUnreadablePageIsUnsure) {
  // Labels unreadable, the title nearly whole: a birth certificate.
  std::vector<std::string> blurred = {"SỞ Y TẾ PH TH", "BẾ VHÍ VIÊN Ø4 KEAO% TÍNH", "GIẤY CHỨNG SINH",
                                      "Hù, cề đệm, tn khi sih củ mẹ: TRẦ THỊ LA", "Ngy, thág, nm sih: 0/03/199"};
  AnalysisRun r = Analyse({blurred}, 0.45f);
  ASSERT_EQ(r.docs.size(), 1u);
  EXPECT_EQ(r.docs[0].document_type, "birth_certificate");
  // Titles as motion blur leaves them (three of their letters misread, the
  // labels garbage): still that form, never another.
  AnalysisRun tkks = Analyse({{"CỘNG MOA NÃ HỘI CHỦ NGHÌA VIỆt NÀM", "TỜ RHAT ĐĂNG RỶ KHÁI SINH",
                               "Kiôyh gởi: ÔN bán hầu đền xà Đồng tộc", "Wừo, cùi JÀ@MA, sồa ogeÀi vềa cà"}},
                             0.3f);
  ASSERT_EQ(tkks.docs.size(), 1u);
  EXPECT_EQ(tkks.docs[0].document_type, "birth_registration_form");
  AnalysisRun gcs = Analyse({{"42 7 TẾ ( £í C⁄446/", "Độc l4g - Tự áo - f4 6 gác", "GIÁY CHỨNG S/4H",
                              "#%, ⁄ ác %482vg24: «I0 46/40=tợ"}},
                            0.3f);
  ASSERT_EQ(gcs.docs.size(), 1u);
  EXPECT_EQ(gcs.docs[0].document_type, "birth_certificate");
  // Further from the title than that: not a form.
  AnalysisRun far = Analyse({{"TỜ RHAT ĐĂNG RỶ KHẢO SÁT", "Wừo, cùi JÀ@MA, sồa ogeÀi vềa cà"}}, 0.3f);
  ASSERT_EQ(far.docs.size(), 1u);
  EXPECT_EQ(far.docs[0].document_type, "unknown");
  // A receipt that only names the form in running text stays unknown, and
  // is confidently unknown when read well, unsure when read badly.
  AnalysisRun good = Analyse({kNotice}, 0.95f);
  AnalysisRun bad = Analyse({kNotice}, 0.2f);
  ASSERT_EQ(good.docs.size(), 1u);
  ASSERT_EQ(bad.docs.size(), 1u);
  EXPECT_EQ(good.docs[0].document_type, "unknown");
  EXPECT_EQ(bad.docs[0].document_type, "unknown");
  EXPECT_GT(good.docs[0].confidence, 0.6);
  EXPECT_LT(bad.docs[0].confidence, 0.4);
  // A receipt whose list names a form on a line of its own, the form's
  // title but for its first word, in sentence case (a title is printed in
  // capitals): not that form. As OCR read a photographed one.
  AnalysisRun listed = Analyse({{
     ". . . . . .",
     "` ØY BAN NHÂN DÂN PHƯƠNG HÓA CHÂU __ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
     "BỘ PHẬN MỚI CỮA",
     "sỲC e2 oờ rào",
     "Ệ",
     "Độc lập - Tự do - Hạnh phúc",
     "tr nhleevAein g2",
     "_ GIẦY TIẾP NHẬN HỖ SƠ VÀ HẸN TRÁ KẾT QUÁ",
     ":",
     "Mã hỗ sơ; 331.73.24.H05-250312-1220",
     ":",
     "b",
     "Tiếp phân bộ sơ của: HOÀNG ĐIỆU HUYỆN",
     "Địa chỉ: 4Ó 266 dưỡng Võ Thị Sáu, phường Hóa Châu, thành phổ Huế",
     ": Số điện thoại: (8806241 L9",
     "-_ Nãi dụng yêu cầu giải quyết: Đăng ký khai sinh, đăng ký thường trú",
     "1, Thánh phản hồ sở gồm:",
     "- Tờ khai đồng ký khai sinh thản c hính);",
     "+Giấy chứng su (bản chính), `",
     "_¬ #Ð khai thay đối thông tìn cử trú (Mẫu C100).",
     "3. Š hượng hồ sơ: 01 (bộ)",
     "3. Thời gian giải quyết hỗ sí theo quy định là: 0% ngày làm việc",
     "4, Thời gian nhận hò sơ: 08 giả 49 phút, ngày 12/03/2025",
     "'Š; Thời gian trả kết quả giải quyết hỗ sơ: ngày 16/03/2025",
     "và” NGƯỜI NỘP HỖ SƠ NGƯỜI TIẾP NHẬN HỒ SƠ"}},
                               0.7f);
  ASSERT_EQ(listed.docs.size(), 1u);
  EXPECT_EQ(listed.docs[0].document_type, "unknown");
  // Only leader dots read, however confidently: nothing was read.
  AnalysisRun dots = Analyse({{". . . . . . . .", "......", "........"}}, 0.9f);
  ASSERT_EQ(dots.docs.size(), 1u);
  EXPECT_EQ(dots.docs[0].document_type, "unknown");
  EXPECT_LT(dots.docs[0].confidence, 0.2);
}

// A birth certificate whose birthplace (lines 13-14) lacks its province.
std::vector<std::string> GcsWithoutProvince() {
  std::vector<std::string> lines = kGcsNew;
  lines[13] = "Tại: Bệnh viện Đa khoa tỉnh Thanh Hóa, số 181 đường Hải Thượng Lãn Ông,";
  lines[14] = "phường Hạc Thành";  // no province
  return lines;
}

// A birthplace that lacks its province is an error on a page read well,
// and only for review on a page too unreadable to trust (retake it).
TEST(Analysis, BirthPlaceDefectsOnAnUnreadablePageAreForReview) {
  const std::vector<std::string> lines = GcsWithoutProvince();
  AnalysisRun read = Analyse({lines}, 0.9f);
  ASSERT_EQ(read.docs.size(), 1u);
  EXPECT_EQ(Severities(read)["birth_place.missing_province"], "error");
  AnalysisRun unreadable = Analyse({lines}, 0.5f);
  ASSERT_EQ(unreadable.docs.size(), 1u);
  auto c = Severities(unreadable);
  EXPECT_EQ(c.count("birth_place.missing_province"), 0u);
  EXPECT_EQ(c["field.low_confidence"], "warning");
  EXPECT_LT(unreadable.docs[0].fields.at("child.birth_place").confidence, 0.6);
  EXPECT_TRUE(unreadable.review);
}

// The same on a page read well whose address line itself was read with
// less confidence than an unreadable page ("Bệnh Viện HH U11 0D đun"): not
// evidence of a defective birthplace.
TEST(Analysis, BirthPlaceReadWithLowConfidenceIsForReview) {
  OcrResult ocr = MakeOcr(GcsWithoutProvince(), 0.9f);
  for (OcrWord& w : ocr.words)
    if (w.line == 13 || w.line == 14) w.confidence = 0.45f;
  AnalysisRun r = AnalyseOcr({ocr});
  ASSERT_EQ(r.docs.size(), 1u);
  auto c = Severities(r);
  EXPECT_EQ(c.count("birth_place.missing_province"), 0u);
  EXPECT_EQ(c["field.low_confidence"], "warning");
  EXPECT_TRUE(r.review);
  // Read well, the same address is an error (the test above).
}

// A birthplace left for review on one document (read unsurely) that the
// dossier's other document reads the same with confidence, defects and
// all: the defects are the form's, errors on both (generated f4646 d0014).
// Not when the other document reads it otherwise.
TEST(Analysis, BirthPlaceDefectsReadSurelyOnAnotherDocumentAreErrors) {
  std::vector<std::string> gcs = kGcsNew, tkks = kTkks;
  gcs[13] = "Tại: Bệnh viện Đa khoa tỉnh Thanh Hóa";
  gcs[14] = "";
  tkks[12] = "Nơi sinh: Bệnh viện Đa khoa tỉnh Thanh Hóa";
  auto run = [&](const std::vector<std::string>& certificate) {
    OcrResult first = MakeOcr(certificate, 0.95f), second = MakeOcr(tkks, 0.95f);
    for (OcrWord& w : second.words)
      if (w.line == 12) w.confidence = 0.44f;
    return AnalyseOcr({first, second});
  };
  auto birthplace_codes = [](const DocumentAnalysis& d) {
    std::map<std::string, std::string> c;
    for (const auto& i : d.issues)
      if (i.field == "child.birth_place") c[i.code] = i.severity;
    return c;
  };
  AnalysisRun r = run(gcs);
  ASSERT_EQ(r.docs.size(), 2u);
  EXPECT_EQ(birthplace_codes(r.docs[0])["birth_place.missing_province"], "error");
  const auto form = birthplace_codes(r.docs[1]);
  EXPECT_EQ(form.count("field.low_confidence"), 0u);
  EXPECT_EQ(form.count("birth_place.missing_province"), 1u);
  EXPECT_EQ(form.count("birth_place.missing_street"), 1u);
  // The certificate reading a whole address: the form's stays for review.
  AnalysisRun other = run(kGcsNew);
  ASSERT_EQ(other.docs.size(), 2u);
  const auto unsure = birthplace_codes(other.docs[1]);
  EXPECT_EQ(unsure.count("birth_place.missing_province"), 0u);
  EXPECT_EQ(unsure.count("field.low_confidence"), 1u);
}

// An address read unsurely that still reads whole (a facility, a street and
// the province at its end, every name resolved) lacks its commune on paper:
// the error stands (w8686 d0020).
TEST(Analysis, BirthPlaceReadUnsurelyButWholeKeepsItsDefects) {
  std::vector<std::string> lines = kGcsNew;
  lines[13] = "Tại: Bệnh viện Đa khoa tỉnh Thanh Hóa, số 181 đường Hải Thượng Lãn Ông,";
  lines[14] = "tỉnh Thanh Hóa";  // no commune
  OcrResult ocr = MakeOcr(lines, 0.9f);
  for (OcrWord& w : ocr.words)
    if (w.line == 13 || w.line == 14) w.confidence = 0.45f;
  AnalysisRun r = AnalyseOcr({ocr});
  ASSERT_EQ(r.docs.size(), 1u);
  EXPECT_EQ(Severities(r)["birth_place.missing_commune"], "error");
}

// An address whose line ends in a comma goes on: its province on the next
// line, read with specks and "tỉnh" misread ("nh"), is not a province the
// form lacks (w8686 d0023).
TEST(Analysis, BirthPlaceEndingInACommaGoesOn) {
  std::vector<std::string> lines = kGcsNew;
  lines[13] = ". Tại Bệnh viên Sản Nhì Than .................. Hỏa, số 438 . . . . . . đường . . . . . . Hải "
              "Thượng LAn 'Ống/ .............. xã tĩnh Toại, ...........";
  lines[14] = "ˆ....... nh Thanh Hóa „ rễ ` :";
  AnalysisRun r = AnalyseOcr({MakeOcr(lines, 0.85f)});
  ASSERT_EQ(r.docs.size(), 1u);
  EXPECT_EQ(Severities(r).count("birth_place.missing_province"), 0u) << Str(r.docs[0], "child.birth_place");
}

// An address whose line ends in a unit's kind without its name goes on,
// whatever OCR read after it (a mark at the page's edge past the gap:
// "tỉnh ...... _" / "Gia Lai"; generated f7171 d0040).
TEST(Analysis, BirthPlaceEndingInAUnitsKindGoesOn) {
  std::vector<std::string> lines = kGcsNew;
  lines[13] = "Tại: Bệnh viện Đa khoa tỉnh Gia Lai, số 136 đường Lạc Long Quân, phường An Phú, tỉnh _";
  lines[14] = "Gia Lai";
  AnalysisRun r = AnalyseOcr({MakeOcr(lines, 0.9f)});
  ASSERT_EQ(r.docs.size(), 1u);
  EXPECT_EQ(Str(r.docs[0], "child.birth_place"),
            "Bệnh viện Đa khoa tỉnh Gia Lai, số 136 đường Lạc Long Quân, phường An Phú, tỉnh Gia Lai");
  EXPECT_EQ(Severities(r).count("birth_place.missing_province"), 0u);
}

// A place's name a letter off a label inside a value ("Xã Nam Ninh," and
// "Năm sinh") does not cut the value short (generated k3131 d0010); a
// label read exactly without its colon, or inexactly before one, still does.
TEST(Analysis, PlaceNamedLikeALabelInsideAValue) {
  std::vector<std::string> lines = kTkks;
  lines[13] = "Quê quán: Xã Nam Ninh, Tỉnh Ninh Bình";
  lines[11] = "Giới tính: Nữ Dân tộc Kinh Quốc tịch: Việt Nam";
  ExpectOneDocument(lines, {{"child.hometown", "Xã Nam Ninh, Tỉnh Ninh Bình"},
                            {"child.sex", "female"},
                            {"child.ethnicity", "Kinh"}});
  lines[11] = "Giới tính: Nữ Dân tóc: Kinh Quốc tịch: Việt Nam";
  ExpectOneDocument(lines, {{"child.sex", "female"}, {"child.ethnicity", "Kinh"}});
}

// The mother's name label misread two letters from the father's ("người
// coc"; generated o7474 d0005/3): the father's label read better further
// on is his, and the mother's fields are found in their place. A later
// reading of a label's words that is not printed as a label (no colon,
// mid-line) does not take the field from the first.
TEST(Analysis, ALabelFoundTwiceIsTheOneReadBest) {
  std::vector<std::string> lines = kTkks;
  lines[14] = "Họ. chữ đệm. tên người coc: Nguyễn Thị Yến";
  ExpectOneDocument(lines, {{"mother.full_name", "Nguyễn Thị Yến"},
                            {"mother.birth_year", "1995"},
                            {"father.full_name", "NGUYỄN VĂN AN"},
                            {"father.birth_year", "1993"}});
  lines = kTkks;
  lines[17] = "Họ, chữ đệm, tên người cbe: NGUYỄN VĂN AN";
  lines.push_back("Ghi chú: xem Họ, chữ đệm, tên người cha trong giấy tờ");
  ExpectOneDocument(lines, {{"father.full_name", "NGUYỄN VĂN AN"}, {"father.birth_year", "1993"}});
}

// A lone stroke OCR read at the end of the line (a rule, the page's edge:
// "Phường Tân |", or a speck: "Tân :") does not end the address (generated
// k3131 d0045, a scan); leader dots after it still do.
TEST(Analysis, AddressGoesOnPastAStrokeClosingItsLine) {
  std::vector<std::string> lines = kTkks;
  lines[12] = "Nơi sinh: Bệnh viện Sản Nhi Lai Châu, số 229 đường Bà Triệu, Phường Tân |";
  lines.insert(lines.begin() + 13, "Phong, Tỉnh Lai Châu |");
  ExpectOneDocument(
      lines, {{"child.birth_place", "Bệnh viện Sản Nhi Lai Châu, số 229 đường Bà Triệu, Phường Tân Phong, Tỉnh Lai Châu"}});
  // ... nor a speck read as a colon, nor the dotted line read apart as a
  // line of its own between the parts (generated t2461 d0020).
  lines[12] = "Nơi sinh: Bệnh viện Sản Nhi Lai Châu, số 229 đường Bà Triệu, Phường Tân :";
  ExpectOneDocument(
      lines, {{"child.birth_place", "Bệnh viện Sản Nhi Lai Châu, số 229 đường Bà Triệu, Phường Tân Phong, Tỉnh Lai Châu"}});
  std::vector<std::string> dotted = lines;
  dotted.insert(dotted.begin() + 13, ". . . . . .");
  ExpectOneDocument(
      dotted, {{"child.birth_place", "Bệnh viện Sản Nhi Lai Châu, số 229 đường Bà Triệu, Phường Tân Phong, Tỉnh Lai Châu"}});
  lines[12] = "Nơi sinh: Bệnh viện Sản Nhi Lai Châu, số 229 đường Bà Triệu, Phường Tân ........ |";
  ExpectOneDocument(lines, {{"child.birth_place", "Bệnh viện Sản Nhi Lai Châu, số 229 đường Bà Triệu, Phường Tân"}});
}

// A place's name one letter off a label ("Nam Định", "Năm sinh") in the
// middle of an address's next line is no label: the address goes on to it
// (generated f8282 d0021), and the label's own fields are read as before.
TEST(Analysis, AddressGoesOnPastAPlaceNamedLikeALabel) {
  std::vector<std::string> lines = kTkks;
  lines[12] = "Nơi sinh: Trung tâm Y tế khu vực Hải An, số 224 đường Nguyễn Chí Thanh,";
  lines.insert(lines.begin() + 13, "Phường Nam Định, tỉnh Ninh Bình");
  AnalysisRun r = AnalyseOcr({MakeOcr(lines, 0.9f)});
  ASSERT_EQ(r.docs.size(), 1u);
  EXPECT_EQ(Str(r.docs[0], "child.birth_place"),
            "Trung tâm Y tế khu vực Hải An, số 224 đường Nguyễn Chí Thanh, Phường Nam Định, tỉnh Ninh Bình");
  EXPECT_EQ(Str(r.docs[0], "mother.birth_year"), "1995");
  EXPECT_EQ(Str(r.docs[0], "father.birth_year"), "1993");
  // A label that begins its line still ends the address.
  lines[13] = "Năm sinh: 1995";
  r = AnalyseOcr({MakeOcr(lines, 0.9f)});
  ASSERT_EQ(r.docs.size(), 1u);
  EXPECT_EQ(Str(r.docs[0], "child.birth_place"), "Trung tâm Y tế khu vực Hải An, số 224 đường Nguyễn Chí Thanh");
}

// Ones read as letters: "tháng II" for November, a count of one as "l", an
// insurance code's leading 1 as a separate "I".
TEST(Analysis, OnesReadAsLettersInTheBirthTimeAndCount) {
  std::vector<std::string> lines = kGcsNew;
  ASSERT_EQ(lines[10], "Mã số BHXH/Thẻ BHYT số: 3812345678");
  lines[10] = "Mã số BHXH/Thẻ BHYT số: I 812345678";
  lines[12] = "Đã sinh con vào lúc: 18 giờ 35 phút, ngày 28 tháng II năm 2024 ..........";
  lines[15] = "Số con trong lần sinh này: l ....................";
  lines.insert(lines.begin() + 16, "Giới tính của con: Nữ");
  ExpectOneDocument(lines, {{"child.birth_datetime", "2024-11-28T18:35"},
                            {"child.count_in_birth", "1"},
                            {"child.sex", "female"},
                            {"mother.insurance_number", "1812345678"}});
}

// The label's last word read apart from it and kept before the number
// ("Thẻ BHYT sẽ: 1913908430"): the number after the colon.
TEST(Analysis, InsuranceNumberAfterTheLabelsLastWord) {
  std::vector<std::string> lines = kGcsNew;
  lines[10] = "Mè sô RHXH/Thèe BHYT sẽ: 1913908430";  // generated x2468 d0026, a hard photo
  ExpectOneDocument(lines, {{"mother.insurance_number", "1913908430"}});
  lines[10] = "Mã số BHXH/Thẻ BHYT số: HT 1862564494786";
  ExpectOneDocument(lines, {{"mother.insurance_number", "HT1862564494786"}});
}

// Specks and stroke fragments read as lowercase words at a name's ends go;
// a name's own words all start with a capital.
TEST(Analysis, LowercaseNoiseAroundNames) {
  std::vector<std::string> lines = kGcsNew;
  lines[6] = "Họ, chữ đệm, tên khai sinh của mẹ/người nuôi dưỡng: h TRẦN THỊ LAN";
  lines[11] = "Họ và tên cha: NGUYỄN VĂN AN ch sa";
  lines[17] = "Dự định đặt tên con là: Nguyễn Thị Mai chu";
  ExpectOneDocument(lines, {{"mother.full_name", "TRẦN THỊ LAN"},
                            {"father.full_name", "NGUYỄN VĂN AN"},
                            {"child.intended_name", "Nguyễn Thị Mai"}});
}

// A name run past its line (a long label before it) ends on the next line:
// taken when that line is a name syllable or two in the name's case, not
// when it is other text.
TEST(Analysis, ANameRunPastItsLineEndsOnTheNext) {
  std::vector<std::string> lines = kGcsNew;
  lines[6] = "Họ, chữ đệm, tên khai sinh của mẹ/người nuôi dưỡng: NGUYỄN PHƯƠNG THÙY";
  lines.insert(lines.begin() + 7, "ANH");
  ExpectOneDocument(lines, {{"mother.full_name", "NGUYỄN PHƯƠNG THÙY ANH"}, {"mother.birth_date", "1995-03-02"}});
  lines[7] = "Anh";  // not in capitals as the name is
  ExpectOneDocument(lines, {{"mother.full_name", "NGUYỄN PHƯƠNG THÙY"}});
  lines[7] = "XQZ";  // no name syllable
  ExpectOneDocument(lines, {{"mother.full_name", "NGUYỄN PHƯƠNG THÙY"}});
}

// A name without a capital is specks and a label's words, not a name; a
// stroke read before a capitalised name leaves it one.
TEST(Analysis, ANameNeedsACapital) {
  std::vector<std::string> lines = kGcsNew;
  lines[11] = "Họ và tên cha: iệ người";
  lines[17] = "Dự định đặt tên con là: 'Nguyễn Thị Mai";
  ExpectOneDocument(lines, {{"father.full_name", "<null>"}, {"child.intended_name", "Nguyễn Thị Mai"}});
}

// A name printed in capitals ends at its last word in capitals, and before
// a word mostly in lower case; a name in mixed case keeps its capitalised
// words.
TEST(Analysis, NoiseAfterANameInCapitals) {
  std::vector<std::string> lines = kGcsNew;
  lines[6] = "Họ, chữ đệm, tên khai sinh của mẹ/người nuôi dưỡng: TRẦN THỊ LAN có Tu";
  lines[11] = "Họ và tên cha: NGUYỄN VĂN AN Cần SH";
  lines[17] = "Dự định đặt tên con là: Nguyễn Thị Mai Anh";
  ExpectOneDocument(lines, {{"mother.full_name", "TRẦN THỊ LAN"},
                            {"father.full_name", "NGUYỄN VĂN AN"},
                            {"child.intended_name", "Nguyễn Thị Mai Anh"}});
}

// A name word that is no name syllable but folds to exactly one is a
// misread mark, when the name was read unsurely; read clearly, it stands.
TEST(Analysis, NameSyllablesMisreadByAMark) {
  std::vector<std::string> lines = kGcsNew;
  lines[6] = "Họ, chữ đệm, tên khai sinh của mẹ/người nuôi dưỡng: PHẠM MINH MAI HUYỆN";
  lines[11] = "Họ và tên cha: NGUYỄN GIÁ ĐẠT";
  lines[17] = "Dự định đặt tên con là: Nguyễn Thảo My";
  AnalysisRun unsure = Analyse({lines}, 0.6f);
  ASSERT_EQ(unsure.docs.size(), 1u);
  ExpectMended(unsure.docs[0], "mother.full_name", "PHẠM MINH MAI HUYỀN", "PHẠM MINH MAI HUYỆN");
  EXPECT_EQ(Str(unsure.docs[0], "father.full_name"), "NGUYỄN GIA ĐẠT");
  EXPECT_EQ(Str(unsure.docs[0], "child.intended_name"), "Nguyễn Thảo My");  // a name syllable
  AnalysisRun clear = Analyse({lines}, 0.98f);
  ASSERT_EQ(clear.docs.size(), 1u);
  EXPECT_EQ(Str(clear.docs[0], "father.full_name"), "NGUYỄN GIÁ ĐẠT");
  // Read clearly on a page read poorly as a whole (a hard photo): guessed.
  OcrResult poor = MakeOcr(lines, 0.98f);
  poor.mean_confidence = 0.7f;
  AnalysisRun hard = AnalyseOcr({poor});
  ASSERT_EQ(hard.docs.size(), 1u);
  EXPECT_EQ(Str(hard.docs[0], "father.full_name"), "NGUYỄN GIA ĐẠT");

  // Row: the line read into `key`, and what it is read as when unsure and
  // when clear.
  struct Row {
    int line;
    const char* text;
    const char* key;
    const char* unsure;
    const char* clear;
  };
  for (const Row& r : {
           // Of the syllables that fold alike, the one fewest marks away:
           // ĐŨNG is Dũng (Đ for D), not Dung. LẮM is as far from Lâm as
           // from Lam: it stays.
           Row{11, "Họ và tên cha: NGUYỄN XUÂN HOÀNG ĐŨNG", "father.full_name", "NGUYỄN XUÂN HOÀNG DŨNG",
               "NGUYỄN XUÂN HOÀNG ĐŨNG"},
           Row{17, "Dự định đặt tên con là: NGUYỄN LÊ PHÚC LẮM", "child.intended_name", "NGUYỄN LÊ PHÚC LẮM",
               "NGUYỄN LÊ PHÚC LẮM"},
           // A letter misread: a word that is no name, one letter from
           // exactly one family name or name syllable (NOÀNG: Hoàng; KEM:
           // Kim).
           Row{6, "Họ, chữ đệm, tên khai sinh của mẹ/người nuôi dưỡng: VŨ KEM LIÊN", "mother.full_name", "VŨ KIM LIÊN",
               "VŨ KEM LIÊN"},
           Row{11, "Họ và tên cha: NOÀNG XUÂN MINH TRUNG", "father.full_name", "HOÀNG XUÂN MINH TRUNG",
               "NOÀNG XUÂN MINH TRUNG"},
       }) {
    std::vector<std::string> one = kGcsNew;
    one[static_cast<size_t>(r.line)] = r.text;
    for (const auto& [confidence, want] : {std::pair<float, const char*>{0.6f, r.unsure}, {0.98f, r.clear}}) {
      AnalysisRun run = Analyse({one}, confidence);
      ASSERT_EQ(run.docs.size(), 1u);
      EXPECT_EQ(Str(run.docs[0], r.key), want) << r.text << " at " << confidence;
    }
  }
}

TEST(Analysis, AnAddressCutInItsProvinceIsCompletedForReview) {
  std::vector<std::string> lines = kGcsNew;
  lines[9] = "Nơi cư trú: thôn Đông, xã Quý Lộc, tỉnh Thanh";
  AnalysisRun r = Analyse({lines});
  ASSERT_EQ(r.docs.size(), 1u);
  ExpectMended(r.docs[0], "mother.residence", "thôn Đông, xã Quý Lộc, tỉnh Thanh Hóa", "thôn Đông, xã Quý Lộc, tỉnh Thanh");
  bool warned = false;
  for (const auto& i : r.docs[0].issues) warned = warned || (i.field == "mother.residence" && i.code == "field.low_confidence");
  EXPECT_TRUE(warned);
  EXPECT_TRUE(r.review);
  // A whole address is left alone.
  r = Analyse({kGcsNew});
  EXPECT_EQ(Str(r.docs[0], "mother.residence"), "thôn Đông, xã Quý Lộc, tỉnh Thanh Hóa");
  EXPECT_FALSE(r.docs[0].fields.at("mother.residence").corrected_from.has_value());
}

TEST(Analysis, BirthplaceLabelWithItsColonLost) {
  std::vector<std::string> lines = kGcsNew;
  lines[13] = "Tại Bệnh viện Đa khoa tỉnh Thanh Hóa, số 181 đường Hải Thượng Lãn Ông,";
  AnalysisRun r = Analyse({lines});
  ASSERT_EQ(r.docs.size(), 1u);
  EXPECT_EQ(Str(r.docs[0], "child.birth_place"),
            "Bệnh viện Đa khoa tỉnh Thanh Hóa, số 181 đường Hải Thượng Lãn Ông, phường Hạc Thành, tỉnh Thanh Hóa");
}

// A label's colon read as a semicolon or a full stop; a label read with a
// letter doubled at its start ("Giiớn"), whose cheapest alignment began
// inside the word.
TEST(Analysis, LabelColonMisreadAndLabelWordMisreadAtItsStart) {
  std::vector<std::string> lines = kGcsNew;
  for (const char* number : {"Số; 38123.GCS.00456.25", "Số. 38123.GCS.00456.25"}) {
    lines[5] = number;
    lines[15] = "Số con trong lần sinh này: 1";
    lines.insert(lines.begin() + 16, "Giiớn tính của coa: Nam");
    ExpectOneDocument(lines, {{"certificate.number", "38123.GCS.00456.25"}, {"child.sex", "male"}});
    lines.erase(lines.begin() + 16);
  }
}

// The month and the year both misread by look-alikes: each mended.
TEST(Analysis, BirthTimeWithItsMonthAndYearMisread) {
  std::vector<std::string> lines = kGcsNew;
  lines[12] = "Đã sinh con vào lúc: 23 giờ 59 phút, ngày 26 tháng 92 nắm 2925 ..........";
  ExpectOneDocument(lines, {{"child.birth_datetime", "2025-02-26T23:59"}});
}

// Other readings of a page (other enhancements of its image): a field the
// reading leaves missing or invalid is taken from those that read it
// validly, the value most of them give; a valid field, or an address's
// defects, stay as read.
TEST(Analysis, FieldMissingOrInvalidIsTakenFromAnotherReading) {
  std::vector<std::string> first = kGcsNew;
  first[8] = "Số định danh cá nhân/Hộ chiếu: 0381950123";  // two digits lost: 10
  first[12] = "Đã sinh con vào lúc: 1S giờ SE phút, ngày 11 tháng 10 năm 2025";
  first[13] = "Tại: Bệnh viện Đa khoa tỉnh Thanh Hóa";  // the rest lost: missing parts, as read
  first[14] = "";
  first[16] = "Cân nặng: 3541 gram";
  std::vector<std::string> second = kGcsNew, third = kGcsNew, fourth = kGcsNew;
  second[8] = "Số định danh cá nhân/Hộ chiếu: 038195012346";  // valid, but one against two
  third[12] = "Đã sinh con vào lúc: 12 giờ 29 phút, ngày 11 tháng 10 năm 2025";
  second[16] = "Cân nặng: 3841 gram";  // the first reading's is valid, one against it: kept
  const std::vector<DocumentAnalysis> docs =
      AnalyseWithOtherReadings(MakeOcr(first), {MakeOcr(second), MakeOcr(third), MakeOcr(fourth)}).docs;
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(Str(docs[0], "mother.id_number"), "038195012345");
  EXPECT_EQ(Str(docs[0], "child.birth_datetime"), "2025-10-11T12:29");
  EXPECT_EQ(Str(docs[0], "child.weight_grams"), "3541");
  EXPECT_EQ(Str(docs[0], "child.birth_place"), "Bệnh viện Đa khoa tỉnh Thanh Hóa");
  std::set<std::string> codes;
  for (const auto& i : docs[0].issues) codes.insert(i.code);
  EXPECT_TRUE(codes.count("birth_place.missing_province"));
  EXPECT_FALSE(codes.count("id_number.invalid_length"));
  for (const auto& i : docs[0].issues) EXPECT_NE(i.field, "child.birth_datetime") << i.code;
}

// A valid, confident value two other readings agree against (the same
// value, much like it) is theirs: a digit misread in the kept reading only
// (hard photos of five fresh sets: 5 fields right, 1 wrong). Not when a
// third reading gives the kept one, nor for a value unlike it.
TEST(Analysis, ValidValueTwoOtherReadingsAgreeAgainstIsTheirs) {
  std::vector<std::string> first = kGcsNew;
  first[16] = "Cân nặng: 3541 gram";
  std::vector<std::string> second = kGcsNew, third = kGcsNew;
  second[16] = third[16] = "Cân nặng: 3841 gram";
  auto weight = [](std::vector<std::string> kept, std::vector<std::vector<std::string>> others) {
    std::vector<OcrResult> o;
    for (const auto& lines : others) o.push_back(MakeOcr(lines));
    const std::vector<DocumentAnalysis> docs = AnalyseWithOtherReadings(MakeOcr(kept), std::move(o)).docs;
    EXPECT_EQ(docs.size(), 1u);
    return docs.empty() ? std::string() : Str(docs[0], "child.weight_grams");
  };
  EXPECT_EQ(weight(first, {second, third}), "3841");
  EXPECT_EQ(weight(first, {second, third, first}), "3541");  // one reading gives it too
  std::vector<std::string> far = kGcsNew;
  far[16] = "Cân nặng: 2900 gram";  // every digit other: not a misread digit
  EXPECT_EQ(weight(first, {far, far}), "3541");
  EXPECT_EQ(weight(first, {second, far}), "3541");  // one against it
  // Nor a value that says more is wrong: two readings agreeing on a
  // birthplace whose street part a semicolon joined to the facility.
  std::vector<std::string> semicolon = kGcsNew;
  semicolon[13] = "Tại: Bệnh viện Đa khoa tỉnh Thanh Hóa; số 181 đường Hải Thượng Lãn Ông,";
  const std::vector<DocumentAnalysis> docs =
      AnalyseWithOtherReadings(MakeOcr(kGcsNew), {MakeOcr(semicolon), MakeOcr(semicolon)}).docs;
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(Str(docs[0], "child.birth_place"),
            "Bệnh viện Đa khoa tỉnh Thanh Hóa, số 181 đường Hải Thượng Lãn Ông, phường Hạc Thành, tỉnh Thanh Hóa");
  for (const auto& i : docs[0].issues) EXPECT_NE(i.field, "child.birth_place") << i.code;
}

// A value another reading gives where the kept reading read another field
// is that field's, under a misplaced label: a form with no father, another
// reading of which took the mother's line for the father's.
TEST(Analysis, AnotherReadingsValueWhereAnotherFieldWasReadIsNotTaken) {
  std::vector<std::string> kept = kTkks;
  kept[17] = "Họ, chữ đệm, tên người cha: . . . . . . . . . . . . . . . .";
  kept[18] = "Năm sinh: . . . . . . Dân tộc: . . . . . . Quốc tịch: . . . . . .";
  kept[19] = "Nơi cư trú: . . . . . . . . . . . . . . . .";
  std::vector<std::string> other = kept;
  other[14] = "Họ, chữ đệm, tên người cha: TRẦN THỊ LAN";
  other[17] = "Họ, chữ đệm, tên người mạc: . . . . . . . . . . . . . . . .";
  const AnalysisRun r = AnalyseWithOtherReadings(MakeOcr(kept), {MakeOcr(other)});
  ASSERT_EQ(r.docs.size(), 1u);
  EXPECT_EQ(Str(r.docs[0], "mother.full_name"), "TRẦN THỊ LAN");
  const auto father = r.docs[0].fields.find("father.full_name");
  ASSERT_NE(father, r.docs[0].fields.end());
  EXPECT_TRUE(std::holds_alternative<std::monostate>(father->second.value)) << Str(r.docs[0], "father.full_name");
}

// A long label misread past its budget is looked for again, wider, where
// the form prints it: before the next field found. Its value is for review.
TEST(Analysis, LongLabelMisreadPastItsBudgetIsFoundWhereTheFormPrintsIt) {
  std::vector<std::string> lines = kTkks;
  lines[4] = "túo, chữ đóa, tên aguười yêu câu, TRẦN THỊ LAN";
  AnalysisRun r = Analyse({lines});
  ASSERT_EQ(r.docs.size(), 1u);
  EXPECT_EQ(Str(r.docs[0], "requester.full_name"), "TRẦN THỊ LAN");
  EXPECT_NEAR(r.docs[0].fields.at("requester.full_name").confidence, 0.45, 1e-6);
  EXPECT_TRUE(r.review);
  // After the next field found ("Giấy tờ tùy thân") it is not that label.
  std::swap(lines[4], lines[6]);
  AnalysisRun m = Analyse({lines});
  EXPECT_EQ(Str(m.docs[0], "requester.full_name"), "<null>");
}

// A value read with little confidence gives way to a value much like it
// read confidently by another reading (here the same), not to something
// else read there.
TEST(Analysis, UnsureValueGivesWayOnlyToALikeValueReadSurely) {
  // (A requester named nowhere else on the form: no other name mends it.)
  std::vector<std::string> kept = kTkks, other = kTkks;
  kept[4] = "túo, chữ đóa, tên aguười yêu câu, ĐỖ VĂN BÌNH";
  other[4] = "Họ, chữ đệm, tên người yêu cầu: ĐỖ VĂN BÌNH";
  std::vector<DocumentAnalysis> docs = AnalyseWithOtherReadings(MakeOcr(kept), {MakeOcr(other)}).docs;
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(Str(docs[0], "requester.full_name"), "ĐỖ VĂN BÌNH");
  EXPECT_NEAR(docs[0].fields.at("requester.full_name").confidence, 0.9, 1e-6);

  other[4] = "Họ, chữ đệm, tên người yêu cầu: NGÀY MƯỜI MỘT THÁNG";
  docs = AnalyseWithOtherReadings(MakeOcr(kept), {MakeOcr(other)}).docs;
  EXPECT_EQ(Str(docs[0], "requester.full_name"), "ĐỖ VĂN BÌNH");
  EXPECT_NEAR(docs[0].fields.at("requester.full_name").confidence, 0.45, 1e-6);
}

// A page whose kept reading lost its title and most labels to grain (rows
// of leader dots are what it read) is recognised by another reading of it
// that read them, and its fields come from that reading. A notice stays
// unknown whatever reading recognises nothing.
TEST(Analysis, PageRecognisedByAnotherReading) {
  std::vector<std::string> lost = kGcsNew;
  for (size_t i = 0; i < lost.size(); ++i)
    if (i != 8 && i != 13) lost[i] = ". . . . . . .";  // only the identification number and
  lost[13] = "Tại: Bệnh viện Đa khoa tỉnh Thanh Hóa, số 181 đường Hải";  // half the birthplace read
  std::vector<DocumentAnalysis> docs =
      AnalyseWithOtherReadings(MakeOcr(lost, 0.85f), {MakeOcr(kNotice), MakeOcr(kGcsNew, 0.7f)}).docs;
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(docs[0].document_type, "birth_certificate");
  EXPECT_EQ(Str(docs[0], "mother.id_number"), "038195012345");
  EXPECT_EQ(Str(docs[0], "child.weight_grams"), "3541");
  // The reading that missed the form cut the birthplace short: for review,
  // not an error of the certificate's.
  std::set<std::string> codes;
  for (const auto& i : docs[0].issues)
    if (i.field == "child.birth_place") codes.insert(i.code);
  EXPECT_EQ(codes, std::set<std::string>{"field.low_confidence"});
  // Nothing but a notice among the other readings: unknown.
  docs = AnalyseWithOtherReadings(MakeOcr(lost, 0.85f), {MakeOcr(kNotice)}).docs;
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(docs[0].document_type, "unknown");
}

// The mother's number lost on the certificate (misread into symbols,
// digits dropped) is the requester's on the registration form when the
// requester is the same person: taken from it, with what was read and a
// warning. Not from a person of another name, nor when the digits read
// are another number's.
TEST(Analysis, IdNumberTakenFromTheSamePersonOnAnotherDocument) {
  const size_t id_line = 8;  // kGcsNew: "Số định danh cá nhân/Hộ chiếu: 038195012345"
  ASSERT_NE(kGcsNew[id_line].find("038195012345"), std::string::npos);
  auto run = [&](const std::string& read, const std::string& requester) {
    std::vector<std::string> gcs = kGcsNew, tkks = kTkks;
    gcs[id_line] = "Số định danh cá nhân/Hộ chiếu: " + read;
    tkks[4] = "Họ, chữ đệm, tên người yêu cầu: " + requester;
    return Analyse({gcs, tkks});
  };
  for (const char* read : {"0381&5O12S45", "Căn cước công dân", "038195012", "195012345"}) {
    SCOPED_TRACE(read);
    AnalysisRun r = run(read, "TRẦN THỊ LAN");
    ASSERT_EQ(r.docs.size(), 2u);
    ExpectMended(r.docs[0], "mother.id_number", "038195012345", read);
    std::set<std::string> codes;
    for (const auto& i : r.docs[0].issues)
      if (i.field == "mother.id_number") codes.insert(i.code);
    EXPECT_EQ(codes, std::set<std::string>{"id_number.from_other_document"});
  }
  // Someone else asked for the registration: nothing taken, the garbled
  // number is an error.
  AnalysisRun other = run("0381&5O12S45", "NGUYỄN VĂN AN");
  EXPECT_EQ(Str(other.docs[0], "mother.id_number"), "0381&5O12S45");
  bool invalid = false;
  for (const auto& i : other.docs[0].issues) invalid |= i.code == "id_number.invalid_length";
  EXPECT_TRUE(invalid);
  // Digits read that the other number does not hold: another number.
  EXPECT_EQ(Str(run("0381&7777S45", "TRẦN THỊ LAN").docs[0], "mother.id_number"), "0381&7777S45");
  // A 9-digit card number of its own stands.
  EXPECT_EQ(Str(run("123456789", "TRẦN THỊ LAN").docs[0], "mother.id_number"), "123456789");
  // A passport number stands, without an error.
  AnalysisRun passport = run("C1234567", "NGUYỄN VĂN AN");
  EXPECT_EQ(Str(passport.docs[0], "mother.id_number"), "C1234567");
  for (const auto& i : passport.docs[0].issues) EXPECT_NE(i.field, "mother.id_number") << i.code;
}

// The mother's number on the certificate and hers as the requester on the
// registration form, both valid, one digit apart: one is misread, and the
// dossier says so, naming both; the same number twice says nothing.
TEST(Analysis, SamePersonsIdReadTwoWaysIsAWarning) {
  std::vector<std::string> tkks = kTkks;
  tkks[6] = "Giấy tờ tùy thân: CCCD số 038195012385";
  AnalysisRun r = Analyse({kGcsNew, tkks});
  ASSERT_EQ(r.docs.size(), 2u);
  int warnings = 0;
  for (const auto& i : r.dossier_issues) {
    if (i.code != "dossier.id_mismatch") continue;
    ++warnings;
    EXPECT_EQ(i.severity, "warning");
    EXPECT_NE(i.message.find("038195012345"), std::string::npos) << i.message;
    EXPECT_NE(i.message.find("038195012385"), std::string::npos) << i.message;
  }
  EXPECT_EQ(warnings, 1);
  for (const auto& i : Analyse({kGcsNew, kTkks}).dossier_issues) EXPECT_NE(i.code, "dossier.id_mismatch");
}

TEST(Analysis, EthReadForDIsD) {
  std::vector<std::string> lines = kGcsNew;
  lines[7] = "Ngày, tháng, năm sinh: 02/03/1995 \u00D0ân tộc: Kinh";
  lines[11] = "Họ và tên cha: NGUYỄN VĂN \u00D0ỨC";
  AnalysisRun r = Analyse({lines});
  ASSERT_EQ(r.docs.size(), 1u);
  EXPECT_EQ(Str(r.docs[0], "mother.ethnicity"), "Kinh");
  EXPECT_EQ(Str(r.docs[0], "father.full_name"), "NGUYỄN VĂN ĐỨC");
}

// An i's dot read as a hook above it, however clearly: Chỉ is no name
// syllable, Chi is. A word whose plain-i form is none either stays.
TEST(Analysis, AnIsDotReadAsAHookInAName) {
  std::vector<std::string> lines = kGcsNew;
  lines[17] = "Dự định đặt tên con là: Bùi Quỳnh Chỉ";
  AnalysisRun r = Analyse({lines}, 0.98f);
  ASSERT_EQ(r.docs.size(), 1u);
  ExpectMended(r.docs[0], "child.intended_name", "Bùi Quỳnh Chi", "Bùi Quỳnh Chỉ");
  lines[17] = "Dự định đặt tên con là: Bùi Quỳnh Thỉnh";
  r = Analyse({lines}, 0.98f);
  EXPECT_EQ(Str(r.docs[0], "child.intended_name"), "Bùi Quỳnh Thỉnh");
}

TEST(Analysis, TwoNameSyllablesReadAsOneWordOrOneVowelTwice) {
  std::vector<std::string> lines = kGcsNew;
  lines[6] = "Họ, chữ đệm, tên khai sinh của mẹ/người nuôi dưỡng: NGUYỄN KIMTHẢO";
  lines[11] = "Họ và tên cha: NGUYỄNVĂN AN";
  lines[17] = "Dự định đặt tên con là: NGUYỄN GIAHÂN";
  AnalysisRun r = Analyse({lines}, 0.98f);
  ASSERT_EQ(r.docs.size(), 1u);
  ExpectMended(r.docs[0], "mother.full_name", "NGUYỄN KIM THẢO", "NGUYỄN KIMTHẢO");
  EXPECT_EQ(Str(r.docs[0], "father.full_name"), "NGUYỄN VĂN AN");
  EXPECT_EQ(Str(r.docs[0], "child.intended_name"), "NGUYỄN GIA HÂN");
  // A vowel read twice, once bare.
  lines[11] = "Họ và tên cha: PHAẠM BẢO LƯU";
  r = Analyse({lines}, 0.98f);
  EXPECT_EQ(Str(r.docs[0], "father.full_name"), "PHẠM BẢO LƯU");
  // A word that is a syllable, or splits into none, stays.
  lines[6] = "Họ, chữ đệm, tên khai sinh của mẹ/người nuôi dưỡng: NGUYỄN THỊ THÊNÂN";
  lines[17] = "Dự định đặt tên con là: NGUYỄN THANH";
  r = Analyse({lines}, 0.98f);
  EXPECT_EQ(Str(r.docs[0], "mother.full_name"), "NGUYỄN THỊ THÊNÂN");
  EXPECT_EQ(Str(r.docs[0], "child.intended_name"), "NGUYỄN THANH");
  // One syllable read as two words, neither a syllable (generated f8282
  // d0012); two that are syllables stay apart.
  lines[6] = "Họ, chữ đệm, tên khai sinh của mẹ/người nuôi dưỡng: HUỲNH N GỌC HOA";
  lines[17] = "Dự định đặt tên con là: NGUYỄN AN HOA";
  r = Analyse({lines}, 0.98f);
  ExpectMended(r.docs[0], "mother.full_name", "HUỲNH NGỌC HOA", "HUỲNH N GỌC HOA");
  EXPECT_EQ(Str(r.docs[0], "child.intended_name"), "NGUYỄN AN HOA");
}

TEST(Analysis, OcrDoublingInNamesAndIdNumbers) {
  std::vector<std::string> lines = kGcsNew;
  lines[6] = "Họ, chữ đệm, tên khai sinh của mẹ/người nuôi dưỡng: TRẦN THỊ LANN";
  lines[8] = "Số định danh cá nhân/Hộ chiếu: 0381950112345";  // one 1 read twice
  lines[11] = "Họ và tên cha: NGUYỄN VĂN A|N";
  lines[17] = "Dự định đặt tên con là: NGUYỄN THỊ 'MAI";
  AnalysisRun r = Analyse({lines});
  ASSERT_EQ(r.docs.size(), 1u);
  EXPECT_EQ(Str(r.docs[0], "mother.full_name"), "TRẦN THỊ LAN");
  EXPECT_EQ(Str(r.docs[0], "mother.id_number"), "038195012345");
  EXPECT_EQ(Str(r.docs[0], "father.full_name"), "NGUYỄN VĂN AN");
  EXPECT_EQ(Str(r.docs[0], "child.intended_name"), "NGUYỄN THỊ MAI");
  for (const auto& i : r.docs[0].issues) EXPECT_NE(i.code.rfind("id_number.", 0), 0u) << i.message;
}

TEST(Analysis, CutOffBirthplaceIsReviewedNotAnError) {
  std::vector<std::string> lines = kGcsNew;
  lines[13] = "Tại: Bệnh viện Đa khoa tỉnh Thanh Hóa, số 181 đường Hải Thượng Lãn Ông, phường Hạc Thành, tỉnh";
  lines[14] = "Số con trong lần sinh này: 1 Giới tính của con: Nữ";
  AnalysisRun r = Analyse({lines});
  ASSERT_EQ(r.docs.size(), 1u);
  EXPECT_EQ(Str(r.docs[0], "child.birth_place"),
            "Bệnh viện Đa khoa tỉnh Thanh Hóa, số 181 đường Hải Thượng Lãn Ông, phường Hạc Thành, tỉnh Thanh Hóa");
  std::set<std::string> codes;
  for (const auto& i : r.docs[0].issues) codes.insert(i.code);
  EXPECT_TRUE(codes.count("field.low_confidence"));
  for (const auto& c : codes) EXPECT_NE(c.rfind("birth_place.", 0), 0u) << c;
  EXPECT_TRUE(r.review);
  // Cut right after the word a number follows (w8686 d0032/2).
  lines[13] = "Tại: Trung tâm Y tế khu vực Phong Thổ, số";
  AnalysisRun c = Analyse({lines});
  ASSERT_EQ(c.docs.size(), 1u);
  for (const auto& i : c.docs[0].issues) EXPECT_NE(i.code.rfind("birth_place.", 0), 0u) << i.code;
  EXPECT_TRUE(c.review);
}

TEST(Analysis, BirthplaceTypedOverADottedLineRunsAcrossTheDots) {
  // OCR read dots in the word gaps of a value typed over the form's dotted
  // line; the value ends in a comma and goes on on the next line.
  std::vector<std::string> lines = kTkks;
  lines[12] = "Nơi sinh: Bệnh viện Đã khoa . tỉnh . . . . . Thanh Hóa, ............ số 181 đường. Hải Thượng "
              "Lãn Ông, .................... phường Hạc Thành, ..........";
  lines.insert(lines.begin() + 13, "tỉnh Thanh Hóa ...........................");
  AnalysisRun r = Analyse({lines});
  ASSERT_EQ(r.docs.size(), 1u);
  EXPECT_EQ(Str(r.docs[0], "child.birth_place"),
            "Bệnh viện Đa khoa tỉnh Thanh Hóa, số 181 đường. Hải Thượng Lãn Ông, phường Hạc Thành, tỉnh Thanh Hóa");
  for (const auto& i : r.docs[0].issues) EXPECT_NE(i.code.rfind("birth_place.", 0), 0u) << i.code;
  // Leader noise after a whole value stays out of it.
  lines = kTkks;
  lines[12] = "Nơi sinh: Bệnh viện Đa khoa tỉnh Thanh Hóa, số 181 đường Hải Thượng Lãn Ông, phường Hạc Thành, tỉnh "
              "Thanh Hóa ........ T2 1102 2n n2 ng . . . . nhe";
  r = Analyse({lines});
  EXPECT_EQ(Str(r.docs[0], "child.birth_place"),
            "Bệnh viện Đa khoa tỉnh Thanh Hóa, số 181 đường Hải Thượng Lãn Ông, phường Hạc Thành, tỉnh Thanh Hóa");
  // Noise after the province, and the province's prefix misread.
  lines = kTkks;
  lines[12] = "Nơi sinh: Bệnh viện Đa khoa tỉnh Thanh Hóa, số 181 đường Hải Thượng Lãn Ông, phường Hạc Thành, Tính "
              "Thanh Hóa QQQQQQQQ Q Q nu HQ vn Xà";
  r = Analyse({lines});
  EXPECT_EQ(Str(r.docs[0], "child.birth_place"),
            "Bệnh viện Đa khoa tỉnh Thanh Hóa, số 181 đường Hải Thượng Lãn Ông, phường Hạc Thành, Tỉnh Thanh Hóa");
  // A name field does not run across its leader.
  lines = kTkks;
  lines[9] = "Họ, chữ đệm, tên: NGUYỄN THỊ MAI ........... xã Quý";
  r = Analyse({lines});
  EXPECT_EQ(Str(r.docs[0], "child.full_name"), "NGUYỄN THỊ MAI");
}


// One document reads what the others read otherwise, and another reading
// of its page reads it as they do: that reading's value is taken. Not when
// their pages' readings also read it as this one does.
TEST(Analysis, ValueOtherDocumentsReadIsTakenFromAnotherReadingOfThePage) {
  std::vector<std::string> tkks = kTkks, tkks_other = kTkks;
  tkks[14] = "Năm sinh: 1985 Dân tộc: Tày Quốc tịch: Việt Nam";
  tkks_other[14] = "Năm sinh: 1995 Dân tộc: Kinh Quốc tịch: Việt Nam";
  PagesRun r = AnalysePagesWithOtherReadings({kGcsNew, tkks}, {{}, {tkks_other}});
  ASSERT_EQ(r.docs.size(), 2u);
  EXPECT_EQ(Str(r.docs[1], "mother.birth_year"), "1995");  // the certificate's 02/03/1995
  EXPECT_EQ(Str(r.docs[1], "mother.ethnicity"), "Kinh");
  // The certificate's page read the registration form's way by one of its
  // readings: which one is right is not known.
  std::vector<std::string> gcs_other = kGcsNew;
  gcs_other[7] = "Ngày, tháng, năm sinh: 02/03/1985 Dân tộc: Tày";
  r = AnalysePagesWithOtherReadings({kGcsNew, tkks}, {{gcs_other}, {tkks_other}});
  ASSERT_EQ(r.docs.size(), 2u);
  EXPECT_EQ(Str(r.docs[1], "mother.birth_year"), "1985");
  EXPECT_EQ(Str(r.docs[1], "mother.ethnicity"), "Tày");
  // Nor without such a reading.
  r = AnalysePagesWithOtherReadings({kGcsNew, tkks}, {{}, {tkks}});
  ASSERT_EQ(r.docs.size(), 2u);
  EXPECT_EQ(Str(r.docs[1], "mother.ethnicity"), "Tày");
}

// A birthplace whose commune the unit list places in another province
// ("phường Hòa Thành" read for Hạc Thành), and another reading of the page
// that reads it much alike, without that: the other reading's is taken.
// Not a reading with as many issues.
TEST(Analysis, BirthplaceCommuneMisreadIsTakenFromAReadingWithFewerIssues) {
  std::vector<std::string> kept = kTkks;
  kept[12] = "Nơi sinh: Bệnh viện Đa khoa tỉnh Thanh Hóa, số 181 đường Hải Thượng Lãn Ông, phường Hòa Thành, tỉnh Thanh Hóa";
  auto codes = [](const DocumentAnalysis& d) {
    std::set<std::string> c;
    for (const auto& i : d.issues)
      if (i.field == "child.birth_place") c.insert(i.code);
    return c;
  };
  PagesRun alone = AnalysePagesWithOtherReadings({kept}, {{kept}});
  ASSERT_EQ(alone.docs.size(), 1u);
  ASSERT_EQ(codes(alone.docs[0]).count("birth_place.commune_not_in_province") +
                codes(alone.docs[0]).count("birth_place.unknown_commune"),
            1u);
  PagesRun r = AnalysePagesWithOtherReadings({kept}, {{kTkks}});
  ASSERT_EQ(r.docs.size(), 1u);
  EXPECT_EQ(Str(r.docs[0], "child.birth_place"),
            "Bệnh viện Đa khoa tỉnh Thanh Hóa, số 181 đường Hải Thượng Lãn Ông, phường Hạc Thành, tỉnh Thanh Hóa");
  EXPECT_TRUE(codes(r.docs[0]).empty());
  std::vector<std::string> also = kTkks;  // another commune of another province
  also[12] = "Nơi sinh: Bệnh viện Đa khoa tỉnh Thanh Hóa, số 181 đường Hải Thượng Lãn Ông, phường Hiệp Thành, tỉnh Thanh Hóa";
  r = AnalysePagesWithOtherReadings({kept}, {{also}});
  ASSERT_EQ(r.docs.size(), 1u);
  EXPECT_EQ(Str(r.docs[0], "child.birth_place"), Str(alone.docs[0], "child.birth_place"));
}

// An hour past 23 that a misread 0 explains: a 6, 8 or 9 for its first
// digit ("62 giờ", "94 giờ") is a 0, recorded in corrected_from. A 7 may
// be a 1 or a 2: no time is made of "72 giờ".
TEST(Analysis, BirthHourWithAZeroMisreadIsMended) {
  struct Row {
    const char* read;  // after the label
    const char* want;
    const char* from;  // corrected_from
  };
  for (const Row& row : {Row{"94 giờ 38 phút, ngày 18 tháng 03 năm 2025", "2025-03-18T04:38", nullptr},
                         Row{"62 giờ 45 phút, ngày 22 tháng 01 năm 2025", "2025-01-22T02:45", nullptr},
                         Row{"72 giờ 45 phút, ngày 22 tháng 01 năm 2025", "<null>", ""}}) {
    std::vector<std::string> lines = kGcsNew;
    lines[12] = std::string("Đã sinh con vào lúc: ") + row.read;
    const std::vector<DocumentAnalysis> docs = Analyse({lines}).docs;
    ASSERT_EQ(docs.size(), 1u);
    ExpectMended(docs[0], "child.birth_datetime", row.want, row.from ? row.from : row.read);
  }
}

}  // namespace
}  // namespace forms
}  // namespace hoso
