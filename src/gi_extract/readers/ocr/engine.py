"""The OCR engine behind a small typed wrapper: RapidOCR on ONNX Runtime, with the models its wheel ships.

Why a wrapper: the engine has no type stubs and a large configuration; everything else in the
OCR reader sees only :class:`TextLine` and :class:`Glyph` (plain data in pixels of the image it
was given), so the engine could be swapped without touching the geometry.

Offline by construction: the model files are given to the engine by path, found inside the
installed ``rapidocr`` package, so its downloader (which fetches a model that is missing) is
never reached; the recognition model carries its own character list, so no dictionary is
fetched either, and the display font RapidOCR downloads for drawing results is never asked for
(we never draw). The engine is built once per process and per thread count, and imported only
here, so no other format and no text-layer PDF ever imports it.
"""

from __future__ import annotations

import multiprocessing
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

PIP_HINT = "pip install 'gi-extract[ocr]'"
"""The one command that adds the OCR engine (named in every error about a scanned page)."""
DET_SIDE = 1280
"""Longest side (pixels) of the image the text detector sees: a 200 dpi A4 page is scaled to about 110 dpi for
detection only (recognition reads full-resolution crops). Detection takes half the time it takes at 1600 and, on
the fixtures and the rasterised corpus, found the same lines; a lone digit it misses is caught by the second look
at empty cells (``cells.py``)."""
MIN_SCORE = 0.3
"""Text lines the recogniser scores below this are dropped as noise (stamps, specks); anything above is kept
and its confidence reported, so doubt is shown rather than hidden."""


class OcrUnavailable(Exception):
    """The OCR extra is not installed (or its models are missing from the installed package)."""


@dataclass(frozen=True, slots=True)
class Glyph:
    """One recognised character: its text, box ``(x0, top, x1, bottom)`` in image pixels, and confidence (0-1)."""

    text: str
    box: tuple[float, float, float, float]
    confidence: float


@dataclass(frozen=True, slots=True)
class TextLine:
    """One detected text line: its glyphs left to right, its box in image pixels, and the line's confidence."""

    text: str
    box: tuple[float, float, float, float]
    confidence: float
    glyphs: tuple[Glyph, ...]


def threads() -> int:
    """Threads for one page: every core in a single process, one in a bulk worker (bulk runs one worker per core)."""
    if multiprocessing.parent_process() is not None:
        return 1
    return max(1, min(os.cpu_count() or 1, 4))


def model_files() -> tuple[Path, Path]:
    """The detection and recognition models inside the installed rapidocr package."""
    try:
        import rapidocr
    except ImportError as exc:
        raise OcrUnavailable(f"the OCR engine is not installed ({PIP_HINT})") from exc
    models = Path(rapidocr.__file__).resolve().parent / "models"
    det = sorted(models.glob("*det*.onnx"))
    rec = sorted(models.glob("*rec*.onnx"))
    if len(det) != 1 or len(rec) != 1:
        raise OcrUnavailable(f"the OCR engine's models are missing from {models} (reinstall: {PIP_HINT})")
    return det[0], rec[0]


class Engine:
    """Text detection and recognition on one greyscale page image."""

    def __init__(self, n_threads: int) -> None:
        det, rec = model_files()
        try:
            from rapidocr import RapidOCR
        except ImportError as exc:  # onnxruntime or opencv missing under an installed rapidocr
            raise OcrUnavailable(f"the OCR engine cannot be loaded: {exc} ({PIP_HINT})") from exc
        params: dict[str, Any] = {
            "Global.log_level": "error",
            "Global.use_cls": False,  # pages are deskewed and upright; the 180° classifier only costs time
            "Global.text_score": MIN_SCORE,
            "Global.max_side_len": 4000,  # keep the page's own resolution for recognition
            "Det.model_path": str(det),
            "Det.limit_type": "max",
            "Det.limit_side_len": DET_SIDE,
            "Rec.model_path": str(rec),
            # one line at a time: batches are padded to their widest line, and a batch of body-text lines took
            # 1 GB at peak; singly the whole run is faster (no padding) and stays near 600 MB
            "Rec.rec_batch_num": 1,
            "EngineConfig.onnxruntime.intra_op_num_threads": n_threads,
            "EngineConfig.onnxruntime.inter_op_num_threads": 1,
        }
        self._ocr = RapidOCR(params=params)

    def read(self, image: npt.NDArray[np.uint8]) -> list[TextLine]:
        """Every text line of a greyscale image, with a box and confidence per character."""
        # every switch given on every call: the engine keeps a call's switches for the calls after it
        result = self._ocr(
            image, use_det=True, use_cls=False, use_rec=True, return_word_box=True, return_single_char_box=True
        )
        boxes, texts, scores = (getattr(result, name, None) for name in ("boxes", "txts", "scores"))
        if boxes is None or texts is None or scores is None:  # nothing found: the engine returns an empty output
            return []
        words = getattr(result, "word_results", ())
        words = words if len(words) == len(texts) else [()] * len(texts)
        lines: list[TextLine] = []
        for quad, text, score, chars in zip(boxes, texts, scores, words, strict=True):
            box = _bbox(quad)
            glyphs = tuple(Glyph(str(t), _bbox(q), float(s)) for t, s, q in chars if q is not None and str(t).strip())
            if "".join(g.text for g in glyphs) != "".join(str(text).split()):
                glyphs = spread_glyphs(str(text), box, float(score))
            lines.append(TextLine(str(text), box, float(score), glyphs))
        return lines

    def recognise(self, image: npt.NDArray[np.uint8]) -> tuple[str, float]:
        """The text of a small image holding one line (no detection) and its confidence; ``("", 0.0)`` for none."""
        result = self._ocr(image, use_det=False, use_cls=False, use_rec=True, return_word_box=False)
        texts, scores = getattr(result, "txts", None), getattr(result, "scores", None)
        if not texts or not scores:
            return "", 0.0
        return str(texts[0]), float(scores[0])


def _bbox(quad: Any) -> tuple[float, float, float, float]:
    """The axis-aligned box of a quadrilateral given as four (x, y) points."""
    xs = [float(p[0]) for p in quad]
    ys = [float(p[1]) for p in quad]
    return min(xs), min(ys), max(xs), max(ys)


def spread_glyphs(text: str, box: tuple[float, float, float, float], score: float) -> tuple[Glyph, ...]:
    """Glyphs spread evenly over a line's box, for a line read without per-character boxes (or with ones that do
    not fit its text)."""
    chars = [ch for ch in text if ch.strip()]
    if not chars:
        return ()
    x0, top, x1, bottom = box
    step = (x1 - x0) / len(chars)
    return tuple(Glyph(ch, (x0 + i * step, top, x0 + (i + 1) * step, bottom), score) for i, ch in enumerate(chars))


@cache
def engine(n_threads: int) -> Engine:
    """The engine, built once per process (loading the models takes about half a second)."""
    return Engine(n_threads)
