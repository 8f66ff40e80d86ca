"""Legacy Word files (.doc, .wps, RTF): converted to .docx by LibreOffice, then read as DOCX."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from ...errors import UnreadableInput
from ...grid import Document
from .package import MAX_UNCOMPRESSED

CONVERT_TIMEOUT = 120
"""Seconds LibreOffice may take to turn one .doc/.wps into .docx."""


def read_legacy_word(path: Path) -> Document:
    """Read a .doc/.wps file by converting it to .docx with LibreOffice, which must be on PATH.

    A binary Word file has no table model we can read directly; LibreOffice's converter keeps
    merged cells as ``gridSpan``/``vMerge``, so the DOCX walk then applies unchanged.
    """
    if _is_encrypted_ooxml(path):
        raise UnreadableInput(f"{path}: encrypted (password-protected) Word file")
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise UnreadableInput(f"{path}: .doc/.wps needs LibreOffice (soffice) on PATH to be read")
    with tempfile.TemporaryDirectory(prefix="gi-extract-") as tmp:
        argv = [
            soffice,
            f"-env:UserInstallation={Path(tmp, 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "docx",
            "--outdir",
            tmp,
            str(path),
        ]
        try:
            subprocess.run(argv, capture_output=True, timeout=CONVERT_TIMEOUT, check=False)
        except subprocess.TimeoutExpired:
            raise UnreadableInput(f"{path}: LibreOffice did not convert it within {CONVERT_TIMEOUT} s") from None
        except OSError as exc:
            raise UnreadableInput(f"{path}: LibreOffice could not be started ({exc.strerror or exc})") from None
        converted = Path(tmp, path.stem + ".docx")
        if not converted.is_file():
            raise UnreadableInput(f"{path}: LibreOffice could not convert it to .docx{_why_not(path)}")
        from . import read_docx

        doc = read_docx(converted)
    suffix = path.suffix.lower().lstrip(".")
    doc.path = str(path)
    doc.format = suffix if suffix in ("doc", "wps") else "doc"
    return doc


def _why_not(path: Path) -> str:
    """A reason to add when conversion failed: an OLE file without a Word stream is no Word file.

    Why: Excel and PowerPoint files share the OLE container and reach us renamed to .doc; saying
    so spares the reader a hunt for a LibreOffice problem that is not there.
    """
    try:
        with path.open("rb") as fh:
            data = fh.read(MAX_UNCOMPRESSED)
    except OSError:
        return ""
    if data.startswith(b"\xd0\xcf\x11\xe0") and "WordDocument".encode("utf-16-le") not in data:
        return " (an OLE file with no Word document in it: a spreadsheet, a slide deck, or damaged)"
    return " (damaged or truncated)"


def _is_encrypted_ooxml(path: Path) -> bool:
    """True for an OLE file holding an ``EncryptedPackage`` stream (a password-protected .docx)."""
    try:
        with path.open("rb") as fh:
            data = fh.read(MAX_UNCOMPRESSED)
    except OSError:
        return False
    return "EncryptedPackage".encode("utf-16-le") in data
