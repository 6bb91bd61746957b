#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "hoso/result.h"

namespace hoso {
namespace {

TEST(ResultJson, FollowsTheContract) {
  DossierResult r;
  r.dossier_id = "f01-0003-photo";
  r.status = "needs_review";
  DocumentResult d;
  d.document_type = "birth_certificate";
  d.layout = "gcs-new";
  d.confidence = 0.93;
  d.pdf = "birth_certificate-1.pdf";
  PageResult p;
  p.source = "1.jpg";
  p.quad = {{{10, 20}, {900, 25}, {910, 1300}, {5, 1290}}};
  p.quarter_turns = 1;
  p.text = "GIẤY CHỨNG SINH";
  p.words.push_back(Word{"GIẤY", Box{1, 2, 3, 4}, 0.9});
  d.pages.push_back(p);
  d.fields["mother.full_name"] = Field{std::string("TRẦN THỊ LAN"), 0.91, 0, Box{5, 6, 7, 8}, std::nullopt};
  d.fields["child.weight_grams"] = Field{std::int64_t{3541}, 0.8, 0, Box{}, std::nullopt};
  d.fields["child.intended_name"] = Field{std::monostate{}, 0.0, 0, Box{}, std::nullopt};
  d.fields["mother.id_number"] = Field{std::string("038190012345"), 0.7, 0, Box{}, std::string("038190012349")};
  d.issues.push_back(Issue{"child.birth_place", "error", "birth_place.missing_province", "Thiếu tỉnh"});
  r.documents.push_back(d);

  r.timings_cpu_ms.ocr = 850.4;
  r.timings_cpu_ms.tesseract = 811.6;
  auto j = nlohmann::json::parse(ToJson(r));
  EXPECT_EQ(j["schema"], "hoso.dossier/1");
  EXPECT_EQ(j["dossier_id"], "f01-0003-photo");
  EXPECT_EQ(j["status"], "needs_review");
  const auto& doc = j["documents"][0];
  EXPECT_EQ(doc["document_type"], "birth_certificate");
  EXPECT_EQ(doc["layout"], "gcs-new");
  EXPECT_EQ(doc["pdf"], "birth_certificate-1.pdf");
  EXPECT_EQ(doc["pages"][0]["quad"][2][0], 910);
  EXPECT_EQ(doc["pages"][0]["quarter_turns"], 1);
  EXPECT_EQ(doc["pages"][0]["words"][0]["box"], nlohmann::json::array({1, 2, 3, 4}));
  EXPECT_EQ(doc["fields"]["mother.full_name"]["value"], "TRẦN THỊ LAN");
  EXPECT_EQ(doc["fields"]["child.weight_grams"]["value"], 3541);
  EXPECT_TRUE(doc["fields"]["child.intended_name"]["value"].is_null());
  EXPECT_EQ(doc["fields"]["mother.id_number"]["corrected_from"], "038190012349");
  EXPECT_FALSE(doc["fields"]["mother.full_name"].contains("corrected_from"));
  EXPECT_EQ(doc["issues"][0]["code"], "birth_place.missing_province");
  EXPECT_FALSE(doc.contains("pdf_base64"));
  for (const char* k : {"load", "geometry", "enhance", "ocr", "extract", "write"}) {
    EXPECT_TRUE(j["timings_ms"].contains(k)) << k;
    EXPECT_TRUE(j["timings_cpu_ms"].contains(k)) << k;
  }
  EXPECT_FALSE(j["timings_ms"].contains("tesseract"));  // measured in CPU time only
  EXPECT_EQ(j["timings_cpu_ms"]["tesseract"], 812);
  EXPECT_EQ(j["timings_cpu_ms"]["ocr"], 850);
  // Added: engines loaded on a worker's first use, apart from the stages.
  EXPECT_EQ(j["timings_cpu_ms"]["engine_load"], 0);
  EXPECT_EQ(j["timings_ms"]["engine_load"], 0);

  JsonOptions with_pdf;
  with_pdf.include_pdf = true;
  r.documents[0].pdf_bytes = "%PDF";
  EXPECT_EQ(nlohmann::json::parse(ToJson(r, with_pdf))["documents"][0]["pdf_base64"], "JVBERg==");
}

}  // namespace
}  // namespace hoso
