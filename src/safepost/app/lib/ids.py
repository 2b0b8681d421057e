"""Row ids as they arrive in query strings and forms (issue 10: "²".isdigit() is True and
int("²") raises; 2**70 overflows a 64-bit column)."""

from __future__ import annotations

MAX_ID = 2 ** 63 - 1      # the largest value of a BigAutoField / BIGINT / SQLite INTEGER


def is_row_id(value: object) -> bool:
    """An ASCII decimal number that fits a 64-bit id column."""
    s = str(value)
    return s.isascii() and s.isdigit() and 0 < len(s) <= 19 and int(s) <= MAX_ID
