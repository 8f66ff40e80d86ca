"""The output contract (docs/output.md, v1): what ``gi-extract FILE`` prints and ``extract`` returns.

Plain dataclasses, so that building and printing a report costs no more than the data: a
one-report run does not import pydantic. pydantic is the contract's checker instead:
:func:`json_schema` and :func:`validate` build a ``TypeAdapter`` over these classes (their
attribute docstrings become the schema's descriptions, ``extra="forbid"`` refuses unknown
fields), and the tests validate every output against it. The edition names allowed in
``template`` fields, and the canonical keys listed in the schema, come from the template
registry, never from this file. Field names are stable; new fields may be added.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from functools import cache
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from .warnings import GiWarning

if TYPE_CHECKING:
    from pydantic import GetCoreSchemaHandler, TypeAdapter
    from pydantic_core import CoreSchema

SCHEMA_VERSION: Literal["1"] = "1"
Number = int | float | None
_CONFIG = {"extra": "forbid", "use_attribute_docstrings": True}
_OMIT_WHEN_NONE = {"omit_when_none": True}
"""Field metadata: the field is left out of the JSON when it has no value (OCR facts, absent for text files), so
outputs of files with a text layer stay exactly as they were."""


class EditionName(str):
    """The name of an edition of the format (``"2019"``, ``"2021"``): one the registry holds."""

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        from pydantic_core import core_schema

        from .template import registry

        return core_schema.literal_schema(list(registry().names))


@dataclass(slots=True, kw_only=True)
class SourceInfo:
    __pydantic_config__: ClassVar[dict[str, object]] = _CONFIG

    path: str
    """The input as given (in bulk mode: relative to the input folder)."""
    format: str
    """docx, doc, wps, pdf, html or text: the format recognised from the file's content."""
    sha256: str
    """SHA-256 of the input's bytes."""
    pages: int | None = None
    """Number of pages (PDF); null for formats without pages."""


@dataclass(slots=True, kw_only=True)
class ReportInfo:
    __pydantic_config__: ClassVar[dict[str, object]] = _CONFIG

    title: str | None = None
    """The report's title as printed (or as the page or file names it)."""
    agency: str | None = None
    """The organisation the title names, without the year and 政府信息公开工作年度报告."""
    year: int | None = None
    """The year reported on (title, else the 统计期限 sentence), not the publication year."""
    template: EditionName | None = None
    """Which edition of the official format the tables follow."""
    published: str | None = None
    """The publication date a crawled page's header states (发布时间), as YYYY-MM-DD; null if none."""
    source_url: str | None = None
    """The page's address a crawled page's header states (原文链接); null if none."""


@dataclass(slots=True, kw_only=True)
class TableOut:
    __pydantic_config__: ClassVar[dict[str, object]] = _CONFIG

    found: bool
    """Whether the standard table was found; when false, rows is null."""
    template: EditionName | None = None
    """The edition this table's rows follow (a table may differ from the report: template_mixed)."""
    rows: dict[str, dict[str, Number]] | None = None
    """Row key → column key → value (null: not readable, see warnings)."""


@dataclass(slots=True, kw_only=True)
class CellOut:
    __pydantic_config__: ClassVar[dict[str, object]] = _CONFIG

    key: str
    """table.row.column, the canonical key."""
    value: Number
    """The number read (null when it could not be read; see warnings with this key)."""
    raw: str
    """The cell's text as printed."""
    blank: bool
    """True when the cell was printed empty (read as 0)."""
    page: int | None = None
    """1-based page of the cell (PDF)."""
    table: int | None = None
    """0-based index of the source table among the document's tables."""
    row: int | None = None
    """0-based row of the cell in its source table."""
    col: int | None = None
    """0-based column of the cell in its source table."""
    label: str = ""
    """The row label as printed."""
    label_score: float | None = None
    """Similarity (0-100) of the printed label to the template label it was matched to."""
    span: list[int] | None = None
    """[start, end) character offsets of a value read from text whose cells were glued together,
    in the report's paragraphs joined by newlines; null for values read from a table's cells."""
    confidence: float | None = field(default=None, metadata=_OMIT_WHEN_NONE)
    """Recognition confidence (0-1) of a value read by OCR from a scanned page (its least sure character);
    absent for values read from a file's own text."""
    box: list[int] | None = field(default=None, metadata=_OMIT_WHEN_NONE)
    """[x0, top, x1, bottom] of a cell read by OCR, in pixels of its page rendered at 200 dpi and straightened;
    absent for values read from a file's own text."""


@dataclass(slots=True, kw_only=True)
class CheckOut:
    __pydantic_config__: ClassVar[dict[str, object]] = _CONFIG

    id: str
    """The rule (README, "Checks")."""
    status: Literal["pass", "fail", "incomplete"]
    """pass; fail: the printed numbers break it; incomplete: it breaks only through blank or unreadable cells."""
    ok: bool
    """status == "pass"."""
    row: str | None = None
    """The row the rule was applied to (rules applied per row)."""
    column: str | None = None
    """The column the rule was applied to (rules applied per column)."""
    message: str
    """The rule with the numbers, e.g. "total: 一+二 vs 三（七）+四: 112+1 = 113 but 108+4 = 112"."""
    cells: list[str]
    """The keys of every cell the rule reads."""


@dataclass(slots=True, kw_only=True)
class Report:
    """What ``gi-extract FILE`` prints: one report's standard tables, checked."""

    __pydantic_config__: ClassVar[dict[str, object]] = _CONFIG

    schema_version: Literal["1"] = SCHEMA_VERSION
    """The output contract's version."""
    source: SourceInfo
    """The input."""
    report: ReportInfo
    """Title, agency, year and edition."""
    tables: dict[str, TableOut]
    """active_disclosure (二), applications (三), reviews_litigation (四)."""
    cells: list[CellOut] = field(default_factory=list)
    """Every cell of every table found, with where it was printed."""
    checks: list[CheckOut] = field(default_factory=list)
    """The template's arithmetic, applied."""
    warnings: list[GiWarning] = field(default_factory=list)
    """Every doubt met (README, "Warnings")."""
    sections: dict[str, str] = field(default_factory=dict)
    """The text under each of the six section headings, tables left out."""

    @property
    def failed_checks(self) -> list[CheckOut]:
        return [c for c in self.checks if not c.ok]

    @property
    def missing_tables(self) -> list[str]:
        return [name for name, t in self.tables.items() if not t.found]

    def to_dict(self) -> dict[str, Any]:
        """The report as plain JSON data, fields in the contract's order."""
        out: dict[str, Any] = _plain(self)
        return out

    def to_json(self, indent: int | None = 2) -> str:
        """The report as JSON text, non-ASCII kept as is (``indent=None``: one line, no spaces)."""
        return json_text(self.to_dict(), indent)


def json_text(data: dict[str, Any], indent: int | None = 2) -> str:
    """A report's plain data (:meth:`Report.to_dict`) as :meth:`Report.to_json` writes it.

    For callers that write one report several ways (bulk's JSON file and reports.jsonl line):
    :meth:`Report.to_dict` is then paid once, not per text.
    """
    separators = (",", ":") if indent is None else (",", ": ")
    return json.dumps(data, ensure_ascii=False, indent=indent, separators=separators)


def _plain(value: Any) -> Any:
    """Dataclasses → dicts (fields in order), recursively; everything else as it is."""
    if hasattr(value, "__dataclass_fields__"):
        return {
            f.name: _plain(getattr(value, f.name))
            for f in fields(value)
            if not (f.metadata.get("omit_when_none") and getattr(value, f.name) is None)
        }
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


@cache
def _adapter() -> TypeAdapter[Report]:
    from pydantic import TypeAdapter

    return TypeAdapter(Report)


def validate(data: dict[str, Any] | str | bytes) -> Report:
    """A report read back from its JSON (text or parsed), checked against the contract.

    Raises ``pydantic.ValidationError`` naming every field that does not fit.
    """
    if isinstance(data, (str, bytes)):
        return _adapter().validate_json(data)
    return _adapter().validate_python(data)


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) every output validates against, with the editions' keys.

    ``x-canonical-keys`` lists, per edition, every table's row keys and their column keys, so a
    consumer can check key names as well as shapes.
    """
    from .template import registry

    schema = _adapter().json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "gi-extract report (output contract v1)"
    schema["x-canonical-keys"] = {
        edition.name: {
            table: {row: list(cols) for row, cols in spec.cells.items()} for table, spec in edition.tables.items()
        }
        for edition in registry().editions.values()
    }
    return schema
