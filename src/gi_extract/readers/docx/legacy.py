"""Legacy Word files (.doc, .wps, RTF): converted to .docx by LibreOffice, then read as DOCX."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from ...errors import UnreadableInput
from ...grid import Document
from .ole import OLE_MAGIC, has_word_stream, word_problem
from .package import MAX_UNCOMPRESSED

CONVERT_TIMEOUT = 120
"""Seconds LibreOffice may take to turn one .doc/.wps into .docx."""


def read_legacy_word(path: Path) -> Document:
    """Read a .doc/.wps file by converting it to .docx with LibreOffice, which must be on PATH.

    A binary Word file has no table model we can read directly; LibreOffice's converter keeps
    merged cells as ``gridSpan``/``vMerge``, so the DOCX walk then applies unchanged.
    """
    data = _head(path)
    if "EncryptedPackage".encode("utf-16-le") in data:  # a password-protected .docx inside OLE
        raise UnreadableInput(f"{path}: encrypted (password-protected) Word file")
    if data.startswith(OLE_MAGIC) and len(data) < MAX_UNCOMPRESSED:  # a longer file was not read whole
        problem = word_problem(data)
        if problem is None and path.suffix.lower() == ".doc" and not has_word_stream(data):
            problem = "an OLE file with no Word document in it (a spreadsheet, a slide deck, or another program's)"
        if problem:
            raise UnreadableInput(f"{path}: not a readable .doc: {problem}")
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
            raise UnreadableInput(f"{path}: LibreOffice could not convert it to .docx (damaged?)")
        from . import read_docx

        doc = read_docx(converted)
    suffix = path.suffix.lower().lstrip(".")
    doc.path = str(path)
    doc.format = suffix if suffix in ("doc", "wps") else "doc"
    return doc


def _head(path: Path) -> bytes:
    """The file's bytes, up to the largest part any reader inflates (OLE files are read whole)."""
    try:
        with path.open("rb") as fh:
            return fh.read(MAX_UNCOMPRESSED)
    except OSError as exc:
        raise UnreadableInput(f"{path}: cannot be read ({exc.strerror or exc})") from None
