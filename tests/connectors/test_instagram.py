"""Instagram content publishing against recorded Graph API payloads."""

from __future__ import annotations

import pytest
from connector_helpers import image, post

from safepost.connectors import ConnectorError, InstagramConnector, RemotePost

TEXT = "Our renovated lobby is open! #ElmStreet"
IG = "/v23.0/17841405822304914"
URL = "https://cdn.example.org/lobby.png"


def connector(recorder) -> InstagramConnector:
    return InstagramConnector("17841405822304914", "ig-token", transport=recorder.transport, sleep=lambda s: None)


def happy(recorder):
    recorder.on("POST", f"{IG}/media", (200, "instagram/container_created"))
    recorder.on("GET", "/v23.0/17889615691921648", (200, "instagram/container_in_progress"), (200, "instagram/container_finished"))
    recorder.on("POST", f"{IG}/media_publish", (200, "instagram/media_published"))
    recorder.on("GET", "/v23.0/17920238422030506", (200, "instagram/permalink"))


def test_it_creates_a_container_waits_and_publishes(recorder):
    happy(recorder)
    remote = connector(recorder).publish(post(TEXT, media=(image(url=URL),)))
    assert remote == RemotePost("instagram", "17920238422030506", "https://www.instagram.com/p/DA1b2C3d4E5/")
    [container] = recorder.sent("POST", f"{IG}/media")
    assert b"image_url=https%3A%2F%2Fcdn.example.org%2Flobby.png" in container.content
    assert b"alt_text=The+new+lobby" in container.content
    assert len(recorder.sent("GET", "/v23.0/17889615691921648")) == 2
    assert recorder.sent("POST", f"{IG}/media_publish")[0].content == b"creation_id=17889615691921648"


def test_several_images_make_a_carousel(recorder):
    happy(recorder)
    connector(recorder).publish(post(TEXT, media=(image(url=URL), image(url=URL))))
    containers = recorder.sent("POST", f"{IG}/media")
    assert len(containers) == 3
    assert b"is_carousel_item=true" in containers[0].content
    assert b"media_type=CAROUSEL" in containers[2].content


def test_a_retry_finds_the_media_an_earlier_attempt_published(recorder):
    recorder.on("GET", f"{IG}/media", (200, "instagram/media_lookup"))
    remote = connector(recorder).publish(post(TEXT, attempt=2, media=(image(url=URL),)))
    assert remote.already_existed and remote.id == "17920238422030506"
    assert recorder.sent("POST", f"{IG}/media_publish") == []


def test_it_needs_a_public_image(recorder):
    with pytest.raises(ConnectorError, match="at least one image"):
        connector(recorder).publish(post(TEXT))
    with pytest.raises(ConnectorError, match="public URL"):
        connector(recorder).publish(post(TEXT, media=(image(),)))
    assert recorder.requests == []


def test_a_container_in_error_is_permanent(recorder):
    recorder.on("POST", f"{IG}/media", (200, "instagram/container_created"))
    recorder.on("GET", "/v23.0/17889615691921648", (200, "instagram/container_error"))
    with pytest.raises(ConnectorError) as info:
        connector(recorder).publish(post(TEXT, media=(image(url=URL),)))
    assert info.value.permanent and info.value.code == "invalid"


@pytest.mark.parametrize(
    "status, payload, permanent, code",
    [
        (400, "instagram/error_token_expired", True, "auth"),
        (403, "instagram/error_publishing_limit", False, "rate_limited"),
        (400, "instagram/error_rate_limit", False, "rate_limited"),
        (400, "instagram/error_media_fetch", True, "invalid"),
    ],
)
def test_it_maps_errors(recorder, status, payload, permanent, code):
    recorder.on("POST", f"{IG}/media", (status, payload))
    with pytest.raises(ConnectorError) as info:
        connector(recorder).publish(post(TEXT, media=(image(url=URL),)))
    assert (info.value.permanent, info.value.code) == (permanent, code)
    assert "lobby is open" not in info.value.message
    if not permanent:
        assert info.value.retry_after and info.value.retry_after > 0


def test_it_refuses_more_than_30_hashtags(recorder):
    with pytest.raises(ConnectorError, match="30 hashtags"):
        connector(recorder).publish(post(" ".join(f"#t{i}" for i in range(31)), media=(image(url=URL),)))


def test_it_reads_comments_and_replies_and_answers(recorder):
    recorder.on("GET", f"{IG}/media", (200, "instagram/media_comments"))
    recorder.on("POST", "/v23.0/17858893269000001/replies", (200, "instagram/reply_created"))
    c = connector(recorder)
    page = c.fetch_replies()
    comment, answer = page.items  # our own reply is left out
    assert (comment.author_handle, comment.parent_id) == ("casey.r", "17920238422030506")
    assert (answer.author_handle, answer.parent_id) == ("lee.p", "17858893269000001")
    assert page.next_cursor == "2026-03-02T15:45:00+00:00"
    assert c.reply(answer, "Thank you!").id == "17858893269000004"  # one level deep: on the comment


def test_it_reads_metrics(recorder):
    recorder.on("GET", "/v23.0/17920238422030506", (200, "instagram/media_metrics"))
    assert connector(recorder).fetch_metrics(RemotePost("instagram", "17920238422030506")) == {"likes": 42, "comments": 3}


REEL = "17889615691921649"


def test_a_video_is_published_as_a_reel_through_the_resumable_upload(recorder):
    from urllib.parse import parse_qs

    from connector_helpers import video

    recorder.on("POST", f"{IG}/media", (200, "instagram/reel_container_created"))
    recorder.on("POST", f"/ig-api-upload/v23.0/{REEL}", (200, "instagram/reel_uploaded"))
    recorder.on("GET", f"/v23.0/{REEL}", (200, "instagram/container_in_progress"), (200, "instagram/reel_finished"))
    recorder.on("POST", f"{IG}/media_publish", (200, "instagram/media_published"))
    recorder.on("GET", "/v23.0/17920238422030506", (200, "instagram/permalink"))
    clip = video()
    remote = connector(recorder).publish(post(TEXT, media=(clip,)))
    assert remote == RemotePost("instagram", "17920238422030506", "https://www.instagram.com/p/DA1b2C3d4E5/")
    [container] = recorder.sent("POST", f"{IG}/media")
    assert parse_qs(container.content.decode()) == {"media_type": ["REELS"], "caption": [TEXT],
                                                    "share_to_feed": ["true"], "upload_type": ["resumable"]}
    [upload] = recorder.sent("POST", f"/ig-api-upload/v23.0/{REEL}")
    assert upload.url.host == "rupload.facebook.com" and upload.content == clip.data
    assert (upload.headers["Authorization"], upload.headers["offset"], upload.headers["file_size"]) == (
        "OAuth ig-token", "0", str(len(clip.data)))
    assert recorder.sent("POST", f"{IG}/media_publish")[0].content == f"creation_id={REEL}".encode()


def test_a_video_with_a_public_url_is_fetched_by_instagram(recorder):
    from dataclasses import replace

    from connector_helpers import video

    recorder.on("POST", f"{IG}/media", (200, "instagram/reel_container_created"))
    recorder.on("GET", f"/v23.0/{REEL}", (200, "instagram/reel_finished"))
    recorder.on("POST", f"{IG}/media_publish", (200, "instagram/media_published"))
    recorder.on("GET", "/v23.0/17920238422030506", (200, "instagram/permalink"))
    connector(recorder).publish(post(TEXT, media=(replace(video(), url="https://cdn.example.org/tour.mp4"),)))
    assert b"video_url=https%3A%2F%2Fcdn.example.org%2Ftour.mp4" in recorder.sent("POST", f"{IG}/media")[0].content
    assert not [r for r in recorder.requests if r.url.host == "rupload.facebook.com"]


def test_a_reel_shorter_than_three_seconds_is_refused_before_any_call(recorder):
    from safepost.connectors import MediaItem

    with pytest.raises(ConnectorError, match="the video lasts 2 s; it takes at least 3 s"):
        connector(recorder).publish(post(TEXT, media=(MediaItem("video/mp4", data=b"\0" * 10, duration=2.0),)))
    assert not recorder.requests
