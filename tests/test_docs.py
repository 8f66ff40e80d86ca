"""The README stays honest: every command is documented, and its quick start is the real one."""

import subprocess
import sys

import pytest

from gi_extract.cli import COMMANDS

from conftest import ROOT

README = (ROOT / "README.md").read_text("utf-8")


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_and_a_readme_entry(command: str) -> None:
    out = subprocess.run(
        [sys.executable, "-c", "from gi_extract.cli import main; main()", command, "--help"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "Usage:" in out.stdout
    assert command == "extract" or f"gi-extract {command}" in README


def test_quick_start_is_make_demo_and_make_test() -> None:
    assert "make demo" in README and "make test" in README
    assert "make test" in (ROOT / ".ci" / "run").read_text("utf-8")
    makefile = (ROOT / "Makefile").read_text("utf-8")
    demo_fixture = makefile.split("demo:")[1].split("gi-extract ")[1].split()[0]
    assert (ROOT / demo_fixture).is_file()


def test_every_warning_code_the_code_emits_is_documented() -> None:
    import re

    codes: set[str] = set()
    for path in (ROOT / "src" / "gi_extract").rglob("*.py"):
        codes |= set(re.findall(r'Warning_\(\s*"([a-z_]+)"', path.read_text("utf-8")))
        codes |= set(re.findall(r'warnings\.append\(\s*\(\s*"([a-z_]+)"', path.read_text("utf-8")))
    assert codes, "no warning codes found: the pattern is stale"
    missing = sorted(c for c in codes if f"`{c}`" not in README)
    assert not missing
