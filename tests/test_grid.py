from gi_extract.grid import CellState, is_blank_text

from conftest import grid_from


def test_layout_keeps_covered_apart_from_blank() -> None:
    g = grid_from("a^2|b>2|c/x||")
    assert (g.n_rows, g.n_cols) == (2, 4)
    assert g.cells[1][0].state is CellState.COVERED
    assert (g.cells[1][0].row, g.cells[1][0].col) == (0, 0)
    assert g.cells[0][2].state is CellState.COVERED
    assert g.cells[1][2].state is CellState.BLANK
    assert [c.text for c in g.origins(1)] == ["x", "", ""]
    assert [c.text for c in g.covering(1)] == ["a"]


def test_short_rows_are_padded_but_not_origins() -> None:
    g = grid_from("a|b|c/d")
    assert g.n_cols == 3
    assert g.cells[1][2].pad
    assert [c.text for c in g.origins(1)] == ["d"]


def test_blank_text_covers_nbsp_and_ideographic_space() -> None:
    assert is_blank_text("\u3000\xa0 \t")
    assert not is_blank_text("0")


def test_repr_is_readable() -> None:
    g = grid_from("a|b")
    assert repr(g) == "<Grid #0 1x2>"
