"""Build hostile and broken inputs from the repo's fixtures, at any scale (nothing big is committed).

``python scripts/make_hostile.py DIR [--scale 1.0]`` writes one file per class into DIR;
tests/test_hostile.py builds them small in a temporary folder and runs the CLI on each, and
bench/bench_hostile.py builds them at full scale and measures time and peak memory (the
README's reliability table). Each class is what an attacker or an unlucky pipeline sends:
huge spans, huge tables, endless lines, zip headers that lie, PDFs cut or corrupted, names
that are not UTF-8, text in other encodings.
"""

from __future__ import annotations

import argparse
import io
import random
import sys
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
MB = 1024 * 1024


def html_huge_spans(scale: float) -> bytes:
    """Every cell claims rowspan=100000 colspan=100000."""
    cells = "".join(f'<td rowspan="100000" colspan="100000">{n}</td>' for n in range(max(4, int(50 * scale))))
    rows = "".join(f"<tr>{cells}</tr>" for _ in range(max(4, int(50 * scale))))
    return f"<html><body><p>三、收到和处理政府信息公开申请情况</p><table>{rows}</table></body></html>".encode()


def html_huge_table(scale: float) -> bytes:
    """One table of about 50 MB at scale 1 (at least 120 000 cells at any scale: more than a page may hold)."""
    row = "<tr>" + "".join(f"<td>{n}</td>" for n in range(20)) + "</tr>"
    n = max(6000, int(50 * MB * scale / len(row)))
    return ("<html><body><p>自然人</p><table>" + row * n + "</table></body></html>").encode()


def text_rows(scale: float) -> bytes:
    """100 MB of tab-separated rows at scale 1."""
    row = "一、本年新收政府信息公开申请数量\t1\t0\t0\t0\t0\t0\t1\n"
    return (row * max(100, int(100 * MB * scale / len(row.encode())))).encode()


def text_layout(scale: float) -> bytes:
    """30 MB at scale 1 of one page of layout text: a table 三 header over rows printed full, rows
    leaving cells blank, and wrapped labels (each row placed against its neighbours: a page must stay linear)."""
    head = "三、收到和处理政府信息公开申请情况\n" + " " * 24 + "自然人  商业  科研  社会    法律    其他    总计\n"
    rows = (
        "1.属于国家秘密          1     2    3    4      5      6     21\n"
        "2.其他法律行政法规     1          3    4             6     14\n"
        "  禁止公开\n"
    )
    return (head + rows * max(10, int(30 * MB * scale / len(rows.encode())))).encode()


def text_markdown(scale: float) -> bytes:
    """30 MB at scale 1 of one Markdown pipe table: rows stacked in one (``<br>``) and rows of blanks."""
    head = "## 三、收到和处理政府信息公开申请情况\n\n| 甲 | 自然人 | 商业企业 | 总计 |\n|---|---|---|---|\n"
    rows = "| 1.属于国家秘密<br>2.其他 | 1<br>2 | 3<br>4 | 4<br>6 |\n| 3.危及 |  | 3 | 3 |\n"
    return (head + rows * max(10, int(30 * MB * scale / len(rows.encode())))).encode()


def text_tabs(scale: float) -> bytes:
    """100 MB of tab characters at scale 1."""
    return b"\t" * max(1000, int(100 * MB * scale))


def text_one_line(scale: float) -> bytes:
    """A single line of 10 MB at scale 1: words and digits, as a crawler's page body glues them."""
    unit = "三、收到和处理政府信息公开申请情况一、本年新收政府信息公开申请数量640020470"
    return (unit * max(10, int(10 * MB * scale / len(unit.encode())))).encode()


def text_numbers_line(scale: float) -> bytes:
    """Table 三's labels, then one line of 10 MB at scale 1 of numbers a space apart ending in a word: read
    in order (plain pdftotext's shape), its numbers are taken once each, never rescanned from each one."""
    labels = "\n".join(
        [
            "三、收到和处理政府信息公开申请情况",
            "一、本年新收政府信息公开申请数量",
            "二、上年结转政府信息公开申请数量",
            "（一）予以公开",
            "（二）部分公开",
            "1.属于国家秘密",
            "2.其他法律行政法规禁止公开",
            "（七）总计",
            "四、结转下年度继续办理",
            "",
        ]
    )
    return (labels + "0 " * max(1000, int(10 * MB * scale / 2)) + "件\n").encode()


def text_boxes(scale: float) -> bytes:
    """A drawn table of about 30 MB at scale 1 (at least 120 000 cells at any scale: more than a text may hold)."""
    rule = "├" + "┼".join(["──"] * 150) + "┤\n"
    row = "│" + "│".join(["12"] * 150) + "│\n"
    head = "│自然人│本年新收│" + "│".join(["12"] * 148) + "│\n"
    n = max(800, int(30 * MB * scale / len((rule + row).encode())))
    return ("三、收到和处理政府信息公开申请情况\n" + rule + head + (rule + row) * n).encode()


def text_bad_bytes(scale: float) -> bytes:
    """A good report with a handful of bytes that are not UTF-8."""
    data = bytearray((FIXTURES / "text" / "official_2021.txt").read_bytes())
    rnd = random.Random(7)
    for _ in range(5):
        at = rnd.randrange(200, len(data) - 200)
        while data[at] >= 0x80:  # do not land inside a character (the count stays exact)
            at += 1
        data[at] = 0xFF
    return bytes(data)


TRADITIONAL = str.maketrans(
    "开请议诉讼报数处结转据类现为级网务计统经书关时规发复总机门区县构执决实际",
    "開請議訴訟報數處結轉據類現為級網務計統經書關時規發復總機門區縣構執決實際",
)
"""Enough simplified → traditional characters for a report's vocabulary to read as Big5 text does."""


def text_big5(scale: float) -> bytes:
    """A report saved in Big5 (traditional characters), as some Hong Kong-era tools do."""
    text = (FIXTURES / "text" / "official_2021.txt").read_text("utf-8").translate(TRADITIONAL)
    return text.encode("big5", errors="replace")


def docx_lying_zip(scale: float) -> bytes:
    """A DOCX whose zip directory says document.xml is small while it inflates to 200 MB at scale 1."""
    size = max(MB, int(200 * MB * scale))
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    payload = compressor.compress(b"<w:document>" + b" " * size) + compressor.flush()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", b"<w:document/>", compress_type=zipfile.ZIP_DEFLATED)
    data = buf.getvalue()
    # swap the small member's compressed bytes for the big stream, keeping its (lying) sizes
    small = zipfile.ZipFile(io.BytesIO(data)).getinfo("word/document.xml")
    start = small.header_offset + 30 + len(small.filename.encode()) + len(small.extra)
    return data[:start] + payload + data[start + small.compress_size :]


def pdf_truncated(scale: float) -> bytes:
    data = (FIXTURES / "pdf" / "ruled.pdf").read_bytes()
    return data[: len(data) // 2]


def pdf_corrupt_stream(scale: float) -> bytes:
    """A real PDF whose content streams are garbled (pdfminer logs data loss)."""
    data = bytearray((FIXTURES / "pdf" / "ruled.pdf").read_bytes())
    rnd = random.Random(3)
    start = data.find(b"stream")
    for _ in range(200):
        at = rnd.randrange(start + 10, len(data) - 10)
        data[at] = rnd.randrange(256)
    return bytes(data)


def pdf_many_pages(scale: float) -> bytes:
    """A PDF of 500 pages at scale 1 (each page a few words)."""
    pages = max(20, int(500 * scale))
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b""]
    kids = []
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    objs.append(font)
    for n in range(pages):
        content = f"BT /F1 12 Tf 72 720 Td (page {n}) Tj ET".encode()
        objs.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        objs.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >>"
            b" /Contents %d 0 R >>" % (len(objs))
        )
        kids.append(len(objs))
    objs[1] = b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % k for k in kids) + b"] /Count %d >>" % pages
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, obj in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def binary_noise(scale: float) -> bytes:
    rnd = random.Random(11)
    return bytes(rnd.randrange(256) for _ in range(max(1000, int(MB * scale))))


CLASSES: dict[str, tuple[str, Callable[[float], bytes]]] = {
    "html_huge_spans": ("spans.html", html_huge_spans),
    "html_huge_table": ("table.html", html_huge_table),
    "text_rows": ("rows.txt", text_rows),
    "text_tabs": ("tabs.txt", text_tabs),
    "text_one_line": ("line.txt", text_one_line),
    "text_numbers_line": ("numbers.txt", text_numbers_line),
    "text_boxes": ("boxes.txt", text_boxes),
    "text_layout": ("layout.txt", text_layout),
    "text_markdown": ("table.md", text_markdown),
    "text_bad_bytes": ("bad_bytes.txt", text_bad_bytes),
    "text_big5": ("big5.txt", text_big5),
    "docx_lying_zip": ("lying.docx", docx_lying_zip),
    "pdf_truncated": ("truncated.pdf", pdf_truncated),
    "pdf_corrupt_stream": ("corrupt.pdf", pdf_corrupt_stream),
    "pdf_many_pages": ("pages.pdf", pdf_many_pages),
    "binary_noise": ("noise.txt", binary_noise),
}
"""Class name → (file name, builder taking the scale)."""


def build(out: Path, scale: float = 1.0, only: list[str] | None = None) -> dict[str, Path]:
    """Write every class (or ``only`` these) into ``out``; return class → path."""
    out.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name, (filename, make) in CLASSES.items():
        if only and name not in only:
            continue
        path = out / filename
        path.write_bytes(make(scale))
        paths[name] = path
    strange = out / "name-\udcff\udcfe.txt"  # bytes ff fe in the name: not UTF-8
    strange.write_bytes((FIXTURES / "text" / "official_2021.txt").read_bytes())
    paths["name_not_utf8"] = strange
    return paths


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("out", type=Path)
    ap.add_argument("--scale", type=float, default=1.0)
    args = ap.parse_args()
    for name, path in build(args.out, args.scale).items():
        print(f"{name:20} {path.stat().st_size / MB:8.1f} MB  {path}")


if __name__ == "__main__":
    sys.exit(main())
