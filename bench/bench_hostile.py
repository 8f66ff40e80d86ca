"""Hostile input at full scale: time, peak memory and exit code of ``gi-extract FILE`` per class.

Builds every class of scripts/make_hostile.py (spans of 100 000, a 50 MB table, 100 MB of
rows or tabs, a 10 MB line, a zip that lies about its size, cut and corrupted PDFs, 500 pages,
binary noise, names that are not UTF-8) in a temporary folder and runs the CLI on each as a
separate process under ``/usr/bin/time``, with an address-space ceiling (``--memory``, 4 GiB by
default) so a reader that tried to hold a bomb whole is caught rather than swapping. Prints a
Markdown table (the README's "Reliability" table).

Usage: python bench/bench_hostile.py [--scale 1.0] [--memory-gb 4] [--timeout 300]
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import make_hostile  # noqa: E402

CLI = Path(sys.executable).with_name("gi-extract")


def run(path: Path, memory: int, timeout: float) -> tuple[str, float, int, str]:
    """(exit code or 'timeout', wall seconds, peak RSS in MB, first stderr line) of one run."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    with tempfile.NamedTemporaryFile("r") as timing:
        start = time.perf_counter()
        try:
            done = subprocess.run(
                ["/usr/bin/time", "-f", "%M", "-o", timing.name, str(CLI), str(path), "-o", "/dev/null"],
                capture_output=True,
                timeout=timeout,
                preexec_fn=limit,
                check=False,
            )
        except subprocess.TimeoutExpired:
            return "timeout", timeout, 0, ""
        wall = time.perf_counter() - start
        rss = int(timing.read().split()[-1]) // 1024
    lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
    first = [ln for ln in lines if not ln.startswith("Command exited")]
    return str(done.returncode), wall, rss, (first[0] if first else "")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--memory-gb", type=float, default=4.0)
    ap.add_argument("--timeout", type=float, default=300.0)
    args = ap.parse_args()
    memory = int(args.memory_gb * 1024**3)
    with tempfile.TemporaryDirectory(prefix="gi-hostile-") as tmp:
        paths = make_hostile.build(Path(tmp), args.scale)
        print(f"scale {args.scale}, address space ≤ {args.memory_gb:g} GiB, timeout {args.timeout:g} s\n")
        print("| class | input | exit | seconds | peak MB | stderr (first line) |")
        print("|---|---:|---:|---:|---:|---|")
        for name, path in paths.items():
            size = path.stat().st_size / 2**20
            code, wall, rss, line = run(path, memory, args.timeout)
            line = line.replace(str(path.parent) + "/", "").replace("|", "\\|")
            if len(line) > 90:
                line = line[:87] + "…"
            print(f"| {name} | {size:.1f} MB | {code} | {wall:.2f} | {rss} | {line} |", flush=True)


if __name__ == "__main__":
    main()
