"""Whole-process figures: ``gi-extract FILE`` against a process that only reads the file.

For each report (the repo's fixtures, and ../shared/corpus when present) this runs, as
separate processes timed by ``/usr/bin/time``, the CLI and a bare read of the same file with
the library our reader builds on: python-docx's load *and walk* of every paragraph and cell
(the baseline issue #11 sets), pdfplumber's chars/lines/rects of every page, lxml's HTML
parse, a bytes decode for text. The two run in turn (A B A B …) and the ratio is taken pair
by pair, so a machine whose speed drifts during the run still gives a fair figure; the
median of the pairs is reported per file, then the median over files per format.

Usage: python bench/bench_cli.py [--runs 7] [--formats docx,pdf,html,txt]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
CLI = Path(sys.executable).with_name("gi-extract")

RAW = {
    "docx": (
        "import docx, sys\n"
        "d = docx.Document(sys.argv[1])\n"
        "n = sum(len(p.text) for p in d.paragraphs)\n"
        "n += sum(len(c.text) for t in d.tables for r in t.rows for c in r.cells)"
    ),
    "pdf": (
        "import pdfplumber, sys\n"
        "with pdfplumber.open(sys.argv[1]) as pdf:\n"
        "    [(p.chars, p.lines, p.rects) for p in pdf.pages]"
    ),
    "html": "import lxml.html, sys; lxml.html.fromstring(open(sys.argv[1], 'rb').read())",
    "txt": "import sys; open(sys.argv[1], 'rb').read().decode('utf-8', 'replace')",
}


def timed(argv: list[str]) -> tuple[float, int]:
    """(wall seconds, peak RSS in MB) of one process: the wall time by the clock around it (to the
    microsecond: /usr/bin/time's %e counts hundredths, a tenth of a 0.1 s process), the peak RSS as
    /usr/bin/time measures it (its own start-up is in both sides of every ratio)."""
    with tempfile.NamedTemporaryFile("r") as out:
        start = time.perf_counter()
        subprocess.run(
            ["/usr/bin/time", "-f", "%M", "-o", out.name, *argv],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )
        wall = time.perf_counter() - start
        rss = out.read().split()[-1]
    return wall, int(rss) // 1024


def files(formats: list[str]) -> list[Path]:
    found = [p for p in (ROOT / "fixtures").rglob("*") if p.suffix.lstrip(".") in formats]
    if CORPUS.is_dir():
        found += [p for p in CORPUS.iterdir() if p.suffix.lstrip(".") in formats]
    return sorted(found)


def paired(path: Path, runs: int) -> tuple[float, float, float, int]:
    """Medians of (ours, raw, ours/raw pair by pair) and our peak RSS, after one warm-up of each."""
    fmt = path.suffix.lstrip(".")
    ours_argv, raw_argv = [str(CLI), str(path)], [sys.executable, "-c", RAW[fmt], str(path)]
    timed(ours_argv), timed(raw_argv)
    pairs = [(timed(ours_argv), timed(raw_argv)) for _ in range(runs)]
    ours = [a[0] for a, _ in pairs]
    raw = [b[0] for _, b in pairs]
    ratios = [a / max(b, 0.01) for a, b in zip(ours, raw, strict=True)]
    return statistics.median(ours), statistics.median(raw), statistics.median(ratios), max(a[1] for a, _ in pairs)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--formats", default="docx,pdf,html,txt")
    args = ap.parse_args()
    rows: dict[str, list[tuple[float, float, float, int]]] = {}
    for path in files(args.formats.split(",")):
        rows.setdefault(path.suffix.lstrip("."), []).append(paired(path, args.runs))
    print(f"{'format':6} {'n':>3} {'gi-extract s':>13} {'raw read s':>11} {'ratio':>6} {'peak MB':>8}")
    for fmt, mine in sorted(rows.items()):
        print(
            f"{fmt:6} {len(mine):3} {statistics.median(r[0] for r in mine):13.3f} "
            f"{statistics.median(r[1] for r in mine):11.3f} {statistics.median(r[2] for r in mine):6.2f} "
            f"{max(r[3] for r in mine):8d}"
        )


if __name__ == "__main__":
    main()
