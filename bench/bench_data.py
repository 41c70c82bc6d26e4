#!/usr/bin/env python3
"""Figures for docs/PERFORMANCE.md: load, lookup and search costs of cdt_data, with SQLite FTS5
over the same records and the same queries as the peer. Run from the project root:

    python bench/bench_data.py            # prints a markdown report

Not a test: machines here are noisy, so it reports medians and percentiles over many runs.
"""
from __future__ import annotations

import os
import platform
import runpy
import sqlite3
import statistics
import subprocess
import sys
import time
import timeit

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
import cdt_data  # noqa: E402
from cdt_data.fulltext import analyze  # noqa: E402

QUERIES = runpy.run_path(os.path.join(ROOT, "tests", "test_search.py"))["RELEVANCE"]


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def run_python(code: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
    return time.perf_counter() - start


def cold_start(rounds=25):
    bare, loaded = [], []
    for _ in range(rounds):  # interleaved, so that drift hits both alike
        bare.append(run_python("pass"))
        loaded.append(run_python("import cdt_data; cdt_data.get('D0371')"))
    return statistics.median(bare) * 1e3, statistics.median(loaded) * 1e3


def in_process_ms(code: str, rounds=7) -> float:
    out = []
    for _ in range(rounds):
        r = subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT, capture_output=True, text=True)
        out.append(float(r.stdout))
    return statistics.median(out)


def first_search_ms():
    return in_process_ms("import time, cdt_data; cdt_data.codes(); t = time.perf_counter(); "
                         "cdt_data.search('deep cleaning'); print((time.perf_counter() - t) * 1e3)")


def load_ms():
    return in_process_ms("import time, cdt_data; t = time.perf_counter(); cdt_data.get('D0371'); "
                         "print((time.perf_counter() - t) * 1e3)")


def per_call_us(stmt: str, number=200_000):
    t = timeit.Timer(stmt, globals={"cdt_data": cdt_data})
    return min(t.repeat(5, number)) / number * 1e6


def latencies(search, rounds=30, before=lambda: None):
    """Milliseconds per query, every relevance query ``rounds`` times, after one warm-up;
    ``before`` runs untimed ahead of each query."""
    search("warm up")
    times = []
    for _ in range(rounds):
        for q, _ in QUERIES:
            before()
            t = time.perf_counter()
            search(q)
            times.append((time.perf_counter() - t) * 1e3)
    return times


class Fts5:
    """The peer: the same fields and weights in an SQLite FTS5 table, queried with bm25()."""

    def __init__(self):
        t = time.perf_counter()
        self.db = sqlite3.connect(":memory:")
        self.db.execute("CREATE VIRTUAL TABLE r USING fts5(code, title, keywords, summary, body, "
                        "tokenize='porter unicode61')")
        rows = []
        for p in cdt_data.codes():
            body = " ".join([*p.when_to_use, *p.documentation, *p.checklist])
            rows.append((p.code, p.title, " ".join(p.keywords), p.summary, body))
        self.db.executemany("INSERT INTO r VALUES (?, ?, ?, ?, ?)", rows)
        self.build_ms = (time.perf_counter() - t) * 1e3

    def search(self, query: str, limit=10):
        words = [w.replace('"', '""') for w in query.split() if any(ch.isalnum() for ch in w)]
        if not words:
            return []
        for joiner in (" AND ", " OR "):  # all words, then any word when that finds too little
            match = joiner.join(f'"{w}"' for w in words)
            rows = self.db.execute(
                "SELECT code FROM r WHERE r MATCH ? ORDER BY bm25(r, 1.0, 3.0, 4.0, 1.5, 0.6) LIMIT ?",
                (match, limit)).fetchall()
            if len(rows) >= 3:
                break
        return [c for (c,) in rows]


def hit_rate(search):
    return sum(bool(expected & set(search(q)[:3])) for q, expected in QUERIES)


def main():
    bare, loaded = cold_start()
    first = first_search_ms()
    load = load_ms()
    get_canon = per_call_us("cdt_data.get('D0371')")
    get_messy = per_call_us("cdt_data.get(' d0371 ')")
    w = latencies(cdt_data.search, before=cdt_data._search_index().clear_cache)
    w_cached = latencies(cdt_data.search)
    fts = Fts5()
    f = latencies(fts.search)
    whoosh_hits = hit_rate(lambda q: [h.code for h in cdt_data.search(q)])
    fts_hits = hit_rate(fts.search)
    n = len(QUERIES)
    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"SQLite {sqlite3.sqlite_version}; cdt-data {cdt_data.__version__}, CDT {cdt_data.EDITION}, "
          f"{len(cdt_data.codes(include_deleted=True))} records")
    print()
    print("| figure | cdt_data (Whoosh) | SQLite FTS5 peer | target |")
    print("|---|---|---|---|")
    print(f"| cold `import cdt_data; get('D0371')` above a bare interpreter (median of 25) | "
          f"{loaded - bare:.1f} ms ({loaded:.1f} vs {bare:.1f} ms) | — | ≤ 60 ms |")
    print(f"| of which: parsing D0371's category on first `get` | {load:.1f} ms | — | |")
    print(f"| `get('D0371')` per call | {get_canon:.2f} µs | — | ≤ 2 µs |")
    print(f"| `get(' d0371 ')` per call (normalised) | {get_messy:.2f} µs | — | |")
    print(f"| first search (index build + query) | {first:.0f} ms | {fts.build_ms:.0f} ms (table build) | ≤ 500 ms |")
    print(f"| warm search p50 over {n} relevance queries × 30, answer cache cleared | {pct(w, 50):.2f} ms | {pct(f, 50):.3f} ms | ≤ 2 ms |")
    print(f"| warm search p99 | {pct(w, 99):.2f} ms | {pct(f, 99):.3f} ms | ≤ 10 ms |")
    print(f"| repeated search (answer cache) p50 / p99 | {pct(w_cached, 50):.3f} / {pct(w_cached, 99):.3f} ms | — | |")
    print(f"| relevance: expected code in the top 3 | {whoosh_hits}/{n} | {fts_hits}/{n} | |")


if __name__ == "__main__":
    main()
