"""``cdt eligible`` and ``cdt profiles``: frequency limits on the command line.

    cdt eligible D1110 --history history.csv [--on 2026-12-02] [--tooth 30] [--profile NAME]
    cdt profiles list | show NAME | validate FILE
"""
from __future__ import annotations

import datetime as dt
import json
import sys
import textwrap

import cdt_data

OK, NOT_ELIGIBLE, BAD_INPUT = 0, 1, 2


def add_commands(sub) -> None:
    p = sub.add_parser("eligible", help="is a service covered on a date, given the patient's history?",
                       description="Answers 'eligible now' or 'from DATE', and why, under a payer profile.")
    p.add_argument("code", metavar="CODE")
    p.add_argument("--history", metavar="FILE", help="earlier services: a JSON list or a CSV with date,code,...")
    p.add_argument("--on", metavar="YYYY-MM-DD", help="the date of service asked about (default today)")
    p.add_argument("--profile", metavar="NAME|FILE", help="payer profile (default: common)")
    p.add_argument("--tooth")
    p.add_argument("--quadrant")
    p.add_argument("--arch")
    p.add_argument("--age", type=float, metavar="YEARS")
    p.set_defaults(run=cmd_eligible)

    p = sub.add_parser("profiles", help="list, show or validate payer profiles")
    p.add_argument("action", choices=("list", "show", "validate"))
    p.add_argument("target", nargs="?", metavar="NAME|FILE")
    p.set_defaults(run=cmd_profiles)


def history_from(path):
    from .history import load_history_file
    return [] if path is None else load_history_file(path)


def date_from(text, what: str = "--on") -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except (TypeError, ValueError):
        raise cdt_data.InvalidQueryError(f"{what} is a date such as 2026-12-02, not {text!r}.") from None


def _emit(data) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def cmd_eligible(args) -> int:
    on = date_from(args.on) if args.on else None
    age = None if args.age is None else (int(args.age) if args.age.is_integer() else args.age)
    result = cdt_data.eligibility(args.code, history_from(args.history), on=on, profile=args.profile,
                                  tooth=args.tooth, quadrant=args.quadrant, arch=args.arch, patient_age=age)
    if args.json:
        _emit(result.to_dict())
    else:
        if result.eligible:
            print(f"{result.code}: eligible on {result.on.isoformat()}.")
        elif result.next_date:
            print(f"{result.code}: not on {result.on.isoformat()}; eligible from {result.next_date.isoformat()}.")
        else:
            print(f"{result.code}: not eligible under this profile (no later date makes it so).")
        for f in result.reasons:
            print(textwrap.fill(f.message, 96, initial_indent="  - ", subsequent_indent="    ",
                                break_on_hyphens=False))
            print(textwrap.fill(f"source: {f.source}", 96, initial_indent="    ", subsequent_indent="      ",
                                break_on_hyphens=False))
    return OK if result.eligible else NOT_ELIGIBLE


def cmd_profiles(args) -> int:
    from .payer_profiles import load, parse, user_folder
    if args.action == "list":
        found = cdt_data.profiles()
        if args.json:
            _emit({"profiles": found, "folder": str(user_folder())})
        else:
            for p in found:
                print(f"{p['name']:24} {p['origin']:8} {p['path']}")
            print(f"\nA practice's own profiles go in {user_folder()} (or $CDT_PROFILES_DIR).")
        return OK
    if not args.target:
        raise cdt_data.InvalidQueryError(f"cdt profiles {args.action} needs a profile name or file.")
    if args.action == "show":
        profile = load(args.target)
        if args.json:
            _emit(profile.to_dict())
        else:
            print(f"{profile.name}: {profile.title}\n  {profile.description}\n  {profile.note}\n")
            for d in profile.to_dict()["limits"]:
                kind = "replace" if d["replacement"] else f"{d['count']} per"
                print(f"  {d['id']:28} {kind} {d['period']} per {d['per']}: {_codes(d['codes'])}")
            for d in profile.to_dict()["ages"]:
                span = f"under {d['under']:g}" if d["under"] is not None else f"from {d['at_least']:g}"
                print(f"  {d['id']:28} ages {span}: {_codes(d['codes'])}")
            for d in profile.to_dict()["same_day"]:
                print(f"  {d['id']:28} not with {_codes(d['with'])} on one day: {_codes(d['codes'])}")
            for d in profile.to_dict()["alternate_benefits"]:
                print(f"  {d['id']:28} paid as {', '.join(d['paid_as'])}: {_codes(d['codes'])}")
        return OK
    # validate: always the file given, read fresh
    try:
        with open(args.target, "rb") as f:
            data = f.read()
    except OSError as exc:
        raise cdt_data.InvalidQueryError(f"cannot read {args.target}: {exc.strerror}.") from None
    profile = parse(data, args.target, args.target.rsplit("/", 1)[-1].removesuffix(".toml"))
    if args.json:
        _emit({"file": args.target, "valid": True, "rules": profile.rule_count})
    else:
        print(f"{args.target}: valid, {profile.rule_count} rules.")
    return OK


def _codes(codes: list) -> str:
    return ", ".join(codes) if len(codes) <= 6 else f"{', '.join(codes[:5])} ... ({len(codes)} codes)"
