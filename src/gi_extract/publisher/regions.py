"""Where an agency is: province, prefecture, county and GB/T 2260 code, from its name alone.

The table is ``regions.tsv`` beside this file (its header names the source and date;
``scripts/make_regions.py`` rebuilds it): about 3,400 current divisions and 123 former names
with the code they had while in use. Nothing is downloaded, nothing is guessed: a name that
starts with no division, or with one that several divisions share and nothing in the name
tells apart (朝阳区 alone: Beijing's or Changchun's), gives an empty :class:`Region`.

How a name is read: divisions are matched from its start, each inside the one before
(``淮安市洪泽区人民政府`` → 淮安市 → 洪泽区 → 320813), a level may be skipped (江苏省沭阳县),
and a short name (平潭 for 平潭县) counts only before a zone's name (平潭综合实验区, 苏州工业园区),
where it names the division the zone lies in. A 镇/乡/街道 after the divisions makes the
agency a township's (its code stays the county's: GB/T 2260 stops at counties). The rest of
the name says whether the agency is the government itself (人民政府, 管委会, nothing) or one
of its departments (办公室, 公安局…). Names of national bodies (国务院…, 国家…, the ministries)
are ``national``, unless divisions follow (a local office: 国家税务总局淮安市洪泽区税务局 is in 洪泽区).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import NamedTuple

HERE = Path(__file__).resolve().parent
TABLE = HERE / "regions.tsv"

LEVELS = ("national", "province", "prefecture", "county", "township")
ZONE_WORDS = (
    "综合实验区",
    "经济技术开发区",
    "高新技术产业开发区",
    "经济开发区",
    "高新区",
    "开发区",
    "工业园区",
    "自由贸易试验区",
    "保税区",
)
"""Words after a short division name that make it a zone's (平潭综合实验区 lies in 平潭县)."""
GOVERNMENT_WORDS = frozenset(
    {
        "",
        "人民政府",
        "政府",
        "管委会",
        "管理委员会",
        "党工委管委会",
        "行政公署",
        "办事处",
        "人民政府办事处",
        "街道办事处",
    }
)
"""What may follow the divisions in the name of a government itself (anything else: a department)."""
NATIONAL = re.compile(
    r"^(?:国务院|国家|中华人民共和国|中国人民银行|海关总署|审计署|"
    r"(?:外交|国防|教育|科学技术|工业和信息化|公安|民政|司法|财政|人力资源和社会保障|自然资源|生态环境|"
    r"住房和城乡建设|交通运输|水利|农业农村|商务|文化和旅游|退役军人事务|应急管理)部)"
)
_TOWNSHIP = re.compile(r"^([\u4e00-\u9fff]{1,10}?(?:镇|乡|街道|苏木))(人民政府|政府|办事处|街道办事处)?$")
_SUFFIX = re.compile(r"(?:[\u4e00-\u9fff]{1,6}?族)*自治(?:区|州|县|旗)$|特别行政区$|地区$|林区$|特区$|[省市县区盟旗]$")
_PREFIXES = ("中共", "中国共产党")


class Division(NamedTuple):
    """One division of the table; a named tuple because the table builds 3,500 of them at start-up."""

    code: str
    name: str
    former: bool

    @property
    def level(self) -> str:
        if self.code.endswith("0000"):
            return "province"
        return "prefecture" if self.code.endswith("00") else "county"

    def contains(self, other: Division) -> bool:
        if self.level == "province":
            return other.code[:2] == self.code[:2] and other.code != self.code
        return self.level == "prefecture" and other.code[:4] == self.code[:4] and other.code != self.code


@dataclass(frozen=True)
class Region:
    """The divisions an agency's name places it in; every field empty when unknown or ambiguous."""

    province: str = ""
    city: str = ""
    """The prefecture-level division (empty for a municipality's district or a province-run county)."""
    county: str = ""
    region_code: str = ""
    """The 6-digit GB/T 2260 code of the deepest division named."""
    level: str = ""
    """national, province, prefecture, county or township."""
    kind: str = ""
    """government (the people's government or a zone's committee itself) or department."""


@dataclass(frozen=True)
class _Table:
    by_code: dict[str, Division]
    full: dict[str, tuple[Division, ...]]
    short: dict[str, tuple[Division, ...]]
    longest: int


def short_name(name: str) -> str:
    """The name without its kind (恩施土家族苗族自治州 → 恩施, 平潭县 → 平潭); "" when under two characters."""
    short = _SUFFIX.sub("", name)
    return short if len(short) >= 2 and short != name else ""


@cache
def table() -> _Table:
    """The division table, read once per process (a few ms)."""
    by_code: dict[str, Division] = {}
    full: dict[str, list[Division]] = {}
    short: dict[str, list[Division]] = {}
    for line in TABLE.read_text("utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        code, name, status = line.split("\t")
        division = Division(code, name, status == "former")
        by_code.setdefault(code, division)
        full.setdefault(name, []).append(division)
        if s := short_name(name):
            short.setdefault(s, []).append(division)
    longest = max(map(len, full))
    return _Table(by_code, {k: tuple(v) for k, v in full.items()}, {k: tuple(v) for k, v in short.items()}, longest)


def _matches(text: str, pos: int, within: Division | None) -> tuple[int, list[Division]]:
    """The longest division names at ``pos`` (inside ``within``): (length, divisions), current ones first."""
    t = table()
    for length in range(min(t.longest, len(text) - pos), 1, -1):
        word = text[pos : pos + length]
        found = list(t.full.get(word, ()))
        rest = text[pos + length :]
        if not found and rest.startswith(ZONE_WORDS):
            found = list(t.short.get(word, ()))
        if within is not None:
            found = [d for d in found if within.contains(d)]
        if found:
            current = [d for d in found if not d.former]
            return length, current or found
    return 0, []


def _chain(text: str, pos: int, within: Division | None) -> tuple[list[Division], int] | None:
    """Divisions named one inside the other from ``pos``; None when the first is ambiguous."""
    length, found = _matches(text, pos, within)
    if not found:
        return [], pos
    options = []
    for division in {d.code: d for d in found}.values():
        rest = _chain(text, pos + length, division)
        if rest is not None:
            options.append(([division, *rest[0]], rest[1]))
    if len(options) == 1:
        return options[0]
    deeper = [o for o in options if len(o[0]) > 1]
    return deeper[0] if len(deeper) == 1 else None


@cache
def region_of(agency: str | None) -> Region:
    """The region an agency's name places it in (empty fields when unknown or ambiguous)."""
    name = re.sub(r"\s+", "", agency or "")
    for prefix in _PREFIXES:
        name = name.removeprefix(prefix)
    if not name:
        return Region()
    national = NATIONAL.match(name)
    if national:
        # a national body's local office (国家税务总局淮安市洪泽区税务局) is where its divisions say
        for start in range(national.end(), len(name) - 1):
            local = _chain(name, start, None)
            if local and local[0]:
                return _region(*local, "", department=True)
        return Region(level="national", kind="government" if name == "国务院" else "department")
    found = _chain(name, 0, None)
    if not found or not found[0]:
        return Region()
    return _region(*found, name)


def _region(chain: list[Division], end: int, name: str, department: bool = False) -> Region:
    """The region of the divisions named, the rest of the name (after ``end``) saying the kind and township."""
    rest = name[end:]
    for word in ZONE_WORDS:
        rest = rest.removeprefix(word)
    deepest = chain[-1]
    by_code = table().by_code
    province = by_code.get(deepest.code[:2] + "0000")
    city = by_code.get(deepest.code[:4] + "00") if deepest.level == "county" else None
    level = deepest.level
    township = _TOWNSHIP.match(rest)
    if township:
        level, rest = "township", township.group(2) or ""
    return Region(
        province=province.name if province else "",
        city=deepest.name if deepest.level == "prefecture" else city.name if city else "",
        county=deepest.name if deepest.level == "county" else "",
        region_code=deepest.code,
        level=level,
        kind="government" if rest in GOVERNMENT_WORDS and not department else "department",
    )


def names_in(text: str) -> list[tuple[int, int]]:
    """(start, end) of every division name, full or short, in ``text`` (longest at each place).

    For :func:`gi_extract.metadata.agency_from_text`, which looks for organisation names that
    start with a division.
    """
    t = table()
    out = []
    pos = 0
    while pos < len(text) - 1:
        for length in range(min(t.longest, len(text) - pos), 1, -1):
            word = text[pos : pos + length]
            if word in t.full or word in t.short:
                out.append((pos, pos + length))
                pos += length - 1
                break
        pos += 1
    return out
