"""The OCR reader on scans the project makes itself (fixtures/scan, scripts/make_scan_fixtures.py), on
rasterised copies of corpus PDFs (made at test time, never stored), and without the OCR extra.

The OCR tests skip, with the reason shown, when the extra is not installed; the tests of what a
user without it meets always run. The engine is built once per process and each scan is read once
per module, so the whole file takes about a minute on two cores.
"""

from __future__ import annotations

import copy
import io
import json
import re
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from gi_extract.api import build_report
from gi_extract.errors import UnreadableInput
from gi_extract.grid import Document, Grid
from gi_extract.model import Report
from gi_extract.readers import read
from gi_extract.readers.ocr import _Progress, engine
from gi_extract.suggest import LOW_CONFIDENCE, annotate, suggest_digits

from conftest import CORPUS, FIXTURES, ROOT, flatten, load_truth, truth_path

sys.path.insert(0, str(ROOT / "scripts"))
from make_scan_fixtures import mixed_pdf, scan_pdf

SCANS = FIXTURES / "scan"
PDFS = FIXTURES / "pdf"
PIP = "pip install 'gi-extract[ocr]'"


def _has_extra() -> bool:
    try:
        engine.model_files()
        import cv2  # noqa: F401
        import onnxruntime  # noqa: F401
    except (engine.OcrUnavailable, ImportError):
        return False
    return True


needs_ocr = pytest.mark.skipif(not _has_extra(), reason=f"the OCR extra is not installed ({PIP})")


def report_of(doc: Document) -> Report:
    """The report with the OCR annotations (the call ``api.build_report`` makes after the checks)."""
    report = build_report(doc, "")
    annotate(report, doc)
    return report


def wrong_cells(report: Report, truth: dict) -> dict[str, tuple[object, object]]:
    have = flatten(report.to_dict()["tables"])
    return {k: (v, have.get(k)) for k, v in flatten(truth["tables"]).items() if have.get(k) != v}


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Scans made at test time from the PDF fixtures (not stored: a few hundred KB each)."""
    out = tmp_path_factory.mktemp("scans")
    scan_pdf(PDFS / "ruled.pdf", out / "ruled_straight.pdf", 0.0, 75)
    scan_pdf(PDFS / "split.pdf", out / "split_skewed.pdf", -0.5, 50)
    for name in ("ruled_straight", "split_skewed"):
        shutil.copyfile(PDFS / f"{name.split('_')[0]}.truth.json", out / f"{name}.truth.json")
    return out


@pytest.fixture(scope="module")
def docs(made: Path) -> dict[str, Document]:
    """Each scan read once for the whole module."""
    if not _has_extra():
        pytest.skip(f"the OCR extra is not installed ({PIP})")
    paths = {p.stem: p for p in [*SCANS.glob("*.pdf"), *made.glob("*.pdf")]}
    return {name: read(path) for name, path in sorted(paths.items())}


# -- without the extra ------------------------------------------------------------------------------


@pytest.fixture
def no_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    """Behave as a base install: the engine's models cannot be found."""

    def missing() -> tuple[Path, Path]:
        raise engine.OcrUnavailable("not installed")

    monkeypatch.setattr(engine, "model_files", missing)


def test_without_the_extra_an_image_only_pdf_names_the_pip_command(no_extra: None) -> None:
    path = PDFS / "scanned.pdf"
    with pytest.raises(UnreadableInput) as info:
        read(path)
    assert str(info.value) == f"{path}: no text layer (scanned PDF?); to read it by OCR: {PIP}"
    assert "\n" not in str(info.value)


def test_without_the_extra_the_cli_exits_3_with_one_line(tmp_path: Path) -> None:
    """A real process whose import of the engine fails, as in a base install."""
    hide = tmp_path / "hide"
    (hide / "rapidocr").mkdir(parents=True)
    (hide / "rapidocr" / "__init__.py").write_text("raise ImportError('no rapidocr here')\n")
    env = {"PYTHONPATH": str(hide), "PATH": "/usr/bin:/bin"}
    out = subprocess.run(
        [sys.executable, "-m", "gi_extract", str(PDFS / "scanned.pdf")],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert out.returncode == 3
    assert out.stderr.strip().splitlines() == [
        f"gi-extract: error: {PDFS / 'scanned.pdf'}: no text layer (scanned PDF?); to read it by OCR: {PIP}"
    ]


def test_without_the_extra_a_mixed_pdf_reads_its_text_pages_and_says_what_it_left_out(no_extra: None) -> None:
    doc = read(SCANS / "mixed.pdf")
    assert [w.code for w in doc.warnings] == ["pdf_page_scanned"]
    assert PIP in doc.warnings[0].message and "page(s) 2 " in doc.warnings[0].message
    assert any("申请人情况" in g.text() for g in doc.grids)  # page 1, read from its text


def test_reading_other_formats_never_imports_the_engine() -> None:
    code = (
        "import sys; from gi_extract import extract; "
        f"extract({str(PDFS / 'ruled.pdf')!r}); extract({str(FIXTURES / 'text' / 'official_2021.txt')!r}); "
        "print(sorted(m for m in ('rapidocr', 'onnxruntime', 'cv2') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    assert out.stdout.strip() == "[]"


def test_progress_shows_on_a_terminal_only() -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    tty, log = Tty(), io.StringIO()
    for stream in (tty, log):
        with _Progress(Path("report.pdf"), 2, stream) as progress:
            progress.show(0, 3)
    assert "report.pdf: OCR page 3 (1 of 2)" in tty.getvalue()
    assert log.getvalue() == ""


# -- image geometry -----------------------------------------------------------------------------------


@needs_ocr
@pytest.mark.parametrize("angle", [0.5, -0.5, 1.2])
def test_skew_is_measured_and_undone(angle: float) -> None:
    from PIL import Image

    from gi_extract.readers.ocr.image import deskew, render, skew_angle

    page = render(PDFS / "ruled.pdf", 1)
    import numpy as np

    turned = np.asarray(Image.fromarray(page).rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255))
    assert skew_angle(turned) == pytest.approx(angle, abs=0.04)
    straight, by = deskew(turned)
    assert by == pytest.approx(angle, abs=0.04)
    assert abs(skew_angle(straight)) <= 0.04


@needs_ocr
def test_ruled_grid_from_the_image_keeps_the_merges(docs: dict[str, Document]) -> None:
    """The scan's table 三 has the text-layer reader's lattice: the same spans, the same cells."""
    text_grids = read(PDFS / "ruled.pdf").grids
    for name in ("ruled_skewed", "ruled_straight"):
        grids = docs[name].grids
        assert [g.n_rows for g in grids] == [g.n_rows for g in text_grids], name
        grid = next(g for g in grids if "申请人情况" in g.text())
        note = grid.cells[0][0]
        assert (note.rowspan, note.colspan) == (3, 3)
        applicant = grid.cells[0][3]
        assert (applicant.text, applicant.colspan) == ("申请人情况", 7)
        assert all(grid.cells[r][c].is_covered for r in range(3) for c in range(3) if (r, c) != (0, 0))


@needs_ocr
def test_cells_carry_page_box_and_confidence(docs: dict[str, Document]) -> None:
    doc = docs["ruled_skewed"]
    grid: Grid = next(g for g in doc.grids if "申请人情况" in g.text())
    filled = [c for row in grid.cells for c in row if c.text and not c.is_covered]
    assert all(c.box is not None and c.confidence is not None and 0 < c.confidence <= 1 for c in filled)
    x0, top, x1, bottom = filled[0].box or (0, 0, 0, 0)
    assert 0 <= x0 < x1 <= 1700 and 0 <= top < bottom <= 2200  # a letter page at 200 dpi
    assert doc.warnings[0].code == "pdf_ocr"
    assert re.search(r"straightened by up to 0\.(49|50|51)°", doc.warnings[0].message)


# -- end to end ------------------------------------------------------------------------------------------


@needs_ocr
@pytest.mark.parametrize("name", ["ruled_skewed", "ruled_straight", "split_skewed", "mixed"])
def test_scans_give_the_planted_numbers(name: str, docs: dict[str, Document], made: Path) -> None:
    path = next(p for p in (SCANS / f"{name}.pdf", made / f"{name}.pdf") if p.exists())
    truth = load_truth(path)
    report = report_of(docs[name])
    assert wrong_cells(report, truth) == {}
    assert (report.report.template, report.report.year, report.report.agency) == (
        truth["template"],
        truth["year"],
        truth["agency"],
    )
    assert [c.message for c in report.checks if c.status == "fail"] == []
    ocr = [c for c in report.cells if c.confidence is not None]
    assert ocr and all(c.box for c in ocr)


@needs_ocr
def test_mixed_pdf_reads_page_by_page(docs: dict[str, Document]) -> None:
    report = report_of(docs["mixed"])
    by_page: dict[int | None, set[bool]] = {}
    for cell in report.cells:
        by_page.setdefault(cell.page, set()).add(cell.box is not None)
    assert by_page[1] == {False}  # read from its text layer
    assert by_page[2] == {True}  # read from its image
    assert [w.code for w in docs["mixed"].warnings] == ["pdf_ocr"]
    assert "page(s) 2 read by OCR" in docs["mixed"].warnings[0].message


@needs_ocr
def test_json_carries_confidence_only_for_ocr_cells(docs: dict[str, Document]) -> None:
    data = report_of(docs["mixed"]).to_dict()
    keys = {frozenset(c) for c in data["cells"]}
    assert any("confidence" in k for k in keys) and any("confidence" not in k for k in keys)
    from gi_extract.model import validate

    validate(json.dumps(data))


# -- doubt where it belongs -----------------------------------------------------------------------------------


def _plant(doc: Document, label: str, col: int, text: str, confidence: float) -> None:
    """Make one value cell of the row labelled ``label`` read ``text`` with ``confidence`` (a planted misread)."""
    for grid in doc.grids:
        for i in range(grid.n_rows):
            cells = grid.origins(i)
            if any(label in c.text for c in cells):
                values = [c for c in cells if c.text.isdigit()]
                values[col].text, values[col].confidence = text, confidence
                return
    raise AssertionError(f"no row {label}")


@needs_ocr
def test_a_planted_misread_gets_a_warning_and_a_suggestion_never_applied(docs: dict[str, Document]) -> None:
    doc = copy.deepcopy(docs["ruled_straight"])
    _plant(doc, "本年新收", 6, "19", 0.41)  # 总计 18 misread as 19
    report = report_of(doc)
    key = "applications.new_received.total"
    assert report.tables["applications"].rows is not None
    assert report.tables["applications"].rows["new_received"]["total"] == 19  # as read, not corrected
    codes = {(w.code, w.key) for w in report.warnings}
    assert ("ocr_low_confidence", key) in codes
    [suggestion] = [w for w in report.warnings if w.code == "ocr_suggestion"]
    assert suggestion.key == key and "18 would make every failing check hold" in suggestion.message
    assert [(s.key, s.value, s.suggested) for s in suggest_digits(report)] == [(key, 19, 18)]
    annotate(report, doc)  # idempotent: the pipeline may call it once more
    assert sum(w.code == "ocr_suggestion" for w in report.warnings) == 1


@needs_ocr
def test_no_suggestion_when_the_doubtful_cell_is_not_in_every_failing_check(docs: dict[str, Document]) -> None:
    doc = copy.deepcopy(docs["ruled_straight"])
    _plant(doc, "本年新收", 6, "19", 0.41)
    _plant(doc, "上年结转", 0, "3", 0.99)  # a confident misread elsewhere: no single digit explains both
    report = report_of(doc)
    assert [w for w in report.warnings if w.code == "ocr_suggestion"] == []
    assert any(w.code == "ocr_low_confidence" for w in report.warnings)


@needs_ocr
def test_confident_values_get_no_warning(docs: dict[str, Document]) -> None:
    report = report_of(docs["ruled_skewed"])
    low = [c.key for c in report.cells if c.confidence is not None and c.confidence < LOW_CONFIDENCE]
    assert sorted(w.key or "" for w in report.warnings if w.code == "ocr_low_confidence") == sorted(low)


# -- offline ------------------------------------------------------------------------------------------------------


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every connection attempt fails loudly, and the engine is built anew under the block."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"network access attempted: {args[1:]}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    engine.engine.cache_clear()
    yield
    engine.engine.cache_clear()


@needs_ocr
def test_ocr_runs_with_the_network_blocked(no_network: None) -> None:
    doc = read(PDFS / "scanned.pdf")
    assert any("申请人情况" in g.text() for g in doc.grids)


@needs_ocr
@pytest.mark.skipif(shutil.which("unshare") is None, reason="unshare (util-linux) not available")
def test_ocr_runs_in_a_process_without_a_network() -> None:
    """The whole CLI in a network namespace of its own (no interface but a down loopback)."""
    probe = subprocess.run(["unshare", "-n", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("unshare -n not permitted here")
    out = subprocess.run(
        ["unshare", "-n", sys.executable, "-m", "gi_extract", str(PDFS / "scanned.pdf")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["tables"]["applications"]["found"] is True


# -- corpus, rasterised at test time -----------------------------------------------------------------------------

CORPUS_SCANS = [("r028", 0.5, 50), ("r023", -0.5, 50)]


@needs_ocr
@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not beside the repo")
@pytest.mark.parametrize(("stem", "skew", "quality"), CORPUS_SCANS, ids=[s for s, _, _ in CORPUS_SCANS])
def test_rasterised_corpus_reports(stem: str, skew: float, quality: int, tmp_path: Path) -> None:
    """A real report printed to pixels (200 dpi grey, skewed, JPEG): every cell as its text layer gives it."""
    source = CORPUS / f"{stem}.pdf"
    scan = scan_pdf(source, tmp_path / f"{stem}.pdf", skew, quality)
    truth = json.loads(truth_path(source).read_text("utf-8"))
    doc = read(scan)
    report = report_of(doc)
    wrong = wrong_cells(report, truth)
    doubted = {w.key for w in report.warnings if w.severity != "info"}
    assert {k: v for k, v in wrong.items() if k not in doubted} == {}  # silent_wrong = 0
    assert len(wrong) <= 0.02 * len(flatten(truth["tables"]))


@needs_ocr
def test_mixed_pdf_generator_keeps_the_text_pages(tmp_path: Path) -> None:
    path = mixed_pdf(PDFS / "split.pdf", tmp_path / "m.pdf", 3)
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        assert [bool(p.chars) for p in pdf.pages] == [True, True, True, False]
