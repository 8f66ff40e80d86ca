"""Readers: each turns one kind of file into the same :class:`~gi_extract.grid.Document`.

The kind is recognised from the file's first bytes, not only its extension (a ``.html``
saved as ``.txt`` still reads as HTML). Heavy libraries are imported inside the reader
that needs them, so reading a text report never imports pdfplumber.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import UnreadableInput
from ..grid import Document

MAX_BYTES = 200 * 1024 * 1024


def sniff(path: Path, head: bytes) -> str:
    """Name the format of a file from its first bytes (extension only as a tie-break)."""
    ext = path.suffix.lower().lstrip(".")
    if head.startswith(b"%PDF") or b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "doc"
    probe = head[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if probe.startswith((b"<!doctype html", b"<html", b"<?xml")) or (
        probe.startswith(b"<") and any(tag in probe for tag in (b"<table", b"<div", b"<p", b"<body", b"<meta"))
    ):
        return "html"
    if ext in ("htm", "html", "shtml", "xhtml"):
        return "html"
    return "text"


def read(path: str | Path) -> Document:
    """Read any supported file into a Document; raise :class:`UnreadableInput` otherwise."""
    p = Path(path)
    if not p.exists():
        raise UnreadableInput(f"{p}: no such file")
    if p.is_dir():
        raise UnreadableInput(f"{p}: is a folder (use 'gi-extract bulk' for folders)")
    try:
        size = p.stat().st_size
        with p.open("rb") as fh:
            head = fh.read(8192)
    except OSError as exc:
        raise UnreadableInput(f"{p}: cannot be read ({exc.strerror or exc})") from None
    if size == 0:
        raise UnreadableInput(f"{p}: empty file")
    if size > MAX_BYTES:
        raise UnreadableInput(f"{p}: file larger than {MAX_BYTES // (1024 * 1024)} MB")
    kind = sniff(p, head)
    if kind == "pdf":
        from .pdf import read_pdf

        return read_pdf(p)
    if kind == "docx":
        from .docx import read_docx

        return read_docx(p)
    if kind == "doc":
        from .docx import read_legacy_word

        return read_legacy_word(p)
    if kind == "html":
        from .html import read_html

        return read_html(p)
    from .text import read_text

    return read_text(p)
