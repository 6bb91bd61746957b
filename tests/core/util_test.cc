#include "pipeline/core/util.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace hoso {
namespace {

namespace fs = std::filesystem;

TEST(Util, SafeNames) {
  for (const char* ok : {"d0001-photo", "Nguyễn Văn A", "scan 2.jpg", "a.b"}) EXPECT_TRUE(IsSafeName(ok)) << ok;
  for (const char* bad : {"", ".", "..", "../x", "a/b", "a\\b", "x..y", ".hidden", "a\nb"})
    EXPECT_FALSE(IsSafeName(bad)) << bad;
}

TEST(Util, NfcComposesVietnamese) {
  // "Hoà" with combining grave, "ệ" as e + circumflex + dot below.
  EXPECT_EQ(ToNfc("Hoa\xCC\x80"), "Hoà");
  EXPECT_EQ(ToNfc("Vie\xCC\x82\xCC\xA3t"), "Việt");
  EXPECT_EQ(ToNfc("đã NFC"), "đã NFC");
}

TEST(Util, Base64) {
  EXPECT_EQ(Base64Encode(""), "");
  EXPECT_EQ(Base64Encode("f"), "Zg==");
  EXPECT_EQ(Base64Encode("fo"), "Zm8=");
  EXPECT_EQ(Base64Encode("foobar"), "Zm9vYmFy");
}

TEST(Util, AtomicWriteLeavesNoTemporaries) {
  fs::path dir = fs::temp_directory_path() / "hoso_util_atomic";
  fs::remove_all(dir);
  std::string path = (dir / "out.json").string();
  ASSERT_TRUE(AtomicWriteFile(path, "first").ok());
  ASSERT_TRUE(AtomicWriteFile(path, "second").ok());
  std::string back;
  ASSERT_TRUE(ReadFile(path, &back).ok());
  EXPECT_EQ(back, "second");
  int files = 0;
  for (auto& e : fs::directory_iterator(dir)) files += e.is_regular_file();
  EXPECT_EQ(files, 1);
  // Unwritable target: an error, and nothing left behind.
  EXPECT_FALSE(AtomicWriteFile("/proc/hoso/x.json", "x").ok());
  fs::remove_all(dir);
}

TEST(Util, InputFileNames) {
  EXPECT_TRUE(IsInputFileName("a.JPG"));
  EXPECT_TRUE(IsInputFileName("b.tiff"));
  EXPECT_TRUE(IsInputFileName("c.pdf"));
  EXPECT_FALSE(IsInputFileName("truth.json"));
  EXPECT_FALSE(IsInputFileName("noext"));
}

}  // namespace
}  // namespace hoso
