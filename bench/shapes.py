"""Cell accuracy on the corpus reports in the text shapes people hold them in, made here from the corpus.

The corpus gives each real web page also as DOCX and PDF. From those this writes, into a
temporary folder, each shape a researcher may have instead, beside a copy of the truth, and
scores the CLI on every shape with ``../shared/tools/score.py``:

- ``crawl``: the page body as a site crawler saves it, on one line, cells glued together;
  ``crawl-marked`` the same of the page with the zero cells of tables 三 and 四 written ``—``;
- ``tabs``: the tables as a browser copies them (cells split by tabs, rows by line breaks);
- ``lines``: the page as a script's ``get_text("\\n", strip=True)`` gives it: a line per cell, blank cells gone;
- ``libreoffice-txt``: LibreOffice's text export of the DOCX (``soffice --convert-to txt``);
- ``w3m`` / ``lynx``: text browsers' dumps of the page (w3m draws its tables with box characters);
- ``pandoc-rst``: reStructuredText by pandoc (grid tables in ASCII);
- ``layout``: ``pdftotext -layout`` of the PDFs (poppler-utils); ``layout-fixtures`` the same of the repo's
  own PDFs (tables broken over pages, blank cells); ``pdftotext-raw`` plain ``pdftotext`` (no ``-layout``:
  text in reading order, a table's labels and numbers apart); ``layout-nopgbrk`` ``pdftotext -layout -nopgbrk``
  (pages joined without form feeds, their footers kept); ``pypdf-layout`` pypdf's
  ``extract_text(extraction_mode="layout")`` of the corpus PDFs; ``pdfplumber-layout`` pdfplumber's
  ``extract_text(layout=True)`` of the corpus PDFs (item numbers spaced out: ``2 . 其他``);
  ``pymupdf-text`` PyMuPDF's ``page.get_text()`` of them (a line per cell); ``pdfplumber-text`` /
  ``pypdf-text`` pdfplumber's and pypdf's default ``extract_text()``, pages joined by form feeds (a printed
  line's words a space apart, blank cells leaving no trace), and ``pdfplumber-text-fixtures`` /
  ``pypdf-text-fixtures`` the same of the repo's own PDFs (blank cells, page breaks);
  ``layout-big`` / ``layout-small`` / ``layout-landscape``: the same of the corpus DOCX laid out afresh
  (every font ×1.35 or ×0.8 on A4, or A4 landscape) and printed by LibreOffice, layouts no publisher of
  the corpus chose (labels wrapped over more lines, rows broken over pages); a DOCX LibreOffice takes
  more than two minutes over is left out; ``layout-web-big`` / ``-small`` / ``-a5`` / ``-landscape``: the
  corpus pages printed afresh by Chromium (zoom 1.3 or 0.8 on A4, A5, A4 landscape), as the same page
  prints on other screens and papers; ``pymupdf4llm-web-big`` / ``-a5`` the zoom-1.3 and A5 prints
  through pymupdf4llm; ``pymupdf4llm-small`` / ``pymupdf4llm-landscape`` the relaid DOCX through
  pymupdf4llm; ``pdf-web`` / ``pdf-web-big`` / ``-small`` / ``-a5`` / ``-landscape``: those Chromium prints
  (and one with no style added, A4 as the browser prints by default) read as PDFs themselves;
  ``pdf-webkit``: the corpus pages printed by wkhtmltopdf (WebKit, as page-saving crawlers use it) on A4
  and ``pdf-webkit-a5`` on A5, read as PDFs;
- ``html-tables-md`` / ``html-tables-md-split``: Markdown as MinerU-like converters write it (r043's
  shape): paragraphs, and tables as bare HTML with their spans; ``-split`` cuts each long table in two;
- ``spans-repeated-md``: Markdown as docling's ``export_to_markdown`` writes it: pipe tables in which a merged
  cell's text is repeated in every position it covers (a label down twenty rows, a value over two columns);
- ``pieces-md``: Markdown as an LLM-based converter cuts the tables (r043's shape): table 二 a pipe table per
  block, table 三 a small table per row under its heading with invented columns (数据1 …), table 四 three
  tables of five under their headings; ``pieces-md-bare`` the same with table 三's header written over its
  first piece only, ``pieces-md-generic`` with a lone row labelled ``数量``, named only by the heading above
  its piece (the Markdown makers are in ``mdshapes.py``);
- ``pandoc-html`` / ``pandoc-docx``: Markdown by pandoc from the page and the DOCX;
- ``markdownify`` / ``html2text`` / ``pymupdf4llm`` / ``markitdown``: Markdown by those converters (HTML,
  HTML, PDF, PDF; ``pymupdf4llm-fixtures`` of the repo's own PDFs), when they are installed (they are no
  dependency of gi-extract: ``pip install markdownify html2text pymupdf4llm 'markitdown[pdf]'`` in this
  Python, or in another one named by ``--tools-python``; pymupdf4llm before 1.0 and from 1.27 on, with its
  layout model, lay tables out differently: measure both).

A shape whose tool is missing is skipped with the reason. Nothing is kept unless asked: the corpus is not ours
to publish (``--keep DIR`` writes them to DIR to look at, outside the repo). Usage:
``python bench/shapes.py [--only crawl,layout] [--tools-python PATH] [--show N] [--keep DIR] [--corpus DIR]``:
``--corpus`` makes the shapes from another folder of reports with truth files (the corpus by default), such
as reports generated with numbers no corpus report prints (``bench/fuzzcorpus.py``).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import lxml.html

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from make_glued_fixtures import flatten  # noqa: E402  (the generator's crawler, on the corpus pages)
from mdshapes import html_tables_md, page_body, page_text, pieces_md, spans_repeated  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
SCORE = ROOT.parent / "shared" / "tools" / "score.py"
CLI = Path(sys.executable).with_name("gi-extract")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or "chromium"
TOOLS_PYTHON = [sys.executable]
"""The Python the converters are imported in (``--tools-python``)."""


def crawl(path: Path) -> str:
    """Text only, no whitespace between tags, one line (as r005/r007/r009/r011 were saved)."""
    return flatten(page_text(path))


def crawl_marked(path: Path) -> str:
    """``crawl`` of the page with every ``0`` cell of tables 三 and 四 written ``—``, as publishers who
    mark none so print them."""
    page = lxml.html.fromstring(re.sub(r"<\?xml[^>]*\?>", "", page_text(path)))
    for table in page.iter("table"):
        words = table.text_content()
        if "申请人情况" in words or "行政复议" in words:
            for td in table.iter("td"):
                if td.text_content().strip() == "0":
                    for child in list(td):
                        td.remove(child)
                    td.text = "—"
    return flatten(lxml.html.tostring(page, encoding="unicode"))


def copied(separator: str) -> Callable[[Path], str]:
    """A browser's copy of the page: each cell's text in one piece, cells split by ``separator``."""

    def shape(path: Path) -> str:
        body = page_body(path)
        for tr in body.iter("tr"):
            cells = [re.sub(r"\s+", "", c.text_content().replace("\u3000", "")) for c in tr if c.tag in ("td", "th")]
            for c in list(tr):
                tr.remove(c)
            tr.text, tr.tail = separator.join(cells), "\n" + (tr.tail or "")
        for el in body.iter("p", "div", "h1", "h2", "h3", "br", "table"):
            el.tail = "\n" + (el.tail or "")
        return re.sub(r"\n\s*\n+", "\n", body.text_content()).strip()

    return shape


def _soffice_text(path: Path) -> str:
    """LibreOffice's own text export of a DOCX (a table one cell per line, blank cells as U+00A0)."""
    with tempfile.TemporaryDirectory() as out:
        _run(["soffice", "--headless", "--convert-to", "txt:Text (encoded):UTF8", "--outdir", out, str(path)])
        return (Path(out) / f"{path.stem}.txt").read_text("utf-8-sig")


def _layout_text(pdf: Path) -> str:
    return _run(["pdftotext", "-layout", str(pdf), "-"])


def _pymupdf4llm(pdf: Path) -> str:
    return _python("import sys, pymupdf4llm; print(pymupdf4llm.to_markdown(sys.argv[1]))", pdf)


def reprinted(
    scale: float, landscape: bool = False, convert: Callable[[Path], str] = _layout_text
) -> Callable[[Path], str | None]:
    """``convert`` (``pdftotext -layout``) of a DOCX laid out afresh: fonts ×``scale``, A4 upright or landscape."""

    def shape(path: Path) -> str | None:
        import docx
        from docx.shared import Cm, Pt

        doc = docx.Document(str(path))
        for section in doc.sections:
            section.page_width, section.page_height = (Cm(29.7), Cm(21.0)) if landscape else (Cm(21.0), Cm(29.7))
            section.left_margin = section.right_margin = Cm(1.8)
        paragraphs = [*doc.paragraphs]
        for table in doc.tables:
            paragraphs += [p for row in table.rows for cell in row.cells for p in cell.paragraphs]
        for run in (r for p in paragraphs for r in p.runs):
            run.font.size = Pt((run.font.size.pt if run.font.size else 10.5) * scale)
        with tempfile.TemporaryDirectory() as out:
            laid = Path(out) / path.name
            doc.save(str(laid))
            argv = ["soffice", "--headless", "--convert-to", "pdf", "--outdir", out, str(laid)]
            for attempt in (1, 2):  # a LibreOffice killed after a hang may leave the next start failing once
                try:
                    _run(argv, timeout=120)
                    return convert(laid.with_suffix(".pdf"))
                except subprocess.TimeoutExpired:
                    subprocess.run(["pkill", "-f", "soffice"], check=False)
                    print(f"  {path.name}: LibreOffice took over two minutes; left out", file=sys.stderr)
                    return None
                except subprocess.CalledProcessError:
                    if attempt == 2:
                        print(f"  {path.name}: LibreOffice failed twice; left out", file=sys.stderr)
            return None

    return shape


def _pdf_bytes(pdf: Path) -> bytes:
    return pdf.read_bytes()


def webkit_printed(size: str) -> Callable[[Path], bytes | None]:
    """A corpus page printed by wkhtmltopdf on paper ``size`` (its WebKit draws each page as the whole
    document seen through a window)."""

    def shape(path: Path) -> bytes | None:
        with tempfile.TemporaryDirectory() as out:
            pdf = Path(out) / f"{path.stem}.pdf"
            argv = ["wkhtmltopdf", "--quiet", "--encoding", "utf-8", "--page-size", size, str(path), str(pdf)]
            try:
                subprocess.run(argv, capture_output=True, timeout=120)
            except subprocess.TimeoutExpired:  # a page it hangs on is left out, not the whole shape
                return None
            return pdf.read_bytes() if pdf.exists() else None

    return shape


def web_printed(
    css: str, convert: Callable[[Path], str | bytes] = _layout_text
) -> Callable[[Path], str | bytes | None]:
    """``convert`` (``pdftotext -layout``) of a corpus page printed afresh by Chromium with ``css`` added
    (a zoom, a page size): the layouts a browser gives the same page on other screens and papers."""

    def shape(path: Path) -> str | bytes | None:
        page = re.sub(r"(?i)<meta[^>]*charset[^>]*>", "", page_text(path))
        style = f'<meta charset="utf-8"><style>{css}</style>'
        head = re.search(r"(?i)<head[^>]*>", page)
        page = page[: head.end()] + style + page[head.end() :] if head else style + page
        with tempfile.TemporaryDirectory() as out:
            html, pdf = Path(out) / path.name, Path(out) / f"{path.stem}.pdf"
            html.write_text(page, encoding="utf-8")
            argv = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer"]
            _run([*argv, f"--print-to-pdf={pdf}", str(html)], timeout=120)
            return convert(pdf)

    return shape


_PLUMBER = (
    "import sys, pdfplumber\n"
    "with pdfplumber.open(sys.argv[1]) as pdf:\n"
    "    print(chr(12).join(page.extract_text(layout=True) or '' for page in pdf.pages))"
)
"""pdfplumber's own layout text, pages apart by a form feed (as a Python user would write it)."""
_PYMUPDF = "import sys, pymupdf\nprint(chr(12).join(page.get_text() for page in pymupdf.open(sys.argv[1])))"
"""PyMuPDF's plain text (``page.get_text()``: a line per text span, in the PDF's order)."""
_PYPDF = (
    "import sys, pypdf\n"
    "print(chr(12).join(p.extract_text(extraction_mode='layout') for p in pypdf.PdfReader(sys.argv[1]).pages))"
)
"""pypdf's layout text (``extraction_mode='layout'``, pypdf 3.17 on), pages apart by a form feed."""
_PLUMBER_PLAIN = (
    "import sys, pdfplumber\n"
    "with pdfplumber.open(sys.argv[1]) as pdf:\n"
    "    print(chr(12).join(page.extract_text() or '' for page in pdf.pages))"
)
"""pdfplumber's default text: a line of words a space apart per printed line, blank cells leaving no trace."""
_PYPDF_PLAIN = "import sys, pypdf\nprint(chr(12).join(p.extract_text() for p in pypdf.PdfReader(sys.argv[1]).pages))"
"""pypdf's default text (its plain extraction mode)."""


def _run(argv: list[str], timeout: float | None = None) -> str:
    return subprocess.run(argv, capture_output=True, text=True, check=True, timeout=timeout).stdout


def _importable(name: str) -> bool:
    return subprocess.run([TOOLS_PYTHON[0], "-c", f"import {name}"], capture_output=True).returncode == 0


def _python(code: str, path: Path) -> str:
    return _run([TOOLS_PYTHON[0], "-c", code, str(path)])


SHAPES: dict[str, tuple[str, str, str | None, Callable[[Path], str | bytes | None]]] = {
    # name: (source extension, written extension, what it needs, maker)
    "crawl": ("html", "txt", None, crawl),
    "crawl-marked": ("html", "txt", None, crawl_marked),
    "tabs": ("html", "txt", None, copied("\t")),
    "lines": ("html", "txt", None, copied("\n")),
    "layout": ("pdf", "txt", "pdftotext", lambda p: _run(["pdftotext", "-layout", str(p), "-"])),
    "layout-fixtures": ("pdf", "txt", "pdftotext", lambda p: _run(["pdftotext", "-layout", str(p), "-"])),
    "layout-nopgbrk": ("pdf", "txt", "pdftotext", lambda p: _run(["pdftotext", "-layout", "-nopgbrk", str(p), "-"])),
    "layout-big": ("docx", "txt", "soffice", reprinted(1.35)),
    "layout-small": ("docx", "txt", "soffice", reprinted(0.8)),
    "layout-landscape": ("docx", "txt", "soffice", reprinted(1.0, landscape=True)),
    "layout-web-big": ("html", "txt", "chromium+pdftotext", web_printed("@page{size:A4} body{zoom:1.3}")),
    "layout-web-small": ("html", "txt", "chromium+pdftotext", web_printed("@page{size:A4} body{zoom:0.8}")),
    "layout-web-a5": ("html", "txt", "chromium+pdftotext", web_printed("@page{size:A5}")),
    "layout-web-landscape": ("html", "txt", "chromium+pdftotext", web_printed("@page{size:A4 landscape}")),
    "pdf-web": ("html", "pdf", "chromium", web_printed("", _pdf_bytes)),
    "pdf-web-big": ("html", "pdf", "chromium", web_printed("@page{size:A4} body{zoom:1.3}", _pdf_bytes)),
    "pdf-web-small": ("html", "pdf", "chromium", web_printed("@page{size:A4} body{zoom:0.8}", _pdf_bytes)),
    "pdf-web-a5": ("html", "pdf", "chromium", web_printed("@page{size:A5}", _pdf_bytes)),
    "pdf-webkit": ("html", "pdf", "wkhtmltopdf", webkit_printed("A4")),
    "pdf-webkit-a5": ("html", "pdf", "wkhtmltopdf", webkit_printed("A5")),
    "pdf-web-landscape": ("html", "pdf", "chromium", web_printed("@page{size:A4 landscape}", _pdf_bytes)),
    "pymupdf4llm-web-big": (
        "html",
        "md",
        "chromium+py:pymupdf4llm",
        web_printed("@page{size:A4} body{zoom:1.3}", convert=_pymupdf4llm),
    ),
    "pymupdf4llm-web-a5": (
        "html",
        "md",
        "chromium+py:pymupdf4llm",
        web_printed("@page{size:A5}", convert=_pymupdf4llm),
    ),
    "pdfplumber-layout": ("pdf", "txt", "py:pdfplumber", lambda p: _python(_PLUMBER, p)),
    "pymupdf-text": ("pdf", "txt", "py:pymupdf", lambda p: _python(_PYMUPDF, p)),
    "pypdf-layout": ("pdf", "txt", "py:pypdf", lambda p: _python(_PYPDF, p)),
    "pdfplumber-text": ("pdf", "txt", "py:pdfplumber", lambda p: _python(_PLUMBER_PLAIN, p)),
    "pypdf-text": ("pdf", "txt", "py:pypdf", lambda p: _python(_PYPDF_PLAIN, p)),
    "pdfplumber-text-fixtures": ("pdf", "txt", "py:pdfplumber", lambda p: _python(_PLUMBER_PLAIN, p)),
    "pypdf-text-fixtures": ("pdf", "txt", "py:pypdf", lambda p: _python(_PYPDF_PLAIN, p)),
    "pdftotext-raw": ("pdf", "txt", "pdftotext", lambda p: _run(["pdftotext", str(p), "-"])),
    "libreoffice-txt": ("docx", "txt", "soffice", lambda p: _soffice_text(p)),
    "w3m": (
        "html",
        "txt",
        "w3m",
        lambda p: _run(["w3m", "-dump", "-cols", "200", "-O", "UTF-8", "-T", "text/html", str(p)]),
    ),
    "lynx": (
        "html",
        "txt",
        "lynx",
        lambda p: _run(["lynx", "-dump", "-width=200", "-display_charset=utf-8", "-nolist", str(p)]),
    ),
    "pandoc-rst": ("html", "txt", "pandoc", lambda p: _run(["pandoc", "-f", "html", "-t", "rst", str(p)])),
    "pandoc-html": ("html", "md", "pandoc", lambda p: _run(["pandoc", "-f", "html", "-t", "gfm", str(p)])),
    "pandoc-docx": ("docx", "md", "pandoc", lambda p: _run(["pandoc", "-f", "docx", "-t", "gfm", str(p)])),
    "markdownify": (
        "html",
        "md",
        "py:markdownify",
        lambda p: _python("import sys, markdownify; print(markdownify.markdownify(open(sys.argv[1]).read()))", p),
    ),
    "html2text": (
        "html",
        "md",
        "py:html2text",
        lambda p: _python(
            "import sys, html2text; h = html2text.HTML2Text(); h.body_width = 0;"
            " print(h.handle(open(sys.argv[1]).read()))",
            p,
        ),
    ),
    "pymupdf4llm": ("pdf", "md", "py:pymupdf4llm", _pymupdf4llm),
    "pymupdf4llm-fixtures": ("pdf", "md", "py:pymupdf4llm", _pymupdf4llm),
    "pymupdf4llm-small": ("docx", "md", "soffice+py:pymupdf4llm", reprinted(0.8, convert=_pymupdf4llm)),
    "pymupdf4llm-landscape": (
        "docx",
        "md",
        "soffice+py:pymupdf4llm",
        reprinted(1.0, landscape=True, convert=_pymupdf4llm),
    ),
    "html-tables-md": ("html", "md", None, html_tables_md()),
    "html-tables-md-split": ("html", "md", None, html_tables_md(split=True)),
    "spans-repeated-md": ("html", "md", None, spans_repeated),
    "pieces-md": ("html", "md", None, pieces_md()),
    "pieces-md-bare": ("html", "md", None, pieces_md(bare=True)),
    "pieces-md-generic": ("html", "md", None, pieces_md(generic=True)),
    "markitdown": (
        "pdf",
        "md",
        "py:markitdown",
        lambda p: _python(
            "import sys; from markitdown import MarkItDown; print(MarkItDown().convert(sys.argv[1]).text_content)", p
        ),
    ),
}


def _sources(name: str, extension: str, corpus: Path) -> list[Path]:
    """The files a shape is made from, each with its truth file: ``corpus``'s, or for a ``…-fixtures``
    shape the repo's own PDFs."""
    found = ROOT.glob("fixtures/pdf*/*.pdf") if name.endswith("-fixtures") else corpus.glob(f"*.{extension}")
    return sorted(p for p in found if p.with_suffix(".truth.json").exists())


def missing(need: str | None) -> str | None:
    """Why a shape cannot be made here, or None."""
    if need is None:
        return None
    for one in need.split("+"):
        if one.startswith("py:") and not _importable(one[3:]):
            return f"{one[3:]} is not installed in {TOOLS_PYTHON[0]}"
        if not one.startswith("py:") and not shutil.which(one):
            return f"{one} is not on PATH"
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--only", default=",".join(SHAPES), help="shapes to score, comma-separated")
    parser.add_argument("--tools-python", default=sys.executable, help="the Python the converters are installed in")
    parser.add_argument("--show", type=int, default=0, help="wrong cells to list per shape (score.py --show)")
    parser.add_argument(
        "--corpus", type=Path, default=CORPUS, help="reports to make the shapes from, a truth file beside each"
    )
    parser.add_argument(
        "--keep", type=Path, help="also write each shape's files into KEEP/<shape>/ to look at (outside the repo)"
    )
    args = parser.parse_args()
    TOOLS_PYTHON[0] = args.tools_python
    if not args.corpus.is_dir() or not SCORE.exists():
        sys.exit(f"bench/shapes.py: {args.corpus} and ../shared/tools/score.py must be there")
    for name in args.only.split(","):
        source, ext, need, make = SHAPES[name]
        why = missing(need)
        if why:
            print(f"{name:16} skipped: {why}")
            continue
        with tempfile.TemporaryDirectory() as tmp:
            for path in _sources(name, source, args.corpus):
                made = make(path)
                if made is None:
                    continue
                target = Path(tmp) / f"{path.stem}.{ext}"
                if isinstance(made, bytes):
                    target.write_bytes(made)
                else:
                    target.write_text(made, encoding="utf-8")
                shutil.copy(path.with_suffix(".truth.json"), Path(tmp) / f"{path.stem}.truth.json")
            out = _run([sys.executable, str(SCORE), tmp, "--cmd", f"{CLI} {{file}}", "--show", str(args.show)])
            if args.keep:
                shutil.copytree(tmp, args.keep / name, dirs_exist_ok=True)
        if args.show:
            print("\n".join(line for line in out.splitlines()[:-1] if line.startswith("    ")))
        print(f"{name:16} {out.strip().splitlines()[-1]}")


if __name__ == "__main__":
    main()
