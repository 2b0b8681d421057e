"""A table read from a picture gives each cell its column's name, so the text engine knows that
the number under "MRN" is a medical record number. Words laid out by hand, as OCR returns them."""
from __future__ import annotations

from safepost.engine.media.ocr import Line, Reading, Word
from safepost.engine.media.table import cells, label_tables


def _line(y: int, *cells_at: tuple[int, str]) -> Line:
    """Words 14 px tall: each (x, "words of one cell"), words 10 px apart within a cell."""
    words = []
    for x, text in cells_at:
        for w in text.split():
            words.append(Word(w, (x, y, 9 * len(w), 14), 95.0))
            x += 9 * len(w) + 10
    return Line(tuple(words))


HEADER = _line(10, (10, "Patient name"), (260, "MRN"), (450, "Date of birth"))
ROW = _line(50, (10, "Maria Gonzalez"), (261, "00482913"), (451, "03/14/1961"))


def test_words_far_apart_are_different_cells():
    assert [" ".join(w.text for w in c) for c in cells(ROW)] == ["Maria Gonzalez", "00482913", "03/14/1961"]


def test_a_row_under_a_header_reads_as_column_name_and_value():
    out = label_tables(Reading((HEADER, ROW)))
    assert out.text == "Patient name: Maria Gonzalez ; MRN: 00482913 ; Date of birth: 03/14/1961"


def test_the_added_column_names_have_no_box_and_findings_keep_the_cells_box():
    out = label_tables(Reading((HEADER, ROW)))
    start = out.text.index("00482913")
    assert out.box_of(start, start + 8) == (261, 50, 72, 14)
    assert out.box_of(0, len("Patient name:")) is None


def test_a_row_with_an_empty_cell_takes_the_names_of_the_columns_it_sits_under():
    row = _line(50, (10, "Linh Tran"), (451, "07/29/1990"))
    assert label_tables(Reading((HEADER, row))).text == "Patient name: Linh Tran ; Date of birth: 07/29/1990"


def test_ordinary_lines_are_left_as_they_were():
    lines = (_line(10, (10, "Room 12: Robert Okafor")), _line(50, (10, "Room 14: Linh Tran")))
    assert label_tables(Reading(lines)).text == "Room 12: Robert Okafor\nRoom 14: Linh Tran"


def test_a_line_with_numbers_is_not_a_header_and_the_table_ends_at_a_line_that_does_not_fit():
    numbers = _line(10, (10, "Total 12"), (260, "Open 3"))
    assert label_tables(Reading((numbers, ROW))).text == "Total 12 Open 3\nMaria Gonzalez 00482913 03/14/1961"
    after = _line(90, (10, "Printed by the ward clerk"))
    assert label_tables(Reading((HEADER, ROW, after))).text.endswith("\nPrinted by the ward clerk")
