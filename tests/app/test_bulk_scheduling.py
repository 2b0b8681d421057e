"""Bulk scheduling from a CSV: every row checked (columns, channels, time in the person's zone,
consent, each network's length) with what to fix; nothing created until the person confirms; the
valid rows become posts submitted for review, through the same gates as one post."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone as dt_timezone
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from safepost.app.accounts import services as accounts
from safepost.app.audit.models import AuditEntry
from safepost.app.audit.services import Who
from safepost.app.posts.models import Post
from safepost.app.web import bulkcsv

from .posting import *  # noqa: F401,F403
from .posting import ALLOW_TEXT

NOW = datetime(2027, 1, 10, 12, 0, tzinfo=dt_timezone.utc)
MAIN = bulkcsv.ChannelRef(7, "Main", "mastodon", 500)
X = bulkcsv.ChannelRef(8, "Clinic X", "x", 280)
KEYS = bulkcsv.channel_keys([MAIN, X])


def rows_of(text: str, tz=ZoneInfo("America/Chicago")):
    return [bulkcsv.check_row(n, cells, channels_by_key=KEYS, consent_exists=lambda pk: pk == 5, tz=tz, now=NOW,
                              max_chars=20000)
            for n, cells in bulkcsv.read_rows(text.encode("utf-8"))]


def test_a_good_row_reads_its_time_in_the_persons_zone_and_its_channels_by_name_or_id():
    [row] = rows_of("text,channels,publish_at,consent\nFlu shots today,Main; 8,2027-01-15 09:30,5\n")
    assert row.ok and row.channels == [MAIN, X] and row.consent_id == 5
    assert row.publish_at.astimezone(dt_timezone.utc) == datetime(2027, 1, 15, 15, 30, tzinfo=dt_timezone.utc)


def test_each_bad_row_says_what_to_fix_by_column_and_spreadsheet_row_number():
    rows = rows_of("Text,Channels,Publish_at\n"
                   "ok,Main,2027-01-15 09:30\n"
                   ",Nowhere,15/01/2027\n"
                   "late,Main,2027-01-01 09:00\n"
                   + "y" * 281 + ",Clinic X,2027-02-01 10:00\n")
    assert [r.number for r in rows] == [2, 3, 4, 5] and rows[0].ok
    assert rows[1].errors == ["text: the post has no text.",
                              "channels: no active channel named 'Nowhere'; use a name from the Channels page.",
                              "publish_at: write the time as YYYY-MM-DD HH:MM, e.g. 2027-01-15 09:30."]
    assert rows[2].errors == ["publish_at: the time has passed; choose a time in the future."]
    assert rows[3].errors == ['text: too long for X (channel "Clinic X"): 281 weighted characters, '
                              '1 over the limit of 280.']


def test_an_unknown_consent_is_an_error_and_no_text_appears_in_any_message():
    [row] = rows_of("text,channels,publish_at,consent_id\nJane Roe is home,Main,2027-01-15 09:30,99\n")
    assert len(row.errors) == 1 and row.errors[0].startswith("consent: no authorization with id '99'")
    assert "Jane" not in " ".join(row.errors)


@pytest.mark.parametrize("data,refusal", [
    (b"", "The file is empty"),
    (b"text,channels\nhi,Main\n", "missing: publish_at"),
    (b"text,channels,publish_at,colour\n", "Unknown column(s) colour"),
    (b"text,channels,publish_at\n", "no posts"),
    ("text,channels,publish_at\ncafé,Main,2027-01-15 09:30\n".encode("latin-1"), "not UTF-8"),
    (b"text,channels,publish_at\n" + b"a,Main,2027-01-15 09:30\n" * 201, "more than 200 posts"),
    (b"x" * 1_000_001, "the limit is 1,000,000 bytes"),
    (b"text,channels,publish_at\nhi\x00,Main,2027-01-15 09:30\n", "binary data"),
])
def test_a_file_that_cannot_be_read_is_refused_whole_with_the_reason(data, refusal):
    with pytest.raises(bulkcsv.FileRefused, match=re.escape(refusal)):
        bulkcsv.read_rows(data)


def test_rows_are_numbered_as_a_spreadsheet_shows_them_even_with_line_breaks_in_a_cell():
    rows = rows_of('text,channels,publish_at\n"Line one\nline two",Main,2027-01-15 09:30\nx,Nowhere,2027-01-15 09:30\n')
    assert [r.number for r in rows] == [2, 3] and rows[0].ok and rows[0].text == "Line one\nline two"


def test_a_spreadsheet_byte_order_mark_and_blank_lines_are_fine():
    rows = rows_of("\ufefftext,channels,publish_at\n\nhello,Main,2027-01-15 09:30\n,,\n")
    assert [r.number for r in rows] == [3] and rows[0].ok


# -- the page -------------------------------------------------------------------------------
def _csv(channel, *lines: str) -> SimpleUploadedFile:
    body = "text,channels,publish_at\n" + "".join(line.format(ch=channel.name) + "\n" for line in lines)
    return SimpleUploadedFile("posts.csv", body.encode("utf-8"), content_type="text/csv")


def _later(days: int) -> str:
    return (timezone.localtime(timezone.now()) + timedelta(days=days)).strftime("%Y-%m-%d %H:%M")


def test_the_check_shows_ready_rows_and_rows_to_fix_and_creates_nothing(as_user, channel):
    page = as_user("andy").post("/o/acme/bulk/", {"step": "check", "file": _csv(
        channel, f'"{ALLOW_TEXT}",{{ch}},{_later(3)}', "Open house,{ch},yesterday")})
    body = page.content.decode()
    assert page.status_code == 200 and 'data-ok-row="2"' in body and 'data-row="3"' in body
    assert "publish_at: write the time as YYYY-MM-DD HH:MM" in body and "Submit 1 post for review" in body
    assert Post.objects.count() == 0


def test_confirming_submits_the_valid_rows_for_review_and_audits_the_upload(as_user, channel, people):
    client = as_user("andy")
    page = client.post("/o/acme/bulk/", {"step": "check", "file": _csv(
        channel, f'"{ALLOW_TEXT}",{{ch}},{_later(3)}', f"Walk-in hours change on Monday,{{ch}},{_later(4)}",
        "bad row,Nowhere,2020-01-01 00:00")}).content.decode()
    csv_text = re.search(r'<textarea name="csv"[^>]*>(.*?)</textarea>', page, re.S).group(1)
    token = re.search(r'name="token" value="([0-9a-f]+)"', page).group(1)
    import html
    r = client.post("/o/acme/bulk/", {"step": "confirm", "csv": html.unescape(csv_text), "token": token})
    assert r.status_code == 302
    created = list(Post.objects.order_by("id"))
    assert [p.state for p in created] == ["in_review", "in_review"] and all(p.author == people["andy"] for p in created)
    entry = AuditEntry.objects.filter(action="post.bulk_submit").get()
    assert entry.meta["created"] == 2 and entry.meta["skipped"] == 1


def test_a_confirmation_that_no_longer_matches_the_check_creates_nothing(as_user, channel, people):
    client = as_user("andy")
    body = f"text,channels,publish_at\n{ALLOW_TEXT},{channel.name},{_later(3)}\n"
    from safepost.app.channels import services as channels
    channels.set_disabled(Who.user(people["alice"], people.acme), channel, True)
    r = client.post("/o/acme/bulk/", {"step": "confirm", "csv": body, "token": "0000000000000000"})
    assert r.status_code == 409 and "Something changed since the check" in r.content.decode()
    assert Post.objects.count() == 0


def test_a_person_whose_training_lapsed_cannot_bulk_schedule(as_user, channel, people):
    from safepost.app.training.models import Completion
    Completion.objects.filter(user=people["andy"]).update(expires_at=timezone.now() - timedelta(days=1))
    r = as_user("andy").post("/o/acme/bulk/", {"step": "check", "file": _csv(channel, f"hi,{{ch}},{_later(3)}")})
    assert r.status_code == 403 and Post.objects.count() == 0


def test_times_are_read_in_the_persons_time_zone(as_user, channel, people):
    accounts.set_profile(Who.user(people["andy"], people.acme), people["andy"], name="Andy", time_zone="Asia/Tokyo")
    client = as_user("andy")
    page = client.post("/o/acme/bulk/", {"step": "check", "file": _csv(
        channel, f'"{ALLOW_TEXT}",{{ch}},2031-03-01 09:00')}).content.decode()
    assert 'datetime="2031-03-01T09:00:00+09:00"' in page


def test_the_auditor_may_not_bulk_schedule(as_user):
    assert as_user("audrey").get("/o/acme/bulk/").status_code == 403
