"""Helpers shared by the per-reader benchmarks: best-of-N timing and the files to time."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def best_of(fn: Callable[[], object], repeat: int) -> float:
    """Fastest of ``repeat`` runs, in milliseconds (the least disturbed measurement on a shared machine)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return 1000 * min(times)


def files(args: list[str], ext: str) -> list[Path]:
    """The ``*.ext`` files named by ``args`` (files or folders), by default the fixtures and ../shared/corpus."""
    defaults = [ROOT / "fixtures" / ext, ROOT.parent / "shared" / "corpus"]
    roots = [Path(a) for a in args] or [d for d in defaults if d.is_dir()]
    out: list[Path] = []
    for root in roots:
        out += sorted(root.glob(f"*.{ext}")) if root.is_dir() else [root]
    return out
