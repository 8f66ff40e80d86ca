"""The errors gi-extract raises, each with the exit code the command line turns it into.

Data problems (a failing check, an unreadable cell) are results in the output, never
exceptions. Exceptions are for what stops a run: an input that cannot be read (exit 3,
the input's fault), a broken template file, an output that cannot be written, or a bug
(exit 4, not the input's fault: a pipeline must not mark the report as bad and move on).
:data:`EXIT_CODES` is the one table of exit codes; the README, docs/output.md and
``--help`` are generated from it.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_UNREADABLE = 3
EXIT_CONFIG = 4
EXIT_INTERRUPTED = 130

EXIT_CODES: dict[int, str] = {
    EXIT_OK: "extracted (checks may fail: see checks and warnings in the output)",
    EXIT_FINDINGS: "with --strict: a check did not pass or a standard table is missing",
    EXIT_USAGE: "usage error (bad option, missing argument)",
    EXIT_UNREADABLE: (
        "the input cannot be read: missing, empty, binary, corrupt, encrypted, image-only, unsupported,"
        " or no standard table found"
    ),
    EXIT_CONFIG: (
        "configuration or internal error: a broken template file, an output that cannot be written,"
        " an optional extra not installed (the message names the pip command), or a bug (please report it)"
    ),
    EXIT_INTERRUPTED: "interrupted (Ctrl-C); bulk keeps what is done, and --resume finishes the rest",
}


def printable(text: str) -> str:
    """Text safe to print and store: bytes of a file name that were not UTF-8 (kept by Python as
    lone surrogates) become ``\\xff`` escapes instead of making every later write fail."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


class GiExtractError(Exception):
    """Base class: every error gi-extract raises on purpose."""

    exit_code = EXIT_UNREADABLE

    def __init__(self, message: str) -> None:
        super().__init__(printable(message))


class UnreadableInput(GiExtractError, ValueError):
    """The file is missing, empty, corrupt, encrypted, image-only or of an unsupported kind."""


class NoStandardTable(UnreadableInput):
    """The file was read, but none of the three standard tables is in it."""


class NotAReport(NoStandardTable):
    """The file was read, has text, and none of it speaks of 信息公开: another document altogether.

    Apart from :class:`NoStandardTable` because bulk mode lists such files as skipped (a README or
    a notice in a download folder), while a report whose tables were lost stays an error.
    """


class ConfigurationError(GiExtractError):
    """A template file is broken, incomplete or inconsistent: no input can be read correctly."""

    exit_code = EXIT_CONFIG


class OutputError(GiExtractError):
    """A result cannot be written (no space, no permission, no such folder)."""

    exit_code = EXIT_CONFIG


class InternalError(GiExtractError):
    """A bug met while reading one input; the message names the input and asks for a report."""

    exit_code = EXIT_CONFIG

    @classmethod
    def wrap(cls, path: object, exc: BaseException) -> InternalError:
        """The one-line form of an unexpected exception met while reading ``path``."""
        detail = " ".join(str(exc).split())[:200]
        what = f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__
        return cls(f"internal error while reading {path}: {what} (please report)")
