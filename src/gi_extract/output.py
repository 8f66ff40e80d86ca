"""Writing results: atomic files and the long (one row per cell) CSV format.

Shared by the single-file CLI and bulk mode. Files appear whole or not at all (a temporary
file in the same folder, fsynced, then renamed), so a crash never leaves half a JSON behind.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from .errors import OutputError
from .model import Report

CSV_COLUMNS = [
    "path",
    "agency",
    "year",
    "key",
    "table",
    "row",
    "column",
    "value",
    "raw",
    "blank",
    "page",
    "label",
    "doubts",
]
"""The long format (one row per cell): which report, which cell, its value and how it was printed,
and ``doubts``: the codes of every warning on the cell, ``;``-separated (empty: none)."""


@contextmanager
def atomic_open(path: Path, bom: bool = False, durable: bool = True) -> Iterator[TextIO]:
    """A text file that appears whole at ``path`` when the block ends, or not at all.

    ``bom`` writes UTF-8 with a byte-order mark, which Excel needs to open CSV as UTF-8.
    ``durable=False`` skips the fsync: the rename still makes the file appear whole to every
    process (a killed run never leaves half a file), only a power cut may lose it. For caches
    that can be rebuilt, where an fsync per file would serialise parallel workers on the disk.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, 0o644)  # mkstemp's 0600 would make results unreadable to the rest of a team
        with os.fdopen(fd, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as fh:
            yield fh
            fh.flush()
            if durable:
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_atomic(path: Path, text: str, durable: bool = True) -> None:
    """Write text so that ``path`` is either the old file or the whole new one, never a part."""
    with atomic_open(path, durable=durable) as fh:
        fh.write(text)


def require_folder(path: Path) -> None:
    """Refuse an output whose folder does not exist: a typo in ``-o`` must not create folders."""
    if not Path(os.path.realpath(path)).parent.is_dir():
        raise OutputError(f"{path}: cannot write (the folder {path.parent} does not exist)")


def write_output(path: Path, text: str) -> None:
    """Write a result where the user's ``-o`` points: a file atomically, anything else as it is.

    A symlink is written through (its target replaced, the link kept); a FIFO, a device or a
    socket (``-o /dev/stdout``, a pipe a reader waits on) is written to as a stream, since
    renaming a file over it would replace it for every later user. The folder must exist
    (:func:`require_folder`). Every failure is an :class:`OutputError`.
    """
    target = Path(os.path.realpath(path))
    require_folder(path)
    try:
        if target.exists() and not target.is_file():
            with target.open("w", encoding="utf-8", newline="") as fh:
                fh.write(text)
        else:
            write_atomic(target, text)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write ({exc.strerror or exc})") from None


def csv_rows(report: Report, path: str | None = None) -> Iterator[list[object]]:
    """Long-format rows (:data:`CSV_COLUMNS`) of a report's cells (``path`` overrides the report's own)."""
    doubts: dict[str, list[str]] = {}
    for w in report.warnings:
        if w.key:
            doubts.setdefault(w.key, []).append(w.code)
    year = "" if report.report.year is None else report.report.year
    lead = [report.source.path if path is None else path, report.report.agency or "", year]
    for cell in report.cells:
        key, value, page = cell.key, cell.value, cell.page
        table, rest = key.split(".", 1)
        row, column = rest.rsplit(".", 1)
        codes = doubts.get(key, []) + doubts.get(f"{table}.{row}", []) + doubts.get(table, [])
        yield [
            *lead,
            key,
            table,
            row,
            column,
            "" if value is None else value,
            cell.raw,
            cell.blank,
            "" if page is None else page,
            cell.label,
            ";".join(dict.fromkeys(codes)),
        ]


def report_to_csv(report: Report) -> str:
    """The long format of one report, header included (``gi-extract --format csv``)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(csv_rows(report))
    return buf.getvalue()
