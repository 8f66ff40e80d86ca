"""``python -m gi_extract FILE`` is the same as ``gi-extract FILE``."""

from gi_extract.cli import main

main()
