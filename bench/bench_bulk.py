"""Throughput of bulk mode per format, with one worker and with one per CPU, against a bare loop.

Why: bulk mode adds processes, pipes, hashing, JSON files, a journal and the summary files on
top of :func:`gi_extract.extract`. This shows what that costs (``bulk 1 / raw``: the share of a
plain in-process loop's speed that one worker keeps), whether the workers scale
(``N / 1``; the target is ≥ 1.8 with 2 workers) against what the machine allows (``raw N / 1``:
the same bare loop split over N plain processes, no bulk machinery), and the peak memory of a
worker (target ≤ 200 MB). The workload is the repo's fixtures that convert, copied ``--files``
times per format. The fork server is warmed up first, so no run pays for its start.

Rates are the best of ``--repeat`` rounds (on a shared machine a run is only ever slowed by
others, so the fastest is the least disturbed, as in the per-reader benches). The ``N / 1``
ratios are the median over rounds of each round's own ratio: a round runs the 1- and N-process
configurations back to back, so both meet the same disturbances, which on this machine come
and go over minutes (two plain processes scale anywhere from 1.3× to 2.1×). ``parent
ms/report`` is the CPU the parent process spends per report in the N-worker run, time taken
from the workers' cores.

Usage: python bench/bench_bulk.py [--files 200] [--workers N] [--repeat 5] [--formats text,html,docx,pdf]
[--engine local|dask]. Peak RSS is the workers' VmHWM from /proc (Linux), read while they run (with
``--engine dask``, the converter processes' RSS is not read: the column shows 0). Every run writes
all of bulk's outputs, the research tables (values, reports, checks, codebook) included.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import shutil
import statistics
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from gi_extract import GiExtractError, extract
from gi_extract.bulk import Outcome, Tally, convert_folder

from timing import ROOT

FORMATS = {"text": "*.txt", "html": "*.html", "docx": "*.docx", "pdf": "*.pdf"}


def convertible(fmt: str) -> list[Path]:
    """The fixtures of one format that extract without error (the bench measures work, not refusals)."""
    out = []
    for path in sorted((ROOT / "fixtures" / fmt).glob(FORMATS[fmt])):
        try:
            extract(path)
        except GiExtractError:
            continue
        out.append(path)
    return out


def workload(sources: list[Path], n: int, root: Path) -> list[Path]:
    """``n`` copies of ``sources`` in ten subfolders of ``root``."""
    paths = []
    for i in range(n):
        src = sources[i % len(sources)]
        path = root / f"d{i % 10}" / f"{i:04d}-{src.name}"
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, path)
        paths.append(path)
    return paths


def extract_all(paths: list[Path]) -> int:
    for path in paths:
        extract(path)
    return len(paths)


def raw_rate(paths: list[Path]) -> float:
    """Reports per second of a plain loop over :func:`extract` in this process (after a warm-up)."""
    extract_all(paths[:5])
    start = time.perf_counter()
    extract_all(paths)
    return len(paths) / (time.perf_counter() - start)


def parent_cpu() -> float:
    """CPU seconds (user + system) this process has used so far."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def raw_parallel_rate(paths: list[Path], n: int) -> float:
    """The same loop split over ``n`` processes: the most the machine's cores give, with no bulk machinery."""
    with ProcessPoolExecutor(n, mp_context=multiprocessing.get_context("forkserver")) as pool:
        list(pool.map(extract_all, [paths[i :: n * 4][:5] for i in range(n)]))  # warm every process up
        start = time.perf_counter()
        done = sum(pool.map(extract_all, [paths[i::n] for i in range(n)]))
    return done / (time.perf_counter() - start)


class PeakRss:
    """A progress callback that records the highest VmHWM of any worker, in MB.

    VmHWM is the high-water mark of a process's RSS, so it is read every 100 files and at the
    last one (workers are still alive then), not after every file: reading /proc in the parent
    per file would itself slow the run it measures.
    """

    def __init__(self) -> None:
        self.mb = 0.0

    def __call__(self, outcome: Outcome | None, tally: Tally) -> None:
        if tally.done % 100 and tally.done != tally.total:
            return
        for child in multiprocessing.active_children():
            try:
                status = Path(f"/proc/{child.pid}/status").read_text()
            except OSError:
                continue
            for line in status.splitlines():
                if line.startswith("VmHWM:"):
                    self.mb = max(self.mb, int(line.split()[1]) / 1024)


def bulk_rate(folder: Path, out: Path, workers: int, engine: str = "local") -> tuple[float, float, float]:
    """Reports per second of :func:`convert_folder` end to end, the workers' peak RSS (MB) and
    the parent's CPU per report (ms)."""
    shutil.rmtree(out, ignore_errors=True)
    peak = PeakRss()
    cpu, start = parent_cpu(), time.perf_counter()
    result = convert_folder([folder], out, workers=workers, progress=peak, engine=engine)
    seconds, cpu = time.perf_counter() - start, parent_cpu() - cpu
    assert not result.errors, result.errors[:3]
    return len(result.rows) / seconds, peak.mb, 1000 * cpu / len(result.rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=200, help="copies per format (default 200)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="N (default: CPU count)")
    parser.add_argument("--repeat", type=int, default=5, help="rounds per format (default 5)")
    parser.add_argument("--formats", default=",".join(FORMATS), help="comma-separated (default: all)")
    parser.add_argument("--engine", default="local", help="bulk's engine: local (default) or dask (a local cluster)")
    args = parser.parse_args()
    n = args.workers
    print(
        f"| format | files | raw 1 process r/s | raw {n} processes r/s | raw {n} / 1 | bulk 1 worker r/s | "
        f"bulk {n} workers r/s | bulk {n} / 1 | bulk 1 / raw 1 | parent ms/report | peak RSS per worker |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        warm = workload(convertible("text")[:1], 1, Path(tmp) / "warm")
        convert_folder(warm, Path(tmp) / "warm-out", workers=1)
        for fmt in args.formats.split(","):
            sources = convertible(fmt)
            if not sources:
                continue
            folder = Path(tmp) / fmt
            paths = workload(sources, args.files, folder)
            raw = raw_n = one = many = rss = 0.0
            cpu = float("inf")
            raw_ratios, bulk_ratios = [], []
            for _ in range(args.repeat):
                round_raw, round_raw_n = raw_rate(paths), raw_parallel_rate(paths, n)
                rate_one, rss_one, _ = bulk_rate(folder, Path(tmp) / f"{fmt}-out", 1, args.engine)
                rate_many, rss_many, cpu_many = bulk_rate(folder, Path(tmp) / f"{fmt}-out", n, args.engine)
                raw_ratios.append(round_raw_n / round_raw)
                bulk_ratios.append(rate_many / rate_one)
                raw, raw_n = max(raw, round_raw), max(raw_n, round_raw_n)
                one, many, rss = max(one, rate_one), max(many, rate_many), max(rss, rss_one, rss_many)
                cpu = min(cpu, cpu_many)
            print(
                f"| {fmt} | {len(paths)} | {raw:.0f} | {raw_n:.0f} | {statistics.median(raw_ratios):.2f}× | "
                f"{one:.0f} | {many:.0f} | {statistics.median(bulk_ratios):.2f}× | {one / raw:.2f} | {cpu:.2f} | "
                f"{rss:.0f} MB |",
                flush=True,
            )
            print(
                f"  rounds: raw {n}/1 {' '.join(f'{r:.2f}' for r in raw_ratios)}; "
                f"bulk {n}/1 {' '.join(f'{r:.2f}' for r in bulk_ratios)}",
                flush=True,
            )


if __name__ == "__main__":
    main()
