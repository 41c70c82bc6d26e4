#!/usr/bin/env python3
"""Figures for docs/PERFORMANCE.md: load, lookup, search and autocomplete costs of cdt_data and its
search quality on the graded relevance set (tests/relevance_graded.py), with SQLite FTS5 over the
same records and the same queries as the peer, in one run. Run from the project root:

    python bench/bench_data.py            # prints a markdown report

Not a test: machines here are noisy, so it reports medians and percentiles over many runs.
"""
from __future__ import annotations

import concurrent.futures
import os
import platform
import shutil
import tempfile
import runpy
import sqlite3
import statistics
import subprocess
import sys
import time
import timeit

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
# The search table goes to a cache folder of the bench's own, emptied where a figure needs it.
CACHE = tempfile.mkdtemp(prefix="cdt-bench-cache-")
os.environ["CDT_DATA_CACHE_DIR"] = CACHE
import cdt_data  # noqa: E402

GRADED = runpy.run_path(os.path.join(ROOT, "tests", "relevance_graded.py"))
QUERIES = [(q, grades) for q, _kind, grades in GRADED["GRADED"]]
# Autocomplete as typed: every prefix of these words, letter by letter.
TYPED = ["sial", "perio maintenance", "deep cleaning", "crown lengthening", "pano", "arestin", "night guard",
         "root canal molar", "D0371", "0274", "x-ray", "bitewings", "implant crown", "wisdom teeth"]
PREFIXES = sorted({t[:i] for t in TYPED for i in range(1, len(t) + 1) if t[:i].strip()})


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


FIRST = ("import time; t = time.perf_counter(); import cdt_data; cdt_data.search('deep cleaning'); "
         "print((time.perf_counter() - t) * 1e3)")


def first_search_ms():
    """A new process: import and first search, the table already in the cache folder (every start
    after the first for a package version)."""
    subprocess.run([sys.executable, "-c", "import cdt_data; cdt_data.search('x')"], check=True, cwd=ROOT)
    return in_process_ms(FIRST)


def first_ever_search_ms(rounds=5):
    """The first start of a package version: the cache folder empty, so the records are parsed and
    the table built and saved."""
    out = []
    for _ in range(rounds):
        shutil.rmtree(CACHE, ignore_errors=True)
        r = subprocess.run([sys.executable, "-c", FIRST], check=True, cwd=ROOT, capture_output=True, text=True)
        out.append(float(r.stdout))
    return statistics.median(out)


def load_ms():
    return in_process_ms("import time, cdt_data; t = time.perf_counter(); cdt_data.get('D0371'); "
                         "print((time.perf_counter() - t) * 1e3)")


def per_call_us(stmt: str, number=200_000):
    t = timeit.Timer(stmt, globals={"cdt_data": cdt_data})
    return min(t.repeat(5, number)) / number * 1e6


def latencies(search, rounds=30, before=lambda: None, queries=None):
    """Milliseconds per query, every query ``rounds`` times, after one warm-up pass (the typo
    table is built on the first typo); ``before`` runs untimed ahead of each query."""
    queries = [q for q, _ in QUERIES] if queries is None else queries
    for q in queries:
        search(q)
    times = []
    for _ in range(rounds):
        for q in queries:
            before()
            t = time.perf_counter()
            search(q)
            times.append((time.perf_counter() - t) * 1e3)
    return times


def concurrent_latencies(call, queries, threads=8, rounds=20):
    """Per-call milliseconds and calls per second with ``threads`` threads calling at once."""
    def worker(_):
        out = []
        for _ in range(rounds):
            for q in queries:
                t = time.perf_counter()
                call(q)
                out.append((time.perf_counter() - t) * 1e3)
        return out
    start = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(threads) as pool:
        times = [t for chunk in pool.map(worker, range(threads)) for t in chunk]
    return times, len(times) / (time.perf_counter() - start)


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

    def suggest(self, prefix: str, limit=10):
        """The peer's autocomplete: the typed words, the last as a prefix (FTS5 prefix query)."""
        words = [w.replace('"', '""') for w in prefix.split() if any(ch.isalnum() for ch in w)]
        if not words:
            return []
        match = " AND ".join([f'"{w}"' for w in words[:-1]] + [f'"{words[-1]}"*'])
        return [c for (c,) in self.db.execute(
            "SELECT code FROM r WHERE r MATCH ? ORDER BY bm25(r, 1.0, 3.0, 4.0, 1.5, 0.6) LIMIT ?", (match, limit))]

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


def quality(search, cases="GRADED"):
    ndcg, hit, _rows = GRADED["score"](search, GRADED[cases]) if GRADED[cases] else (float("nan"),) * 3
    return ndcg, hit


def main():
    bare, loaded = cold_start()
    first_ever = first_ever_search_ms()
    first = first_search_ms()
    load = load_ms()
    get_canon = per_call_us("cdt_data.get('D0371')")
    get_messy = per_call_us("cdt_data.get(' d0371 ')")
    index = cdt_data._search_index()
    w = latencies(cdt_data.search, before=index.clear_cache)
    w_cached = latencies(cdt_data.search)
    sug = latencies(cdt_data.suggest, queries=PREFIXES, rounds=50)
    sug_mt, sug_rate = concurrent_latencies(cdt_data.suggest, PREFIXES)
    sug_1t, sug_rate_1 = concurrent_latencies(cdt_data.suggest, PREFIXES, threads=1, rounds=160)
    fts = Fts5()
    f = latencies(fts.search)
    f_sug = latencies(fts.suggest, queries=PREFIXES, rounds=50)
    ours = quality(lambda q: [h.code for h in cdt_data.search(q)])
    held = quality(lambda q: [h.code for h in cdt_data.search(q)], "HELD_OUT")
    peer = quality(fts.search)
    peer_held = quality(fts.search, "HELD_OUT")
    n = len(QUERIES)
    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"SQLite {sqlite3.sqlite_version}; cdt-data {cdt_data.__version__}, CDT {cdt_data.EDITION}, "
          f"{len(cdt_data.codes(include_deleted=True))} records")
    print()
    print("| figure | cdt_data | SQLite FTS5 peer | target |")
    print("|---|---|---|---|")
    print(f"| cold `import cdt_data; get('D0371')` above a bare interpreter (median of 25) | "
          f"{loaded - bare:.1f} ms ({loaded:.1f} vs {bare:.1f} ms) | — | ≤ 60 ms, no slower than before |")
    print(f"| of which: parsing D0371's category on first `get` | {load:.1f} ms | — | |")
    print(f"| `get('D0371')` per call | {get_canon:.2f} µs | — | ≤ 2 µs |")
    print(f"| `get(' d0371 ')` per call (normalised) | {get_messy:.2f} µs | — | |")
    print(f"| first search in a new process, table in the cache (import + open + query, median of 7) | "
          f"{first:.0f} ms | {fts.build_ms:.0f} ms (table build) | ≤ 100 ms |")
    print(f"| first search of a package version (cache empty: parse, build, save, query; median of 5) | "
          f"{first_ever:.0f} ms | — | |")
    print(f"| warm search p50 over {n} graded queries × 30, answer cache cleared | {pct(w, 50):.3f} ms | "
          f"{pct(f, 50):.3f} ms | ≤ 0.25 ms |")
    print(f"| warm search p99 | {pct(w, 99):.3f} ms | {pct(f, 99):.3f} ms | ≤ 2 ms |")
    print(f"| repeated search (answer cache) p50 / p99 | {pct(w_cached, 50):.3f} / {pct(w_cached, 99):.3f} ms | — | |")
    print(f"| suggest p50 / p99, {len(PREFIXES)} prefixes as typed × 50 | {pct(sug, 50):.3f} / {pct(sug, 99):.3f} ms | "
          f"{pct(f_sug, 50):.3f} / {pct(f_sug, 99):.3f} ms (prefix query) | p99 ≤ 1 ms |")
    print(f"| suggest, 8 threads at once: per call p50 / p99, calls/s | {pct(sug_mt, 50):.3f} / {pct(sug_mt, 99):.3f} ms, "
          f"{sug_rate:,.0f}/s (1 thread: {sug_rate_1:,.0f}/s) | — | |")
    print(f"| nDCG@5 on the graded set ({n} queries) | {ours[0]:.3f} | {peer[0]:.3f} | ≥ 0.90 |")
    print(f"| hit@1 on the graded set | {ours[1]:.3f} | {peer[1]:.3f} | ≥ 0.90 |")
    if GRADED["HELD_OUT"]:
        print(f"| nDCG@5 / hit@1 on the held-out set ({len(GRADED['HELD_OUT'])} queries, never tuned on) | "
              f"{held[0]:.3f} / {held[1]:.3f} | {peer_held[0]:.3f} / {peer_held[1]:.3f} | |")
    shutil.rmtree(CACHE, ignore_errors=True)


if __name__ == "__main__":
    main()
