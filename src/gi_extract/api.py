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
from .errors import NoStandardTable
from .grid import Document
from .labels import contains_any, normalise
from .locate import SECTION_TABLE, SIGNATURES, Layout, locate
from .mapping import TableResult, Warning_, map_active, map_applications, map_reviews
from .metadata import extract_metadata
from .model import CellOut, CheckOut, Report, ReportInfo, SourceInfo, TableOut, WarningOut, as_template
from .readers import read
from .template import TABLE_NUMERALS, TABLES, load

FIRST_2021_YEAR = 2021
"""国办公开办函〔2021〕30号: reports for 2021 onwards use the revised format (keys.json)."""


def template_for_year(year: int | None) -> str | None:
    """The format a report of that year should follow (2019 for 2019–2020, 2021 after)."""
    if year is None:
        return None
    return "2021" if year >= FIRST_2021_YEAR else "2019"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def extract(path: str | Path) -> Report:
    """Read one report and return the validated output model.

    Raises :class:`~gi_extract.errors.GiExtractError` (exit 3) when the file cannot be read
    or holds none of the three standard tables; everything else is a result in the model.
    """
    p = Path(path)
    doc = read(p)
    return build_report(doc, sha256_of(p))


def build_report(doc: Document, sha256: str, layout: Layout | None = None) -> Report:
    """Run locate → mapping → checks on a read document and assemble the output.

    ``layout`` is locate's result when the caller has it already (``inspect`` shows it too).
    """
    layout = layout or locate(doc)
    meta = extract_metadata(doc, layout)
    warnings = [Warning_(code, msg, None) for code, msg in doc.warnings]
    warnings += [Warning_(code, msg, key) for code, msg, key in layout.warnings]
    warnings += [Warning_(code, msg, None) for code, msg in meta.warnings]
    by_year = template_for_year(meta.year)
    results: dict[str, TableResult] = {}
    if "active_disclosure" in layout.tables:
        results["active_disclosure"] = map_active(layout.tables["active_disclosure"].grids, by_year)
    first = results["active_disclosure"].template if "active_disclosure" in results else None
    if "applications" in layout.tables:
        results["applications"] = map_applications(layout.tables["applications"].grids, first or by_year)
    if "reviews_litigation" in layout.tables:
        results["reviews_litigation"] = map_reviews(layout.tables["reviews_litigation"].grids)
    glued = _glued_tables(doc, layout)
    if not results and not glued:
        raise NoStandardTable(
            f"{doc.path}: no standard table found (not a 政府信息公开工作年度报告, or its tables are images)"
        )
    template = _report_template(results, by_year, warnings)
    for name in TABLES:
        if name not in results:
            results[name] = _missing_table(name, glued, template)
        if name == "reviews_litigation" and results[name].found:
            results[name].template = template
        warnings += results[name].warnings
    checks = run_checks(results)
    return Report(
        source=SourceInfo(path=doc.path, format=doc.format, sha256=sha256, pages=doc.pages),
        report=ReportInfo(title=meta.title, agency=meta.agency, year=meta.year, template=as_template(template)),
        tables={
            name: TableOut(found=r.found, template=as_template(r.template) if r.found else None, rows=r.rows)
            for name, r in results.items()
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
            for name in TABLES
            for c in results[name].cells
        ],
        checks=[
            CheckOut(id=c.id, status=c.status, ok=c.ok, row=c.row, column=c.column, message=c.message, cells=c.cells)
            for c in checks
        ],
        warnings=[WarningOut(code=w.code, message=w.message, key=w.key) for w in warnings],
        sections=meta.sections,
    )


def _report_template(results: dict[str, TableResult], by_year: str | None, warnings: list[Warning_]) -> str | None:
    """The report's format: table 二's header words decide (it differs most), then table 三's （六）.

    A report whose tables disagree keeps each table's own rows and gets ``template_mixed``
    (keys.json "status"); one whose format disagrees with its year gets ``template_year``.
    """
    own = {name: r.template for name, r in results.items() if r.found and r.template and name != "reviews_litigation"}
    template = own.get("active_disclosure") or own.get("applications") or by_year
    if len(set(own.values())) > 1:
        warnings.append(
            Warning_(
                "template_mixed",
                "tables follow different formats: "
                + ", ".join(f"table {TABLE_NUMERALS[n]} {t}" for n, t in own.items())
                + "; each table keeps the rows it prints",
                None,
            )
        )
    if template and by_year and template != by_year:
        warnings.append(
            Warning_("template_year", f"tables follow the {template} format, unusual for a report on that year", None)
        )
    return template


def _missing_table(name: str, glued: dict[str, str], template: str | None) -> TableResult:
    """A table not found as a grid: glued text under its heading (``glued``), or simply absent."""
    numeral = TABLE_NUMERALS[name]
    if name in glued:
        rows = _empty_rows(name, template or "2021")
        result = TableResult(name, True, None, rows)
        result.warnings.append(
            Warning_(
                "cells_glued",
                f"table {numeral} is printed as text with its cells glued together ({glued[name]!r}…); "
                "cell boundaries cannot be known, values left null",
                name,
            )
        )
        return result
    result = TableResult(name, False, None, None)
    result.warnings.append(Warning_("table_missing", f"table {numeral} not found in the document", name))
    return result


def _empty_rows(name: str, template: str) -> dict[str, dict[str, int | float | None]]:
    tpl = load()
    if name == "active_disclosure":
        return {row: dict.fromkeys(block.columns) for row, block in tpl.active_rows(template).items()}
    if name == "applications":
        return {r.key: dict.fromkeys(tpl.application_columns) for r in tpl.application_rows(template)}
    return {g: dict.fromkeys(tpl.review_columns) for g in tpl.review_rows}


_GLUED = re.compile(r"[\u4e00-\u9fff）]\d{2,}")


def _glued_tables(doc: Document, layout: Layout) -> dict[str, str]:
    """Tables whose section holds no grid but paragraphs of labels run into digits (``规章000``)."""
    out: dict[str, str] = {}
    for heading, paragraph in layout.paragraphs:
        table = SECTION_TABLE.get(heading[0]) if heading else None
        if table is None or table in layout.tables or table in out:
            continue
        text = normalise(paragraph.text)
        if _GLUED.search(text) and contains_any(text, SIGNATURES[table]):
            out[table] = paragraph.text.strip()[:30]
    return out
