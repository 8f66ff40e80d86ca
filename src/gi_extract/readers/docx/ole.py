"""A look inside an OLE compound file (.doc, .wps) before LibreOffice is asked to convert it.

LibreOffice turns almost any bytes into *some* document: a truncated or damaged .doc comes back
as a page of garbage after seconds of work, and the user is told "no standard table found" — the
wrong reason, late. Word 97–2003 files have a fixed shape ([MS-CFB] container, a directory entry
named ``WordDocument`` whose stream opens with the File Information Block's magic ``0xA5EC``), so
checking that shape costs microseconds and names the real problem. Only the facts needed for that
are read; the file is not parsed further.
"""

from __future__ import annotations

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENTRY = 128
"""Bytes per directory entry: entries sit on 128-byte boundaries of the file (sectors are 512 or 4096)."""
_WORD = "WordDocument".encode("utf-16-le") + b"\x00\x00"
_WORD_FIB_MAGIC = b"\xec\xa5"
_MINI_CUTOFF = 4096
"""Streams shorter than this live in the mini stream, where their offset is not a plain sector."""


def word_problem(data: bytes) -> str | None:
    """Why ``data`` (a whole OLE file) cannot be a readable Word 97–2003 document, or None when it can.

    ``None`` is also returned when the file has no ``WordDocument`` stream but may be another
    format LibreOffice reads (a Works .wps); the caller decides by the file's extension.
    """
    if not data.startswith(OLE_MAGIC):
        return "not an OLE file (its first bytes are not a Word 97–2003 header)"
    if len(data) < 512:
        return "truncated (shorter than its own header)"
    shift = int.from_bytes(data[0x1E:0x20], "little")
    if shift not in (9, 12):
        return "damaged (its header gives an impossible sector size)"
    size = 1 << shift
    first_dir = int.from_bytes(data[0x30:0x34], "little")
    if (first_dir + 1) * size + _ENTRY > len(data):
        return "truncated (its directory lies past the end of the file)"
    entry = _word_entry(data)
    if entry is None:
        return None
    start = int.from_bytes(data[entry + 0x74 : entry + 0x78], "little")
    length = int.from_bytes(data[entry + 0x78 : entry + 0x7C], "little")
    if length < _MINI_CUTOFF:
        return None
    offset = (start + 1) * size
    if offset + 2 > len(data):
        return "truncated (its Word text lies past the end of the file)"
    if data[offset : offset + 2] != _WORD_FIB_MAGIC:  # the FIB stays plain even in a password-protected file
        return "damaged (its Word stream does not begin as Word writes it)"
    return None


def has_word_stream(data: bytes) -> bool:
    """True when the OLE directory has an entry named ``WordDocument``."""
    return _word_entry(data) is not None


def _word_entry(data: bytes) -> int | None:
    """Offset of the ``WordDocument`` directory entry: the name, on an entry boundary, with its length."""
    at = data.find(_WORD)
    while at != -1:
        if at % _ENTRY == 0 and int.from_bytes(data[at + 64 : at + 66], "little") == len(_WORD):
            return at
        at = data.find(_WORD, at + 1)
    return None
