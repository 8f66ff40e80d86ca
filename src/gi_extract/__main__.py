"""``python -m gi_extract`` runs the command line, as the ``gi-extract`` script does."""

from .entry import main

main()
