#include "pipeline/cli/serve.h"

#include <signal.h>

#include <atomic>
#include <cstdio>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "pipeline/core/util.h"

namespace hoso {
namespace {

using json = nlohmann::ordered_json;

// Prometheus counters, guarded by one mutex (updated once per request).
class Metrics {
 public:
  void Request(int status) {
    std::lock_guard<std::mutex> l(mu_);
    ++requests_[status];
  }
  void Dossier(const DossierResult& r) {
    std::lock_guard<std::mutex> l(mu_);
    for (const auto& d : r.documents) pages_ += d.pages.size();
    const Timings& t = r.timings_ms;
    seconds_["load"] += t.load / 1000;
    seconds_["geometry"] += t.geometry / 1000;
    seconds_["enhance"] += t.enhance / 1000;
    seconds_["ocr"] += t.ocr / 1000;
    seconds_["extract"] += t.extract / 1000;
    seconds_["write"] += t.write / 1000;
    for (const auto& i : r.issues)
      if (i.severity == "error") ++errors_[i.code];
    for (const auto& d : r.documents)
      for (const auto& i : d.issues)
        if (i.severity == "error") ++errors_[i.code];
  }
  void Error(const std::string& code) {
    std::lock_guard<std::mutex> l(mu_);
    ++errors_[code];
  }
  std::string Text(int queue_depth) {
    std::lock_guard<std::mutex> l(mu_);
    std::ostringstream o;
    o << "# HELP hoso_requests_total HTTP requests to /v1/dossiers by status.\n# TYPE hoso_requests_total counter\n";
    for (auto& [code, n] : requests_) o << "hoso_requests_total{status=\"" << code << "\"} " << n << "\n";
    o << "# HELP hoso_pages_total Pages processed.\n# TYPE hoso_pages_total counter\nhoso_pages_total " << pages_ << "\n";
    o << "# HELP hoso_stage_seconds_total Time spent per pipeline stage.\n# TYPE hoso_stage_seconds_total counter\n";
    for (auto& [stage, s] : seconds_) o << "hoso_stage_seconds_total{stage=\"" << stage << "\"} " << s << "\n";
    o << "# HELP hoso_queue_depth Requests in progress.\n# TYPE hoso_queue_depth gauge\nhoso_queue_depth " << queue_depth << "\n";
    o << "# HELP hoso_errors_total Errors by code.\n# TYPE hoso_errors_total counter\n";
    for (auto& [code, n] : errors_) o << "hoso_errors_total{code=\"" << code << "\"} " << n << "\n";
    return o.str();
  }

 private:
  std::mutex mu_;
  std::map<int, long> requests_;
  std::map<std::string, long> errors_;
  std::map<std::string, double> seconds_;
  long pages_ = 0;
};

void SendError(httplib::Response& res, int status, const std::string& code, const std::string& message) {
  json j;
  j["error"] = {{"code", code}, {"message", message}};
  res.status = status;
  res.set_content(j.dump(), "application/json");
}

// A request none of whose pages could be read answers with the first
// input error: 415 for formats hoso does not read, 422 for damaged ones.
bool WholeRequestFailed(const DossierResult& r, int* status, const Issue** issue) {
  if (!r.documents.empty()) return false;
  for (const Issue& i : r.issues) {
    if (i.code.rfind("input.", 0) != 0) continue;
    *issue = &i;
    *status = (i.code == "input.unsupported" || i.code == "input.not_pdf") ? 415 : 422;
    return true;
  }
  return false;
}

}  // namespace

int Serve(Processor* processor, const ServeOptions& options) {
  std::string host = "127.0.0.1";
  int port = 8080;
  size_t colon = options.listen.rfind(':');
  try {
    if (colon == std::string::npos) {
      port = std::stoi(options.listen);
    } else {
      host = options.listen.substr(0, colon);
      port = std::stoi(options.listen.substr(colon + 1));
    }
  } catch (const std::exception&) {
    std::fprintf(stderr, "hoso: --listen takes host:port, not \"%s\"\n", options.listen.c_str());
    return 2;
  }

  httplib::Server server;
  Metrics metrics;
  std::atomic<int> in_progress{0};
  const int max_queue = std::max(1, options.max_queue);
  // HTTP threads: enough to answer 503/healthz while the queue is full.
  const int http_threads = max_queue + 4;
  server.new_task_queue = [http_threads] { return new httplib::ThreadPool(http_threads); };
  server.set_payload_max_length(static_cast<size_t>(options.max_body_mb) * 1024 * 1024);
  server.set_read_timeout(60, 0);
  server.set_write_timeout(60, 0);

  // Errors httplib answers by itself (413 over-size body, 404, 400 bad
  // request line) get the same JSON shape as ours.
  server.set_error_handler([&](const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty()) return;
    std::string code = res.status == 413 ? "request.too_large"
                       : res.status == 404 ? "request.not_found"
                                           : "request.bad";
    SendError(res, res.status, code, res.status == 413 ? "Dữ liệu gửi lên quá lớn / request body too large"
                                                        : "Yêu cầu không hợp lệ / bad request");
    metrics.Request(res.status);
  });
  server.Get("/healthz", [&](const httplib::Request&, httplib::Response& res) {
    json j;
    std::string ocr = processor->OcrDataStatus(), units = processor->UnitsStatus();
    j["status"] = (ocr == "ok" && units == "ok") ? "ok" : "degraded";
    j["ocr_data"] = ocr;
    j["units"] = units;
    j["queue_depth"] = in_progress.load();
    res.status = j["status"] == "ok" ? 200 : 503;
    res.set_content(j.dump(), "application/json");
  });
  server.Get("/metrics", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content(metrics.Text(in_progress.load()), "text/plain; version=0.0.4");
  });
  server.Post("/v1/dossiers", [&](const httplib::Request& req, httplib::Response& res) {
    struct Slot {
      std::atomic<int>& n;
      ~Slot() { --n; }
    };
    if (++in_progress > max_queue) {
      --in_progress;
      res.set_header("Retry-After", "5");
      SendError(res, 503, "server.busy", "Máy chủ đang bận, thử lại sau / queue is full, retry later");
      metrics.Request(503);
      metrics.Error("server.busy");
      return;
    }
    Slot slot{in_progress};
    if (!req.is_multipart_form_data()) {
      SendError(res, 415, "request.not_multipart", "Cần multipart/form-data / body must be multipart/form-data");
      metrics.Request(415);
      return;
    }
    DossierInput dossier;
    dossier.id = "dossier";
    for (const auto& [name, part] : req.files) {
      if (name == "dossier_id" && part.filename.empty()) {
        dossier.id = part.content;
        continue;
      }
      if (part.filename.empty()) continue;  // other plain form fields
      InputFile f;
      f.name = part.filename;
      f.bytes = part.content;
      dossier.files.push_back(std::move(f));
    }
    if (!IsSafeName(dossier.id)) {
      SendError(res, 422, "input.bad_name", "Mã hồ sơ không hợp lệ / unsafe dossier_id");
      metrics.Request(422);
      metrics.Error("input.bad_name");
      return;
    }
    if (dossier.files.empty()) {
      SendError(res, 400, "request.no_pages", "Không có trang nào / no file parts in the request");
      metrics.Request(400);
      return;
    }
    DossierResult r = processor->Process(dossier);
    metrics.Dossier(r);
    int status = 200;
    const Issue* issue = nullptr;
    if (WholeRequestFailed(r, &status, &issue)) {
      SendError(res, status, issue->code, issue->message);
      metrics.Request(status);
      return;
    }
    JsonOptions jo;
    jo.include_pdf = req.get_param_value("pdf") == "inline";
    res.set_content(ToJson(r, jo), "application/json");
    metrics.Request(200);
  });

  // Stop cleanly on SIGINT/SIGTERM: block them here, wait in a thread.
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  std::thread waiter([&] {
    int sig = 0;
    sigwait(&set, &sig);
    server.stop();
  });

  if (!server.bind_to_port(host, port)) {
    std::fprintf(stderr, "hoso: cannot listen on %s:%d\n", host.c_str(), port);
    pthread_kill(waiter.native_handle(), SIGTERM);
    waiter.join();
    return 3;
  }
  std::fprintf(stderr, "hoso: serving on http://%s:%d (POST /v1/dossiers, GET /healthz, GET /metrics)\n",
               host.c_str(), port);
  server.listen_after_bind();
  if (waiter.joinable()) {
    pthread_kill(waiter.native_handle(), SIGTERM);
    waiter.join();
  }
  return 0;
}

}  // namespace hoso
