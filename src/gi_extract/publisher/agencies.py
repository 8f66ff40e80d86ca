"""One id per agency across years, however its reports spell its name.

Why: a panel pairs an agency's reports year by year, and the same agency signs its reports
``平潭综合实验区管委会`` one year and ``平潭综合实验区`` the next, or ``XX县人民政府`` and
``XX县政府``. The pairing rule is deliberately narrow, so that no two agencies are merged:

1. whitespace is removed and the text NFKC-normalised (full-width letters and digits);
2. ``人民政府`` is written ``政府`` and ``管理委员会`` ``管委会`` wherever they stand;
3. at the end of the name only, the words that name the government itself are dropped:
   ``政府``, ``管委会``, ``党工委管委会``, ``党工委、管委会``, ``行政公署``.

Names equal after these steps are one agency (``agency_key``); everything else is left apart:
a department stays distinct from its government (``XX县政府办公室`` is not ``XX县``), and so do
unsure pairs — a renamed bureau (国土资源局 → 自然资源局), a county that became a district, a
misspelt name (平潭综合区… for 平潭综合实验区…). ``agency_id`` is ``a`` + 12 hex digits of the
key's SHA-256: ASCII, stable across runs and machines. The cross-report checks
(:mod:`gi_extract.crosscheck`) pair reports by the same key.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

_GOVERNMENT_END = re.compile(r"(?:党工委、?管委会|管委会|行政公署|政府)$")


@lru_cache(maxsize=65536)
def agency_key(agency: str | None) -> str:
    """The name as paired across years (empty for an unknown agency)."""
    name = re.sub(r"\s+", "", unicodedata.normalize("NFKC", agency or ""))
    name = name.replace("人民政府", "政府").replace("管理委员会", "管委会")
    stripped = _GOVERNMENT_END.sub("", name)
    return stripped if len(stripped) >= 2 else name


@lru_cache(maxsize=65536)
def agency_id(agency: str | None) -> str:
    """``a`` + 12 hex digits naming the agency across years; empty for an unknown agency."""
    key = agency_key(agency)
    return "a" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:12] if key else ""
