"""Step 1, bytes → text: BOM, then valid UTF-8, then the declared charset, then sniffing."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from charset_normalizer import from_bytes

from ...errors import UnreadableInput
from ...warnings import GiWarning, warning

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: its BOM starts with UTF-16 LE's
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Every label Chinese sites use for GB2312/GBK. GB18030 is a strict superset of both, so
# characters outside GB2312 that editors paste in anyway (e.g. 珺, 堃) still decode.
_GB_NAMES = frozenset(
    {"gb2312", "gb_2312", "gb_2312-80", "csgb2312", "gbk", "x-gbk", "cp936", "ms936", "windows-936"}
    | {"euc-cn", "x-euc-cn", "chinese", "iso-ir-58", "gb18030", "gb-18030"}
)
_META_CHARSET = re.compile(rb"<meta[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I)
_XML_ENCODING = re.compile(rb"<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9_.:-]+)", re.I)
_DECLARATION_WINDOW = 16384
"""Bytes searched for a charset declaration (spec says 1024; real pages put long comments first)."""
_LOSSY_SHARE = 1000
"""A decode may replace at most one character in this many (a truncated download, a stray byte)."""


def _codec_name(label: bytes | str) -> str | None:
    """Map a declared charset label to a Python codec, the way browsers interpret it."""
    name = (label.decode("ascii", "ignore") if isinstance(label, bytes) else label).strip().lower()
    if name in _GB_NAMES:
        return "gb18030"
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    if codec.startswith(("utf-16", "utf-32")):
        return "utf-8"  # WHATWG: a UTF-16 label inside an 8-bit byte stream means UTF-8
    if codec in ("latin-1", "iso8859-1", "ascii"):
        return "cp1252"  # WHATWG: these labels mean windows-1252
    return codec


def declared_charset(data: bytes) -> tuple[str, str] | None:
    """(label, codec) named by ``<meta charset>``, ``http-equiv content-type`` or ``<?xml encoding>``."""
    head = data[:_DECLARATION_WINDOW]
    for pattern in (_META_CHARSET, _XML_ENCODING):
        match = pattern.search(head)
        if match:
            codec = _codec_name(match.group(1))
            if codec:
                return match.group(1).decode("ascii"), codec
    return None


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def decode_html(data: bytes, path: Path) -> tuple[str, list[GiWarning]]:
    """Decode page bytes; return the text and any warnings about the encoding.

    Order: a BOM decides. Otherwise bytes that are valid UTF-8 are UTF-8 whatever the page
    declares: multi-byte GBK text is practically never valid UTF-8 by accident, while the
    opposite mistake (a ``gb2312`` meta left in a template re-saved as UTF-8) is common and
    would still decode "successfully" as GB18030 into mojibake. Then the declared charset
    (strict), then charset_normalizer's guess, then GB18030. A file that decodes only with
    more than one replaced character per :data:`_LOSSY_SHARE` is unreadable.
    """
    warnings: list[GiWarning] = []
    for bom, codec in _BOMS:
        if data.startswith(bom):
            text = _strict(data[len(bom) :], codec)
            if text is not None:
                return text, warnings
            warnings.append(
                warning("html_encoding", f"byte-order mark says {codec} but the bytes are not; sniffed instead")
            )
            break
    if b"\x00" in data[:8192]:
        raise UnreadableInput(f"{path}: binary data (NUL bytes), not an HTML page")
    declaration = declared_charset(data)
    label, declared = declaration if declaration else ("", None)
    text = _strict(data, "utf-8")
    if text is not None:
        if declared not in (None, "utf-8", "cp1252") or (declared == "cp1252" and not data.isascii()):
            warnings.append(warning("html_encoding", f"page declares charset {label} but is UTF-8; read as UTF-8"))
        return text, warnings
    if declared:
        text = _strict(data, declared)
        if text is not None:
            return text, warnings
        warnings.append(
            warning("html_encoding", f"page declares charset {label} but the bytes are not; sniffed instead")
        )
    guess = from_bytes(data).best()
    guessed = _codec_name(guess.encoding) if guess is not None else None
    for candidate in (guessed, "gb18030"):
        sniffed = _strict(data, candidate) if candidate else None
        if sniffed is not None:
            return sniffed, warnings
    attempts = [
        (data.decode(c, errors="replace"), c) for c in dict.fromkeys(c for c in (declared, "utf-8", "gb18030") if c)
    ]
    lossy, codec = min(attempts, key=lambda attempt: attempt[0].count("\ufffd"))
    bad = lossy.count("\ufffd")
    if bad > max(1, len(lossy) // _LOSSY_SHARE):
        raise UnreadableInput(f"{path}: cannot be decoded as UTF-8, GB18030 or its declared charset")
    warnings.append(warning("html_encoding", f"{bad} undecodable byte sequence(s) replaced while reading as {codec}"))
    return lossy, warnings
