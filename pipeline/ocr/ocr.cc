// OcrEngine on Tesseract's LSTM engine.
#include "pipeline/ocr/ocr.h"

#include <dlfcn.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <tesseract/baseapi.h>
#include <tesseract/resultiterator.h>

#include "pipeline/core/util.h"

namespace hoso {

namespace {

namespace fs = std::filesystem;

constexpr const char* kDebianTessdata = "/usr/share/tesseract-ocr/5/tessdata";

// Where Tesseract will look when no directory is given: TESSDATA_PREFIX
// (which may name the tessdata directory or its parent), then the Debian
// location.
std::string DefaultTessdataDir(const std::string& language) {
  if (const char* env = std::getenv("TESSDATA_PREFIX"); env != nullptr && *env != '\0') {
    fs::path p(env);
    if (fs::exists(p / (language + ".traineddata"))) return p.string();
    if (fs::exists(p / "tessdata" / (language + ".traineddata"))) return (p / "tessdata").string();
  }
  return kDebianTessdata;
}

// The default settings file: models/ocr/<language>.config in the installed
// models directory, else in the source tree. Empty when neither exists.
std::string DefaultConfigFile(const std::string& language) {
  const std::string name = "ocr/" + language + ".config";
  for (const char* dir : {HOSO_INSTALL_MODELS_DIR, HOSO_SOURCE_MODELS_DIR}) {
    fs::path p = fs::path(dir) / name;
    std::error_code ec;
    if (fs::is_regular_file(p, ec)) return p.string();
  }
  return std::string();
}

// Tesseract (Debian's build) runs parts of the LSTM with OpenMP teams of up
// to 4 threads. hoso already runs one OcrEngine per core, so nested teams
// only oversubscribe the CPU and burn time in spin-waits. Setting the
// calling thread's max-active-levels ICV to 0 makes every OpenMP region it
// opens run on that thread alone. libgomp is loaded by libtesseract; we look
// the symbol up at run time so that hoso does not link OpenMP itself.
void SerialiseOpenMpOnThisThread() {
  using SetLevels = void (*)(int);
  static SetLevels fn =
      reinterpret_cast<SetLevels>(dlsym(RTLD_DEFAULT, "omp_set_max_active_levels"));
  if (fn != nullptr) fn(0);
}

class TesseractEngine final : public OcrEngine {
 public:
  TesseractEngine() = default;
  ~TesseractEngine() override { api_.End(); }

  Status Init(const OcrOptions& options) {
    const std::string lang = options.language.empty() ? "vie" : options.language;
    const std::string dir =
        options.tessdata_dir.empty() ? DefaultTessdataDir(lang) : options.tessdata_dir;
    const fs::path data = fs::path(dir) / (lang + ".traineddata");
    std::error_code ec;
    if (!fs::is_regular_file(data, ec)) {
      return Status::Error(
          "setup.tessdata_missing",
          "Thiếu dữ liệu OCR tiếng Việt / Tesseract language data not found: " + data.string() +
              " (install it with: apt-get install tesseract-ocr-" + lang +
              ", or set tessdata_dir / TESSDATA_PREFIX to the directory holding " + lang +
              ".traineddata)");
    }
    std::string config = options.config_file.empty() ? DefaultConfigFile(lang) : options.config_file;
    if (!config.empty() && !fs::is_regular_file(config, ec)) {
      return Status::Error("setup.tessdata_missing", "OCR settings file not found: " + config);
    }
    std::vector<char*> configs;
    if (!config.empty()) configs.push_back(config.data());
    SerialiseOpenMpOnThisThread();
    if (api_.Init(dir.c_str(), lang.c_str(), tesseract::OEM_LSTM_ONLY, configs.data(),
                  static_cast<int>(configs.size()), nullptr, nullptr, false) != 0) {
      return Status::Error(
          "setup.tessdata_missing",
          "Tesseract could not load " + data.string() +
              " (damaged or incompatible file? reinstall with: apt-get install --reinstall "
              "tesseract-ocr-" + lang + ")");
    }
    // Automatic layout (columns become blocks, read one after the other),
    // unless the settings file chooses otherwise: it is read again because
    // Init applies only its init-time parameters reliably.
    api_.SetPageSegMode(tesseract::PSM_AUTO);
    if (!config.empty()) api_.ReadConfigFile(config.c_str());
    return Status::Ok();
  }

  Status Recognize(const cv::Mat& gray, int dpi, OcrResult* out) override {
    *out = OcrResult();
    if (gray.empty() || gray.type() != CV_8UC1) {
      return Status::Error("internal.ocr_input", "OCR expects a non-empty 8-bit gray image");
    }
    SerialiseOpenMpOnThisThread();
    api_.SetImage(gray.data, gray.cols, gray.rows, 1, static_cast<int>(gray.step));
    api_.SetSourceResolution(dpi > 0 ? dpi : 300);
    if (api_.Recognize(nullptr) != 0) {
      api_.Clear();
      return Status::Error("ocr.failed", "Tesseract could not recognise the page");
    }
    std::unique_ptr<tesseract::ResultIterator> it(api_.GetIterator());
    double conf_sum = 0.0;
    if (it != nullptr) {
      int block = -1;
      int current_line = -1;  // index of the line words are appended to
      bool new_line = true;
      do {
        if (it->IsAtBeginningOf(tesseract::RIL_BLOCK)) ++block;
        if (it->IsAtBeginningOf(tesseract::RIL_TEXTLINE)) new_line = true;
        std::unique_ptr<char[]> raw(it->GetUTF8Text(tesseract::RIL_WORD));
        if (raw == nullptr) continue;
        std::string text = ToNfc(raw.get());
        // Trim ASCII whitespace; drop words that are nothing else.
        const auto first = text.find_first_not_of(" \t\r\n");
        if (first == std::string::npos) continue;
        text = text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
        int l = 0, t = 0, r = 0, b = 0;
        if (!it->BoundingBox(tesseract::RIL_WORD, &l, &t, &r, &b)) continue;
        if (new_line) {
          OcrLine line;
          line.block = block;
          int ll = l, lt = t, lr = r, lb = b;
          if (it->BoundingBox(tesseract::RIL_TEXTLINE, &ll, &lt, &lr, &lb)) {
            line.box = cv::Rect(ll, lt, lr - ll, lb - lt);
          }
          out->lines.push_back(std::move(line));
          current_line = static_cast<int>(out->lines.size()) - 1;
          new_line = false;
        }
        OcrWord word;
        word.text = std::move(text);
        word.box = cv::Rect(l, t, r - l, b - t);
        word.confidence = std::clamp(it->Confidence(tesseract::RIL_WORD) / 100.f, 0.f, 1.f);
        word.line = current_line;
        OcrLine& line = out->lines[current_line];
        if (!line.words.empty()) line.text += ' ';
        line.text += word.text;
        line.box |= word.box;
        line.words.push_back(static_cast<int>(out->words.size()));
        conf_sum += word.confidence;
        out->words.push_back(std::move(word));
      } while (it->Next(tesseract::RIL_WORD));
    }
    it.reset();
    api_.Clear();
    if (!out->words.empty()) out->mean_confidence = static_cast<float>(conf_sum / out->words.size());
    return Status::Ok();
  }

 private:
  tesseract::TessBaseAPI api_;
};

}  // namespace

Status OcrEngine::Create(const OcrOptions& options, std::unique_ptr<OcrEngine>* out) {
  out->reset();
  auto engine = std::make_unique<TesseractEngine>();
  Status s = engine->Init(options);
  if (!s.ok()) return s;
  *out = std::move(engine);
  return Status::Ok();
}

}  // namespace hoso
