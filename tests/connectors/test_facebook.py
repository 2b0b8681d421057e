"""Facebook Pages against recorded Graph API payloads."""

from __future__ import annotations


import pytest
from connector_helpers import image, post

from safepost.connectors import ConnectorError, FacebookConnector, RemotePost

TEXT = "Flu shots this Saturday at Elm St."
FEED = "/v23.0/104216458/feed"


def connector(recorder) -> FacebookConnector:
    return FacebookConnector("104216458", "page-token", transport=recorder.transport)


def test_it_publishes_to_the_page_feed(recorder):
    recorder.on("POST", FEED, (200, "facebook/feed_created"))
    remote = connector(recorder).publish(post(TEXT))
    assert remote == RemotePost("facebook", "104216458_122109999", "https://www.facebook.com/104216458_122109999")
    [sent] = recorder.sent("POST", FEED)
    assert sent.headers["Authorization"] == "Bearer page-token"
    assert b"message=Flu+shots" in sent.content and b"page-token" not in sent.url.query


def test_it_attaches_unpublished_photos_with_alt_text(recorder):
    recorder.on("POST", "/v23.0/104216458/photos", (200, "facebook/photo_unpublished"))
    recorder.on("POST", FEED, (200, "facebook/feed_created"))
    connector(recorder).publish(post(TEXT, media=(image(),)))
    [photo] = recorder.sent("POST", "/v23.0/104216458/photos")
    assert b'name="published"\r\n\r\nfalse' in photo.content and b"The new lobby" in photo.content
    [feed] = recorder.sent("POST", FEED)
    assert b"attached_media%5B0%5D=%7B%22media_fbid%22%3A+%22122101010%22%7D" in feed.content


def test_a_retry_finds_the_post_an_earlier_attempt_made(recorder):
    recorder.on("GET", "/v23.0/104216458/published_posts", (200, "facebook/published_posts_lookup"))
    remote = connector(recorder).publish(post(TEXT, attempt=2))
    assert remote.already_existed and remote.id == "104216458_122109999"
    assert recorder.sent("POST", FEED) == []
    assert int(recorder.requests[0].url.params["since"]) == 1772463300  # first attempt - 5 min


@pytest.mark.parametrize(
    "status, payload, headers, permanent, code, retry_after",
    [
        (400, "facebook/error_token_expired", {}, True, "auth", None),
        (403, "facebook/error_rate_limit", {"X-Page-Usage": '{"call_count":100,"total_cputime":10,"total_time":12,"estimated_time_to_regain_access":7}'}, False, "rate_limited", 420.0),
        (400, "facebook/error_duplicate", {}, True, "duplicate", None),
        (500, "facebook/error_transient", {}, False, "server_error", None),
        (403, "facebook/error_permission", {}, True, "forbidden", None),
    ],
)
def test_it_maps_graph_errors(recorder, status, payload, headers, permanent, code, retry_after):
    recorder.on("POST", FEED, (status, payload, headers))
    with pytest.raises(ConnectorError) as info:
        connector(recorder).publish(post(TEXT))
    error = info.value
    assert (error.permanent, error.code, error.retry_after) == (permanent, code, retry_after)
    assert TEXT not in error.message


def test_a_rate_limit_without_usage_headers_waits_a_default(recorder):
    recorder.on("POST", FEED, (400, "facebook/error_rate_limit"))
    with pytest.raises(ConnectorError) as info:
        connector(recorder).publish(post(TEXT))
    assert info.value.retry_after == 300.0 and not info.value.permanent


def test_it_reads_comments_since_a_cursor_without_our_own(recorder):
    recorder.on("GET", "/v23.0/104216458/published_posts", (200, "facebook/published_posts_comments"))
    page = connector(recorder).fetch_replies("2026-03-02T15:05:00+00:00")
    [item] = page.items
    assert (item.id, item.kind, item.author_handle, item.parent_id) == ("122109999_900001", "comment", "Sam Rivera", "104216458_122109999")
    assert item.text == "Is the clinic open late?"
    assert page.next_cursor == "2026-03-02T15:10:00+00:00"
    assert "comments.filter(stream)" in recorder.requests[0].url.params["fields"]
    assert connector(recorder).fetch_replies(page.next_cursor).items == []


def test_it_reads_metrics_replies_and_deletes(recorder):
    recorder.on("GET", "/v23.0/104216458_122109999", (200, "facebook/post_metrics"))
    recorder.on("DELETE", "/v23.0/104216458_122109999", (200, "facebook/delete_ok"), (400, "facebook/error_not_found"))
    recorder.on("POST", "/v23.0/122109999_900001/comments", (200, "facebook/comment_created"))
    recorder.on("GET", "/v23.0/104216458/published_posts", (200, "facebook/published_posts_comments"))
    c = connector(recorder)
    remote = RemotePost("facebook", "104216458_122109999")
    assert c.fetch_metrics(remote) == {"reactions": 17, "comments": 2, "shares": 3}
    [item] = c.fetch_replies().items
    assert c.reply(item, "Yes, until 8 pm.").id == "122109999_900003"
    c.delete(remote)
    c.delete(remote)  # already gone


def test_it_publishes_a_video_to_the_page_with_the_text_as_its_description(recorder):
    from connector_helpers import video

    recorder.on("POST", "/v23.0/104216458/videos", (200, "facebook/video_uploaded"))
    clip = video()
    remote = connector(recorder).publish(post(TEXT, media=(clip,)))
    assert remote.id == "1029384756102938"
    assert remote.url == "https://www.facebook.com/104216458/videos/1029384756102938"
    [sent] = recorder.sent("POST", "/v23.0/104216458/videos")
    assert b'name="description"\r\n\r\n' + TEXT.encode() in sent.content
    assert b'name="source"; filename="video"\r\nContent-Type: video/mp4' in sent.content and clip.data[:4096] in sent.content
    assert sent.headers["Authorization"] == "Bearer page-token"
    assert not recorder.sent("POST", FEED)


def test_a_video_over_the_pages_limit_is_refused_before_any_call(recorder):
    from safepost.connectors import MediaItem

    long_clip = MediaItem("video/mp4", data=b"\0" * 10, duration=21 * 60.0)
    with pytest.raises(ConnectorError, match="the video lasts 21 min; the limit is 20 min"):
        connector(recorder).publish(post(TEXT, media=(long_clip,)))
    assert not recorder.requests
