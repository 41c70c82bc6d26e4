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
    assert status == 0 and json.loads(out) == cdt_data.get("D0371").to_dict(resolve=True)


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


@pytest.mark.parametrize("argv, words", [
    (["show", "hello"], "'hello' is not a CDT code"), (["show", "D03711"], "'D03711' is not a CDT code"),
    (["search", "x" * 600], "A search query is at most 500 characters; this one has 600"),
    (["search", "crown", "--limit", "0"], "limit is a whole number from 1 to 100, not 0"),
    (["export", "--category", "Hats"], "'Hats' is not a category"),
    (["search", "crown", "--category", "Hats"], "'Hats' is not a category"),
])
def test_bad_input_exits_2_with_a_message(capsys, argv, words):
    # "cdt: " alone starts every error; the message must be this input's own
    status, out, err = run(capsys, *argv)
    assert status == 2 and err.startswith("cdt: " + words) and "Traceback" not in err


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
        first = cdt_data.codes()[0]
        # lists are one item a line, confusions "CODE: difference": readable in a spreadsheet
        assert rows[0]["when_to_use"] == "\n".join(first.when_to_use)
        assert rows[0]["confused_with"].split("\n")[0] == \
            f"{first.confused_with[0].code}: {first.confused_with[0].difference}"
        assert "[" not in rows[0]["keywords"] and "{" not in rows[0]["edition"]
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


def test_csv_export_with_a_bom_for_spreadsheets(capsys):
    status, out, _ = run(capsys, "export", "--format", "csv", "--bom")
    assert status == 0 and out.startswith("\ufeffcode,")
    status, out, _ = run(capsys, "export", "--format", "csv")
    assert out.startswith("code,")


@pytest.mark.parametrize("argv", [["export", "--format", "csv", "--json"],
                                  ["export", "--format", "jsonl", "--json"],
                                  ["export", "--format", "jsonl", "--bom"]])
def test_export_refuses_options_that_contradict_the_format(capsys, argv):
    status, out, err = run(capsys, *argv)
    assert status == 2 and out == "" and "cdt:" in err


def test_show_reports_a_malformed_code_and_still_shows_the_others(capsys):
    status, out, err = run(capsys, "show", "D0371", "D03X1", "D1110")
    assert status == 2
    assert "D03X1" in err and out.count("Edition history:") == 2
    assert out.startswith("D0371  ") and "\nD1110  " in out


def test_show_json_reports_each_bad_code_in_place(capsys):
    status, out, _ = run(capsys, "show", "D0371", "D03X1", "D0379", "--json")
    items = json.loads(out)
    assert status == 2
    assert [i.get("error", i.get("code")) for i in items] == ["D0371", "malformed_code", "unknown_code"]


@pytest.mark.parametrize("argv, kind", [
    (["search", "x", "--limit", "0", "--json"], "bad_query"),
    (["search", "--json"], "usage"),
    (["show", "--json"], "usage"),
    (["export", "--category", "Nope", "--json"], "bad_query"),
])
def test_every_error_is_json_under_json(capsys, argv, kind):
    status, out, err = run(capsys, *argv) if kind != "usage" else _usage(capsys, argv)
    assert status == 2 and json.loads(out)["error"] == kind and json.loads(out)["message"]


def _usage(capsys, argv):
    with pytest.raises(SystemExit) as exc:
        main(argv)
    out, err = capsys.readouterr()
    return exc.value.code, out, err


def test_show_does_not_split_words_at_hyphens(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "40")
    status, out, _ = run(capsys, "show", "D4341")
    assert status == 0
    words = {w for line in out.splitlines() for w in line.split()}
    broken = [line for line in out.splitlines() if line.rstrip().endswith("-") and not line.rstrip().endswith(" -")]
    assert broken == [], broken[:3]
    assert any("-" in w for w in words)  # the record has hyphenated words, so the test can fail


def test_show_has_edition_history_questions_and_plan_notes(capsys):
    status, out, _ = run(capsys, "show", "D4322")
    assert "Edition history: Added in CDT 2022." in out
    p = cdt_data.get("D4322")
    if p.faq:
        assert "Questions:\n  Q: " in out
    status, out, _ = run(capsys, "show", "D9248")
    assert "deleted in CDT 2026; replaced by D9244" in out


def test_confusions_do_not_repeat_the_code(capsys):
    status, out, _ = run(capsys, "show", "D0371")
    assert "D0310: D0310" not in out and "D0310" in out
