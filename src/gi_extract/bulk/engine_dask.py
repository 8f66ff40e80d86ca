"""Bulk mode on a Dask cluster: the same :func:`.worker.convert_one` per input, the same outcomes.

Why Dask: a national collection (100k+ reports a year) needs more than one machine, and Dask's
distributed scheduler already does what that takes (workers joining and leaving, a task
rescheduled when its worker is lost) with a one-line client. :func:`run_dask` has the contract
of :func:`.pool.run_pool` — one :class:`.plan.Outcome` per input, in completion order, errors as
rows — so :func:`gi_extract.bulk.convert_folder` writes the same files, journal and ``--resume``
whichever engine ran the inputs.

Why a converter process per Dask worker thread: Dask runs tasks in threads, where the SIGALRM
time limit of :func:`.worker.time_limit` cannot work and a stuck C library cannot be stopped.
So each thread hands its inputs to a child process of its own (:class:`_Converter`, serving the
bulk worker loop :func:`.worker.serve` over a socket) and waits at most ``timeout`` +
:data:`.pool.HARD_LIMIT_GRACE` seconds: a child that overruns is killed, one that dies is
replaced and its input retried once, exactly as the local pool does. Children are started with
``subprocess`` (not ``multiprocessing``), because Dask's worker processes are daemons, which
``multiprocessing`` forbids to have children.

Inputs and the output folder must be at the same paths on every Dask worker (a shared file
system): workers read the inputs and write each report's JSON and fragment themselves; only the
small outcomes travel back to the client.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import replace
from functools import partial
from importlib import import_module
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from .plan import BulkUsageError, Input, Outcome
from .pool import HARD_LIMIT_GRACE, STARTUP_TIMEOUT, _failed
from .worker import READY

DASK_HINT = "pip install 'gi-extract[dask]'"
IN_FLIGHT_PER_THREAD = 2
"""Inputs submitted ahead per Dask worker thread: enough to keep every thread busy, few enough
that a run of 100k inputs does not put 100k tasks on the scheduler at once."""

_local = threading.local()
_children: list[_Converter] = []
_children_lock = threading.Lock()


class _Converter:
    """A child process converting inputs for one Dask worker thread, over a socket pair."""

    def __init__(self, out: Path, timeout: float) -> None:
        self.out, self.timeout = out, timeout
        ours, theirs = socket.socketpair()
        command = f"from gi_extract.bulk.engine_dask import child_main; child_main({theirs.fileno()})"
        self.process = subprocess.Popen(
            [sys.executable, "-c", command, str(out), repr(timeout)], pass_fds=[theirs.fileno()]
        )
        theirs.close()
        self.conn = Connection(ours.detach())
        if not (self.conn.poll(STARTUP_TIMEOUT) and self._recv() == READY):
            self.stop()
            raise RuntimeError(f"the converter process did not start (exit code {self.process.poll()})")
        with _children_lock:
            _children.append(self)

    def _recv(self) -> Any:
        try:
            return self.conn.recv()
        except (EOFError, OSError):
            return None

    def convert(self, item: Input) -> tuple[Outcome | None, str | None]:
        """(outcome, None), or (None, why the child had to go: None when it deserves a second try)."""
        try:
            self.conn.send(item)
        except OSError:
            pass  # dead: noticed below
        if not self.conn.poll(self.timeout + HARD_LIMIT_GRACE):
            return None, f"timed out after {self.timeout:g} s (stuck, worker killed)"
        outcome = self._recv()
        if isinstance(outcome, Outcome):
            return outcome, None
        if item.attempts == 0:
            return None, None
        code = self.process.poll()
        how = "still running" if code is None else f"killed by signal {-code}" if code < 0 else f"exit code {code}"
        return None, f"worker process died while reading it ({how}; out of memory?)"

    def stop(self) -> None:
        try:
            self.conn.close()
        except OSError:
            pass
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        with _children_lock:
            if self in _children:
                _children.remove(self)


def child_main(fd: int) -> None:
    """The converter process: the bulk worker loop over the socket ``fd`` (argv: OUT, timeout)."""
    from . import worker

    for reader in ("text", "html", "docx", "pdf"):  # as the local pool's fork server preloads them
        __import__(f"gi_extract.readers.{reader}")
    worker.serve(Connection(fd), sys.argv[1], float(sys.argv[2]))


def convert_remote(item: Input, out: Path, timeout: float) -> Outcome:
    """Run on a Dask worker: convert one input in this thread's converter process."""
    start = time.monotonic()
    key = (str(out), timeout)
    converter: _Converter | None = getattr(_local, "converters", {}).get(key)
    if converter is None or converter.process.poll() is not None:
        converter = _Converter(out, timeout)
        _local.converters = {**getattr(_local, "converters", {}), key: converter}
    outcome, reason = converter.convert(item)
    if outcome is not None:
        return outcome
    converter.stop()
    del _local.converters[key]
    if reason is None:
        return convert_remote(replace(item, attempts=item.attempts + 1), out, timeout)
    return _failed(item, out, reason, time.monotonic() - start)


def stop_converters() -> int:
    """Stop this process's converter processes (run on every Dask worker at the end of a run)."""
    with _children_lock:
        children = list(_children)
    for child in children:
        child.stop()
    return len(children)


def dask_runner(scheduler: str | None) -> Callable[[list[Input], Path, int, float], Iterator[Outcome]]:
    """:func:`run_dask` bound to a scheduler, once Dask is known to be installed."""
    try:
        import distributed  # noqa: F401
    except ImportError:
        raise BulkUsageError(f"--engine dask needs Dask's distributed scheduler: {DASK_HINT}") from None
    return partial(run_dask, scheduler=scheduler)


def run_dask(
    items: list[Input], out: Path, workers: int, timeout: float, scheduler: str | None = None
) -> Iterator[Outcome]:
    """Yield one outcome per item, in completion order, computed on a Dask cluster.

    ``scheduler``: the address of a running scheduler; without it, a local cluster of
    ``workers`` single-threaded workers in this process (each thread drives its own converter
    process, so the conversions still run in parallel).
    """
    if not items:
        return
    dd: Any = import_module("distributed")  # untyped; imported only for this engine
    out = out.resolve()  # workers may run elsewhere: absolute paths, the same on a shared file system
    items = [replace(i, path=i.path.resolve()) for i in items]

    with ExitStack() as stack:
        if scheduler:
            client = stack.enter_context(dd.Client(scheduler))
        else:
            cluster = stack.enter_context(
                dd.LocalCluster(n_workers=workers, threads_per_worker=1, processes=False, dashboard_address=None)
            )
            client = stack.enter_context(dd.Client(cluster))
        stack.callback(_stop_everywhere, client)
        threads = max(1, sum(client.nthreads().values()))
        pending = list(reversed(items))
        submitted: dict[str, Input] = {}
        done = dd.as_completed()

        def submit() -> None:
            item = pending.pop()
            future = client.submit(convert_remote, item, out, timeout, pure=False)
            submitted[future.key] = item
            done.add(future)

        for _ in range(min(len(pending), threads * IN_FLIGHT_PER_THREAD)):
            submit()
        for future in done:
            item = submitted.pop(future.key)
            try:
                outcome: Outcome = future.result()
            except Exception as exc:  # the Dask worker itself was lost (KilledWorker) or the task failed
                outcome = _failed(item, out, f"the Dask worker failed on it ({type(exc).__name__}: {exc})", 0.0)
            if pending:
                submit()
            yield outcome


def _stop_everywhere(client: Any) -> None:
    """Stop the converter processes on every worker (best effort: a lost worker's died with it)."""
    try:
        client.run(stop_converters)
    except Exception:
        pass
    stop_converters()  # a local cluster's threads live in this process
