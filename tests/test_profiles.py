"""Payer profiles, claim history and eligibility, field by field: every fault a person can make
in a profile or a history file, with the exact message it gets; what a good file reads as; where
profiles are found; and eligibility's answers, dates and reasons."""
import dataclasses
import datetime as dt
import json
import os
import pathlib
import sys

import pytest

import cdt_data
from cdt_data import payer_profiles
from cdt_data.coverage import Eligibility
from cdt_data.history import InvalidHistoryError, Service, load_history_file, read_history
from cdt_data.payer_profiles import AgeLimit, AlternateBenefit, Limit, Profile, ProfileError, SameDay, parse
from cdt_data.periods import Period

D = dt.date
L = '[[limit]]\nid = "x"\ncodes = ["D1110"]\ncount = 1\nmonths = 6\nsource = "a test grid"\n'
A = '[[age]]\nid = "a"\ncodes = ["D1351"]\nunder = 15\nsource = "a test grid"\n'
S = '[[same_day]]\nid = "s"\ncodes = ["D1110"]\nwith = ["D4341"]\nsource = "a test grid"\n'
B = '[[alternate_benefit]]\nid = "b"\ncodes = ["D2391"]\npaid_as = ["D2140-D2161"]\nsource = "a test grid"\n'
R = '[[replacement]]\nid = "r"\ncodes = ["D2740"]\nmonths = 60\nsource = "a test grid"\n'

# (file text, rule, field, the whole message)
BAD_PROFILES = [
    (B.replace('paid_as = ["D2140-D2161"]', 'paid_as = ["D0001"]'), 'alternate_benefit[0] (b)', 'paid_as',
     "f.toml, rule alternate_benefit[0] (b), field 'paid_as': D0001 names no CDT code."),
    (b"\xff\xfe", None, None, 'f.toml: the file is not UTF-8 text.'),
    ("[[limit]\nid=", None, None, "f.toml: not valid TOML (..."),   # the parser's own words vary by Python
    ("[extras]\na = 1\n", None, None, "f.toml: unknown table 'extras'; a profile has [profile], [groups] and [[limit]], [[replacement]], [[age]], [[same_day]], [[alternate_benefit]]."),
    ("profile = 3\n", None, 'profile', "f.toml, field 'profile': [profile] is a table."),
    ("[profile]\ncolour = 'red'\n", None, 'colour', "f.toml, field 'colour': unknown field; the fields here are benefit_year_start, description, name, note, severity, title."),
    ("[profile]\nseverity = 'fatal'\n", None, 'severity', "f.toml, field 'severity': severity is one of error, warning, info, not 'fatal'."),
    ("[profile]\nseverity = 3\n", None, 'severity', "f.toml, field 'severity': severity is text."),
    ("[profile]\nname = 3\n", None, 'name', "f.toml, field 'name': name is text."),
    ("[profile]\nbenefit_year_start = 0\n", None, 'benefit_year_start', "f.toml, field 'benefit_year_start': benefit_year_start is a month number from 1 to 12."),
    ("[profile]\nbenefit_year_start = true\n", None, 'benefit_year_start', "f.toml, field 'benefit_year_start': benefit_year_start is a month number from 1 to 12."),
    ("[profile]\nbenefit_year_start = 6.5\n", None, 'benefit_year_start', "f.toml, field 'benefit_year_start': benefit_year_start is a month number from 1 to 12."),
    ("groups = 3\n", None, 'groups', "f.toml, field 'groups': [groups] is a table."),
    ("[groups]\nx = []\n", 'groups.x', 'x', 'f.toml, rule groups.x, field \'x\': a list of codes or ranges such as "D2140-D2161".'),
    ("[groups]\nx = 'D1110'\n", 'groups.x', 'x', 'f.toml, rule groups.x, field \'x\': a list of codes or ranges such as "D2140-D2161".'),
    ("[groups]\nx = [1110]\n", 'groups.x', 'x', 'f.toml, rule groups.x, field \'x\': 1110 is not a code or a range such as "D2140-D2161".'),
    ("limit = 3\n", None, 'limit', "f.toml, field 'limit': [[limit]] is a list of tables."),
    ("limit = [1]\n", None, 'limit', "f.toml, field 'limit': [[limit]] is a list of tables."),
    ('[[limit]]\nid = 5\n', 'limit[0]', 'id', "f.toml, rule limit[0], field 'id': every rule needs an id of lower-case letters, digits and dashes."),
    ('[[limit]]\ncount = 1\n', 'limit[0]', 'id', "f.toml, rule limit[0], field 'id': every rule needs an id of lower-case letters, digits and dashes."),
    (L.replace('count = 1', 'count = true'), 'limit[0] (x)', 'count', "f.toml, rule limit[0] (x), field 'count': count is a whole number of services, 1 or more."),
    (L.replace('count = 1', 'count = 1.5'), 'limit[0] (x)', 'count', "f.toml, rule limit[0] (x), field 'count': count is a whole number of services, 1 or more."),
    (L.replace('count = 1\n', ''), 'limit[0] (x)', 'count', "f.toml, rule limit[0] (x), field 'count': count is a whole number of services, 1 or more."),
    (L.replace('count = 1', 'count = 1\nper = "family"'), 'limit[0] (x)', 'per', "f.toml, rule limit[0] (x), field 'per': per is one of patient, tooth, quadrant, arch, provider, not 'family'."),
    (L.replace('months = 6', 'months = 0'), 'limit[0] (x)', 'months', "f.toml, rule limit[0] (x), field 'months': months is a whole number, 1 or more."),
    (L.replace('months = 6', 'months = 1201'), 'limit[0] (x)', 'months', "f.toml, rule limit[0] (x), field 'months': months is a whole number, 1 or more."),
    (L.replace('months = 6', 'days = 36501'), 'limit[0] (x)', 'days', "f.toml, rule limit[0] (x), field 'days': days is a whole number, 1 or more."),
    (L.replace('months = 6', 'days = true'), 'limit[0] (x)', 'days', "f.toml, rule limit[0] (x), field 'days': days is a whole number, 1 or more."),
    (L.replace('months = 6', 'months = 6\nplus_one_day = "yes"'), 'limit[0] (x)', 'plus_one_day', "f.toml, rule limit[0] (x), field 'plus_one_day': plus_one_day is true or false."),
    (L.replace('months = 6', 'period = "lifetime"\nplus_one_day = true'), 'limit[0] (x)', 'plus_one_day', "f.toml, rule limit[0] (x), field 'plus_one_day': plus_one_day goes with months or days, not a year or lifetime."),
    (L.replace('months = 6', 'period = "fortnight"'), 'limit[0] (x)', 'period', "f.toml, rule limit[0] (x), field 'period': period is calendar-year, benefit-year or lifetime, not 'fortnight'; for a rolling period write months = N or days = N."),
    (L.replace('months = 6', ''), 'limit[0] (x)', 'period', 'f.toml, rule limit[0] (x), field \'period\': give exactly one of period ("calendar-year", "benefit-year", "lifetime"), months or days.'),
    (L.replace('codes = ["D1110"]', ''), 'limit[0] (x)', 'codes', "f.toml, rule limit[0] (x), field 'codes': give the codes or the name of a group, one of them."),
    (L.replace('codes = ["D1110"]', 'codes = ["D1110"]\ngroup = "g"'), 'limit[0] (x)', 'codes', "f.toml, rule limit[0] (x), field 'codes': give the codes or the name of a group, one of them."),
    (L.replace('codes = ["D1110"]', 'group = "g"'), 'limit[0] (x)', 'group', "f.toml, rule limit[0] (x), field 'group': no group named 'g' in [groups]."),
    (L.replace('codes = ["D1110"]', 'codes = ["D1120-D1110"]'), 'limit[0] (x)', 'codes', "f.toml, rule limit[0] (x), field 'codes': the range D1120-D1110 runs backwards."),
    (L.replace('codes = ["D1110"]', 'codes = ["D0001"]'), 'limit[0] (x)', 'codes', "f.toml, rule limit[0] (x), field 'codes': D0001 names no CDT code."),
    (L.replace('source = "a test grid"', 'source = "abc "'), 'limit[0] (x)', 'source', "f.toml, rule limit[0] (x), field 'source': every rule names its source (a plan document, a public page)."),
    (L.replace('source = "a test grid"', 'source = 5'), 'limit[0] (x)', 'source', "f.toml, rule limit[0] (x), field 'source': every rule names its source (a plan document, a public page)."),
    (L.replace('source = "a test grid"', 'source = "a test grid"\nnote = 5'), 'limit[0] (x)', 'note', "f.toml, rule limit[0] (x), field 'note': note is text."),
    (L + L, 'limit[1] (x)', 'id', "f.toml, rule limit[1] (x), field 'id': this id is used twice in the profile."),
    (R.replace('months = 60', 'months = 60\ncount = 2'), 'replacement[0] (r)', 'count', "f.toml, rule replacement[0] (r), field 'count': unknown field; the fields here are codes, days, group, id, months, note, per, period, plus_one_day, source."),
    (R.replace('months = 60', 'months = 60\nper = "family"'), 'replacement[0] (r)', 'per', "f.toml, rule replacement[0] (r), field 'per': per is one of patient, tooth, quadrant, arch, provider, not 'family'."),
    (A.replace('under = 15', 'under = 15\nthrough = 14'), 'age[0] (a)', 'through', "f.toml, rule age[0] (a), field 'through': give under or through, not both."),
    (A.replace('under = 15', 'under = 15\nat_least = 15'), 'age[0] (a)', 'at_least', "f.toml, rule age[0] (a), field 'at_least': at_least must be below the upper age."),
    (A.replace('under = 15', ''), 'age[0] (a)', 'under', "f.toml, rule age[0] (a), field 'under': an age rule needs under, through or at_least."),
    (A.replace('under = 15', 'under = 131'), 'age[0] (a)', 'under', "f.toml, rule age[0] (a), field 'under': under is an age in years from 0 to 130."),
    (A.replace('under = 15', 'under = -1'), 'age[0] (a)', 'under', "f.toml, rule age[0] (a), field 'under': under is an age in years from 0 to 130."),
    (A.replace('under = 15', 'under = "15"'), 'age[0] (a)', 'under', "f.toml, rule age[0] (a), field 'under': under is an age in years from 0 to 130."),
    (A.replace('under = 15', 'under = true'), 'age[0] (a)', 'under', "f.toml, rule age[0] (a), field 'under': under is an age in years from 0 to 130."),
    (A.replace('under = 15', 'at_least = 131'), 'age[0] (a)', 'at_least', "f.toml, rule age[0] (a), field 'at_least': at_least is an age in years from 0 to 130."),
    (A.replace('under = 15', 'through = 14\nat_least = 15'), 'age[0] (a)', 'at_least', "f.toml, rule age[0] (a), field 'at_least': at_least must be below the upper age."),
    (A.replace('under = 15', 'under = 15\nwith = ["D1110"]'), 'age[0] (a)', 'with', "f.toml, rule age[0] (a), field 'with': unknown field; the fields here are at_least, codes, group, id, note, source, through, under."),
    (S.replace('with = ["D4341"]\n', ''), 'same_day[0] (s)', 'with', "f.toml, rule same_day[0] (s), field 'with': a same-day rule names the codes it excludes in with."),
    (S.replace('with = ["D4341"]', 'with = []'), 'same_day[0] (s)', 'with', 'f.toml, rule same_day[0] (s), field \'with\': a list of codes or ranges such as "D2140-D2161".'),
    (S.replace('with = ["D4341"]', 'with = ["D4341"]\ncount = 1'), 'same_day[0] (s)', 'count', "f.toml, rule same_day[0] (s), field 'count': unknown field; the fields here are codes, group, id, note, source, with."),
    (B.replace('paid_as = ["D2140-D2161"]\n', ''), 'alternate_benefit[0] (b)', 'paid_as', "f.toml, rule alternate_benefit[0] (b), field 'paid_as': paid_as lists the codes (or ranges) whose fee the plan pays instead."),
    (B.replace('paid_as = ["D2140-D2161"]', 'paid_as = []'), 'alternate_benefit[0] (b)', 'paid_as', "f.toml, rule alternate_benefit[0] (b), field 'paid_as': paid_as lists the codes (or ranges) whose fee the plan pays instead."),
    (B.replace('paid_as = ["D2140-D2161"]', 'paid_as = "D2140"'), 'alternate_benefit[0] (b)', 'paid_as', "f.toml, rule alternate_benefit[0] (b), field 'paid_as': paid_as lists the codes (or ranges) whose fee the plan pays instead."),
    (B.replace('paid_as = ["D2140-D2161"]', 'paid_as = ["D2140"]\nwith = ["D1110"]'), 'alternate_benefit[0] (b)', 'with', "f.toml, rule alternate_benefit[0] (b), field 'with': unknown field; the fields here are codes, group, id, note, paid_as, source."),
]


@pytest.mark.parametrize("text, rule, field, message", BAD_PROFILES, ids=[str(i) for i in range(len(BAD_PROFILES))])
def test_every_fault_in_a_profile_has_its_own_message(text, rule, field, message):
    data = text if isinstance(text, bytes) else text.encode()
    with pytest.raises(ProfileError) as exc:
        parse(data, "f.toml", "f")
    err = exc.value
    assert (err.file, err.rule, err.field) == ("f.toml", rule, field)
    if message.endswith("..."):
        assert str(err).startswith(message[:-3])
    else:
        assert str(err) == message
    assert err.problem == message.split(": ", 1)[1] or message.endswith("...")


def test_a_profile_error_without_a_place():
    err = ProfileError("no file.")
    assert str(err) == "no file." and (err.file, err.rule, err.field) == (None, None, None)
    assert str(ProfileError("p", rule="r")) == "rule r: p" and str(ProfileError("p", field="f")) == "field 'f': p"


ACME = b'''
[profile]
name = "acme"
title = "Acme PPO"
description = "d"
note = "n"
severity = "error"
benefit_year_start = 4
[groups]
exams = ["D0120", "D0150"]
sealants = ["D1351"]
[[limit]]
id = "exams"
group = "exams"
count = 2
period = "benefit-year"
source = "grid p. 3"
note = "two a year"
[[limit]]
id = "bw"
codes = ["D0274"]
count = 1
per = "patient"
days = 180
plus_one_day = true
source = "grid p. 4"
[[replacement]]
id = "dent"
codes = ["D5110"]
per = "arch"
months = 60
source = "grid p. 5"
[[age]]
id = "seal"
group = "sealants"
through = 14
source = "  grid p. 6  "
note = "to the 15th birthday"
[[age]]
id = "adult-only"
codes = ["D4910"]
at_least = 18.5
source = "grid p. 7"
[[same_day]]
id = "sd"
codes = ["D1110"]
with = ["D4341-D4342"]
source = "grid p. 8"
note = "not with root planing"
[[alternate_benefit]]
id = "alt"
codes = ["D2391"]
paid_as = ["D2140-D2161", "D2150"]
source = "grid p. 9"
note = "amalgam fee"
'''


def test_a_good_profile_reads_as_written():
    p = parse(ACME, "acme.toml", "acme")
    assert (p.name, p.title, p.description, p.note, p.severity, p.path) == ("acme", "Acme PPO", "d", "n", "error", "acme.toml")
    assert p.groups == {"exams": frozenset({"D0120", "D0150"}), "sealants": frozenset({"D1351"})}
    assert p.limits == (
        Limit("exams", frozenset({"D0120", "D0150"}), 2, "patient", Period("benefit-year", start_month=4), "grid p. 3",
              "two a year", False, "exams"),
        Limit("bw", frozenset({"D0274"}), 1, "patient", Period("days", 180, True), "grid p. 4", "", False, ""),
        Limit("dent", frozenset({"D5110"}), 1, "arch", Period("months", 60), "grid p. 5", "", True, ""),
    )
    assert p.ages == (AgeLimit("seal", frozenset({"D1351"}), 15, None, "grid p. 6", "to the 15th birthday", "sealants"),
                      AgeLimit("adult-only", frozenset({"D4910"}), None, 18.5, "grid p. 7", "", ""))
    assert p.same_day == (SameDay("sd", frozenset({"D1110"}), frozenset({"D4341", "D4342"}), "grid p. 8",
                                  "not with root planing"),)
    assert p.alternates == (AlternateBenefit("alt", frozenset({"D2391"}), ("D2140-D2161", "D2150"), "grid p. 9",
                                             "amalgam fee"),)
    assert repr(p) == "Profile(name='acme', rules=7)" and p.rule_count == 7


def test_to_dict_names_every_field():
    assert parse(ACME, "acme.toml", "acme").to_dict() == {
        "name": "acme", "title": "Acme PPO", "description": "d", "note": "n", "severity": "error",
        "limits": [
            {"id": "exams", "codes": ["D0120", "D0150"], "count": 2, "per": "patient",
             "period": "benefit year (from 1 April)", "replacement": False, "source": "grid p. 3", "note": "two a year"},
            {"id": "bw", "codes": ["D0274"], "count": 1, "per": "patient", "period": "180 days plus one day",
             "replacement": False, "source": "grid p. 4", "note": ""},
            {"id": "dent", "codes": ["D5110"], "count": 1, "per": "arch", "period": "60 months", "replacement": True,
             "source": "grid p. 5", "note": ""}],
        "ages": [{"id": "seal", "codes": ["D1351"], "under": 15, "at_least": None, "source": "grid p. 6",
                  "note": "to the 15th birthday"},
                 {"id": "adult-only", "codes": ["D4910"], "under": None, "at_least": 18.5, "source": "grid p. 7",
                  "note": ""}],
        "same_day": [{"id": "sd", "codes": ["D1110"], "with": ["D4341", "D4342"], "source": "grid p. 8",
                      "note": "not with root planing"}],
        "alternate_benefits": [{"id": "alt", "codes": ["D2391"], "paid_as": ["D2140-D2161", "D2150"],
                                "source": "grid p. 9", "note": "amalgam fee"}],
    }


def test_an_empty_profile_takes_its_names_from_the_file():
    p = parse(b"", "x.toml", "stem")
    assert (p.name, p.title, p.description, p.note, p.severity) == ("stem", "stem", "", "", "warning")
    assert p.rule_count == 0 and p.groups == {}


def test_defaults_per_table():
    p = parse((L + R.replace('codes = ["D2740"]', 'codes = ["D2740"]\nper = "tooth"') +
               R.replace('id = "r"', 'id = "r2"')).encode(), "f.toml", "f")
    assert [(x.per, x.count, x.replacement) for x in p.limits] == [("patient", 1, False), ("tooth", 1, True),
                                                                  ("tooth", 1, True)]
    assert p.limits[0].period == Period("months", 6, False)
    ages = parse(A.replace("under = 15", "at_least = 3\nthrough = 20").encode(), "f.toml", "f").ages
    assert (ages[0].under, ages[0].at_least) == (21, 3)


# --- where profiles are found ------------------------------------------------------------
def test_user_folder_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("CDT_PROFILES_DIR", str(tmp_path / "p"))
    assert payer_profiles.user_folder() == tmp_path / "p"
    monkeypatch.setenv("CDT_PROFILES_DIR", "~/plans")
    assert payer_profiles.user_folder() == pathlib.Path.home() / "plans"


@pytest.mark.parametrize("platform, env, want", [
    ("linux", {"XDG_CONFIG_HOME": "/cfg"}, "/cfg/dental-code-guide/profiles"),
    ("linux", {}, "HOME/.config/dental-code-guide/profiles"),
    ("win32", {"APPDATA": "/appdata"}, "/appdata/dental-code-guide/profiles"),
    ("win32", {}, "HOME/AppData/Roaming/dental-code-guide/profiles"),
    ("darwin", {}, "HOME/Library/Application Support/dental-code-guide/profiles"),
])
def test_user_folder_per_platform(monkeypatch, tmp_path, platform, env, want):
    for key in ("CDT_PROFILES_DIR", "XDG_CONFIG_HOME", "APPDATA"):
        monkeypatch.delenv(key, raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setattr(sys, "platform", platform)
    assert payer_profiles.user_folder() == pathlib.Path(want.replace("HOME", str(tmp_path)))


def test_available_lists_shipped_then_the_practices_own(monkeypatch, tmp_path):
    monkeypatch.setenv("CDT_PROFILES_DIR", str(tmp_path))
    (tmp_path / "zeta.toml").write_text(L)
    (tmp_path / "alpha.toml").write_text(L)
    (tmp_path / "common.toml").write_text(L)     # a shipped name is not listed twice
    (tmp_path / "notes.txt").write_text("x")
    assert payer_profiles.available() == [
        {"name": "common", "origin": "shipped", "path": "cdt_data/profiles/common.toml"},
        {"name": "sample-plan", "origin": "shipped", "path": "cdt_data/profiles/sample-plan.toml"},
        {"name": "alpha", "origin": "user", "path": str(tmp_path / "alpha.toml")},
        {"name": "zeta", "origin": "user", "path": str(tmp_path / "zeta.toml")},
    ]
    monkeypatch.setenv("CDT_PROFILES_DIR", str(tmp_path / "none"))
    assert [p["name"] for p in payer_profiles.available()] == ["common", "sample-plan"]


def test_load_by_name_path_or_object(monkeypatch, tmp_path):
    monkeypatch.setenv("CDT_PROFILES_DIR", str(tmp_path))
    common = payer_profiles.load("common")
    assert payer_profiles.load(None) is common and payer_profiles.load(common) is common
    assert common.path == "cdt_data/profiles/common.toml" and common.name == "common"
    path = tmp_path / "mine.toml"
    path.write_text(L)
    by_path = payer_profiles.load(path)
    assert by_path.name == "mine" and by_path.path == str(path) and by_path.limits[0].id == "x"
    assert payer_profiles.load(str(path)) is by_path and payer_profiles.load("mine") == by_path
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "plan").write_text(L)   # a path with a folder in it, no .toml
    assert payer_profiles.load(str(tmp_path / "sub" / "plan")).name == "plan"


@pytest.mark.parametrize("spec, message", [
    (5, "a profile is a name, a path or a Profile, not int."),
    (["common"], "a profile is a name, a path or a Profile, not list."),
])
def test_load_refuses_what_is_not_a_profile(spec, message):
    with pytest.raises(ProfileError) as exc:
        payer_profiles.load(spec)
    assert str(exc.value) == message


def test_load_a_missing_file_or_name(monkeypatch, tmp_path):
    monkeypatch.setenv("CDT_PROFILES_DIR", str(tmp_path))
    missing = str(tmp_path / "gone.toml")
    with pytest.raises(ProfileError) as exc:
        payer_profiles.load(missing)
    assert str(exc.value) == f"{missing}: no such profile file." and exc.value.file == missing
    with pytest.raises(ProfileError) as exc:
        payer_profiles.load(pathlib.Path(missing))
    assert exc.value.file == missing
    with pytest.raises(ProfileError) as exc:
        payer_profiles.load("Bad Name")
    assert str(exc.value) == (f"no profile named 'Bad Name'; known profiles: common, sample-plan "
                              f"(a practice's own go in {tmp_path}).")
    (tmp_path / "Upper.toml").write_text(L)   # not an id: never read by name
    with pytest.raises(ProfileError):
        payer_profiles.load("Upper")


def test_a_file_is_read_again_when_it_changes(tmp_path):
    path = tmp_path / "p.toml"
    path.write_text(L)
    first = payer_profiles.load(path)
    assert payer_profiles.load(path) is first
    path.write_text(L.replace('"x"', '"y"'))
    os.utime(path, ns=(1, 10**18))
    assert payer_profiles.load(path).limits[0].id == "y"


# --- history rows -------------------------------------------------------------------------
BAD_HISTORY = [
    (["D1110"], 1, None, "History row 1: each service is an object with a date and a code, not 'D1110'."),
    ([{"code": "D1110"}], 1, "date", "History row 1, field 'date': every earlier service needs its date (YYYY-MM-DD)."),
    ([{"code": "D1110", "date": ""}], 1, "date",
     "History row 1, field 'date': every earlier service needs its date (YYYY-MM-DD)."),
    ([{"code": "D1110", "date": "2026-13-01"}], 1, "date",
     "History row 1, field 'date': '2026-13-01' is not an ISO date such as '2026-03-04'."),
    ([{"code": "D1110", "date": 20260101}], 1, "date",
     "History row 1, field 'date': a date is an ISO string such as '2026-03-04', not int."),
    ([{"date": "2026-01-01", "code": "D0379"}], 1, "code",
     "History row 1, field 'code': 'D0379' is not a CDT code of any edition; remove the row or fix the code."),
    ([{"date": "2026-01-01", "code": "X123"}], 1, "code", "History row 1, field 'code': 'X123' is not a CDT code such as D1110."),
    ([{"date": "2026-01-01", "code": 1110}], 1, "code", "History row 1, field 'code': 1110 is not a CDT code such as D1110."),
    ([{"date": "2026-01-01"}], 1, "code", "History row 1, field 'code': None is not a CDT code such as D1110."),
    ([{"date": "2026-01-01", "code": "D1351", "tooth": "99"}], 1, "tooth",
     "History row 1, field 'tooth': '99' is not a tooth in the Universal numbering."),
    ([{"date": "2026-01-01", "code": "D1351", "tooth": True}], 1, "tooth",
     "History row 1, field 'tooth': True is not a tooth in the Universal numbering."),
    ([{"date": "2026-01-01", "code": "D1351", "tooth": "3", "tooth_system": "Palmer"}], 1, "tooth_system",
     "History row 1, field 'tooth_system': tooth_system is Universal or FDI, not 'Palmer'."),
    ([{"date": "2026-01-01", "code": "D1351", "tooth": "3", "tooth_system": 5}], 1, "tooth_system",
     "History row 1, field 'tooth_system': tooth_system is Universal or FDI, not 5."),
    ([{"date": "2026-01-01", "code": "D4341", "quadrant": "UX"}], 1, "quadrant",
     "History row 1, field 'quadrant': 'UX' is not a quadrant."),
    ([{"date": "2026-01-01", "code": "D5110", "arch": "sideways"}], 1, "arch",
     "History row 1, field 'arch': 'sideways' is not an arch."),
    ([{"date": "2026-01-01", "code": "D4341", "area": "99"}], 1, "area",
     "History row 1, field 'area': '99' is not an area of the oral cavity (00, 01, 02, 10-40, U, L, UR, UL, LL, LR)."),
    ([{"date": "2026-01-01", "code": "D1110", "provider": 1.5}], 1, "provider",
     "History row 1, field 'provider': a provider is a name or number."),
    ([{"date": "2026-01-01", "code": "D1110", "provider": True}], 1, "provider",
     "History row 1, field 'provider': a provider is a name or number."),
    ([{"date": "2026-01-01", "code": "D1110", "colour": "x"}], 1, "colour",
     "History row 1, field 'colour': unknown field; a service may carry date, code, tooth, surfaces, area, quadrant, "
     "arch, provider, tooth_system."),
    ([{"date": "2026-01-01", "code": "D1110", 5: "x"}], 1, "5",
     "History row 1, field '5': unknown field; a service may carry date, code, tooth, surfaces, area, quadrant, "
     "arch, provider, tooth_system."),
    ([{"date": "2026-01-01", "code": "D1110", ("k" * 50,): "x"}], 1, "('kkkkkkkkkkkkkkkkkkkkkkkkk...", None),
    ([{"date": "2026-01-01", "code": "D1110"}, {"date": "2026-01-01", "code": "D1110", "tooth": "x" * 100}], 2, "tooth",
     "History row 2, field 'tooth': 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx... is not a tooth in the Universal numbering."),
    ("D1110", None, None, "History: the history is a list of earlier services, not str."),
    ({"date": "2026-01-01"}, None, None, "History: the history is a list of earlier services, not dict."),
    (5, None, None, "History: the history is a list of earlier services, not int."),
]


@pytest.mark.parametrize("history, row, field, message", BAD_HISTORY, ids=[str(i) for i in range(len(BAD_HISTORY))])
def test_every_bad_history_row_has_its_own_message(history, row, field, message):
    with pytest.raises(InvalidHistoryError) as exc:
        read_history(history)
    err = exc.value
    assert (err.row, err.field, err.file, err.line) == (row, field, None, None)
    if message is not None:
        assert str(err) == message and err.problem == message.split(": ", 1)[1]


def test_history_error_wording_without_row_or_with_a_file():
    assert str(InvalidHistoryError("p", field="code")) == "History field 'code': p"
    assert str(InvalidHistoryError("p", file="h.csv")) == "History h.csv: p"
    assert str(InvalidHistoryError("p")) == "History: p"


@pytest.mark.parametrize("row, want", [
    ({"date": "2026-01-02", "code": " d4341 ", "area": "UR"}, ("D4341", None, "UR", "maxillary", None)),
    ({"date": "2026-01-02", "code": "D4341", "area": "30"}, ("D4341", None, "LL", "mandibular", None)),
    ({"date": "2026-01-02", "code": "D4341", "quadrant": "lower right"}, ("D4341", None, "LR", "mandibular", None)),
    ({"date": "2026-01-02", "code": "D0120", "area": "02"}, ("D0120", None, None, "mandibular", None)),
    ({"date": "2026-01-02", "code": "D0120", "area": "01", "quadrant": "", "arch": None},
     ("D0120", None, None, "maxillary", None)),
    ({"date": "2026-01-02", "code": "D0120", "arch": "L", "area": "00"}, ("D0120", None, None, "mandibular", None)),
    ({"date": "2026-01-02", "code": "D1351", "tooth": "19"}, ("D1351", "19", "LL", "mandibular", None)),
    ({"date": "2026-01-02", "code": "D1351", "tooth": 3, "tooth_system": ""}, ("D1351", "3", "UR", "maxillary", None)),
    ({"date": "2026-01-02", "code": "D1351", "tooth": "16", "tooth_system": " fdi "}, ("D1351", "3", "UR", "maxillary", None)),
    ({"date": "2026-01-02", "code": "D1351", "tooth": "", "surfaces": "MO"}, ("D1351", None, None, None, None)),
    ({"date": "2026-01-02", "code": "D5120"}, ("D5120", None, None, "mandibular", None)),
    ({"date": "2026-01-02", "code": "D5120", "arch": "U"}, ("D5120", None, None, "maxillary", None)),
    ({"date": "2026-01-02", "code": "D1110", "provider": " 1234 "}, ("D1110", None, None, None, "1234")),
    ({"date": "2026-01-02", "code": "D1110", "provider": 42}, ("D1110", None, None, None, "42")),
    ({"date": "2026-01-02", "code": "D1110", "provider": ""}, ("D1110", None, None, None, None)),
    ({"date": "2026-01-02", "code": "D1110", "area": "", "quadrant": "", "arch": ""}, ("D1110", None, None, None, None)),
])
def test_a_history_row_reads_as_a_service(row, want):
    [s] = read_history([row])
    assert (s.code, s.tooth, s.quadrant, s.arch, s.provider) == want
    assert (s.date, s.row, s.line) == (D(2026, 1, 2), 1, None) and s.where() == "history row 1"


def test_history_in_fdi_by_default():
    [s] = read_history([{"date": "2026-01-02", "code": "D1351", "tooth": "16"}], "FDI")
    assert s.tooth == "3"
    assert read_history(None) == [] and read_history(()) == []


def test_history_files_say_what_is_wrong(tmp_path):
    cases = {
        "bad.json": ("{", "not valid JSON ("), "dict.json": ('{"rows": []}', 'a history file holds a list of services or {"history": [...]}.'),
        "num.json": ("5", 'a history file holds a list of services or {"history": [...]}.'),
        "latin.csv": ("date,code\n2026-01-01,D1110 \u00e9\n".encode("latin-1"), "it is not UTF-8 text."),
        "missing.json": (None, "cannot read it (No such file or directory)."),
        "nocode.csv": ("date\n2026-01-01\n", "the first row names the columns; date and code are required (known: date, "
                       "code, tooth, surfaces, area, quadrant, arch, provider, tooth_system)."),
        "wide.csv": ("date,code\n2026-01-02,D1110,extra\n", "this row has more cells than the header."),
        # rows count services after the header, as every other history error does; blank lines are no rows
        "wide2.csv": ("date,code\n2026-01-02,D1110\n\n2026-01-03,D1110,x\n", "this row has more cells than the header."),
        "bad.csv": ("date,code,colour\n2026-01-02,D1110,red\n",
                    "unknown column 'colour'; the columns are date, code, tooth, surfaces, area, quadrant, arch, "
                    "provider, tooth_system."),
    }
    for name, (content, problem) in cases.items():
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        elif content is not None:
            path.write_text(content)
        with pytest.raises(InvalidHistoryError) as exc:
            load_history_file(str(path))
        err = exc.value
        assert err.file == str(path) and err.field is None, name
        row = {"wide.csv": 1, "wide2.csv": 2}.get(name)
        where = f"History {path}" + (f", row {row}" if row else "")
        assert str(err).startswith(f"{where}: {problem}"), (name, str(err))
        assert err.row == row


def test_history_files_read_as_rows(tmp_path):
    (tmp_path / "h.json").write_text(json.dumps([{"date": "2026-01-02", "code": "D1110"}]))
    assert load_history_file(str(tmp_path / "h.json")) == [{"date": "2026-01-02", "code": "D1110"}]
    (tmp_path / "h.JSON").write_text(json.dumps({"history": [], "x": 1}))
    with pytest.raises(InvalidHistoryError):
        load_history_file(str(tmp_path / "h.JSON"))
    (tmp_path / "h.CSV").write_text("\ufeffDate , Code,Provider\n2026-01-02, D1110 ,  \n")
    assert load_history_file(str(tmp_path / "h.CSV")) == [{"date": "2026-01-02", "code": "D1110"}]


# --- the claim's own lines as services ------------------------------------------------------
ARCH_PROFILE = '''
[[limit]]
id = "per-arch"
codes = ["D4341"]
count = 1
per = "arch"
months = 24
source = "a test grid"
'''


@pytest.mark.parametrize("before, now, blocked", [
    ("UL", "UR", True), ("UL", "LR", False), ("LL", "LR", True), ("LR", "UL", False),
])
def test_a_claim_lines_arch_comes_from_its_quadrant(tmp_path, before, now, blocked):
    path = tmp_path / "arch.toml"
    path.write_text(ARCH_PROFILE)
    found = cdt_data.check([{"code": "D4341", "quadrant": now, "date": "2026-03-01"}],
                           history=[{"date": "2025-03-01", "code": "D4341", "quadrant": before}], profile=str(path))
    assert ("frequency.per-arch" in [f.rule for f in found]) is blocked


def test_claim_lines_count_with_their_line_number():
    found = cdt_data.check([{"code": "D4341", "quadrant": "UR", "date": "2026-03-01"},
                            {"code": "D4342", "tooth": "3", "date": "2026-03-01"}], history=[])
    [f] = [f for f in found if f.rule == "frequency.root-planing"]
    assert f.lines == (1, 0) and "(claim line 1)" in f.message and f.codes == ("D4342", "D4341")


# --- eligibility ----------------------------------------------------------------------------
def test_eligibility_to_dict():
    h = [{"date": "2026-01-02", "code": "D1110"}]
    later = cdt_data.eligibility("D1110", h, on=D(2026, 3, 1), profile="sample-plan")
    assert later.to_dict() == {"code": "D1110", "on": "2026-03-01", "eligible": False, "next_date": "2026-07-03",
                               "reasons": [later.reasons[0].to_dict()]}
    now = cdt_data.eligibility("d1110", h, on=D(2026, 7, 3), profile="sample-plan")
    assert now == Eligibility("D1110", D(2026, 7, 3), True, None, ())
    assert now.to_dict() == {"code": "D1110", "on": "2026-07-03", "eligible": True, "next_date": None, "reasons": []}


def test_eligibility_never_again_names_its_reasons():
    h = [{"date": "2019-05-01", "code": "D4355"}]
    e = cdt_data.eligibility("D4355", h, on=D(2026, 3, 1), profile="sample-plan")
    assert (e.code, e.on, e.eligible, e.next_date) == ("D4355", D(2026, 3, 1), False, None)
    assert [f.rule for f in e.reasons] == ["frequency.fmd"]


def test_eligibility_defaults_to_today_and_checks_the_date():
    e = cdt_data.eligibility("D1110", [], profile="sample-plan")
    assert e.on == dt.date.today() and e.eligible is True
    for bad in ("2026-03-01", dt.datetime(2026, 3, 1, 9, 0)):
        with pytest.raises(cdt_data.InvalidQueryError) as exc:
            cdt_data.eligibility("D1110", [], on=bad)
        assert str(exc.value) == f"on is a datetime.date, not {bad!r}."


def test_eligibility_reads_quadrant_arch_and_age(tmp_path):
    h = [{"date": "2025-03-01", "code": "D4341", "quadrant": "UR"}]
    assert not cdt_data.eligibility("D4341", h, on=D(2026, 3, 1), quadrant="UR").eligible
    assert cdt_data.eligibility("D4341", h, on=D(2026, 3, 1), quadrant="UL").eligible
    path = tmp_path / "arch.toml"
    path.write_text(ARCH_PROFILE.replace("D4341", "D9944"))
    h = [{"date": "2025-03-01", "code": "D9944", "arch": "U"}]
    assert not cdt_data.eligibility("D9944", h, on=D(2026, 3, 1), arch="U", profile=str(path)).eligible
    assert cdt_data.eligibility("D9944", h, on=D(2026, 3, 1), arch="L", profile=str(path)).eligible
    old = cdt_data.eligibility("D1351", [], on=D(2026, 3, 1), tooth="3", patient_age=15, profile="sample-plan")
    assert (old.eligible, old.next_date, [f.rule for f in old.reasons]) == (False, None, ["frequency.sealant-age"])
    assert cdt_data.eligibility("D1351", [], on=D(2026, 3, 1), tooth="3", patient_age=14, profile="sample-plan").eligible


def test_eligibility_without_history_still_reads_the_profile():
    # no history is an empty history: the common profile's age limit still stands
    e = cdt_data.eligibility("D1351", None, on=D(2026, 3, 1), tooth="3", patient_age=20)
    assert not e.eligible and [f.rule for f in e.reasons] == ["frequency.sealant-age"]


def test_eligibility_ignores_what_is_not_a_limit(tmp_path):
    # a line without its quadrant is an error of the claim, not of coverage
    assert cdt_data.eligibility("D4341", [], on=D(2026, 3, 1)).eligible
    # a profile that reports limits as information does not block
    path = tmp_path / "soft.toml"
    path.write_text('[profile]\nseverity = "info"\n' + L)
    h = [{"date": "2026-01-02", "code": "D1110"}]
    assert cdt_data.eligibility("D1110", h, on=D(2026, 3, 1), profile=str(path)).eligible


def test_eligibility_steps_through_a_chain_of_limits_twelve_times_at_most(tmp_path):
    path = tmp_path / "monthly.toml"
    path.write_text(L.replace("months = 6", "months = 1"))

    def chain(n):   # one service a month from 1 January: each next date lands on the next service
        h = [{"date": D(2026, 1 + m, 1).isoformat() if m < 12 else D(2027, m - 11, 1).isoformat(), "code": "D1110"}
             for m in range(n)]
        return cdt_data.eligibility("D1110", h, on=D(2026, 1, 1), profile=str(path))
    e = chain(11)
    assert (e.eligible, e.next_date) == (False, D(2026, 12, 1))
    assert chain(11).reasons[0].next_date == D(2026, 2, 1)   # the first reason is the first obstacle
    e = chain(12)   # the search gives up after twelve steps rather than walk on for ever
    assert (e.code, e.on, e.eligible, e.next_date) == ("D1110", D(2026, 1, 1), False, None)
    assert e.reasons and e.reasons[0].next_date == D(2026, 2, 1)


# --- what each kind of profile finding says -----------------------------------------------
EVERY_KIND = '''
[[limit]]
id = "t"
codes = ["D1351"]
count = 1
per = "tooth"
months = 36
source = "plan grid"
note = "A note."
[[limit]]
id = "q"
codes = ["D4341", "D4342"]
count = 1
per = "quadrant"
months = 24
source = "plan grid"
[[limit]]
id = "a"
codes = ["D5110"]
count = 1
per = "arch"
months = 60
source = "plan grid"
[[replacement]]
id = "rep"
codes = ["D2740"]
months = 60
source = "plan grid"
[[limit]]
id = "p"
codes = ["D9310"]
count = 1
per = "provider"
period = "calendar-year"
source = "plan grid"
[[limit]]
id = "life"
codes = ["D4355"]
count = 2
period = "lifetime"
source = "plan grid"
[[age]]
id = "old"
codes = ["D4910"]
at_least = 18.5
source = "plan grid"
[[age]]
id = "young"
codes = ["D1206"]
under = 15
source = "plan grid"
[[same_day]]
id = "sd"
codes = ["D1110"]
with = ["D4341", "D4342"]
source = "plan grid"
[[alternate_benefit]]
id = "alt"
codes = ["D2391"]
paid_as = ["D2140", "D2150"]
source = "plan grid"
'''
EVERY_HISTORY = [
    {"date": "2025-01-02", "code": "D1351", "tooth": "3"}, {"date": "2025-01-02", "code": "D4341", "quadrant": "UR"},
    {"date": "2022-01-02", "code": "D5110"}, {"date": "2022-01-02", "code": "D2740", "tooth": "30"},
    {"date": "2026-01-02", "code": "D9310", "provider": "77"}, {"date": "2026-03-01", "code": "D4342", "quadrant": "LL"},
    {"date": "2019-05-01", "code": "D4355"}, {"date": "2020-05-01", "code": "D4355"},
]
EVERY_LINE = [
    {"code": "D1351", "tooth": "3"}, {"code": "D4342", "quadrant": "UR"}, {"code": "D5110"}, {"code": "D2740", "tooth": "30"},
    {"code": "D9310", "provider": "77"}, {"code": "D4910"}, {"code": "D1206"}, {"code": "D1110"},
    {"code": "D2391", "tooth": "30", "surfaces": "O"}, {"code": "D4355"},
]
VARIES = "Plans set these limits; the common profile gives widely published norms, a practice's own profile gives its payer's."


def test_every_kind_of_profile_finding_word_for_word(tmp_path):
    path = tmp_path / "every.toml"
    path.write_text(EVERY_KIND)
    lines = [dict(line, date="2026-03-01") for line in EVERY_LINE]
    found = [f for f in cdt_data.check(lines, history=EVERY_HISTORY, profile=str(path), patient_age=15.0)
             if f.rule.startswith(("frequency.", "benefit."))]
    want = [
        ("frequency.t", "warning", ("D1351",), (0,), "D1351 for tooth 3 on 2026-03-01: 1 of this service per 36 months "
         "already used (D1351 on 2025-01-02 (history row 1)); covered again from 2028-01-02.", "A note. " + VARIES,
         D(2028, 1, 2)),
        ("frequency.q", "warning", ("D4342", "D4341"), (1,), "D4342 in the UR quadrant on 2026-03-01: 1 of the q group "
         "per 24 months already used (D4341 on 2025-01-02 (history row 2)); covered again from 2027-01-02.", VARIES,
         D(2027, 1, 2)),
        ("frequency.a", "warning", ("D5110",), (2,), "D5110 on the maxillary arch on 2026-03-01: 1 of this service per "
         "60 months already used (D5110 on 2022-01-02 (history row 3)); covered again from 2027-01-02.", VARIES,
         D(2027, 1, 2)),
        ("frequency.rep", "warning", ("D2740",), (3,), "D2740 for tooth 30 on 2026-03-01 replaces D2740 on 2022-01-02 "
         "(history row 4) within 60 months; covered again from 2027-01-02.", VARIES, D(2027, 1, 2)),
        ("frequency.p", "warning", ("D9310",), (4,), "D9310 by provider 77 on 2026-03-01: 1 of this service per calendar "
         "year already used (D9310 on 2026-01-02 (history row 5)); covered again from 2027-01-01.", VARIES, D(2027, 1, 1)),
        ("frequency.old", "warning", ("D4910",), (5,), "D4910 is covered under this profile from age 18.5; the patient "
         "is 15.", VARIES, None),
        ("frequency.young", "warning", ("D1206",), (6,), "D1206 is covered under this profile only below age 15; the "
         "patient is 15.", VARIES, None),
        ("frequency.sd", "warning", ("D1110", "D4342"), (7, 1), "D1110 is not paid on the same date as D4342 (history "
         "row 6), D4342 (claim line 2) under this profile.", VARIES, None),
        ("frequency.life", "warning", ("D4355",), (9,), "D4355 on 2026-03-01: 2 of this service per lifetime already "
         "used (D4355 on 2019-05-01 (history row 7), D4355 on 2020-05-01 (history row 8)); not covered again under "
         "this profile.", VARIES, None),
        ("benefit.alt", "info", ("D2391",), (8,), "D2391 may be paid at the fee of D2140, D2150 (an alternate benefit); "
         "the patient owes the difference.", VARIES, None),
    ]
    assert [(f.rule, f.severity, f.codes, f.lines, f.message, f.rationale, f.next_date) for f in found] == want
    assert {(f.source, f.suggestion, f.varies_by_payer) for f in found} == {("plan grid (profile every)", None, True)}


@pytest.mark.parametrize("age, fires", [(18.49, "frequency.old"), (18.5, None), (14.5, "frequency.old")])
def test_a_profile_age_from_at_least(tmp_path, age, fires):
    path = tmp_path / "every.toml"
    path.write_text(EVERY_KIND)
    found = [f for f in cdt_data.check([{"code": "D4910", "date": "2026-03-01"}], history=[], profile=str(path),
                                       patient_age=age) if f.rule.startswith("frequency.")]
    assert [f.rule for f in found] == ([fires] if fires else [])
    if fires:
        assert found[0].message.endswith(f"the patient is {age:g}.")


def test_two_lines_of_one_date_count_in_line_order():
    # the second line is the repeat; a history service of that date is older than both
    lines = [{"code": "D1110", "date": "2026-03-01"}, {"code": "D1110", "date": "2026-03-01"}]
    [f] = [f for f in cdt_data.check(lines, history=[], profile="sample-plan") if f.rule == "frequency.prophylaxis"]
    assert f.lines == (1, 0) and "(claim line 1)" in f.message
    found = [f for f in cdt_data.check(lines, history=[{"date": "2026-03-01", "code": "D1120"}], profile="sample-plan")
             if f.rule == "frequency.prophylaxis"]
    assert [f.lines for f in found] == [(0,), (1, 0)]
    assert "(history row 1)" in found[0].message and "(claim line 1)" in found[1].message


def test_an_old_service_does_not_hide_a_recent_one():
    history = [{"date": "2019-01-10", "code": "D1110"}, {"date": "2026-01-10", "code": "D1110"}]
    [f] = [f for f in cdt_data.check([{"code": "D1110", "date": "2026-03-01"}], history=history, profile="sample-plan")
           if f.rule.startswith("frequency.")]
    assert "2026-01-10 (history row 2)" in f.message and "2019" not in f.message


def test_the_history_takes_the_claims_tooth_system():
    found = cdt_data.check([{"code": "D1351", "tooth": "16", "date": "2026-03-01"}], tooth_system="FDI",
                           history=[{"date": "2024-03-01", "code": "D1351", "tooth": "16"}], patient_age=10)
    assert [f.rule for f in found if f.rule.startswith("frequency.")] == ["frequency.sealants"]


def test_a_calendar_year_limit_ignores_the_benefit_year(tmp_path):
    path = tmp_path / "july.toml"
    path.write_text('[profile]\nbenefit_year_start = 7\n' + L.replace("months = 6", 'period = "calendar-year"'))
    history = [{"date": "2026-03-01", "code": "D1110"}]
    found = cdt_data.check([{"code": "D1110", "date": "2026-08-01"}], history=history, profile=str(path))
    assert [f.next_date for f in found if f.rule == "frequency.x"] == [D(2027, 1, 1)]
    assert Period("calendar-year", start_month=7).year_start(D(2026, 3, 1)) == D(2026, 1, 1)
    assert Period("days", 90, True).describe() == "90 days plus one day"


@pytest.mark.parametrize("text", [
    A.replace("under = 15", "at_least = 0"), A.replace("under = 15", "under = 130"),
    A.replace("under = 15", "at_least = 129.5\nunder = 130"),
    L.replace("months = 6", "months = 1200"), L.replace("months = 6", "days = 36500"), L.replace("months = 6", "days = 1"),
    L.replace('source = "a test grid"', 'source = " abcde "'),
    "[profile]\nbenefit_year_start = 12\n", "[profile]\nbenefit_year_start = 1\n",
])
def test_values_at_the_edge_of_what_a_profile_accepts(text):
    parse(text.encode(), "f.toml", "f")


def test_a_benefit_year_starts_in_january_unless_told():
    p = parse(L.replace("months = 6", 'period = "benefit-year"').encode(), "f.toml", "f")
    assert p.limits[0].period == Period("benefit-year", start_month=1)


def test_load_tells_paths_from_names(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CDT_PROFILES_DIR", str(tmp_path / "none"))
    (tmp_path / "plain").write_text(L)
    (tmp_path / "dotted.toml").write_text(L)
    assert payer_profiles.load(pathlib.Path("plain")).name == "plain"      # a Path is a path, suffix or not
    assert payer_profiles.load("dotted.toml").name == "dotted"             # so is a name ending in .toml
    with pytest.raises(ProfileError):
        payer_profiles.load("plain")                                       # a bare name is looked up by name


def test_files_of_equal_age_are_kept_apart(monkeypatch, tmp_path):
    monkeypatch.setenv("CDT_PROFILES_DIR", str(tmp_path))
    for name, rid in (("one", "a"), ("two", "b")):
        (tmp_path / f"{name}.toml").write_text(L.replace('"x"', f'"{rid}"'))
        os.utime(tmp_path / f"{name}.toml", ns=(1, 10**18))
    assert [payer_profiles.load(n).limits[0].id for n in ("one", "two")] == ["a", "b"]
    assert payer_profiles.load("one").path == str(tmp_path / "one.toml")
    assert [payer_profiles.load(tmp_path / f"{n}.toml").limits[0].id for n in ("one", "two")] == ["a", "b"]


def test_shipped_profiles_load_from_the_package(monkeypatch):
    monkeypatch.setattr(payer_profiles, "_cache", {})
    for name in payer_profiles.SHIPPED:
        p = payer_profiles.load(name)
        assert (p.name, p.path) == (name, f"cdt_data/profiles/{name}.toml") and p.rule_count > 5


def test_parse_defaults_name_the_source_as_unknown():
    p = parse(b"")
    assert (p.name, p.path) == ("profile", "<profile>")
    with pytest.raises(ProfileError) as exc:
        parse(b"[extras]\n")
    assert exc.value.file == "<profile>"
