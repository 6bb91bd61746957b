// Processor: the hoso pipeline, built once from Options and then fed
// dossiers. Building it loads the OCR data, form models and the
// administrative-unit list; that is expensive, so keep one per process.
//
// Thread safety: Process() and ProcessBatch() may be called from several
// threads at once; they share one bounded pool of workers (one OCR engine per
// worker thread, created once).
#ifndef HOSO_PROCESSOR_H_
#define HOSO_PROCESSOR_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "hoso/options.h"
#include "hoso/result.h"
#include "hoso/status.h"

namespace hoso {

// One input file of a dossier: a path on disk, or bytes already in memory
// (then `name` is used only for reporting and type sniffing).
struct InputFile {
  std::string name;   // file name as reported in "source"
  std::string path;   // read from here when `bytes` is empty
  std::string bytes;  // in-memory content (HTTP uploads)
};

struct DossierInput {
  std::string id;                // dossier_id; must be a safe file name
  std::vector<InputFile> files;  // pages in order
};

class Processor {
 public:
  // On success stores a new Processor in *out and returns OK; on error
  // stores nullptr and returns the reason (e.g. "setup.tessdata_missing").
  static Status Open(const Options& options, std::unique_ptr<Processor>* out);

  virtual ~Processor();

  // Processes one dossier entirely in memory. Never fails as a whole: bad
  // pages become issues and status "failed". PDFs are in
  // DocumentResult::pdf_bytes.
  virtual DossierResult Process(const DossierInput& dossier) = 0;

  // Processes many dossiers through the shared pipeline, writing
  // OUT/<id>/dossier.json and the PDFs atomically. A dossier whose
  // dossier.json exists is skipped unless `force`. `on_done` (may be empty)
  // is called once per dossier, from one thread at a time, with skipped=true
  // for the skipped ones.
  struct BatchOptions {
    std::string out_dir;
    bool force = false;
    std::function<void(const DossierResult&, bool skipped)> on_done;
  };
  virtual Status ProcessBatch(const std::vector<DossierInput>& dossiers,
                              const BatchOptions& options) = 0;

  // Whether the OCR data and the unit list loaded ("ok" when both did),
  // for health checks.
  virtual std::string OcrDataStatus() const = 0;
  virtual std::string UnitsStatus() const = 0;
};

// Scans a CLI input into dossiers per the contract: an image/PDF file is one
// dossier named by its stem; a directory is one dossier whose pages are the
// image/PDF files directly inside it in natural order.
Status DossierFromPath(const std::string& path, DossierInput* out);
// Every image/PDF file and sub-directory directly in `dir`, one dossier each.
Status DossiersFromBatchDir(const std::string& dir, std::vector<DossierInput>* out);

// Natural-order comparison of file names ("2.jpg" < "10.jpg").
bool NaturalLess(const std::string& a, const std::string& b);

}  // namespace hoso

#endif  // HOSO_PROCESSOR_H_
