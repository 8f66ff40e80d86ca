"""The library's front door: :func:`extract` runs the whole pipeline on one file.

readers → locate → mapping (labels, values) → checks → model. The CLI and bulk mode are
thin faces over this function; anything they print can be had from Python too::

    >>> from gi_extract import extract
    >>> report = extract("report.docx")
    >>> report.tables["applications"].rows["new_received"]["total"]
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from .checks import run_checks
from .errors import GiExtractError, InternalError, NoStandardTable
from .grid import Document
from .labels import contains_any, normalise
from .locate import Layout, locate
from .mapping import TableResult, map_active, map_applications, map_reviews
from .metadata import extract_metadata
from .model import CellOut, CheckOut, EditionName, Report, ReportInfo, SourceInfo, TableOut
from .readers import read
from .template import Edition, registry
from .warnings import GiWarning, warning


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def extract(path: str | Path) -> Report:
    """Read one report and return the output model.

    Raises :class:`~gi_extract.errors.UnreadableInput` (exit 3) when the file cannot be read
    or holds none of the three standard tables, :class:`~gi_extract.errors.ConfigurationError`
    (exit 4) when the template files are broken, and :class:`~gi_extract.errors.InternalError`
    (exit 4) for a bug; everything else is a result in the model.
    """
    p = Path(path)
    try:
        doc = read(p)
        return build_report(doc, sha256_of(p))
    except GiExtractError:
        raise
    except Exception as exc:  # a bug: one line naming the file, not a traceback (--debug shows it)
        raise InternalError.wrap(p, exc) from exc


def build_report(doc: Document, sha256: str, layout: Layout | None = None) -> Report:
    """Run locate → mapping → checks on a read document and assemble the output.

    ``layout`` is locate's result when the caller has it already (``inspect`` shows it too).
    """
    reg = registry()
    layout = layout or locate(doc)
    meta = extract_metadata(doc, layout)
    warnings: list[GiWarning] = [*doc.warnings, *layout.warnings, *meta.warnings]
    by_year = reg.for_year(meta.year)
    results: dict[str, TableResult] = {}
    if "active_disclosure" in layout.tables:
        results["active_disclosure"] = map_active(layout.tables["active_disclosure"].grids, by_year)
    first = results["active_disclosure"].template if "active_disclosure" in results else None
    if "applications" in layout.tables:
        fallback = reg.editions[first] if first else by_year
        results["applications"] = map_applications(layout.tables["applications"].grids, fallback)
    glued = _glued_tables(doc, layout)
    if not results and "reviews_litigation" not in layout.tables and not glued:
        raise NoStandardTable(
            f"{doc.path}: no standard table found (not a 政府信息公开工作年度报告, or its tables are images)"
        )
    edition = _report_edition(results, by_year, warnings)
    if "reviews_litigation" in layout.tables:
        reviews = layout.tables["reviews_litigation"]
        results["reviews_litigation"] = map_reviews(reviews.grids, edition or reg.latest, reviews.captions)
        if edition is not None:
            results["reviews_litigation"].template = edition.name
    for name in reg.table_ids:
        if name not in results:
            results[name] = _missing_table(name, glued, edition or reg.latest)
        warnings += results[name].warnings
    default = edition or reg.latest
    by_table = {name: reg.editions[r.template] if r.template else default for name, r in results.items() if r.found}
    checks = run_checks({name: results[name] for name in reg.table_ids}, by_table)
    return Report(
        source=SourceInfo(path=doc.path, format=doc.format, sha256=sha256, pages=doc.pages),
        report=ReportInfo(title=meta.title, agency=meta.agency, year=meta.year, template=_name(edition)),
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
            )
            for name in reg.table_ids
            for c in results[name].cells
        ],
        checks=[
            CheckOut(id=c.id, status=c.status, ok=c.ok, row=c.row, column=c.column, message=c.message, cells=c.cells)
            for c in checks
        ],
        warnings=warnings,
        sections=meta.sections,
    )


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


def _missing_table(name: str, glued: dict[str, str], edition: Edition) -> TableResult:
    """A table not found as a grid: glued text under its heading (``glued``), or simply absent."""
    numeral = registry().numeral(name)
    if name in glued:
        rows = {row: dict.fromkeys(cols) for row, cols in edition.tables[name].cells.items()}
        result = TableResult(name, True, edition.name, rows)
        result.warnings.append(
            warning(
                "cells_glued",
                f"table {numeral} is printed as text with its cells glued together ({glued[name]!r}…); "
                "cell boundaries cannot be known, values left null",
                name,
            )
        )
        return result
    result = TableResult(name, False, None, None)
    result.warnings.append(warning("table_missing", f"table {numeral} not found in the document", name))
    return result


_GLUED = re.compile(r"[\u4e00-\u9fff）]\d{2,}")


def _glued_tables(doc: Document, layout: Layout) -> dict[str, str]:
    """Tables whose section holds no grid but paragraphs of labels run into digits (``规章000``)."""
    reg = registry()
    out: dict[str, str] = {}
    for heading, paragraph in layout.paragraphs:
        table = reg.section_tables.get(heading[0]) if heading else None
        if table is None or table in layout.tables or table in out:
            continue
        text = normalise(paragraph.text)
        if _GLUED.search(text) and contains_any(text, reg.signatures[table]):
            out[table] = paragraph.text.strip()[:30]
    return out
