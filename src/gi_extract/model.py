"""The output contract (``../shared/spec/output.md``, v1) as pydantic models.

``gi-extract schema`` prints :func:`json_schema`; every output validates against it.
Field names are stable; new fields may be added.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION: Literal["1"] = "1"
TemplateName = Literal["2019", "2021"]


def as_template(value: str | None) -> TemplateName | None:
    """A template name from the pipeline, checked: anything but 2019, 2021 or None is a bug."""
    if value == "2019":
        return "2019"
    if value == "2021":
        return "2021"
    if value is None:
        return None
    raise ValueError(f"unknown template {value!r}")


Number = int | float | None


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SourceInfo(_Model):
    path: str
    format: str = Field(description="docx, pdf, html or text: the format recognised from the file's content")
    sha256: str
    pages: int | None = None


class ReportInfo(_Model):
    title: str | None = None
    agency: str | None = Field(
        None, description="the organisation the title names, without year and 政府信息公开工作年度报告"
    )
    year: int | None = Field(None, description="the year reported on (title, else the 统计期限 sentence)")
    template: TemplateName | None = Field(None, description="which official format the tables follow")


class TableOut(_Model):
    found: bool
    template: TemplateName | None = None
    rows: dict[str, dict[str, Number]] | None = None


class CellOut(_Model):
    key: str
    value: Number
    raw: str
    blank: bool
    page: int | None = None
    table: int | None = None
    row: int | None = None
    col: int | None = None
    label: str
    label_score: float | None = None


class CheckOut(_Model):
    id: str
    status: Literal["pass", "fail", "incomplete"]
    ok: bool
    row: str | None = None
    column: str | None = None
    message: str
    cells: list[str]


class WarningOut(_Model):
    code: str
    message: str
    key: str | None = None


class Report(_Model):
    """What ``gi-extract FILE`` prints."""

    schema_version: Literal["1"] = SCHEMA_VERSION
    source: SourceInfo
    report: ReportInfo
    tables: dict[str, TableOut]
    cells: list[CellOut]
    checks: list[CheckOut]
    warnings: list[WarningOut]
    sections: dict[str, str]

    @property
    def failed_checks(self) -> list[CheckOut]:
        return [c for c in self.checks if not c.ok]

    @property
    def missing_tables(self) -> list[str]:
        return [name for name, t in self.tables.items() if not t.found]

    def to_json(self, indent: int | None = 2) -> str:
        """The report as JSON text, non-ASCII kept as is (``indent=None``: one line, no spaces).

        Why pydantic's serialiser and not ``json.dumps``: with an indent, ``json.dumps`` runs
        its pure-Python encoder, which took longer than reading a whole DOCX; the output is
        the same text (checked on every fixture by the golden tests).
        """
        return self.model_dump_json(indent=indent)


def json_schema() -> dict[str, object]:
    """The JSON Schema of :class:`Report` (draft 2020-12, as pydantic writes it)."""
    schema = Report.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "gi-extract report (output contract v1)"
    return schema
