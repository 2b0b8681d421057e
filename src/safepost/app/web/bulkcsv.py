"""Bulk scheduling: read a CSV of posts and say, row by row, what is wrong. Pure: no Django, no
database; the caller passes the organization's channels and consent ids, the person's time zone
and `now`. Error messages carry row numbers, column names and channel names, never the text.

Columns (a header row, any order, case-insensitive): text, channels (names or ids separated by
";"), publish_at ("YYYY-MM-DD HH:MM" in the person's time zone), consent (optional id).
Row numbers are as a spreadsheet shows them: the header is row 1.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, tzinfo

from safepost.connectors.limits import measure, over_message

MAX_BYTES = 1_000_000
MAX_ROWS = 200
REQUIRED = ("text", "channels", "publish_at")
OPTIONAL = ("consent",)
ALIASES = {"consent_id": "consent", "publish at": "publish_at", "channel": "channels"}
TIME_FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S")


class FileRefused(ValueError):
    """The whole file cannot be read (size, encoding, header, row count); the message says why."""


@dataclass(frozen=True)
class ChannelRef:
    pk: int
    name: str
    platform: str
    limit: int


@dataclass
class Row:
    number: int
    text: str = ""
    channels: list[ChannelRef] = field(default_factory=list)
    publish_at: datetime | None = None
    consent_id: int | None = None
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _decode(data: bytes) -> str:
    if len(data) > MAX_BYTES:
        raise FileRefused(f"The file is {len(data):,} bytes; the limit is {MAX_BYTES:,} bytes "
                          f"(about {MAX_ROWS} posts). Split it into smaller files.")
    if not data.strip():
        raise FileRefused("The file is empty. The first row names the columns: text, channels, publish_at, consent.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileRefused("The file is not UTF-8 text. In your spreadsheet, save it as 'CSV UTF-8'.") from None
    if "\x00" in text:
        raise FileRefused("The file holds binary data (a spreadsheet, not CSV?). Save it as 'CSV UTF-8'.")
    return text


def _header(names: Sequence[str]) -> dict[str, int]:
    cols = {}
    for i, raw in enumerate(names):
        name = raw.strip().lower()
        name = ALIASES.get(name, name)
        if name in cols:
            raise FileRefused(f"The column {name!r} appears twice in the first row.")
        cols[name] = i
    missing = [c for c in REQUIRED if c not in cols]
    if missing:
        raise FileRefused(f"The first row must name the columns text, channels and publish_at (consent is "
                          f"optional); missing: {', '.join(missing)}.")
    unknown = sorted(set(cols) - set(REQUIRED) - set(OPTIONAL))
    if unknown:
        raise FileRefused(f"Unknown column(s) {', '.join(unknown)}; the columns are text, channels, "
                          f"publish_at and consent.")
    return cols


def read_rows(data: bytes) -> list[tuple[int, dict[str, str]]]:
    """(row number, {column: value}) for each non-blank data row; FileRefused for the file."""
    reader = csv.reader(io.StringIO(_decode(data), newline=""))
    try:
        header = next(reader, None)
        if not header:
            raise FileRefused("The file has no header row: text, channels, publish_at, consent.")
        cols = _header(header)
        rows = []
        for number, cells in enumerate(reader, start=2):    # a record is a row, even with line breaks
            if not any(c.strip() for c in cells):
                continue
            rows.append((number, {k: (cells[i] if i < len(cells) else "") for k, i in cols.items()}))
            if len(rows) > MAX_ROWS:
                raise FileRefused(f"The file has more than {MAX_ROWS} posts; split it into files of at most "
                                  f"{MAX_ROWS} rows.")
    except csv.Error:
        raise FileRefused(f"The file is not valid CSV near row {reader.line_num} (a quote left open?).") from None
    if not rows:
        raise FileRefused("The file has a header but no posts.")
    return rows


def _channels(value: str, by_key: Mapping[str, ChannelRef], row: Row) -> None:
    keys = [k.strip() for k in value.split(";") if k.strip()]
    if not keys:
        row.errors.append("channels: name at least one channel (separate several with ';').")
    for key in keys:
        ref = by_key.get(key.lower())
        if ref is None:
            row.errors.append(f"channels: no active channel named {key[:60]!r}; use a name from the Channels page.")
        elif ref not in row.channels:
            row.channels.append(ref)


def _publish_at(value: str, tz: tzinfo, now: datetime, row: Row) -> None:
    value = value.strip()
    for fmt in TIME_FORMATS:
        try:
            when = datetime.strptime(value, fmt).replace(tzinfo=tz)
            break
        except ValueError:
            continue
    else:
        row.errors.append("publish_at: write the time as YYYY-MM-DD HH:MM, e.g. 2027-01-15 09:30.")
        return
    if when <= now:
        row.errors.append("publish_at: the time has passed; choose a time in the future.")
    row.publish_at = when


def _consent(value: str, consent_ids: Callable[[int], bool], row: Row) -> None:
    value = value.strip()
    if not value:
        return
    if not value.isdecimal() or len(value) > 12 or not consent_ids(int(value)):
        row.errors.append(f"consent: no authorization with id {value[:20]!r} in this organization; "
                          f"use the number shown on the Consents page, or leave it empty.")
        return
    row.consent_id = int(value)


def _text(value: str, max_chars: int, row: Row) -> None:
    if not value.strip():
        row.errors.append("text: the post has no text.")
    elif len(value) > max_chars:
        row.errors.append(f"text: {len(value):,} characters; a post may have at most {max_chars:,}.")
    row.text = value


def check_row(number: int, cells: Mapping[str, str], *, channels_by_key: Mapping[str, ChannelRef],
              consent_exists: Callable[[int], bool], tz: tzinfo, now: datetime, max_chars: int) -> Row:
    row = Row(number)
    _text(cells.get("text", ""), max_chars, row)
    _channels(cells.get("channels", ""), channels_by_key, row)
    _publish_at(cells.get("publish_at", ""), tz, now, row)
    _consent(cells.get("consent", ""), consent_exists, row)
    if row.text.strip() and len(row.text) <= max_chars:
        for ref in row.channels:
            length = measure(ref.platform, row.text, ref.limit)
            if length.over:
                row.errors.append(f"text: too long for {over_message(length, ref.name)}.")
    return row


def channel_keys(channels: Sequence[ChannelRef]) -> dict[str, ChannelRef]:
    """Each channel by its lower-case name and by its id."""
    out: dict[str, ChannelRef] = {}
    for c in channels:
        out[str(c.pk)] = c
        out[c.name.strip().lower()] = c
    return out
