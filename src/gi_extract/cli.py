"""The command line: a thin face over :func:`gi_extract.extract`, bulk mode and inspect.

``gi-extract FILE`` is short for ``gi-extract extract FILE``. Errors are one line on stderr
naming the file and the reason, with the exit code of :data:`gi_extract.errors.EXIT_CODES`;
a traceback only with ``--debug`` (or ``GI_EXTRACT_DEBUG=1``), for a bug report.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperCommand

from . import __version__
from .errors import (
    EXIT_CODES,
    EXIT_CONFIG,
    EXIT_FINDINGS,
    EXIT_INTERRUPTED,
    EXIT_UNREADABLE,
    EXIT_USAGE,
    GiExtractError,
    OutputError,
)
from .exits import Debug, fail, fail_with
from .output import report_to_csv, write_output
from .review.command import check

if TYPE_CHECKING:
    from .bulk import BulkResult
    from .model import Report

COMMANDS = ("extract", "schema", "inspect", "bulk", "check")
EXIT_TABLE = "\b\nExit codes:\n" + "\n".join(f"  {code}  {text}" for code, text in EXIT_CODES.items())
"""The exit-code table every --help ends with (``\\b`` keeps click from re-wrapping it)."""


class PlainCommand(TyperCommand):
    """Help as plain text: arguments by their metavar, never by an internal type name.

    Typer prints an argument as ``{file} <Path>``; a user needs ``FILE`` and what it is.
    """

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = ["[OPTIONS]"]
        for param in self.get_params(ctx):
            if param.param_type_name == "argument":
                name = param.metavar or (param.name or "").upper()
                pieces.append(f"{name}..." if param.nargs != 1 else name)
        return pieces

    def format_options(self, ctx: Any, formatter: Any) -> None:
        args, opts = [], []
        for param in self.get_params(ctx):
            if param.param_type_name == "argument":
                args.append((param.metavar or (param.name or "").upper(), getattr(param, "help", None) or ""))
            else:
                record = param.get_help_record(ctx)
                if record is not None:
                    opts.append(record)
        for title, rows in (("Arguments", args), ("Options", opts)):
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)


app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
    help="Turn 政府信息公开工作年度报告 (DOCX, PDF, web pages, text) into checked data.\n\n"
    "gi-extract FILE is short for gi-extract extract FILE.",
    epilog=EXIT_TABLE,
)


class Format(StrEnum):
    json = "json"
    csv = "csv"


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"gi-extract {__version__}\n")
        raise typer.Exit(0)


@app.callback()
def main_options(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Turn 政府信息公开工作年度报告 (DOCX, PDF, web pages, text) into checked data."""


MaxSize = Annotated[float, typer.Option("--max-size", metavar="MB", help="Refuse inputs larger than this many MB.")]
FormatIn = Annotated[
    str | None,
    typer.Option(
        "--format-in", metavar="pdf|docx|doc|html|text", help="Read the input as this format (default: by its content)."
    ),
]


def _read_report(file: Path, max_size: float, format_in: str | None, debug: bool) -> Report:
    """The report a FILE argument names; ``-`` is standard input."""
    from .api import STDIN_NAME
    from .api import extract as run
    from .readers import FORMATS

    if format_in is not None and format_in not in FORMATS:
        fail(f"--format-in must be one of {', '.join(FORMATS)}, not {format_in!r}", EXIT_USAGE)
    if not max_size > 0:
        fail(f"--max-size must be a number of MB above 0, not {max_size:g}", EXIT_USAGE)
    limit = max(1, int(max_size * 2**20))
    try:
        if str(file) == "-":
            return run(sys.stdin.buffer, name=STDIN_NAME, max_size=limit, format=format_in)
        return run(file, max_size=limit, format=format_in)
    except GiExtractError as exc:
        fail_with(exc, debug)


@app.command(cls=PlainCommand, epilog=EXIT_TABLE)
def extract(
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE", help="A report: .docx, .doc, .pdf, .html or text (recognised by content); - for stdin."
        ),
    ],
    format: Annotated[
        Format,
        typer.Option("--format", "-f", metavar="json|csv", help="json (the contract) or csv (one row per cell)."),
    ] = Format.json,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="PATH", help="Write here (whole or not at all) instead of stdout."),
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit 1 when a check fails or a standard table is missing.")
    ] = False,
    compact: Annotated[bool, typer.Option("--compact", help="JSON on one line.")] = False,
    format_in: FormatIn = None,
    max_size: MaxSize = 100.0,
    debug: Debug = False,
) -> None:
    """Extract the three standard tables of one report, checked, as JSON (or CSV: UTF-8 with BOM, for Excel).

    Example: gi-extract report.docx -o report.json --strict
    """
    report = _read_report(file, max_size, format_in, debug)
    text = "\ufeff" + report_to_csv(report) if format is Format.csv else report.to_json(None if compact else 2) + "\n"
    if output is not None:
        try:
            write_output(output, text)
        except OutputError as exc:
            fail_with(exc, debug)
    else:
        sys.stdout.write(text)
    if strict and (report.failed_checks or report.missing_tables):
        raise typer.Exit(EXIT_FINDINGS)


@app.command(cls=PlainCommand, epilog=EXIT_TABLE)
def bulk(
    inputs: Annotated[
        list[Path],
        typer.Argument(metavar="INPUT", help="Folders (searched recursively) and files; hidden files are skipped."),
    ],
    output: Annotated[
        Path, typer.Option("--output", "-o", metavar="FOLDER", help="Folder for the results (created if missing).")
    ],
    workers: Annotated[
        int | None, typer.Option(min=1, metavar="N", help="Worker processes (default: the number of CPUs).")
    ] = None,
    timeout: Annotated[
        float,
        typer.Option(metavar="SECONDS", help="Seconds allowed per file; a slower file is an error row."),
    ] = 120.0,  # bulk.DEFAULT_TIMEOUT, not imported: bulk (multiprocessing) loads only when used
    resume: Annotated[
        bool,
        typer.Option("--resume", help="Skip inputs finished before in FOLDER with the same content and version."),
    ] = False,
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit 1 when any check fails, in a report or across reports.")
    ] = False,
    include: Annotated[
        list[str] | None,
        typer.Option("--include", metavar="GLOB", help="Also read files matching GLOB (e.g. '*.xml'); repeatable."),
    ] = None,
    exclude: Annotated[
        list[str] | None,
        typer.Option("--exclude", metavar="GLOB", help="Leave out files matching GLOB (e.g. 'drafts/*'); repeatable."),
    ] = None,
    engine: Annotated[
        str,
        typer.Option(
            "--engine",
            metavar="local|dask",
            help="Where the files are converted: local worker processes, or a Dask cluster (gi-extract[dask]).",
        ),
    ] = "local",
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            metavar="ADDRESS",
            help="With --engine dask: the scheduler (tcp://host:8786); default a local cluster of --workers.",
        ),
    ] = None,
    xlsx: Annotated[
        bool,
        typer.Option("--xlsx", help="Also write findings.xlsx: the reviewer's workbook (gi-extract[review])."),
    ] = False,
    debug: Debug = False,
) -> None:
    """Convert every report in folders: one JSON each, and summary files for the whole run.

    Reads the files whose extension is a report's (docx, doc, wps, pdf, html, htm, txt, md, or none);
    every other file is listed in summary.csv as skipped. Runs in parallel. A file that cannot be
    read is an error row in summary.csv, never the end of the run. Ctrl-C stops cleanly: what is
    done is kept, and --resume finishes the rest. Exit 3 when an input could not be read, 4 when one
    met an internal error, 130 when interrupted, else 1 with --strict when a check failed.

    Example: gi-extract bulk reports/ -o out/ --workers 4 --resume
    """
    if not timeout > 0:
        fail(f"--timeout must be a number of seconds above 0, not {timeout:g}", EXIT_USAGE)
    import gc

    gc.enable()  # entry.py turns it off for one-report runs; a bulk run lasts
    from .bulk import convert_folder
    from .progress import ConsoleProgress

    try:
        with ConsoleProgress(sys.stderr) as progress:
            result = convert_folder(
                inputs,
                output,
                workers=workers,
                resume=resume,
                timeout=timeout,
                progress=progress,
                include=include or (),
                exclude=exclude or (),
                engine=engine,
                scheduler=scheduler,
                xlsx=xlsx,
            )
    except GiExtractError as exc:
        fail_with(exc, debug)
    except OSError as exc:
        fail_with(OutputError(f"{output}: cannot write ({exc.strerror or exc})"), debug)
    sys.stderr.write(_bulk_summary(result, output) + "\n")
    sys.stderr.writelines(f"gi-extract: note: {note}\n" for note in result.notes)
    if result.interrupted:
        raise typer.Exit(EXIT_INTERRUPTED)
    if result.internal_errors:
        raise typer.Exit(EXIT_CONFIG)
    if result.errors:
        raise typer.Exit(EXIT_UNREADABLE)
    if strict and (result.checks_failed or result.cross_failed):
        raise typer.Exit(EXIT_FINDINGS)


def _bulk_summary(result: BulkResult, output: Path) -> str:
    """The run's last line: what became of the inputs, and which file holds what."""
    rows = result.rows
    ok = sum(r["status"] == "ok" for r in rows)
    counts = [
        f"{ok} ok",
        f"{len(result.checks_failed)} with failed checks",
        f"{len(result.errors)} unreadable",
        f"{len(result.internal_errors)} internal errors",
        f"{len(result.not_reports)} not reports (skipped)",
    ]
    earlier = f", {result.skipped} done before" if result.skipped else ""
    upgraded = f", {result.redone} redone after an upgrade" if result.redone else ""
    if result.cross_checks:
        cross = f"{len(result.cross_failed)} of {len(result.cross_checks)} cross-report checks not passed"
    else:
        cross = "no cross-report checks (no agency has reports for consecutive years)"
    stopped = "interrupted: run again with --resume to finish; " if result.interrupted else ""
    files = [
        ("per input", "summary.csv"),
        ("across reports", "cross_checks.csv"),
        ("findings to review", "findings.csv"),
    ]
    written = "; ".join(f"{what}: {output / name}" for what, name in files if (output / name).is_file())
    written = written[:1].upper() + written[1:]
    return f"gi-extract: {stopped}{len(rows)} inputs{earlier}{upgraded}: {', '.join(counts)}; {cross}. {written}"


@app.command(cls=PlainCommand, epilog=EXIT_TABLE)
def inspect(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="A report to explain; - for stdin.")],
    debug: Debug = False,
) -> None:
    """Show how a report was read: its grids, which standard table each became and why, each row's match.

    Example: gi-extract inspect report.pdf | less
    """
    from .inspect import describe

    try:
        if str(file) == "-":
            from .api import STDIN_NAME, staged
            from .readers import DEFAULT_MAX_BYTES

            with staged(sys.stdin.buffer, STDIN_NAME, DEFAULT_MAX_BYTES) as path:
                text, missing = describe(path)
            text = text.replace(str(path), STDIN_NAME)
            missing = missing and type(missing)(str(missing).replace(str(path), STDIN_NAME))
        else:
            text, missing = describe(file)
    except GiExtractError as exc:
        fail_with(exc, debug)
    sys.stdout.write(text)
    if missing is not None:
        sys.stdout.flush()
        fail_with(missing, debug)


@app.command(cls=PlainCommand, epilog=EXIT_TABLE)
def schema(debug: Debug = False) -> None:
    """Print the JSON Schema that every output validates against."""
    from .model import json_schema

    try:
        sys.stdout.write(json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n")
    except GiExtractError as exc:
        fail_with(exc, debug)


app.command(cls=PlainCommand, epilog=EXIT_TABLE)(check)


def main() -> None:
    """Entry point: ``gi-extract FILE`` runs ``extract``; subcommands run themselves."""
    argv = sys.argv[1:]
    first = next((a for a in argv if a == "-" or not a.startswith("-")), None)
    if argv and first is not None and first not in COMMANDS and argv[0] not in ("--help", "-h", "--version"):
        argv = ["extract", *argv]
    try:
        app(args=argv, prog_name="gi-extract")
    except KeyboardInterrupt:
        sys.stderr.write("gi-extract: interrupted\n")
        sys.exit(EXIT_INTERRUPTED)
