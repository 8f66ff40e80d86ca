"""The DOCX package: python-docx's OPC layer, behind our zip-bomb limits.

python-docx opens the zip, reads the package relationships and each part's, and resolves
relationship targets to part names (``docx.opc``); its oxml layer reads the core properties.
What it does not do is refuse a hostile archive, so the zip's own directory is checked first:
a member (or the whole) that claims to inflate past :data:`MAX_UNCOMPRESSED`, or inflates a
large member more than :data:`MAX_RATIO` times, is refused before anything is inflated. A part
is then inflated by the zip module, which stops at the size the directory states.
"""

from __future__ import annotations

import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from docx.opc.constants import RELATIONSHIP_TARGET_MODE as RTM
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.oxml import parse_xml as parse_opc_xml
from docx.opc.packuri import PACKAGE_URI, PackURI
from docx.opc.phys_pkg import PhysPkgReader
from lxml import etree

from ...errors import UnreadableInput

MAX_UNCOMPRESSED = 200 * 1024 * 1024
"""Refuse a package whose members add up to more than this once inflated (zip bomb)."""
MAX_RATIO = 100
"""Refuse a large member that inflates more than this many times its packed size."""
RATIO_MIN_SIZE = 10 * 1024 * 1024
"""Members below this size are never refused for their ratio (XML of zeros packs very well)."""


@dataclass(frozen=True)
class Relationship:
    """One internal relationship of a part: its id, type and the part it points to."""

    rid: str
    reltype: str
    target: PackURI


class Package:
    """An opened DOCX: parts by name, relationships by source, every failure an :class:`UnreadableInput`."""

    def __init__(self, source: Path | IO[bytes], name: str) -> None:
        self.name = name
        _refuse_bombs(source, name)
        try:
            # python-docx's reader is a factory without type hints: held as Any, used through its three methods
            self._reader: Any = PhysPkgReader(  # type: ignore[no-untyped-call]
                source if not isinstance(source, Path) else str(source)
            )
        except (zipfile.BadZipFile, OSError, ValueError, KeyError) as exc:
            raise UnreadableInput(f"{name}: not a valid DOCX ({type(exc).__name__})") from None

    def __enter__(self) -> Package:
        return self

    def __exit__(self, *exc: object) -> None:
        self._reader.close()

    def blob(self, part: PackURI) -> bytes:
        """Inflate one part, turning every way a damaged zip fails into :class:`UnreadableInput`."""
        member = part.membername
        try:
            data: bytes = self._reader.blob_for(part)
        except KeyError:
            raise UnreadableInput(f"{self.name}: no {member} in the package (not a Word document)") from None
        except RuntimeError:
            raise UnreadableInput(f"{self.name}: {member} is encrypted in the zip archive") from None
        except NotImplementedError:
            raise UnreadableInput(f"{self.name}: {member} uses an unsupported zip compression method") from None
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError):
            raise UnreadableInput(f"{self.name}: not a valid DOCX (truncated or corrupt zip member {member})") from None
        return data

    def relationships(self, source: PackURI) -> list[Relationship]:
        """The internal relationships of a part (or of the package: :data:`PACKAGE_URI`)."""
        try:
            xml = self._reader.rels_xml_for(source)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, RuntimeError):
            return []
        if xml is None:
            return []
        try:
            root = parse_opc_xml(xml)
        except etree.XMLSyntaxError:
            return []
        out = []
        for rel in root.iterchildren():
            if rel.get("TargetMode") == RTM.EXTERNAL or not rel.get("Target"):
                continue
            target = PackURI.from_rel_ref(source.baseURI, rel.get("Target"))
            out.append(Relationship(rel.get("Id", ""), rel.get("Type", ""), target))
        return out

    def main_part(self) -> PackURI:
        """The main document part, as the package relationships name it (Word's default if absent)."""
        for rel in self.relationships(PACKAGE_URI):
            if rel.reltype == RT.OFFICE_DOCUMENT:
                return rel.target
        return PackURI("/word/document.xml")

    def title(self) -> str | None:
        """``dc:title`` from the core properties: a hint only, so a damaged part just gives ``None``."""
        from docx.oxml import parse_xml

        for rel in self.relationships(PACKAGE_URI):
            if rel.reltype != RT.CORE_PROPERTIES:
                continue
            try:
                props = parse_xml(self.blob(rel.target))
                text = str(getattr(props, "title_text", "") or "").strip()
            except (UnreadableInput, etree.XMLSyntaxError, ValueError):
                return None
            return text or None
        return None

    def embedded(self, part: PackURI) -> dict[str, PackURI]:
        """The documents a part embeds with ``w:altChunk``: relationship id → embedded part."""
        return {rel.rid: rel.target for rel in self.relationships(part) if rel.reltype == RT.A_F_CHUNK}


def _refuse_bombs(source: Path | IO[bytes], name: str) -> None:
    """Refuse the archive before anything is inflated if its directory says zip bomb."""
    try:
        with zipfile.ZipFile(source) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError):
        raise UnreadableInput(f"{name}: not a valid DOCX (broken zip archive)") from None
    except OSError as exc:
        raise UnreadableInput(f"{name}: cannot be read ({exc.strerror or exc})") from None
    total = sum(info.file_size for info in members)
    bomb = next(
        (i for i in members if i.file_size > RATIO_MIN_SIZE and i.file_size > MAX_RATIO * max(1, i.compress_size)),
        None,
    )
    if total > MAX_UNCOMPRESSED or bomb is not None:
        reason = f", {bomb.filename} inflates {bomb.file_size // max(1, bomb.compress_size)}×" if bomb else ""
        raise UnreadableInput(
            f"{name}: refused as a possible zip bomb ({total // (1024 * 1024)} MB uncompressed{reason})"
        )
