"""The library's front door: :func:`extract` runs the whole pipeline on one file.

readers → locate → mapping (labels, values) → checks → model. The CLI and bulk mode are
thin faces over this function; anything they print can be had from Python too::

    >>> from gi_extract import extract
    >>> report = extract("report.docx")
    >>> report.tables["applications"].rows["new_received"]["total"]
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from .checks import run_checks
from .errors import GiExtractError, InternalError, NoStandardTable, NotAReport, UnreadableInput, printable
from .grid import Document, Paragraph
from .locate import Layout, locate, paragraphs_beside
from .mapping import TableResult, map_active, map_applications, map_reviews
from .metadata import extract_metadata
from .model import CellOut, CheckOut, EditionName, Report, ReportInfo, SourceInfo, TableOut
from .readers import DEFAULT_MAX_BYTES, read
from .suggest import annotate
from .template import Edition, registry
from .warnings import GiWarning, capped, warning

if TYPE_CHECKING:
    from .mapping.flow import Flow

MIN_TEXT = 20
"""Characters a file must hold before the absence of 信息公开 says it is another document: a
report whose pages are images has next to no text, and must stay "no standard table found"."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


Source = str | Path | bytes | BinaryIO
"""What :func:`extract` reads: a path, the file's bytes, or a binary file object."""


def extract(
    source: Source, name: str | None = None, max_size: int = DEFAULT_MAX_BYTES, format: str | None = None
) -> Report:
    """Read one report and return the output model.

    ``source`` is a path, or the report's bytes or a binary file object (then ``name``, such as
    ``"report.docx"``, names it in the output and its extension helps recognise text formats).
    ``format`` (pdf, docx, doc, html, text) overrides the format recognised from the content.

    Raises :class:`~gi_extract.errors.UnreadableInput` (exit 3) when the input cannot be read
    or holds none of the three standard tables, :class:`~gi_extract.errors.ConfigurationError`
    (exit 4) when the template files are broken, and :class:`~gi_extract.errors.InternalError`
    (exit 4) for a bug; everything else is a result in the model.
    """
    if isinstance(source, (str, Path)):
        return _extract_path(Path(source), max_size, format)
    if not isinstance(source, bytes) and not callable(getattr(source, "read", None)):
        raise TypeError(f"extract() takes a path, bytes or a binary file object, not {type(source).__name__}")
    with staged(source, name, max_size) as path:
        report = _extract_path(path, max_size, format)
    report.source.path = printable(name or "<bytes>")
    return report


STDIN_NAME = "<stdin>"
"""The name a report read from standard input goes by in the output and in errors."""


@contextmanager
def staged(source: bytes | BinaryIO, name: str | None, max_size: int) -> Iterator[Path]:
    """Bytes or a stream as a file the readers can open, errors naming it as the caller knows it.

    The readers take paths (pdfplumber, python-docx and LibreOffice all open files); the copy
    lives in a temporary folder for the ``with`` block only.
    """
    data = source if isinstance(source, bytes) else _read_stream(source, max_size, name)
    label = name or "<bytes>"
    if len(data) > max_size:
        raise UnreadableInput(f"{label}: over the size limit of {max_size / 2**20:.3g} MB (--max-size)")
    import tempfile  # only bytes and streams need it: a path, the common case, starts without it

    with tempfile.TemporaryDirectory(prefix="gi-extract-") as tmp:
        given = Path(name).name if name else ""
        path = Path(tmp) / (given if given not in ("", ".", "..") else "input")
        path.write_bytes(data)
        try:
            yield path
        except GiExtractError as exc:  # the message names the input as the caller knows it, not our copy
            named = type(exc)(str(exc).replace(str(path), printable(label)))
            raise named from exc.__cause__


def _read_stream(stream: BinaryIO, max_size: int, name: str | None) -> bytes:
    """At most one byte past the limit, so that a huge stream is refused without being held."""
    try:
        data: bytes = stream.read(max_size + 1)
    except OSError as exc:
        raise UnreadableInput(f"{name or '<stream>'}: cannot be read ({exc.strerror or exc})") from None
    return data


def _extract_path(p: Path, max_size: int, format: str | None) -> Report:
    try:
        doc = read(p, max_size, format)
        return build_report(doc, sha256_of(p))
    except GiExtractError:
        raise
    except Exception as exc:  # a bug: one line naming the file, not a traceback (--debug shows it)
        raise InternalError.wrap(printable(str(p)), exc) from exc


def build_report(doc: Document, sha256: str, layout: Layout | None = None, trace: list[str] | None = None) -> Report:
    """Run locate → mapping → checks on a read document and assemble the output.

    ``layout`` is locate's result when the caller has it already (``inspect`` shows it too);
    ``trace`` collects lines that explain decisions made outside any grid (glued tables).
    """
    reg = registry()
    layout = layout or locate(doc)
    meta = extract_metadata(doc, layout)
    warnings: list[GiWarning] = [*doc.warnings, *layout.warnings, *meta.warnings]
    for grid in doc.grids:
        if grid.truncated:
            size = f"{grid.n_rows} rows × {grid.n_cols} columns"
            warnings.append(
                warning("table_truncated", f"table {grid.index} was cut at {size}: no report table is larger")
            )
    by_year = reg.for_year(meta.year)
    results: dict[str, TableResult] = {}
    if "active_disclosure" in layout.tables:
        active = layout.tables["active_disclosure"]
        results["active_disclosure"] = map_active(active.grids, by_year, active.captions)
    first = results["active_disclosure"].template if "active_disclosure" in results else None
    first_edition = reg.editions[first] if first else by_year
    if "applications" in layout.tables:
        applications = layout.tables["applications"]
        results["applications"] = map_applications(applications.grids, first_edition, applications.captions)
    around = _TextAround(doc, trace)
    for name, mapped in results.items():
        if any(w.code == "row_missing" for w in mapped.warnings):
            around.beside(mapped, paragraphs_beside(doc, layout.tables[name].grids), first_edition)
    if "applications" in results:
        results["applications"] = around.reread(results["applications"], first_edition)
    missing = [t for t in reg.table_ids if t not in layout.tables]
    glued = {}
    if missing:  # imported here: a DOCX, PDF or HTML with every table in cells never loads the segmenter
        from .mapping.glued import read_glued

        glued = read_glued(doc.paragraph_text(), missing, first_edition)
    for name, table in glued.items():
        if name != "reviews_litigation" and table.result.found:
            results[name] = table.result
        if trace is not None:
            trace += table.trace
    if not results and "reviews_litigation" not in layout.tables and not any(g.result.found for g in glued.values()):
        text = "".join((doc.paragraph_text() + "".join(g.text() for g in doc.grids)).split())
        if len(text) >= MIN_TEXT and "信息公开" not in text:
            raise NotAReport(f"{doc.path}: not a 政府信息公开工作年度报告 (the words 信息公开 appear nowhere in it)")
        raise NoStandardTable(
            f"{doc.path}: no standard table found (not a 政府信息公开工作年度报告, or its tables are images)"
        )
    edition = _report_edition(results, by_year, warnings)
    if "reviews_litigation" in layout.tables:
        reviews = layout.tables["reviews_litigation"]
        mapped = map_reviews(reviews.grids, edition or reg.latest, reviews.captions)
        results["reviews_litigation"] = around.reread(mapped, edition)
    elif "reviews_litigation" in glued and glued["reviews_litigation"].result.found:
        results["reviews_litigation"] = glued["reviews_litigation"].result
    if "reviews_litigation" in results:
        results["reviews_litigation"].template = edition.name if edition else None
    for name in reg.table_ids:
        if name not in results:
            results[name] = TableResult(name, False, None, None)
            results[name].warnings.append(warning("table_missing", f"table {reg.numeral(name)} not found", name))
        warnings += results[name].warnings
    default = edition or reg.latest
    by_table = {name: reg.editions[r.template] if r.template else default for name, r in results.items() if r.found}
    checks = run_checks({name: results[name] for name in reg.table_ids}, by_table)
    report = Report(
        source=SourceInfo(path=doc.path, format=doc.format, sha256=sha256, pages=doc.pages),
        report=ReportInfo(
            title=meta.title,
            agency=meta.agency,
            year=meta.year,
            template=_name(edition),
            published=meta.published,
            source_url=meta.source_url,
        ),
        tables={
            name: TableOut(
                found=results[name].found,
                template=EditionName(results[name].template)
                if results[name].found and results[name].template
                else None,
                rows=results[name].rows,
            )
            for name in reg.table_ids
        },
        cells=[
            CellOut(
                key=c.key,
                value=c.value,
                raw=c.raw,
                blank=c.blank,
                page=c.cell.source.page if c.cell else None,
                table=c.cell.source.table if c.cell else None,
                row=c.cell.source.row if c.cell else None,
                col=c.cell.source.col if c.cell else None,
                label=c.label,
                label_score=c.label_score,
                span=list(c.span) if c.span else None,
            )
            for name in reg.table_ids
            for c in results[name].cells
        ],
        checks=[
            CheckOut(id=c.id, status=c.status, ok=c.ok, row=c.row, column=c.column, message=c.message, cells=c.cells)
            for c in checks
        ],
        warnings=capped(warnings),
        sections=meta.sections,
    )
    annotate(report, doc)  # cells read by OCR: confidence, box, low-confidence and one-digit suggestions
    return report


class _TextAround:
    """Tables whose grids left cells unread, read again from the text around them (:mod:`.mapping.flow`):
    rows of table 二 or 三 a converter printed beside the grids (from the flow of those paragraphs), or
    table 三 or 四 cut into one piece per row (from the whole document's flow, laid out once, and only
    for such a table)."""

    def __init__(self, doc: Document, trace: list[str] | None) -> None:
        self.doc = doc
        self.trace = trace

    @cached_property
    def flow(self) -> Flow:
        from .mapping.flow import Flow  # loads the segmenter: only for such a table

        return Flow.of(self.doc)

    def beside(self, result: TableResult, paragraphs: list[Paragraph], fallback: Edition | None) -> None:
        """Rows the grids lack, read from ``paragraphs`` (:func:`.mapping.flow.rows_beside`)."""
        from .mapping.flow import Flow, rows_beside  # loads the segmenter: only for such a table

        rows_beside(result, Flow.of(self.doc, paragraphs), fallback)

    def reread(self, result: TableResult, fallback: Edition | None) -> TableResult:
        if result.complete:
            return result
        from .mapping.flow import reread_shredded  # loads the segmenter: only for such a table

        result, lines = reread_shredded(result, self.flow, fallback)
        if self.trace is not None:
            self.trace += lines
        return result


def _name(edition: Edition | None) -> EditionName | None:
    return EditionName(edition.name) if edition else None


def _report_edition(
    results: dict[str, TableResult], by_year: Edition | None, warnings: list[GiWarning]
) -> Edition | None:
    """The report's edition: table 二's header words decide (it differs most), then table 三's rows.

    A report whose tables disagree keeps each table's own rows and gets ``template_mixed``
    (keys.json "status"); one whose edition is unusual for its year gets ``template_year``.
    """
    reg = registry()
    own = {name: r.template for name, r in results.items() if r.found and r.template}
    name = own.get("active_disclosure") or own.get("applications")
    edition = reg.editions[name] if name else by_year
    if len(set(own.values())) > 1:
        tables = ", ".join(f"table {reg.numeral(n)} {t}" for n, t in own.items())
        warnings.append(
            warning(
                "template_mixed", f"tables follow different editions: {tables}; each table keeps the rows it prints"
            )
        )
    if edition and by_year and edition is not by_year:
        warnings.append(
            warning("template_year", f"tables follow the {edition.name} edition, unusual for a report on that year")
        )
    return edition
