"""Each network's limits on a post's images (connectors/limits.py `MEDIA_LIMITS`): how many, bytes
per file, formats and Instagram's aspect ratio, one phrase per problem."""

from __future__ import annotations

import pytest

from safepost.connectors import CONNECTORS
from safepost.connectors.limits import (
    MB,
    MEDIA_LIMITS,
    ImageFacts,
    media_message,
    media_problems,
)

JPEG = ImageFacts("image/jpeg", 200_000, 1080, 1080)


@pytest.mark.parametrize("platform,images,problems", [
    ("bluesky", [JPEG] * 4, []),
    ("bluesky", [JPEG] * 5, ["5 images; it takes at most 4"]),
    ("bluesky", [ImageFacts("image/jpeg", 1_000_001, 800, 600)], ["image 1 is 1,000,001 bytes; the limit is 1,000,000 bytes: export it smaller"]),
    ("x", [JPEG, ImageFacts("image/png", 6 * MB, 800, 600)], ["image 2 is 6,291,456 bytes; the limit is 5,242,880 bytes: export it smaller"]),
    ("mastodon", [ImageFacts("image/webp", 15 * MB, 4000, 3000)], []),
    ("facebook", [ImageFacts("image/webp", 100, 800, 600)], ["image 1 is WebP; it takes JPEG or PNG"]),
    ("instagram", [ImageFacts("image/png", 100, 1080, 1080)], ["image 1 is PNG; it takes JPEG"]),
    ("instagram", [ImageFacts("image/jpeg", 100, 1080, 1350)], []),                 # 4:5
    ("instagram", [ImageFacts("image/jpeg", 100, 1080, 566)], []),                  # 1.91:1
    ("instagram", [ImageFacts("image/jpeg", 100, 1080, 1920)],
     ["image 1 is 1080×1920 (width/height 0.56); it takes 0.8 (4:5) to 1.91 (1.91:1)"]),
    ("instagram", [ImageFacts("image/jpeg", 9 * MB, 900, 240)],
     ["image 1 is 9,437,184 bytes; the limit is 8,388,608 bytes: export it smaller"]),                                    # the first problem of an image
    ("linkedin", [ImageFacts("image/jpeg", 80 * MB, 8000, 4000)] * 20, []),
    ("linkedin", [], []),
    ("somewhere", [JPEG] * 50, []),                                                  # no published limit
], ids=lambda v: v if isinstance(v, str) else None)
def test_problems(platform, images, problems):
    assert media_problems(platform, images) == problems


def test_the_message_names_the_network_and_the_channel():
    assert media_message("instagram", ["image 1 is PNG; it takes JPEG"], "Clinic") == \
        'Instagram (channel "Clinic"): image 1 is PNG; it takes JPEG'


def test_every_connector_has_media_limits_that_agree_with_its_image_count():
    for platform, cls in CONNECTORS.items():
        assert MEDIA_LIMITS[platform].images == cls.max_images, platform


# -- video (VIDEO_LIMITS) -----------------------------------------------------------------------
from safepost.connectors.limits import VIDEO_LIMITS, VideoFacts, video_problems  # noqa: E402

MP4 = VideoFacts("video/mp4", 5_000_000, 30.0)


@pytest.mark.parametrize("platform,videos,images,problems", [
    ("bluesky", [MP4], 0, []),
    ("bluesky", [VideoFacts("video/quicktime", 100, 10)], 0, ["the video is MOV; it takes MP4"]),
    ("bluesky", [VideoFacts("video/mp4", 300_000_001, 10)], 0,
     ["the video is 300,000,001 bytes; the limit is 300,000,000 bytes: export it smaller"]),
    ("bluesky", [VideoFacts("video/mp4", 100, 181)], 0, ["the video lasts 3 min 1 s; the limit is 3 min: cut it shorter"]),
    ("x", [VideoFacts("video/quicktime", 100, 140)], 0, []),
    ("x", [VideoFacts("video/mp4", 100, 0.3)], 0, ["the video lasts 0.3 s; it takes at least 0.5 s"]),
    ("x", [VideoFacts("video/webm", 100, 10)], 0, ["the video is WebM; it takes MP4 or MOV"]),
    ("mastodon", [VideoFacts("video/webm", 98 * MB, 3600)], 0, []),
    ("mastodon", [VideoFacts("video/webm", 100 * MB, 10)], 0,
     ["the video is 104,857,600 bytes; the limit is 103,809,024 bytes: export it smaller"]),
    ("instagram", [VideoFacts("video/mp4", 100, 2)], 0, ["the video lasts 2 s; it takes at least 3 s"]),
    ("instagram", [VideoFacts("video/mp4", 100, 901)], 0, ["the video lasts 15 min 1 s; the limit is 15 min: cut it shorter"]),
    ("linkedin", [VideoFacts("video/mp4", 501 * MB, 60)], 0,
     ["the video is 525,336,576 bytes; the limit is 524,288,000 bytes: export it smaller"]),
    ("facebook", [VideoFacts("video/mp4", 100, 20 * 60 + 1)], 0,
     ["the video lasts 20 min 1 s; the limit is 20 min: cut it shorter"]),
    ("facebook", [MP4, MP4], 0, ["2 videos; it takes one per post"]),
    ("mastodon", [MP4], 2, ["a video and images in one post; it takes either one video or images"]),
    ("somewhere", [VideoFacts("video/webm", 10**12, 10**6)], 0, []),
], ids=lambda v: v if isinstance(v, str) else None)
def test_video_problems(platform, videos, images, problems):
    assert video_problems(platform, videos, images=images) == problems


def test_every_connector_has_video_limits():
    assert set(VIDEO_LIMITS) == set(CONNECTORS)


def test_a_connector_refuses_a_clip_over_its_networks_limit_before_any_call():
    from datetime import datetime, timezone

    from safepost.connectors import ConnectorError, MediaItem, OutboundPost
    from safepost.connectors.x import XConnector

    clip = MediaItem("video/mp4", data=b"\0" * 10, duration=141.0)
    post = OutboundPost("p:c", "Hello", datetime.now(timezone.utc), media=(clip,))
    with pytest.raises(ConnectorError, match="the video lasts 2 min 21 s; the limit is 2 min 20 s") as e:
        XConnector(access_token="t").publish(post)
    assert e.value.permanent and e.value.code == "invalid"
