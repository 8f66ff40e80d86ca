"""A table's grid from the ruling lines in a page image.

Ruling lines are the long straight runs of ink: a morphological opening with a long thin
kernel keeps them and wipes out text, whose strokes are shorter than a character. Each run
becomes an edge (in PDF points, like the text-layer reader's edges), and pdfplumber's own table
finder turns the edges into cell boxes exactly as it does for a PDF's vector rulings, so a
merged cell is one box spanning several lattice steps, and the PDF reader's lattice code
(``ruled_table``) gives it its rowspan and colspan.

The recogniser then reads the page with its lines in place: the lines keep the text detector
from joining the texts of neighbouring cells into one line (erasing them first did exactly that).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..pdf.lines import BBox, Obj
from ..pdf.load import box
from .image import as_image

if TYPE_CHECKING:
    from .image import Image

MIN_RUN = 0.3
"""Shortest ruling, in inches: longer than any character's stroke at body sizes (a 12-point character is 0.17 in)."""
SHORT = 0.08
"""Shortest vertical ruling looked for between two horizontal ones, in inches (a row of one small line of text)."""
MEET = 4
"""Pixels by which a short vertical run may miss the horizontal rulings it runs between (their thickness, blur)."""
MAX_THICK = 0.04
"""Thickest ruling, in inches (about 3 points): a wider dark band is a picture or a seal, not a line."""
JOIN = 6.0
"""Collinear edge pieces closer than this (points) are one line: scans break thin lines, JPEG frays them."""
SNAP = 3.0
"""Edges this close (points) across their length are one line (pdfplumber's default)."""
TOUCH = 4.0
"""A vertical and a horizontal edge meet when they pass within this (points) of each other."""


def ink(image: Image) -> Image:
    """Ink as 255 on 0, at a threshold half-way between Otsu's and white.

    Otsu's threshold follows the paper's grey however dark the scan came out, but splits a thin
    grey ruling (a one-pixel line spread over two by the scan) into dashes; half-way to white
    keeps it whole, and text is wiped out by the opening anyway.
    """
    import cv2
    import numpy as np

    otsu, _ = cv2.threshold(image, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    out: Image = np.where(image < (otsu + 255) / 2, 255, 0).astype(np.uint8)
    return out


def find_rulings(image: Image, dpi: int) -> list[list[BBox]]:
    """The cell boxes (points) of each table drawn with ruling lines on a straightened page image.

    No closing bridges breaks in a line before the opening: it would also join the horizontal
    strokes of neighbouring characters into a run as long as a ruling (a fake row border through
    a label); breaks are bridged between edges instead (:data:`JOIN`). A vertical line one short
    row tall (between two sub-labels) is shorter than a character's stroke may be; it is taken
    when it runs from one horizontal ruling to the next, which no stroke of text does.
    """
    import cv2

    binary = ink(image)
    run = max(int(MIN_RUN * dpi), 10)
    rect = cv2.getStructuringElement
    horizontal = as_image(cv2.morphologyEx(binary, cv2.MORPH_OPEN, rect(cv2.MORPH_RECT, (run, 1))))
    vertical = as_image(cv2.morphologyEx(binary, cv2.MORPH_OPEN, rect(cv2.MORPH_RECT, (1, run))))
    short = as_image(cv2.morphologyEx(binary, cv2.MORPH_OPEN, rect(cv2.MORPH_RECT, (1, max(int(SHORT * dpi), 5)))))
    short[cv2.dilate(vertical, rect(cv2.MORPH_RECT, (3, 3))) > 0] = 0  # the long lines are found already
    thick = MAX_THICK * dpi
    rows = _runs(horizontal, "h", thick)
    columns = _runs(vertical, "v", thick) + [c for c in _runs(short, "v", thick) if _between_rulings(c, rows)]
    columns += _page_edges(rows, image.shape[1])
    scale = 72 / dpi
    edges = [_edge("h", a * scale, b * scale, at * scale) for at, a, b in rows]
    edges += [_edge("v", a * scale, b * scale, at * scale) for at, a, b in columns]
    return cell_tables(edges)


def _runs(lines: Image, orientation: str, thick: float) -> list[tuple[float, int, int]]:
    """Each connected run of a line mask as ``(position across, start, end)`` in pixels, thick blobs left out."""
    import cv2

    n, _, stats, _ = cv2.connectedComponentsWithStats(lines, connectivity=8)
    out: list[tuple[float, int, int]] = []
    for i in range(1, n):
        x, y, w, h = (int(v) for v in stats[i][:4])
        if orientation == "h" and h <= thick:
            out.append((y + h / 2, x, x + w))
        elif orientation == "v" and w <= thick:
            out.append((x + w / 2, y, y + h))
    return out


def _page_edges(rows: Sequence[tuple[float, int, int]], width: int) -> list[tuple[float, int, int]]:
    """A vertical edge at each side of the page where rulings run into its edge: the table went on past the paper.

    Such a table has no closing border in the image; the edge closes it, so its outermost column
    still has cells, and the PDF reader marks that column as clipped (``value_clipped``).
    """
    out: list[tuple[float, int, int]] = []
    for at, touching in (
        (0.0, [r for r in rows if r[1] <= MEET]),
        (width - 1.0, [r for r in rows if r[2] >= width - MEET]),
    ):
        if len(touching) >= 2:
            out.append((at, int(min(r[0] for r in touching)), int(max(r[0] for r in touching)) + 1))
    return out


def _between_rulings(column: tuple[float, int, int], rows: Sequence[tuple[float, int, int]]) -> bool:
    """Whether a vertical run starts on one horizontal ruling and ends on another (within :data:`MEET` pixels)."""
    x, top, bottom = column

    def meets(y: int) -> bool:
        return any(abs(at - y) <= MEET and a - MEET <= x <= b + MEET for at, a, b in rows)

    return meets(top) and meets(bottom)


def _edge(orientation: str, start: float, end: float, at: float) -> Obj:
    """An edge in the shape pdfplumber's table finder works on."""
    if orientation == "h":
        return {"orientation": "h", "x0": start, "x1": end, "top": at, "bottom": at, "width": end - start, "height": 0}
    return {"orientation": "v", "x0": at, "x1": at, "top": start, "bottom": end, "width": 0, "height": end - start}


def cell_tables(edges: Sequence[Obj]) -> list[list[BBox]]:
    """pdfplumber's table finder on our edges: the cell boxes of each table (at least two rows or columns)."""
    from pdfplumber.table import cells_to_tables, edges_to_intersections, intersections_to_cells, merge_edges

    merged: list[Any] = merge_edges(list(edges), SNAP, SNAP, JOIN, JOIN)
    if sum(e["orientation"] == "h" for e in merged) < 2 or sum(e["orientation"] == "v" for e in merged) < 2:
        return []
    cells = intersections_to_cells(edges_to_intersections(merged, TOUCH, TOUCH))
    return [[box(cell) for cell in table] for table in cells_to_tables(cells) if len(table) >= 2]
