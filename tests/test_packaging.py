"""Build the wheel, install it into a fresh virtual environment, and use it there."""
import pathlib
import subprocess
import sys
import venv
import zipfile

import pytest

import cdt_data

ROOT = pathlib.Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(ROOT)],
                   check=True, capture_output=True, text=True)
    return next(out.glob("cdt_data-*.whl"))


@pytest.mark.packaging
def test_wheel_carries_data_licences_and_notice(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    records = [n for n in names if n.startswith("cdt_data/records/") and n.endswith(".json")]
    assert len(records) >= 70
    assert "cdt_data/categories.json" in names
    assert any(n.endswith("licenses/LICENSE-DATA") or n.endswith("/LICENSE-DATA") for n in names)
    metadata = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith("METADATA"))).decode()
    assert "Name: cdt-data" in metadata and f"Version: {cdt_data.__version__}" in metadata
    assert "registered trademark of the American Dental Association" in metadata
    assert not any(n.startswith(("tests/", "server/", "reference/")) for n in names)


@pytest.mark.packaging
def test_wheel_installs_and_works_in_a_fresh_venv(wheel, tmp_path):
    env = tmp_path / "venv"
    venv.create(env, with_pip=True, system_site_packages=False)
    py = env / "bin" / "python"
    # The fresh venv needs the dependencies; take them from the running interpreter's wheels cache
    # when offline, else from the index.
    subprocess.run([str(py), "-m", "pip", "install", "-q", str(wheel)], check=True, capture_output=True, text=True)
    script = ("import cdt_data; p = cdt_data.get('d0371'); print(p.title); "
              "print(cdt_data.search('salivary gland endoscope')[0].code); print(len(cdt_data.codes()))")
    out = subprocess.run([str(py), "-c", script], check=True, capture_output=True, text=True, cwd=tmp_path)
    title, first, count = out.stdout.splitlines()
    assert title == cdt_data.get("D0371").title and first == "D0371" and count == "851"
    cli = subprocess.run([str(env / "bin" / "cdt"), "search", "salivary gland endoscope"],
                         capture_output=True, text=True, cwd=tmp_path)
    assert cli.returncode == 0 and cli.stdout.startswith("D0371")
