// Table-driven tests of the value normalisers and text folding.
#include <gtest/gtest.h>

#include "pipeline/forms/normalise.h"
#include "pipeline/forms/text.h"
#include "pipeline/forms/templates.h"

namespace hoso {
namespace forms {
namespace {

TEST(Text, FoldRemovesDiacriticsCaseAndSpaces) {
  EXPECT_EQ(Fold("  Thành  phố Hà Nội "), "thanh pho ha noi");
  EXPECT_EQ(Fold("ĐẶC KHU Côn Đảo"), "dac khu con dao");
  EXPECT_EQ(Fold("Nữ"), "nu");
  EXPECT_EQ(Fold("\u00D0ần tộc \u00F0ỗ"), "dan toc do");  // eth, OCR's look-alike of Đ
  // NFD input folds like NFC.
  EXPECT_EQ(Fold("Ho\xCC\x80" "a"), "hoa");
}

TEST(Text, ToneKeyIgnoresTonePlacement) {
  EXPECT_EQ(ToneKey("Hoà"), ToneKey("Hòa"));
  EXPECT_EQ(ToneKey("Thuỷ"), ToneKey("Thủy"));
  EXPECT_EQ(ToneKey("Qúy"), ToneKey("Quý"));
  EXPECT_EQ(ToneKey("KHÁNH HOÀ"), ToneKey("khánh hòa"));
  EXPECT_NE(ToneKey("Hòa"), ToneKey("Hóa"));
  EXPECT_NE(ToneKey("Thanh Hóa"), ToneKey("Thanh Hoa"));
}

TEST(Text, EditDistance) {
  EXPECT_EQ(EditDistance(U"hac thanh", U"hac thanh", 3), 0);
  EXPECT_EQ(EditDistance(U"hac thanh", U"hac thang", 3), 1);
  EXPECT_EQ(EditDistance(U"abc", U"xyzuvw", 2), 3);
}

TEST(Text, CaseOfAPrintedWord) {
  EXPECT_TRUE(InCapitals("NGUYỄN"));
  EXPECT_TRUE(InCapitals("TP."));
  EXPECT_FALSE(InCapitals("Nguyễn"));
  EXPECT_FALSE(InCapitals("A"));
  EXPECT_EQ(InCaseOf("HUYỆN", "Huyền"), "HUYỀN");
  EXPECT_EQ(InCaseOf("Tính", "tỉnh"), "Tỉnh");
  EXPECT_EQ(InCaseOf("tính", "tỉnh"), "tỉnh");
  EXPECT_EQ(InCaseOf("nguyên", "Nguyễn"), "Nguyễn");  // never lower-cased
}

TEST(Text, Join) {
  EXPECT_EQ(Join({"thôn Đông", "xã Quý Lộc"}, ", "), "thôn Đông, xã Quý Lộc");
  EXPECT_EQ(Join({"NGUYỄN"}, " "), "NGUYỄN");
  EXPECT_EQ(Join({}, " "), "");
}

TEST(Normalise, CleanValue) {
  struct Row { const char* in; const char* out; };
  const Row rows[] = {
      {": NGUYỄN VĂN AN", "NGUYỄN VĂN AN"},
      {"............", ""},
      {"…………", ""},
      {"Kinh.........", "Kinh"},
      {" ____ ", ""},
      {"TRẦN   THỊ  LAN ..", "TRẦN THỊ LAN"},
      {": số 12 đường Lê Lợi, phường Hạc Thành,", "số 12 đường Lê Lợi, phường Hạc Thành"},
  };
  for (const auto& r : rows) EXPECT_EQ(CleanValue(r.in), r.out) << r.in;
}

TEST(Normalise, DatesThatParse) {
  struct Row { const char* in; const char* iso; };
  const Row rows[] = {
      {"11/10/2025", "2025-10-11"},
      {"1/2/1990", "1990-02-01"},
      {"11-10-2025", "2025-10-11"},
      {"11.10.2025", "2025-10-11"},
      {"ngày 11 tháng 10 năm 2025", "2025-10-11"},
      {"ngay 11 thang 10 nam 2025", "2025-10-11"},
      {"11 tháng 10, năm 2025", "2025-10-11"},
      {"1O/O5/199O", "1990-05-10"},  // OCR O for 0
      {"2025-10-11", "2025-10-11"},
      {"30/02/2020", "2020-02-30"},  // parses; the validator rejects it
      {"......... 28/03/2925 .........", "2925-03-28"},  // the validator corrects it
      {"17092025 ghi bằng chữ", "2025-09-17"},           // both slashes lost
      // A serif 11's ones read apart (generated f7171 d0010, d0028).
      {"04/1 1/1997", "1997-11-04"},
      {"1 1/1 1/2025", "2025-11-11"},
      {"ngày 1 1 tháng 1 1 năm 2025", "2025-11-11"},
      {"số 3 4/5/2025", "2025-05-04"},  // only an 11: a digit before a date is not its day's
      // ... its first one read as a letter (generated k3131 d0039).
      {"I 1/07/1994", "1994-07-11"},
      {"04/l 1/1997", "1997-11-04"},
      {"Ban I 1/07/1994", "1994-07-11"},
      {"BI 1/07/1994", "1994-07-01"},  // a letter inside a word is not a one
      {"I 4/07/1994", "1994-07-04"},   // only an 11
  };
  for (const auto& r : rows) {
    Date d;
    ASSERT_TRUE(ParseDate(r.in, &d)) << r.in;
    EXPECT_EQ(IsoDate(d), r.iso) << r.in;
  }
}

TEST(Normalise, DatesRejected) {
  for (const char* in : {"", "ngày ... tháng ... năm ...", "11/10", "Hà Nội", "2025", "38503200", "12345678"}) {
    Date d;
    EXPECT_FALSE(ParseDate(in, &d)) << in;
  }
}

TEST(Normalise, DateTimes) {
  struct Row { const char* in; const char* iso; };
  const Row rows[] = {
      {"12 giờ 29 phút, ngày 11 tháng 10 năm 2025", "2025-10-11T12:29"},
      {"12 gio 29 phut, ngay 11 thang 10 nam 2025", "2025-10-11T12:29"},
      {"08 giờ 05 phút ngày 01/02/2024", "2024-02-01T08:05"},
      {"7h30 ngày 3/4/2025", "2025-04-03T07:30"},
      {"12 giờ 29 phút, ngày 1l tháng 1O năm 2025", "2025-10-11T12:29"},
      {"14 gờ 30 phút, ngày 13 tháng 02 năm 2024", "2024-02-13T14:30"},  // "giờ" read "gờ"
  };
  for (const auto& r : rows) {
    Date d;
    ASSERT_TRUE(ParseDateTime(r.in, &d)) << r.in;
    EXPECT_EQ(IsoDateTime(d), r.iso) << r.in;
  }
  Date d;
  EXPECT_FALSE(ParseDateTime("ngày 11 tháng 10 năm 2025", &d));  // no time
  EXPECT_FALSE(ParseDateTime("... giờ ... phút", &d));
}

TEST(Normalise, CalendarValidity) {
  EXPECT_TRUE(IsValidDate(2024, 2, 29));
  EXPECT_FALSE(IsValidDate(2025, 2, 29));
  EXPECT_FALSE(IsValidDate(1900, 2, 29));
  EXPECT_TRUE(IsValidDate(2000, 2, 29));
  EXPECT_FALSE(IsValidDate(2025, 4, 31));
  EXPECT_FALSE(IsValidDate(2025, 13, 1));
  EXPECT_FALSE(IsValidDate(2025, 0, 10));
}

TEST(Normalise, YearsSexWeightCounts) {
  int y = 0;
  EXPECT_TRUE(ParseYear("1995", &y));
  EXPECT_EQ(y, 1995);
  EXPECT_TRUE(ParseYear("l995", &y));
  EXPECT_EQ(y, 1995);
  EXPECT_FALSE(ParseYear("95", &y));
  EXPECT_FALSE(ParseYear("1850", &y));
  EXPECT_FALSE(ParseYear("Kinh", &y));

  struct SexRow { const char* in; const char* out; };
  for (const auto& r : {SexRow{"Nữ", "female"}, SexRow{"NỮ", "female"}, SexRow{"Nu", "female"},
                        SexRow{"Nừ", "female"}, SexRow{"Nam", "male"}, SexRow{"nam.", "male"},
                        SexRow{"Narn", "male"}, SexRow{"Narmn", "male"}}) {
    std::string s;
    ASSERT_TRUE(ParseSex(r.in, &s)) << r.in;
    EXPECT_EQ(s, r.out) << r.in;
  }
  std::string s;
  EXPECT_FALSE(ParseSex("Kinh", &s));
  EXPECT_FALSE(ParseSex("", &s));
  EXPECT_FALSE(ParseSex("Nann", &s));  // no r: not the m misread

  struct WRow { const char* in; std::int64_t g; };
  for (const auto& r : {WRow{"3541 gram", 3541}, WRow{"3.541 gram", 3541}, WRow{"3,541 g", 3541},
                        WRow{"3,5 kg", 3500}, WRow{"3200", 3200}, WRow{"32OO gram", 3200},
                        WRow{"2900gram", 2900}}) {
    std::int64_t g = 0;
    ASSERT_TRUE(ParseWeight(r.in, &g)) << r.in;
    EXPECT_EQ(g, r.g) << r.in;
  }
  std::int64_t g;
  EXPECT_FALSE(ParseWeight("gram", &g));
  EXPECT_FALSE(ParseWeight("ba cân", &g));

  std::int64_t n = 0;
  EXPECT_TRUE(ParseCount("01", &n));
  EXPECT_EQ(n, 1);
  EXPECT_TRUE(ParseCount("Hai", &n));
  EXPECT_EQ(n, 2);
  EXPECT_TRUE(ParseCount("một", &n));
  EXPECT_EQ(n, 1);
  EXPECT_FALSE(ParseCount("12345", &n));
  EXPECT_FALSE(ParseCount("con", &n));
}

TEST(Normalise, DigitsAndPhones) {
  std::string d;
  EXPECT_TRUE(ParseDigits("038 195 012 345", &d));
  EXPECT_EQ(d, "038195012345");
  EXPECT_TRUE(ParseDigits("O38l95012345", &d));
  EXPECT_EQ(d, "038195012345");
  EXPECT_FALSE(ParseDigits("C1234567", &d));
  // A look-alike standing apart from the number: a digit of it.
  EXPECT_TRUE(ParseDigits("17238851 I", &d));
  EXPECT_EQ(d, "172388511");
  EXPECT_FALSE(ParseDigits("17238851 Ix", &d));
  EXPECT_FALSE(ParseDigits("12 I I", &d));  // more look-alikes than a quarter
  EXPECT_FALSE(ParseDigits("", &d));
  std::string p;
  EXPECT_TRUE(ParsePhone("0912 345 678", &p));
  EXPECT_EQ(p, "0912345678");
  EXPECT_TRUE(ParsePhone("0912.345.678", &p));
  EXPECT_EQ(p, "0912345678");
  EXPECT_FALSE(ParsePhone("12345", &p));
  EXPECT_FALSE(ParsePhone("abc@example.com", &p));
}


// BHXH codes (10 digits) and BHYT card numbers (2 letters, 13 digits) as
// OCR reads them: split by spaces or dots, a 1 read as I, l or |, a 0 as O.
TEST(Normalise, InsuranceNumbers) {
  std::string n;
  EXPECT_TRUE(ParseInsuranceNumber("3812345678", &n));
  EXPECT_EQ(n, "3812345678");
  EXPECT_TRUE(ParseInsuranceNumber("I 172847914", &n));
  EXPECT_EQ(n, "1172847914");
  EXPECT_TRUE(ParseInsuranceNumber("38 1234 5678", &n));
  EXPECT_EQ(n, "3812345678");
  EXPECT_TRUE(ParseInsuranceNumber("O1.2345.6789", &n));
  EXPECT_EQ(n, "0123456789");
  EXPECT_TRUE(ParseInsuranceNumber("GD4797932123456", &n));
  EXPECT_EQ(n, "GD4797932123456");
  EXPECT_TRUE(ParseInsuranceNumber("gd 479 793 2I23 456", &n));
  EXPECT_EQ(n, "GD4797932123456");
  EXPECT_TRUE(ParseInsuranceNumber("HN2 01 3812345678", &n));
  EXPECT_EQ(n, "HN2013812345678");
  // One character off the shape: a 1 read twice, a speck, a third letter,
  // a lower-case speck before the card's letters.
  for (const auto& [read, want] : std::vector<std::pair<const char*, const char*>>{
           {"NO46637072384I11", "NO4663707238411"},
           {"NO215600538§5553", "NO2156005385553"},
           {"HCG4383843424159", "HC4383843424159"},
           {"c NO319534403021 1", "NO3195344030211"},
           {"3812345I678", "3812345678"},
           // A mark read on a letter (generated e1111 d0035, h4444 d0008).
           {"NÖ4152989969990", "NO4152989969990"},
           {"TẾE4011081027357", "TE4011081027357"}}) {
    EXPECT_TRUE(ParseInsuranceNumber(read, &n)) << read;
    EXPECT_EQ(n, want) << read;
  }
  // Two off: left as read.
  EXPECT_FALSE(ParseInsuranceNumber("HT19916697728956 1", &n));
  EXPECT_FALSE(ParseInsuranceNumber("OMS&61637243464", &n));
  // Neither shape: left to the caller as read.
  EXPECT_FALSE(ParseInsuranceNumber("381234567", &n));     // 9 digits
  EXPECT_FALSE(ParseInsuranceNumber("38123456789", &n));   // 11
  EXPECT_FALSE(ParseInsuranceNumber("3812345X78", &n));    // a letter that is no digit
  EXPECT_FALSE(ParseInsuranceNumber("1DX4797932123456", &n));
  EXPECT_FALSE(ParseInsuranceNumber("không có", &n));
}

TEST(Normalise, CutLeadersDropsLeaderNoise) {
  struct Row { const char* in; const char* out; };
  const Row rows[] = {
      {": HỒ MINH DUNG ..........", "HỒ MINH DUNG"},
      {" TRẦN TIẾN VIỆT .................................-- + SE SE Sư xe", "TRẦN TIẾN VIỆT"},
      {" Kinh ‹ ‹", "Kinh"},
      {": ......... Nữ", "Nữ"},
      {" 1995................. ", "1995"},
      {" thôn 10, xã Phan Thanh, tỉnh Cao Bằng -- -:-- +: 5235", "thôn 10, xã Phan Thanh, tỉnh Cao Bằng"},
      {" tỉnh Bà Rịa - Vũng Tàu", "tỉnh Bà Rịa - Vũng Tàu"},  // a lone dash is text
      {" ............", ""},
      {" 081 : 177216.... . . . s2", "081 : 177216"},  // a colon inside a number
      {" 1995 : ; -- 12", "1995"},                      // not a lone colon
  };
  for (const auto& r : rows) EXPECT_EQ(CutLeaders(r.in), r.out) << r.in;
  size_t b = 0, e = 0;
  CutLeaders(": AB ....", &b, &e);
  EXPECT_EQ(b, 2u);
  EXPECT_EQ(e, 4u);
}

TEST(Normalise, VocabularyMatching) {
  const std::vector<std::string> eth = {"Kinh", "Tày", "Thái", "Ê Đê", "Khmer"};
  const std::vector<std::string> rel = {"Mẹ", "Cha", "Bà", "Bà ngoại", "Bà nội", "Vợ", "Con", "Con dâu"};
  EXPECT_EQ(MatchVocabulary(eth, "Kinh"), "Kinh");
  EXPECT_EQ(MatchVocabulary(eth, "Tay"), "Tày");
  EXPECT_EQ(MatchVocabulary(eth, "Ê Đê ----"), "Ê Đê");
  EXPECT_EQ(MatchVocabulary(eth, "Khmr"), "Khmer");  // one edit
  EXPECT_EQ(MatchVocabulary(eth, "Mường"), "");       // not in the list: kept as read
  EXPECT_EQ(MatchVocabulary(rel, "Mẹ - ẶŸẶẶẶẶŸSVS"), "Mẹ");
  EXPECT_EQ(MatchVocabulary(rel, "Bà ngoại"), "Bà ngoại");
  EXPECT_EQ(MatchVocabulary(rel, "`VỢ/"), "Vợ");
  EXPECT_EQ(MatchVocabulary(rel, "Con dâu"), "Con dâu");
  // A mark misread in the longer entry's word: that entry, not "Con" and
  // a word more (v1515 d0017).
  EXPECT_EQ(MatchVocabulary(rel, "Con đâu . . . ."), "Con dâu");
  EXPECT_EQ(MatchVocabulary(rel, "Bà ngoai"), "Bà ngoại");
  EXPECT_EQ(MatchVocabulary(rel, "Con trai"), "Con");
  EXPECT_EQ(MatchVocabulary(rel, ""), "");
  // The apostrophe lost or read as a space.
  const std::vector<std::string> eth2 = {"Kinh", "Mông", "H'Mông", "Xơ Đăng"};
  EXPECT_EQ(MatchVocabulary(eth2, "H Mông"), "H'Mông");
  EXPECT_EQ(MatchVocabulary(eth2, "HMông"), "H'Mông");
  EXPECT_EQ(MatchVocabulary(eth2, "Mông"), "Mông");
  // Two OCR edits from an entry of five letters or more, when no other
  // entry is as close; never a guess for short entries or a tie.
  const std::vector<std::string> nat = {"Việt Nam"};
  EXPECT_EQ(MatchVocabulary(nat, "Việt Naơn"), "Việt Nam");
  EXPECT_EQ(MatchVocabulary(nat, "ViệtNamn"), "Việt Nam");  // the words run together, a letter added
  EXPECT_EQ(MatchVocabulary(nat, "Việt"), "");               // half the entry is no guess
  EXPECT_EQ(MatchVocabulary(nat, "Việt N Nam"), "Việt Nam");
  EXPECT_EQ(MatchVocabulary(nat, "Viậ Nam"), "Việt Nam");
  EXPECT_EQ(MatchVocabulary(nat, "V›;ệt Naớn"), "");  // three edits
  EXPECT_EQ(MatchVocabulary(nat, "Nhật Bản"), "");
  // One glyph read for two, or two for one, is one edit (generated j2929
  // d0005: "Kmh").
  EXPECT_EQ(MatchVocabulary(eth, "Kmh"), "Kinh");
  EXPECT_EQ(MatchVocabulary(eth, "Khrner"), "Khmer");
  EXPECT_EQ(MatchVocabulary(eth, "Kmb"), "");  // and one edit more is two
  EXPECT_EQ(MatchVocabulary(eth2, "Mông"), "Mông");
  EXPECT_EQ(MatchVocabulary(nat, "Việt"), "");
  EXPECT_EQ(MatchVocabulary(eth, "Klumer"), "Khmer");
  EXPECT_EQ(MatchVocabulary(eth, "Kiưvh"), "");  // 4 letters: one edit only
  EXPECT_EQ(MatchVocabulary(rel, "Mỹ"), "");     // 2 letters: never guessed
  EXPECT_EQ(MatchVocabulary({"Bà nội", "Bà ngoại"}, "Bà ngội"), "");  // as near the one as the other
  EXPECT_EQ(MatchVocabulary({"Bà nội", "Bà ngoại"}, "Bà ngoọi"), "Bà ngoại");
}


TEST(Normalise, OcrMisreadsInNumbersSexAndHours) {
  struct Row {
    const char* raw;
    const char* iso;
  };
  const Row dates[] = {
      // A slash read as 1 or 7, only when that is a real date.
      {"04108 2025", "2025-08-04"},
      {"24/0312025", "2025-03-24"},
      {"28711/1987", "1987-11-28"},
      // Ones read as letters in a date in words.
      {"ngày l tháng I năm 2025", "2025-01-01"},
      // A slash lost, only when the rest is a real date.
      {"1006/2024", "2024-06-10"},
      {"04/082025", "2025-08-04"},
  };
  const Row times[] = {
      {"II giờ 20 phút, ngày 08 tháng 06 năm 2025", "2025-06-08T11:20"},
      {"22 giờ 16 phút, ngày 1Š tháng 09 năm 2025", "2025-09-15T22:16"},
      {"18 giờ 35 phút, ngày 28 tháng II năm 2024 ......", "2024-11-28T18:35"},
      // T, brackets and ! read for ones, Ô for a nought, in hours, days, months.
      {"l] giờ {7 phút. ngày 21 tháng 04 năm 2025", "2025-04-21T11:17"},
      {"TÔ giờ 18 phút, ngày TT tháng 05 năm 2025", "2025-05-11T10:18"},
      // Brackets, L, T and marked O read in the digits of hours, days,
      // months and years; "tháng" read with another vowel.
      {"13 giờ 14 phút, ngày 06 tháng L1 năm 2024", "2024-11-06T13:14"},
      {"01 giờ 27 phút, ngày 02 tháng ¡1 năm 2025", "2025-11-02T01:27"},
      {"11 giờ {7 phút, ngày Ó4 tháng 04 năm 2025", "2025-04-04T11:17"},
      {"16 giờ 40 phút, ngày 02 thíng 04 năm 2025", "2025-04-02T16:40"},
      // S, B and § in an hour or minute of look-alikes only; "giờ" read
      // "giữ", "năm" read "băm".
      {"10 giờ SS phút, ngày 23 tháng 0Š năm 2025", "2025-05-23T10:55"},
      {"I§ giờ 44 phút, ngày 09 tháng 03 năm 2025", "2025-03-09T18:44"},
      {"00 giữ 44 phút, ngày 26 tháng 01 nắm 2025", "2025-01-26T00:44"},
      {"12 giờ 43 phút, ngày 26 tháng 09 băm 2025", "2025-09-26T12:43"},
      // A speck read as one more nought before a month; a one read as a
      // letter beside a digit of the day.
      {"05 giờ 21 phút, ngày 29 tháng 004 năm 2025", "2025-04-29T05:21"},
      {"05 giờ 21 phút, ngày 29 tháng 0 04 năm 2025", "2025-04-29T05:21"},
      {"18 giờ 47 phút, ngày t2 tháng 01 năm 2025", "2025-01-12T18:47"},
      {"09 giờ 30 phút, ngày 2l tháng 1] năm 2025", "2025-11-21T09:30"},
  };
  Date d;
  for (const Row& r : dates) {
    ASSERT_TRUE(ParseDate(r.raw, &d)) << r.raw;
    EXPECT_EQ(IsoDate(d), r.iso) << r.raw;
  }
  for (const Row& r : times) {
    ASSERT_TRUE(ParseDateTime(r.raw, &d)) << r.raw;
    EXPECT_EQ(IsoDateTime(d), r.iso) << r.raw;
  }
  EXPECT_FALSE(ParseDate("04148 2025", &d));  // month 48
  EXPECT_FALSE(ParseDate("ngày Il tháng Lan năm 2025", &d));
  EXPECT_FALSE(ParseDateTime("to giờ xx phút", &d));
  // An I read for a one with a mark over it ("1Í" for 11).
  ASSERT_TRUE(ParseDateTime("02 giờ 1Í phút, ngày 23 tháng 02 nấm 2025", &d));
  EXPECT_EQ(IsoDateTime(d), "2025-02-23T02:11");
  EXPECT_FALSE(ParseDateTime("10 giờ SE phút, ngày 23 tháng 05 năm 2025", &d));  // E is no digit
  // A minute cut off by an unreadable digit is no minute (not 21:04).
  EXPECT_FALSE(ParseDateTime("21 giờ 4? phút, ngày 20 tháng 02 năm 2025", &d));
  EXPECT_FALSE(ParseDate("ngày 123 tháng 04 năm 2025", &d));
  EXPECT_FALSE(ParseDate("0912345678", &d));
  EXPECT_FALSE(ParseDate("1036/2024", &d));  // month 36
  std::string s;
  ASSERT_TRUE(ParseSex("ÏNam", &s));
  EXPECT_EQ(s, "male");
  EXPECT_FALSE(ParseSex("ÏNẴY", &s));
  std::int64_t g = 0;
  ASSERT_TRUE(ParseWeight("2940 sram", &g));
  EXPECT_EQ(g, 2940);
  std::string id;
  ASSERT_TRUE(FindIdNumber("CCCD số 038195012345, cấp ngày 01/02/2021", &id));
  EXPECT_EQ(id, "038195012345");
  ASSERT_TRUE(FindIdNumber("Thẻ căn cước số 0381957702351", &id));  // reported later as invalid length
  EXPECT_EQ(id, "0381957702351");
  EXPECT_FALSE(FindIdNumber("Hộ chiếu C1234", &id));
  // Broken apart by OCR: spaces, colons and dots inside the number.
  ASSERT_TRUE(FindIdNumber("02 50854: 219: 53.", &id));
  EXPECT_EQ(id, "025085421953");
  ASSERT_TRUE(FindIdNumber("Thẻ căn cước số 080185.1 34915", &id));
  EXPECT_EQ(id, "080185134915");
  // ... but not across words or a date.
  ASSERT_TRUE(FindIdNumber("CCCD số 0381 95012345, cấp ngày 01/02/2021", &id));
  EXPECT_EQ(id, "038195012345");
  EXPECT_FALSE(FindIdNumber("số 0381 9501, cấp ngày 01 02 2021", &id));
  // A phone with a colon OCR put in it.
  std::string p;
  ASSERT_TRUE(ParsePhone("081 : 177216", &p));
  EXPECT_EQ(p, "081177216");
  // The next item ran on, its label misread.
  ASSERT_TRUE(ParsePhone("0937937395 6.Emalli ............ su,", &p));
  EXPECT_EQ(p, "0937937395");
  // The next item's number alone, its label taken as the next field's.
  ASSERT_TRUE(ParsePhone("0902144258 6,", &p));
  EXPECT_EQ(p, "0902144258");
  ASSERT_TRUE(ParsePhone("0203 3812 345 6.", &p));  // a landline: eleven digits
  EXPECT_EQ(p, "02033812345");
  ASSERT_TRUE(ParsePhone("0203 3812 345", &p));
  EXPECT_EQ(p, "02033812345");
  ASSERT_TRUE(ParsePhone("0902 14 42 58", &p));  // a group of two that belongs
  EXPECT_EQ(p, "0902144258");
  ASSERT_TRUE(ParsePhone("09021442586", &p));  // no space: no telling which digit
  EXPECT_EQ(p, "09021442586");
  EXPECT_FALSE(ParsePhone("0162745 {47 &6ẰEFEnlh", &p));  // noise, not an item
  EXPECT_FALSE(ParsePhone("0937 abc", &p));
  EXPECT_FALSE(ParsePhone("09379373956abc", &p));
  // A count of one read as a letter.
  std::int64_t n = 0;
  for (const char* one : {"l", "I", "|", "l ......"}) {
    ASSERT_TRUE(ParseCount(one, &n)) << one;
    EXPECT_EQ(n, 1) << one;
  }
  EXPECT_FALSE(ParseCount("li", &n));
  int y = 0;
  for (const auto& [raw, want] : std::vector<std::pair<const char*, int>>{{"T991", 1991}, {"}974", 1974}, {"198]", 1981}}) {
    ASSERT_TRUE(ParseYear(raw, &y)) << raw;
    EXPECT_EQ(y, want) << raw;
  }
  // Letters inside a word stay letters: no number there.
  EXPECT_FALSE(ParseYear("TLT", &y));
  // A weight split by a space, or followed by a full stop and noise.
  for (const auto& [raw, want] : std::vector<std::pair<const char*, int>>{
           {"3I 30 gram", 3130}, {"4l 90 ram", 4190}, {"3160. Tư", 3160}, {"31 30", 3130}}) {
    ASSERT_TRUE(ParseWeight(raw, &g)) << raw;
    EXPECT_EQ(g, want) << raw;
  }
  EXPECT_FALSE(ParseWeight("31 3 gram", &g));  // no four digits there
}


// Strokes OCR reads around a handwritten sex word, and a weight in
// kilograms whose unit was misread.
TEST(Normalise, SexWithStrokesAndKilogramWeights) {
  std::string s;
  for (const char* in : {"ÏNaIm", "INam", "Nalm"}) {
    ASSERT_TRUE(ParseSex(in, &s)) << in;
    EXPECT_EQ(s, "male") << in;
  }
  for (const char* in : {"ÏNữY", "lNữ", "Nữl"}) {
    ASSERT_TRUE(ParseSex(in, &s)) << in;
    EXPECT_EQ(s, "female") << in;
  }
  for (const char* in : {"Naữm", "Nan", "Nama"}) {  // one letter misread, added or lost
    ASSERT_TRUE(ParseSex(in, &s)) << in;
    EXPECT_EQ(s, "male") << in;
  }
  ASSERT_TRUE(ParseSex("Nụa", &s));
  EXPECT_EQ(s, "female");
  for (const char* in : {"NƠ", "Nừ", "nu"}) {  // two letters: one from Nữ, two from Nam
    ASSERT_TRUE(ParseSex(in, &s)) << in;
    EXPECT_EQ(s, "female") << in;
  }
  EXPECT_FALSE(ParseSex("Na", &s));   // one from each
  EXPECT_FALSE(ParseSex("Nga", &s));  // as near to both
  EXPECT_FALSE(ParseSex("Naiml Kinh", &s) && s == "female");
  EXPECT_FALSE(ParseSex("Lai", &s));
  std::int64_t g = 0;
  ASSERT_TRUE(ParseWeight("3.55 ØTAIT", &g));
  EXPECT_EQ(g, 3550);
  ASSERT_TRUE(ParseWeight("2,9", &g));
  EXPECT_EQ(g, 2900);
  ASSERT_TRUE(ParseWeight("3.541 gram", &g));  // a thousands separator, not kilograms
  EXPECT_EQ(g, 3541);
  // Kilograms' decimals before "gram" read clearly: a digit misread, not 3800.
  EXPECT_FALSE(ParseWeight("3.80 gram", &g));
  EXPECT_FALSE(ParseWeight("3,8 gam", &g));
}

// "d/m/y", or "none".
std::string DayMonthYear(const std::optional<Date>& d) {
  return d ? std::to_string(d->day) + "/" + std::to_string(d->month) + "/" + std::to_string(d->year)
           : std::string("none");
}

Date Ymd(int y, int m, int d) {
  Date date;
  date.year = y, date.month = m, date.day = d;
  return date;
}

TEST(Normalise, DateInWords) {
  auto words = [](const char* raw) {
    Date d;
    return DayMonthYear(ParseDateInWords(raw, &d) ? std::optional<Date>(d) : std::nullopt);
  };
  EXPECT_EQ(words("ngày hai mươi tư tháng sáu năm hai nghìn không trăm hai mươi lăm"), "24/6/2025");
  EXPECT_EQ(words("ngày mười một tháng năm năm hai nghìn không trăm linh năm"), "11/5/2005");  // May
  EXPECT_EQ(words("ngày ba mươi mốt tháng mười hai năm một nghìn chín trăm chín mươi"), "31/12/1990");
  EXPECT_EQ(words("ngày mười lăm tháng tư năm hai nghìn không trăm hai mươi tư"), "15/4/2024");
  EXPECT_EQ(words("ngày mồng năm tháng giêng năm hai nghìn không trăm hai mươi"), "5/1/2020");
  // Marks misread, leader dots, the year's line wrapped: as printed.
  EXPECT_EQ(words("ngày hai mươi tám thắng tắm năm hai nghìn không trằm hai mươi lắm ........"), "28/8/2025");
  // The year's words garbled or lost: the day and month only.
  EXPECT_EQ(words("ngày năm tháng ba nám hai nghìn không trấm"), "5/3/-1");
  EXPECT_EQ(words("ngày hai mươi tư tháng sáu năm hai nghìn không trăm lai qưui ìðm"), "24/6/-1");
  // A word that is no number word: none.
  EXPECT_EQ(words("ngày hai mươi naốt tháng tột nám hai nghìn"), "none");
  EXPECT_EQ(words("ngày bốn mươi tháng sáu năm hai nghìn"), "none");  // no 40th
  EXPECT_EQ(words("24/06/2025"), "none");
}

TEST(Normalise, CorrectDateByALookAlikeDigit) {
  auto fix = [](int y, int m, int d) { return DayMonthYear(CorrectDate(Ymd(y, m, d))); };
  EXPECT_EQ(fix(2025, 93, 15), "15/3/2025");  // 9 for 0 in the month
  EXPECT_EQ(fix(2025, 18, 5), "5/10/2025");   // 8 for 0: 18 -> 10 is the only month
  EXPECT_EQ(fix(2024, 4, 81), "1/4/2024");    // 8 for 0: 31, 61, 91 are no days of April
  EXPECT_EQ(fix(2024, 4, 31), "none");        // 1 for 4 (31/01) or 3 for 2 (21/04): two dates
  EXPECT_EQ(fix(2024, 2, 39), "29/2/2024");   // 3 for 2; 30, 35, 38, 89 are no days of February
  EXPECT_EQ(fix(2023, 2, 39), "none");        // no 29th in 2023
  EXPECT_EQ(fix(2025, 0, 5), "none");         // month 00 -> 06, 08, 09: more than one
  EXPECT_EQ(fix(2025, 3, 15), "none");        // already a date
  EXPECT_EQ(fix(2925, 92, 26), "26/2/2925");  // a year past the calendar is CorrectFutureDate's
  EXPECT_EQ(fix(2925, 2, 26), "none");        // its day and month are a date
}

TEST(Normalise, CorrectFutureDateByALookAlikeYearDigit) {
  const Date today = Ymd(2025, 11, 20);
  auto fix = [&](int y, int m, int d) { return DayMonthYear(CorrectFutureDate(Ymd(y, m, d), today)); };
  EXPECT_EQ(fix(2035, 10, 11), "11/10/2025");  // 3 for 2
  EXPECT_EQ(fix(2085, 3, 4), "4/3/2005");      // 8 for 0 (2035, 2065, 2095 are no better)
  EXPECT_EQ(fix(2026, 1, 5), "none");          // 2020 or 2025 (0 or 5 for 6): two
  EXPECT_EQ(fix(2025, 11, 20), "none");        // today is no future
  EXPECT_EQ(fix(2025, 3, 15), "none");         // in the past already
  EXPECT_EQ(fix(2035, 2, 30), "none");         // no date at all: CorrectDate's case
  EXPECT_EQ(fix(2925, 3, 28), "28/3/2025");    // 9 for 0, a year past the calendar's range
}

TEST(Normalise, CorrectCertificateNumberDots) {
  auto fix = [](const char* raw) { return CorrectCertificateNumber(raw).value_or("none"); };
  EXPECT_EQ(fix("44174.GCS.5417424"), "44174.GCS.54174.24");
  EXPECT_EQ(fix("60810.GCS8180124"), "60810.GCS.81801.24");
  EXPECT_EQ(fix("09402.GCS39002.25"), "09402.GCS.39002.25");
  EXPECT_EQ(fix("01741.GCS8.76640.25"), "01741.GCS.76640.25");
  EXPECT_EQ(fix("01741GCS.76640.25"), "01741.GCS.76640.25");
  EXPECT_EQ(fix("I1030.GCS.74765.24"), "11030.GCS.74765.24");
  EXPECT_EQ(fix("11O30.GCS.74765.24"), "11030.GCS.74765.24");
  EXPECT_EQ(fix("B1619.GCS.47811.24"), "81619.GCS.47811.24");
  EXPECT_EQ(fix("01741.GCS.76640.25"), "none");  // right already
  EXPECT_EQ(fix("1741.GCS.76640.25"), "none");   // a digit lost: no guess
  EXPECT_EQ(fix("01741.GCS.7664025X"), "none");
  EXPECT_EQ(fix("123/2024"), "none");            // the older, short number
  EXPECT_EQ(fix("602ˆcc"), "602");               // specks after it
  EXPECT_EQ(fix("602ABC"), "none");
  EXPECT_EQ(fix("01741.GC8.76640.25"), "01741.GCS.76640.25");
  EXPECT_EQ(fix("50438.GC:S.5033025"), "50438.GCS.50330.25");
  EXPECT_EQ(fix("85468.G08.17554.24"), "85468.GCS.17554.24");  // generated j2929 d0008
  EXPECT_EQ(fix("85468.GO5.17554.24"), "85468.GCS.17554.24");
  EXPECT_EQ(fix("85468.G08.1755.24"), "none");  // a digit lost after it
  // GCS read in part, with specks before it, or its S as an 8 (generated
  // hard photos of x2468, y3579 and their like).
  EXPECT_EQ(fix("51965CS.83080,25"), "51965.GCS.83080.25");
  EXPECT_EQ(fix("55279.@(CS.4382325"), "55279.GCS.43823.25");
  EXPECT_EQ(fix("34046G893669.24"), "34046.GCS.93669.24");
  EXPECT_EQ(fix("34046G8936691.24"), "none");  // a digit too many: no telling
  EXPECT_EQ(fix("34046G89366.24"), "none");    // 8 a digit of six: one lost
  // Look-alikes after GCS, a mark read for 8 ("§" is two bytes), commas
  // read for the dots.
  EXPECT_EQ(fix("83660.GCS.B8743.24"), "83660.GCS.88743.24");
  EXPECT_EQ(fix("I8252.GCS.S3460.25"), "18252.GCS.53460.25");
  EXPECT_EQ(fix("330§5.GCS.28287.24"), "33085.GCS.28287.24");
  EXPECT_EQ(fix("33256.GCS,92088,25"), "33256.GCS.92088.25");
  EXPECT_EQ(fix("33256.GCS.92088.2é"), "none");  // a letter no digit looks like
  // A year of issue after this one, a look-alike digit off.
  EXPECT_EQ(CorrectCertificateNumber("29236.GCS.16125.35", 2026).value_or("none"), "29236.GCS.16125.25");
  EXPECT_EQ(CorrectCertificateNumber("29236.GCS.16125.25", 2026).value_or("none"), "none");
  EXPECT_EQ(CorrectCertificateNumber("29236.GCS.16125.35", 0).value_or("none"), "none");  // no year given
}

TEST(Normalise, CorrectYearByALookAlikeDigit) {
  EXPECT_EQ(CorrectYear("1877", 2026).value_or(0), 1977);
  EXPECT_EQ(CorrectYear("1883", 2026).value_or(0), 1983);
  EXPECT_EQ(CorrectYear("1983", 2026).value_or(0), 0);   // in range already
  EXPECT_EQ(CorrectYear("990", 2026).value_or(0), 1990);  // its 1 lost
  EXPECT_EQ(CorrectYear("890", 2026).value_or(0), 0);
  EXPECT_EQ(CorrectYear("99", 2026).value_or(0), 0);
  EXPECT_EQ(CorrectYear("7990", 2026).value_or(0), 1990);
  EXPECT_EQ(CorrectYear("1800", 2026).value_or(0), 1900);  // 1806, 1860, ... are no years of birth
  EXPECT_EQ(CorrectYear("8990", 2026).value_or(0), 0);   // no reading in range
  EXPECT_EQ(CorrectYear("19490", 2026).value_or(0), 0);  // five digits
  EXPECT_EQ(CorrectYear("Kinh", 2026).value_or(0), 0);
}

TEST(Normalise, CorrectPhoneLeadingZero) {
  EXPECT_EQ(CorrectPhone("9792099436").value_or("none"), "0792099436");
  EXPECT_EQ(CorrectPhone("8935258240").value_or("none"), "0935258240");
  EXPECT_EQ(CorrectPhone("0792099436").value_or("none"), "none");   // right already
  EXPECT_EQ(CorrectPhone("9192099436").value_or("none"), "none");   // 01x is no mobile prefix
  EXPECT_EQ(CorrectPhone("2792099436").value_or("none"), "none");   // 2 is not read for 0
  EXPECT_EQ(CorrectPhone("97920994361").value_or("none"), "none");  // 11 digits
}

}  // namespace
}  // namespace forms
}  // namespace hoso
