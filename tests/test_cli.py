"""The `cdt` command: output, --json, exit statuses, and no traceback on bad input."""
import csv
import io
import json
import subprocess
import sys

import pytest

import cdt_data
from cdt_data.cli import main


def run(capsys, *argv):
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_show_reads_like_a_page(capsys):
    status, out, err = run(capsys, "show", "d0371")
    assert status == 0 and err == ""
    assert out.startswith("D0371  ") and "Often confused with:" in out and "D0310" in out


def test_show_json_is_the_record(capsys):
    status, out, _ = run(capsys, "show", "D0371", "--json")
    assert status == 0 and json.loads(out) == cdt_data.get("D0371").to_dict()


def test_show_unknown_code_suggests(capsys):
    status, out, err = run(capsys, "show", "D0379")
    assert status == 1
    assert err.startswith("D0379 is not a CDT code. Did you mean ") and "D0371" in err


def test_show_unknown_json(capsys):
    status, out, _ = run(capsys, "show", "D0379", "--json")
    assert status == 1 and json.loads(out)["suggestions"][0].startswith("D037")


def test_show_deleted_code_says_so(capsys):
    status, out, _ = run(capsys, "show", "D9248")
    assert status == 0 and "[DELETED]" in out and "D9244" in out


@pytest.mark.parametrize("argv", [["show", "hello"], ["show", "D03711"], ["search", "x" * 600],
                                  ["search", "crown", "--limit", "0"], ["export", "--category", "Hats"],
                                  ["search", "crown", "--category", "Hats"]])
def test_bad_input_exits_2_with_a_message(capsys, argv):
    status, out, err = run(capsys, *argv)
    assert status == 2 and err.startswith("cdt: ") and "Traceback" not in err


@pytest.mark.parametrize("argv", [[], ["frobnicate"], ["search"], ["search", "x", "--limit", "many"]])
def test_usage_errors_exit_2(capsys, argv):
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
    assert "usage:" in capsys.readouterr().err


def test_search_lists_d0371_first(capsys):
    status, out, _ = run(capsys, "search", "salivary gland endoscope")
    assert status == 0 and out.splitlines()[0].startswith("D0371  ")


def test_search_json_and_nothing_found(capsys):
    status, out, _ = run(capsys, "search", "deep", "cleaning", "--json")
    assert status == 0 and json.loads(out)[0]["code"] in ("D4341", "D4342")
    status, out, err = run(capsys, "search", "qqqqzzzz")
    assert status == 1 and out == "" and "No code matches" in err


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv"])
def test_export_formats_hold_every_record(capsys, fmt):
    status, out, _ = run(capsys, "export", "--format", fmt)
    assert status == 0
    if fmt == "json":
        rows = json.loads(out)
    elif fmt == "jsonl":
        rows = [json.loads(line) for line in out.splitlines()]
    else:
        rows = list(csv.DictReader(io.StringIO(out)))
        assert json.loads(rows[0]["confused_with"])  # nested fields survive as JSON
    assert len(rows) == len(cdt_data.codes())
    assert {r["code"] for r in rows} == {p.code for p in cdt_data.codes()}


def test_export_to_file_with_deleted(capsys, tmp_path):
    target = tmp_path / "all.jsonl"
    status, _, err = run(capsys, "export", "--format", "jsonl", "--include-deleted", "-o", str(target))
    assert status == 0 and "wrote" in err
    assert len(target.read_text().splitlines()) == len(cdt_data.codes(include_deleted=True))
    status, _, err = run(capsys, "export", "-o", str(tmp_path / "missing" / "x.json"))
    assert status == 2 and "cannot write" in err


def test_validate(capsys):
    status, out, _ = run(capsys, "validate")
    assert status == 0 and out.strip().endswith("0 problem(s)")
    status, out, _ = run(capsys, "validate", "--json")
    assert json.loads(out)["problems"] == []


def test_installed_command_runs_as_a_process():
    out = subprocess.run([sys.executable, "-m", "cdt_data", "show", "nonsense"], capture_output=True, text=True)
    assert out.returncode == 2 and "Traceback" not in out.stderr and out.stderr.startswith("cdt: ")
