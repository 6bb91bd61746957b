#include "pipeline/flow/settings.h"

#include <cstdlib>
#include <filesystem>

#include "pipeline/enhance/enhance.h"
#include "pipeline/write/pdf.h"

namespace hoso {

namespace fs = std::filesystem;

namespace {

std::string ExeDir() {
  std::error_code ec;
  fs::path p = fs::read_symlink("/proc/self/exe", ec);
  return ec ? std::string() : p.parent_path().string();
}

}  // namespace

std::string FindModelsDir(const std::string& configured) {
  if (!configured.empty()) return configured;
  if (const char* env = std::getenv("HOSO_MODELS_DIR"); env && *env) return env;
  std::error_code ec;
  std::string exe = ExeDir();
  for (const std::string& c : {exe + "/../share/hoso/models", exe + "/../../models",
                               std::string(HOSO_INSTALL_MODELS_DIR), std::string(HOSO_SOURCE_MODELS_DIR)}) {
    if (!exe.empty() && fs::is_directory(c + "/forms", ec)) return fs::weakly_canonical(c, ec).string();
  }
  return HOSO_SOURCE_MODELS_DIR;
}

GeometryOptions PipelineGeometryOptions(const Options& options) {
  GeometryOptions go;
  go.output_dpi = options.output_dpi;
  go.tessdata_dir = options.tessdata_dir;
  go.needs_colour = PageHasColourInk;
  return go;
}

std::string PipelinePdfFont(const Options& options, const std::string& models_dir) {
  return options.pdf_font.empty() ? TextLayerFont(models_dir) : options.pdf_font;
}

Status ReadEnhancedPage(OcrEngine* engine, const EnhanceResult& enhanced, int dpi, OcrResult* out) {
  Status st = engine->Recognize(enhanced.ocr, dpi, out);
  if (!st.ok() || enhanced.ocr_alternative.empty()) return st;
  OcrResult second;
  if (!engine->Recognize(enhanced.ocr_alternative, dpi, &second).ok()) return st;  // the first reading stands
  const double both = out->recognition_cpu_ms + second.recognition_cpu_ms;
  if (second.mean_confidence > out->mean_confidence) *out = std::move(second);
  out->recognition_cpu_ms = both;
  return st;
}

}  // namespace hoso
