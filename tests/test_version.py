"""The package version and the data edition: one source each, exposed apart, agreeing."""
import csv
import importlib.metadata
import pathlib
import re

import cdt_data

ROOT = pathlib.Path(__file__).resolve().parent.parent


def test_installed_metadata_matches_the_package():
    assert importlib.metadata.version("cdt-data") == cdt_data.__version__


def test_edition_agrees_with_provenance_and_reference_list():
    provenance = (ROOT / "cdt_data" / "records" / "PROVENANCE.md").read_text()
    assert re.search(rf"Edition: \*\*CDT {cdt_data.EDITION}\*\*", provenance)
    with open(ROOT / "reference" / "cdt_codes.tsv", newline="") as f:
        editions = {row["source_edition"] for row in csv.DictReader(f, delimiter="\t")}
    assert max(editions) == f"CDT{cdt_data.EDITION}"


def test_cli_reports_both():
    import subprocess
    import sys
    out = subprocess.run([sys.executable, "-m", "cdt_data", "--version"], capture_output=True, text=True)
    assert out.stdout.strip() == f"cdt-data {cdt_data.__version__} (CDT {cdt_data.EDITION})"
