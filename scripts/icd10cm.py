#!/usr/bin/env python3
"""Build-time tool: derive the compact ICD-10-CM table shipped in cdt_data/diagnoses/.

    pip install simple-icd-10-cm==1.5.0        # the pinned release (also in the "test" extra)
    python scripts/icd10cm.py build             # writes cdt_data/diagnoses/icd10cm/<letter>.tsv.gz
    python scripts/icd10cm.py check             # the shipped table equals what the package gives
    python scripts/icd10cm.py who-check         # who_only.json lists exactly the WHO ICD-10 codes of
                                                # K00-K14 and S02 that ICD-10-CM lacks
                                                # (needs simple-icd-10==2.1.1, WHO ICD-10 2019, CC0)

Why a derived table: importing simple_icd_10_cm parses its whole 9.7 MB XML file (about 1.5 s
here), far over the 300 ms budget of a first diagnosis lookup, and cdt_data needs only the code,
its title, whether it is billable and its inclusion terms (for word search). The table is read
lazily, on the first diagnosis lookup, never at ``import cdt_data``
(docs/decisions/0010-icd10cm-crossover.md).

Format: one file per first letter, so that a first lookup reads only its letter's rows (UTF-8,
gzip, reproducible: no timestamp in the gzip header):
    # comment lines: provenance (release, package version, licence)
    CODE<TAB>KIND<TAB>TITLE<TAB>TERMS
CODE without the dot (K115); KIND: B billable, H heading (not billable), 7 heading whose codes
take a 7th character (S025 -> S025XXA); TERMS: inclusion terms joined by " | " (headings and
billable codes alike; empty for codes made by a 7th character). Chapters and blocks (K00-K14)
are not codes and are left out.
"""
from __future__ import annotations

import gzip
import io
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
TABLE = ROOT / "cdt_data" / "diagnoses" / "icd10cm"      # one gzip file per first letter
PACKAGE = "simple-icd-10-cm"
PINNED = "1.5.0"


def _package():
    import importlib.metadata

    version = importlib.metadata.version(PACKAGE)
    if version != PINNED:
        sys.exit(f"{PACKAGE} {version} is installed; the table is built from {PINNED} "
                 f"(pip install {PACKAGE}=={PINNED}).")
    import warnings
    with warnings.catch_warnings():   # 1.5.0 reads its data with a deprecated importlib.resources call
        warnings.simplefilter("ignore", DeprecationWarning)
        import simple_icd_10_cm.simple_icd_10_cm as icd  # parses the whole XML: seconds, fine at build time
    return icd, version


def _release(icd) -> tuple[str, str]:
    """(fiscal year of the release, the release file's name) as the package ships them."""
    import re
    from importlib.resources import files

    name = icd._classification_data_package_file_name
    head = files("simple_icd_10_cm.data").joinpath(name).read_bytes()[:400].decode()
    year = re.search(r"<version>(\d{4})</version>", head).group(1)
    return year, name


def _clean(text: str) -> str:
    return " ".join(text.replace("\t", " ").split())


def rows(icd):
    out = []
    for chapter in icd._chapter_list:
        stack = list(reversed(chapter.children))
        while stack:
            node = stack.pop()
            stack.extend(reversed(node.children))
            if node.type == "section":
                continue
            code = node.name.replace(".", "")
            if node.children:
                kind = "7" if all(c.type == "extended subcategory" for c in node.children) else "H"
            else:
                kind = "B"
            terms = " | ".join(_clean(t) for t in node.inclusion_term)
            out.append((code, kind, _clean(node.description), terms))
    return out


def render(icd, version) -> dict[str, bytes]:
    """{letter: gzip bytes} for the whole table."""
    year, name = _release(icd)
    table = rows(icd)
    by_letter: dict[str, list] = {}
    for r in table:
        by_letter.setdefault(r[0][0], []).append(r)
    out = {}
    for letter, part in sorted(by_letter.items()):
        head = [
            f"# ICD-10-CM FY{year} tabular list, codes starting with {letter}, from {PACKAGE} {version}",
            f"# release: {year}",
            f"# file: {name}",
            f"# package: {PACKAGE} {version}",
            "# licence: ICD-10-CM is published by the US National Center for Health Statistics and CMS and is in "
            "the public domain; simple-icd-10-cm is MIT-licensed (c) Stefano Travasci, none of its code is here",
            f"# total: {len(table)}",
            f"# rows: {len(part)}",
            "# columns: code (no dot), kind (B billable, H heading, 7 heading needing a 7th character), "
            "title, inclusion terms",
        ]
        text = "\n".join(head + ["\t".join(r) for r in part]) + "\n"
        buf = io.BytesIO()
        with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as f:
            f.write(text.encode("utf-8"))
        out[letter] = buf.getvalue()
    return out


def same_as_shipped(data: dict[str, bytes]) -> bool:
    shipped = {p.name[0]: p for p in TABLE.glob("*.tsv.gz")}
    return set(shipped) == set(data) and all(
        gzip.decompress(shipped[k].read_bytes()) == gzip.decompress(v) for k, v in data.items())


WHO_PACKAGE, WHO_PINNED = "simple-icd-10", "2.1.1"
WHO_LIST = ROOT / "cdt_data" / "diagnoses" / "who_only.json"


def in_who_ranges(code: str) -> bool:
    """K00-K14 (oral cavity, salivary glands and jaws) and S02 (skull and facial fractures)."""
    return (code[:1] == "K" and code[1:3].isdigit() and int(code[1:3]) <= 14) or code.startswith("S02")


def who_only_codes() -> list[str]:
    """WHO ICD-10 2019 codes in the covered ranges that are not ICD-10-CM codes (from the pinned
    packages of both; blocks such as K00-K14 are not codes and are left out)."""
    import importlib.metadata

    version = importlib.metadata.version(WHO_PACKAGE)
    if version != WHO_PINNED:
        sys.exit(f"{WHO_PACKAGE} {version} is installed; the list is checked against {WHO_PINNED}.")
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import simple_icd_10 as who
    cm, _ = _package()
    return [c for c in who.get_all_codes(True)
            if "-" not in c and in_who_ranges(c) and not cm.is_valid_item(c)]


def main(argv) -> int:
    if len(argv) != 1 or argv[0] not in ("build", "check", "who-check"):
        print(__doc__, file=sys.stderr)
        return 2
    if argv[0] == "who-check":
        import json
        expected = who_only_codes()
        listed = list(json.loads(WHO_LIST.read_text(encoding="utf-8"))["codes"])
        if sorted(expected) == sorted(listed):
            print(f"who_only.json lists the {len(expected)} WHO-only codes of K00-K14 and S02")
            return 0
        print(f"missing: {sorted(set(expected) - set(listed))}; not WHO-only: {sorted(set(listed) - set(expected))}")
        return 1
    data = render(*_package())
    if argv[0] == "build":
        TABLE.mkdir(exist_ok=True)
        for old in TABLE.glob("*.tsv.gz"):
            old.unlink()
        for letter, blob in data.items():
            (TABLE / f"{letter}.tsv.gz").write_bytes(blob)
        print(f"wrote {len(data)} files to {TABLE.relative_to(ROOT)} ({sum(map(len, data.values()))} bytes)")
        return 0
    same = same_as_shipped(data)
    print("the table matches the package" if same else "the table differs from the package: run build")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
