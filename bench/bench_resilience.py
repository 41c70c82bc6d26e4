#!/usr/bin/env python3
"""The lookup server under hostile clients, on loopback only: latency of ordinary requests
while connections are held open or trickle headers, and memory under a flood of junk codes.

1. Hold --held connections (half idle, half sending a header line every 0.5 s), then send
   --requests ordinary GETs from another client, one at a time: p50/p99/max and errors.
2. Send 100,000 distinct junk codes (every well-formed code, 60,000 look-alikes in other
   scripts' digits, 30,000 random strings) through POST /api/v1/codes/lookup and some through
   GET /api/v1/codes/<code>: the server's RSS before and after.

    python bench/bench_resilience.py                 # 200 held, 1,000 requests

Not a test (tests/server/test_resilience.py asserts the bounds); it prints a markdown table.
"""
from __future__ import annotations

import argparse
import http.client
import json
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from urllib.parse import quote

SCRIPTS = [[chr(zero + d) for d in range(10)] for zero in (0x660, 0x6F0, 0x966, 0x9E6, 0xFF10, 0x1D7D8)]


def start(threads: int):
    proc = subprocess.Popen([sys.executable, "-m", "cdt_server.cli", "--port", "0", "--threads", str(threads)],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = proc.stdout.readline()
    host, port = line.split("http://", 1)[1].split()[0].rsplit(":", 1)
    return proc, host, int(port)


def get(host, port, path):
    conn = http.client.HTTPConnection(host, port, timeout=10)
    try:
        conn.request("GET", path)
        resp = conn.getresponse()
        resp.read()
        return resp.status
    finally:
        conn.close()


def held_connections(host, port, held: int, requests: int) -> dict:
    socks = [socket.create_connection((host, port), timeout=5) for _ in range(held)]
    stop = threading.Event()
    slow = socks[held // 2:]

    def trickle():
        for s in slow:
            s.sendall(b"GET /api/v1/codes/D0371 HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        n = 0
        while not stop.wait(0.5):
            for s in slow:
                try:
                    s.sendall(b"X-Slow-%d: a\r\n" % n)
                except OSError:
                    pass
            n += 1

    t = threading.Thread(target=trickle, daemon=True)
    t.start()
    time.sleep(0.5)
    times, errors = [], 0
    paths = ["/api/v1/codes/D0371", "/healthz", "/api/v1/search?q=crown", "/api/v1/codes/d1110"]
    try:
        for i in range(requests):
            started = time.perf_counter()
            try:
                ok = get(host, port, paths[i % len(paths)]) == 200
            except OSError:
                ok = False
            times.append(time.perf_counter() - started)
            errors += not ok
    finally:
        stop.set()
        t.join(5)
        for s in socks:
            s.close()
    q = statistics.quantiles(times, n=100)
    return {"p50": q[49] * 1000, "p99": q[98] * 1000, "max": max(times) * 1000, "errors": errors}


def rss_kib(pid: int) -> int:
    with open(f"/proc/{pid}/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))


def flood(proc, host, port) -> dict:
    rng = random.Random(11)
    look_alike = ["D" + "".join(SCRIPTS[(n // 10000 + k) % 6][int(c)] for k, c in enumerate(f"{n % 10000:04d}"))
                  for n in range(60000)]
    chars = "D0123456789xyz\u0660\u0663\uff10\uff13 -/_"
    junk = [f"D{n:04d}" for n in range(10000)] + look_alike
    junk += ["".join(rng.choice(chars) for _ in range(rng.randint(1, 12))) + "#" + str(i) for i in range(30000)]
    assert len(set(junk)) == 100_000

    def send(batch):
        conn = http.client.HTTPConnection(host, port, timeout=60)
        conn.request("POST", "/api/v1/codes/lookup", body=json.dumps({"codes": batch}),
                     headers={"Content-Type": "application/json"})
        assert conn.getresponse().read() and True
        conn.close()

    # Warm up with requests of the same shapes (a fixed 500 of each kind, sent 20 times), so the
    # allocators reach their working size first: what is measured is what distinct codes add.
    shapes = [f"D{n:04d}" for n in range(9000, 9500)], look_alike[:500], junk[-500:]
    for _ in range(20):
        for batch in shapes:
            send(batch)
    before = rss_kib(proc.pid)
    started = time.perf_counter()
    for i in range(0, len(junk), 500):
        send(junk[i:i + 500])
    for code in junk[:10000:50] + junk[-2000::50]:
        get(host, port, "/api/v1/codes/" + quote(code, safe=""))
    return {"before": before, "after": rss_kib(proc.pid), "seconds": time.perf_counter() - started}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--held", type=int, default=200)
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args()
    proc, host, port = start(args.threads)
    try:
        h = held_connections(host, port, args.held, args.requests)
        f = flood(proc, host, port)
    finally:
        proc.terminate()
        proc.wait(15)
    print(f"\n| measure | value |\n|---|---:|")
    print(f"| requests while {args.held} connections are held (half trickling headers) | {args.requests} |")
    print(f"| errors | {h['errors']} |")
    print(f"| p50 / p99 / max ms | {h['p50']:.1f} / {h['p99']:.1f} / {h['max']:.1f} |")
    print(f"| RSS before / after 100,000 distinct junk codes | {f['before'] / 1024:.1f} / {f['after'] / 1024:.1f} MiB |")
    print(f"| growth | {(f['after'] - f['before']) / 1024:.2f} MiB (target < 5 MB) |")
    print(f"| flood time | {f['seconds']:.1f} s |")
    return 0 if h["errors"] == 0 and h["p99"] < 250 and f["after"] - f["before"] < 5 * 1024 else 1


if __name__ == "__main__":
    sys.exit(main())
