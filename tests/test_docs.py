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
        [sys.executable, "-m", "gi_extract", command, "--help"],
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
    demo_fixture = makefile.split("DEMO := ")[1].split()[0]
    assert (ROOT / demo_fixture).is_file()
    assert "$(BIN)/gi-extract check $(DEMO)" in makefile.split("demo:")[1]


def test_generated_docs_are_up_to_date() -> None:
    """README.md and docs/ say what the code says: run `make docs` after changing a registry."""
    sys.path.insert(0, str(ROOT / "scripts"))
    import gen_docs

    for path in gen_docs.FILES:
        text = path.read_text("utf-8")
        assert gen_docs.render(text) == text, f"{path.name} is stale: run make docs"
        assert "<!-- generated: " in text
    assert gen_docs.TEMPLATE_DOC.read_text("utf-8") == gen_docs.template_doc(), "docs/template.md is stale"


def test_the_warnings_table_changes_when_a_code_changes(monkeypatch: pytest.MonkeyPatch) -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    import gen_docs

    from gi_extract.warnings import CODES, WarningCode

    before = gen_docs.render(README)
    monkeypatch.setitem(CODES, "made_up", WarningCode("made_up", "info", "report", "never", "nothing"))
    assert gen_docs.render(README) != before


def test_every_warning_code_the_code_raises_is_registered() -> None:
    """Codes are raised through warning(code, ...) or row_doubt(..., code, ...); each must be in the registry."""
    import re

    from gi_extract.warnings import CODES

    raised: set[str] = set()
    for path in (ROOT / "src" / "gi_extract").rglob("*.py"):
        text = path.read_text("utf-8")
        raised |= set(re.findall(r'\bwarning\(\s*"([a-z_]+)"', text))
        raised |= set(re.findall(r'row_doubt\([^)]*?"([a-z_]+)"', text))
    assert len(raised) >= 15, "the pattern finds too few codes: it is stale"
    assert sorted(raised - set(CODES)) == []
    assert sorted(set(CODES) - raised) == [], "registered codes nobody raises"
