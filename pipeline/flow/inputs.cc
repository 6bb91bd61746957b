// Turning command-line inputs into dossiers (contract: "Command line").
#include <algorithm>
#include <cctype>
#include <filesystem>

#include "hoso/processor.h"
#include "pipeline/core/util.h"

namespace hoso {

namespace fs = std::filesystem;

bool NaturalLess(const std::string& a, const std::string& b) {
  size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    unsigned char ca = a[i], cb = b[j];
    if (std::isdigit(ca) && std::isdigit(cb)) {
      size_t i2 = i, j2 = j;
      while (i2 < a.size() && a[i2] == '0') ++i2;
      while (j2 < b.size() && b[j2] == '0') ++j2;
      size_t ie = i2, je = j2;
      while (ie < a.size() && std::isdigit(static_cast<unsigned char>(a[ie]))) ++ie;
      while (je < b.size() && std::isdigit(static_cast<unsigned char>(b[je]))) ++je;
      if (ie - i2 != je - j2) return ie - i2 < je - j2;
      int c = a.compare(i2, ie - i2, b, j2, je - j2);
      if (c != 0) return c < 0;
      // Equal values: fewer leading zeros first, then go on.
      if (i2 - i != j2 - j) return i2 - i < j2 - j;
      i = ie;
      j = je;
      continue;
    }
    unsigned char la = static_cast<unsigned char>(std::tolower(ca));
    unsigned char lb = static_cast<unsigned char>(std::tolower(cb));
    if (la != lb) return la < lb;
    ++i;
    ++j;
  }
  if (a.size() - i != b.size() - j) return a.size() - i < b.size() - j;
  return a < b;
}

namespace {

Status DossierFromDir(const fs::path& dir, DossierInput* out) {
  out->id = dir.filename().string();
  out->files.clear();
  std::error_code ec;
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (!entry.is_regular_file(ec)) continue;
    std::string name = entry.path().filename().string();
    if (!name.empty() && name[0] == '.') continue;
    if (IsInputFileName(name)) names.push_back(name);
  }
  if (ec) return Status::Error("input.unreadable", "cannot list " + dir.string() + ": " + ec.message());
  std::sort(names.begin(), names.end(), NaturalLess);
  for (const std::string& n : names) out->files.push_back({n, (dir / n).string(), {}});
  return Status::Ok();
}

}  // namespace

Status DossierFromPath(const std::string& path, DossierInput* out) {
  fs::path p(path);
  // "dir/" names the directory itself.
  if (p.filename().empty()) p = p.parent_path();
  std::error_code ec;
  if (fs::is_directory(p, ec)) return DossierFromDir(p, out);
  if (!fs::exists(p, ec)) return Status::Error("usage.missing_input", "no such file or directory: " + path);
  out->id = p.stem().string();
  out->files = {{p.filename().string(), p.string(), {}}};
  return Status::Ok();
}

Status DossiersFromBatchDir(const std::string& dir, std::vector<DossierInput>* out) {
  out->clear();
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return Status::Error("usage.missing_input", "not a directory: " + dir);
  std::vector<fs::path> entries;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    std::string name = entry.path().filename().string();
    if (name.empty() || name[0] == '.') continue;
    if (entry.is_directory(ec) || (entry.is_regular_file(ec) && IsInputFileName(name)))
      entries.push_back(entry.path());
  }
  if (ec) return Status::Error("input.unreadable", "cannot list " + dir + ": " + ec.message());
  std::sort(entries.begin(), entries.end(), [](const fs::path& a, const fs::path& b) {
    return NaturalLess(a.filename().string(), b.filename().string());
  });
  for (const fs::path& e : entries) {
    DossierInput d;
    Status s = DossierFromPath(e.string(), &d);
    if (!s.ok()) return s;
    out->push_back(std::move(d));
  }
  return Status::Ok();
}

}  // namespace hoso
