"""Time the HTML reader per file against lxml's bare parse of the same bytes.

Why: the reader walks the tree several times (junk, body, boilerplate, blocks); this
shows what that costs over parsing alone, so a slow step shows up before bulk runs do.

Usage: python bench/bench_html.py [FILE_OR_FOLDER ...]  (default: fixtures/html and ../shared/corpus)
"""

from __future__ import annotations

import sys

import lxml.html

from gi_extract.readers.html import read_html

from timing import best_of, files

REPEAT = 5


def main() -> None:
    print(f"{'file':40} {'KB':>7} {'lxml ms':>8} {'reader ms':>10} {'ratio':>6}")
    for path in files(sys.argv[1:], "html"):
        data = path.read_bytes()
        parse = best_of(lambda data=data: lxml.html.document_fromstring(data), REPEAT)
        read = best_of(lambda path=path: read_html(path), REPEAT)
        print(f"{path.name:40} {len(data) / 1024:7.1f} {parse:8.2f} {read:10.2f} {read / max(parse, 1e-6):6.1f}")


if __name__ == "__main__":
    main()
