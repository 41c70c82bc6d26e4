"""`cdt check`: readable output grouped by line, --json, --file, exit statuses, no tracebacks."""
import json
import subprocess
import sys

import pytest

import cdt_data
from cdt_data.cli import main


def run(capsys, *argv):
    try:
        status = main(list(argv))
    except SystemExit as exc:   # argparse rejects the arguments
        status = exc.code
    out, err = capsys.readouterr()
    return status, out, err


def test_codes_and_age(capsys):
    status, out, err = run(capsys, "check", "D1110", "D4341", "--age", "9")
    assert status == 1 and err == ""
    assert out.startswith("Line 1  D1110\n")
    assert "Line 2  D4341" in out and "ERROR   D4341 is reported per quadrant" in out
    assert "-> use D1120" in out and "[age.adult-prophylaxis-child]" in out
    assert out.rstrip().endswith("1 error(s), 2 warning(s), 0 note(s).")


def test_clean_claim_exits_zero(capsys):
    status, out, _ = run(capsys, "check", "D0120", "D1110", "--age", "40")
    assert status == 0 and "Line 1  D0120  - ok" in out and "No findings" in out


def test_warnings_alone_exit_zero(capsys):
    status, out, _ = run(capsys, "check", "D0120", "D0150")
    assert status == 0 and "WARNING" in out and "Line 2  D0150  - see line 1" in out


def test_tooth_and_surfaces_in_a_code_argument(capsys):
    status, out, _ = run(capsys, "check", "D2392@30:MOD", "--date", "2026-03-04")
    assert status == 1
    assert "Line 1  D2392 tooth 30 surfaces MOD date 2026-03-04" in out
    assert "MOD on #30 is 3 surfaces: D2393, not D2392." in out


def test_fdi_option(capsys):
    assert run(capsys, "check", "D3330@36", "--tooth-system", "FDI")[0] == 0
    status, out, _ = run(capsys, "check", "D3330@36")
    assert status == 1 and "tooth.invalid" in out


def test_json_is_the_findings(capsys):
    status, out, _ = run(capsys, "check", "D2392@30:MOD", "D0371", "D0310", "--json")
    expected = cdt_data.check([{"code": "D2392", "tooth": "30", "surfaces": "MOD"}, {"code": "D0371"}, {"code": "D0310"}])
    assert status == 1 and json.loads(out) == {"findings": [f.to_dict() for f in expected]}


def test_sample_claim_file(capsys, root):
    status, out, _ = run(capsys, "check", "--file", str(root / "docs" / "examples" / "claim.json"))
    assert status == 1
    for text in ("Line 5  D2392 tooth 30 surfaces MOD", "D2393", "D1352 was deleted", "no D0220",
                 "D0999 is a by-report code", "D0371 and D0310 are often confused", "at age 9"):
        assert text in out, text


def test_sample_claim_file_as_json(capsys, root):
    path = root / "docs" / "examples" / "claim.json"
    status, out, _ = run(capsys, "check", "--file", str(path), "--json")
    claim = json.loads(path.read_text())
    expected = cdt_data.check(claim["lines"], patient_age=claim["patient"]["age"])
    assert status == 1 and json.loads(out)["findings"] == [f.to_dict() for f in expected]


def test_age_option_overrides_the_file(capsys, root):
    path = str(root / "docs" / "examples" / "claim.json")
    _, out, _ = run(capsys, "check", "--file", path, "--age", "30", "--json")
    rules = {f["rule"] for f in json.loads(out)["findings"]}
    assert "age.adult-prophylaxis-child" not in rules


def test_bare_list_file(capsys, tmp_path):
    path = tmp_path / "lines.json"
    path.write_text(json.dumps([{"code": "D0120"}, {"code": "D1110"}]))
    status, out, _ = run(capsys, "check", "-f", str(path))
    assert status == 0 and "No findings" in out


@pytest.mark.parametrize("content, words", [
    ("{not json", "not valid JSON"),
    ('"D0120"', "neither a claim object nor a list"),
    ('{"lines": [], "payer": "x"}', "unknown key 'payer'"),
    ('{"lines": [], "patient": 9}', "patient is an object"),
    ('{"lines": [{"code": "D0120", "date": "3/4/26"}]}', "line 1 (index 0), field 'date'"),
    ('{"lines": [{"code": "D0120", "toth": "3"}]}', "field 'toth'"),
    ('{"lines": "D0120"}', "list of objects"),
    ('{"lines": [], "patient": {"age": -4}}', "patient_age"),
])
def test_bad_files_exit_two_with_a_message(capsys, tmp_path, content, words):
    path = tmp_path / "claim.json"
    path.write_text(content)
    status, out, err = run(capsys, "check", "--file", str(path))
    assert status == 2 and out == "" and words in err and "Traceback" not in err


@pytest.mark.parametrize("argv, words", [
    (["check"], "give one or more CODE"),
    (["check", "D0120", "--file", "x.json"], "not both"),
    (["check", "--file", "/nonexistent/claim.json"], "cannot read"),
    (["check", "D0120", "--date", "yesterday"], "field 'date'"),
    (["check", "D0120", "--age", "old"], "invalid float value"),
    (["check", "D0120", "--tooth-system", "Palmer"], "invalid choice"),
])
def test_bad_arguments_exit_two(capsys, argv, words):
    status, out, err = run(capsys, *argv)
    assert status == 2 and words in err and "Traceback" not in err


def test_entry_point_runs(root):
    r = subprocess.run([sys.executable, "-m", "cdt_data", "check", "--file", "docs/examples/claim.json", "--json"],
                       cwd=root, capture_output=True, text=True)
    assert r.returncode == 1 and r.stderr == ""
    assert {f["severity"] for f in json.loads(r.stdout)["findings"]} == {"error", "warning", "info"}


@pytest.mark.parametrize("token, key, value", [
    ("D4341@UR", "quadrant", "UR"), ("D4341@10", "quadrant", "UR"), ("D4341@30", "quadrant", "LL"),
    ("D5110@U", "arch", "maxillary"), ("D5110@01", "arch", "maxillary"),
    ("D2392@30:MOD", "tooth", "30"), ("D7140@10", "tooth", "10"), ("D9110@10", "tooth", "10"),
])
def test_code_arguments_take_area_the_way_the_claim_form_writes_it(token, key, value):
    from cdt_data.claim_cli import _line_from_token
    from cdt_data.claim_input import read_line
    line = read_line(0, _line_from_token(token, None), "Universal")
    got = {"quadrant": line.quadrant, "arch": line.arch, "tooth": line.tooth and line.tooth.label.lstrip("#")}[key]
    assert got == value


def test_the_readme_check_needs_no_json_file(capsys):
    status = main(["check", "D1110", "D4341@UR", "--age", "9"])
    out, _ = capsys.readouterr()
    assert status == 0 and "area.missing" not in out and "quadrant UR" not in out and "area UR" in out
    status = main(["check", "D4341", "--age", "40", "--json"])
    out, _ = capsys.readouterr()
    assert status == 1 and json.loads(out)["findings"][0]["rule"] == "area.missing"


@pytest.mark.parametrize("argv", [["check", "--json"], ["check", "D0120", "--file", "x.json", "--json"]])
def test_usage_errors_are_json_under_json(capsys, argv):
    status = main(argv)
    out, _ = capsys.readouterr()
    assert status == 2 and json.loads(out)["error"] == "usage"
