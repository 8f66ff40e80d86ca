"""CJK radical characters put where a report prints ordinary ideographs, folded back.

A radical and the ideograph it looks like share one glyph in CJK fonts (Noto CJK draws
U+2F08 ⼈ and U+4EBA 人 alike). A PDF producer that writes the text layer by mapping glyphs
back to characters may pick the radical: Chromium's prints do (``⾏政规范性⽂件``,
``⼈⺠政府``), and text copied out of such a PDF keeps it. To a reader the page is right;
to a program ``⼈⺠政府`` is not ``人民政府``: labels match worse, an agency's name differs
from the same agency's other reports, and a search for 行政 misses ⾏政.

Every reader's text goes through :func:`fold_radicals` before it is read (the PDF's
characters, a text file once decoded, and every other document's cells and paragraphs
after reading: :func:`fold_document`). Each radical becomes one character, so source
positions stay right.

- Kangxi radicals (U+2F00–U+2FD5): Unicode's own compatibility mapping (NFKC).
- CJK Radicals Supplement (U+2E80–U+2EF3), which NFKC leaves alone: the 68 whose glyph in
  Noto Sans CJK SC is a unified ideograph's (:data:`SUPPLEMENT`, read from that font's
  character map; they agree with Unicode's EquivalentUnifiedIdeograph.txt). The others
  draw a radical form no ideograph has, and are left.
"""

from __future__ import annotations

import unicodedata

from ..grid import Document, Grid, Paragraph

SUPPLEMENT = (
    "⺂乛⺃乚⺅亻⺉刂⺋㔾⺎兀⺏尣⺐尢⺒巳⺓幺⺔彑⺖忄⺘扌⺙攵⺛旡⺞歺⺟母⺠民⺡氵⺣灬⺤爫⺦丬⺨犭⺫罒⺭礻"
    "⺯糹⺰纟⺱罓⺲罒⺳㓁⺹耂⺺肀⺾艹⻂衤⻃覀⻄西⻅见⻈讠⻉贝⻋车⻍辶⻐钅⻑長⻒镸⻓长⻖阝⻘青⻙韦⻚页"
    "⻛风⻜飞⻟飠⻠饣⻢马⻥鱼⻦鸟⻧卤⻨麦⻩黄⻪黾⻫斉⻬齐⻭歯⻮齿⻯竜⻰龙⻲亀⻳龟"
)
"""Pairs: a CJK Radicals Supplement character, then the unified ideograph drawn with the same glyph."""

_TABLE = {ord(r): i for r, i in zip(SUPPLEMENT[::2], SUPPLEMENT[1::2], strict=True)} | {
    c: unicodedata.normalize("NFKC", chr(c)) for c in range(0x2F00, 0x2FD6)
}


def fold_radicals(text: str) -> str:
    """``text`` with each radical drawn like an ideograph written as that ideograph."""
    return text.translate(_TABLE)


def fold_document(doc: Document) -> None:
    """Fold the radicals of every paragraph, cell and the title hint of ``doc``, in place."""
    if doc.title_hint:
        doc.title_hint = fold_radicals(doc.title_hint)
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            block.text = fold_radicals(block.text)
        elif isinstance(block, Grid):
            for row in block.cells:
                for cell in row:
                    cell.text = fold_radicals(cell.text)
