"""``gi-extract check``: the review of one or more reports, on the terminal, as Markdown, HTML or a workbook.

A plain function with typer ``Annotated`` parameters, registered in :mod:`gi_extract.cli` like
every command. Everything heavy (extraction, rich, XlsxWriter) is imported when it runs, so
registering it costs the other commands nothing.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import EXIT_CONFIG, EXIT_FINDINGS, EXIT_USAGE, GiExtractError
from ..exits import Debug, debugging

if TYPE_CHECKING:
    from .findings import Review

STDIN = "-"
"""The FILE that means standard input, as for ``gi-extract -``."""


class CheckFormat(StrEnum):
    text = "text"
    md = "md"
    html = "html"
    xlsx = "xlsx"


def check(
    files: Annotated[
        list[Path],
        typer.Argument(metavar="FILE", help="Reports: .docx, .doc, .pdf, .html or text (by content); - for stdin."),
    ],
    format: Annotated[
        CheckFormat,
        typer.Option(
            "--format",
            "-f",
            metavar="text|md|html|xlsx",
            help="text (the terminal), md (Markdown), html (one self-contained page), xlsx (one workbook; needs -o).",
        ),
    ] = CheckFormat.text,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="PATH", help="Write here (whole or not at all) instead of stdout."),
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit 1 when a finding fails (one a reviewer dismissed does not count).")
    ] = False,
    confirm: Annotated[
        list[str] | None,
        typer.Option("--confirm", metavar="ID", help="Record that finding ID is the publisher's error (repeatable)."),
    ] = None,
    dismiss: Annotated[
        list[str] | None,
        typer.Option("--dismiss", metavar="ID", help="Record that finding ID is not an error (repeatable)."),
    ] = None,
    note: Annotated[str, typer.Option("--note", metavar="TEXT", help="The reason, kept with the decisions.")] = "",
    debug: Debug = False,
) -> None:
    """Review reports: which printed number breaks which rule, where, and what would make it consistent.

    Findings name their cells as the report prints them (表三 （一）予以公开 总计, page), with the printed and
    computed values; a blank or unreadable cell is "cannot tell", never 0. Extraction doubts are listed apart.
    Decisions (--confirm/--dismiss ID --note TEXT) are kept beside each report in FILE.review.json and shown
    on every later run. An unreadable FILE is reported on stderr and the others are still reviewed (exit 3).

    Example: gi-extract check report.pdf -f html -o report.html --strict
    """
    from ..exits import fail, fail_with

    if format is CheckFormat.xlsx and output is None:
        fail("--format xlsx writes a workbook: give it a file with -o FILE.xlsx", EXIT_USAGE)
    if STDIN in map(str, files) and (confirm or dismiss or len(files) > 1):
        fail("a report from standard input (-) is reviewed alone, and its decisions cannot be kept", EXIT_USAGE)
    try:
        reviews, code = _review_all(files, debug)
        if not reviews:
            raise typer.Exit(code)
        if confirm or dismiss:
            reviews = _decide(files, reviews, confirm or [], dismiss or [], note, debug)
        _write(reviews, format, output)
    except GiExtractError as exc:
        fail_with(exc, debug)
    if code:
        raise typer.Exit(code)
    if strict and any(r.failing for r in reviews):
        raise typer.Exit(EXIT_FINDINGS)


def _review_all(files: Sequence[Path], debug: bool) -> tuple[list[Review], int]:
    """Every readable file reviewed with its sidecar's decisions; an unreadable one is one line on stderr.

    Returns the reviews and the exit code the unreadable ones call for (0 when none): 4 if one
    met an internal error, else 3.
    """
    from ..api import STDIN_NAME, extract
    from .build import review
    from .decisions import load, sidecar

    reviews: list[Review] = []
    code = 0
    for path in files:
        try:
            if str(path) == STDIN:  # a report piped in has no folder to keep decisions beside it
                reviews.append(review(extract(sys.stdin.buffer, name=STDIN_NAME), {}))
                continue
            decisions = load(sidecar(path))
            reviews.append(review(extract(path), decisions))
        except GiExtractError as exc:
            if exc.exit_code == EXIT_CONFIG and debugging(debug):
                raise
            if exc.exit_code == EXIT_USAGE:
                raise
            sys.stderr.write(f"gi-extract: error: {' '.join(str(exc).split())}\n")
            code = max(code, exc.exit_code)
    return reviews, code


def _decide(
    files: Sequence[Path], reviews: list[Review], confirm: list[str], dismiss: list[str], note: str, debug: bool
) -> list[Review]:
    # each decision goes to the sidecar of the report whose finding it is (source.path: the FILE as given)
    """Record the decisions in each report's sidecar, then review again so that they show."""
    from ..exits import fail
    from .decisions import record, sidecar

    wanted = {fid: "confirmed" for fid in confirm} | {fid: "dismissed" for fid in dismiss}
    found = {f.id for r in reviews for f in r.findings}
    unknown = sorted(set(wanted) - found)
    if unknown:
        fail(f"no finding {', '.join(unknown)} in {', '.join(map(str, files))} (ids are in brackets in the review)", 2)
    for rev in reviews:
        for decision in ("confirmed", "dismissed"):
            mine = [f for f in rev.findings if wanted.get(f.id) == decision]
            if mine:
                record(sidecar(Path(rev.report.source.path)), mine, decision, note)
    return _review_all(files, debug)[0]


def _write(reviews: list[Review], format: CheckFormat, output: Path | None) -> None:
    """Render in the chosen format to ``output`` (atomically) or stdout."""
    from ..output import require_folder, write_output

    if output is not None:
        require_folder(output)
    if format is CheckFormat.xlsx:
        from .xlsx import save_workbook

        assert output is not None  # checked before any work
        save_workbook(output, reviews)
        return
    if format is CheckFormat.text and output is None and sys.stdout.isatty():
        from rich.console import Console

        from .text import render

        render(reviews, Console(file=sys.stdout))
        return
    if format is CheckFormat.md:
        from .markdown import to_markdown

        text = to_markdown(reviews)
    elif format is CheckFormat.html:
        from .html import to_html

        text = to_html(reviews)
    else:
        from .text import to_text

        text = to_text(reviews)
    if output is None:
        sys.stdout.write(text)
        return
    write_output(output, text)
