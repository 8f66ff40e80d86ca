"""A second look at table cells the text detector left empty: ink there is read on its own.

The detector misses some lone thin digits (a ``1`` alone in a cell is a short vertical stroke,
much like a ruling's stub). An empty cell reads as a blank, which the contract turns into ``0``:
a silent misread. So every cell of a ruled table with no recognised character is looked at
again: if its inside (its ruling lines left out) holds a blob of ink of a character's size, that
blob alone is handed to the recogniser, and what it reads becomes the cell's text, with its own
confidence. A truly empty cell costs one look at its pixels.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..pdf.lines import BBox, Obj
from .engine import TextLine, spread_glyphs
from .image import as_image
from .place import SIZE_OF_BOX, line_chars

if TYPE_CHECKING:
    from .engine import Engine
    from .image import Image

INSET = 0.03
"""Inches cut from each side of a cell before looking for ink: the ruling lines and their blur."""
MIN_HEIGHT = 0.35
"""A blob counts as a character when it is at least this share of the page's usual text height."""
MAX_WIDTH = 0.9
"""A blob wider than this share of the cell's inside is a piece of ruling, not a character."""


def reread_empty_cells(
    image: Image,
    tables: Sequence[Sequence[BBox]],
    chars: Sequence[Obj],
    lines: Sequence[TextLine],
    engine: Engine,
    dpi: int,
) -> list[Obj]:
    """Characters for the empty cells of ``tables`` that hold ink, read one cell at a time (points, like ``chars``)."""
    import cv2
    import numpy as np

    if not lines:
        return []
    text_height = float(np.median([line.box[3] - line.box[1] for line in lines])) / SIZE_OF_BOX
    k = dpi / 72
    inset = max(int(INSET * dpi), 2)
    otsu, _ = cv2.threshold(image, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    centres = [((ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2) for ch in chars if ch["text"].strip()]
    out: list[Obj] = []
    for table in tables:
        for x0, top, x1, bottom in table:
            if any(x0 <= x <= x1 and top <= y <= bottom for x, y in centres):
                continue
            left, upper = int(x0 * k) + inset, int(top * k) + inset
            right, lower = int(x1 * k) - inset, int(bottom * k) - inset
            if right - left < 4 or lower - upper < 4:
                continue
            inside = image[upper:lower, left:right]
            blob = _glyph_box(np.where(inside < otsu, 255, 0).astype(np.uint8), text_height)
            if blob is None:
                continue
            bx0, by0, bx1, by1 = blob
            text, score = engine.recognise(_padded(inside[by0:by1, bx0:bx1]))
            if text.strip():
                box = (left + bx0, upper + by0, left + bx1, upper + by1)
                out += line_chars([TextLine(text, box, score, spread_glyphs(text, box, score))], dpi)
    return out


def _glyph_box(binary: Image, text_height: float) -> tuple[int, int, int, int] | None:
    """The box around the character-sized blobs of ink in a cell's inside, or None when it holds none."""
    import cv2

    n, _, stats, _ = cv2.connectedComponentsWithStats(binary, connectivity=8)
    width = binary.shape[1]
    found: list[tuple[int, int, int, int]] = []
    for i in range(1, n):
        x, y, w, h = (int(v) for v in stats[i][:4])
        if h >= MIN_HEIGHT * text_height and w <= MAX_WIDTH * width and h <= 3 * text_height:
            found.append((x, y, x + w, y + h))
    if not found:
        return None
    return min(b[0] for b in found), min(b[1] for b in found), max(b[2] for b in found), max(b[3] for b in found)


def _padded(crop: Image) -> Image:
    """The blob on white with a margin, at least as wide as tall (the recogniser reads a line, not a column)."""
    import cv2

    h, w = crop.shape
    side = max(h // 2, (h - w) // 2 + h // 4, 4)
    top = max(h // 4, 4)
    return as_image(cv2.copyMakeBorder(crop, top, top, side, side, cv2.BORDER_CONSTANT, value=255))
