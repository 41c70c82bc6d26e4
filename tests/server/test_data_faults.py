"""A damaged data file stops `cdt-server` at start with one line naming the file (exit 2), and
the Python API says DataFileError, never a bare JSONDecodeError or TypeError (issue 11, item 8).

Each case runs a copy of the cdt_data package, damaged in a temporary folder, ahead of the
installed one on PYTHONPATH; the project's own files are never touched."""
import json
import os
import shutil
import subprocess
import sys

import pytest

from .live import command

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _first_record_file(pkg):
    folder = os.path.join(pkg, "records", "diagnostic")
    return os.path.join(folder, sorted(f for f in os.listdir(folder) if f.endswith(".json"))[0])


def _bad_categories(pkg):
    with open(os.path.join(pkg, "categories.json"), "w") as f:
        f.write('[{"name": "Diagnostic", "slug": ')
    return "categories.json"


def _title_not_text(pkg):
    path = _first_record_file(pkg)
    with open(path) as f:
        records = json.load(f)
    records[0]["title"] = 12345
    with open(path, "w") as f:
        json.dump(records, f)
    return "diagnostic/" + os.path.basename(path)


def _truncated_rules(pkg):
    path = os.path.join(pkg, "rules", "age.json")
    with open(path, "rb") as f:
        data = f.read()
    with open(path, "wb") as f:
        f.write(data[: len(data) // 2])
    return "rules/age.json"


DAMAGE = {"corrupt categories.json": _bad_categories, "a record title that is not text": _title_not_text,
          "a truncated rules file": _truncated_rules}


@pytest.fixture(params=sorted(DAMAGE))
def damaged(request, tmp_path):
    shutil.copytree(os.path.join(ROOT, "cdt_data"), tmp_path / "cdt_data",
                    ignore=shutil.ignore_patterns("__pycache__"))
    named = DAMAGE[request.param](str(tmp_path / "cdt_data"))
    env = dict(os.environ, PYTHONPATH=str(tmp_path))
    return env, named, str(tmp_path)


def test_the_server_does_not_start_on_damaged_data(damaged):
    env, named, where = damaged
    proc = subprocess.run([*command(), "--port", "0"], env=env, capture_output=True, text=True, timeout=120,
                          cwd=where)
    assert proc.returncode == 2, (proc.stdout, proc.stderr)
    assert "http://" not in proc.stdout   # it never listened
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("cdt-server: ") and named in lines[0], proc.stderr
    assert "Traceback" not in proc.stderr


def test_the_python_api_raises_data_file_error(damaged):
    env, named, where = damaged
    code = ("import cdt_data\n"
            "assert cdt_data.__file__.startswith(%r)\n"
            "from cdt_data.validate import shipped_problems\n"
            "for call in (lambda: cdt_data.codes(), lambda: cdt_data.search('crown'),\n"
            "             lambda: cdt_data.check([{'code': 'D0120'}]), shipped_problems):\n"
            "    try:\n"
            "        out = call()\n"
            "    except cdt_data.DataFileError as exc:\n"
            "        print('DataFileError', exc)\n"
            "    else:\n"
            "        print('ok', len(out), repr(out)[:300] if call is shipped_problems else '')\n") % where
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120,
                          cwd=where)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    assert "DataFileError" in proc.stdout
    # validation (what `cdt validate` and the server run) names the file
    assert named.split("/")[-1] in proc.stdout, proc.stdout
