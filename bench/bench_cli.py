"""Whole-process figures: ``gi-extract FILE`` against a process that only parses the file.

For each report (the repo's fixtures, and ../shared/corpus when present) this runs, as
separate processes timed by ``/usr/bin/time``: the CLI, and the raw parse of the same file
with the library our reader builds on (python-docx load, pdfplumber chars/lines/rects of
every page, lxml.html parse, bytes decode for text). Both pay Python's start-up, so the
ratio is what a user running one report at a time sees. Best of N runs; median per format.

Usage: python bench/bench_cli.py [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
CLI = Path(sys.executable).with_name("gi-extract")

RAW = {
    "docx": "import docx, sys; docx.Document(sys.argv[1])",
    "pdf": (
        "import pdfplumber, sys\n"
        "with pdfplumber.open(sys.argv[1]) as pdf:\n"
        "    [(p.chars, p.lines, p.rects) for p in pdf.pages]"
    ),
    "html": "import lxml.html, sys; lxml.html.fromstring(open(sys.argv[1], 'rb').read())",
    "txt": "import sys; open(sys.argv[1], 'rb').read().decode('utf-8', 'replace')",
}


def timed(argv: list[str]) -> tuple[float, int]:
    """(wall seconds, peak RSS in MB) of one process, as /usr/bin/time measures it."""
    with tempfile.NamedTemporaryFile("r") as out:
        subprocess.run(
            ["/usr/bin/time", "-f", "%e %M", "-o", out.name, *argv],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )
        wall, rss = out.read().split()[-2:]
    return float(wall), int(rss) // 1024


def files() -> list[Path]:
    found = [p for p in (ROOT / "fixtures").rglob("*") if p.suffix in (".docx", ".pdf", ".html", ".txt")]
    if CORPUS.is_dir():
        found += [p for p in CORPUS.iterdir() if p.suffix in (".docx", ".pdf", ".html", ".txt")]
    return sorted(found)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    ratios: dict[str, list[float]] = {}
    rows = []
    for path in files():
        fmt = path.suffix.lstrip(".")
        ours = min(timed([str(CLI), str(path)]) for _ in range(args.runs))
        raw = min(timed([sys.executable, "-c", RAW[fmt], str(path)]) for _ in range(args.runs))
        ratio = ours[0] / max(raw[0], 0.01)
        ratios.setdefault(fmt, []).append(ratio)
        rows.append((fmt, path, ours, raw, ratio))
    print(f"{'format':6} {'n':>3} {'gi-extract s':>13} {'raw parse s':>12} {'ratio':>6} {'peak MB':>8}")
    for fmt in sorted(ratios):
        mine = [r for r in rows if r[0] == fmt]
        print(
            f"{fmt:6} {len(mine):3} {statistics.median(r[2][0] for r in mine):13.2f} "
            f"{statistics.median(r[3][0] for r in mine):12.2f} {statistics.median(ratios[fmt]):6.2f} "
            f"{max(r[2][1] for r in mine):8d}"
        )


if __name__ == "__main__":
    main()
