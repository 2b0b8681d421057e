"""X API v2 against recorded payloads."""

from __future__ import annotations

import json

import pytest
from connector_helpers import image, post

from safepost.connectors import ConnectorError, RemotePost, XConnector
from safepost.connectors.x import weighted_length

TEXT = "Flu shots this Saturday at Elm St. https://example.org/flu"
ME = "1460123456789012345"


def connector(recorder, **kw) -> XConnector:
    return XConnector("x-token", user_id=ME, transport=recorder.transport, **kw)


def test_it_posts(recorder):
    recorder.on("POST", "/2/tweets", (201, "x/tweet_created"))
    remote = connector(recorder).publish(post(TEXT))
    assert remote == RemotePost("x", "1880031234567890123", "https://x.com/i/web/status/1880031234567890123")
    [sent] = recorder.sent("POST", "/2/tweets")
    assert json.loads(sent.content) == {"text": TEXT} and sent.headers["Authorization"] == "Bearer x-token"


def test_it_uploads_images_with_alt_text(recorder):
    recorder.on("POST", "/2/media/upload", (200, "x/media_uploaded"))
    recorder.on("POST", "/2/media/metadata", (200, "x/media_metadata"))
    recorder.on("POST", "/2/tweets", (201, "x/tweet_created"))
    connector(recorder).publish(post(TEXT, media=(image(),)))
    assert b'name="media_category"\r\n\r\ntweet_image' in recorder.sent("POST", "/2/media/upload")[0].content
    assert json.loads(recorder.sent("POST", "/2/media/metadata")[0].content) == {
        "id": "1880028106020515840",
        "metadata": {"alt_text": {"text": "The new lobby"}},
    }
    assert json.loads(recorder.sent("POST", "/2/tweets")[0].content)["media"] == {"media_ids": ["1880028106020515840"]}


def test_a_retry_finds_the_post_an_earlier_attempt_made(recorder):
    recorder.on("GET", f"/2/users/{ME}/tweets", (200, "x/user_tweets"))
    remote = connector(recorder).publish(post(TEXT, attempt=2))
    assert remote.already_existed and remote.id == "1880031234567890123"  # matched through the t.co expansion
    assert recorder.sent("POST", "/2/tweets") == []
    assert recorder.requests[0].url.params["start_time"] == "2026-03-02T14:55:00Z"


def test_a_duplicate_that_is_our_own_earlier_attempt_counts_as_published(recorder):
    recorder.on("POST", "/2/tweets", (403, "x/error_duplicate"))
    recorder.on("GET", f"/2/users/{ME}/tweets", (200, "x/user_tweets"))
    remote = connector(recorder).publish(post(TEXT))
    assert remote.already_existed and remote.id == "1880031234567890123"


def test_a_duplicate_of_something_else_is_a_clear_permanent_error(recorder):
    recorder.on("POST", "/2/tweets", (403, "x/error_duplicate"))
    recorder.on("GET", f"/2/users/{ME}/tweets", (200, "x/user_tweets_other"))
    with pytest.raises(ConnectorError) as info:
        connector(recorder).publish(post(TEXT))
    assert info.value.permanent and info.value.code == "duplicate"
    assert "duplicate content" in info.value.message and "Flu shots" not in info.value.message


def test_an_expired_token_is_refreshed_once(recorder):
    saved = []
    recorder.on("POST", "/2/tweets", (401, "x/error_unauthorized"), (201, "x/tweet_created"))
    recorder.on("POST", "/2/oauth2/token", (200, "x/oauth_refreshed"))
    c = connector(recorder, refresh_token="old-refresh", client_id="client-1", on_tokens=saved.append)
    assert c.publish(post(TEXT)).id == "1880031234567890123"
    assert saved == [{"access_token": "bmV3LWFjY2Vzcy10b2tlbg", "refresh_token": "bmV3LXJlZnJlc2gtdG9rZW4"}]
    assert recorder.sent("POST", "/2/tweets")[1].headers["Authorization"] == "Bearer bmV3LWFjY2Vzcy10b2tlbg"


def test_an_expired_token_that_cannot_be_refreshed_needs_a_reconnect(recorder):
    recorder.on("POST", "/2/tweets", (401, "x/error_unauthorized"))
    recorder.on("POST", "/2/oauth2/token", (400, "x/oauth_invalid_grant"))
    for c in (connector(recorder), connector(recorder, refresh_token="r", client_id="c")):
        with pytest.raises(ConnectorError) as info:
            c.publish(post(TEXT))
        assert info.value.permanent and info.value.needs_reconnect


def test_a_rate_limit_waits_until_the_reset(recorder):
    recorder.on("POST", "/2/tweets", (429, "x/error_rate_limit", {"x-rate-limit-limit": "200", "x-rate-limit-remaining": "0", "x-rate-limit-reset": "4102444800"}))
    with pytest.raises(ConnectorError) as info:
        connector(recorder).publish(post(TEXT))
    assert not info.value.permanent and info.value.code == "rate_limited" and info.value.retry_after > 3600


def test_the_daily_cap_reset_wins_when_it_is_spent(recorder):
    headers = {"x-rate-limit-reset": "1", "x-user-limit-24hour-remaining": "0", "x-user-limit-24hour-reset": "4102444800"}
    recorder.on("POST", "/2/tweets", (429, "x/error_rate_limit", headers))
    with pytest.raises(ConnectorError) as info:
        connector(recorder).publish(post(TEXT))
    assert info.value.retry_after > 86400


def test_service_unavailable_is_transient(recorder):
    recorder.on("POST", "/2/tweets", (503, "x/error_service_unavailable"))
    with pytest.raises(ConnectorError) as info:
        connector(recorder).publish(post(TEXT))
    assert not info.value.permanent and info.value.code == "server_error"


def test_it_counts_weighted_characters():
    assert weighted_length("a" * 280) == 280
    assert weighted_length("https://example.org/" + "x" * 100) == 23
    assert weighted_length("日本") == 4
    with pytest.raises(ConnectorError, match="281 weighted"):
        XConnector("t", user_id=ME).publish(post("a" * 281))


def test_it_reads_mentions_since_the_newest_id(recorder):
    recorder.on("GET", f"/2/users/{ME}/mentions", (200, "x/mentions"))
    page = connector(recorder).fetch_replies("1880000000000000000")
    reply, mention = page.items
    assert (reply.kind, reply.parent_id, reply.author_handle) == ("reply", "1880031234567890123", "robin_q")
    assert reply.url == "https://x.com/robin_q/status/1880040000000000001"
    assert (mention.kind, mention.parent_id) == ("mention", None)
    assert page.next_cursor == "1880040000000000002"
    assert recorder.requests[0].url.params["since_id"] == "1880000000000000000"


def test_it_reads_metrics_replies_and_deletes(recorder):
    recorder.on("GET", "/2/tweets/1880031234567890123", (200, "x/tweet_metrics"))
    recorder.on("DELETE", "/2/tweets/1880031234567890123", (200, "x/tweet_deleted"), (404, "x/error_not_found"))
    recorder.on("GET", f"/2/users/{ME}/mentions", (200, "x/mentions"))
    recorder.on("POST", "/2/tweets", (201, "x/tweet_created"))
    c = connector(recorder)
    remote = RemotePost("x", "1880031234567890123")
    assert c.fetch_metrics(remote)["likes"] == 31 and c.fetch_metrics(remote)["impressions"] == 1520
    item = c.fetch_replies().items[0]
    c.reply(item, "Yes, 9 to 5.")
    assert json.loads(recorder.sent("POST", "/2/tweets")[0].content)["reply"] == {"in_reply_to_tweet_id": item.id}
    c.delete(remote)
    c.delete(remote)


def test_it_uploads_a_video_in_chunks_waits_for_processing_and_posts_it(recorder):
    from connector_helpers import video

    sleeps = []
    clip = video()
    recorder.on("POST", "/2/media/upload/initialize", (200, "x/video_initialized"))
    recorder.on("POST", "/2/media/upload/1880028106020515841/append", (200, {}))
    recorder.on("POST", "/2/media/upload/1880028106020515841/finalize", (200, "x/video_finalized"))
    recorder.on("GET", "/2/media/upload", (200, "x/video_status_in_progress"), (200, "x/video_status_succeeded"))
    recorder.on("POST", "/2/media/metadata", (200, "x/media_metadata"))
    recorder.on("POST", "/2/tweets", (201, "x/tweet_created"))
    connector(recorder, sleep=sleeps.append).publish(post(TEXT, media=(clip,)))
    init = json.loads(recorder.sent("POST", "/2/media/upload/initialize")[0].content)
    assert init == {"media_type": "video/mp4", "total_bytes": len(clip.data), "media_category": "tweet_video"}
    chunks = recorder.sent("POST", "/2/media/upload/1880028106020515841/append")
    assert len(chunks) == 3                                    # 9,000,000 bytes in chunks of 4 MiB
    assert [b'name="segment_index"\r\n\r\n%d' % i in c.content for i, c in enumerate(chunks)] == [True] * 3
    assert sum(len(c.content) for c in chunks) > len(clip.data)
    statuses = recorder.sent("GET", "/2/media/upload")
    assert len(statuses) == 2 and statuses[0].url.params["command"] == "STATUS"
    assert sleeps == [1.0, 2.0]                                # check_after_secs, each time
    assert json.loads(recorder.sent("POST", "/2/media/metadata")[0].content)["metadata"] == {
        "alt_text": {"text": "A walk through the lobby"}}
    assert json.loads(recorder.sent("POST", "/2/tweets")[0].content)["media"] == {"media_ids": ["1880028106020515841"]}


def test_a_video_x_cannot_process_is_a_permanent_error_and_nothing_is_posted(recorder):
    from connector_helpers import video

    recorder.on("POST", "/2/media/upload/initialize", (200, "x/video_initialized"))
    recorder.on("POST", "/2/media/upload/1880028106020515841/append", (200, {}))
    recorder.on("POST", "/2/media/upload/1880028106020515841/finalize", (200, "x/video_finalized"))
    recorder.on("GET", "/2/media/upload", (200, "x/video_status_failed"))
    with pytest.raises(ConnectorError, match="InvalidMedia") as e:
        connector(recorder, sleep=lambda s: None).publish(post(TEXT, media=(video(alt=""),)))
    assert e.value.permanent and not recorder.sent("POST", "/2/tweets")
