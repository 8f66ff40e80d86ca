"""Time the HTML reader per file against lxml's bare parse of the same bytes.

Why: the reader walks the tree several times (junk, body, boilerplate, blocks); this
shows what that costs over parsing alone, so a slow step shows up before bulk runs do.

Usage: python bench/bench_html.py [FILE_OR_FOLDER ...]  (default: fixtures/html and ../shared/corpus)
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

import lxml.html

from gi_extract.readers.html import read_html

ROOT = Path(__file__).resolve().parent.parent
REPEAT = 5


def best_of(fn: Callable[[], object]) -> float:
    """Fastest of :data:`REPEAT` runs, in milliseconds (the least disturbed measurement)."""
    times = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return 1000 * min(times)


def files(args: list[str]) -> list[Path]:
    roots = [Path(a) for a in args] or [ROOT / "fixtures" / "html", ROOT.parent / "shared" / "corpus"]
    out: list[Path] = []
    for root in roots:
        out += sorted(root.glob("*.html")) if root.is_dir() else [root]
    return out


def main() -> None:
    print(f"{'file':40} {'KB':>7} {'lxml ms':>8} {'reader ms':>10} {'ratio':>6}")
    for path in files(sys.argv[1:]):
        data = path.read_bytes()
        parse = best_of(lambda data=data: lxml.html.document_fromstring(data))
        read = best_of(lambda path=path: read_html(path))
        print(f"{path.name:40} {len(data) / 1024:7.1f} {parse:8.2f} {read:10.2f} {read / max(parse, 1e-6):6.1f}")


if __name__ == "__main__":
    main()
