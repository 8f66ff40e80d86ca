"""The command line: a thin face over :func:`gi_extract.extract` (and bulk mode).

``gi-extract FILE`` is short for ``gi-extract extract FILE``. Exit codes (output.md):
0 extracted (checks may fail); 1 a check failed or a standard table is missing, with
``--strict``; 2 usage error; 3 the input cannot be read. Errors are one line on stderr
naming the file, never a traceback.
"""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from .errors import GiExtractError
from .model import json_schema
from .output import report_to_csv, write_atomic

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False, help=__doc__)

EXIT_CHECKS, EXIT_USAGE, EXIT_UNREADABLE = 1, 2, 3  # 0: extracted (checks may fail)
COMMANDS = ("extract", "schema", "inspect", "bulk")


class Format(str, Enum):
    json = "json"
    csv = "csv"


def fail(message: str, code: int = EXIT_UNREADABLE) -> None:
    """Print one line on stderr and exit (the only way errors leave the CLI)."""
    sys.stderr.write(f"gi-extract: error: {' '.join(message.split())}\n")
    raise typer.Exit(code)


@app.command()
def extract(
    file: Annotated[Path, typer.Argument(help="A report: .docx, .pdf, .html or text (recognised by content).")],
    format: Annotated[
        Format, typer.Option("--format", "-f", help="json (the contract) or csv (long format).")
    ] = Format.json,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here (atomically) instead of stdout.")
    ] = None,
    strict: Annotated[bool, typer.Option(help="Exit 1 when a check fails or a standard table is missing.")] = False,
    compact: Annotated[bool, typer.Option(help="JSON on one line.")] = False,
) -> None:
    """Extract the three standard tables of one report as validated JSON.

    Example: gi-extract report.docx -o report.json --strict
    """
    from .api import extract as run

    try:
        report = run(file)
    except GiExtractError as exc:
        fail(str(exc), exc.exit_code)
    except Exception as exc:  # a bug must still end in one line and exit 3, never a traceback
        fail(f"{file}: could not be read ({type(exc).__name__}: {exc})")
    text = report_to_csv(report) if format is Format.csv else report.to_json(None if compact else 2) + "\n"
    if output is not None:
        try:
            write_atomic(output, text)
        except OSError as exc:
            fail(f"{output}: cannot write ({exc.strerror or exc})", EXIT_USAGE)
    else:
        sys.stdout.write(text)
    if strict and (report.failed_checks or report.missing_tables):
        raise typer.Exit(EXIT_CHECKS)


@app.command()
def bulk(
    inputs: Annotated[
        list[Path], typer.Argument(help="Folders (searched recursively) and files; hidden files are skipped.")
    ],
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder for the results (created if missing).")],
    workers: Annotated[int | None, typer.Option(min=1, help="Worker processes (default: the number of CPUs).")] = None,
    timeout: Annotated[
        float, typer.Option(min=0.001, help="Seconds allowed per file; a slower file is an error row.")
    ] = 120.0,  # bulk.DEFAULT_TIMEOUT, not imported: bulk (multiprocessing, rich) loads only when used
    resume: Annotated[
        bool, typer.Option(help="Skip inputs already finished in OUT with the same content (sha256).")
    ] = False,
    strict: Annotated[bool, typer.Option(help="Exit 1 when any check fails, in a report or across reports.")] = False,
) -> None:
    """Convert every report in folders: one JSON each, summary.csv, facts.csv, reports.jsonl, cross_checks.csv.

    Runs in parallel; a file that cannot be read is an error row in summary.csv, never the end
    of the run. Exit 3 when any input could not be read, else 1 with --strict when a check failed.

    Example: gi-extract bulk reports/ -o out/ --workers 4 --resume
    """
    from .bulk import ConsoleProgress, convert_folder

    try:
        with ConsoleProgress(sys.stderr) as progress:
            result = convert_folder(inputs, output, workers=workers, resume=resume, timeout=timeout, progress=progress)
    except GiExtractError as exc:
        fail(str(exc), exc.exit_code)
    except OSError as exc:
        fail(f"{output}: cannot write ({exc.strerror or exc})", EXIT_USAGE)
    errors, checks, cross = result.errors, result.checks_failed, result.cross_failed
    sys.stderr.write(
        f"gi-extract: {len(result.rows)} inputs ({result.skipped} done before): "
        f"{len(result.rows) - len(errors) - len(checks)} ok, {len(checks)} with failed checks, "
        f"{len(errors)} unreadable; {len(cross)} of {len(result.cross_checks)} cross-report checks not passed "
        f"(see {output / 'summary.csv'})\n"
    )
    if errors:
        raise typer.Exit(EXIT_UNREADABLE)
    if strict and (checks or cross):
        raise typer.Exit(EXIT_CHECKS)


@app.command()
def inspect(
    file: Annotated[Path, typer.Argument(help="A report to explain.")],
) -> None:
    """Show how a report was read: its grids, which standard table each became and why, each row's match.

    Example: gi-extract inspect report.pdf | less
    """
    from .inspect import describe

    try:
        sys.stdout.write(describe(file))
    except GiExtractError as exc:
        fail(str(exc), exc.exit_code)


@app.command()
def schema() -> None:
    """Print the JSON Schema that every output validates against."""
    sys.stdout.write(json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n")


def main() -> None:
    """Entry point: ``gi-extract FILE`` runs ``extract``; subcommands run themselves."""
    argv = sys.argv[1:]
    first = next((a for a in argv if not a.startswith("-")), None)
    if argv and first is not None and first not in COMMANDS and argv[0] not in ("--help", "-h"):
        argv = ["extract", *argv]
    try:
        app(args=argv, prog_name="gi-extract")
    except KeyboardInterrupt:
        sys.stderr.write("gi-extract: interrupted\n")
        sys.exit(130)
