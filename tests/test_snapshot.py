"""The extension's offline snapshot is generated from cdt_data and kept up to date."""
from __future__ import annotations

import importlib.util
import json
import pathlib
import re

import cdt_data

ROOT = pathlib.Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "build_snapshot.py"


def _builder():
    spec = importlib.util.spec_from_file_location("build_snapshot", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _rows(text: str) -> dict[str, dict]:
    return {m.group(1): json.loads(m.group(2)) for m in re.finditer(r'^ {6}"(D\d{4})": (\{.*\}),$', text, re.M)}


def test_snapshot_matches_cdt_data():
    builder = _builder()
    committed = builder.SNAPSHOT.read_text(encoding="utf-8")
    assert committed == builder.render(), "extension/lib/snapshot.js is stale: run python scripts/build_snapshot.py"


def test_snapshot_has_every_code_with_only_the_offline_fields():
    rows = _rows(_builder().SNAPSHOT.read_text(encoding="utf-8"))
    everything = cdt_data.codes(include_deleted=True)
    assert list(rows) == [p.code for p in everything]
    assert all(set(row) == {"title", "category", "summary", "status", "replaced_by"} for row in rows.values())
    d0371 = cdt_data.get("D0371")
    assert rows["D0371"] == {"title": d0371.title, "category": d0371.category, "summary": d0371.summary,
                             "status": "active", "replaced_by": []}
    assert rows["D0260"]["status"] == "deleted" and rows["D0260"]["replaced_by"] == ["D0250"]


def test_check_mode_reports_a_stale_snapshot(tmp_path, monkeypatch, capsys):
    builder = _builder()
    stale = tmp_path / "snapshot.js"
    stale.write_text(builder.render().replace(cdt_data.get("D0371").title, "Hand-edited title"), encoding="utf-8")
    monkeypatch.setattr(builder, "SNAPSHOT", stale)
    assert builder.main(["--check"]) == 1
    assert "out of date" in capsys.readouterr().err
    assert builder.main([]) == 0
    assert builder.main(["--check"]) == 0
