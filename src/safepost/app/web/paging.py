"""Paging of long lists (`?page=N`, newest first): a page of rows and whether an older page
exists, found by reading one row more than the page (no COUNT over the whole table)."""

from __future__ import annotations

MAX_PAGE = 100_000


def page_number(request) -> int:
    """`?page=` as a number from 1; anything else (missing, "x", "-2", 10**9) is page 1."""
    raw = request.GET.get("page", "")
    return int(raw) if raw.isdigit() and 1 <= int(raw) <= MAX_PAGE else 1


def page_of(qs, page: int, size: int) -> tuple[list, bool]:
    rows = list(qs[(page - 1) * size:page * size + 1])
    return rows[:size], len(rows) > size


def other_params(request) -> str:
    """The query string without `page`, for the pager's links (filters are kept)."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
