#!/usr/bin/env python3
"""Throughput and latency of the lookup server at 16 and 64 clients, beside a bare Flask endpoint.

Both apps run as their own process on waitress with the same thread count: the real one through
the `cdt-server` command (access log on, as in use, its limits and JSON early errors included),
the peer a bare Flask app returning a constant JSON object. wrk drives each over loopback, 16 and
then 64 connections, each run a 1-second warm-up and --seconds measured; requests to the real server carry the extension's Origin header, so CORS is
paid. Every endpoint runs at both client counts in each of --rounds rounds and the medians are
compared, because the machine is shared.

Targets (issue 11): at 64 clients every endpoint keeps >= 80% of its 16-client requests/s; code
lookups reach >= 85% of the bare endpoint; zero errors. Run from the project root:

    python bench/bench_server.py                      # 3 rounds of 4-second runs (about 5 minutes)
    python bench/bench_server.py --rounds 1 --seconds 2   # quicker

Needs wrk (Debian: apt-get install -y wrk). Not a test: it prints a markdown table.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
LUA = os.path.join(HERE, "bench_server.lua")
ROOT = os.path.dirname(HERE)

LOOKUP_CODES = (
    # a claim-portal page: the codes a biller sees, in several spellings, one typo, one non-code
    ["D0120", "D0140", "D0150", "D0210", "D0220", "D0230", "D0272", "D0274", "D0330", "D0371",
     "D1110", "D1120", "D1206", "D1208", "D1351", "D2140", "D2150", "D2160", "D2330", "D2331",
     "D2391", "D2392", "D2393", "D2394", "D2740", "D2750", "D2950", "D2954", "D3310", "D3320",
     "D3330", "D4341", "D4342", "D4346", "D4355", "D4910", "D5110", "D5120", "D6010", "D6058",
     "D7140", "D7210", "D7240", "D9110", "D9222", "D9223", "d0140", "0371", "D0379", "D12"]
)
CLAIM = {
    "lines": [
        {"code": "D0150", "date": "2026-03-04"}, {"code": "D0210", "date": "2026-03-04"},
        {"code": "D1110", "date": "2026-03-04"}, {"code": "D1206", "date": "2026-03-04"},
        {"code": "D2391", "tooth": "30", "surfaces": "O", "date": "2026-03-04"},
        {"code": "D2392", "tooth": "19", "surfaces": "MOD", "date": "2026-03-04"},
        {"code": "D2393", "tooth": "14", "surfaces": "MOD", "date": "2026-03-04"},
        {"code": "D2330", "tooth": "8", "surfaces": "F", "date": "2026-03-04"},
        {"code": "D2140", "tooth": "K", "surfaces": "O", "date": "2026-03-04"},
        {"code": "D2740", "tooth": "13", "date": "2026-03-04"}, {"code": "D2950", "tooth": "13", "date": "2026-03-04"},
        {"code": "D3330", "tooth": "18", "date": "2026-03-04"}, {"code": "D3310", "tooth": "7", "date": "2026-03-04"},
        {"code": "D4341", "quadrant": "UR", "date": "2026-03-04"}, {"code": "D4342", "quadrant": "LL", "date": "2026-03-04"},
        {"code": "D7140", "tooth": "1", "date": "2026-03-04"}, {"code": "D7210", "tooth": "32", "date": "2026-03-04"},
        {"code": "D0230", "tooth": "19", "date": "2026-03-04"}, {"code": "D0274", "date": "2026-03-04"},
        {"code": "D5110", "arch": "U", "date": "2026-03-04"},
    ],
    "patient": {"age": 41},
}
ORIGIN = "chrome-extension://abcdefghijklmnopabcdefghijklmnop"
assert len(LOOKUP_CODES) == 50 and len(CLAIM["lines"]) == 20

BARE_APP = """
import sys
from flask import Flask
from waitress.server import create_server
app = Flask("bare")
@app.get("/bare")
def bare():
    return {"status": "ok", "edition": "2026"}
server = create_server(app, host="127.0.0.1", port=0, threads=int(sys.argv[1]))
print(f"bare on http://127.0.0.1:{server.effective_port}", flush=True)
server.run()
"""


class LogDrain(threading.Thread):
    """Reads a server's stderr as a terminal or journald would, counting the access lines."""

    def __init__(self, stream):
        super().__init__(daemon=True)
        self.stream = stream
        self.access_lines = 0
        self.queue_lines = 0

    def run(self):
        for line in self.stream:
            if " cdt_server.access " in line:
                self.access_lines += 1
            elif "Task queue depth" in line:
                self.queue_lines += 1


def start(cmd: list[str], log) -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=log, text=True, cwd=ROOT)
    line = proc.stdout.readline()
    if "http://" not in line:
        proc.kill()
        raise SystemExit(f"server did not start: {line!r}")
    return proc, "http://" + line.split("http://", 1)[1].split()[0]


def wrk(url: str, *, method="GET", body=None, origin="", seconds: float, connections: int, threads: int) -> dict:
    env = dict(os.environ, BENCH_METHOD=method, BENCH_ORIGIN=origin)
    body_file = None
    if body is not None:
        fd, body_file = tempfile.mkstemp(suffix=".json")
        with os.fdopen(fd, "w") as f:
            json.dump(body, f)
        env["BENCH_BODY_FILE"] = body_file
    try:
        out = subprocess.run(["wrk", f"-t{threads}", f"-c{connections}", f"-d{max(1, math.ceil(seconds))}s",
                              "--timeout", "10s", "-s", LUA, url],
                             env=env, capture_output=True, text=True, timeout=seconds + 60)
    finally:
        if body_file:
            os.unlink(body_file)
    line = next((ln for ln in out.stdout.splitlines() if ln.startswith("BENCH ")), None)
    if line is None:
        raise SystemExit(f"wrk failed: {out.stdout}\n{out.stderr}")
    res = json.loads(line[6:])
    res["errors"] = sum(res[k] for k in ("connect", "read", "write", "status", "timeout"))
    res["rps"] = res["requests"] / (res["duration_us"] / 1e6)
    return res


def measure(url: str, *, method: str, body, origin: str, seconds: float, connections: int, threads: int) -> dict:
    """A 1-second warm-up at the same concurrency (connections opened, caches warm), then a
    measured run of ``seconds``."""
    kw = dict(method=method, body=body, origin=origin, connections=connections, threads=threads)
    wrk(url, seconds=1, **kw)
    return wrk(url, seconds=seconds, **kw)


def machine_note(threads: int, connections: int, wrk_threads: int) -> str:
    cpu = platform.processor() or "cpu"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(ln.split(":", 1)[1].strip() for ln in f if ln.startswith("model name"))
    except (OSError, StopIteration):
        pass
    from importlib.metadata import version
    wrk_version = subprocess.run(["wrk", "--version"], capture_output=True, text=True).stdout.split()[1]
    return (f"{os.cpu_count()} CPUs ({cpu}), Linux {platform.release()}, Python {platform.python_version()}, "
            f"Flask {version('flask')}, "
            f"waitress {version('waitress')} with {threads} threads per server, "
            f"wrk {wrk_version} with {wrk_threads} threads on the same machine, loopback")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    parser.add_argument("--seconds", type=float, default=4, help="length of each measured run")
    parser.add_argument("--clients", type=int, nargs="+", default=[16, 64])
    parser.add_argument("--server-threads", type=int, default=8)
    parser.add_argument("--wrk-threads", type=int, default=2)
    parser.add_argument("--only-code", action="store_true",
                        help="just the peer and the code lookup (more rounds for their ratio in the same time)")
    parser.add_argument("--rounds", type=int, default=3,
                        help="rounds; in each, every endpoint runs at every client count in turn")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        print("bench_server.py needs wrk: apt-get install -y wrk", file=sys.stderr)
        return 2

    real_cmd = [sys.executable, "-m", "cdt_server.cli", "--port", "0", "--threads", str(args.server_threads)]
    bare_cmd = [sys.executable, "-c", BARE_APP, str(args.server_threads)]
    real, real_url = start(real_cmd, subprocess.PIPE)
    drain = LogDrain(real.stderr)  # the access log goes to a pipe, as under a terminal or journald
    drain.start()
    bare, bare_url = start(bare_cmd, subprocess.DEVNULL)
    # Real endpoints get the Origin header the extension's service worker sends, so CORS is paid.
    bare_case = ("bare Flask constant JSON (peer)", bare_url + "/bare", "GET", None, "")
    code_case = ("GET /api/v1/codes/D0371", real_url + "/api/v1/codes/D0371", "GET", None, ORIGIN)
    others = [
        ("GET /api/v1/search?q=deep+cleaning", real_url + "/api/v1/search?q=deep+cleaning", "GET", None, ORIGIN),
        ("GET /api/v1/suggest?prefix=root+pl", real_url + "/api/v1/suggest?prefix=root+pl", "GET", None, ORIGIN),
        ("POST /api/v1/codes/lookup (50 codes)", real_url + "/api/v1/codes/lookup", "POST",
         {"codes": LOOKUP_CODES}, ORIGIN),
        ("POST /api/v1/claims/check (20 lines)", real_url + "/api/v1/claims/check", "POST", CLAIM, ORIGIN),
    ]
    # The machine is shared and noisy: in each round every endpoint runs at each client count
    # back to back (16 then 64), so the two figures of a pair see the same neighbours; the
    # tables give the median over the rounds, never a single run.
    cases = [bare_case, code_case] if args.only_code else [bare_case, code_case, *others]
    rows = []   # (name, clients, result)
    try:
        for _ in range(args.rounds):
            for name, url, method, body, origin in cases:
                for clients in args.clients:
                    res = measure(url, method=method, body=body, origin=origin, seconds=args.seconds,
                                  connections=clients, threads=args.wrk_threads)
                    rows.append((name, clients, res))
    finally:
        for proc in (real, bare):
            proc.terminate()
            proc.wait(15)
        drain.join(10)

    def median_rps(name, clients):
        return statistics.median(r["rps"] for n, c, r in rows if n == name and c == clients)

    names = list(dict.fromkeys(n for n, _, _ in rows))
    low, high = min(args.clients), max(args.clients)
    print(f"\nMachine: {machine_note(args.server_threads, 0, args.wrk_threads)}\n")
    print(f"| endpoint | clients | runs | requests | errors | req/s (median) | p50 ms | p99 ms | vs bare | {high} vs {low} |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    ok_scaling, ok_errors = True, True
    for name in names:
        for clients in args.clients:
            runs = [r for n, c, r in rows if n == name and c == clients]
            mid = sorted(runs, key=lambda r: r["rps"])[len(runs) // 2]
            rps = median_rps(name, clients)
            ratio = rps / median_rps(bare_case[0], clients)
            scale = ""
            if clients == high and len(args.clients) > 1:
                kept = rps / median_rps(name, low)
                scale = f"{kept:.0%}"
                ok_scaling = ok_scaling and kept >= 0.80
            ok_errors = ok_errors and all(r["errors"] == 0 for r in runs)
            print(f"| {name} | {clients} | {len(runs)} | {sum(r['requests'] for r in runs)} | "
                  f"{sum(r['errors'] for r in runs)} | {rps:.0f} | {mid['p50_us'] / 1000:.2f} | "
                  f"{mid['p99_us'] / 1000:.2f} | {ratio:.0%} | {scale} |")
    code_ratios = {c: median_rps(code_case[0], c) / median_rps(bare_case[0], c) for c in args.clients}
    ok_code = all(v >= 0.85 for v in code_ratios.values())
    served = sum(r["requests"] for n, _, r in rows if not n.startswith("bare"))
    print(f"\nAccess log lines written by the real server: {drain.access_lines} "
          f"(>= {served} measured requests, plus warm-ups); 'Task queue depth' lines: {drain.queue_lines}.")
    print("vs bare = req/s over the median of the bare runs at the same number of clients.")
    print("Code lookup vs bare: " + ", ".join(f"{v:.0%} at {c}" for c, v in code_ratios.items())
          + f" (target >= 85%): {'met' if ok_code else 'NOT met'}")
    print(f"Every endpoint at {high} clients keeps >= 80% of its {low}-client req/s: {'yes' if ok_scaling else 'NO'}; "
          f"zero errors: {'yes' if ok_errors else 'NO'}")
    return 0 if ok_code and ok_scaling and ok_errors else 1


if __name__ == "__main__":
    sys.exit(main())
