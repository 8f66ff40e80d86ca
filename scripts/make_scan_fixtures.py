"""Build the OCR reader's fixtures in fixtures/scan/: scans made from the repo's own PDF fixtures.

A scanned report is a picture of the printed page: each page of a text-layer fixture
(fixtures/pdf/*.pdf, made by scripts/make_pdf_fixtures.py) is rendered by pdfium at 200 dpi in
grey, turned by a small angle where the case asks for skew (as a sheet fed a little crooked),
JPEG-compressed, and written back as an image-only PDF with Pillow. The truth file is the source
fixture's, copied: the scan prints the same numbers. ``mixed`` keeps the text pages of ``ruled``
and replaces one page (the one where table 三 ends and table 四 is printed) by its scan, as an
office that stamps and scans one page of a text PDF does.

Run: ``.venv/bin/python scripts/make_scan_fixtures.py`` (needs only pypdfium2 and Pillow, which
pdfplumber brings). Tests also call :func:`scan_pdf` to rasterise corpus PDFs at test time.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "fixtures" / "pdf"
OUT = ROOT / "fixtures" / "scan"
DPI = 200

# name: (source fixture, skew in degrees, JPEG quality). A 200 dpi grey page is 200-250 KB of JPEG, so only these
# are stored; the tests make more (straight, other fixtures, corpus reports) at test time with scan_pdf.
CASES: dict[str, tuple[str, float, int]] = {
    "ruled_skewed": ("ruled", 0.5, 40),
}
MIXED_PAGE = 1
"""The page of ``ruled`` (0-based) that the mixed case replaces by its scan."""


def page_images(source: Path, skew: float = 0.0, dpi: int = DPI) -> list[Image.Image]:
    """Each page of a PDF as a grey image at ``dpi``, turned by ``skew`` degrees (counter-clockwise)."""
    pdf = pdfium.PdfDocument(source)
    images = []
    for page in pdf:
        image = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
        if skew:
            image = image.rotate(skew, resample=Image.Resampling.BICUBIC, fillcolor=255)
        images.append(image)
    pdf.close()
    return images


def scan_pdf(source: Path, target: Path, skew: float = 0.0, quality: int = 60, dpi: int = DPI) -> Path:
    """Write ``target``: an image-only PDF of ``source``'s pages (rendered, turned, JPEG-compressed)."""
    images = [_jpeg(image, quality) for image in page_images(source, skew, dpi)]
    # no metadata: Pillow would write the file's name as its Title (which a reader may take for the report's title)
    # and the time of writing (which would make every run's file differ)
    meta = {"title": "", "creationDate": None, "modDate": None}
    images[0].save(target, "PDF", resolution=dpi, save_all=True, append_images=images[1:], quality=quality, **meta)
    return target


def _jpeg(image: Image.Image, quality: int) -> Image.Image:
    """The image after one JPEG round trip, so that the artefacts are in the pixels whatever the PDF writer does."""
    buf = io.BytesIO()
    image.save(buf, "JPEG", quality=quality)
    buf.seek(0)
    return Image.open(buf).convert("L")


def mixed_pdf(source: Path, target: Path, page: int, skew: float = 0.3, quality: int = 40) -> Path:
    """``source`` with page ``page`` (0-based) replaced by its scan; the other pages keep their text."""
    with_text = pdfium.PdfDocument(source)
    scan = pdfium.PdfDocument(scan_pdf(source, target.with_suffix(".tmp.pdf"), skew, quality))
    out = pdfium.PdfDocument.new()
    n = len(with_text)
    if page > 0:
        out.import_pages(with_text, list(range(page)))
    out.import_pages(scan, [page])
    if page + 1 < n:
        out.import_pages(with_text, list(range(page + 1, n)))
    out.save(target)
    for pdf in (out, scan, with_text):
        pdf.close()
    target.with_suffix(".tmp.pdf").unlink()
    return target


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for name, (source, skew, quality) in CASES.items():
        target = scan_pdf(SOURCE / f"{source}.pdf", OUT / f"{name}.pdf", skew, quality)
        shutil.copyfile(SOURCE / f"{source}.truth.json", OUT / f"{name}.truth.json")
        print(f"{target.relative_to(ROOT)}: {target.stat().st_size // 1024} KB")
    target = mixed_pdf(SOURCE / "ruled.pdf", OUT / "mixed.pdf", MIXED_PAGE)
    shutil.copyfile(SOURCE / "ruled.truth.json", OUT / "mixed.truth.json")
    print(f"{target.relative_to(ROOT)}: {target.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
