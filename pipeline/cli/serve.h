// `hoso serve`: the HTTP stage (contract: "Service stage").
#ifndef HOSO_PIPELINE_CLI_SERVE_H_
#define HOSO_PIPELINE_CLI_SERVE_H_

#include <string>

#include "hoso/processor.h"

namespace hoso {

struct ServeOptions {
  std::string listen = "127.0.0.1:8080";
  int workers = 0;       // pipeline worker threads (0 = one per core)
  int max_body_mb = 50;  // larger bodies answer 413
  int max_queue = 8;     // requests in progress; more answer 503 + Retry-After
};

// Serves until SIGINT/SIGTERM. Returns the process exit status.
int Serve(Processor* processor, const ServeOptions& options);

}  // namespace hoso

#endif  // HOSO_PIPELINE_CLI_SERVE_H_
