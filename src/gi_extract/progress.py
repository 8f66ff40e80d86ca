"""Bulk progress for people: a rich progress bar on a terminal, plain lines in a log.

The command line's face of :func:`gi_extract.bulk.convert_folder` (the library itself takes any
callable as ``progress``).
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, TextIO

from .bulk.plan import Outcome, Tally
from .errors import printable

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID


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
                TextColumn(
                    "[green]ok {task.fields[ok]}[/] · [yellow]checks failed {task.fields[checks]}[/]"
                    " · [red]unreadable {task.fields[errors]}[/] · skipped {task.fields[ignored]}"
                ),
                TimeRemainingColumn(),
                console=Console(file=self.stream),
            )
            self.progress.start()
            self.task = self.progress.add_task("convert", total=None, ok=0, checks=0, errors=0, ignored=0)
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
                ignored=tally.ignored,
            )
            return
        if outcome is None:
            resumed = f", {tally.skipped} done before (resumed)" if tally.skipped else ""
            ignored = f", {tally.ignored} not reports (skipped)" if tally.ignored else ""
            self.stream.write(f"gi-extract bulk: {tally.total} inputs{resumed}{ignored}\n")
        else:
            what = f"{outcome.status}: {outcome.error}" if outcome.error else outcome.status
            self.stream.write(f"[{tally.done}/{tally.total}] {printable(outcome.path)}: {what}\n")
        self.stream.flush()
