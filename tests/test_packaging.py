"""Build the sdist, build the wheel from it, install the wheel by name from a local package
index folder into a fresh virtual environment, and run the README's Python example there."""
import pathlib
import re
import subprocess
import sys
import tarfile
import venv
import zipfile

import pytest

import cdt_data

ROOT = pathlib.Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def dist(tmp_path_factory):
    """sdist and wheel; `python -m build` builds the wheel from the sdist, so the sdist is proven
    to carry everything the wheel needs."""
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(ROOT)],
                   check=True, capture_output=True, text=True)
    return out


@pytest.fixture(scope="module")
def wheel(dist):
    return next(dist.glob("cdt_data-*.whl"))


def _metadata(wheel) -> str:
    z = zipfile.ZipFile(wheel)
    return z.read(next(n for n in z.namelist() if n.endswith("METADATA"))).decode()


@pytest.mark.packaging
def test_wheel_carries_data_licences_and_notice(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    records = [n for n in names if n.startswith("cdt_data/records/") and n.endswith(".json")]
    assert len(records) >= 70
    assert {"cdt_data/categories.json", "cdt_data/caveats.json"} <= set(names)
    assert {"cdt_data/diagnoses/icd10cm/K.tsv.gz", "cdt_data/diagnoses/crossover.json",
            "cdt_data/diagnoses/who_only.json", "cdt_data/rules/diagnoses.json"} <= set(names)
    assert any(n.startswith("cdt_data/sources/") for n in names)
    assert {f"cdt_data/search_data/{n}.json" for n in ("families", "commonness", "words", "lay_terms")} <= set(names)
    assert any(n.endswith("licenses/LICENSE-DATA") or n.endswith("/LICENSE-DATA") for n in names)
    metadata = _metadata(wheel)
    assert "Name: cdt-data" in metadata and f"Version: {cdt_data.__version__}" in metadata
    assert "registered trademark of the American Dental Association" in metadata
    assert not any(n.startswith(("tests/", "server/", "reference/")) for n in names)


@pytest.mark.packaging
def test_metadata_is_ready_for_the_index(wheel):
    metadata = _metadata(wheel)
    assert "License-Expression: Apache-2.0 AND CC-BY-4.0" in metadata   # PEP 639
    assert "Requires-Python: >=3.10" in metadata
    for label in ("Homepage", "Source", "Issues", "Documentation"):
        assert re.search(rf"^Project-URL: {label}, https://", metadata, re.M), label
    description = metadata.split("\n\n", 1)[1]
    assert "pip install cdt-data" in description and "import cdt_data" in description
    assert "Dental Code Guide" in description and "CDT Companion" not in metadata
    # Images by absolute address or none; no link into folders the package does not carry.
    assert not re.search(r"!\[[^\]]*\]\((?!https://)", description)
    assert not re.search(r"\]\((?!https?://|#)", description)


@pytest.mark.packaging
def test_sdist_carries_what_its_tests_need(dist):
    sdist = next(dist.glob("cdt_data-*.tar.gz"))
    names = {n.split("/", 1)[1] for n in tarfile.open(sdist).getnames() if "/" in n}
    for needed in ("tests/test_records.py", "tests/conftest.py", "reference/cdt_codes.tsv",
                   "scripts/build_snapshot.py", "extension/manifest.json", "docs/pypi.md",
                   "cdt_data/records/PROVENANCE.md", "LICENSE-DATA", "server/app.py"):
        assert needed in names, needed


def _readme_python_example() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.search(r"```python\n(.*?)```", text, re.S).group(1)


@pytest.mark.packaging
def test_installs_by_name_from_a_local_index_and_runs_the_readme_example(wheel, tmp_path):
    index = tmp_path / "index"
    index.mkdir()
    (index / wheel.name).write_bytes(wheel.read_bytes())
    # The dependencies go into the same folder, so the install below needs no package index.
    subprocess.run([sys.executable, "-m", "pip", "download", "-q", "-d", str(index), "whoosh3==3.54.0",
                    "marshmallow>=3.20,<5"], check=True, capture_output=True, text=True)
    env = tmp_path / "venv"
    venv.create(env, with_pip=True, system_site_packages=False)
    py = env / "bin" / "python"
    subprocess.run([str(py), "-m", "pip", "install", "-q", "--no-index", "--find-links", str(index), "cdt-data"],
                   check=True, capture_output=True, text=True)
    example = tmp_path / "example.py"
    example.write_text(_readme_python_example(), encoding="utf-8")
    run = subprocess.run([str(py), str(example)], capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    script = ("import cdt_data; p = cdt_data.get('d0371'); print(p.title); "
              "print(cdt_data.search('salivary gland endoscope')[0].code); print(len(cdt_data.codes()))")
    out = subprocess.run([str(py), "-c", script], check=True, capture_output=True, text=True, cwd=tmp_path)
    title, first, count = out.stdout.splitlines()
    assert title == cdt_data.get("D0371").title and first == "D0371" and count == "851"
    cli = subprocess.run([str(env / "bin" / "cdt"), "search", "salivary gland endoscope"],
                         capture_output=True, text=True, cwd=tmp_path)
    assert cli.returncode == 0 and cli.stdout.startswith("D0371")
    # the medical crossover works from the wheel alone: no ICD package is installed there
    dx = subprocess.run([str(env / "bin" / "cdt"), "dx", "D0371"], capture_output=True, text=True, cwd=tmp_path)
    assert dx.returncode == 0 and "K11.5  Sialolithiasis" in dx.stdout
