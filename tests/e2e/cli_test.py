#!/usr/bin/env python3
"""End-to-end tests of the hoso CLI and HTTP stage, run by ctest.

  cli_test.py samples   --hoso BIN --repo DIR --work DIR
  cli_test.py bad_input --hoso BIN --repo DIR --work DIR
  cli_test.py serve     --hoso BIN --repo DIR --work DIR

Each check prints what it found; any failure exits non-zero.
"""
import argparse
import glob
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid

failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)
    return cond


def run(cmd, **kw):
    print("$ " + " ".join(cmd))
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def sample_dirs(repo):
    return sorted(d for d in glob.glob(os.path.join(repo, "samples", "dossiers", "*")) if os.path.isdir(d))


def no_temporaries(out):
    left = [p for p in glob.glob(os.path.join(out, "**", ".*"), recursive=True)]
    return check(not left, f"no temporary files left in {out} ({left[:3]})")


def check_pdf(path, page_texts):
    if not check(os.path.isfile(path), f"{os.path.basename(path)} exists"):
        return
    if shutil.which("qpdf"):
        r = run(["qpdf", "--check", path])
        check(r.returncode == 0, f"qpdf --check {os.path.basename(path)}")
    r = run(["pdftotext", "-layout", path, "-"])
    text = r.stdout
    words = [w for t in page_texts for w in t.split() if len(w) >= 4][:200]
    found = sum(1 for w in words if w in text)
    check(words and found >= 0.9 * len(words),
          f"pdftotext {os.path.basename(path)} returns the OCR words ({found}/{len(words)})")


def test_samples(a):
    dirs = sample_dirs(a.repo)
    if not check(len(dirs) >= 3, f"bundled samples present ({len(dirs)})"):
        return
    out = os.path.join(a.work, "out")
    shutil.rmtree(out, ignore_errors=True)
    # The README's first command, minus the setup step that built us.
    r = run([a.hoso, "process", "--batch", os.path.join(a.repo, "samples", "dossiers"), "--out", out])
    print(r.stderr[-3000:])
    check(r.returncode in (0, 1), f"exit status 0 or 1 (got {r.returncode})")
    statuses = {}
    counts = {"pages": 0, "unreadable": 0}
    for d in dirs:
        did = os.path.basename(d)
        path = os.path.join(out, did, "dossier.json")
        if not check(os.path.isfile(path), f"{did}/dossier.json written"):
            continue
        j = json.load(open(path, encoding="utf-8"))
        statuses[did] = j["status"]
        check(j["schema"] == "hoso.dossier/1" and j["dossier_id"] == did, f"{did}: schema and id")
        check(j["status"] in ("ok", "needs_review"), f"{did}: status {j['status']} (no page failed)")
        check(set(j["timings_ms"]) >= {"load", "geometry", "enhance", "ocr", "extract", "write"},
              f"{did}: timings_ms keys")
        cpu = j["timings_cpu_ms"]
        check(0 < cpu["tesseract"] <= cpu["ocr"] and cpu["geometry"] > 0,
              f"{did}: CPU timings: Tesseract's part of OCR is measured ({cpu})")
        truth = json.load(open(os.path.join(d, "truth.json"), encoding="utf-8"))
        # Pages hoso reports as unreadable (retake the photo) are exempt from
        # the reading checks; the report itself must say which page.
        unreadable = {tp["file"] for tp in truth["pages"]
                      if any(i["code"] == "page.unreadable" and f"({tp['file']}" in i["message"]
                             for i in j["issues"])}
        if unreadable:
            check(j["status"] != "ok", f"{did}: unreadable pages {sorted(unreadable)} put it under review")
        pages = {}
        for doc in j["documents"]:
            for p in doc["pages"]:
                pages[p["source"]] = p
            check_pdf(os.path.join(out, did, doc["pdf"]), [p["text"] for p in doc["pages"]])
        for tp in truth["pages"]:
            p = pages.get(tp["file"])
            if not check(p is not None, f"{did}/{tp['file']}: page in output"):
                continue
            check(p["quarter_turns"] == tp["quarter_turns"],
                  f"{did}/{tp['file']}: quarter_turns {p['quarter_turns']} == truth {tp['quarter_turns']}")
            check(len(p["quad"]) == 4 and all(len(c) == 2 for c in p["quad"]), f"{did}/{tp['file']}: quad shape")
            if tp["file"] in unreadable:
                continue
            check(len(p["words"]) > 30 and p["mean_confidence"] > 0.6,
                  f"{did}/{tp['file']}: {len(p['words'])} words, mean confidence {p['mean_confidence']}")
        got_types = sorted(doc["document_type"] for doc in j["documents"]
                           if not all(p["source"] in unreadable for p in doc["pages"]))
        want_types = sorted(doc["document_type"] for doc in truth["documents"]
                            if not all(truth["pages"][i]["file"] in unreadable for i in doc["pages"]))
        check(got_types == want_types, f"{did}: document types {got_types} == {want_types}")
        counts["pages"] += len(truth["pages"])
        counts["unreadable"] += len(unreadable)
    check(counts["unreadable"] <= counts["pages"] // 4,
          f"at most a quarter of the sample pages reported unreadable ({counts})")
    no_temporaries(out)

    # Resume: nothing is redone, nothing changes.
    mtimes = {p: os.path.getmtime(p) for p in glob.glob(os.path.join(out, "*", "dossier.json"))}
    r = run([a.hoso, "process", "--batch", os.path.join(a.repo, "samples", "dossiers"), "--out", out])
    check(r.stderr.count("skipped") >= len(dirs), "second run skips every finished dossier")
    check(all(os.path.getmtime(p) == t for p, t in mtimes.items()), "skipped dossiers untouched")
    # --force redoes one dossier: a PDF of ours it does not write again (an
    # earlier run's) is gone, a file of someone else's stays.
    one = dirs[0]
    one_out = os.path.join(out, os.path.basename(one))
    for name in ("unknown-9.pdf", "notes.pdf"):
        with open(os.path.join(one_out, name), "w") as f:
            f.write("x")
    r = run([a.hoso, "process", "--force", "--out", out, one])
    p = os.path.join(one_out, "dossier.json")
    check(os.path.getmtime(p) > mtimes[p], "--force rewrites the dossier")
    listed = {d["pdf"] for d in json.load(open(p))["documents"]}
    pdfs = {n for n in os.listdir(one_out) if n.endswith(".pdf")}
    check(pdfs == listed | {"notes.pdf"}, f"--force leaves the PDFs listed and others' files: {sorted(pdfs)}")


def make_bad_inputs(repo, root):
    shutil.rmtree(root, ignore_errors=True)
    os.makedirs(root)
    good = sorted(glob.glob(os.path.join(repo, "samples", "dossiers", "*", "*.jpg")))[0]
    data = open(good, "rb").read()
    open(os.path.join(root, "truncated.jpg"), "wb").write(data[: len(data) // 2])
    open(os.path.join(root, "empty.jpg"), "wb").write(b"")
    open(os.path.join(root, "fake.pdf"), "wb").write(b"<html>not a pdf</html>")
    open(os.path.join(root, "notes.png"), "wb").write("Tờ khai\n".encode())
    # A JPEG whose header claims 30000x30000 pixels.
    bomb = bytearray(data)
    i = 2
    while i + 9 < len(bomb):
        if bomb[i] == 0xFF and bomb[i + 1] in (0xC0, 0xC1, 0xC2):
            bomb[i + 5:i + 9] = bytes([30000 >> 8, 30000 & 0xFF, 30000 >> 8, 30000 & 0xFF])
            break
        i += 1
    open(os.path.join(root, "huge.jpg"), "wb").write(bytes(bomb))
    mixed = os.path.join(root, "mixed")
    os.makedirs(mixed)
    shutil.copy(good, os.path.join(mixed, "1.jpg"))
    open(os.path.join(mixed, "2.jpg"), "wb").write(data[: len(data) // 3])
    return {"truncated": "input.truncated", "empty": "input.empty", "fake": "input.not_pdf",
            "notes": "input.unsupported", "huge": "input.too_large", "mixed": "input.truncated"}


def test_bad_input(a):
    if not check(bool(sample_dirs(a.repo)), "bundled samples present"):
        return
    src = os.path.join(a.work, "in")
    out = os.path.join(a.work, "out")
    shutil.rmtree(out, ignore_errors=True)
    expected = make_bad_inputs(a.repo, src)
    r = run([a.hoso, "process", "--batch", src, "--out", out])
    print(r.stderr[-3000:])
    check(r.returncode == 1, f"exit status 1 when a dossier failed (got {r.returncode})")
    for did, code in expected.items():
        path = os.path.join(out, did, "dossier.json")
        if not check(os.path.isfile(path), f"{did}: dossier.json written"):
            continue
        j = json.load(open(path, encoding="utf-8"))
        codes = [i["code"] for i in j["issues"]]
        check(j["status"] == "failed", f"{did}: status failed")
        check(code in codes, f"{did}: issue {code} in {codes}")
        check(all(i["message"] for i in j["issues"]), f"{did}: issues carry messages")
    mixed = json.load(open(os.path.join(out, "mixed", "dossier.json"), encoding="utf-8"))
    check(sum(len(d["pages"]) for d in mixed["documents"]) == 1, "mixed: the good page is still processed")
    no_temporaries(out)
    # Bad usage.
    r = run([a.hoso, "process", src])
    check(r.returncode == 2, f"missing --out is exit 2 (got {r.returncode})")
    r = run([a.hoso, "process", "--out", out, os.path.join(src, "does-not-exist.jpg")])
    check(r.returncode == 2, f"missing input is exit 2 (got {r.returncode})")
    r = run([a.hoso, "frobnicate"])
    check(r.returncode == 2, f"unknown command is exit 2 (got {r.returncode})")


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def multipart(parts):
    boundary = uuid.uuid4().hex
    body = b""
    for name, filename, content in parts:
        disp = f'form-data; name="{name}"' + (f'; filename="{filename}"' if filename else "")
        body += f"--{boundary}\r\nContent-Disposition: {disp}\r\n".encode()
        if filename:
            body += b"Content-Type: application/octet-stream\r\n"
        body += b"\r\n" + content + b"\r\n"
    body += f"--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def post(url, parts, timeout=600):
    body, ctype = multipart(parts)
    req = urllib.request.Request(url, data=body, headers={"Content-Type": ctype}, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.read(), dict(r.headers)
    except urllib.error.HTTPError as e:
        return e.code, e.read(), dict(e.headers)


def test_serve(a):
    dirs = sample_dirs(a.repo)
    if not check(bool(dirs), "bundled samples present"):
        return
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen([a.hoso, "serve", "--listen", f"127.0.0.1:{port}", "--max-body-mb", "3",
                             "--max-queue", "2"], stderr=subprocess.PIPE, text=True)
    try:
        for _ in range(300):
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=2) as r:
                    health = json.loads(r.read())
                    break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.2)
        else:
            check(False, "server answers /healthz")
            return
        check(health["status"] == "ok" and health["ocr_data"] == "ok" and health["units"] == "ok",
              f"/healthz {health}")
        page = sorted(glob.glob(os.path.join(dirs[0], "*.jpg")) + glob.glob(os.path.join(dirs[0], "*.png")))[0]
        data = open(page, "rb").read()
        status, body, _ = post(base + "/v1/dossiers?pdf=inline",
                               [("dossier_id", None, b"web-1"), ("page", os.path.basename(page), data)])
        check(status == 200, f"POST a page -> 200 (got {status})")
        if status == 200:
            j = json.loads(body)
            check(j["dossier_id"] == "web-1" and j["documents"], "response is a dossier with documents")
            check(all(d.get("pdf_base64", "").startswith("JVBER") for d in j["documents"]),
                  "?pdf=inline carries the PDFs")
        # Two requests at once on the one processor, each a hard photo whose
        # retries run at once on idle workers: the same answer for both.
        hard = sorted(glob.glob(os.path.join(a.repo, "samples", "dossiers", "*-hard_photo", "*.jpg")))[:1]
        if check(bool(hard), "a bundled hard photo"):
            parts = [("page", os.path.basename(hard[0]), open(hard[0], "rb").read())]
            answers = [None, None]

            def send(i):
                answers[i] = post(base + "/v1/dossiers", [("dossier_id", None, f"web-hard-{i}".encode())] + parts)

            threads = [threading.Thread(target=send, args=(i,)) for i in range(2)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            check(all(x is not None and x[0] == 200 for x in answers),
                  f"two hard photos at once -> 200 both (got {[x and x[0] for x in answers]})")
            if all(x is not None and x[0] == 200 for x in answers):
                docs = [[(d["document_type"], d.get("fields")) for d in json.loads(x[1])["documents"]] for x in answers]
                check(docs[0] == docs[1] and docs[0], "both read the same documents and fields")
        status, body, _ = post(base + "/v1/dossiers", [("page", "notes.txt", b"hello")])
        check(status == 415 and json.loads(body)["error"]["code"] == "input.unsupported",
              f"text upload -> 415 input.unsupported (got {status} {body[:200]})")
        status, body, _ = post(base + "/v1/dossiers", [("page", "cut.jpg", data[: len(data) // 2])])
        check(status == 422 and json.loads(body)["error"]["code"] == "input.truncated",
              f"truncated JPEG -> 422 (got {status} {body[:200]})")
        status, body, _ = post(base + "/v1/dossiers", [("dossier_id", None, b"../etc"), ("page", "a.jpg", data)])
        check(status == 422 and json.loads(body)["error"]["code"] == "input.bad_name", f"dossier_id ../etc -> 422")
        status, body, _ = post(base + "/v1/dossiers", [("page", "big.jpg", b"\xff" * (4 * 1024 * 1024))])
        check(status == 413, f"4 MB body with --max-body-mb 3 -> 413 (got {status})")
        with urllib.request.urlopen(base + "/metrics", timeout=5) as r:
            metrics = r.read().decode()
        check('hoso_requests_total{status="200"} 3' in metrics and "hoso_stage_seconds_total" in metrics,
              "/metrics counts requests and stage seconds")
        with urllib.request.urlopen(base + "/healthz", timeout=5) as r:
            check(r.status == 200, "still serving after bad requests")
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            rc = proc.wait(timeout=30)
            check(rc == 0, f"server exits cleanly on SIGTERM (rc {rc})")
        except subprocess.TimeoutExpired:
            proc.kill()
            check(False, "server exits on SIGTERM")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("what", choices=["samples", "bad_input", "serve"])
    ap.add_argument("--hoso", required=True)
    ap.add_argument("--repo", required=True)
    ap.add_argument("--work", required=True)
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    {"samples": test_samples, "bad_input": test_bad_input, "serve": test_serve}[a.what](a)
    print(f"{len(failures)} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
