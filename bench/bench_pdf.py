"""Time read_pdf against pdfplumber's own parse of the same file.

The baseline is what any pdfplumber-based reader must pay: open the file and materialise the
chars, lines and rects of every page. The ratio says what our table and text geometry adds.
Each file is timed ``--repeat`` times and the best run kept, so a busy machine skews less.

Usage: .venv/bin/python bench/bench_pdf.py [FILES or FOLDERS ...] [--repeat 3]
(default: fixtures/pdf and ../shared/corpus, whichever exist).
"""

from __future__ import annotations

import argparse
import statistics
from pathlib import Path

import pdfplumber

from gi_extract.errors import UnreadableInput
from gi_extract.readers.pdf import read_pdf

from timing import best_of, files


def baseline(path: Path) -> None:
    """pdfplumber alone: open, then chars/lines/rects of all pages."""
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            _ = page.chars, page.lines, page.rects


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    ratios: list[float] = []
    print(f"{'file':<28} {'pages':>5} {'plumber s':>10} {'read_pdf s':>10} {'ratio':>6}")
    for path in files(args.paths, "pdf"):
        try:
            doc = read_pdf(path)
        except UnreadableInput as exc:
            print(f"{path.name:<28} skipped: {exc}")
            continue
        base = best_of(lambda path=path: baseline(path), args.repeat) / 1000
        ours = best_of(lambda path=path: read_pdf(path), args.repeat) / 1000
        ratios.append(ours / base)
        print(f"{path.name:<28} {doc.pages or 0:>5} {base:>10.3f} {ours:>10.3f} {ours / base:>6.2f}")
    if ratios:
        print(f"median ratio read_pdf / pdfplumber parse: {statistics.median(ratios):.2f} over {len(ratios)} files")


if __name__ == "__main__":
    main()
