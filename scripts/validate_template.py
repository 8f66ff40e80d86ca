"""Validate every template file with pydantic and record their digests (``make template``).

gi_extract loads ``src/gi_extract/template/`` without importing pydantic when each file's
bytes match ``validated.json``, and validates anything else first. Run this after editing an
edition file: it refuses to write the lock unless every file passes.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from gi_extract.errors import ConfigurationError
from gi_extract.template import write_lock


def main() -> None:
    try:
        path = write_lock()
    except ConfigurationError as exc:
        raise SystemExit(f"not written: {exc}") from None
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
