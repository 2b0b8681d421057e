"""Tables in pictures (a screenshot of a spreadsheet, a census board): OCR reads them row by row,
"Maria Gonzalez 00482913 03/14/1961", and the text engine cannot know that the number is an MRN
and the date a birth date: the picture says so by layout, in the header row. Here each cell of a
row under a header is given its column's name, "Patient name: Maria Gonzalez ; MRN: 00482913 ;
Date of birth: 03/14/1961", as the engine would read it in a sentence. The added words have no
box, so findings are still drawn on the words OCR read."""

from __future__ import annotations

import statistics

from safepost.engine.media.ocr import Line, Reading, Word

CELL_GAP = 1.2          # a gap between words wider than this many line heights starts a new cell
MAX_HEADER_WORDS = 4    # per header cell


def cells(line: Line) -> list[tuple[Word, ...]]:
    words = [w for w in line.words if w.box]
    if not words:
        return []
    height = statistics.median(w.box[3] for w in words)
    out, current = [], [words[0]]
    for prev, word in zip(words, words[1:]):
        gap = word.box[0] - (prev.box[0] + prev.box[2])
        if gap > CELL_GAP * height:
            out.append(tuple(current))
            current = []
        current.append(word)
    out.append(tuple(current))
    return out


def _is_header(row: list[tuple[Word, ...]]) -> bool:
    return len(row) >= 2 and all(len(c) <= MAX_HEADER_WORDS and not any(ch.isdigit() for w in c for ch in w.text)
                                 for c in row)


def _columns(header: list[tuple[Word, ...]], row: list[tuple[Word, ...]]) -> list[int] | None:
    """The header column of each cell of ``row`` (by its left edge), or None when the row does not
    sit under the header: fewer than two cells, or two cells in one column."""
    lefts = [c[0].box[0] for c in header]
    tolerance = statistics.median(w.box[3] for c in header for w in c)
    cols = []
    for cell in row:
        x = cell[0].box[0]
        col = max((j for j, left in enumerate(lefts) if x >= left - tolerance), default=None)
        if col is None:
            return None
        cols.append(col)
    return cols if len(row) >= 2 and len(set(cols)) == len(cols) else None


def _labelled(header: list[tuple[Word, ...]], row: list[tuple[Word, ...]], cols: list[int]) -> Line:
    words: list[Word] = []
    for i, (cell, col) in enumerate(zip(row, cols)):
        name = " ".join(w.text for w in header[col])
        words.append(Word(f"{'; ' if i else ''}{name}:", None, 100.0))
        words.extend(cell)
    return Line(tuple(words))


def label_tables(reading: Reading) -> Reading:
    """``reading`` with every row under a header line given its column names; the header line
    itself is dropped (its words are in every row). Text that is not a table is left as it was."""
    rows = [cells(line) for line in reading.lines]
    out: list[Line] = []
    i = 0
    while i < len(reading.lines):
        header = rows[i]
        body = []
        if _is_header(header):
            j = i + 1
            while j < len(rows) and (cols := _columns(header, rows[j])) is not None:
                body.append(_labelled(header, rows[j], cols))
                j += 1
        if body:
            out.extend(body)
            i += 1 + len(body)
        else:
            out.append(reading.lines[i])
            i += 1
    return Reading(tuple(out), reading.skew)
