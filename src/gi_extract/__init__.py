"""gi-extract: the standard tables of 政府信息公开工作年度报告 as validated data.

``extract(path)`` reads one report (DOCX, PDF, HTML or text) and returns a
:class:`~gi_extract.model.Report`; see README.md and docs/output.md.

The names below are imported on first use, so that ``import gi_extract.template`` (or a
worker that needs one stage) does not pay for the whole pipeline.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.2.0"

_LAZY = {
    "extract": "api",
    "GiExtractError": "errors",
    "NoStandardTable": "errors",
    "NotAReport": "errors",
    "UnreadableInput": "errors",
    "ConfigurationError": "errors",
    "Report": "model",
    "json_schema": "model",
}
__all__ = [
    "ConfigurationError",
    "GiExtractError",
    "NoStandardTable",
    "NotAReport",
    "Report",
    "UnreadableInput",
    "__version__",
    "dataset",
    "extract",
    "json_schema",
]

if TYPE_CHECKING:
    from .api import extract
    from .errors import ConfigurationError, GiExtractError, NoStandardTable, NotAReport, UnreadableInput
    from .model import Report, json_schema


def __getattr__(name: str) -> Any:
    if name == "dataset":  # a callable package: gi_extract.dataset(...) builds the research tables
        return import_module(".dataset", __name__)
    if name in _LAZY:
        value = getattr(import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
