"""Readers: each turns one kind of file into the same :class:`~gi_extract.grid.Document`.

The kind is recognised from the file's first bytes, not only its extension (a ``.html``
saved as ``.txt`` still reads as HTML). Heavy libraries are imported inside the reader
that needs them, so reading a text report never imports pdfplumber.
"""

from __future__ import annotations

import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import UnreadableInput, printable
from ..grid import Document
from ..warnings import warning
from .radicals import fold_document

DEFAULT_MAX_BYTES = 100 * 1024 * 1024
"""Inputs larger than this are refused before anything is read (``--max-size``): real reports are
under 20 MB, scans included, and every reader's time and memory grow with the input."""
FORMATS = ("pdf", "docx", "doc", "html", "text")


def sniff(path: Path, head: bytes) -> str:
    """Name the format of a file from its first bytes (extension only as a tie-break)."""
    ext = path.suffix.lower().lstrip(".")
    if head.startswith(b"%PDF") or b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx"
    if head.startswith(b"\xd0\xcf\x11\xe0") or head.startswith(b"{\\rtf"):
        return "doc"  # binary Word, or RTF saved as .doc: both go through LibreOffice
    if ext in ("md", "markdown"):
        return "text"  # Markdown may open with a converter's <table>; its text reader reads those too
    probe = head[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if probe.startswith((b"<!doctype html", b"<html", b"<?xml")) or (
        probe.startswith(b"<") and any(tag in probe for tag in (b"<table", b"<div", b"<p", b"<body", b"<meta"))
    ):
        return "html"
    if ext in ("htm", "html", "shtml", "xhtml"):
        return "html"
    return "text"


def read(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES, kind: str | None = None) -> Document:
    """Read any supported file into a Document; raise :class:`UnreadableInput` otherwise.

    ``kind`` overrides the format recognised from the content (one of :data:`FORMATS`).
    Only regular files are read: a FIFO or a device would block or never end, so it is refused
    before it is opened. The document's ``path`` is the name as given, with bytes that are not
    UTF-8 written as ``\\xff`` escapes so that it can be printed and stored anywhere.
    """
    p = Path(path)
    name = printable(str(p))
    try:
        info = p.stat()
    except FileNotFoundError:
        raise UnreadableInput(f"{name}: no such file") from None
    except OSError as exc:
        raise UnreadableInput(f"{name}: cannot be read ({exc.strerror or exc})") from None
    if stat.S_ISDIR(info.st_mode):
        raise UnreadableInput(f"{name}: is a folder (use 'gi-extract bulk' for folders)")
    if not stat.S_ISREG(info.st_mode):
        raise UnreadableInput(f"{name}: not a regular file (a pipe, socket or device); save it to a file first")
    if info.st_size == 0:
        raise UnreadableInput(f"{name}: empty file")
    if info.st_size > max_bytes:
        size, limit = info.st_size / 2**20, max_bytes / 2**20
        raise UnreadableInput(f"{name}: {size:.3g} MB, over the size limit of {limit:.3g} MB (--max-size)")
    try:
        with p.open("rb") as fh:
            head = fh.read(8192)
    except OSError as exc:
        raise UnreadableInput(f"{name}: cannot be read ({exc.strerror or exc})") from None
    kind = kind or sniff(p, head)
    if kind == "pdf":
        with captured_logs() as logged:
            doc = _dispatch(p, kind)
        if logged:
            more = f" (and {len(logged) - 1} more)" if len(logged) > 1 else ""
            doc.warnings.append(warning("input_damaged", f"the file's parser reported: {logged[0]}{more}"))
    else:
        doc = _dispatch(p, kind)
    fold_document(doc)
    doc.path = printable(doc.path)
    return doc


LOGGERS = ("pdfminer", "pdfplumber", "PIL")
"""Libraries that log warnings about damaged files (pdfminer: "Data-loss while decompressing
corrupted data"). Python prints such a warning on stderr when nobody handles it, a second line
next to ours; it is kept as the report's warning instead. They are all under the PDF reader
(and the OCR behind it); python-docx, lxml and the text reader never log, so the other formats
skip the capture and do not pay for importing :mod:`logging` at start-up."""


@contextmanager
def captured_logs() -> Iterator[list[str]]:
    """Collect what the readers' libraries log at WARNING or above, instead of printing it."""
    import logging

    messages: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            try:
                messages.append(printable(" ".join(record.getMessage().split()))[:200])
            except Exception:  # a record that cannot even format itself: keep its template
                messages.append(str(record.msg)[:200])

    handler = Keep(logging.WARNING)
    saved = []
    for name in LOGGERS:
        logger = logging.getLogger(name)
        saved.append((logger, logger.propagate))
        logger.addHandler(handler)
        logger.propagate = False
    try:
        yield messages
    finally:
        for logger, propagate in saved:
            logger.removeHandler(handler)
            logger.propagate = propagate


def _dispatch(p: Path, kind: str) -> Document:
    if kind == "pdf":
        from .pdf import read_pdf

        return read_pdf(p)
    if kind == "docx":
        from .docx import read_docx

        return read_docx(p)
    if kind == "doc":
        from .docx.legacy import read_legacy_word

        return read_legacy_word(p)
    if kind == "html":
        from .html import read_html

        return read_html(p)
    from .text import read_text

    return read_text(p)
