"""``cdt dx``: the medical crossover on the command line, in both directions.

    cdt dx D0371              ICD-10-CM diagnoses to consider for a CDT code
    cdt dx K11.5              one ICD-10-CM code: title, billable or not, the CDT codes that list it
    cdt dx salivary stone     ICD-10-CM codes (and crossover CDT codes) by words

A CDT code is D and four digits; anything else shaped like a code is read as ICD-10-CM (write an
ICD code of that shape with its dot: D03.71). Exit status: 0 found, 1 not found, 2 bad input.
"""
from __future__ import annotations

import re
import sys

import cdt_data
from .errors import InvalidDiagnosisError, UnknownCodeError, UnknownDiagnosisError

OK, NOT_FOUND, BAD_INPUT = 0, 1, 2
_CDT = re.compile(r"[Dd]\d{4}")
_ICD = re.compile(r"[A-Za-z][0-9][0-9A-Za-z](?:\.?[0-9A-Za-z]{1,4})?-?")


def add_command(sub) -> None:
    p = sub.add_parser("dx", help="ICD-10-CM diagnoses for a CDT code, or the CDT codes for a diagnosis",
                       description="Medical crossover: the ICD-10-CM diagnoses to consider when a CDT code "
                                   "goes to a medical plan (cdt dx D0371), one ICD-10-CM code with the CDT "
                                   "codes that list it (cdt dx K11.5), or a search by words (cdt dx salivary "
                                   "stone). A list to consider, never a coding decision.")
    p.add_argument("query", nargs="+", metavar="CODE|ICD|WORDS")
    p.add_argument("--limit", type=int, default=10, help="at most this many search hits (default 10)")
    p.set_defaults(run=cmd_dx)


def _fill(text, indent="  ", pad=None):
    from .cli import _fill as fill
    return fill(text, indent, indent if pad is None else pad)


def _listed(code: str, kind: str) -> str:
    """K11.2 as written in a list: a heading gets the family dash (K11.2-)."""
    return code + "-" if kind != "billable" else code


def _marker(kind: str) -> str:
    return {"billable": "", "heading": "  [heading: choose a code under it]",
            "needs-7th-character": "  [add the 7th character]"}[kind]


def format_list(dl) -> str:
    lines = [f"{dl.code}  {dl.title}", ""]
    if not dl.families:
        lines.append(_fill(f"No medical-crossover diagnoses are listed for {dl.code}.", ""))
        return "\n".join(lines) + "\n"
    lines += [_fill(f"Diagnoses to consider when it goes to a medical plan ({dl.release}). {dl.notice}", ""), ""]
    for fam in dl.families:
        lines.append(f"{fam.label}:")
        if fam.note:
            lines.append(_fill(fam.note))
        for d in fam.diagnoses:
            lines.append(_fill(f"{_listed(d.code, d.kind)}  {d.title}{_marker(d.kind)}", "  - ", "    "))
            lines.append(_fill(d.note, "    "))
            lines.append(_fill("Sources: " + "; ".join(s.title for s in d.sources), "    "))
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def format_diagnosis(d) -> str:
    kind = {"billable": "billable", "heading": "heading, not billable: choose a code under it",
            "needs-7th-character": "not billable until its 7th character is added"}[d.kind]
    lines = [f"{d.code}  {d.title}", f"ICD-10-CM, {kind} ({d.release})", ""]
    if d.terms:
        lines += ["Includes:"] + [_fill(t, "  - ", "    ") for t in d.terms] + [""]
    if d.seventh:
        full = d.code.replace(".", "")
        full = full[:3] + "." + full[3:].ljust(3, "X")
        lines += ["7th characters:"] + [_fill(f"{full}{c}  {m}", "  - ", "    ") for c, m in d.seventh] + [""]
    if d.parent:
        lines += [f"Under: {d.parent}", ""]
    if d.procedures:
        lines += [_fill("CDT codes whose medical-crossover list includes it. " + d.notice, ""), ""]
        for u in d.procedures:
            via = "" if u.listed_as == d.code else f" (listed as {u.listed_as})"
            lines.append(_fill(f"{u.code}  {u.title}{via}", "  - ", "    "))
        lines.append("")
    else:
        lines.append(_fill("No CDT code's medical-crossover list includes it.", ""))
    return "\n".join(lines).rstrip() + "\n"


def _emit(data) -> None:
    from .cli import _emit as emit
    emit(data)


def cmd_dx(args) -> int:
    text = " ".join(args.query).strip()
    if len(args.query) == 1 and _CDT.fullmatch(text):
        dl = cdt_data.diagnoses_for(text)   # UnknownCodeError / InvalidCodeError: cli.main reports them
        if args.json:
            _emit(dl.to_dict())
        else:
            sys.stdout.write(format_list(dl))
        return OK
    if len(args.query) == 1 and _ICD.fullmatch(text):
        try:
            d = cdt_data.diagnosis(text)
        except UnknownDiagnosisError as exc:
            if args.json:
                _emit({"error": "unknown_diagnosis", "code": exc.code, "message": str(exc),
                       "who": exc.who, "suggestions": list(exc.suggestions)})
            else:
                print(f"cdt: {exc}", file=sys.stderr)
            return NOT_FOUND
        except InvalidDiagnosisError as exc:   # not reached for input the pattern took; kept for safety
            print(f"cdt: {exc}", file=sys.stderr)
            return BAD_INPUT
        if args.json:
            _emit(d.to_dict())
        else:
            sys.stdout.write(format_diagnosis(d))
        return OK
    return _search(text, args)


def _search(text: str, args) -> int:
    hits = cdt_data.search_diagnoses(text, limit=args.limit)
    procs = [h for h in cdt_data.search(text, limit=args.limit) if cdt_data.diagnosis_families(h.code)]
    if args.json:
        _emit({"query": text, "diagnoses": [{"code": d.code, "title": d.title, "kind": d.kind} for d in hits],
               "procedures": [{"code": h.code, "title": h.title,
                               "families": cdt_data.diagnosis_families(h.code)} for h in procs],
               "notice": _notice()})
        return OK if hits or procs else NOT_FOUND
    if not hits and not procs:
        print(f"No ICD-10-CM code or crossover CDT code matches {text!r}. Try fewer or other words.", file=sys.stderr)
        return NOT_FOUND
    if hits:
        print("ICD-10-CM codes:")
        for d in hits:
            print(_fill(f"{_listed(d.code, d.kind)}  {d.title}", "  ", "    "))
    if procs:
        print("CDT codes with a medical-crossover list (cdt dx CODE):")
        for h in procs:
            print(_fill(f"{h.code}  {h.title}  ({'; '.join(cdt_data.diagnosis_families(h.code))})", "  ", "    "))
    print(_fill(_notice(), ""))
    return OK


def _notice() -> str:
    from .crossover import mapping
    return mapping().load().notice
