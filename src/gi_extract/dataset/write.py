"""The research tables of a bulk run: values, reports, checks (CSV, and Parquet with pyarrow), codebook.

Why split this way: a bulk run's parent must stay cheap per report (it is the one serial part),
so each worker formats its report's rows (:func:`sections`, beside its share of facts.csv) and
the parent only copies bytes, in path order, into ``values.csv``, ``reports.csv`` and
``checks.csv`` (:class:`DatasetFiles`), and, with pyarrow, hands the same bytes in chunks to a
thread that converts them to Parquet while the run goes on (:class:`_ParquetStream`, typed by the
codebook: counts as integers, amounts and rates as floats). At the end it appends the
cross-report checks and writes ``codebook.csv``. Without pyarrow the CSVs are still written, and
:attr:`DatasetFiles.notes` says how to get the Parquet files.

CSV files are UTF-8 with a BOM, so Excel and WPS open them as such; empty fields are empty
(never ``NA``), numbers are printed as Python prints them.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import ExitStack
from functools import cache
from importlib import import_module
from importlib.util import find_spec
from pathlib import Path
from typing import Any, TextIO

from ..crosscheck import CrossCheck
from ..model import Report
from ..output import atomic_open
from .codes import codes
from .rows import CHECK_COLUMNS, LONG_COLUMNS, ReportData, build, cross_rows

VALUES, WIDE, CHECKS, CODEBOOK = "values", "reports", "checks", "codebook.csv"
CODEBOOK_COLUMNS = [
    "code",
    "kind",
    "key",
    "label",
    "table",
    "editions",
    "unit",
    "formula",
    "comparable",
    "note",
    "empty_when",
]
PARQUET_HINT = "pip install 'gi-extract[dataset]'"
INTEGER_UNITS = frozenset({"count", "signed", "year"})


@cache
def wide_columns() -> list[str]:
    """reports.csv's columns: who and what each report is, then every variable's code."""
    return [v.code for v in codes().all]


def _csv(rows: Iterable[Iterable[object]]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return buf.getvalue()


_END = "\x1e\n"
"""A line end no cell text holds (the record separator): lets tails be formatted in one call and split."""


def _lines(lead: list[object], tails: list[list[object]]) -> str:
    """CSV lines of ``lead + tail`` for each tail, the lead formatted once (most of a row's bytes)."""
    if not tails:
        return ""
    buf = io.StringIO()
    csv.writer(buf, lineterminator=_END).writerows(tails)
    text = buf.getvalue()
    if text.count(_END) != len(tails):  # a cell holding the separator itself: format row by row
        return _csv([*lead, *tail] for tail in tails)
    head = _csv([lead])[:-1] + ","
    return head + text[: -len(_END)].replace(_END, "\n" + head) + "\n"


def sections(report: Report, path: str) -> tuple[str, str, str]:
    """One report's share of values.csv, reports.csv (one line) and checks.csv, formatted (in a worker)."""
    built = build(ReportData.from_report(report, path))
    wide = [("" if (v := built.wide.get(c)) is None else v) for c in wide_columns()]
    return _lines(built.lead, built.tails), _csv([wide]), _lines(built.check_lead, built.check_tails)


def codebook_rows() -> list[list[str]]:
    return [
        [
            v.code,
            v.kind,
            v.key,
            v.label,
            v.table,
            ";".join(v.editions),
            v.unit,
            v.formula,
            v.comparable,
            v.note,
            *[v.empty_when],
        ]
        for v in codes().all
    ]


CHUNK_BYTES = 4 << 20
"""CSV bytes converted to Parquet at a time, in a thread while the run goes on (one row group each)."""


class _ParquetStream:
    """One Parquet file built from the CSV bytes of its table as they come, in a thread of its own.

    Why: converting the CSV files after the run took 0.3-0.7 ms a report of wall time at its end,
    when the workers are done (over 10 % of a short run); converted in chunks while they work, it
    mostly overlaps them (pyarrow's CSV reader and Parquet writer release the GIL), and only the
    last chunk is left for the end. The chunks follow the CSV's bytes, which are the same in every
    run over the same reports, so the file is too.
    """

    def __init__(self, path: Path, header: list[str], types: dict[str, str]) -> None:
        self.path, self.types = path, types
        self.header = _csv([header]).encode("utf-8")
        self.tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        self.pending: list[bytes] = []
        self.size = 0
        self.rows = 0
        self.writer: Any = None
        self.executor = ThreadPoolExecutor(1, thread_name_prefix="gi-extract-parquet")
        self.futures: list[Future[None]] = []

    def add(self, data: bytes) -> None:
        self.pending.append(data)
        self.size += len(data)
        if self.size >= CHUNK_BYTES:
            self._submit()

    def _submit(self) -> None:
        chunk, self.pending, self.size = b"".join(self.pending), [], 0
        self.futures.append(self.executor.submit(self._convert, chunk))

    def _convert(self, chunk: bytes) -> None:
        pa: Any = import_module("pyarrow")
        pacsv: Any = import_module("pyarrow.csv")
        pq: Any = import_module("pyarrow.parquet")
        schema = pa.schema([(name, getattr(pa, kind)()) for name, kind in self.types.items()])
        if chunk:
            options = pacsv.ConvertOptions(column_types=schema, strings_can_be_null=False)
            table = pacsv.read_csv(pa.BufferReader(self.header + chunk), convert_options=options)
        else:
            table = schema.empty_table()
        if self.writer is None:
            self.writer = pq.ParquetWriter(self.tmp, schema)
        if chunk or not self.rows:
            self.writer.write_table(table)
        self.rows += table.num_rows

    def close(self) -> None:
        """Convert what is left and publish the file (whole, or not at all)."""
        try:
            if self.pending or not self.futures:
                self._submit()
            for future in self.futures:
                future.result()
            self.writer.close()
            self.writer = None
            os.chmod(self.tmp, 0o644)
            os.replace(self.tmp, self.path)
        finally:
            self.abandon()

    def abandon(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)
        if self.writer is not None:
            self.writer.close()
            self.writer = None
        self.tmp.unlink(missing_ok=True)


class DatasetFiles:
    """values.csv, reports.csv and checks.csv, filled by byte copies while the run goes on (and
    their Parquet files, built alongside when pyarrow is installed)."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.notes: list[str] = []
        self._stack = ExitStack()
        self.parquet: dict[str, _ParquetStream] = {}

    def __enter__(self) -> DatasetFiles:
        stack = self._stack.__enter__()
        self.files: dict[str, TextIO] = {}
        types = column_types()
        with_parquet = find_spec("pyarrow") is not None
        for name, header in ((VALUES, LONG_COLUMNS), (WIDE, wide_columns()), (CHECKS, CHECK_COLUMNS)):
            fh = stack.enter_context(atomic_open(self.out / f"{name}.csv", bom=True, durable=False))
            csv.writer(fh, lineterminator="\n").writerow(header)
            fh.flush()  # from here on, bytes go under the text layer
            self.files[name] = fh
            if with_parquet:
                self.parquet[name] = _ParquetStream(self.out / f"{name}.parquet", header, types[name])
        return self

    def add(self, values: bytes, wide: bytes, checks: bytes) -> None:
        for name, data in ((VALUES, values), (WIDE, wide), (CHECKS, checks)):
            self.files[name].buffer.write(data)
            if name in self.parquet:
                self.parquet[name].add(data)

    def finish(self, cross: list[CrossCheck]) -> None:
        """Append the cross-report checks, publish the CSVs and the codebook, then the Parquet files."""
        rows = _csv(cross_rows(cross)).encode("utf-8")
        self.files[CHECKS].buffer.write(rows)
        if CHECKS in self.parquet:
            self.parquet[CHECKS].add(rows)
        self._stack.__exit__(None, None, None)
        with atomic_open(self.out / CODEBOOK, bom=True, durable=False) as fh:
            writer = csv.writer(fh, lineterminator="\n")
            writer.writerow(CODEBOOK_COLUMNS)
            writer.writerows(codebook_rows())
        try:
            for stream in self.parquet.values():
                stream.close()
        except ImportError:
            self.notes.append(NO_PARQUET)
        finally:
            for stream in self.parquet.values():
                stream.abandon()
        if not self.parquet:
            self.notes.append(NO_PARQUET)

    def abandon(self, kind: type[BaseException] | None, exc: BaseException | None) -> None:
        """Remove the temporary files (the run failed before its summaries could be published)."""
        for stream in self.parquet.values():
            stream.abandon()
        self._stack.__exit__(kind, exc, None)


NO_PARQUET = f"values, reports and checks written as CSV only: Parquet needs pyarrow ({PARQUET_HINT})"


def column_types() -> dict[str, dict[str, str]]:
    """Arrow types per file and column: numbers as the codebook says, everything else text."""
    wide: dict[str, str] = {}
    for v in codes().all:
        wide[v.code] = "int64" if v.unit in INTEGER_UNITS else "float64" if v.kind != "id" else "string"
    long = dict.fromkeys(LONG_COLUMNS, "string") | {"year": "int64", "value": "float64", "page": "int64"}
    checks = dict.fromkeys(CHECK_COLUMNS, "string") | {"year": "int64", "prev_year": "int64"}
    checks |= {"expected": "float64", "got": "float64"}
    return {VALUES: long, WIDE: wide, CHECKS: checks}
