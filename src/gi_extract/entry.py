"""The ``gi-extract`` console script: the command line in a short-lived process of its own.

Most runs read one report and exit, so two things a long-lived program needs are skipped:

- the cyclic garbage collector, which otherwise runs again and again while tens of modules
  and one report's objects are created, none of them garbage (about a tenth of a run);
  ``gi-extract bulk``, which runs for hours, turns it back on (:func:`gi_extract.cli.bulk`);
- tearing down every object at exit (lxml trees, modules): once the output is flushed the
  process ends with :func:`os._exit`, as the operating system frees the memory anyway.

Only this process is affected: ``import gi_extract`` and the library's functions leave the
garbage collector and the interpreter's exit alone.
"""

from __future__ import annotations

import gc
import os
import sys


def main() -> None:
    gc.disable()
    from .cli import main as cli_main

    code = 0
    try:
        cli_main()
    except SystemExit as exc:
        if isinstance(exc.code, int):
            code = exc.code
        elif exc.code is not None:
            sys.stderr.write(f"{exc.code}\n")
            code = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (gi-extract FILE | head): nothing left to say
            continue
    os._exit(code)
