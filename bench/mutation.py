#!/usr/bin/env python3
"""Mutation score of the checker's modules, with mutmut 3 (PyPI), one module at a time.

    python bench/mutation.py                                   # every module in MODULES
    python bench/mutation.py cdt_data/claims.py                # one module, its usual tests
    python bench/mutation.py cdt_data/fulltext.py --tests tests/test_search.py
    python bench/mutation.py cdt_data/periods.py --show        # print each survivor's diff

For each module it builds a scratch folder ``bench/results/mutation/<stem>/`` (git-ignored)
holding a copy of ``cdt_data/``, the tests and ``setup.cfg`` with a ``[mutmut]`` section that
mutates only that module and selects only its fast tests; mutmut then works in that folder's
``mutants/``. Nothing in the working tree is touched, so runs of different modules can go side
by side (mind the cores) and the repository needs no mutmut settings of its own.

Mutants run in mutmut's fork server (``process_isolation = forkserver``), so caches built by the
tests (the checker's plan, the rule book, loaded profiles) start cold in every mutant.

The score counts a mutant as killed when a test fails (or times out) under it. Survivors and
mutants that no selected test reaches ("no tests") count against the score. Mutants listed in
EQUIVALENT (they cannot change behaviour) are shown apart and left out of the denominator;
an entry that no longer survives is reported as stale, so the list cannot rot quietly.
Writes ``bench/results/mutation/<stem>.json`` and prints a table row for docs/PERFORMANCE.md.

Not a test and not for CI: a module takes minutes to tens of minutes on two cores.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / "results" / "mutation"

# The modules issue 16 asks a score for, and the fast tests that exercise each.
CHECKER_TESTS = ["tests/test_checker.py", "tests/test_boundaries.py", "tests/test_claim_cli.py"]
FREQUENCY_TESTS = ["tests/test_frequency.py", "tests/test_boundaries.py", "tests/test_profiles.py"]
MODULES: dict[str, list[str]] = {
    "cdt_data/claims.py": CHECKER_TESTS + ["tests/test_frequency.py"],
    "cdt_data/normalize.py": ["tests/test_api.py", "tests/test_checker.py"],
    "cdt_data/periods.py": ["tests/test_periods.py"] + FREQUENCY_TESTS,
    "cdt_data/payer_profiles.py": FREQUENCY_TESTS,
    "cdt_data/history.py": FREQUENCY_TESTS,
    "cdt_data/frequency.py": FREQUENCY_TESTS,
    "cdt_data/coverage.py": FREQUENCY_TESTS,
    # the search engine: built tables must come from the mutant's code, so its cache is off below
    "cdt_data/fulltext.py": ["tests/test_search.py", "tests/test_search_quality.py", "tests/test_search_engine.py",
                             "tests/test_search_units.py"],
}

# Surviving mutants that cannot change what the code does, with the reason. Keyed by mutmut's
# mutant name; docs/PERFORMANCE.md lists them too.
_KIND = ("make_finding only asks whether kind == 'alternate'; any other string behaves the same")
_STABLE = ("services are appended history first, then claim lines in line order, and list.sort is stable, "
           "so this tie-break key changes no order")
_START = ("the item at bisect_right - 1 is the service itself or a later line of the same date, which the "
          "walk skips either way")
_SKIP = ("_may_apply only lets the plan skip checks that cannot fire for a record; a check it no longer "
         "names runs for every code and returns nothing where it does not apply (speed, not findings)")
_DEFAULT = "the tooth system is read case-insensitively, so a changed default spelling reads the same"
_FOUR = ("every code is D and four digits: a four-character query names no code with D in front of "
         "it unless it is four digits, and one that is cannot also hold a code typed as D0371")
_MEMO = "the word memo only saves work: missed, bounded one entry off or unused, every word is worked out afresh"
_EDIT = "the later tests already answer False for equal words and for lengths two or more apart"
_MIRROR = "teeth 16 and 17 mirror onto each other's places (17 and 16), both molars either way"
_SLOWER = "the general path computes the same dictionary as the fast path, only slower"
_COUNT = "matched only orders records, and n + 1 or 2n words keep the order of n"
_IN_TOTAL = ("every record of the exact group holds each typed word (or the typo's chosen close word, one of "
             "its forms), so it is in total and the default is never read")
EQUIVALENT: dict[str, str] = {
    # claims.py
    **{f"cdt_data.claims.x__may_apply__mutmut_{n}": _SKIP
       for n in (2, 6, 7, 9, 10, 12, 13, 15, 16, 18, 19, 21, 22, 24, 25, 26, 27)},
    "cdt_data.claims.xǁ_Planǁrecord__mutmut_10": _SKIP,
    "cdt_data.claims.xǁ_Planǁrecord__mutmut_1": "the per-code plan is a cache; recomputing it gives the same plan",
    "cdt_data.claims.xǁ_Planǁrecord__mutmut_2": "the per-code plan is a cache; recomputing it gives the same plan",
    "cdt_data.claims.xǁ_Planǁrecord__mutmut_14": "the per-code plan is a cache; recomputing it gives the same plan",
    "cdt_data.claims.x_check__mutmut_4": "the plan is a cache; building it on every call gives the same plan",
    "cdt_data.claims.x_check__mutmut_2": _DEFAULT, "cdt_data.claims.x_check__mutmut_3": _DEFAULT,
    "cdt_data.claims.x_check_with__mutmut_2": _DEFAULT, "cdt_data.claims.x_check_with__mutmut_3": _DEFAULT,
    "cdt_data.claims.x__article__mutmut_7": "the words are tooth kinds (anterior, premolar, molar): lower case, never X",
    "cdt_data.claims.x__line_arch__mutmut_12": "the place text is read only when an arch was found",
    "cdt_data.claims.x__overlap__mutmut_2": "confusable_pair only pairs lines of one date (by_visit is keyed by date)",
    "cdt_data.claims.x_run__mutmut_30": "cdt_data.lookup(None) is None",
    "cdt_data.claims.x_run__mutmut_37": "the code checks (malformed, unknown) never read the context",
    "cdt_data.claims.x_run__mutmut_44": "None and False are both falsy, and retired is then set with or",
    "cdt_data.claims.x_run__mutmut_49": "the edition checks (deleted, not yet valid) never read the context",
    **{f"cdt_data.claims.x_run__mutmut_{n}": "every finding names at least one line, so the no-line sort key is never used"
       for n in (101, 102, 104, 105)},
    **{f"cdt_data.claims.x_{check}__mutmut_{n}": "a missing same_tooth read as None is falsy, like False"
       for check in ("addon_without_base", "same_date_pair") for n in (25, 27)},
    "cdt_data.claims.xǁ_Contextǁalternative__mutmut_5": ("every caller that leaves include_self off has found the "
                                                         "code itself unfit for the line, so adding it changes nothing"),
    # periods.py
    "cdt_data.periods.xǁPeriodǁnext_date__mutmut_2": "a lifetime period falls through to free_from, which is None for it",
    "cdt_data.periods.xǁPeriodǁnext_date__mutmut_3": "a lifetime period falls through to free_from, which is None for it",
    # frequency.py
    "cdt_data.frequency.x__before__mutmut_2": "reached only when the dates differ, so < and <= agree",
    "cdt_data.frequency.x__before__mutmut_7": ("two claimed services never share a line index, and a service is "
                                              "skipped (o is s) before _before is asked"),
    "cdt_data.frequency.x__limit_finding__mutmut_22": _START,
    "cdt_data.frequency.x__limit_finding__mutmut_24": ("stopping at -2 visits items[-1], the last service, which is "
                                                      "the service itself or one that does not precede it"),
    "cdt_data.frequency.x__age_finding__mutmut_13": _KIND, "cdt_data.frequency.x__age_finding__mutmut_24": _KIND,
    "cdt_data.frequency.x__age_finding__mutmut_25": _KIND, "cdt_data.frequency.x__limit_finding__mutmut_83": _KIND,
    "cdt_data.frequency.x__limit_finding__mutmut_95": _KIND, "cdt_data.frequency.x__limit_finding__mutmut_96": _KIND,
    "cdt_data.frequency.x_check__mutmut_46": _KIND, "cdt_data.frequency.x_check__mutmut_57": _KIND,
    "cdt_data.frequency.x_check__mutmut_58": _KIND,
    "cdt_data.frequency.xǁ_Indexǁ__init____mutmut_3": "finish() always sets dates before anything reads it",
    "cdt_data.frequency.xǁ_Indexǁfinish__mutmut_4": _STABLE, "cdt_data.frequency.xǁ_Indexǁfinish__mutmut_5": _STABLE,
    "cdt_data.frequency.xǁ_Indexǁfinish__mutmut_6": _STABLE, "cdt_data.frequency.xǁ_Indexǁfinish__mutmut_7": _STABLE,
    "cdt_data.frequency.xǁ_Indexǁfinish__mutmut_8": _STABLE,
    # history.py
    "cdt_data.history.x__service__mutmut_42": "_date's line index is dropped: only its problem text is kept",
    "cdt_data.history.x__service__mutmut_45": "_date's line index is dropped: only its problem text is kept",
    "cdt_data.history.x__service__mutmut_46": "_date's line index is dropped: only its problem text is kept",
    "cdt_data.history.x__service__mutmut_61": "cdt_data.lookup answers None for a value that is not a string",
    "cdt_data.history.x__service__mutmut_100": "'' and None are both falsy, and the tooth is only tested for truth",
    "cdt_data.history.x__service__mutmut_109": "parse_tooth itself answers None for a bool or a list",
    "cdt_data.history.x__service__mutmut_114": "parse_tooth itself answers None for a bool or a list",
    "cdt_data.history.x__service__mutmut_202": "'' is a str, so the type test passes for it either way",
    "cdt_data.history.x__service__mutmut_229": "line=None is Service's default",
    "cdt_data.history.x_load_history_file__mutmut_6": "codec names are case-insensitive",
    "cdt_data.history.x_read_history__mutmut_2": "_system lower-cases the tooth system",
    "cdt_data.history.x_read_history__mutmut_3": "_system lower-cases the tooth system",
    "cdt_data.history.x_service_of__mutmut_25": "service_of is only called for lines whose code has a record",
    "cdt_data.history.x_service_of__mutmut_33": "service_of is never called with a row (history rows go through _service)",
    "cdt_data.history.x_service_of__mutmut_45": "service_of is never called with a row (history rows go through _service)",
    # payer_profiles.py
    "cdt_data.payer_profiles.x__load_file__mutmut_1": "double-checked cache: the check under the lock still finds it",
    "cdt_data.payer_profiles.x__load_file__mutmut_2": "double-checked cache: the check under the lock still finds it",
    "cdt_data.payer_profiles.x__load_file__mutmut_4": "double-checked cache: the check before the lock already found it",
    "cdt_data.payer_profiles.x__load_file__mutmut_5": "double-checked cache: the check before the lock already found it",
    "cdt_data.payer_profiles.x_load__mutmut_45": "any constant tag keeps shipped keys apart from (path, mtime) keys",
    "cdt_data.payer_profiles.x_load__mutmut_46": "any constant tag keeps shipped keys apart from (path, mtime) keys",
    "cdt_data.payer_profiles.x_load__mutmut_38": "every shipped profile names itself in [profile], so the stem is never used",
    "cdt_data.payer_profiles.x_parse__mutmut_5": "version_info > (3, 11) and >= (3, 11) agree on every release",
    "cdt_data.payer_profiles.x_parse__mutmut_12": "codec names are case-insensitive",
    "cdt_data.payer_profiles.xǁ_Readerǁprofile__mutmut_28": "_keys never reads its table argument",
    "cdt_data.payer_profiles.xǁ_Readerǁprofile__mutmut_44": "_keys never reads its table argument",
    "cdt_data.payer_profiles.xǁ_Readerǁprofile__mutmut_45": "_keys never reads its table argument",
    "cdt_data.frequency.x_findings__mutmut_18": ("an unknown code becomes a service too, but no profile can name an "
                                                "unknown code (the reader refuses it), so no limit counts it"),
    # fulltext.py
    "cdt_data.fulltext.x__load_words__mutmut_3": "words.json is pure ASCII, so the locale's encoding reads it the same",
    "cdt_data.fulltext.x__load_words__mutmut_14": "codec names are case-insensitive",
    "cdt_data.fulltext.x_read_query__mutmut_30": ("with no code among the words, plain lists every word and the "
                                                 "filter keeps the lists as they are"),
    "cdt_data.fulltext.x_code_prefix__mutmut_6": "the text matched [Dd]?\\d{1,4}, so it holds no X to strip",
    "cdt_data.fulltext.x_codes_named__mutmut_7": _FOUR, "cdt_data.fulltext.x_codes_named__mutmut_8": _FOUR,
    **{f"cdt_data.fulltext.x_normalize_word__mutmut_{n}": _MEMO for n in (1, 2, 24, 25, 26)},
    "cdt_data.fulltext.x_one_edit__mutmut_1": _EDIT, "cdt_data.fulltext.x_one_edit__mutmut_6": _EDIT,
    "cdt_data.fulltext.x_tooth_kind__mutmut_11": _MIRROR, "cdt_data.fulltext.x_tooth_kind__mutmut_12": _MIRROR,
    "cdt_data.fulltext.xǁSearchIndexǁ__init____mutmut_45": "_raw_words is set by _near before close_words reads it",
    "cdt_data.fulltext.xǁSearchIndexǁ_forms__mutmut_17": ("every alternative is a word of the records, and the one "
                                                         "equal to its word (sensit) adds a 0.6 copy the max ignores"),
    "cdt_data.fulltext.xǁSearchIndexǁ_phrase_match__mutmut_8": ("no family or exact phrase is '', so looking it up "
                                                               "finds nothing"),
    "cdt_data.fulltext.xǁSearchIndexǁ_phrase_match__mutmut_9": "with no generic word, kept is words: the same lookup again",
    "cdt_data.fulltext.xǁSearchIndexǁ_scores__mutmut_12": _SLOWER,
    "cdt_data.fulltext.xǁSearchIndexǁ_scores__mutmut_18": "a score equal to the best so far replaces it with the same value",
    "cdt_data.fulltext.xǁSearchIndexǁ_search__mutmut_35": _COUNT,
    "cdt_data.fulltext.xǁSearchIndexǁ_search__mutmut_36": _COUNT,
    "cdt_data.fulltext.xǁSearchIndexǁ_search__mutmut_58": ("a one-word query's only part is the whole query, which "
                                                          "_phrase_match already found names no family"),
    "cdt_data.fulltext.xǁSearchIndexǁ_search__mutmut_72": ("no phrase of families.json has more than three words, so "
                                                          "parts of five find nothing"),
    **{f"cdt_data.fulltext.xǁSearchIndexǁ_search__mutmut_{n}": _IN_TOTAL for n in (131, 133, 134)},
    "cdt_data.fulltext.xǁSearchIndexǁclose_words__mutmut_30": ("the callers keep only words in postings, and '' is "
                                                              "never one (it is a stop word's index word)"),
    "cdt_data.fulltext.xǁSearchIndexǁsearch__mutmut_34": "popitem(last=None) reads None as false, like last=False",
}

KILLED = {"killed", "timeout", "caught by type check", "segfault"}


def _statuses():
    from mutmut.stats import status_by_exit_code
    return status_by_exit_code


def _prepare(module: str, tests: list[str], max_children: int) -> Path:
    stem = Path(module).with_suffix("").as_posix().replace("/", ".")
    work = WORK / stem
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "e2e")
    top = Path(module).parts[0]
    shutil.copytree(ROOT / top, work / top, ignore=ignore)
    shutil.copytree(ROOT / "tests", work / "tests", ignore=ignore)
    shutil.copytree(ROOT / "docs", work / "docs", ignore=ignore)   # tests read docs/examples
    cfg = (ROOT / "setup.cfg").read_text(encoding="utf-8")
    lines = "\n    ".join
    cfg += (
        "\n[mutmut]\n"
        f"source_paths = {top}\n"
        f"only_mutate = {module}\n"
        "also_copy =\n    docs\n"
        f"pytest_add_cli_args_test_selection =\n    {lines(tests)}\n"
        "pytest_add_cli_args =\n    -q\n    -p\n    no:cacheprovider\n    -m\n    not browser and not packaging\n"
        "use_git_change_detection = false\n"
        # fork each mutant from a process that has not run the tests: with mutmut's default (fork from
        # the process that ran them) the checker's plan, the rule book and the profile cache are already
        # built, so mutants in the code that builds them are never executed and survive unseen
        "process_isolation = forkserver\n"
    )
    (work / "setup.cfg").write_text(cfg, encoding="utf-8")
    return work


def _results(work: Path, module: str) -> dict[str, str]:
    meta = work / "mutants" / (module + ".meta")
    data = json.loads(meta.read_text(encoding="utf-8"))
    status = _statuses()
    return {name: status[code] for name, code in sorted(data["exit_code_by_key"].items())}


def _mutmut() -> str:
    return shutil.which("mutmut") or str(Path(sys.executable).with_name("mutmut"))


def _diff(work: Path, name: str) -> str:
    out = subprocess.run([_mutmut(), "show", name], cwd=work, capture_output=True, text=True)
    return out.stdout.strip()


def run_module(module: str, tests: list[str], max_children: int, show: bool, report_only: bool = False) -> dict:
    missing = [t for t in tests if not (ROOT / t).exists()]
    tests = [t for t in tests if t not in missing]
    stem = Path(module).with_suffix("").as_posix().replace("/", ".")
    seconds = None
    if report_only:   # the last run's results, scored again (after EQUIVALENT changed)
        work = WORK / stem
        previous = WORK / f"{Path(module).stem}.json"
        if previous.exists():
            seconds = json.loads(previous.read_text(encoding="utf-8")).get("seconds")
    else:
        work = _prepare(module, tests, max_children)
        started = time.monotonic()
        log = work / "mutmut.log"
        with open(log, "w", encoding="utf-8") as out:
            proc = subprocess.run([_mutmut(), "run", "--max-children", str(max_children)], cwd=work,
                                  stdout=out, stderr=subprocess.STDOUT,
                                  env={**os.environ, "CDT_DATA_CACHE_DIR": "off"})  # search tables from the mutant
        seconds = round(time.monotonic() - started)
        if proc.returncode != 0:
            sys.exit(f"mutmut failed on {module} (exit {proc.returncode}); see {log}")
    results = _results(work, module)
    equivalent = {n: EQUIVALENT[n] for n in results if n in EQUIVALENT and results[n] not in KILLED}
    stale = sorted(n for n in EQUIVALENT if n.startswith(Path(module).with_suffix("").as_posix().replace("/", "."))
                   and results.get(n) in KILLED | {None})
    killed = sum(1 for s in results.values() if s in KILLED)
    counted = len(results) - len(equivalent)
    survivors = {n: s for n, s in results.items() if s not in KILLED and n not in equivalent}
    summary = {
        "module": module, "tests": tests, "missing_tests": missing, "mutants": len(results), "killed": killed,
        "equivalent": equivalent, "stale_equivalents": stale, "survivors": survivors,
        "score": round(100 * killed / counted, 1) if counted else None, "seconds": seconds,
    }
    if show:
        summary["diffs"] = {n: _diff(work, n) for n in sorted(survivors) + sorted(equivalent)}
    (WORK / f"{Path(module).stem}.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    return summary


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("modules", nargs="*", help="module paths, e.g. cdt_data/claims.py (default: all of MODULES)")
    parser.add_argument("--tests", nargs="+", help="test files to run against the mutants (default: the module's own)")
    parser.add_argument("--max-children", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--show", action="store_true", help="print the diff of every survivor")
    parser.add_argument("--report-only", action="store_true",
                        help="score the last run again without running mutmut (after editing EQUIVALENT)")
    args = parser.parse_args(argv)
    try:
        import mutmut
    except ImportError:
        parser.error("mutmut is not installed: pip install mutmut")
    print(f"mutmut {mutmut.__version__}, Python {sys.version.split()[0]}, {os.cpu_count()} cores")
    rows = []
    for module in args.modules or list(MODULES):
        module = Path(module).as_posix()
        tests = args.tests or MODULES.get(module)
        if not tests:
            parser.error(f"no default tests for {module}: give --tests")
        s = run_module(module, tests, args.max_children, args.show, args.report_only)
        rows.append(s)
        print(f"\n{module}: {s['killed']} killed of {s['mutants'] - len(s['equivalent'])} "
              f"(+{len(s['equivalent'])} equivalent) = {s['score']}% in {s['seconds']} s")
        for name, status in s["survivors"].items():
            print(f"  {status:9} {name}")
            if args.show:
                print("    " + s["diffs"][name].replace("\n", "\n    "))
        for name in s["stale_equivalents"]:
            print(f"  stale EQUIVALENT entry (killed or gone): {name}")
        if s["missing_tests"]:
            print(f"  tests not found, skipped: {', '.join(s['missing_tests'])}")
    print("\n| module | mutants | equivalent | killed | score |\n|---|---:|---:|---:|---:|")
    for s in rows:
        print(f"| `{s['module']}` | {s['mutants']} | {len(s['equivalent'])} | {s['killed']} | {s['score']}% |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
