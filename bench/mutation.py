#!/usr/bin/env python3
"""Mutation testing with mutmut over the modules named on the command line; prints the score.

    python bench/mutation.py cdt_data/fulltext.py                       # the search engine
    python bench/mutation.py cdt_data/claims.py --tests tests/test_checker.py
    python bench/mutation.py cdt_data/fulltext.py --max-children 2 --keep /tmp/mut

Each module path is relative to the project root; ``--tests`` picks the tests that run against the
mutants (default: every test file whose name mentions the module's stem, e.g. tests/test_search*.py
for fulltext.py via --tests; see DEFAULT_TESTS). The project is copied into a temporary folder (its
git-tracked and untracked-but-not-ignored files) and mutmut 3 runs there with its own
``[tool.mutmut]`` settings, so the working tree and its pyproject.toml are never touched.

The search table cache is turned off (CDT_DATA_CACHE_DIR=off), so every table a test builds is
built by the mutant's code. Mutants run in processes forked from mutmut's (its default, fastest
isolation): the index the clean run left in memory is shared, so the tests that build their own
tables (thread safety, BM25F parity, the cache tests) are the ones that see build-time mutants.

Not a test and not timed: it takes minutes (about 30 on two cores for fulltext.py).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_TESTS = {
    "cdt_data/fulltext.py": ["tests/test_search.py", "tests/test_search_quality.py", "tests/test_search_engine.py",
                             "tests/test_search_units.py"],
}


def copy_project(dest: Path) -> None:
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT, check=True,
                            capture_output=True).stdout.decode().split("\0")
    for rel in filter(None, listed):
        src = ROOT / rel
        if src.is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)


def settings(modules: list[str], tests: list[str], max_children: int) -> str:
    packages = sorted({Path(m).parts[0] for m in modules})
    quoted = lambda items: "[" + ", ".join(json.dumps(i) for i in items) + "]"  # noqa: E731
    return (
        "\n[tool.mutmut]\n"
        f"source_paths = {quoted(packages)}\n"
        f"only_mutate = {quoted(modules)}\n"
        f"pytest_add_cli_args_test_selection = {quoted(tests)}\n"
        'pytest_add_cli_args = ["-p", "no:cacheprovider", "-x", "-q", "-m", "not browser and not packaging"]\n'
        f"max_children = {max_children}\n"
        "use_git_change_detection = false\n"
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("modules", nargs="+", help="module paths to mutate, relative to the project root")
    parser.add_argument("--tests", nargs="+", help="test files (or pytest node ids) that run against the mutants")
    parser.add_argument("--max-children", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it (to inspect survivors)")
    args = parser.parse_args(argv)
    tests = args.tests or sorted({t for m in args.modules for t in DEFAULT_TESTS.get(m, [])})
    if not tests:
        parser.error("no default tests for these modules: name them with --tests")
    work = args.keep or Path(tempfile.mkdtemp(prefix="cdt-mutation-"))
    work.mkdir(parents=True, exist_ok=True)
    copy_project(work)
    with open(work / "pyproject.toml", "a", encoding="utf-8") as f:
        f.write(settings(args.modules, tests, args.max_children))
    env = {**os.environ, "CDT_DATA_CACHE_DIR": "off", "PYTHONDONTWRITEBYTECODE": "1"}
    mutmut = [sys.executable, "-m", "mutmut"]
    subprocess.run([*mutmut, "run", f"--max-children={args.max_children}"], cwd=work, env=env)
    results = subprocess.run([*mutmut, "results", "--all", "true"], cwd=work, env=env, capture_output=True,
                             text=True).stdout
    counts: dict[str, int] = {}
    survivors = []
    for line in results.splitlines():
        m = re.match(r"\s*(\S+): (.+)$", line)
        if m:
            counts[m.group(2)] = counts.get(m.group(2), 0) + 1
            if m.group(2) == "survived":
                survivors.append(m.group(1))
    killed = counts.get("killed", 0)
    total = sum(counts.values())
    print(json.dumps(counts, indent=1))
    print(f"killed {killed} of {total} mutants ({100 * killed / max(total, 1):.1f}%)")
    print("survivors (inspect with `python -m mutmut show NAME` in", work, "):")
    for name in survivors:
        print("  ", name)
    if args.keep is None:
        print("(temporary copy left in", work, "for `mutmut show`; delete it when done)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
