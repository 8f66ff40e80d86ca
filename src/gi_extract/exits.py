"""How a command-line face ends on an error: one line on stderr and the contract's exit code.

Both faces (``cli`` and the ``check`` command of :mod:`gi_extract.review`) end this way; it lives
apart from them so neither imports the other to share it.
"""

from __future__ import annotations

import os
import sys
from typing import Annotated, NoReturn

import typer

from .errors import EXIT_CONFIG, EXIT_UNREADABLE, GiExtractError

Debug = Annotated[
    bool, typer.Option("--debug", help="On an internal error, show the traceback (also GI_EXTRACT_DEBUG=1).")
]
"""The ``--debug`` option every command takes; :func:`debugging` reads it with the environment."""


def fail(message: str, code: int = EXIT_UNREADABLE) -> NoReturn:
    """Print one line on stderr and exit (the only way errors leave the CLI)."""
    sys.stderr.write(f"gi-extract: error: {' '.join(message.split())}\n")
    raise typer.Exit(code)


def debugging(flag: bool) -> bool:
    """True with ``--debug`` or ``GI_EXTRACT_DEBUG`` set (to anything but 0)."""
    return flag or os.environ.get("GI_EXTRACT_DEBUG", "") not in ("", "0")


def fail_with(exc: GiExtractError, debug: bool) -> NoReturn:
    """One line for an error raised on purpose; with ``--debug`` an internal error's traceback too."""
    if debugging(debug) and exc.exit_code == EXIT_CONFIG and exc.__cause__ is not None:
        raise exc
    fail(str(exc), exc.exit_code)
