"""The template registry: every edition of the official report format, as data.

``report.json`` holds what all editions share (the six sections, which section holds which
standard table, the words that tell a standard table from other tables, heading numbering);
``editions/<name>.json`` holds one edition each (国办公开办函〔2019〕60号, 〔2021〕30号): its
years, the header words that identify it, its tables' rows, columns, canonical keys, official
labels and the wordings seen in real reports, and its arithmetic. No Python file names an
edition: a new one is a new file in ``editions/`` (plus fixtures), nothing else.

Loading validates. Each file is checked with pydantic (:mod:`.schema`: unknown keys, rules
naming cells that do not exist, duplicate labels) unless its exact bytes were validated
before: ``validated.json`` lists the SHA-256 of the shipped files, written by
``scripts/validate_template.py`` only after they pass, and a test keeps it true. That keeps
pydantic's import (most of a one-report run's start-up) out of every run, while an edited or
added file is always validated before it is used. A broken file stops the run with
:class:`~gi_extract.errors.ConfigurationError` (exit 4), naming the file, the place and line.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cache, cached_property
from itertools import pairwise
from pathlib import Path
from typing import Any

from ..errors import ConfigurationError
from .spec import (
    Column,
    CrossRule,
    Edition,
    Row,
    Rule,
    Section,
    Skeleton,
    TableSpec,
    edition_from,
    row_rule,
    skeleton_from,
)

HERE = Path(__file__).resolve().parent
SKELETON = "report.json"
EDITIONS = "editions"
LOCK = "validated.json"
MIN_SIGNATURE = 2
"""Signature words of one table (``report.json``) that make a grid, drawing or HTML table that table."""

__all__ = [
    "MIN_SIGNATURE",
    "Column",
    "CrossRule",
    "Edition",
    "Registry",
    "Row",
    "Rule",
    "TableSpec",
    "load",
    "registry",
    "row_rule",
]


@dataclass(frozen=True)
class Registry:
    """The loaded template: the shared skeleton and every edition, oldest first."""

    skeleton: Skeleton
    editions: dict[str, Edition]
    fingerprint: str
    """SHA-256 over every template file: results made with another fingerprint may differ."""

    @cached_property
    def table_ids(self) -> tuple[str, ...]:
        """The standard tables, in report order (二, 三, 四)."""
        return tuple(t.id for t in self.skeleton.tables)

    def numeral(self, table: str) -> str:
        """The section numeral a table is printed under (二 for active_disclosure)."""
        return next(t.numeral for t in self.skeleton.tables if t.id == table)

    @cached_property
    def signatures(self) -> dict[str, tuple[str, ...]]:
        """Table id → the words only that table prints."""
        return {t.id: t.signature for t in self.skeleton.tables}

    def prints_a_table(self, text: str) -> bool:
        """Whether ``text`` (spaces squeezed out) prints :data:`MIN_SIGNATURE` of one table's own words."""
        return any(sum(w in text for w in words) >= MIN_SIGNATURE for words in self.signatures.values())

    def header_words(self, table: str) -> tuple[str, ...]:
        """Words only the table's header rows print."""
        return next(t.header_words for t in self.skeleton.tables if t.id == table)

    @cached_property
    def sections(self) -> dict[str, Section]:
        """Canonical heading → section."""
        return {s.heading: s for s in self.skeleton.sections}

    @cached_property
    def section_tables(self) -> dict[str, str]:
        """Section numeral → the standard table printed in that section."""
        return {s.numeral: s.table for s in self.skeleton.sections if s.table}

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self.editions)

    @property
    def latest(self) -> Edition:
        """The newest edition: the default when nothing in a report says otherwise."""
        return next(reversed(self.editions.values()))

    def for_year(self, year: int | None) -> Edition | None:
        """The edition reports on ``year`` should follow (None for an unknown year)."""
        if year is None:
            return None
        return next((e for e in self.editions.values() if e.covers(year)), None)

    @cached_property
    def _union(self) -> dict[str, tuple[list[Row], dict[str, Column]]]:
        out: dict[str, tuple[list[Row], dict[str, Column]]] = {}
        for table in self.table_ids:
            rows: list[Row] = []
            columns: dict[str, Column] = {}
            for edition in reversed(self.editions.values()):  # newest first: its wording wins
                spec = edition.tables[table]
                known = {r.key for r in rows}
                for n, row in enumerate(spec.rows):
                    if row.key in known:
                        continue
                    before = [r.key for r in spec.rows[:n] if r.key in known]
                    at = max((i for i, r in enumerate(rows) if r.key in before), default=-1) + 1
                    rows.insert(at, row)
                    known.add(row.key)
                for key, column in spec.columns.items():
                    columns.setdefault(key, column)
            out[table] = (rows, columns)
        return out

    def all_rows(self, table: str) -> list[Row]:
        """Every row any edition gives ``table``, in printed order (a report may mix editions)."""
        return list(self._union[table][0])

    def item_groups(self, table: str) -> tuple[str, ...]:
        """Labels of ``table``'s groups whose rows are numbered items (``（三）不予公开``), in any edition.

        Such a group label prints no values of its own; a group holding one row (2019's
        ``（六）其他处理``) is a row label and is not among them.
        """
        return tuple(
            dict.fromkeys(
                spec.groups[row.group].label
                for spec in (e.tables[table] for e in self.editions.values())
                for row in spec.rows
                if row.group in spec.groups and "." in row.key
            )
        )

    def all_columns(self, table: str) -> dict[str, Column]:
        """Every column any edition gives ``table``, by key."""
        return dict(self._union[table][1])


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def template_files(root: Path = HERE) -> list[Path]:
    """The template's data files: the skeleton, then the editions by name."""
    return [root / SKELETON, *sorted((root / EDITIONS).glob("*.json"))]


def _relative(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()


def load(root: Path = HERE, validate: bool = False) -> Registry:
    """Read, check and build the registry from ``root`` (``validate``: check every file with pydantic)."""
    files = template_files(root)
    lock = _read_lock(root)
    digest = hashlib.sha256()
    datas: dict[str, dict[str, Any]] = {}
    for path in files:
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise ConfigurationError(f"{path}: template file cannot be read ({exc.strerror or exc})") from None
        name = _relative(path, root)
        digest.update(name.encode() + b"\0" + raw + b"\0")
        data = _parse(path, raw)
        if validate or lock.get(name) != _digest(raw):
            _validate(path, raw, data, skeleton=name == SKELETON)
        datas[name] = data
    skeleton = skeleton_from(datas.pop(SKELETON))
    editions = [edition_from(d) for d in datas.values()]
    _check_together(root, skeleton, editions, list(datas))
    editions.sort(key=lambda e: e.first_year)
    return Registry(skeleton, {e.name: e for e in editions}, digest.hexdigest())


@cache
def registry() -> Registry:
    """The packaged template, loaded once per process."""
    return load()


def write_lock(root: Path = HERE) -> Path:
    """Validate every file with pydantic, then record their digests in ``validated.json``."""
    load(root, validate=True)
    files = {_relative(p, root): _digest(p.read_bytes()) for p in template_files(root)}
    about = "SHA-256 of the template files as last validated by scripts/validate_template.py (see __init__.py)."
    target = root / LOCK
    target.write_text(json.dumps({"about": about, "files": files}, indent=2) + "\n", encoding="utf-8")
    return target


def _read_lock(root: Path) -> dict[str, str]:
    """Digests of files known to be valid; an unreadable lock only means everything is validated."""
    try:
        files = json.loads((root / LOCK).read_text("utf-8"))["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    return {str(k): str(v) for k, v in files.items()} if isinstance(files, dict) else {}


def _parse(path: Path, raw: bytes) -> dict[str, Any]:
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ConfigurationError(f"{path}: template file is not UTF-8 (byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise ConfigurationError(f"{path}: line {exc.lineno}: invalid JSON ({exc.msg})") from None
    if not isinstance(data, dict):
        raise ConfigurationError(f"{path}: line 1: a template file holds one JSON object")
    return data


def _validate(path: Path, raw: bytes, data: dict[str, Any], skeleton: bool) -> None:
    """Check one file against its pydantic schema; the first problem becomes a ConfigurationError."""
    from pydantic import ValidationError

    from .schema import EditionModel, SkeletonModel

    model = SkeletonModel if skeleton else EditionModel
    try:
        model.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors()
        text = raw.decode("utf-8")
        parts = []
        for error in errors[:3]:
            where = ".".join(str(p) for p in error["loc"]) or "(top level)"
            message = str(error["msg"]).removeprefix("Value error, ")
            value = error.get("input")
            got = f" (got {value!r})" if isinstance(value, (str, int, float)) and error["type"] != "missing" else ""
            parts.append(f"{where}: {message}{got}")
        more = f" (and {len(errors) - 3} more)" if len(errors) > 3 else ""
        line = _line_of(text, tuple(errors[0]["loc"]))
        raise ConfigurationError(f"{path}: line {line}: {'; '.join(parts)}{more}") from None


def _check_together(root: Path, skeleton: Skeleton, editions: list[Edition], names: list[str]) -> None:
    """What no single file can check: every edition has the skeleton's tables; years do not overlap."""
    tables = [t.id for t in skeleton.tables]
    if not editions:
        raise ConfigurationError(f"{root / EDITIONS}: no edition file")
    for edition, name in zip(editions, names, strict=True):
        path = root / name
        if Path(name).stem != edition.name:
            raise ConfigurationError(f"{path}: edition {edition.name!r} must be in a file named {edition.name}.json")
        if sorted(edition.tables) != sorted(tables):
            raise ConfigurationError(
                f"{path}: tables: has {', '.join(sorted(edition.tables))}; every edition has {', '.join(tables)}"
            )
    ordered = sorted(editions, key=lambda e: e.first_year)
    for before, after in pairwise(ordered):
        if before.last_year is None or before.last_year >= after.first_year:
            raise ConfigurationError(
                f"{root / EDITIONS}: editions {before.name} and {after.name} both cover {after.first_year}"
            )


def _line_of(text: str, loc: tuple[Any, ...]) -> int:
    """The line where the value at ``loc`` (a pydantic error location) starts in the JSON text."""
    lines = _value_lines(text)
    while loc and loc not in lines:
        loc = loc[:-1]
    return lines.get(loc, 1)


def _value_lines(text: str) -> dict[tuple[Any, ...], int]:
    """Path → line of every value in a JSON document (for error messages; not on any hot path)."""
    out: dict[tuple[Any, ...], int] = {}
    pos = 0
    decoder = json.JSONDecoder()

    def skip() -> None:
        nonlocal pos
        while pos < len(text) and text[pos] in " \t\r\n":
            pos += 1

    def value(path: tuple[Any, ...]) -> None:
        nonlocal pos
        skip()
        out[path] = text.count("\n", 0, pos) + 1
        if text.startswith("{", pos):
            pos += 1
            skip()
            while pos < len(text) and text[pos] != "}":
                key, pos = decoder.raw_decode(text, pos)
                skip()
                pos += 1  # the colon
                value((*path, key))
                skip()
                if text.startswith(",", pos):
                    pos += 1
                    skip()
            pos += 1
        elif text.startswith("[", pos):
            pos += 1
            skip()
            n = 0
            while pos < len(text) and text[pos] != "]":
                value((*path, n))
                n += 1
                skip()
                if text.startswith(",", pos):
                    pos += 1
                    skip()
            pos += 1
        else:
            _, pos = decoder.raw_decode(text, pos)

    try:
        value(())
    except (ValueError, IndexError):
        pass
    return out
