"""The HTML review in a real browser: headless Chromium loads the page, lays it out and draws it.

Skipped, saying why, when Chromium (Debian's ``chromium``) or a CJK font (``fonts-noto-cjk``) is absent.
"""

from __future__ import annotations

import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from gi_extract import extract
from gi_extract.review import review
from gi_extract.review.html import to_html

from conftest import FIXTURES

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)")


def _cjk_font() -> bool:
    fc = shutil.which("fc-match")
    if fc is None:
        return False
    out = subprocess.run([fc, "-f", "%{family}", "sans-serif:lang=zh-cn"], capture_output=True, text=True, timeout=30)
    return "CJK" in out.stdout or "Hei" in out.stdout or "Han" in out.stdout


def browse(page: Path, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    profile = tmp_path / "profile"
    cmd = [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args, page.as_uri()]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, cwd=tmp_path)


def png_pixels(path: Path) -> tuple[int, int, set[bytes]]:
    """Width, height and the set of colours of an 8-bit RGB(A) PNG, its scanline filters undone."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width, height, bpp = 8, b"", 0, 0, 3
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and colour in (2, 6)
            bpp = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw, stride = zlib.decompress(idat), width * bpp
    colours: set[bytes] = set()
    prev = bytearray(stride)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b, c = prev[x], prev[x - bpp] if x >= bpp else 0
            if kind == 1:
                line[x] = (line[x] + a) & 255
            elif kind == 2:
                line[x] = (line[x] + b) & 255
            elif kind == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        colours.update(bytes(line[x : x + 3]) for x in range(0, stride, bpp))
        prev = line
    return width, height, colours


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    reviews = [review(extract(FIXTURES / "text" / "arith_error_2021.txt"))]
    path = tmp_path_factory.mktemp("html") / "review.html"
    path.write_text(to_html(reviews), "utf-8")
    return path


def test_the_page_loads_and_shows_the_failing_cell(page: Path, tmp_path: Path) -> None:
    out = browse(page, tmp_path, "--dump-dom")
    assert out.returncode == 0, out.stderr[-2000:]
    dom = out.stdout
    assert "<h1>gi-extract check</h1>" in dom
    assert 'class="num fail" data-key="applications.new_received.total"' in dom
    assert "表三 一、本年新收政府信息公开申请数量 总计 printed 112" in dom
    assert "✗ fail" in dom


def test_the_page_is_drawn_with_chinese_text(page: Path, tmp_path: Path) -> None:
    if not _cjk_font():
        pytest.skip("no CJK font (apt-get install fonts-noto-cjk): Chinese would be drawn as boxes")
    shot = tmp_path / "page.png"
    out = browse(page, tmp_path, "--window-size=1280,1600", f"--screenshot={shot}", "--hide-scrollbars")
    assert out.returncode == 0 and shot.exists(), out.stderr[-2000:]
    width, height, colours = png_pixels(shot)
    assert (width, height) == (1280, 1600)
    assert len(colours) > 16, "the screenshot is (nearly) one colour: nothing was drawn"
    assert b"\xff\xcd\xd2" in colours, "the failing cell's fill (#ffcdd2) is not on the page"
