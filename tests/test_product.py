"""The product as a new user meets it: its name, and the README's two set-up commands."""
import json
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parent.parent
NAME = "Dental Code Guide"


def test_the_readme_opens_with_exactly_two_commands_that_make_their_own_venv():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert text.startswith(f"# {NAME}\n")
    block = re.search(r"```sh\n(.*?)```", text, re.S).group(1).strip().splitlines()
    assert len(block) == 2
    main_job, tests = block
    assert "# main job" in main_job and "# the tests" in tests
    for command in block:
        # Debian's own Python refuses pip outside a virtual environment (PEP 668).
        assert command.startswith("python3 -m venv .venv && . .venv/bin/activate && pip install ")
    assert "cdt-server" in main_job and "python -m pytest" in tests
    before = text[:text.index("```sh")]
    assert "3.10" in before and "python3-venv" in before


def test_the_old_name_is_gone_from_everything_a_user_sees():
    shown = [ROOT / "extension" / "manifest.json", ROOT / "docs" / "extension.md", ROOT / "docs" / "pypi.md",
             ROOT / "LICENSE-DATA", ROOT / "cdt_data" / "__init__.py", ROOT / "server" / "__init__.py",
             ROOT / "server" / "openapi.py", *(ROOT / "extension").glob("*/*.html"),
             *(ROOT / "extension").glob("*/*.js")]
    for path in shown:
        assert "CDT Companion" not in path.read_text(encoding="utf-8"), path
    manifest = json.loads((ROOT / "extension" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["name"] == NAME and NAME in (ROOT / "extension" / "popup" / "popup.html").read_text()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme.count("CDT Companion") == 1 and 'formerly "CDT Companion"' in readme


def test_the_readme_says_how_to_change_the_port_and_the_extension_with_it():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "--port" in readme and "Server address" in readme
