"""Medical crossover: the ICD-10-CM table, the mapping's data and sources, the lookups at their
edges, the release shown with the data, lazy loading, and `cdt dx` in both directions."""
from __future__ import annotations

import importlib.metadata
import importlib.util
import json
import pathlib
import subprocess
import sys

import pytest

import cdt_data
from cdt_data import InvalidCodeError, InvalidDiagnosisError, UnknownCodeError, UnknownDiagnosisError
from cdt_data.cli import main
from cdt_data.crossover import mapping
from cdt_data.icd10cm import PACKAGE, RELEASE, RELEASE_LABEL, table

ROOT = pathlib.Path(__file__).resolve().parent.parent
DATA = ROOT / "cdt_data" / "diagnoses"
CROSSOVER = json.loads((DATA / "crossover.json").read_text(encoding="utf-8"))
WHO = json.loads((DATA / "who_only.json").read_text(encoding="utf-8"))
NOTICE = "A list to consider, never a coding decision"


def _script():
    spec = importlib.util.spec_from_file_location("icd10cm_script", ROOT / "scripts" / "icd10cm.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- the ICD-10-CM table and its release ------------------------------------------------------

def test_table_counts_and_release_header():
    meta = table().meta
    assert meta["total"] == "98186"
    assert meta["release"] == RELEASE == cdt_data.ICD10CM_RELEASE
    assert meta["package"] == PACKAGE == "simple-icd-10-cm 1.5.0"
    assert meta["file"] == "icd10c-tabular-April-1-2026.xml" and RELEASE_LABEL.endswith("April 1, 2026 update")
    assert len(table()) == 98186
    kinds = [table().row(k).kind for k in ("K115", "K112", "S025", "S025XXA")]
    assert kinds == ["B", "H", "7", "B"]


def test_pinned_package_version_everywhere():
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert pyproject.count('"simple-icd-10-cm==1.5.0"') == 2   # the icd10cm and test extras
    assert _script().PINNED == "1.5.0"


@pytest.mark.skipif(importlib.util.find_spec("simple_icd_10_cm") is None, reason="simple-icd-10-cm not installed")
def test_shipped_table_equals_what_the_pinned_package_gives():
    assert importlib.metadata.version("simple-icd-10-cm") == "1.5.0"
    script = _script()
    assert script.same_as_shipped(script.render(*script._package()))


@pytest.mark.skipif(importlib.util.find_spec("simple_icd_10") is None, reason="simple-icd-10 not installed")
def test_who_only_list_is_exactly_the_who_codes_icd10cm_lacks_in_its_ranges():
    assert sorted(_script().who_only_codes()) == sorted(WHO["codes"])
    assert WHO["covers"] == ["K00-K14", "S02"]


def test_who_only_codes_are_not_icd10cm_and_point_at_real_codes():
    for code, value in WHO["codes"].items():
        assert table().row(code.replace(".", "")) is None, code
        for target in value["instead"]:
            assert table().row(target.replace(".", "")) is not None, (code, target)
        assert value["note"].endswith(".")


# --- the mapping: every entry sourced, every code real ----------------------------------------

def test_every_family_code_is_an_active_cdt_code():
    for fam in CROSSOVER["families"]:
        for code in fam["codes"]:
            assert not cdt_data.get(code).deleted, code
        for e in fam["diagnoses"]:
            assert set(e.get("only", ())) <= set(fam["codes"]) and set(e.get("except", ())) <= set(fam["codes"])


def test_every_entry_is_an_icd10cm_code_with_a_note_and_a_public_source():
    used = set()
    for fam in CROSSOVER["families"]:
        for e in fam["diagnoses"]:
            assert table().row(e["icd"].replace(".", "")) is not None, e["icd"]
            assert e["sources"] and all(s in CROSSOVER["sources"] for s in e["sources"]), e["icd"]
            assert 10 <= len(e["note"]) <= 120 and e["note"].endswith("."), e["note"]
            used.update(e["sources"])
    assert used == set(CROSSOVER["sources"])   # no source listed that no entry uses
    for sid, src in CROSSOVER["sources"].items():
        assert src["url"].startswith(("https://", "http://")) and src["title"], sid
        assert src["kind"] in {"payer policy", "coding article", "clinical reference", "code set"}, sid
    # an entry resting only on the code set itself states a definition; every family has an outside source
    for fam in CROSSOVER["families"]:
        kinds = {CROSSOVER["sources"][s]["kind"] for e in fam["diagnoses"] for s in e["sources"]}
        assert kinds - {"code set"}, fam["id"]


def test_no_entry_is_a_who_only_code():
    listed = {e["icd"] for fam in CROSSOVER["families"] for e in fam["diagnoses"]}
    assert not listed & set(WHO["codes"])


def test_coverage_figures():
    codes = {c for fam in CROSSOVER["families"] for c in fam["codes"]}
    entries = {e["icd"] for fam in CROSSOVER["families"] for e in fam["diagnoses"]}
    assert len(CROSSOVER["families"]) == 9 and len(codes) == 73 and len(entries) == 35
    assert len(CROSSOVER["sources"]) == 27


# --- diagnoses_for: CDT code -> list -----------------------------------------------------------

def test_d0371_list_as_the_issue_describes():
    dl = cdt_data.diagnoses_for("d0371 ")
    assert dl.code == "D0371" and bool(dl)
    assert [d.code for d in dl.diagnoses] == ["K11.5", "K11.2", "K11.8", "K11.9", "R22.0"]
    k112 = dl.diagnoses[1]
    assert k112.kind == "heading" and not k112.to_dict()["billable"] and k112.title == "Sialoadenitis"
    out = dl.to_dict()
    assert out["notice"].startswith(NOTICE) and out["icd10cm_release"] == RELEASE_LABEL
    assert all(s["url"] for f in out["families"] for d in f["diagnoses"] for s in d["sources"])


def test_only_and_except_narrow_an_entry_to_its_codes():
    assert [d.code for d in cdt_data.diagnoses_for("D7983").diagnoses] == ["K11.4"]
    assert [d.code for d in cdt_data.diagnoses_for("D7820").diagnoses] == ["S03.0"]
    assert "S03.0" not in [d.code for d in cdt_data.diagnoses_for("D7880").diagnoses]
    assert {d.code for d in cdt_data.diagnoses_for("D7630").diagnoses} == {"S02.6"}
    assert {d.code for d in cdt_data.diagnoses_for("D7670").diagnoses} == {"S02.42", "S02.67"}


def test_code_without_a_list_is_empty_not_an_error():
    dl = cdt_data.diagnoses_for("D0120")
    assert not dl and dl.families == () and dl.to_dict()["families"] == []
    assert dl.to_dict()["notice"].startswith(NOTICE)
    assert cdt_data.diagnosis_families("D0120") == []


@pytest.mark.parametrize("bad, error", [("D12345", InvalidCodeError), ("", InvalidCodeError), (None, InvalidCodeError),
                                        ("K11.5", InvalidCodeError), ("D1234", UnknownCodeError)])
def test_diagnoses_for_rejects_what_get_rejects(bad, error):
    with pytest.raises(error):
        cdt_data.diagnoses_for(bad)


def test_family_labels_for_tooltips():
    assert cdt_data.diagnosis_families("D7880") == ["Jaw joint (TMJ) disorders"]
    assert cdt_data.diagnosis_families("d9947") == ["Obstructive sleep apnea"]


# --- diagnosis: ICD code -> record -------------------------------------------------------------

@pytest.mark.parametrize("given", ["K11.5", "k11.5", "K115", " k115 ", "K11.5 "])
def test_diagnosis_reads_a_code_with_or_without_the_dot(given):
    d = cdt_data.diagnosis(given)
    assert d.code == "K11.5" and d.title == "Sialolithiasis" and d.billable
    assert "Stone of salivary gland or duct" in d.terms
    assert [u.code for u in d.procedures] == ["D0371", "D7979", "D7980", "D7981"]


def test_a_code_under_a_listed_heading_names_the_heading():
    d = cdt_data.diagnosis("K11.23")
    assert d.title == "Chronic sialoadenitis" and d.parent == "K11.2"
    assert {(u.code, u.listed_as) for u in d.procedures} == {("D0371", "K11.2"), ("D7981", "K11.2")}


def test_heading_and_seventh_character():
    assert cdt_data.diagnosis("M26.60").kind == "heading"
    s025 = cdt_data.diagnosis("S02.5")
    assert s025.kind == "needs-7th-character" and not s025.billable
    assert [c for c, _ in s025.seventh] == ["A", "B", "D", "G", "K", "S"]
    assert cdt_data.diagnosis("S03.2").seventh[0] == ("A", "initial encounter")
    assert cdt_data.diagnosis("S02.5XX").code == "S02.5"    # placeholders without the 7th character
    assert cdt_data.diagnosis("s025xxa").billable
    assert cdt_data.diagnosis("K11.2-").code == "K11.2"     # a family as written in lists


def test_who_only_code_is_unknown_with_the_icd10cm_place():
    with pytest.raises(UnknownDiagnosisError) as exc:
        cdt_data.diagnosis("K07.6")
    assert exc.value.who and "M26.6" in exc.value.who and exc.value.suggestions == ("M26.6",)
    assert isinstance(exc.value, LookupError) and isinstance(exc.value, cdt_data.CdtDataError)


def test_unknown_code_suggests_the_placeholder_form():
    with pytest.raises(UnknownDiagnosisError) as exc:
        cdt_data.diagnosis("S025A")
    assert exc.value.suggestions == ("S02.5XXA",) and exc.value.who is None
    with pytest.raises(UnknownDiagnosisError):
        cdt_data.diagnosis("K11.99")


@pytest.mark.parametrize("junk", [None, "", " ", 0, 11.5, "€", "K1", "11.5", "K11..5", "K11.55555", "D0371--", "x" * 10_000,
                                  ["K11.5"], b"K11.5"])
def test_junk_is_an_invalid_diagnosis(junk):
    with pytest.raises(InvalidDiagnosisError) as exc:
        cdt_data.diagnosis(junk)
    assert isinstance(exc.value, ValueError) and len(str(exc.value)) < 300


def test_to_dict_is_json_and_says_it_is_a_list_to_consider():
    out = cdt_data.diagnosis("S02.5").to_dict()
    json.dumps(out)
    assert out["notice"].startswith(NOTICE) and out["icd10cm_release"] == RELEASE_LABEL
    assert out["seventh_characters"][0] == {"character": "A", "meaning": "initial encounter for closed fracture"}


def test_search_by_words_puts_listed_codes_first():
    assert [d.code for d in cdt_data.search_diagnoses("salivary stone")] == ["K11.5"]
    assert cdt_data.search_diagnoses("obstructive sleep apnea")[0].code == "G47.33"
    assert cdt_data.search_diagnoses("tooth fracture")[0].code == "S02.5"
    assert cdt_data.search_diagnoses("   ") == []
    assert len(cdt_data.search_diagnoses("fracture", limit=3)) == 3
    for bad in (None, 3):
        with pytest.raises(cdt_data.InvalidQueryError):
            cdt_data.search_diagnoses(bad)
    with pytest.raises(cdt_data.InvalidQueryError):
        cdt_data.search_diagnoses("tooth", limit=0)


# --- loading: nothing at import, the table on first lookup ------------------------------------

def _fresh(code: str) -> str:
    return subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True, cwd=ROOT).stdout


def test_import_and_get_read_no_icd_data():
    out = _fresh("import sys, cdt_data; cdt_data.get('D0371'); cdt_data.check([{'code': 'D0371'}]); "
                 "print(sorted(m for m in sys.modules if m.startswith(('cdt_data.icd10cm', 'cdt_data.crossover', "
                 "'simple_icd'))))")
    assert out.strip() == "[]"


def test_family_labels_and_show_of_a_plain_code_read_no_icd_table():
    out = _fresh("import cdt_data; from cdt_data.icd10cm import table; cdt_data.diagnosis_families('D0371'); "
                 "print(table()._chunks == {})")
    assert out.strip() == "True"


def test_first_lookup_loads_the_table_once_under_concurrency():
    import threading
    from cdt_data.icd10cm import Table
    t = Table()
    results = []
    threads = [threading.Thread(target=lambda: results.append(t.row("K115"))) for _ in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert len(results) == 8 and all(r.title == "Sialolithiasis" for r in results)


def test_a_first_lookup_reads_only_its_letter():
    out = _fresh("import cdt_data; from cdt_data.icd10cm import table; cdt_data.diagnosis('K11.5'); "
                 "print(sorted(table()._chunks))")
    assert out.strip() == "['K']"


def test_damaged_table_is_a_data_file_error(tmp_path, monkeypatch):
    from cdt_data.icd10cm import Table
    t = Table()
    monkeypatch.setattr(t, "_package", "cdt_data.rules")   # no table there
    with pytest.raises(cdt_data.DataFileError):
        t.row("K115")


# --- the CLI, both directions ---------------------------------------------------------------

def test_cli_cdt_to_diagnoses(capsys):
    assert main(["dx", "D0371"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("D0371  ") and "K11.5  Sialolithiasis" in out and "K11.2-  Sialoadenitis" in out
    assert NOTICE in out.replace("\n", " ") and "FY2026" in out and "Sources:" in out


def test_cli_diagnosis_to_cdt(capsys):
    assert main(["dx", "k115"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("K11.5  Sialolithiasis") and "- D7980  " in out and "billable" in out
    assert NOTICE in out.replace("\n", " ")


def test_cli_json_both_directions(capsys):
    assert main(["dx", "D0371", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["families"][0]["diagnoses"][0]["code"] == "K11.5"
    assert main(["dx", "S02.5", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["kind"] == "needs-7th-character"


def test_cli_words(capsys):
    assert main(["dx", "salivary", "stone"]) == 0
    out = capsys.readouterr().out
    assert "K11.5  Sialolithiasis" in out and "D7980" in out
    assert main(["dx", "zzqx", "wvvk"]) == 1


def test_cli_errors(capsys):
    assert main(["dx", "K07.6"]) == 1
    assert "WHO ICD-10 code" in capsys.readouterr().err
    assert main(["dx", "K07.6", "--json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["error"] == "unknown_diagnosis" and out["suggestions"] == ["M26.6"]
    assert main(["dx", "D1234"]) == 1
    assert main(["dx", "D0120"]) == 0
    assert "No medical-crossover diagnoses" in capsys.readouterr().out


def test_cdt_show_has_the_section_only_for_crossover_codes(capsys):
    assert main(["show", "D0371"]) == 0
    out = capsys.readouterr().out
    assert "Diagnoses to consider for a medical plan (ICD-10-CM FY2026" in out
    assert "Salivary gland and duct disease: K11.5, K11.2-, K11.8, K11.9, R22.0" in out
    assert "never a coding decision" in out
    assert main(["show", "D0120"]) == 0
    assert "Diagnoses to consider" not in capsys.readouterr().out


def test_mapping_object_loads_once():
    m = mapping()
    assert m.load() is m.load() and m.families
