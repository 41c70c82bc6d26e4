"""``cdt check``: the claim checker on the command line.

    cdt check D1110 D4341 --age 9
    cdt check D2392@30:MOD D0120 --date 2026-03-04
    cdt check --file claim.json [--json] [--tooth-system FDI]

Exit status: 0 no error finding, 1 at least one error finding, 2 bad input.
"""
from __future__ import annotations

import json
import sys
import textwrap

import cdt_data
from .errors import InvalidClaimError

OK, HAS_ERROR, BAD_INPUT = 0, 1, 2
CLAIM_KEYS = {"lines", "patient", "tooth_system"}


def add_check_command(sub) -> None:
    p = sub.add_parser("check", help="check the lines of a claim before sending it",
                       description="Check claim lines for wrong, missing or conflicting codes. "
                                   "A CODE may carry a tooth and surfaces (D2392@30:MOD) or the "
                                   "claim form's area of the oral cavity (D4341@UR, D4341@10, "
                                   "D5110@U, D5110@01).")
    p.add_argument("codes", nargs="*", metavar="CODE")
    p.add_argument("--file", "-f", metavar="CLAIM.json",
                   help='a JSON claim: {"lines": [...], "patient": {"age": N}} or a list of lines')
    p.add_argument("--age", type=float, metavar="YEARS", help="the patient's age in years")
    p.add_argument("--date", metavar="YYYY-MM-DD", help="date of service for CODE arguments")
    p.add_argument("--tooth-system", choices=("Universal", "FDI"), default=None,
                   help="numbering of the tooth numbers (default Universal)")
    p.add_argument("--history", metavar="FILE",
                   help="the patient's earlier services (JSON or CSV: date,code,tooth,surfaces,area,...): "
                        "checks frequency, age and replacement limits")
    p.add_argument("--profile", metavar="NAME|FILE", help="payer profile for those limits (default: common)")
    p.set_defaults(run=cmd_check)


def _line_from_token(token: str, date, system: str = "Universal") -> dict:
    """``D2392@30:MOD``, ``D4341@UR``, ``D4341@10``, ``D5110@U``, ``D5110@01`` as a claim line."""
    code, _, rest = token.partition("@")
    line = {"code": code}
    if rest:
        where, _, surfaces = rest.partition(":")
        if where:
            line[_where_key(code, where, bool(surfaces), system)] = where
        if surfaces:
            line["surfaces"] = surfaces
    if date:
        line["date"] = date
    return line


def _where_key(code: str, where: str, has_surfaces: bool, system: str) -> str:
    """Whether the part after @ is a tooth or the claim form's area of the oral cavity.

    "30" is tooth 30 on a filling and the lower-left quadrant on scaling, so the code decides:
    a code reported per tooth reads a tooth number first; any other reads an area first."""
    from .teeth import parse_area, parse_tooth
    proc = cdt_data.lookup(code)
    per_tooth = has_surfaces or proc is None or "tooth" in proc.requires.area
    if per_tooth and parse_tooth(where, system) is not None:
        return "tooth"
    if parse_area(where) is not None:
        return "area"
    return "tooth"


def read_claim_file(path: str) -> tuple[list, object, object]:
    """(lines, age, tooth_system) from a claim file; InvalidClaimError for anything unreadable."""
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except OSError as exc:
        raise InvalidClaimError(f"cannot read {path}: {exc.strerror}.") from None
    except ValueError as exc:
        raise InvalidClaimError(f"{path} is not valid JSON ({exc}).") from None
    if isinstance(data, list):
        return data, None, None
    if not isinstance(data, dict):
        raise InvalidClaimError(f"{path} holds neither a claim object nor a list of lines.")
    extra = sorted(set(data) - CLAIM_KEYS)
    if extra:
        raise InvalidClaimError(f"{path}: unknown key {extra[0]!r}; a claim has lines, patient and tooth_system.")
    patient = data.get("patient") or {}
    if not isinstance(patient, dict) or set(patient) - {"age"}:
        raise InvalidClaimError(f'{path}: patient is an object such as {{"age": 9}}.', field="patient")
    return data.get("lines"), patient.get("age"), data.get("tooth_system")


def _text(value) -> str:
    return "".join(map(str, value)) if isinstance(value, (list, tuple)) else str(value)


def _fill(text: str, first: str, rest: str) -> str:
    return textwrap.fill(text, 96, initial_indent=first, subsequent_indent=rest,
                         break_on_hyphens=False, break_long_words=False)


def format_findings(lines: list, findings: list) -> str:
    """Findings grouped under the line they start on, then a one-line tally."""
    by_line: dict[int, list] = {}
    mentioned: dict[int, int] = {}   # line -> the line whose finding also names it
    for f in findings:
        by_line.setdefault(f.lines[0] if f.lines else -1, []).append(f)
        for n in f.lines[1:]:
            mentioned.setdefault(n, f.lines[0])
    out = []
    for i, line in enumerate(lines):
        where = "".join(f" {k} {_text(line[k])}" for k in ("tooth", "surfaces", "quadrant", "arch", "area", "date") if line.get(k))
        if line.get("diagnoses"):
            dx = line["diagnoses"]
            where += " dx " + (", ".join(map(str, dx)) if isinstance(dx, (list, tuple)) else str(dx))
        mine = by_line.get(i, [])
        note = "" if mine else f"  - see line {mentioned[i] + 1}" if i in mentioned else "  - ok"
        out.append(f"Line {i + 1}  {line.get('code')}{where}{note}")
        for f in mine:
            others = [str(n + 1) for n in f.lines[1:]]
            head = f"  {f.severity.upper():8}" + (f"(with line {', '.join(others)}) " if others else "")
            out.append(_fill(f.message, head, " " * 12))
            if f.suggestion:
                out.append(f"{'':12}-> use {f.suggestion}")
            if f.next_date:
                out.append(f"{'':12}-> covered again from {f.next_date.isoformat()}")
            why = f.rationale.rstrip(".") + ("; varies by payer." if f.varies_by_payer else ".")
            out.append(_fill(f"why: {why} [{f.rule}]", " " * 12, " " * 17))
            out.append(_fill(f"source: {f.source}", " " * 12, " " * 20))
    counts = {s: sum(f.severity == s for f in findings) for s in ("error", "warning", "info")}
    if findings:
        out.append(f"\n{counts['error']} error(s), {counts['warning']} warning(s), {counts['info']} note(s).")
    else:
        out.append("\nNo findings: nothing on these lines breaks a rule the checker knows.")
    return "\n".join(out) + "\n"


def _usage_error(args, message: str) -> int:
    if args.json:
        from .cli import _emit_error
        _emit_error("usage", message)
    else:
        print(f"cdt check: {message}", file=sys.stderr)
    return BAD_INPUT


def cmd_check(args) -> int:
    if args.file and args.codes:
        return _usage_error(args, "give CODE arguments or --file, not both.")
    if not args.file and not args.codes:
        return _usage_error(args, "give one or more CODE arguments, or --file CLAIM.json.")
    if args.file:
        lines, age, system = read_claim_file(args.file)
    else:
        system = args.tooth_system or "Universal"
        lines, age = [_line_from_token(t, args.date, system) for t in args.codes], None
    if args.age is not None:
        age = int(args.age) if args.age.is_integer() else args.age
    system = args.tooth_system or system or "Universal"
    from .profile_cli import history_from
    history = history_from(args.history) if args.history else None
    findings = cdt_data.check(lines, patient_age=age, tooth_system=system, history=history, profile=args.profile)
    if args.json:
        sys.stdout.write(json.dumps({"findings": [f.to_dict() for f in findings]}, indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(format_findings(lines, findings))
    return HAS_ERROR if any(f.severity == "error" for f in findings) else OK
