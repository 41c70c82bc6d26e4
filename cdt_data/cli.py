"""The ``cdt`` command: show, search, check, dx, export and validate the records.

Exit status: 0 done, 1 not found (or a problem found), 2 bad input.
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import shutil
import sys
import textwrap

import cdt_data
from .errors import CdtDataError, InvalidCodeError, InvalidQueryError, UnknownCodeError

OK, NOT_FOUND, BAD_INPUT = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    json_errors = False  # set by main() when --json is on the command line

    def error(self, message):
        if _Parser.json_errors:
            _emit_error("usage", message)
            self.exit(BAD_INPUT)
        self.print_usage(sys.stderr)
        self.exit(BAD_INPUT, f"cdt: {message}\n")


def _emit_error(kind: str, message: str, **extra) -> None:
    """An error under --json: one object on stdout, the exit status says the rest."""
    _emit({"error": kind, "message": message, **extra})


def _width() -> int:
    return max(40, min(100, shutil.get_terminal_size((88, 20)).columns))


def _fill(text: str, indent: str, pad: str) -> str:
    # Never break at a hyphen: "D4341-D4342", "full-mouth" and "re-cement" stay whole.
    return textwrap.fill(text, _width(), initial_indent=indent, subsequent_indent=pad,
                         break_on_hyphens=False, break_long_words=False)


def _para(text: str, indent: str = "  ") -> str:
    return _fill(text, indent, indent)


def _bullets(items, indent: str = "  - ") -> list[str]:
    return [_fill(i, indent, " " * len(indent)) for i in items]


def edition_history(p: cdt_data.Procedure) -> str:
    """One line of edition history: "Added in CDT 2022; revised 2024; deleted in CDT 2026 ..."."""
    e = p.edition
    if e.added is None:
        parts = ["First edition not known"]
    elif e.added_exact:
        parts = [f"Added in CDT {e.added}"]
    else:
        parts = [f"Listed since {e.added.replace('before', 'before CDT')}"]
    if e.revised:
        parts.append("revised in " + ", ".join(str(y) for y in e.revised))
    if e.deleted is not None:
        parts.append(f"deleted in CDT {e.deleted}")
        if e.replaced_by:
            parts.append("replaced by " + ", ".join(e.replaced_by))
    return "; ".join(parts) + "."


def _confusion(c) -> str:
    # Most differences begin by naming the other code; do not say it twice.
    return c.difference if c.difference.startswith(c.code) else f"{c.code}: {c.difference}"


def format_procedure(p: cdt_data.Procedure) -> str:
    head = f"{p.code}  {p.title}"
    lines = [head, f"{p.category} > {p.subcategory}" + ("   [DELETED]" if p.deleted else ""), ""]
    if p.deleted:
        e = p.edition
        repl = f"; report {', '.join(e.replaced_by)} instead" if e.replaced_by else ""
        lines += [_para(f"Deleted from the code set in CDT {e.deleted}{repl}."), ""]
    lines += [_para(p.summary), ""]
    notes = cdt_data.caveats()
    sections = [
        ("When to use", p.when_to_use), ("Not for", p.not_for),
        ("Often confused with", [_confusion(c) for c in p.confused_with]),
        ("The chart must show", p.documentation), ("Claim checklist", p.checklist),
        ("Billing", p.billing),
        ("Plan notes", [f"{notes[c].label}: {notes[c].text}" for c in p.caveats if c in notes]),
        ("Why claims are denied", p.denial_reasons), ("Appeals", p.appeal_tips),
    ]
    for title, items in sections:
        if items:
            lines += [f"{title}:"] + _bullets(items) + [""]
    if p.example:
        lines += ["Example:", _para(p.example.scenario), _para("-> " + p.example.approach), ""]
    if p.faq:
        lines.append("Questions:")
        for f in p.faq:
            lines += [_fill("Q: " + f.q, "  ", "     "), _fill("A: " + f.a, "  ", "     "), ""]
    lines += _crossover_section(p)
    if not p.deleted:
        from .payer_profiles import load
        limits = load("common").limits_for(p.code)
        if limits:
            lines += ["Limits in the common profile (widely published norms; plans vary - cdt profiles show common):"]
            lines += _bullets(limits) + [""]
    if p.related:
        lines.append(_para("Related: " + ", ".join(p.related), ""))
    if p.keywords:
        lines.append(_para("Also searched as: " + ", ".join(p.keywords), ""))
    lines += ["", _para("Edition history: " + edition_history(p), "")]
    refs = cdt_data.sources()
    if p.edition.added_source in refs:
        lines.append(_para(f"(first edition from: {refs[p.edition.added_source].title})", ""))
    if p.review is not None:
        named = [refs[s].title for s in p.review.sources if s in refs]
        lines.append(_para(f"Checked {p.review.date} against: " + "; ".join(named) + "." if named
                           else f"Checked {p.review.date}.", ""))
    return "\n".join(lines).rstrip() + "\n"


def _crossover_section(p: cdt_data.Procedure) -> list[str]:
    """The medical-crossover diagnosis families of a code, in short (headings with the family
    dash, K11.2-); ``cdt dx CODE`` gives the titles, notes and sources. Codes without a list read
    no ICD-10-CM data."""
    if p.deleted or not cdt_data.diagnosis_families(p.code):
        return []
    dl = cdt_data.diagnoses_for(p.code)
    out = [f"Diagnoses to consider for a medical plan ({dl.release}):"]
    for fam in dl.families:
        listed = ", ".join(d.code + ("" if d.kind == "billable" else "-") for d in fam.diagnoses)
        out += _bullets([f"{fam.label}: {listed}"])
    out.append(_para(f"A list to consider, never a coding decision; notes and sources: cdt dx {p.code}."))
    return out + [""]


def _emit(data) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def cmd_show(args) -> int:
    """Every code asked for; one that is malformed or unknown is reported and the rest shown."""
    status = OK
    out = []
    for code in args.codes:
        try:
            out.append(cdt_data.get(code))
        except UnknownCodeError as exc:
            status = max(status, NOT_FOUND)
            if args.json:
                out.append({"error": "unknown_code", "code": exc.code, "message": str(exc),
                            "suggestions": list(exc.suggestions)})
            else:
                print(exc, file=sys.stderr)
        except InvalidCodeError as exc:
            status = BAD_INPUT
            if args.json:
                out.append({"error": "malformed_code", "input": code, "message": str(exc)})
            else:
                print(f"cdt: {exc}", file=sys.stderr)
    if args.json:
        items = [p.to_dict(resolve=True) if isinstance(p, cdt_data.Procedure) else p for p in out]
        _emit(items[0] if len(items) == 1 else items)
    else:
        sys.stdout.write("\n".join(format_procedure(p) for p in out))
    return status


def cmd_search(args) -> int:
    query = " ".join(args.query)
    hits = cdt_data.search(query, limit=args.limit, category=args.category)
    if args.json:
        _emit([h.to_dict() for h in hits])
    elif hits:
        for h in hits:
            print(f"{h.code}  {h.title}  ({h.category})")
    else:
        print(f"No code matches {query!r}. Try fewer or other words.", file=sys.stderr)
    return OK if hits else NOT_FOUND


def _cell(value) -> str:
    """A list or object as a spreadsheet reader would want it: items on their own lines."""
    if isinstance(value, list):
        return "\n".join(_cell(v) for v in value)
    if isinstance(value, dict):
        if set(value) == {"code", "difference"}:
            return f"{value['code']}: {value['difference']}"
        if set(value) == {"q", "a"}:
            return f"Q: {value['q']} A: {value['a']}"
        if set(value) == {"scenario", "approach"}:
            return f"{value['scenario']} -> {value['approach']}"
        if "replaced_by" in value:  # edition
            return edition_text(value)
        return "; ".join(f"{k}: {_cell(v)}" for k, v in value.items() if v not in (None, [], False))
    return "" if value is None else str(value)


def edition_text(e: dict) -> str:
    parts = [f"added {e['added']}" if e.get("added") is not None else "added unknown"]
    if e.get("revised"):
        parts.append("revised " + ", ".join(map(str, e["revised"])))
    if e.get("deleted") is not None:
        parts.append(f"deleted {e['deleted']}")
    if e.get("replaced_by"):
        parts.append("replaced by " + ", ".join(e["replaced_by"]))
    return "; ".join(parts)


def cmd_export(args) -> int:
    if args.json and args.format != "json":
        print(f"cdt: --json is the json format; it cannot be combined with --format {args.format}.", file=sys.stderr)
        return BAD_INPUT
    if args.bom and args.format != "csv":
        print("cdt: --bom is for --format csv only.", file=sys.stderr)
        return BAD_INPUT
    fmt = args.format
    records = [p.to_dict() for p in cdt_data.codes(args.category, include_deleted=args.include_deleted)]
    if fmt == "json":
        text = json.dumps(records, indent=2, ensure_ascii=False) + "\n"
    elif fmt == "jsonl":
        text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    else:
        buf = io.StringIO()
        columns = list(records[0]) if records else []
        writer = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        for r in records:  # json and jsonl keep the structure; csv is for reading
            writer.writerow({k: _cell(v) for k, v in r.items()})
        text = ("\ufeff" if args.bom else "") + buf.getvalue()
    if args.output:
        try:
            with open(args.output, "w", encoding="utf-8", newline="") as f:
                f.write(text)
        except OSError as exc:
            print(f"cdt: cannot write {args.output}: {exc.strerror}", file=sys.stderr)
            return BAD_INPUT
        print(f"wrote {len(records)} records to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return OK


def cmd_validate(args) -> int:
    from .validate import problems
    found = problems(cdt_data._store)
    count = len(cdt_data.codes(include_deleted=True))
    if args.json:
        _emit({"records": count, "edition": cdt_data.EDITION, "problems": found})
    else:
        for p in found:
            print(p)
        print(f"{count} records, CDT {cdt_data.EDITION}: {len(found)} problem(s)")
    return NOT_FOUND if found else OK


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="cdt", description="Plain-language guidance for CDT dental procedure codes.",
                     epilog="CDT is a registered trademark of the American Dental Association. "
                            "This tool is independent and not affiliated with the ADA.")
    parser.add_argument("--version", action="version",
                        version=f"cdt-data {cdt_data.__version__} (CDT {cdt_data.EDITION})")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = sub.add_parser("show", help="show the guidance for one or more codes")
    p.add_argument("codes", nargs="+", metavar="CODE")
    p.set_defaults(run=cmd_show)

    p = sub.add_parser("search", help="find codes by words, abbreviations or code")
    p.add_argument("query", nargs="+")
    p.add_argument("--limit", type=int, default=10)
    p.add_argument("--category")
    p.set_defaults(run=cmd_search)

    p = sub.add_parser("export", help="write every record as json, jsonl or csv")
    p.add_argument("--format", choices=("json", "jsonl", "csv"), default="json")
    p.add_argument("--category")
    p.add_argument("--include-deleted", action="store_true")
    p.add_argument("--output", "-o", metavar="FILE")
    p.add_argument("--bom", action="store_true",
                   help="start the csv with a UTF-8 byte order mark, so Excel reads accents and dashes right")
    p.set_defaults(run=cmd_export)

    p = sub.add_parser("validate", help="check every record against the schema and each other")
    p.set_defaults(run=cmd_validate)

    from .claim_cli import add_check_command
    from .dx_cli import add_command as add_dx_command
    from .profile_cli import add_commands as add_profile_commands
    add_check_command(sub)
    add_dx_command(sub)
    add_profile_commands(sub)

    for name, sp in sub.choices.items():
        sp.add_argument("--json", action="store_true", help="machine-readable output")
    return parser


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    _Parser.json_errors = "--json" in argv
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except CdtDataError as exc:
        status = NOT_FOUND if isinstance(exc, UnknownCodeError) else BAD_INPUT
        if args.json:
            kind = {InvalidCodeError: "malformed_code", UnknownCodeError: "unknown_code",
                    InvalidQueryError: "bad_query"}.get(type(exc), "bad_input")
            extra = {k: getattr(exc, k) for k in ("line", "row", "field", "file", "rule") if hasattr(exc, k)}
            _emit_error(kind, str(exc), **extra)
        else:
            print(f"cdt: {exc}", file=sys.stderr)
        return status
    except BrokenPipeError:
        return OK
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
