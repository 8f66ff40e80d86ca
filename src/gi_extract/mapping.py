"""Mapping located grids onto the template's keys: rows by label, values by printed order.

Rows are matched by their labels (labels.py), never by position, so inserted, dropped
or reordered rows are caught. Within a row the values are taken in the order the
publisher printed them (a merged cell once): headers are often misaligned with the data
(template.md §6.1, r004's colspan mismatch, r018's 自然人 colspan=2), and the text
rendering has no columns at all, while the printed order of the values always follows
the template. A row whose number of values differs from the template is not guessed:
its cells are ``None`` with a warning.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import pairwise

from .grid import Cell, Grid
from .labels import DEFAULT_THRESHOLD, Match, best_match, contains_any, count_in, normalise, similarity
from .template import ApplicationRow, load
from .values import Kind, Parsed, kind_of, parse_value

FUZZY_WARN_BELOW = 95.0
"""A label matched below this similarity is reported (``label_fuzzy``) even though it is used."""


@dataclass
class CellValue:
    """One template cell as extracted: value, how it was printed, and where."""

    key: str
    value: int | float | None
    raw: str
    blank: bool
    cell: Cell | None
    label: str
    label_score: float | None


@dataclass
class Warning_:
    """A doubt met while mapping: a code, a message and the key it concerns."""

    code: str
    message: str
    key: str | None = None


@dataclass
class TableResult:
    """A standard table mapped to keys: ``rows[row][col]`` plus the cells behind them."""

    table: str
    found: bool
    template: str | None = None
    rows: dict[str, dict[str, int | float | None]] | None = None
    cells: list[CellValue] = field(default_factory=list)
    warnings: list[Warning_] = field(default_factory=list)

    def cell(self, row: str, col: str) -> CellValue | None:
        """The extracted cell at (row, col), None when the table has no such cell."""
        key = f"{self.table}.{row}.{col}"
        return next((c for c in self.cells if c.key == key), None)


@dataclass
class Line:
    """One grid row as printed: its own cells (merges once) and the merged cells reaching into it."""

    cells: list[Cell]
    context: list[Cell]
    grid: Grid

    @property
    def texts(self) -> list[str]:
        return [c.text for c in self.cells]


def lines_of(grids: Sequence[Grid]) -> Iterator[Line]:
    """All rows of a run of grids, in order."""
    for grid in grids:
        for i in range(grid.n_rows):
            yield Line(grid.origins(i), grid.covering(i), grid)


def is_value_text(text: str) -> bool:
    """Whether printed text reads as a cell value (a number, a blank or a zero marker)."""
    return parse_value(text, Kind.YUAN).problem is None or parse_value(text, Kind.SIGNED).problem is None


def split_values(line: Line, want: int) -> tuple[list[Cell], list[Cell]]:
    """Split a row into (label cells, value cells): the values are the trailing value-like cells.

    Blank cells before the label (vertical-merge continuations in the text rendering) are
    value-like too, so only the last ``want`` of a longer trailing run are values.
    """
    run = 0
    for cell in reversed(line.cells):
        if not is_value_text(cell.text):
            break
        run += 1
    if run > want:
        run = want
    cut = len(line.cells) - run
    return line.cells[:cut], line.cells[cut:]


def detect_template(text: str) -> str | None:
    """2019 or 2021 by the header words the table prints (template.md §7), None if neither."""
    counts = {tpl: count_in(text, words) for tpl, words in load().template_tokens.items()}
    if counts["2019"] == counts["2021"]:
        return None
    return max(counts, key=lambda k: counts[k])


@dataclass
class Header:
    """Where a table's column headers sit in one grid: column key → (first, last) grid column."""

    grid: Grid
    spans: dict[str, tuple[int, int]]

    def place(self, cells: Sequence[Cell], columns: Sequence[str]) -> dict[str, Cell | None] | None:
        """Values placed under the headers they stand beneath, or None if that is not clear.

        Used only when a row prints more or fewer values than the template has columns
        (extra empty cells, or columns cut off the page): every printed value must fall
        under exactly one known header, and no header may get two values.
        """
        if not self.grid.aligned or any(c.source.table != self.grid.index for c in cells):
            return None
        if not any(col in self.spans for col in columns):
            return None
        spans = self.extended(columns)

        def under(cell: Cell) -> list[str]:
            last = cell.col + cell.colspan - 1
            return [col for col, (lo, hi) in spans.items() if col in columns and cell.col <= hi and last >= lo]

        placed: dict[str, Cell | None] = dict.fromkeys(columns)
        for cell in (c for c in cells if c.text):
            cols = under(cell)
            if len(cols) != 1 or placed[cols[0]] is not None:
                return None
            placed[cols[0]] = cell
        for cell in (c for c in cells if not c.text):
            cols = under(cell)
            if len(cols) == 1 and placed[cols[0]] is None:
                placed[cols[0]] = cell
        return placed

    def extended(self, columns: Sequence[str]) -> dict[str, tuple[int, int]]:
        """The spans, with template neighbours of a run of one-column headers filled in.

        The template fixes the column order, so when the known headers are consecutive
        template columns in consecutive grid columns, the grid columns just before and
        after them hold the template's neighbours (a header printed on the previous page, as
        in corpus r004's PDF: 自然人 heads page 4, its values stand on page 5).
        """
        known = [col for col in columns if col in self.spans]
        idx = [columns.index(col) for col in known]
        starts = [self.spans[col][0] for col in known]
        single = all(self.spans[col][0] == self.spans[col][1] for col in known)
        if not single or idx != list(range(idx[0], idx[0] + len(idx))) or any(b - a != 1 for a, b in pairwise(starts)):
            return dict(self.spans)
        spans = dict(self.spans)
        for n, col in enumerate(columns):
            grid_col = starts[0] + (n - idx[0])
            if col not in spans and 0 <= grid_col < self.grid.n_cols:
                spans[col] = (grid_col, grid_col)
        return spans


def read_header(line: Line, labels: Mapping[str, Sequence[str]], header: Header | None) -> Header | None:
    """Extend (or start) the header index of a grid with the column labels this row prints."""
    if header is None or header.grid is not line.grid:
        header = Header(line.grid, {})
    for cell in line.cells:
        if not cell.text:
            continue
        m = best_match(cell.text, labels)
        if m is not None and m.score >= FUZZY_WARN_BELOW:
            header.spans.setdefault(m.key, (cell.col, cell.col + cell.colspan - 1))
    return header


def _values(
    result: TableResult,
    row: str,
    columns: Sequence[str],
    cells: Sequence[Cell],
    label: str,
    match: Match | None,
    header: Header | None = None,
    clipped: frozenset[int] = frozenset(),
) -> None:
    """Parse a row's value cells into ``result`` (or mark them unreadable when they don't fit).

    ``clipped`` are the grid columns the page edge cut (:attr:`Grid.clipped`).
    """
    assert result.rows is not None
    score = match.score if match else None
    placed: dict[str, Cell | None] | None
    if len(cells) == len(columns):
        placed = dict(zip(columns, cells, strict=True))
    else:
        placed = header.place(cells, columns) if header is not None else None
        where = f"{result.table}.{row}"
        if placed is None:
            result.warnings.append(
                Warning_(
                    "values_misaligned",
                    f"row {label!r} prints {len(cells)} values where the template has {len(columns)}; left null",
                    where,
                )
            )
            placed = dict.fromkeys(columns)
        else:
            message = (
                f"row {label!r} prints {len(cells)} values for {len(columns)} columns; placed under their headers"
                + ("" if all(placed.values()) else ", columns with no value under them left null")
            )
            _row_doubt(result, row, columns, "values_by_header", message)
    for col, cell in placed.items():
        key = f"{result.table}.{row}.{col}"
        if cell is None:
            result.rows[row][col] = None
            result.cells.append(CellValue(key, None, "", False, None, label, score))
            continue
        parsed: Parsed = parse_value(cell.text, kind_of(col))
        result.rows[row][col] = parsed.value
        result.cells.append(CellValue(key, parsed.value, cell.text, parsed.blank, cell, label, score))
        if clipped and any(c in clipped for c in range(cell.col, cell.col + cell.colspan)):
            result.warnings.append(
                Warning_("value_clipped", f"{key}: its column runs off the page; the value may be cut", key)
            )
        if parsed.problem:
            result.warnings.append(Warning_("value_unreadable", f"{key}: {parsed.problem}", key))
        elif parsed.note:
            result.warnings.append(Warning_("value_note", f"{key}: {parsed.note}", key))


def _row_doubt(result: TableResult, row: str, columns: Sequence[str], code: str, message: str) -> None:
    """A doubt about a whole row, said of each of its cells (a consumer checks doubt per cell)."""
    result.warnings += [Warning_(code, message, f"{result.table}.{row}.{col}") for col in columns]


def _label_doubt(result: TableResult, row: str, columns: Sequence[str], label: str, match: Match) -> None:
    if match.score < FUZZY_WARN_BELOW:
        message = f"row {label!r} read as {match.label!r} (similarity {match.score:.0f})"
        _row_doubt(result, row, columns, "label_fuzzy", message)


def _seen_before(result: TableResult, row: str, label: str) -> bool:
    """True (with a ``row_duplicate`` warning) when the row was mapped already: the first print wins."""
    assert result.rows is not None
    if row not in result.rows:
        return False
    result.warnings.append(
        Warning_("row_duplicate", f"row {label!r} printed twice; the first is used", f"{result.table}.{row}")
    )
    return True


def _missing_rows(result: TableResult, expected: Mapping[str, Sequence[str]]) -> None:
    """Every template row not printed becomes ``None`` (output.md), with a warning."""
    assert result.rows is not None
    for row, columns in expected.items():
        if row not in result.rows:
            result.rows[row] = dict.fromkeys(columns)
            result.warnings.append(
                Warning_("row_missing", f"row {row!r} of table {result.table} not found", f"{result.table}.{row}")
            )
    result.rows = {row: result.rows[row] for row in expected} | {
        row: cols for row, cols in result.rows.items() if row not in expected
    }


# --------------------------------------------------------------------------------------
# Table 二 主动公开: 第二十条 blocks, a caption row, a 信息内容 header row, labelled data rows
# --------------------------------------------------------------------------------------


_CAPTION = re.compile(r"第\s*二\s*十\s*条\s*第\s*[（(]\s*[一二三四五六七八九十]+\s*[）)]\s*项")
_NOTE = re.compile(r"[（(][^（）()]*[）)]")


def _active_column_labels(template: str) -> dict[str, list[str]]:
    """Every column label of table 二 in one format, with the wordings seen in real reports."""
    aliases = load().aliases("active_disclosure.columns")
    out: dict[str, list[str]] = {}
    for block in load().blocks(template):
        for col, label in block.columns.items():
            out.setdefault(col, [label, *aliases.get(col, [])])
    return out


def map_active(grids: Sequence[Grid], fallback_template: str | None) -> TableResult:
    """Map table 二: each data row by its label; columns from the row's block in the template."""
    tpl = load()
    text = normalise("\n".join(g.text() for g in grids))
    template = detect_template(text) or fallback_template or "2021"
    result = TableResult("active_disclosure", True, template, {})
    assert result.rows is not None
    row_block = tpl.active_rows(template)
    aliases = tpl.aliases("active_disclosure.rows")
    candidates = {row: [block.rows[row], *aliases.get(row, [])] for row, block in row_block.items()}
    column_labels = _active_column_labels(template)
    header: Header | None = None
    for line in lines_of(grids):
        texts = [normalise(t) for t in line.texts if t]
        if not texts or texts[0].startswith("第二十条"):
            continue
        if texts[0].startswith("信息内容"):
            header = read_header(line, column_labels, None)
            continue
        labels, values = split_values(line, len(line.cells))
        label = _CAPTION.sub("", " ".join(c.text for c in labels if c.text)).strip()
        if not label:
            continue
        match = best_match(label, candidates)
        if match is not None and match.score < DEFAULT_THRESHOLD and _NOTE.search(label):
            match = best_match(_NOTE.sub("", label), candidates)  # 规章(设区的市…应提供相关数据), template.md §6.1
        if match is None or match.score < DEFAULT_THRESHOLD:
            result.warnings.append(
                Warning_("row_unmatched", f"table 二 row {label!r} matches no template row; ignored", None)
            )
            continue
        if _seen_before(result, match.key, label):
            continue
        columns = list(row_block[match.key].columns)
        _label_doubt(result, match.key, columns, label, match)
        result.rows[match.key] = {}
        _values(result, match.key, columns, values, label, match, header, line.grid.clipped)
    _missing_rows(result, {row: list(block.columns) for row, block in row_block.items()})
    return result


# --------------------------------------------------------------------------------------
# Table 三 申请: 7 value columns; rows by their （三）-style group, 1.-style number and words
# --------------------------------------------------------------------------------------

_TOP = re.compile(r"([一二三四])、")
_PAREN = re.compile(r"（([一二三四五六七])）")
_NUMBERED = re.compile(r"(?:^|(?<=[^\d]))(\d{1,2})\.(?=\D)")
_GROUP_HEADER = re.compile(r"^(?:三、本年度办理结果|（[三四五六]）(?:不予公开|无法提供|不予处理|其他处理))$")
_OTHER = "applications.other"
_HEADER_WORDS = ("申请人情况", "自然人", "法人或其他组织", "商业企业", "勾稽关系")


@dataclass
class _RowState:
    """What the rows above tell about the current one: the group cell it sits under."""

    group: str | None = None


@cache
def _leaf_words() -> dict[str, list[str]]:
    """Each table-三 row's words without group or number, with the wordings seen in real reports."""
    by_words = {r.key: [r.leaf] for t in ("2021", "2019") for r in load().application_rows(t)}
    for key, names in load().aliases("applications.rows").items():
        by_words[key] += [re.sub(r"^\d+\.", "", normalise(n)) for n in names]
    return by_words


def _application_key(
    own: str, context: str, rows: Sequence[ApplicationRow], state: _RowState
) -> tuple[ApplicationRow | None, float | None, str]:
    """Resolve a table-三 row to its template row. Returns (row, label similarity, why).

    Structure first (the （三） group and the 1. number the template prints), words second:
    the printed words must agree with the structural choice, or the fuzzy best match of the
    words wins with a warning. Label-less rows get the next row in template order.
    """
    parens = _PAREN.findall(own)
    for g in _PAREN.findall(context):
        if g in "三四五六" and not parens:
            state.group = g
    numbered = list(_NUMBERED.finditer(own))
    by_words = _leaf_words()

    def words_match(pool: Sequence[ApplicationRow], leaf: str) -> Match | None:
        """Best row of ``pool`` for the words; the whole printed label may match the full label too."""
        m = best_match(leaf, {r.key: by_words[r.key] for r in pool})
        whole = best_match(own, {r.key: [r.label] for r in pool})
        return whole if m is None or (whole is not None and whole.score > m.score) else m

    group_paren = next((p for p in parens if p in "三四五六"), None)
    if group_paren:
        state.group = group_paren
    if numbered:
        number = int(numbered[-1].group(1))
        leaf = own[numbered[-1].end() :]
        pool = [r for r in rows if r.group and r.group == state.group] or [r for r in rows if r.group]
        m = words_match(pool, leaf)
        by_number = next((r for r in pool if r.number == number), None)
        if m and m.score >= DEFAULT_THRESHOLD:
            return next(r for r in pool if r.key == m.key), m.score, "words"
        if by_number is not None:
            return by_number, m.score if m else None, "number"
        return None, m.score if m else None, "unmatched"
    leaf = _TOP.sub("", _PAREN.sub("", own))
    paren = next((p for p in reversed(parens) if p in "一二七"), None)
    if paren or (parens and parens[-1] == "六" and not numbered):
        marker = f"（{paren or '六'}）"
        target = next((r for r in rows if r.marker == marker), None)
        if target is not None and target.key == "other":  # the 2019 single （六）其他处理 row
            state.group = "六"  # numbered rows after it are its 2021 sub-rows
            return target, similarity(leaf, target.leaf), "marker"
        state.group = None
        if target:
            # the words after the marker: a vertical group label can bleed into the same row
            m = words_match([target], own[own.rindex(marker) + len(marker) :])
            return target, m.score if m else None, "marker"
    tops = _TOP.findall(own)
    if tops and tops[0] in "一二四":
        marker = f"{tops[0]}、"
        target = next((r for r in rows if r.marker == marker), None)
        state.group = None
        if target:
            m = words_match([target], own[own.index(marker) + len(marker) :])
            return target, m.score if m else None, "marker"
    if not leaf:
        return None, None, "blank"
    m = words_match(rows, leaf)
    if m and m.score >= DEFAULT_THRESHOLD:
        row = next(r for r in rows if r.key == m.key)
        state.group = row.group
        return row, m.score, "words"
    return None, m.score if m else None, "unmatched"


def map_applications(grids: Sequence[Grid], fallback_template: str | None) -> TableResult:
    """Map table 三: 7 values per row; the （六） layout decides 2019/2021 for this table."""
    tpl = load()
    columns = list(tpl.application_columns)
    all_rows = {r.key: r for t in ("2021", "2019") for r in tpl.application_rows(t)}
    rows = list(all_rows.values())
    result = TableResult("applications", True, None, {})
    assert result.rows is not None
    state = _RowState()
    order = [r.key for r in tpl.application_rows("2021")]
    column_labels = {col: [label] for col, label in tpl.application_columns.items()}
    header: Header | None = None
    for line in lines_of(grids):
        texts = [t for t in line.texts if t]
        if not texts:
            continue
        if any(contains_any(t, _HEADER_WORDS) for t in texts):
            header = read_header(line, column_labels, header)
            continue
        labels, values = split_values(line, len(columns))
        own = normalise("".join(c.text for c in labels if c.text))
        context = normalise("".join(c.text for c in line.context))
        if not own and not any(c.text for c in values):
            continue
        row, score, why = _application_key(own, context, rows, state)
        printed = " ".join(c.text.replace("\n", "") for c in labels if c.text) or "(no label)"
        if row is None and why == "blank":
            nxt = _next_row(order, result.rows)
            if nxt is None:
                continue
            row = all_rows[nxt]
            message = f"a table 三 row prints no label; taken as {row.label!r} by its place after the row above"
            _row_doubt(result, row.key, columns, "label_missing", message)
        elif row is None:
            if not any(c.text for c in values) and _GROUP_HEADER.search(own):
                continue  # a group label printed on a row of its own (三、本年度办理结果, （三）不予公开 …)
            result.warnings.append(
                Warning_("row_unmatched", f"table 三 row {printed!r} matches no template row; ignored", None)
            )
            continue
        if _seen_before(result, row.key, printed):
            continue
        match = Match(row.key, row.label, score) if score is not None else None
        if match is not None and why != "blank":
            _label_doubt(result, row.key, columns, printed, match)
        result.rows[row.key] = {}
        _values(result, row.key, columns, values, printed, match, header, line.grid.clipped)
    has_children = any(k.startswith("other.") for k in result.rows)
    single = [c for c in result.cells if c.key.rsplit(".", 1)[0] == _OTHER]
    if has_children and single and all(c.blank for c in single):
        # （六）其他处理 on a row of its own above its three 2021 sub-rows: a group label, not the 2019 row
        del result.rows["other"]
        result.cells = [c for c in result.cells if c not in single]
    has_single = "other" in result.rows
    result.template = "2021" if has_children else "2019" if has_single else fallback_template
    template = result.template or "2021"
    expected = {r.key: columns for r in tpl.application_rows(template)}
    if has_single and not has_children:
        expected = {("other" if k.startswith("other.") else k): columns for k in expected}
    _missing_rows(result, expected)
    return result


def _next_row(order: list[str], done: dict[str, dict[str, int | float | None]]) -> str | None:
    """The template row after the last one mapped (for rows that print no label)."""
    last = max((order.index(k) for k in done if k in order), default=-1)
    for key in order[last + 1 :]:
        if key not in done:
            return key
    return None


# --------------------------------------------------------------------------------------
# Table 四 复议/诉讼: one unlabelled data row of 15 values (3 groups × 5)
# --------------------------------------------------------------------------------------


def map_reviews(grids: Sequence[Grid]) -> TableResult:
    """Map table 四: the first row ending in 15 values, taken in template order."""
    tpl = load()
    groups = list(tpl.review_rows)
    columns = list(tpl.review_columns)
    result = TableResult("reviews_litigation", True, None, {g: {} for g in groups})
    assert result.rows is not None
    want = len(groups) * len(columns)
    data: list[Cell] | None = None
    clipped: frozenset[int] = frozenset()
    for line in lines_of(grids):
        labels, values = split_values(line, want)
        if len(values) == want:  # the data row, even behind a label cell such as 件数
            data, clipped = values, line.grid.clipped
            break
        if data is None and not any(c.text for c in labels) and len(values) >= want // 2:
            data = values  # a short row of values only: reported below, not guessed
    label = "（行政复议、行政诉讼数据行）"
    if data is None or len(data) != want:
        result.warnings.append(
            Warning_(
                "values_misaligned",
                f"table 四 has no row of {want} values"
                + (f" (the data row prints {len(data)})" if data else "")
                + "; left null",
                "reviews_litigation",
            )
        )
        for g in groups:
            for col in columns:
                result.rows[g][col] = None
                result.cells.append(CellValue(f"reviews_litigation.{g}.{col}", None, "", False, None, label, None))
        return result
    for n, g in enumerate(groups):
        _values(result, g, columns, data[n * len(columns) : (n + 1) * len(columns)], label, None, None, clipped)
    return result
