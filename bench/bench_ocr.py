"""Time the OCR reader as a user meets it: whole ``gi-extract FILE`` processes on scanned PDFs.

Each report is converted by a fresh process (start-up and model loading included), once per
``--repeat``, the fastest run kept. Printed per report: pages, seconds per report and per page,
CPU seconds (user + system: what the run costs when the machine is shared) and the process's
peak resident memory. Then ``gi-extract bulk`` over all of them (``--workers``, default 2), with
the peak memory of its largest worker process (holding the engine and a page), sampled from /proc.

Inputs: scanned PDFs or folders of them; by default fixtures/scan and, when ../shared/corpus is
beside the repo, its PDFs rasterised here into a temporary folder (200 dpi grey, half of them
turned by 0.5° and JPEG-compressed at quality 50, the others straight at 75), never stored.

Usage: .venv/bin/python bench/bench_ocr.py [FILES or FOLDERS ...] [--repeat 1] [--workers 2] [--no-bulk]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pypdfium2 as pdfium

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from make_scan_fixtures import scan_pdf  # noqa: E402

CLI = str(Path(sys.executable).with_name("gi-extract"))


def run(argv: list[str]) -> tuple[float, float, float, int]:
    """Wall seconds, CPU seconds, peak RSS (MB) and exit code of one process (its own rusage, via wait4)."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, proc.returncode


def inputs(args: list[str], tmp: Path) -> list[Path]:
    if args:
        out: list[Path] = []
        for a in map(Path, args):
            out += sorted(a.glob("*.pdf")) if a.is_dir() else [a]
        return out
    out = sorted((ROOT / "fixtures" / "scan").glob("*.pdf"))
    corpus = ROOT.parent / "shared" / "corpus"
    for i, pdf in enumerate(sorted(corpus.glob("*.pdf")) if corpus.is_dir() else []):
        skew, quality = (0.5 if i % 4 == 0 else -0.5, 50) if i % 2 == 0 else (0.0, 75)
        out.append(scan_pdf(pdf, tmp / f"scan_{pdf.name}", skew, quality))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--no-bulk", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-ocr-") as tmp:
        files = inputs(args.paths, Path(tmp))
        print(f"{'file':<26} {'pages':>5} {'s/report':>9} {'s/page':>7} {'cpu s':>7} {'peak MB':>8}")
        per_page: list[float] = []
        peaks: list[float] = []
        for path in files:
            pages = len(pdfium.PdfDocument(path))
            runs = [run([CLI, str(path)]) for _ in range(args.repeat)]
            wall, cpu, peak, code = min(runs)
            if code != 0:
                print(f"{path.name:<26} exit {code}")
                continue
            per_page.append(wall / pages)
            peaks.append(peak)
            print(f"{path.name:<26} {pages:>5} {wall:>9.1f} {wall / pages:>7.2f} {cpu:>7.1f} {peak:>8.0f}")
        if per_page:
            median = statistics.median(per_page)
            print(f"median {median:.2f} s/page, {5 * median:.1f} s per 5-page report; peak RSS max {max(peaks):.0f} MB")
        if not args.no_bulk and files:
            print(bulk(files, Path(tmp), args.workers))


def bulk(files: list[Path], tmp: Path, workers: int) -> str:
    """``gi-extract bulk`` over copies of ``files``, with the peak memory of its largest process: a worker.

    Workers are not the bulk process's own children (a fork server starts them), so their peaks are
    sampled from /proc while the run goes on (``VmHWM``: each process's own high-water mark).
    """
    folder = tmp / "in"
    folder.mkdir()
    for path in files:
        shutil.copyfile(path, folder / path.name)
    argv = [CLI, "bulk", str(folder), "-o", str(tmp / "out"), "--workers", str(workers)]
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peaks: dict[int, int] = {}
    while proc.poll() is None:
        for pid in _descendants(proc.pid):
            peaks[pid] = max(peaks.get(pid, 0), _high_water_kb(pid))
        time.sleep(0.2)
    wall = time.perf_counter() - start
    worker = max((kb for pid, kb in peaks.items() if pid != proc.pid), default=0) / 1024
    run = f"bulk --workers {workers}: {len(files)} reports in {wall:.1f} s (exit {proc.returncode})"
    return f"{run}; peak RSS of one worker {worker:.0f} MB"


def _descendants(root: int) -> list[int]:
    """Every live process under ``root`` (``root`` included), from /proc."""
    parent: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parent[int(stat.parent.name)] = int(fields[1])
    out = [root]
    for pid in out:
        out += [child for child, ppid in parent.items() if ppid == pid]
    return out


def _high_water_kb(pid: int) -> int:
    """A process's peak resident memory so far (kB), 0 when it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        return 0
    return 0


if __name__ == "__main__":
    main()
