"""The worker pool: each worker its own process and pipe, so a death is pinned on its file.

Why a hand-made pool instead of :class:`concurrent.futures.ProcessPoolExecutor`: when one
worker dies (the OOM killer, a crash in a C library) the executor breaks as a whole and cannot
say which file was to blame. Here each worker has its own pipe, so a death is pinned on the
file it was reading: that file is retried once in a fresh worker and is an error row if it
kills that one too, while the other workers go on (the input queued behind it, see
:class:`_Worker`, is sent again as it was). Time limits work the same way: the worker
stops itself with SIGALRM after ``timeout`` seconds, and a worker stuck in C code that cannot
be interrupted is killed by the parent :data:`HARD_LIMIT_GRACE` seconds later.
"""

from __future__ import annotations

import multiprocessing
import signal
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import replace
from multiprocessing.connection import Connection, wait
from multiprocessing.context import ForkServerContext
from pathlib import Path

from ..api import sha256_of
from ..errors import GiExtractError
from .plan import ERROR, Input, Outcome, producer
from .worker import READY, serve

QUEUE_DEPTH = 2
"""Inputs a worker holds at once: the one it converts and the next (see :class:`_Worker`)."""
HARD_LIMIT_GRACE = 10.0
"""Seconds past ``timeout`` after which the parent kills a worker that did not stop itself."""
STARTUP_TIMEOUT = 60.0
"""Seconds a new worker may take to say it is ready (a fork from the fork server takes milliseconds)."""


class WorkerStartError(GiExtractError):
    """Worker processes die before taking any input, so no input could be converted (exit 3)."""


class _Worker:
    """One worker process with its own pipe, and the inputs sent to it and not yet answered.

    Up to :data:`QUEUE_DEPTH` inputs are sent ahead, so a worker that finishes one starts the
    next at once instead of waiting for the parent to read its result and send another: on a
    machine whose cores are all busy with workers, that wait (the parent has to be scheduled)
    was time every worker spent idle.
    """

    def __init__(self, ctx: ForkServerContext, out: Path, timeout: float) -> None:
        parent, child = ctx.Pipe()
        self.process = ctx.Process(target=serve, args=(child, str(out), timeout), daemon=True)
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
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(
        ["gi_extract.bulk.worker", *(f"gi_extract.readers.{r}" for r in ("text", "html", "docx", "pdf"))]
    )
    return ctx


def run_pool(items: list[Input], out: Path, workers: int, timeout: float) -> Iterator[Outcome]:
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
    return Outcome(item.rel, sha, ERROR, reason, "", round(seconds, 3), None, {}, None, *producer())
