"""One input, in a worker process: convert it, write its JSON and its share of the summaries.

Every failure becomes an outcome, never an exception that ends the run: an input that
cannot be read is an ``error`` row (the input's fault), a bug met while reading it an
``internal_error`` row (ours: never reused by ``--resume``), and a result that cannot be
written is recorded without a hash, so that a rerun converts it again.
"""

from __future__ import annotations

import csv
import io
import json
import signal
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from multiprocessing.connection import Connection
from pathlib import Path
from types import FrameType
from typing import Any

import pydantic_core

from ..api import build_report, sha256_of
from ..crosscheck import Facts
from ..dataset.write import sections
from ..errors import EXIT_CONFIG, GiExtractError, NotAReport, printable
from ..model import Report, json_text
from ..output import csv_rows, write_atomic
from ..readers import read, sniff
from .plan import CHECKS_FAILED, ERROR, INTERNAL_ERROR, OK, OUTPUT_ERROR, SKIPPED, Input, Outcome, fragment, producer

READY = "ready"
TMP = ".gi-extract-tmp"
"""The workers' temporary folder inside OUT (see :func:`gi_extract.bulk.private_tmp`)."""


class TimedOut(BaseException):
    """Raised by SIGALRM inside :func:`time_limit`.

    A BaseException, so that the reader's own ``except Exception`` handlers cannot swallow it.
    """


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`TimedOut` in the block after ``seconds`` (main thread of a Unix process only)."""

    def alarm(signum: int, frame: FrameType | None) -> None:
        raise TimedOut

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def convert_one(item: Input, out: Path, timeout: float) -> Outcome:
    """Convert one input and write its JSON; every failure becomes an error outcome."""
    start = time.perf_counter()
    target = out / item.json_name
    version, template = producer()
    sha: str | None = None
    status = ERROR
    try:
        sha = sha256_of(item.path)
        with time_limit(timeout):
            report = build_report(read(item.path), sha)
        report.source.path = printable(item.rel)
        error = ""
    except TimedOut:
        error = f"timed out after {timeout:g} s"
    except NotAReport as exc:  # a README or a notice in the folder: listed, not an error of the run
        error = _without_path(str(exc), item)
        status = SKIPPED
    except GiExtractError as exc:
        error = _without_path(str(exc), item)
        status = INTERNAL_ERROR if exc.exit_code == EXIT_CONFIG else ERROR
    except OSError as exc:
        error = f"cannot be read ({exc.strerror or exc})"
    except Exception as exc:  # a bug must be this file's row, not the end of the run
        error = f"internal error: {type(exc).__name__}: {_without_path(str(exc), item)} (please report)"
        status = INTERNAL_ERROR
    if not error:
        try:
            data = report.to_dict()
            line = json_text(data, None)
            _write_fragment(out, item, report, line)
            write_atomic(target, _indented(data, line) + "\n", durable=False)
        except OSError as exc:
            error = f"cannot write {printable(item.json_name)} ({exc.strerror or exc})"
            status, sha = OUTPUT_ERROR, None  # the input is fine: the run stops, a rerun converts it
    if error:
        target.unlink(missing_ok=True)
        return Outcome(
            item.rel, sha, status, error, _format_of(item), _elapsed(start), None, {}, None, version, template
        )
    summary = {
        "template": report.report.template,
        "year": report.report.year,
        "agency": report.report.agency,
        "failed_checks": list(dict.fromkeys(c.id for c in report.failed_checks)),
        "missing_tables": report.missing_tables,
    }
    facts = Facts.of(printable(item.rel), report)
    return Outcome(
        item.rel,
        sha,
        CHECKS_FAILED if report.failed_checks or report.missing_tables else OK,
        "",
        report.source.format,
        _elapsed(start),
        item.json_name,
        summary,
        None if facts is None else asdict(facts),
        version,
        template,
    )


def _format_of(item: Input) -> str:
    """The format an input that failed was recognised as (a report that converted names its own).

    Empty when it is not known: an empty file or one that could not be opened has no format.
    """
    try:
        with item.path.open("rb") as fh:
            head = fh.read(8192)
    except (OSError, GiExtractError):
        return ""
    return sniff(item.path, head) if head else ""


def _indented(data: dict[str, Any], line: str) -> str:
    """The report's JSON file, as :meth:`Report.to_json` writes it, in a fifth of the time.

    ``json.dumps`` with an indent runs in pure Python (about 1.5 ms a report, more than most of
    the bulk machinery); pydantic-core's serialiser writes the same text natively. Its numbers are
    formatted as Python's only in the usual range (``1e-05`` is ``0.00001`` there), so it is used
    when its compact text equals ``line`` (``json.dumps``'s, which the fragment needs anyway), and
    ``json.dumps`` otherwise.
    """
    try:
        if pydantic_core.to_json(data).decode("utf-8") == line:
            return pydantic_core.to_json(data, indent=2).decode("utf-8")
    except ValueError:
        pass  # text it cannot encode (a lone surrogate from a broken file): json.dumps writes it as is
    return json_text(data)


def _write_fragment(out: Path, item: Input, report: Report, line: str) -> None:
    """Write the report's share of every summary file, in the worker (see :func:`.plan.fragment`).

    The parent then only copies bytes in path order: formatting them there, one report after
    another, was what kept two workers from doubling throughput. The file is written in place,
    not renamed into place: it only counts once the journal names its report, which happens
    after the worker has written it, so a run killed mid-write converts that input again.
    """
    path = fragment(out, item.json_name)
    path.parent.mkdir(parents=True, exist_ok=True)
    name = printable(item.rel)  # as summary.csv names it: a file name that is not UTF-8 is escaped
    facts = io.StringIO()
    csv.writer(facts, lineterminator="\n").writerows(csv_rows(report, name))
    parts = [s.encode("utf-8") for s in (facts.getvalue(), *sections(report, name))]
    with path.open("wb") as fh:
        fh.write((line + "\n" + json.dumps([len(p) for p in parts]) + "\n").encode("utf-8"))
        fh.writelines(parts)


def _without_path(message: str, item: Input) -> str:
    """The reason alone: errors start with the file's path, which the row already names."""
    return message.removeprefix(f"{item.path}: ").replace(str(item.path), item.rel)


def _elapsed(start: float) -> float:
    return round(time.perf_counter() - start, 3)


def serve(conn: Connection, out: str, timeout: float) -> None:
    """A worker: convert each input sent until told to stop or the parent is gone."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    tempfile.tempdir = str(Path(out) / TMP)  # cleaned by the next run if this worker is killed
    conn.send(READY)
    while True:
        try:
            item = conn.recv()
        except (EOFError, OSError):
            return
        if item is None:
            return
        try:
            conn.send(convert_one(item, Path(out), timeout))
        except (BrokenPipeError, OSError):
            return
