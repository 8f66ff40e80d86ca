"""Page images: a scanned page rendered to greyscale pixels, and turned straight.

Rendering goes through pdfium (pypdfium2, which pdfplumber already depends on), so every way a
scanner writes a page (one JPEG, strips, a rotated page, a JBIG2 mask) comes out as the page
looks. 200 dpi is enough for 9-point digits (about 25 pixels tall) and no more than most scans
hold; rendering higher only resamples the same pixels and slows the recogniser.

A hand-fed scan is rarely straight: half a degree tilts a row of a 17 cm wide table by 1.5 mm,
enough to move digits across ruling lines of neighbouring rows. The skew is measured from the
page's own ink (ruling lines and text lines both make sharp horizontal projections when level)
and undone by one rotation before anything else looks at the page.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Image = npt.NDArray[np.uint8]

DPI = 200
"""Resolution at which scanned pages are rendered and read; pixel boxes in the output are at this resolution."""
MAX_SKEW = 3.0
"""Largest skew (degrees) looked for; a page tilted more was not fed into a scanner by accident."""
MIN_SKEW = 0.05
"""Skews below this (degrees) are left alone: they move a point at the page's edge by less than a pixel."""
INK = 160
"""Grey level below which a pixel counts as ink when measuring skew and finding blank pages."""


class RenderError(Exception):
    """pdfium cannot draw the page (a damaged file pdfminer still parsed): the PDF is broken."""


def render(path: Path, index: int, dpi: int = DPI) -> Image:
    """Page ``index`` (0-based) of a PDF as a greyscale image at ``dpi``."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as exc:
        raise RenderError(str(exc)) from None
    try:
        page = pdf[index]
        bitmap = page.render(scale=dpi / 72, grayscale=True)
        image: Image = bitmap.to_numpy().copy()
        bitmap.close()
        page.close()
    except (pdfium.PdfiumError, IndexError) as exc:
        raise RenderError(str(exc) or type(exc).__name__) from None
    finally:
        pdf.close()
    if image.ndim == 3:  # some pdfium builds give grey as three equal channels
        image = image[:, :, 0].copy()
    return image


def is_blank(image: Image) -> bool:
    """True for a page with (almost) no ink: a blank back of a sheet costs no recognition."""
    import numpy as np

    return int(np.count_nonzero(image < INK)) < image.size // 5000


def skew_angle(image: Image) -> float:
    """The page's skew in degrees (positive: the content turned counter-clockwise), 0 when none is found.

    Projection profiles: ink pixels (from a half-size copy) are projected onto the vertical axis
    of the page turned by each candidate angle; the angle whose profile has the most contrast
    (highest sum of squares) lines the rows up. A coarse pass over ±:data:`MAX_SKEW` in 0.1°
    steps, then a fine one of 0.01° around the best.
    """
    import numpy as np

    small = image[::2, ::2]
    ys, xs = np.nonzero(small < INK)
    if len(xs) < 200:
        return 0.0
    if len(xs) > 400_000:  # plenty for a profile; keeps the search fast on dark scans
        keep = np.random.default_rng(0).choice(len(xs), 400_000, replace=False)
        ys, xs = ys[keep], xs[keep]
    x = xs.astype(np.float64) - small.shape[1] / 2
    y = ys.astype(np.float64)
    height = small.shape[0]

    def contrast(angle: float) -> float:
        # each pixel shared between the two rows it falls between: a profile that changes smoothly with the angle,
        # so that angles a fraction of a pixel apart are told apart (rounding would make them tie)
        rows = y + x * np.tan(np.radians(angle))
        low = np.floor(rows)
        share = rows - low
        index = low.astype(np.int64) + 1
        inside = (index >= 1) & (index < height)
        profile = np.bincount(index[inside], weights=1 - share[inside], minlength=height + 2)
        profile += np.bincount(index[inside] + 1, weights=share[inside], minlength=height + 2)
        return float(np.dot(profile, profile))

    coarse = max(np.arange(-MAX_SKEW, MAX_SKEW + 1e-9, 0.1), key=lambda a: contrast(float(a)))
    fine = max(np.arange(coarse - 0.1, coarse + 0.1 + 1e-9, 0.01), key=lambda a: contrast(float(a)))
    return round(float(fine), 2)


def deskew(image: Image) -> tuple[Image, float]:
    """The image turned straight, and the angle (degrees) it was turned by (0 when it was level)."""
    import cv2

    angle = skew_angle(image)
    if abs(angle) < MIN_SKEW:
        return image, 0.0
    h, w = image.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), -angle, 1.0)
    turned = cv2.warpAffine(image, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)
    return as_image(turned), angle


def as_image(array: object) -> Image:
    """An OpenCV result as the 8-bit array type the OCR reader passes around (no copy when it is one already)."""
    import numpy as np

    return np.asarray(array, dtype=np.uint8)
