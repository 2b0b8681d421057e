"""Mastodon against recorded API payloads (docs.joinmastodon.org)."""

from __future__ import annotations

import json

import pytest
from connector_helpers import image, post

from safepost.connectors import ConnectorError, InboundItem, MastodonConnector, RemotePost

TEXT = "Flu shots this Saturday at Elm St. https://example.org/flu"


def connector(recorder, **kw) -> MastodonConnector:
    return MastodonConnector("https://mastodon.example", "token-abc", transport=recorder.transport, sleep=lambda s: None, **kw)


def test_it_publishes_with_an_idempotency_key(recorder):
    recorder.on("POST", "/api/v1/statuses", (200, "mastodon/status_created"))
    remote = connector(recorder).publish(post(TEXT))

    assert remote == RemotePost("mastodon", "113401231", "https://mastodon.example/@elmclinic/113401231")
    [sent] = recorder.sent("POST", "/api/v1/statuses")
    assert sent.headers["Idempotency-Key"] == "post-1:chan-1"
    assert sent.headers["Authorization"] == "Bearer token-abc"
    assert json.loads(sent.content) == {"status": TEXT, "visibility": "public"}


def test_it_uploads_images_with_alt_text_and_waits_for_processing(recorder):
    recorder.on("POST", "/api/v2/media", (202, "mastodon/media_processing"))
    recorder.on("GET", "/api/v1/media/22348641", (206, "mastodon/media_processing"), (200, "mastodon/media_ready"))
    recorder.on("POST", "/api/v1/statuses", (200, "mastodon/status_created"))

    connector(recorder).publish(post(TEXT, media=(image(),)))

    [upload] = recorder.sent("POST", "/api/v2/media")
    assert b'name="description"\r\n\r\nThe new lobby' in upload.content
    assert len(recorder.sent("GET", "/api/v1/media/22348641")) == 2
    assert json.loads(recorder.sent("POST", "/api/v1/statuses")[0].content)["media_ids"] == ["22348641"]


def test_a_retry_finds_the_status_an_earlier_attempt_made(recorder):
    recorder.on("GET", "/api/v1/accounts/verify_credentials", (200, "mastodon/verify_credentials"))
    recorder.on("GET", "/api/v1/accounts/109348/statuses", (200, "mastodon/own_statuses"))

    remote = connector(recorder).publish(post(TEXT, attempt=2))

    assert remote.id == "113401231" and remote.already_existed
    assert recorder.sent("POST", "/api/v1/statuses") == []


def test_a_retry_publishes_when_no_earlier_attempt_succeeded(recorder):
    recorder.on("GET", "/api/v1/accounts/verify_credentials", (200, "mastodon/verify_credentials"))
    recorder.on("GET", "/api/v1/accounts/109348/statuses", (200, []))
    recorder.on("POST", "/api/v1/statuses", (200, "mastodon/status_created"))
    remote = connector(recorder).publish(post(TEXT, attempt=3))
    assert not remote.already_existed and len(recorder.sent("POST", "/api/v1/statuses")) == 1


@pytest.mark.parametrize(
    "status, payload, headers, permanent, code, retry_after",
    [
        (401, "mastodon/error_token", {}, True, "auth", None),
        (429, "mastodon/error_rate_limit", {"X-RateLimit-Reset": "2099-01-01T00:00:00.000Z"}, False, "rate_limited", "large"),
        (422, "mastodon/error_validation", {}, True, "invalid", None),
        (503, "mastodon/error_unavailable", {"Retry-After": "30"}, False, "server_error", 30.0),
    ],
)
def test_it_maps_errors(recorder, status, payload, headers, permanent, code, retry_after):
    recorder.on("POST", "/api/v1/statuses", (status, payload, headers))
    with pytest.raises(ConnectorError) as info:
        connector(recorder).publish(post(TEXT))
    error = info.value
    assert (error.permanent, error.code, error.status) == (permanent, code, status)
    if retry_after == "large":
        assert error.retry_after > 3600
    else:
        assert error.retry_after == retry_after
    assert "Flu shots" not in error.message


def test_it_refuses_text_over_the_instance_limit_before_calling(recorder):
    with pytest.raises(ConnectorError) as info:
        connector(recorder, max_characters=20).publish(post("Patient Jane Roe had her surgery today"))
    assert info.value.permanent and "Jane" not in info.value.message and recorder.requests == []


def test_it_reads_mentions_and_replies_forward_from_a_cursor(recorder):
    recorder.on("GET", "/api/v1/notifications", (200, "mastodon/notifications"), (200, []))
    page = connector(recorder).fetch_replies("3400")

    assert page.next_cursor == "3402"
    reply, mention = page.items
    assert reply == InboundItem(
        platform="mastodon",
        id="113401290",
        kind="reply",
        author_handle="jordan@other.example",
        author_id="110987",
        text="@elmclinic Will there be shots for kids?",
        created_at=reply.created_at,
        parent_id="113401231",
        url="https://other.example/@jordan/1",
    )
    assert mention.kind == "mention" and mention.parent_id is None
    first = recorder.requests[0].url.params
    assert first.get_list("types[]") == ["mention"] and first["min_id"] == "3400"
    assert recorder.requests[1].url.params["min_id"] == "3402"


def test_it_reads_metrics_and_deletes(recorder):
    recorder.on("GET", "/api/v1/statuses/113401231", (200, "mastodon/status_metrics"))
    recorder.on("DELETE", "/api/v1/statuses/113401231", (200, "mastodon/status_created"), (404, "mastodon/error_not_found"))
    c = connector(recorder)
    remote = RemotePost("mastodon", "113401231")
    assert c.fetch_metrics(remote) == {"favourites": 12, "reblogs": 4, "replies": 1}
    c.delete(remote)
    c.delete(remote)  # already gone


def test_it_replies_in_the_thread(recorder):
    recorder.on("POST", "/api/v1/statuses", (200, "mastodon/status_created"))
    item = InboundItem("mastodon", "113401290", "reply", "jordan@other.example", "hi", post("x").first_attempt_at)
    connector(recorder).reply(item, "Yes, all ages.", key="reply-9")
    [sent] = recorder.sent("POST", "/api/v1/statuses")
    assert json.loads(sent.content)["in_reply_to_id"] == "113401290"
    assert sent.headers["Idempotency-Key"] == "reply-9"


def test_it_uploads_a_video_and_waits_until_it_is_processed(recorder):
    from connector_helpers import video

    recorder.on("POST", "/api/v2/media", (202, "mastodon/video_processing"))
    recorder.on("GET", "/api/v1/media/22348642", (206, None), (200, "mastodon/video_processing"),
                (200, "mastodon/video_ready"))
    recorder.on("POST", "/api/v1/statuses", (200, "mastodon/status_created"))
    clip = video()
    connector(recorder).publish(post(TEXT, media=(clip,)))
    [upload] = recorder.sent("POST", "/api/v2/media")
    assert b'name="description"\r\n\r\nA walk through the lobby' in upload.content
    assert b'filename="video"\r\nContent-Type: video/mp4' in upload.content and clip.data[:4096] in upload.content
    assert len(recorder.sent("GET", "/api/v1/media/22348642")) == 3
    assert json.loads(recorder.sent("POST", "/api/v1/statuses")[0].content)["media_ids"] == ["22348642"]
