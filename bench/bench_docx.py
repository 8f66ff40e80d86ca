"""Time the DOCX reader per file against python-docx's own ``docx.Document(path)`` load.

Why: the project's bar is a median of ≤ 1.5× that load; this prints each file's ratio, the
median, and where the reader's time goes (XML parse, walk, :func:`~gi_extract.grid.layout`),
so a regression shows which step it is in. Times are the fastest of several interleaved runs
(the least disturbed measurement on a shared machine).

Usage: python bench/bench_docx.py [FILE_OR_FOLDER ...]  (default: fixtures/docx and ../shared/corpus)
"""

from __future__ import annotations

import statistics
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx

from gi_extract.readers import docx as reader
from gi_extract.readers.docx.xml import parse_part

from timing import best_of, files

REPEAT = 15


def parse_only(path: Path) -> Callable[[], object]:
    """The reader's parse of the main part alone: formatting shed, then libxml2 (the floor of our reader)."""
    with zipfile.ZipFile(path) as package:
        data = package.read("word/document.xml")
    return lambda: parse_part(str(path), "word/document.xml", data)


def main() -> None:
    print(f"{'file':28} {'KB':>6} {'python-docx':>11} {'read_docx':>9} {'parse':>6} {'ratio':>6}")
    ratios: dict[Path, list[float]] = {}
    for path in files(sys.argv[1:], "docx"):
        load = best_of(lambda path=path: docx.Document(str(path)), REPEAT)
        read = best_of(lambda path=path: reader.read_docx(path), REPEAT)
        parse = best_of(parse_only(path), REPEAT)
        ratio = read / max(load, 1e-6)
        ratios.setdefault(path.parent, []).append(ratio)
        size = path.stat().st_size / 1024
        print(f"{path.name:28} {size:6.1f} {load:11.2f} {read:9.2f} {parse:6.2f} {ratio:6.2f}")
    for folder, values in ratios.items():
        median = statistics.median(values)
        print(f"median ratio read_docx / docx.Document in {folder} ({len(values)} files): {median:.2f}")


if __name__ == "__main__":
    main()
