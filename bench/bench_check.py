#!/usr/bin/env python3
"""Figures for docs/PERFORMANCE.md: the claim checker on a 50-line claim (target p50 <= 1 ms),
and the same claim against 200 lines of history under the common profile (target p50 <= 2 ms).

Peer, in the same run and on the same 50 codes: ``cdt_data.get`` of each line's code, the
floor any checker pays to read the records (and what the server's batch lookup does). The
gap between the two is the checker's own cost. Run from the project root:

    python bench/bench_check.py

Not a test: machines here are noisy, so it reports medians and percentiles over many runs.
"""
from __future__ import annotations

import os
import platform
import statistics
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
import cdt_data  # noqa: E402

# A busy day of a general practice: exams, images, cleanings, fillings, endo, perio, surgery.
_DAY = [
    {"code": "D0150"}, {"code": "D0210"}, {"code": "D1110"}, {"code": "D1206"},
    {"code": "D2391", "tooth": "30", "surfaces": "O"}, {"code": "D2392", "tooth": "19", "surfaces": "MO"},
    {"code": "D2393", "tooth": "14", "surfaces": "MOD"}, {"code": "D2394", "tooth": "3", "surfaces": "MODB"},
    {"code": "D2330", "tooth": "8", "surfaces": "F"}, {"code": "D2331", "tooth": "9", "surfaces": "MI"},
    {"code": "D2140", "tooth": "K", "surfaces": "O"}, {"code": "D2930", "tooth": "T"},
    {"code": "D2740", "tooth": "13"}, {"code": "D2950", "tooth": "13"},
    {"code": "D3330", "tooth": "18"}, {"code": "D3320", "tooth": "5"}, {"code": "D3310", "tooth": "7"},
    {"code": "D4341", "quadrant": "UR"}, {"code": "D4342", "quadrant": "LL"},
    {"code": "D7140", "tooth": "1"}, {"code": "D7210", "tooth": "32"},
    {"code": "D0220", "tooth": "18"}, {"code": "D0230", "tooth": "19"}, {"code": "D0274"},
    {"code": "D5110", "arch": "U"},
]
# 50 lines: the day twice, the second copy on another date (with two deliberate mistakes so
# that findings are built too, as in real use).
CLAIM = [dict(line, date="2026-03-04") for line in _DAY] + [dict(line, date="2026-03-05") for line in _DAY]
CLAIM[30] = dict(CLAIM[30], surfaces="MOD")   # D2392 with three surfaces
CLAIM[40] = dict(CLAIM[40], tooth="3")        # D3310 on a molar


def _history(n: int = 200) -> list[dict]:
    """n earlier services over the five years before the claim: the day's lines, spread out."""
    import datetime as dt
    start = dt.date(2021, 3, 1)
    out = []
    for i in range(n):
        line = dict(_DAY[i % len(_DAY)])
        line["date"] = (start + dt.timedelta(days=(i * 1823) // n)).isoformat()
        out.append(line)
    return out


HISTORY = _history()


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def timings(fn, rounds: int, repeat: int = 20) -> list[float]:
    out = []
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(repeat):
            fn()
        out.append((time.perf_counter() - start) / repeat * 1e3)
    return out


def main() -> None:
    assert len(CLAIM) == 50
    codes = [line["code"] for line in CLAIM]
    first = time.perf_counter()
    findings = cdt_data.check(CLAIM, patient_age=35)
    first_ms = (time.perf_counter() - first) * 1e3
    floor = lambda: [cdt_data.get(c) for c in codes]  # noqa: E731
    checker = lambda: cdt_data.check(CLAIM, patient_age=35)  # noqa: E731
    clean = CLAIM[:25]
    clean_check = lambda: cdt_data.check(clean, patient_age=35)  # noqa: E731
    with_history = lambda: cdt_data.check(CLAIM, patient_age=35, history=HISTORY)  # noqa: E731
    history_findings = with_history()
    rows = {"check, 50 lines": [], "peer: get() x 50": [], "check, 25 clean lines": [],
            "check, 50 lines + 200 history lines (common profile)": []}
    for _ in range(10):  # interleaved, so that drift hits all alike
        rows["check, 50 lines"] += timings(checker, 20)
        rows["peer: get() x 50"] += timings(floor, 20)
        rows["check, 25 clean lines"] += timings(clean_check, 20)
        rows["check, 50 lines + 200 history lines (common profile)"] += timings(with_history, 10)

    print(f"# Claim checker: 50-line claim ({len(findings)} findings), patient age 35\n")
    print(f"Machine: {platform.platform()}, Python {platform.python_version()}, "
          f"{os.cpu_count()} CPUs ({platform.processor() or platform.machine()}).\n")
    print(f"First check in this process (rules and records loaded): {first_ms:.1f} ms\n")
    print("| what | p50 ms | p90 ms | p99 ms | mean ms |")
    print("|---|---:|---:|---:|---:|")
    for name, values in rows.items():
        print(f"| {name} | {pct(values, 50):.3f} | {pct(values, 90):.3f} | {pct(values, 99):.3f} "
              f"| {statistics.fmean(values):.3f} |")
    p50 = pct(rows["check, 50 lines"], 50)
    print(f"\nTarget p50 <= 1 ms for 50 lines: {'met' if p50 <= 1.0 else 'NOT met'} ({p50:.3f} ms).")
    h50 = pct(rows["check, 50 lines + 200 history lines (common profile)"], 50)
    frequency = sum(f.rule.startswith("frequency.") for f in history_findings)
    print(f"Target p50 <= 2 ms for 50 lines against 200 history lines: {'met' if h50 <= 2.0 else 'NOT met'} "
          f"({h50:.3f} ms; {frequency} frequency findings).")


if __name__ == "__main__":
    main()
