#!/usr/bin/env python3
"""Figures for the medical crossover (docs/decisions/0010-icd10cm-crossover.md). Run from the
project root:

    python bench/bench_diagnoses.py [--before REF] [--rounds N]

Budgets (issue 15): the first diagnosis lookup in a fresh process <= 300 ms; later lookups
<= 5 us; cold ``import cdt_data`` + ``get()`` unchanged within noise. For the last, the package as
it was at REF (default: the commit before the crossover work) is extracted with ``git archive``
into a temporary folder and both trees are timed in one run, interleaved, so that drift on this
noisy machine hits both alike. Not a test: it prints medians and percentiles.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import timeit

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_BEFORE = "2c10cfa"   # the branch point: the last commit without the crossover


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def fresh(code: str, path: str) -> float:
    """Milliseconds the snippet reports, in a fresh interpreter with ``path`` first on sys.path."""
    out = subprocess.run([sys.executable, "-c", f"import sys; sys.path.insert(0, {path!r}); {code}"],
                         check=True, capture_output=True, text=True, cwd=tempfile.gettempdir())
    return float(out.stdout)


COLD = ("import time; t = time.perf_counter(); import cdt_data; cdt_data.get('D0371'); "
        "print((time.perf_counter() - t) * 1e3)")
FIRST = ("import time, cdt_data; t = time.perf_counter(); cdt_data.diagnosis('K11.5'); "
         "print((time.perf_counter() - t) * 1e3)")
FIRST_LIST = ("import time, cdt_data; t = time.perf_counter(); cdt_data.diagnoses_for('D0371'); "
              "print((time.perf_counter() - t) * 1e3)")
FIRST_CHECK = ("import time, cdt_data; cdt_data.check([{'code': 'D0371'}]); t = time.perf_counter(); "
               "cdt_data.check([{'code': 'D0371', 'diagnoses': ['K11.5', 'K07.6']}]); "
               "print((time.perf_counter() - t) * 1e3)")


def extract(ref: str, into: str) -> str:
    archive = os.path.join(into, "before.tar")
    with open(archive, "wb") as f:
        subprocess.run(["git", "archive", "--format=tar", ref, "cdt_data"], check=True, cwd=ROOT, stdout=f)
    with tarfile.open(archive) as tar:
        tar.extractall(into, filter="data")
    return into


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--before", default=DEFAULT_BEFORE)
    ap.add_argument("--rounds", type=int, default=30)
    args = ap.parse_args()
    sys.path.insert(0, ROOT)
    import cdt_data

    print(f"# Medical crossover figures ({sys.version.split()[0]}, {os.cpu_count()} cores)\n")
    with tempfile.TemporaryDirectory() as tmp:
        before_path = extract(args.before, tmp)
        before, after = [], []
        for _ in range(args.rounds):   # interleaved
            before.append(fresh(COLD, before_path))
            after.append(fresh(COLD, ROOT))
    print(f"Cold `import cdt_data` + `get('D0371')`, {args.rounds} fresh processes each, interleaved:")
    print("| tree | p50 ms | p90 ms | min ms |\n|---|---|---|---|")
    for name, xs in ((f"before ({args.before})", before), ("after (this tree)", after)):
        print(f"| {name} | {statistics.median(xs):.1f} | {pct(xs, 90):.1f} | {min(xs):.1f} |")
    diff = statistics.median(after) - statistics.median(before)
    print(f"\nDifference of medians: {diff:+.1f} ms ({diff / statistics.median(before) * 100:+.1f} %).\n")

    rounds = max(5, args.rounds // 3)
    print(f"First call in a fresh process (after `import cdt_data`), {rounds} processes each; budget 300 ms:")
    print("| call | p50 ms | max ms |\n|---|---|---|")
    for name, code in (("diagnosis('K11.5')", FIRST), ("diagnoses_for('D0371')", FIRST_LIST),
                       ("check() of a line with two diagnoses", FIRST_CHECK)):
        xs = [fresh(code, ROOT) for _ in range(rounds)]
        print(f"| {name} | {statistics.median(xs):.1f} | {max(xs):.1f} |")

    cdt_data.diagnosis("K11.5")
    print("\nLater lookups, best of 5 runs of 200,000 calls; budget 5 us:")
    print("| call | us per call |\n|---|---|")
    for stmt in ("cdt_data.diagnosis('K11.5')", "cdt_data.diagnosis('s025xxa')", "cdt_data.diagnoses_for('D0371')",
                 "cdt_data.diagnosis_families('D7880')"):
        eval(stmt)
        t = timeit.Timer(stmt, globals={"cdt_data": cdt_data})
        print(f"| `{stmt}` | {min(t.repeat(5, 200_000)) / 200_000 * 1e6:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
