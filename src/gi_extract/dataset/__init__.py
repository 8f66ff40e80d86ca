"""Research datasets: the reports' values as long and wide tables, with a codebook, regions and agency ids.

Regions and agency ids come from :mod:`gi_extract.publisher`, which metadata and the
cross-report checks use too.

``gi_extract.dataset(sources)`` returns a :class:`~.frames.Dataset` of pandas DataFrames
(``long``: one row per cell; ``wide``: one row per report, one column per variable; ``checks``;
``codebook``); bulk mode writes the same tables as CSV and Parquet (:mod:`.write`). See
docs/datasets.md.

The modules, each one stage, data flowing one way from extracted reports (or their JSON):
:mod:`.codes` (variable codes, harmonised and derived variables, from ``codes.json`` and the
edition files), :mod:`.rows` (one report's rows, pure Python: bulk's workers call it), :mod:`.write` (bulk's
files) and :mod:`.frames` (pandas, imported only when DataFrames are asked for: the base install
has no pandas; ``pip install 'gi-extract[dataset]'``).

Why this module is callable: the issue asks for ``gi_extract.dataset(...)``, and a package of
the same name is what ``gi_extract.dataset`` resolves to once imported; so the package itself
forwards calls to :func:`build` (``gi_extract.dataset.build`` is the same, for type checkers).
"""

from __future__ import annotations

import sys
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .frames import Dataset

__all__ = ["build"]


def build(*sources: Any) -> Dataset:
    """The long and wide tables of the reports in ``sources`` (see :func:`.frames.build_dataset`)."""
    try:
        from .frames import build_dataset
    except ImportError as exc:
        if exc.name not in ("pandas", "numpy", "pyarrow"):
            raise
        raise ImportError("gi_extract.dataset needs pandas: pip install 'gi-extract[dataset]'", name=exc.name) from None
    return build_dataset(*sources)


class _CallableModule(ModuleType):
    def __call__(self, *sources: Any) -> Dataset:
        return build(*sources)


sys.modules[__name__].__class__ = _CallableModule
