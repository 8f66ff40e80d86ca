"""The errors gi-extract raises, each with the exit code the CLI turns it into.

Data problems (a failing check, an unreadable cell) are results in the JSON, never
exceptions; these are for inputs that cannot be read at all (exit 3, see output.md).
"""

from __future__ import annotations


class GiExtractError(Exception):
    """Base class: every error gi-extract raises on purpose."""

    exit_code = 3


class UnreadableInput(GiExtractError, ValueError):
    """The file is missing, empty, corrupt, encrypted, image-only or of an unsupported kind."""


class NoStandardTable(GiExtractError):
    """The file was read, but none of the three standard tables is in it."""
