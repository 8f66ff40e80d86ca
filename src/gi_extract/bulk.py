"""Bulk mode: convert folders of reports in parallel, resumably, losing nothing.

:func:`convert_folder` walks the inputs, runs :func:`gi_extract.api.build_report` on each
file in a pool of worker processes and writes, into the output folder:

- ``<relative path>.json`` per report (the same JSON as ``gi-extract FILE``), written atomically;
- ``summary.csv`` (one row per input: ok / checks_failed / error), ``facts.csv`` (the long
  format of every report, with a ``path`` column), ``reports.jsonl`` (one compact report per
  line) and ``cross_checks.csv`` (:mod:`gi_extract.crosscheck`), regenerated at the end of
  every run from the journal and the per-report JSON files.

Why a journal: each finished input appends one line to ``.gi-extract-journal.jsonl`` *after*
its JSON is in place. Files are renamed into place whole but not fsynced (an fsync per small
file serialises the workers on the disk): a killed process loses nothing the kernel already
has, and after a power cut a lost journal line or a damaged file (checked on resume) only
means that input is converted again, never that a result is trusted without its JSON.
So a run killed at any moment (even SIGKILL) and started again
with ``resume=True`` skips exactly the inputs that were finished (same path, same sha256)
and, because the summaries are rebuilt from the journal, ends with the same files as a run
that was never interrupted (the ``seconds`` of a skipped input are those it was measured with).

Why a hand-made pool instead of :class:`concurrent.futures.ProcessPoolExecutor`: when one
worker dies (the OOM killer, a crash in a C library) the executor breaks as a whole and cannot
say which file was to blame. Here each worker has its own pipe, so a death is pinned on the
file it was reading: that file is retried once in a fresh worker and is an error row if it
kills that one too, while the other workers go on. Time limits work the same way: the worker
stops itself with SIGALRM after ``timeout`` seconds, and a worker stuck in C code that cannot
be interrupted is killed by the parent :data:`HARD_LIMIT_GRACE` seconds later.

Paths in every output are relative to the input root (see :func:`collect_inputs`), so the same
folder converted anywhere gives the same files.
"""

from __future__ import annotations

import csv
import io
import json
import multiprocessing
import os
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import asdict, dataclass, field, replace
from multiprocessing.connection import Connection, wait
from multiprocessing.context import ForkServerContext
from pathlib import Path
from types import FrameType, TracebackType
from typing import TYPE_CHECKING, Any, TextIO, cast

from .api import build_report, sha256_of
from .crosscheck import COLUMNS as CROSS_COLUMNS
from .crosscheck import CrossCheck, Facts, cross_check
from .errors import GiExtractError, UnreadableInput
from .model import Report
from .output import CSV_COLUMNS, atomic_open, csv_rows, write_atomic
from .readers import read, sniff

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

JOURNAL = ".gi-extract-journal.jsonl"
CACHE = ".gi-extract-parts"
"""Hidden folder of per-report fragments of facts.csv and reports.jsonl, written by the workers."""
SUMMARY, FACTS, REPORTS, CROSS = "summary.csv", "facts.csv", "reports.jsonl", "cross_checks.csv"
SUMMARY_COLUMNS = [
    "path",
    "status",
    "error",
    "format",
    "template",
    "year",
    "agency",
    "failed_checks",
    "missing_tables",
    "seconds",
]
DEFAULT_TIMEOUT = 120.0
QUEUE_DEPTH = 2
"""Inputs a worker holds at once: the one it converts and the next (see :class:`_Worker`)."""
HARD_LIMIT_GRACE = 10.0
"""Seconds past ``timeout`` after which the parent kills a worker that did not stop itself."""
STARTUP_TIMEOUT = 60.0
"""Seconds a new worker may take to say it is ready (a fork from the fork server takes milliseconds)."""
READY = "ready"
OK, CHECKS_FAILED, ERROR = "ok", "checks_failed", "error"


class BulkUsageError(GiExtractError):
    """The output folder or the inputs cannot be used as asked (a usage error: exit 2)."""

    exit_code = 2


class WorkerStartError(GiExtractError):
    """Worker processes die before taking any input, so no input could be converted (exit 3)."""


@dataclass(frozen=True)
class Input:
    """One file to convert: where it is, and the name it has in every output."""

    path: Path
    rel: str
    attempts: int = 0

    @property
    def json_name(self) -> str:
        return f"{self.rel}.json"


@dataclass(frozen=True)
class Outcome:
    """What became of one input: a journal line, and what the progress display shows."""

    path: str
    sha256: str | None
    status: str
    error: str
    format: str
    seconds: float
    json: str | None
    summary: dict[str, str] = field(default_factory=dict)
    """The report's own summary.csv fields (template, year, agency, failed checks, missing tables)."""
    facts: dict[str, Any] | None = None
    """What the cross-report checks need (:class:`~gi_extract.crosscheck.Facts`), None if unpairable."""

    @property
    def finished(self) -> bool:
        """Whether a rerun with the same input can reuse this outcome."""
        return self.sha256 is not None


@dataclass(frozen=True)
class Tally:
    """Counts for the progress display: ``done`` of ``total`` inputs, ``skipped`` of them reused."""

    total: int
    done: int = 0
    ok: int = 0
    checks_failed: int = 0
    errors: int = 0
    skipped: int = 0

    def add(self, outcome: Outcome, skipped: bool = False) -> Tally:
        return replace(
            self,
            done=self.done + 1,
            ok=self.ok + (outcome.status == OK),
            checks_failed=self.checks_failed + (outcome.status == CHECKS_FAILED),
            errors=self.errors + (outcome.status == ERROR),
            skipped=self.skipped + skipped,
        )


ProgressFn = Callable[[Outcome | None, Tally], None]
"""Called once with ``None`` when the work is known (inputs reused by a resume already counted
as done), then after every input converted."""


@dataclass
class BulkResult:
    """The whole run: one summary row per input (by path) and every cross-report check."""

    out: Path
    rows: list[dict[str, str]]
    cross_checks: list[CrossCheck]
    processed: int
    skipped: int
    journal: Path = field(init=False)

    def __post_init__(self) -> None:
        self.journal = self.out / JOURNAL

    @property
    def errors(self) -> list[dict[str, str]]:
        return [r for r in self.rows if r["status"] == ERROR]

    @property
    def checks_failed(self) -> list[dict[str, str]]:
        return [r for r in self.rows if r["status"] == CHECKS_FAILED]

    @property
    def cross_failed(self) -> list[CrossCheck]:
        return [c for c in self.cross_checks if not c.ok]


def convert_folder(
    inputs: Sequence[str | Path],
    out: str | Path,
    workers: int | None = None,
    resume: bool = False,
    timeout: float = DEFAULT_TIMEOUT,
    progress: ProgressFn | None = None,
) -> BulkResult:
    """Convert every report under ``inputs`` into ``out``; see the module docstring for the files.

    An input that cannot be read is an error row, never an exception: this raises only for
    unusable arguments (:class:`BulkUsageError`, or :class:`UnreadableInput` for a missing input).
    """
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise BulkUsageError(f"{out}: output must be a folder, and this is a file")
    if timeout <= 0:
        raise BulkUsageError(f"timeout must be positive, not {timeout}")
    todo = collect_inputs([Path(p) for p in inputs], out)
    out.mkdir(parents=True, exist_ok=True)
    _remove_stale_temp_files(out)
    journal_path = out / JOURNAL
    done = _load_journal(journal_path) if resume else {}
    kept = {i.rel: done[i.rel] for i in todo if _reusable(done.get(i.rel), i, out)}
    write_atomic(journal_path, "".join(_journal_line(o) for o in kept.values()))
    tally = Tally(total=len(todo))
    for outcome in kept.values():
        tally = tally.add(outcome, skipped=True)
    if progress:
        progress(None, tally)
    with journal_path.open("a", encoding="utf-8") as journal, _Summaries(out, [i.rel for i in todo]) as summaries:
        for outcome in kept.values():
            summaries.add(outcome)
        for outcome in _run_pool([i for i in todo if i.rel not in kept], out, workers or os.cpu_count() or 1, timeout):
            journal.write(_journal_line(outcome))
            journal.flush()
            summaries.add(outcome)
            tally = tally.add(outcome)
            if progress:
                progress(outcome, tally)
    checks = summaries.cross_checks
    return BulkResult(out, summaries.rows, checks, processed=len(todo) - len(kept), skipped=len(kept))


# -- inputs ------------------------------------------------------------------------------------


def collect_inputs(roots: Sequence[Path], out: Path) -> list[Input]:
    """Every regular file under ``roots``, named relative to its root, sorted by that name.

    A folder's files are named relative to the folder (``a/b/report.docx``); a file given
    directly by its own name. With several roots, each folder's files are prefixed by the
    folder's name so that names stay unique. Hidden files and folders (a name starting with
    ``.``) and the output folder are left out; any other file is an input, whatever its
    extension, because the format is recognised from the content.
    """
    out_resolved = out.resolve()
    found: dict[str, Input] = {}
    for root in roots:
        if not root.exists():
            raise UnreadableInput(f"{root}: no such file or folder")
        if root.is_file():
            _add(found, Input(root, root.name))
            continue
        prefix = f"{root.resolve().name}/" if len(roots) > 1 else ""
        for folder, dirs, files in os.walk(root):
            here = Path(folder)
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and (here / d).resolve() != out_resolved)
            for name in sorted(files):
                path = here / name
                if name.startswith(".") or not path.is_file():
                    continue
                _add(found, Input(path, prefix + path.relative_to(root).as_posix()))
    return sorted(found.values(), key=lambda i: i.rel)


def _add(found: dict[str, Input], item: Input) -> None:
    """Record an input; the same file reached twice is one input, two files with one name an error."""
    if item.rel in found and found[item.rel].path.resolve() == item.path.resolve():
        return
    if item.rel in found:
        raise BulkUsageError(f"{item.path} and {found[item.rel].path} would both be named {item.rel!r} in the output")
    found[item.rel] = item


# -- journal -----------------------------------------------------------------------------------


def _journal_line(outcome: Outcome) -> str:
    # vars(), not asdict(): asdict deep-copies the nested facts, on the parent's hot path
    return json.dumps(vars(outcome), ensure_ascii=False, sort_keys=True) + "\n"


def _load_journal(path: Path) -> dict[str, Outcome]:
    """The last outcome recorded for each input; a line torn by a kill mid-write is ignored."""
    if not path.exists():
        return {}
    outcomes: dict[str, Outcome] = {}
    for line in path.read_text("utf-8", errors="replace").splitlines():
        try:
            outcome = Outcome(**json.loads(line))
        except (ValueError, TypeError):
            continue
        outcomes[outcome.path] = outcome
    return outcomes


def _reusable(outcome: Outcome | None, item: Input, out: Path) -> bool:
    """Whether a recorded outcome still holds: same content, and its files whole and in place.

    Per-report files are not fsynced (see the module docstring), so after a power cut one may
    exist but be empty or cut short: it must parse (the JSON) or end its last line (the
    fragments), or the input is converted again.
    """
    if outcome is None or not outcome.finished:
        return False
    if outcome.json is not None:
        try:
            json.loads((out / outcome.json).read_bytes())
            if not _fragment(out, outcome.json).read_bytes().endswith(b"\n"):
                return False
        except (OSError, ValueError):
            return False
    try:
        return sha256_of(item.path) == outcome.sha256
    except OSError:
        return False


def _remove_stale_temp_files(out: Path) -> None:
    """Delete the half-written temporary files a killed run leaves (``.<name>.<random>.tmp``)."""
    for tmp in out.rglob(".*.tmp"):
        tmp.unlink(missing_ok=True)


# -- one file, in a worker -----------------------------------------------------------------------


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
    sha: str | None = None
    kind = ""
    try:
        sha = sha256_of(item.path)
        with item.path.open("rb") as fh:
            kind = sniff(item.path, fh.read(8192))
        with time_limit(timeout):
            report = build_report(read(item.path), sha)
        report.source.path = item.rel
        error = ""
    except TimedOut:
        error = f"timed out after {timeout:g} s"
    except GiExtractError as exc:
        error = _without_path(str(exc), item)
    except OSError as exc:
        error = f"cannot be read ({exc.strerror or exc})"
    except Exception as exc:  # a reader bug must be this file's error row, not the end of the run
        error = f"could not be read ({type(exc).__name__}: {_without_path(str(exc), item)})"
    if not error:
        try:
            _write_fragment(out, item, report)
            write_atomic(target, report.to_json() + "\n", durable=False)
        except OSError as exc:
            error = f"cannot write {item.json_name} ({exc.strerror or exc})"
    if error:
        target.unlink(missing_ok=True)
        return Outcome(item.rel, sha, ERROR, error, kind, _elapsed(start), None)
    status = CHECKS_FAILED if report.failed_checks or report.missing_tables else OK
    summary = {
        "template": report.report.template or "",
        "year": "" if report.report.year is None else str(report.report.year),
        "agency": report.report.agency or "",
        "failed_checks": ";".join(dict.fromkeys(c.id for c in report.failed_checks)),
        "missing_tables": ";".join(report.missing_tables),
    }
    facts = Facts.of(item.rel, report.model_dump(mode="json", include={"report": True, "tables": True}))
    return Outcome(
        item.rel,
        sha,
        status,
        "",
        report.source.format,
        _elapsed(start),
        item.json_name,
        summary,
        None if facts is None else asdict(facts),
    )


def _fragment(out: Path, json_name: str) -> Path:
    """Where a report's line of reports.jsonl and its rows of facts.csv wait for the summaries."""
    return out / CACHE / (json_name + ".part")


def _write_fragment(out: Path, item: Input, report: Report) -> None:
    """Write the report's share of reports.jsonl (the first line) and of facts.csv (the rest), in the worker.

    The parent then only copies bytes in path order: formatting them there, one report after
    another, was what kept two workers from doubling throughput. The file is written in place,
    not renamed into place: it only counts once the journal names its report, which happens
    after the worker has written it, so a run killed mid-write converts that input again.
    """
    buf = io.StringIO()
    buf.write(report.to_json(None) + "\n")
    csv.writer(buf, lineterminator="\n").writerows([item.rel, *cells] for cells in csv_rows(report.cells))
    path = _fragment(out, item.json_name)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write(buf.getvalue())


def _without_path(message: str, item: Input) -> str:
    """The reason alone: errors start with the file's path, which the row already names."""
    return message.removeprefix(f"{item.path}: ").replace(str(item.path), item.rel)


def _elapsed(start: float) -> float:
    return round(time.perf_counter() - start, 3)


def _serve(conn: Connection, out: str, timeout: float) -> None:
    """A worker: convert each input sent until told to stop or the parent is gone."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
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


# -- the pool ----------------------------------------------------------------------------------


class _Worker:
    """One worker process with its own pipe, and the inputs sent to it and not yet answered.

    Up to :data:`QUEUE_DEPTH` inputs are sent ahead, so a worker that finishes one starts the
    next at once instead of waiting for the parent to read its result and send another: on a
    machine whose cores are all busy with workers, that wait (the parent has to be scheduled)
    was time every worker spent idle.
    """

    def __init__(self, ctx: ForkServerContext, out: Path, timeout: float) -> None:
        parent, child = ctx.Pipe()
        self.process = ctx.Process(target=_serve, args=(child, str(out), timeout), daemon=True)
        self.process.start()
        child.close()
        self.conn: Connection = parent
        self.items: deque[Input] = deque()
        """Sent and not answered: the first is being converted, the others wait in the pipe."""
        self.started = 0.0
        """When the first of :attr:`items` was started, as far as the parent can tell."""

    @property
    def item(self) -> Input | None:
        """The input being converted now, if any."""
        return self.items[0] if self.items else None

    def await_ready(self) -> None:
        """Fail the run, rather than every input, when workers cannot even start.

        They cannot when the fork server re-imports a ``__main__`` it cannot run again: a script
        that calls :func:`convert_folder` without an ``if __name__ == "__main__":`` guard, or one
        read from standard input (there is no file to import).
        """
        try:
            if self.conn.poll(STARTUP_TIMEOUT) and self.conn.recv() == READY:
                return
        except (EOFError, OSError):
            pass
        self.stop(kill=True)
        raise WorkerStartError(
            f"worker processes cannot start (exit code {self.process.exitcode}): they import the main "
            'script again, so call convert_folder from a script file, under if __name__ == "__main__":'
        )

    def assign(self, item: Input) -> None:
        if not self.items:
            self.started = time.monotonic()
        self.items.append(item)
        try:
            self.conn.send(item)
        except OSError:
            pass  # the worker is dead: noticed by its sentinel on the next round

    def result(self) -> Outcome | None:
        """The next outcome, once the pipe is readable; None if the worker died instead of sending one."""
        try:
            outcome: Outcome = self.conn.recv()
        except (EOFError, OSError):
            return None
        self.items.popleft()
        self.started = time.monotonic()
        return outcome

    def stop(self, kill: bool) -> None:
        if kill or self.item is not None:
            self.process.kill()
        else:
            try:
                self.conn.send(None)
            except OSError:
                self.process.kill()
        self.process.join(5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


def _context() -> ForkServerContext:
    """Workers come from a fork server with gi_extract and its readers already imported.

    Why: a new worker (at start, or after a death) then costs a fork, not a Python start-up,
    its first file is not charged for imports (which would eat into its time limit), and it
    is never forked from a parent that runs a progress-display thread.
    """
    ctx = cast(ForkServerContext, multiprocessing.get_context("forkserver"))
    ctx.set_forkserver_preload(
        ["gi_extract.bulk", *(f"gi_extract.readers.{r}" for r in ("text", "html", "docx", "pdf"))]
    )
    return ctx


def _run_pool(items: list[Input], out: Path, workers: int, timeout: float) -> Iterator[Outcome]:
    """Yield one outcome per item, in completion order, whatever happens to the workers."""
    if not items:
        return
    ctx = _context()
    pending = deque(items)
    pool = [_Worker(ctx, out, timeout) for _ in range(min(workers, len(items)))]
    hard_limit = timeout + HARD_LIMIT_GRACE
    clean = False
    try:
        for worker in pool:  # all started first, so their start-ups overlap
            worker.await_ready()
        while pending or any(w.items for w in pool):
            for worker in pool:
                while len(worker.items) < QUEUE_DEPTH and pending:
                    worker.assign(pending.popleft())
            busy = [w for w in pool if w.items]
            first_deadline = min(w.started for w in busy) + hard_limit
            ready = set(
                wait(
                    [w.conn for w in busy] + [w.process.sentinel for w in busy],
                    timeout=max(0.0, first_deadline - time.monotonic()),
                )
            )
            now = time.monotonic()
            for index, worker in enumerate(pool):
                if not worker.items:
                    continue
                # one outcome per worker and round: a second one waiting wakes the next wait() at once
                if worker.conn in ready and (outcome := worker.result()) is not None:
                    yield outcome
                    continue
                if worker.process.sentinel not in ready and now - worker.started <= hard_limit:
                    continue
                reason = _death(worker, timeout)
                worker.stop(kill=True)
                pool[index] = _Worker(ctx, out, timeout)
                pool[index].await_ready()
                item, *waiting = worker.items
                pending.extendleft(reversed(waiting))  # never started: they go first, as they were
                if reason is None:
                    pending.appendleft(replace(item, attempts=item.attempts + 1))
                else:
                    yield _failed(item, out, reason, time.monotonic() - worker.started)
        clean = True
    finally:
        for worker in pool:
            worker.stop(kill=not clean)


def _death(worker: _Worker, timeout: float) -> str | None:
    """Why a worker's input failed; None when it deserves a second try in a fresh worker.

    A worker that dies once may have been killed for another process's memory; one that dies
    twice on the same input died of it. A worker past the hard limit is stuck in code that
    SIGALRM cannot interrupt, and would be again.
    """
    assert worker.item is not None
    if worker.process.is_alive():
        return f"timed out after {timeout:g} s (stuck, worker killed)"
    if worker.item.attempts == 0:
        return None
    code = worker.process.exitcode
    how = f"killed by {signal.Signals(-code).name}" if code is not None and code < 0 else f"exit code {code}"
    return f"worker process died while reading it ({how}; out of memory?)"


def _failed(item: Input, out: Path, reason: str, seconds: float) -> Outcome:
    """The error outcome of an input whose worker had to go (recorded by hash, so resume skips it)."""
    (out / item.json_name).unlink(missing_ok=True)
    try:
        sha: str | None = sha256_of(item.path)
    except OSError:
        sha = None
    return Outcome(item.rel, sha, ERROR, reason, "", round(seconds, 3), None)


# -- the summary files -------------------------------------------------------------------------


class _Summaries:
    """summary.csv, facts.csv and reports.jsonl, written in path order while the run goes on.

    Outcomes arrive in completion order; each is written as soon as every input before it
    (in path order) is in, so the work overlaps the workers' instead of following them. The
    files appear (atomically) only when the run ends, and cross_checks.csv after them. Like the
    per-report files they are not fsynced: every run rebuilds them from the journal, so after a
    power cut a rerun puts them right, and the fsync of tens of MB was a serial wait at the end
    of every run. CSV files carry a BOM so that Excel reads them as UTF-8. Only the few numbers the
    cross-report checks need are kept in memory, never the reports themselves.
    """

    def __init__(self, out: Path, order: list[str]) -> None:
        self.out = out
        self.order = order
        self.waiting: dict[str, Outcome] = {}
        self.next = 0
        self.rows: list[dict[str, str]] = []
        self.facts: list[Facts] = []
        self.cross_checks: list[CrossCheck] = []
        self._stack = ExitStack()

    def __enter__(self) -> _Summaries:
        stack = self._stack.__enter__()
        self.summary_fh = stack.enter_context(atomic_open(self.out / SUMMARY, bom=True, durable=False))
        self.facts_fh = stack.enter_context(atomic_open(self.out / FACTS, bom=True, durable=False))
        self.reports_fh = stack.enter_context(atomic_open(self.out / REPORTS, durable=False))
        self.summary = csv.DictWriter(self.summary_fh, SUMMARY_COLUMNS, lineterminator="\n")
        self.summary.writeheader()
        csv.writer(self.facts_fh, lineterminator="\n").writerow(["path", *CSV_COLUMNS])
        # the fragments are UTF-8 already: from here on they are copied as bytes, under the text
        # layer (flushed first, so the BOM and the header stay in front)
        self.facts_fh.flush()
        self.reports_fh.flush()
        return self

    def add(self, outcome: Outcome) -> None:
        """Take one outcome; write it and every one after it whose turn has come."""
        self.waiting[outcome.path] = outcome
        while self.next < len(self.order) and self.order[self.next] in self.waiting:
            self._write(self.waiting.pop(self.order[self.next]))
            self.next += 1

    def _write(self, outcome: Outcome) -> None:
        row = dict.fromkeys(SUMMARY_COLUMNS, "") | {
            "path": outcome.path,
            "status": outcome.status,
            "error": outcome.error,
            "format": outcome.format,
            "seconds": f"{outcome.seconds:.3f}",
        }
        if outcome.json is not None:
            row |= outcome.summary
            part = _fragment(self.out, outcome.json).read_bytes()
            end = part.index(b"\n") + 1
            self.reports_fh.buffer.write(part[:end])
            self.facts_fh.buffer.write(part[end:])
            if outcome.facts is not None:
                self.facts.append(Facts(**outcome.facts))
        self.summary.writerow(row)
        self.rows.append(row)

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        if kind is None and self.next < len(self.order):
            # every input yields an outcome (an error row at worst); never publish a short summary
            exc = RuntimeError(f"bulk run ended without an outcome for {self.order[self.next]}")
            self._stack.__exit__(RuntimeError, exc, None)  # removes the temporary files
            raise exc
        self._stack.__exit__(kind, exc, tb)
        if kind is None:
            self.cross_checks = cross_check(self.facts)
            with atomic_open(self.out / CROSS, bom=True, durable=False) as fh:
                writer = csv.writer(fh, lineterminator="\n")
                writer.writerow(CROSS_COLUMNS)
                writer.writerows(c.as_row() for c in self.cross_checks)


# -- progress on a terminal or in a log --------------------------------------------------------


class ConsoleProgress:
    """A :data:`ProgressFn` for people: a rich progress bar on a terminal, plain lines in a log.

    Use as a context manager around :func:`convert_folder`, so that the bar is stopped cleanly.
    """

    def __init__(self, stream: TextIO = sys.stderr) -> None:
        self.stream = stream
        self.progress: Progress | None = None
        self.task: TaskID | None = None

    def __enter__(self) -> ConsoleProgress:
        if self.stream.isatty():
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self.progress = Progress(
                TextColumn("[bold]gi-extract bulk"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("[green]ok {task.fields[ok]}[/] [yellow]checks failed {task.fields[checks]}[/]"),
                TextColumn("[red]failed {task.fields[errors]}[/]"),
                TimeRemainingColumn(),
                console=Console(file=self.stream),
            )
            self.progress.start()
            self.task = self.progress.add_task("convert", total=None, ok=0, checks=0, errors=0)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.progress is not None:
            self.progress.stop()

    def __call__(self, outcome: Outcome | None, tally: Tally) -> None:
        if self.progress is not None and self.task is not None:
            self.progress.update(
                self.task,
                total=tally.total,
                completed=tally.done,
                ok=tally.ok,
                checks=tally.checks_failed,
                errors=tally.errors,
            )
            return
        if outcome is None:
            resumed = f", {tally.skipped} done before (resumed)" if tally.skipped else ""
            self.stream.write(f"gi-extract bulk: {tally.total} inputs{resumed}\n")
        else:
            what = f"{outcome.status}: {outcome.error}" if outcome.error else outcome.status
            self.stream.write(f"[{tally.done}/{tally.total}] {outcome.path}: {what}\n")
        self.stream.flush()
