"""The shared interface: dataclasses, errors, helpers, and the layering rule."""

from __future__ import annotations

import ast
from datetime import datetime, timezone
from pathlib import Path

import pytest
from connector_helpers import FIRST_ATTEMPT

import safepost.connectors as connectors
from safepost.connectors import CONNECTORS, ConnectorError, InboundItem, OutboundPost, RemotePost, connector_for
from safepost.connectors.base import count_graphemes, parse_datetime, parse_retry_after, scrub_text


def test_every_platform_is_registered():
    assert sorted(CONNECTORS) == ["bluesky", "facebook", "instagram", "linkedin", "mastodon", "x"]


def test_all_is_sorted_and_complete():
    assert connectors.__all__ == sorted(connectors.__all__)
    assert all(hasattr(connectors, name) for name in connectors.__all__)


def test_connector_for_builds_from_stored_credentials():
    c = connector_for("x", {"access_token": "t", "user_id": "1", "ignored": "?"})
    assert c.platform == "x"
    with pytest.raises(ConnectorError) as info:
        connector_for("facebook", {"page_id": "1"})
    assert info.value.permanent and "page_access_token" in info.value.message
    with pytest.raises(ConnectorError):
        connector_for("myspace", {})


def test_post_text_stays_out_of_reprs():
    post = OutboundPost("k", "Maria Lopez, hip replacement", FIRST_ATTEMPT)
    item = InboundItem("x", "1", "reply", "robin", "my MRN is 12345", FIRST_ATTEMPT)
    assert "Maria" not in repr(post) and "MRN" not in repr(item)


def test_outbound_posts_need_an_aware_first_attempt():
    with pytest.raises(ValueError):
        OutboundPost("k", "t", datetime(2026, 1, 1))
    with pytest.raises(ValueError):
        OutboundPost("", "t", FIRST_ATTEMPT)


def test_records_round_trip_through_dicts():
    remote = RemotePost("bluesky", "at://did:plc:x/app.bsky.feed.post/3l", "https://bsky.app/x", "bafy", True)
    assert RemotePost.from_dict(remote.to_dict()) == remote
    item = InboundItem("x", "1", "reply", "robin", "hello", FIRST_ATTEMPT, parent_id="0")
    assert InboundItem.from_dict(item.to_dict()) == item


def test_scrub_removes_echoed_post_text():
    text = "Congratulations Maria Lopez\non your new hip"
    message = "Validation failed: 'Congratulations Maria Lopez' on your new hip is too long"
    assert "Maria" not in scrub_text(message, [text])


@pytest.mark.parametrize(
    "headers, expected",
    [
        ({"retry-after": "120"}, 120.0),
        ({"retry-after": "Fri, 01 Jan 2100 00:00:00 GMT"}, "future"),
        ({"ratelimit-reset": "1000000100"}, 100.0),
        ({"x-ratelimit-reset": "2001-09-09T01:48:20.000Z"}, 100.0),
        ({"x-rate-limit-reset": "60"}, 60.0),
        ({}, None),
    ],
)
def test_retry_after_parsing(headers, expected):
    value = parse_retry_after(headers, now=1_000_000_000.0)
    if expected == "future":
        assert value > 1e9
    else:
        assert value == expected


def test_dates_and_graphemes():
    assert parse_datetime("2026-03-02T15:00:02+0000") == datetime(2026, 3, 2, 15, 0, 2, tzinfo=timezone.utc)
    assert parse_datetime("2026-03-02T15:00:02Z").tzinfo is not None
    assert count_graphemes("e\u0301\U0001F468\u200d\U0001F469\u200d\U0001F467") == 2


def test_connectors_never_import_django():
    root = Path(connectors.__file__).parent
    for path in root.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            assert not any(n.split(".")[0] == "django" for n in names), path.name
