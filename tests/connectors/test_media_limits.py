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
