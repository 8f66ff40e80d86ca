"""gi-extract: the standard tables of 政府信息公开工作年度报告 as validated data.

``extract(path)`` reads one report (DOCX, PDF, HTML or text) and returns a
:class:`~gi_extract.model.Report`; see README.md and ``../shared/spec/output.md``.
"""

from __future__ import annotations

from .api import extract
from .errors import GiExtractError, NoStandardTable, UnreadableInput
from .model import Report, json_schema

__version__ = "0.1.0"
__all__ = ["GiExtractError", "NoStandardTable", "Report", "UnreadableInput", "__version__", "extract", "json_schema"]
