// Processes one dossier through the installed library and prints its JSON.
#include <cstdio>

#include <hoso/processor.h>

int main(int argc, char** argv) {
  if (argc != 3) return 2;
  hoso::Options options;
  options.models_dir = argv[1];
  std::unique_ptr<hoso::Processor> processor;
  hoso::Status s = hoso::Processor::Open(options, &processor);
  if (!s.ok()) {
    std::fprintf(stderr, "%s\n", s.ToString().c_str());
    return 3;
  }
  hoso::DossierInput dossier;
  s = hoso::DossierFromPath(argv[2], &dossier);
  if (!s.ok()) return 2;
  hoso::DossierResult r = processor->Process(dossier);
  std::fputs(hoso::ToJson(r).c_str(), stdout);
  return r.documents.empty() ? 1 : 0;
}
