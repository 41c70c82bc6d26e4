"""Frequency, age, same-day and replacement limits against a patient's history, scenario by
scenario, each written from the source its profile rule cites."""
import datetime as dt
import json

import pytest

import cdt_data
from cdt_data import InvalidClaimError
from cdt_data.cli import main

D = dt.date


def freq(findings):
    return [f for f in findings if f.rule.startswith(("frequency.", "benefit."))]


def rules(findings):
    return [f.rule for f in freq(findings)]


def check(lines, history=(), profile=None, **kw):
    return cdt_data.check(lines, history=list(history), profile=profile, **kw)


@pytest.fixture
def write_profile(tmp_path):
    def write(text, name="custom"):
        path = tmp_path / f"{name}.toml"
        path.write_text(text, encoding="utf-8")
        return str(path)
    return write


# --- six months, plus one day, month ends, leap day (sample plan: 1 per 6 months + 1 day) ------
@pytest.mark.parametrize("prior, on, blocked, next_date", [
    ("2026-01-02", "2026-07-02", True, D(2026, 7, 3)),    # exactly six months: not yet
    ("2026-01-02", "2026-07-03", False, None),            # six months plus one day
    ("2025-08-31", "2026-02-28", True, D(2026, 3, 1)),    # month end clamps, then plus one day
    ("2025-08-31", "2026-03-01", False, None),
    ("2027-08-31", "2028-02-29", True, D(2028, 3, 1)),    # leap day
    ("2027-08-31", "2028-03-01", False, None),
    ("2026-01-02", "2026-01-02", True, D(2026, 7, 3)),    # the same day again
])
def test_prophylaxis_six_months_plus_one_day(prior, on, blocked, next_date):
    found = freq(check([{"code": "D1110", "date": on}], [{"date": prior, "code": "D1110"}], "sample-plan"))
    assert bool(found) is blocked
    if blocked:
        assert found[0].rule == "frequency.prophylaxis" and found[0].next_date == next_date
        assert found[0].severity == "error"   # the sample plan's grid is the payer's own word


def test_the_finding_names_the_earlier_service():
    [f] = freq(check([{"code": "D1120", "date": "2026-03-01"}], [{"date": "2026-01-02", "code": "D1110"}],
                     "sample-plan"))
    assert "D1110 on 2026-01-02 (history row 1)" in f.message and "2026-07-03" in f.message
    assert f.to_dict()["next_date"] == "2026-07-03" and f.varies_by_payer
    assert "sample-plan" in f.source


# --- calendar year vs benefit year -----------------------------------------------------------
def test_two_exams_a_calendar_year_shared_by_three_codes():
    history = [{"date": "2026-02-01", "code": "D0120"}, {"date": "2026-05-01", "code": "D0150"}]
    [f] = freq(check([{"code": "D0180", "date": "2026-09-01"}], history))
    assert f.rule == "frequency.exams" and f.next_date == D(2027, 1, 1) and f.severity == "warning"
    assert rules(check([{"code": "D0180", "date": "2027-01-01"}], history)) == []


def test_calendar_year_allows_december_then_january():
    assert rules(check([{"code": "D1110", "date": "2027-01-04"}],
                       [{"date": "2026-06-01", "code": "D1110"}, {"date": "2026-12-28", "code": "D1110"}])) == []


@pytest.mark.parametrize("on, blocked", [("2026-06-30", True), ("2026-07-01", False)])
def test_benefit_year_from_july(on, blocked):
    found = freq(check([{"code": "D0274", "date": on}], [{"date": "2026-06-15", "code": "D0272"}], "sample-plan"))
    assert bool(found) is blocked
    if blocked:
        assert found[0].next_date == D(2026, 7, 1)


# --- per patient, tooth, quadrant, arch, provider --------------------------------------------
@pytest.mark.parametrize("line, blocked", [
    ({"code": "D4341", "area": "UL", "date": "2026-03-01"}, False),   # another quadrant
    ({"code": "D4341", "area": "UR", "date": "2026-03-01"}, True),
    ({"code": "D4342", "quadrant": "10", "date": "2026-03-01"}, True),  # shared group, quadrant 10 = UR
    ({"code": "D4341", "area": "UR", "date": "2027-03-01"}, False),   # 24 months on
])
def test_root_planing_once_per_quadrant_per_24_months(line, blocked):
    found = freq(check([line], [{"date": "2025-03-01", "code": "D4341", "area": "10"}]))
    assert bool(found) is blocked
    if blocked:
        assert found[0].rule == "frequency.root-planing" and found[0].next_date == D(2027, 3, 1)


def test_a_quadrant_limit_reads_the_quadrant_from_a_tooth():
    found = freq(check([{"code": "D4342", "tooth": "3", "date": "2026-01-01"}],
                       [{"date": "2025-06-01", "code": "D4341", "quadrant": "UR"}]))
    assert rules(found) == ["frequency.root-planing"]


@pytest.mark.parametrize("tooth, blocked", [("3", True), ("14", False)])
def test_sealant_per_tooth(tooth, blocked):
    found = freq(check([{"code": "D1351", "tooth": tooth, "date": "2026-03-01"}],
                       [{"date": "2024-03-01", "code": "D1351", "tooth": "3"}], patient_age=10))
    assert bool(found) is blocked


def test_history_in_fdi_numbering_matches_a_universal_claim():
    history = [{"date": "2024-03-01", "code": "D1351", "tooth": "16", "tooth_system": "FDI"}]  # FDI 16 = #3
    assert rules(check([{"code": "D1351", "tooth": "3", "date": "2026-03-01"}], history, patient_age=10)) \
        == ["frequency.sealants"]


def test_a_claim_in_fdi_against_a_universal_history():
    found = cdt_data.check([{"code": "D1351", "tooth": "16", "date": "2026-03-01"}], tooth_system="FDI",
                           history=[{"date": "2024-03-01", "code": "D1351", "tooth": "3", "tooth_system": "Universal"}],
                           patient_age=10)
    assert rules(found) == ["frequency.sealants"]


@pytest.mark.parametrize("code, blocked, next_date", [("D5110", True, D(2027, 1, 10)), ("D5120", False, None)])
def test_denture_replacement_per_arch(code, blocked, next_date):
    found = freq(check([{"code": code, "date": "2026-05-01"}], [{"date": "2022-01-10", "code": "D5110"}]))
    assert bool(found) is blocked
    if blocked:
        assert found[0].rule == "frequency.denture-replacement" and "replaces" in found[0].message
        assert found[0].next_date == next_date


@pytest.mark.parametrize("tooth, on, blocked", [
    ("30", "2026-04-30", True), ("30", "2028-05-01", False), ("30", "2028-04-30", True), ("31", "2026-04-30", False),
])
def test_crown_replacement_five_years_per_tooth(tooth, on, blocked):
    found = freq(check([{"code": "D2750", "tooth": tooth, "date": on}],
                       [{"date": "2023-05-01", "code": "D2740", "tooth": "30"}]))
    assert ("frequency.crown-replacement" in rules(found)) is blocked


def test_limit_per_provider(write_profile):
    path = write_profile('''
[[limit]]
id = "consult"
codes = ["D9310"]
count = 1
per = "provider"
period = "calendar-year"
source = "a test grid"
''')
    history = [{"date": "2026-02-01", "code": "D9310", "provider": "1234567890"}]
    assert rules(check([{"code": "D9310", "date": "2026-05-01", "provider": "1234567890"}], history, path)) \
        == ["frequency.consult"]
    assert rules(check([{"code": "D9310", "date": "2026-05-01", "provider": "9876543210"}], history, path)) == []
    assert rules(check([{"code": "D9310", "date": "2026-05-01"}], history, path)) == []   # unknown provider


def test_two_in_a_rolling_twelve_months(write_profile):
    path = write_profile('''
[[limit]]
id = "two-a-year"
codes = ["D1110"]
count = 2
months = 12
source = "rivoliortho.com/dental-insurance-advice/"
''')
    history = [{"date": "2018-03-02", "code": "D1110"}, {"date": "2018-08-24", "code": "D1110"}]
    [f] = freq(check([{"code": "D1110", "date": "2019-02-01"}], history, path))
    assert f.next_date == D(2019, 3, 2)
    assert rules(check([{"code": "D1110", "date": "2019-03-02"}], history, path)) == []


# --- ages at the birthday -----------------------------------------------------------------
@pytest.mark.parametrize("profile, code, age, blocked", [
    ("common", "D1351", 14, False), ("common", "D1351", 14.99, False), ("common", "D1351", 15, True),
    ("sample-plan", "D1351", 14.5, False), ("sample-plan", "D1351", 15, True),     # through 14
    ("sample-plan", "D1208", 18.9, False), ("sample-plan", "D1208", 19, True),     # through 18
    ("common", "D1351", None, False),                                             # age unknown
])
def test_age_limits_at_the_birthday(profile, code, age, blocked):
    found = [f for f in freq(check([{"code": code, "tooth": "3", "date": "2026-03-01"}], [], profile,
                                   patient_age=age)) if "age" in f.rule]
    assert bool(found) is blocked
    if blocked:
        assert found[0].next_date is None


# --- same day, lifetime, alternate benefits -------------------------------------------------
def test_same_day_exclusion_names_the_other_service():
    found = freq(check([{"code": "D1110", "date": "2026-03-01"}, {"code": "D4341", "area": "UR", "date": "2026-03-01"}],
                       [], "sample-plan"))
    [f] = [f for f in found if f.rule == "frequency.no-prophy-with-srp"]
    assert f.lines == (0, 1) and "D4341 (claim line 2)" in f.message
    history = [{"date": "2026-03-01", "code": "D4342", "quadrant": "LL"}]
    assert "frequency.no-prophy-with-srp" in rules(check([{"code": "D1110", "date": "2026-03-01"}], history, "sample-plan"))
    assert "frequency.no-prophy-with-srp" not in rules(
        check([{"code": "D1110", "date": "2026-03-02"}], history, "sample-plan"))


def test_lifetime_limit_has_no_next_date():
    [f] = freq(check([{"code": "D4355", "date": "2026-03-01"}], [{"date": "2019-05-01", "code": "D4355"}],
                     "sample-plan"))
    assert f.rule == "frequency.fmd" and f.next_date is None and "not covered again" in f.message
    e = cdt_data.eligibility("D4355", [{"date": "2019-05-01", "code": "D4355"}], on=D(2026, 3, 1), profile="sample-plan")
    assert not e.eligible and e.next_date is None


def test_alternate_benefit_is_information():
    [f] = freq(check([{"code": "D2392", "tooth": "30", "surfaces": "MO", "date": "2026-03-01"}]))
    assert f.rule == "benefit.posterior-composite" and f.severity == "info" and "D2140-D2161" in f.message


# --- history and the claim ------------------------------------------------------------------
def test_lines_of_one_claim_count_against_each_other():
    found = freq(check([{"code": "D1110", "date": "2026-01-10"}, {"code": "D1110", "date": "2026-03-01"}],
                       [], "sample-plan"))
    [f] = [f for f in found if f.rule == "frequency.prophylaxis"]
    assert f.lines == (1, 0) and "claim line 1" in f.message


def test_an_undated_line_counts_as_today():
    recent = (dt.date.today() - dt.timedelta(days=30)).isoformat()
    assert rules(check([{"code": "D1110"}], [{"date": recent, "code": "D1110"}], "sample-plan")) == ["frequency.prophylaxis"]


def test_a_deleted_code_in_the_history_counts_in_its_group(write_profile):
    path = write_profile('''
[groups]
sealant-like = ["D1351", "D1352"]
[[limit]]
id = "sealant-like"
group = "sealant-like"
count = 1
per = "tooth"
months = 36
source = "a test grid"
''')
    history = [{"date": "2025-01-10", "code": "D1352", "tooth": "3"}, {"date": "2025-01-10", "code": "D9248"}]
    assert rules(check([{"code": "D1351", "tooth": "3", "date": "2026-03-01"}], history, path)) == ["frequency.sealant-like"]


def test_without_history_or_profile_no_frequency_is_checked():
    lines = [{"code": "D1110", "date": "2026-01-10"}, {"code": "D1110", "date": "2026-02-01"}]
    assert rules(cdt_data.check(lines)) == []
    assert rules(cdt_data.check(lines, profile="sample-plan")) == ["frequency.prophylaxis"]


# --- bad history ---------------------------------------------------------------------------
@pytest.mark.parametrize("history, row, field", [
    ([{"code": "D1110"}], 1, "date"),
    ([{"date": "2026-01-01", "code": "D1110"}, {"date": "01/02/2026", "code": "D1110"}], 2, "date"),
    ([{"date": "2026-01-01", "code": "D0379"}], 1, "code"),
    ([{"date": "2026-01-01", "code": "X123"}], 1, "code"),
    ([{"date": "2026-01-01", "code": "D1351", "tooth": "99"}], 1, "tooth"),
    ([{"date": "2026-01-01", "code": "D1351", "tooth": "3", "tooth_system": "Palmer"}], 1, "tooth_system"),
    ([{"date": "2026-01-01", "code": "D1110", "colour": "x"}], 1, "colour"),
    (["D1110"], 1, None),
])
def test_bad_history_rows_are_named(history, row, field):
    with pytest.raises(cdt_data.InvalidHistoryError) as exc:
        check([{"code": "D1110", "date": "2026-03-01"}], history)
    assert exc.value.row == row and exc.value.field == field and f"row {row}" in str(exc.value)
    assert isinstance(exc.value, InvalidClaimError) and isinstance(exc.value, ValueError)


@pytest.mark.parametrize("history", ["D1110", {"date": "2026-01-01"}, 5])
def test_history_must_be_a_list(history):
    with pytest.raises(cdt_data.InvalidHistoryError):
        cdt_data.check([{"code": "D1110"}], history=history)


# --- profile files: clear errors naming file, rule and field ---------------------------------
GOOD = '''
[[limit]]
id = "x"
codes = ["D1110"]
count = 1
months = 6
source = "a test grid"
'''


@pytest.mark.parametrize("text, rule, field", [
    ("[[limit]\nid=", None, None),                                               # not TOML
    ("[extras]\na = 1\n", None, None),
    (GOOD.replace('source = "a test grid"', ""), "limit[0] (x)", "source"),
    (GOOD.replace("count = 1", "count = 0"), "limit[0] (x)", "count"),
    (GOOD.replace("count = 1", 'count = "1"'), "limit[0] (x)", "count"),
    (GOOD.replace("months = 6", 'months = 6\nperiod = "calendar-year"'), "limit[0] (x)", "period"),
    (GOOD.replace("months = 6", 'period = "calendar-year"\nplus_one_day = true'), "limit[0] (x)", "plus_one_day"),
    (GOOD.replace("months = 6", 'period = "fortnight"'), "limit[0] (x)", "period"),
    (GOOD.replace('codes = ["D1110"]', 'group = "nope"'), "limit[0] (x)", "group"),
    (GOOD.replace('codes = ["D1110"]', 'codes = ["D1120-D1110"]'), "limit[0] (x)", "codes"),
    (GOOD.replace('codes = ["D1110"]', 'codes = ["D0001"]'), "limit[0] (x)", "codes"),
    (GOOD.replace('codes = ["D1110"]', 'codes = ["1110"]'), "limit[0] (x)", "codes"),
    (GOOD.replace('per = ', 'x = ') .replace("count = 1", 'count = 1\nper = "family"'), "limit[0] (x)", "per"),
    (GOOD.replace('id = "x"', 'id = "Bad Id"'), "limit[0]", "id"),
    (GOOD + GOOD, "limit[1] (x)", "id"),
    (GOOD.replace("months = 6", "months = 6\nwindow = 3"), "limit[0] (x)", "window"),
    ('[[age]]\nid = "a"\ncodes = ["D1351"]\nunder = 15\nthrough = 14\nsource = "a test grid"\n', "age[0] (a)", "through"),
    ('[[age]]\nid = "a"\ncodes = ["D1351"]\nunder = 15\nat_least = 16\nsource = "a test grid"\n', "age[0] (a)", "at_least"),
    ('[[age]]\nid = "a"\ncodes = ["D1351"]\nsource = "a test grid"\n', "age[0] (a)", "under"),
    ('[profile]\nbenefit_year_start = 13\n', None, "benefit_year_start"),
    ('[profile]\nseverity = "fatal"\n', None, "severity"),
    ('[[same_day]]\nid = "s"\ncodes = ["D1110"]\nsource = "a test grid"\n', "same_day[0] (s)", "with"),
])
def test_bad_profile_files_say_file_rule_and_field(write_profile, text, rule, field):
    path = write_profile(text)
    with pytest.raises(cdt_data.ProfileError) as exc:
        cdt_data.load_profile(path)
    err = exc.value
    assert err.file == path and err.rule == rule and err.field == field
    assert str(err).startswith(path) and isinstance(err, ValueError)


def test_unknown_profile_names_the_known_ones():
    with pytest.raises(cdt_data.ProfileError) as exc:
        cdt_data.check([{"code": "D1110"}], profile="nobody")
    assert "common" in str(exc.value) and "sample-plan" in str(exc.value)


def test_a_practice_profile_in_its_folder_is_found_by_name(tmp_path, monkeypatch):
    monkeypatch.setenv("CDT_PROFILES_DIR", str(tmp_path))
    (tmp_path / "acme-dental.toml").write_text(GOOD, encoding="utf-8")
    assert "acme-dental" in [p["name"] for p in cdt_data.profiles()]
    assert cdt_data.load_profile("acme-dental").limits[0].id == "x"
    # an edited file is read again, never a stale copy
    (tmp_path / "acme-dental.toml").write_text(GOOD.replace('"x"', '"y"'), encoding="utf-8")
    import os
    os.utime(tmp_path / "acme-dental.toml", ns=(1, 10**18))
    assert cdt_data.load_profile("acme-dental").limits[0].id == "y"


def test_the_shipped_profiles_cite_a_source_for_every_rule():
    for name in ("common", "sample-plan"):
        p = cdt_data.load_profile(name)
        for rule in p.limits + p.ages + p.same_day + p.alternates:
            assert len(rule.source) > 10, (name, rule.id)
    common = cdt_data.load_profile("common")
    assert common.severity == "warning" and "not the rules of any one plan" in common.note


# --- eligibility --------------------------------------------------------------------------
def test_eligible_now_and_eligible_from():
    h = [{"date": "2026-01-02", "code": "D1110"}]
    now = cdt_data.eligibility("D1110", h, on=D(2026, 7, 3), profile="sample-plan")
    assert now.eligible and now.next_date is None and now.reasons == ()
    later = cdt_data.eligibility("D1110", h, on=D(2026, 3, 1), profile="sample-plan")
    assert not later.eligible and later.next_date == D(2026, 7, 3) and later.reasons[0].rule == "frequency.prophylaxis"
    assert later.to_dict()["next_date"] == "2026-07-03"


def test_eligibility_waits_for_every_limit(write_profile):
    path = write_profile('''
[[limit]]
id = "short"
codes = ["D1110"]
count = 1
months = 3
source = "a test grid"
[[limit]]
id = "yearly"
codes = ["D1110"]
count = 2
period = "calendar-year"
source = "a test grid"
''')
    h = [{"date": "2026-02-01", "code": "D1110"}, {"date": "2026-06-01", "code": "D1110"}]
    e = cdt_data.eligibility("D1110", h, on=D(2026, 7, 1), profile=path)
    assert not e.eligible and e.next_date == D(2027, 1, 1)


def test_eligibility_per_tooth_and_bad_input():
    h = [{"date": "2024-03-01", "code": "D1351", "tooth": "3"}]
    assert cdt_data.eligibility("D1351", h, on=D(2026, 3, 1), tooth="14", patient_age=9).eligible
    assert cdt_data.eligibility("D1351", h, on=D(2026, 3, 1), tooth="3", patient_age=9).next_date == D(2029, 3, 1)
    with pytest.raises(cdt_data.InvalidCodeError):
        cdt_data.eligibility("nope", h)
    with pytest.raises(cdt_data.InvalidQueryError):
        cdt_data.eligibility("D1351", h, on="2026-03-01")


# --- files and the command line -------------------------------------------------------------
def test_history_files_json_and_csv(tmp_path):
    from cdt_data.history import load_history_file
    (tmp_path / "h.json").write_text(json.dumps({"history": [{"date": "2026-01-02", "code": "D1110"}]}))
    assert load_history_file(str(tmp_path / "h.json")) == [{"date": "2026-01-02", "code": "D1110"}]
    (tmp_path / "h.csv").write_text("\ufeffDate,Code,Tooth,Area\n2026-01-02,D1110,,\n2025-03-01,D4341,,UR\n",
                                    encoding="utf-8")
    rows = load_history_file(str(tmp_path / "h.csv"))
    assert rows == [{"date": "2026-01-02", "code": "D1110"}, {"date": "2025-03-01", "code": "D4341", "area": "UR"}]
    (tmp_path / "bad.csv").write_text("date,code,colour\n2026-01-02,D1110,red\n")
    with pytest.raises(cdt_data.InvalidHistoryError, match="colour"):
        load_history_file(str(tmp_path / "bad.csv"))
    (tmp_path / "short.csv").write_text("code\nD1110\n")
    with pytest.raises(cdt_data.InvalidHistoryError, match="date and code are required"):
        load_history_file(str(tmp_path / "short.csv"))
    (tmp_path / "wide.csv").write_text("date,code\n2026-01-02,D1110,extra\n")
    with pytest.raises(cdt_data.InvalidHistoryError, match="row 1:"):  # rows count after the header
        load_history_file(str(tmp_path / "wide.csv"))


def run(capsys, *argv):
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_cli_eligible(capsys, tmp_path):
    h = tmp_path / "h.csv"
    h.write_text("date,code\n2026-01-02,D1110\n")
    status, out, _ = run(capsys, "eligible", "D1110", "--history", str(h), "--on", "2026-03-01", "--profile", "sample-plan")
    assert status == 1 and out.startswith("D1110: not on 2026-03-01; eligible from 2026-07-03.")
    status, out, _ = run(capsys, "eligible", "D1110", "--history", str(h), "--on", "2026-07-03", "--profile", "sample-plan")
    assert status == 0 and out.startswith("D1110: eligible on 2026-07-03.")
    status, out, _ = run(capsys, "eligible", "D1110", "--history", str(h), "--on", "2026-03-01", "--json", "--profile", "sample-plan")
    assert json.loads(out)["next_date"] == "2026-07-03"
    status, out, err = run(capsys, "eligible", "D1110", "--on", "March", "--history", str(h))
    assert status == 2 and "--on" in err


def test_cli_check_with_history(capsys, tmp_path):
    h = tmp_path / "h.json"
    h.write_text(json.dumps([{"date": "2025-03-01", "code": "D4341", "area": "UR"}]))
    status, out, _ = run(capsys, "check", "D4341@UR", "--date", "2026-05-01", "--history", str(h))
    assert status == 0 and "frequency.root-planing" in out and "covered again from 2027-03-01" in out
    status, out, _ = run(capsys, "check", "D4341@UR", "--date", "2026-05-01", "--history", str(h),
                         "--profile", "sample-plan", "--json")
    assert status == 1 and json.loads(out)["findings"][0]["next_date"] == "2027-03-01"


def test_cli_profiles(capsys, tmp_path):
    status, out, _ = run(capsys, "profiles", "list")
    assert status == 0 and "common" in out and "sample-plan" in out
    status, out, _ = run(capsys, "profiles", "show", "common", "--json")
    assert status == 0 and json.loads(out)["name"] == "common"
    bad = tmp_path / "bad.toml"
    bad.write_text(GOOD.replace("count = 1", "count = 0"))
    status, out, err = run(capsys, "profiles", "validate", str(bad))
    assert status == 2 and "limit[0] (x)" in err and "'count'" in err
    status, out, err = run(capsys, "profiles", "validate", str(bad), "--json")
    assert status == 2 and json.loads(out)["error"] == "bad_input"
    good = tmp_path / "good.toml"
    good.write_text(GOOD)
    status, out, _ = run(capsys, "profiles", "validate", str(good))
    assert status == 0 and "valid, 1 rules" in out


def test_records_point_to_the_profile_that_holds_their_limits(capsys):
    common = cdt_data.load_profile("common")
    assert common.limits_for("D0180") == ["2 per calendar year per patient (shared with D0120, D0150)."]
    assert common.limits_for("D1351") == ["1 per 60 months per tooth.", "Covered below age 15."]
    assert common.limits_for("D9999") == []
    assert "Not paid on the same day as D4341, D4342." in cdt_data.load_profile("sample-plan").limits_for("D1110")
    status, out, _ = run(capsys, "show", "D0180")
    assert status == 0 and "Limits in the common profile" in out and "(shared with D0120, D0150)" in out
