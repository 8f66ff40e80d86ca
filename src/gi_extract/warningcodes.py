"""The warning registry's entries: every code a stage may raise, what it means, what to do.

Data, kept apart from :mod:`gi_extract.warnings` (the warning type and its checks) so that the
list can grow without the code around it: one entry per code, in the README's order.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["info", "doubt", "missing"]
Scope = Literal["cell", "row", "table", "report"]


@dataclass(frozen=True, slots=True)
class WarningCode:
    """One registered code: what it concerns, how bad it is, when it is raised, what to do."""

    code: str
    severity: Severity
    scope: Scope
    meaning: str
    action: str


REGISTRY = (
    WarningCode(
        "label_fuzzy",
        "doubt",
        "cell",
        "a row label matched its template label below 95 % similarity (said of each cell of the row)",
        "check that the printed row is the one named by the key",
    ),
    WarningCode(
        "label_missing",
        "doubt",
        "cell",
        "a table 三 row printed no label and was taken by its place after the row above",
        "check the row against the printed table",
    ),
    WarningCode(
        "values_by_header",
        "doubt",
        "cell",
        "a row printed more or fewer values than the template; they were placed under their header cells",
        "check that each value stands under its column",
    ),
    WarningCode(
        "values_padded",
        "doubt",
        "row",
        "table 四's data row in Markdown printed fewer cells than its columns, read with the missing ones last (as"
        " Markdown pads a short row), where a group's 总计 then fails: a converter that merged a blank cell into"
        " its neighbour lost it from the middle, and every value after it is read one cell early",
        "compare the row with the PDF; the groups whose sums hold may be misplaced too",
    ),
    WarningCode(
        "values_trailing_empty",
        "info",
        "row",
        "a row printed as many values as the template has columns, then only empty cells (a converter joined"
        " the table with a wider one), or a one-column row its one value among empty cells (a converter split"
        " the column); the empty cells were ignored",
        "none",
    ),
    WarningCode(
        "values_uniform",
        "doubt",
        "cell",
        "a row printed more values than the template has columns, all the same number (a converter repeated"
        " cells); whichever the columns are, each takes that number",
        "check the row against the document if a value may have been lost",
    ),
    WarningCode(
        "values_by_sums",
        "doubt",
        "cell",
        "a row's values stood where the table's sums fail and were moved to the only places, in the same order,"
        " where they hold: a row of pdftotext -layout text printing fewer values than columns, put by its position"
        " where the sums fail; or a tall row that pdfplumber's or pypdf's default text prints on two or three lines"
        " (its cells set at different heights), each line's numbers in order but the lines not in the columns'",
        "check the row against the PDF",
    ),
    WarningCode(
        "values_unstacked",
        "doubt",
        "cell",
        "a row printed fewer cells than values, some cells holding several numbers on lines of their own or a"
        " space apart, or its first number under its label in the label's cell (a converter merged neighbouring"
        " cells): the numbers were taken in order, which filled the row exactly",
        "check the row against the document",
    ),
    WarningCode(
        "label_number",
        "doubt",
        "cell",
        "a table 三 row prints an item number other than the number of the template row it was read as (by its"
        " words and place), and the row that number names is missing from the table: one row's number and values"
        " may stand over another row's words",
        "check that the printed row is the one named by the key",
    ),
    WarningCode(
        "values_unwrapped",
        "doubt",
        "cell",
        "a number was printed over two or more lines of its cell (a narrow column wraps it so), or over two"
        " neighbouring cells (a converter set the lines in cells of their own, or pushed a wide number's last"
        " digit into the next cell), and was read whole; two numbers a converter merged into one cell look the"
        " same",
        "check the cell against the document",
    ),
    WarningCode(
        "rows_unstacked",
        "doubt",
        "cell",
        "a printed row held several rows of the table, each cell's texts stacked on lines of their own (a"
        " converter missed the rule between them): it was divided line by line, labels and numbers alike",
        "check the rows against the document",
    ),
    WarningCode(
        "value_after_row",
        "doubt",
        "cell",
        "a Markdown table row ended in an empty cell and the value on the line after the row was taken for it"
        " (html2text writes a cell that opens with a paragraph break so; a page number printed between two"
        " rows looks the same)",
        "check the cell against the document",
    ),
    WarningCode(
        "values_misaligned",
        "missing",
        "cell",
        "a row printed more or fewer values than the template and no header could place them: the row is null",
        "read the row from the document by hand",
    ),
    WarningCode(
        "rows_by_order",
        "doubt",
        "cell",
        "a table printed in pieces that nothing names (table 四 as three rows of five), joined in the template's order",
        "check that the pieces are printed in the template's order",
    ),
    WarningCode(
        "value_unreadable",
        "missing",
        "cell",
        "a cell's text is not a number (约30, 5.5 in a count column): null",
        "read the cell from the document",
    ),
    WarningCode(
        "value_merged",
        "missing",
        "cell",
        "a row's value cells are one merged cell with a row above (a value printed for several rows): null",
        "read how the publisher meant the merged value to be shared",
    ),
    WarningCode(
        "value_clipped",
        "doubt",
        "cell",
        "a PDF table runs off the page: values in its outermost column may be cut",
        "compare the value with another copy of the report (web page, DOCX)",
    ),
    WarningCode(
        "value_note",
        "info",
        "cell",
        "a unit was converted (1297.58万元 → 元) or assumed (an amount with no unit read as 元)",
        "none, unless the amount's unit matters to you: raw keeps the printed text",
    ),
    WarningCode(
        "value_negative",
        "doubt",
        "cell",
        "a count or amount printed below 0 (-3): only 本年增/减 is signed; documents, decisions, applications, cases"
        " and fees never are, so the sign is a publisher's slip or a dash that was no sign; the value keeps it",
        "read the cell in the document",
    ),
    WarningCode(
        "value_signed",
        "doubt",
        "cell",
        "a count or amount printed with a plus sign (+9, 增加9), as only 本年增/减 is: it may be that column's value",
        "check which column the value stands under in the document",
    ),
    WarningCode(
        "row_continued",
        "doubt",
        "cell",
        "a row with blank cells is followed by numbers printed without a label: a converter may have split"
        " the row over two lines, and its blanks (read as 0) may be those numbers; or, in table 二, by words"
        " that only complete its label beside numbers in exactly its blank cells (`其他对外管理服务 290` over"
        " `事项  -6  1091`): read as one row",
        "read the row from the document",
    ),
    WarningCode(
        "row_beside_table",
        "doubt",
        "cell",
        "a row missing from table 二's or 三's cells was found printed as text right above, between or under"
        " the table's pieces (a converter left it out of the table) and read from there",
        "check the row against the document",
    ),
    WarningCode(
        "label_beside_table",
        "doubt",
        "cell",
        "a table 二 row printing its values but no label took the label printed as text right above its table"
        " (a converter left the label out of its cell)",
        "check the row's label against the document",
    ),
    WarningCode(
        "row_unmatched",
        "doubt",
        "report",
        "a printed row matches no template row; it is reported, not used",
        "check whether the row holds numbers that belong to a template row",
    ),
    WarningCode(
        "row_missing",
        "missing",
        "row",
        "a template row is not printed: its cells are null",
        "none if the report omits the row; otherwise read it by hand",
    ),
    WarningCode(
        "row_duplicate",
        "doubt",
        "row",
        "a row is printed twice; the first print is used",
        "check which of the two prints is right",
    ),
    WarningCode(
        "table_missing",
        "missing",
        "table",
        "a standard table is not found (found: false)",
        "check whether the report prints it (or prints it as an image)",
    ),
    WarningCode(
        "table_truncated",
        "info",
        "report",
        "a table larger than any report table (over 2000 rows or 200 columns) was read only up to that size",
        "none: the standard tables are far smaller",
    ),
    WarningCode(
        "duplicate_table",
        "doubt",
        "table",
        "a second copy of a standard table was found and ignored",
        "check that the copy used is the report's own",
    ),
    WarningCode(
        "segmented",
        "info",
        "cell",
        "a value read from text whose cells were glued together (crawled pages): its digits split only one way, or"
        " only one way that its row's own sums allow while the sums across rows (table 三's columns) hold it too",
        "none: span gives where it was printed",
    ),
    WarningCode(
        "segmented_sum_fails",
        "doubt",
        "cell",
        "a value read from glued text (a crawled page) whose digits split only one way, in a row whose own sum then"
        " fails: a typing error of the publisher's, or a cell left blank, which the crawler keeps nothing of, so"
        " that every number after it is read one cell early",
        "read the row from another copy of the report (web page, DOCX, PDF); the failing check names the sum",
    ),
    WarningCode(
        "segmented_blank_by_sums",
        "doubt",
        "cell",
        "a value read from text that prints a row's numbers a space apart and keeps nothing of a blank cell"
        " (pdfplumber's or pypdf's default text of a table whose publisher left zeros blank): the row prints fewer"
        " numbers than cells, and exactly one placement of them, in their order, makes the table's sums hold",
        "none if the publisher's arithmetic is right; compare the row with the PDF if a check fails nearby",
    ),
    WarningCode(
        "segmented_by_sums",
        "doubt",
        "cell",
        "a value read from digits glued together (a crawled page's cells, or two numbers a converter printed as"
        " one in a cell) where they split several ways and only one satisfies the table's sums (table 四's, or a row's"
        " own total that no sum across rows checks: the sums are spent on the split, so a mistyped number could"
        " hide behind another one)",
        "none if the publisher's arithmetic is right; check it against another copy if a check fails nearby",
    ),
    WarningCode(
        "values_in_order",
        "doubt",
        "cell",
        "a table 三 or 四 value read from text that prints the table's numbers apart from its labels (plain"
        " pdftotext), or from a table a converter cut into one small table per row, several numbers to a cell"
        " (markitdown): taken row by row in the order printed, where the table's sums hold so; they do not confirm"
        " which results row (（一）…（六）) or which applicant column a number belongs to",
        "compare the table with the PDF before relying on single cells; totals and sums are as printed",
    ),
    WarningCode(
        "order_disagrees",
        "doubt",
        "cell",
        "a table 三 or 四 cell read from its grid, which the table's numbers, read row by row in the order"
        " printed (a reading that keeps every sum of the edition), put otherwise: one of the two readings is"
        " wrong, and the grid's cells around it were left unread",
        "read the row in the document; the message gives both numbers",
    ),
    WarningCode(
        "segmented_by_bounds",
        "doubt",
        "cell",
        "a value read from glued text whose digits split several ways; every split that keeps the row's bound"
        " (现行有效件数 ≥ 本年制发件数, 本年废止件数) gives it: a plausibility, not the template's arithmetic",
        "check it against another copy of the report if the agency repealed more documents than it kept in force",
    ),
    WarningCode(
        "segmented_blank",
        "doubt",
        "cell",
        "a value read from glued text whose row prints one or two numbers fewer than its cells, every one 0 (a"
        " crawler keeps nothing of a blank cell), or from a table printed apart from its labels that prints only"
        " zeros, one or two fewer than its cells: the row (or table) is all 0, wherever the blank cells stood",
        "none if the row is indeed empty in the report; a check failing on its column says otherwise",
    ),
    WarningCode(
        "segmentation_ambiguous",
        "missing",
        "cell",
        "glued digits that split several ways, all satisfying the table's sums: null (the message lists some); or a"
        " row's numbers printed apart, fewer than its cells, that several placements fit (a cell they disagree on)",
        "read the value from another copy of the report (web page, DOCX, PDF)",
    ),
    WarningCode(
        "segmentation_failed",
        "missing",
        "cell",
        "glued text with no split into numbers, or none that satisfies the template's sums (a publisher's error): null",
        "read the value from another copy of the report; the message names the sums that fail",
    ),
    WarningCode(
        "template_mixed",
        "doubt",
        "report",
        "the tables follow different editions of the format; each table keeps the rows it prints",
        "none: the keys say which rows were printed",
    ),
    WarningCode(
        "template_year",
        "info",
        "report",
        "the edition the tables follow is unusual for the report's year",
        "none: values are read by the edition printed",
    ),
    WarningCode(
        "year_inferred",
        "info",
        "report",
        "the title gives no year; the year was taken from the 统计期限 sentence or the introduction",
        "none",
    ),
    WarningCode(
        "year_period_differs",
        "doubt",
        "report",
        "the 统计期限 sentence names another year than the title (a report copied from last year's keeps the old one)",
        "check which year the report covers; year is the title's",
    ),
    WarningCode(
        "year_unknown",
        "missing",
        "report",
        "no title or 统计期限 sentence names the year: year is null",
        "add the year from the file's origin",
    ),
    WarningCode(
        "agency_from_signature",
        "info",
        "report",
        "no title names the agency; it was taken from the signature above the closing date",
        "none",
    ),
    WarningCode(
        "agency_from_text",
        "doubt",
        "report",
        "no title or signature names the agency; it was taken from the text: the full name, starting with a place, "
        "that most often ends as the report calls itself (我局 → …局)",
        "check the agency against the file's origin",
    ),
    WarningCode(
        "agency_unknown",
        "missing",
        "report",
        "no title or signature names the agency: agency is null",
        "add the agency from the file's origin",
    ),
    WarningCode(
        "html_encoding",
        "info",
        "report",
        "the page declares a character set it is not written in; it was read in the one that fits",
        "none",
    ),
    WarningCode(
        "text_encoding",
        "doubt",
        "report",
        "a text file has a few bytes that are not in its encoding: they were replaced with \ufffd",
        "check the cells near the replaced characters (a number there is null, not guessed)",
    ),
    WarningCode(
        "input_damaged",
        "doubt",
        "report",
        "the file's own parser reported damage (a PDF stream that does not decompress, a broken cross-reference)",
        "compare the tables with the document as a viewer shows it",
    ),
    WarningCode(
        "pdf_cid_glyphs",
        "doubt",
        "report",
        "the PDF has glyphs without a Unicode mapping: some text may be missing",
        "compare the tables with the printed page",
    ),
    WarningCode(
        "pdf_ocr",
        "info",
        "report",
        "pages without a text layer (a scan) were read by OCR from their image; each such cell has a confidence",
        "none; cells with ocr_low_confidence deserve a look at the page",
    ),
    WarningCode(
        "pdf_page_scanned",
        "missing",
        "report",
        "a page is a scanned image and the OCR extra is not installed: the page was not read",
        "pip install 'gi-extract[ocr]' and extract again",
    ),
    WarningCode(
        "ocr_low_confidence",
        "doubt",
        "cell",
        "a value read by OCR whose least sure character scored below 0.9: it may be misread",
        "compare the value with the page (the message gives its page and pixel box at 200 dpi)",
    ),
    WarningCode(
        "ocr_suggestion",
        "doubt",
        "cell",
        "a failing check would hold if one digit of this low-confidence OCR value were different; not applied",
        "look at the digit on the page; if the suggestion is what is printed, correct the value yourself",
    ),
    WarningCode(
        "pdf_pages_cut",
        "doubt",
        "report",
        "a PDF of more than 300 pages (a compilation of reports?): only the first 300 were read",
        "if the report wanted is further on, cut it out of the PDF and extract that",
    ),
    WarningCode(
        "docx_alt_chunk",
        "missing",
        "report",
        "the DOCX embeds a document (w:altChunk) that was not read",
        "open the DOCX in Word, save it again, and extract that copy",
    ),
    WarningCode(
        "warnings_capped",
        "info",
        "report",
        "one code was raised more than 500 times (a page of repeated rows): the rest are counted, not listed",
        "the input is unlike a report in that part; look at it before trusting the tables",
    ),
)
