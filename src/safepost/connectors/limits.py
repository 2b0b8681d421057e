"""How long a text is on each network, counted the way that network counts it. Pure: no Django.

- X: weighted length (twitter-text v3 configuration): every URL counts 23; code points in
  U+0000-U+10FF, U+2000-U+200D, U+2010-U+201F and U+2032-U+2037 weigh 1, all others 2; an emoji
  (with its modifiers and ZWJ joins) weighs 2; the text is NFC-normalized first. 280.
  (`twitter-text-parser` on PyPI had one release, in 2023, and is not maintained: rules are here.)
- Bluesky: 300 graphemes (extended grapheme clusters, `regex` ``\\X``).
- Mastodon: 500 characters (code points); every http(s) URL counts 23; a mention
  ``@user@instance`` counts only ``@user``.
- LinkedIn 3,000, Facebook 63,206, Instagram 2,200 characters (code points).

Images (`MEDIA_LIMITS`, `media_problems`): how many per post, bytes per file, formats and, for
Instagram, the aspect ratio, each network's documented limit, checked before review.
Video (`VIDEO_LIMITS`, `video_problems`): one clip per post, without images; formats, bytes and
duration from each network's documentation (see the table's comments), checked at upload and again
before review.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import regex

__all__ = ["LIMITS", "MEDIA_LIMITS", "UNITS", "VIDEO_LIMITS", "ImageFacts", "Length", "MediaLimit", "VideoFacts",
           "VideoLimit", "measure", "x_weighted_length", "mastodon_length", "grapheme_count", "fitting_prefix",
           "over_message", "media_problems", "media_message", "video_problems"]

LIMITS = {"x": 280, "bluesky": 300, "mastodon": 500, "linkedin": 3000, "facebook": 63206,
          "instagram": 2200}
UNITS = {"x": "weighted characters", "bluesky": "graphemes"}
NETWORK_NAMES = {"x": "X", "bluesky": "Bluesky", "mastodon": "Mastodon", "linkedin": "LinkedIn",
                 "facebook": "Facebook", "instagram": "Instagram"}
URL_WEIGHT = 23

_WEIGHT_ONE = ((0, 4351), (8192, 8205), (8208, 8223), (8242, 8247))
# Generic top-level domains X links without a scheme (a common subset of twitter-text's list).
_GTLDS = ("com|org|net|edu|gov|mil|int|info|biz|io|app|dev|health|care|clinic|hospital|"
          "doctor|dental|news|blog|online|site|xyz|me|tv|ly")
_X_URL = regex.compile(
    r"(?<![\p{L}\p{N}@/.\-_])(?:"
    r"https?://[^\s<>\"]+"                                                    # with a scheme
    rf"|(?:www\.)?(?:[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?\.)+(?:{_GTLDS})\b(?:/[^\s<>\"]*)?"  # gTLD
    r"|(?:[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?\.)+[a-z]{2}/[^\s<>\"]*"           # ccTLD with a path
    r")",
    regex.IGNORECASE,
)
_TRAILING = ".,;:!?'\")]}"
_HTTP_URL = regex.compile(r"https?://[^\s<>\"]+", regex.IGNORECASE)
_REMOTE_MENTION = regex.compile(r"(?<![\w/])(@[a-z0-9_]+)@[a-z0-9.\-]+[a-z0-9]", regex.IGNORECASE)
_EMOJI = regex.compile(r"\p{Extended_Pictographic}|\p{Regional_Indicator}")


@dataclass(frozen=True)
class Length:
    platform: str
    count: int
    limit: int
    unit: str

    @property
    def over(self) -> bool:
        return bool(self.limit) and self.count > self.limit

    @property
    def over_by(self) -> int:
        return max(0, self.count - self.limit) if self.limit else 0

    @property
    def left(self) -> int:
        return self.limit - self.count


def _urls(pattern: regex.Pattern, text: str) -> list[tuple[int, int]]:
    spans = []
    for m in pattern.finditer(text):
        end = m.end()
        while end > m.start() and text[end - 1] in _TRAILING:   # "see example.com." ends at "m"
            end -= 1
        spans.append((m.start(), end))
    return spans


def _weigh(text: str) -> int:
    total = 0
    for cluster in regex.findall(r"\X", text):
        if _EMOJI.match(cluster):
            total += 2
            continue
        for char in cluster:
            code = ord(char)
            total += 1 if any(a <= code <= b for a, b in _WEIGHT_ONE) else 2
    return total


def x_weighted_length(text: str) -> int:
    text = unicodedata.normalize("NFC", text)
    total, last = 0, 0
    for start, end in _urls(_X_URL, text):
        total += _weigh(text[last:start]) + URL_WEIGHT
        last = end
    return total + _weigh(text[last:])


def mastodon_length(text: str) -> int:
    text = _REMOTE_MENTION.sub(r"\1", text)
    total, last = 0, 0
    for start, end in _urls(_HTTP_URL, text):
        total += (start - last) + URL_WEIGHT
        last = end
    return total + len(text) - last


def grapheme_count(text: str) -> int:
    return len(regex.findall(r"\X", text))


_COUNTERS = {"x": x_weighted_length, "bluesky": grapheme_count, "mastodon": mastodon_length}


def count(platform: str, text: str) -> int:
    return _COUNTERS.get(platform, len)(text)


def measure(platform: str, text: str, limit: int | None = None) -> Length:
    """`text`'s length on `platform` against `limit` (default: the network's published one)."""
    lim = LIMITS.get(platform, 0) if limit is None else limit
    return Length(platform, count(platform, text), lim, UNITS.get(platform, "characters"))


def fitting_prefix(platform: str, text: str, limit: int | None = None) -> int:
    """How many code points of `text` fit within the limit (a cut on a grapheme boundary)."""
    lim = LIMITS.get(platform, 0) if limit is None else limit
    if not lim or count(platform, text) <= lim:
        return len(text)
    bounds = [m.end() for m in regex.finditer(r"\X", text)]
    lo, hi = 0, len(bounds)            # the largest i with count(text[:bounds[i-1]]) <= lim
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if count(platform, text[:bounds[mid - 1]]) <= lim:
            lo = mid
        else:
            hi = mid - 1
    return bounds[lo - 1] if lo else 0


def over_message(length: Length, channel_name: str = "") -> str:
    """'X (channel "Clinic"): 312 weighted characters, 32 over the limit of 280.'"""
    where = NETWORK_NAMES.get(length.platform, length.platform)
    if channel_name:
        where += f' (channel "{channel_name}")'
    return (f"{where}: {length.count:,} {length.unit}, {length.over_by:,} over the limit of "
            f"{length.limit:,}")


# -- images -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class MediaLimit:
    """What a network takes as a post's images, from its documentation: how many, how large each
    file may be (0: no published limit), which formats, and for Instagram the aspect ratio."""

    images: int
    max_bytes: int
    formats: tuple[str, ...]                 # MIME types
    min_ratio: float = 0.0                   # width / height
    max_ratio: float = 0.0


MB = 1024 * 1024
_JPEG_PNG_WEBP = ("image/jpeg", "image/png", "image/webp")
MEDIA_LIMITS = {
    "bluesky": MediaLimit(4, 1_000_000, _JPEG_PNG_WEBP),       # app.bsky.embed.images: 4, blob maxSize 1,000,000
    "x": MediaLimit(4, 5 * MB, _JPEG_PNG_WEBP),                # media upload: images up to 5 MB
    "mastodon": MediaLimit(4, 16 * MB, _JPEG_PNG_WEBP),        # default instance image_size_limit
    "facebook": MediaLimit(10, 4 * MB, ("image/jpeg", "image/png")),       # Page photos: 4 MB or smaller
    "instagram": MediaLimit(10, 8 * MB, ("image/jpeg",), 0.8, 1.91),      # content publishing: JPEG, 4:5-1.91:1
    "linkedin": MediaLimit(20, 0, ("image/jpeg", "image/png")),            # Images API: JPG, PNG, GIF
}
FORMAT_NAMES = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WebP"}


@dataclass(frozen=True)
class ImageFacts:
    """One image as it will be published (the stripped copy)."""

    mime_type: str
    size: int
    width: int
    height: int


def _image_problem(limit: MediaLimit, n: int, image: ImageFacts) -> str | None:
    if image.mime_type not in limit.formats:
        kinds = " or ".join(FORMAT_NAMES.get(f, f) for f in limit.formats)
        return f"image {n} is {FORMAT_NAMES.get(image.mime_type, image.mime_type)}; it takes {kinds}"
    if limit.max_bytes and image.size > limit.max_bytes:
        return f"image {n} is {image.size:,} bytes; the limit is {limit.max_bytes:,} bytes: export it smaller"
    ratio = image.width / image.height if image.height else 0.0
    if limit.min_ratio and not limit.min_ratio <= ratio <= limit.max_ratio:
        return (f"image {n} is {image.width}×{image.height} (width/height {ratio:.2f}); it takes "
                f"{limit.min_ratio:g} (4:5) to {limit.max_ratio:g} (1.91:1)")
    return None


def media_problems(platform: str, images: list[ImageFacts]) -> list[str]:
    """What keeps `images` from being published on `platform`, one phrase each (none: they fit)."""
    limit = MEDIA_LIMITS.get(platform)
    if limit is None or not images:
        return []
    problems = [f"{len(images)} images; it takes at most {limit.images}"] if len(images) > limit.images else []
    problems += [p for n, image in enumerate(images, 1) if (p := _image_problem(limit, n, image))]
    return problems


def media_message(platform: str, problems: list[str], channel_name: str = "") -> str:
    """'Instagram (channel "Clinic"): image 1 is PNG; it takes JPEG'"""
    where = NETWORK_NAMES.get(platform, platform)
    if channel_name:
        where += f' (channel "{channel_name}")'
    return f"{where}: {'; '.join(problems)}"


# -- video ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class VideoLimit:
    """What a network takes as a post's video, from its documentation: formats (MIME types), the
    largest file (bytes), the shortest and longest clip (seconds; 0: no published limit). Every
    network takes one clip per post, and none mixes a clip with images in one post."""

    formats: tuple[str, ...]
    max_bytes: int
    max_seconds: float
    min_seconds: float = 0.0


GB = 1024 * MB
VIDEO_LIMITS = {
    # app.bsky.embed.video: blob accept video/mp4, maxSize 300,000,000 ("formerly limited to 100mb");
    # clips up to 3 minutes
    "bluesky": VideoLimit(("video/mp4",), 300_000_000, 180),
    # X media upload (tweet_video): MP4 or MOV, up to 512 MB, 0.5 s to 140 s
    "x": VideoLimit(("video/mp4", "video/quicktime"), 512 * MB, 140, 0.5),
    # Mastodon: video_size_limit 99 MB by default; MP4, MOV, WebM; no duration limit is published
    "mastodon": VideoLimit(("video/mp4", "video/quicktime", "video/webm"), 99 * MB, 0),
    # Facebook Pages /{page-id}/videos non-resumable upload: up to 1 GB and 20 minutes; MP4 or MOV
    "facebook": VideoLimit(("video/mp4", "video/quicktime"), 1 * GB, 20 * 60),
    # Instagram content publishing, REELS: MP4 or MOV, up to 300 MB, 3 s to 15 minutes
    "instagram": VideoLimit(("video/mp4", "video/quicktime"), 300 * MB, 15 * 60, 3),
    # LinkedIn Videos API: MP4, 75 KB to 500 MB, 3 s to 30 minutes
    "linkedin": VideoLimit(("video/mp4",), 500 * MB, 30 * 60, 3),
}
VIDEO_FORMAT_NAMES = {"video/mp4": "MP4", "video/quicktime": "MOV", "video/webm": "WebM"}


@dataclass(frozen=True)
class VideoFacts:
    """A clip as it will be published (the stripped copy)."""

    mime_type: str
    size: int
    duration: float


def _clock(seconds: float) -> str:
    seconds = round(seconds, 1)
    if seconds < 60:
        return f"{seconds:g} s"
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min" if not rest else f"{minutes} min {rest} s"


def video_problems(platform: str, videos: list[VideoFacts], images: int = 0) -> list[str]:
    """What keeps the clip(s) from being published on `platform`, one phrase each (none: they fit)."""
    limit = VIDEO_LIMITS.get(platform)
    if limit is None or not videos:
        return []
    problems = []
    if len(videos) > 1:
        problems.append(f"{len(videos)} videos; it takes one per post")
    if images:
        problems.append("a video and images in one post; it takes either one video or images")
    for n, clip in enumerate(videos, 1):
        name = "the video" if len(videos) == 1 else f"video {n}"
        if clip.mime_type not in limit.formats:
            kinds = " or ".join(VIDEO_FORMAT_NAMES.get(f, f) for f in limit.formats)
            problems.append(f"{name} is {VIDEO_FORMAT_NAMES.get(clip.mime_type, clip.mime_type)}; it takes {kinds}")
        elif limit.max_bytes and clip.size > limit.max_bytes:
            problems.append(f"{name} is {clip.size:,} bytes; the limit is {limit.max_bytes:,} bytes: export it smaller")
        elif limit.max_seconds and clip.duration > limit.max_seconds:
            problems.append(f"{name} lasts {_clock(clip.duration)}; the limit is {_clock(limit.max_seconds)}: "
                            f"cut it shorter")
        elif limit.min_seconds and clip.duration < limit.min_seconds:
            problems.append(f"{name} lasts {_clock(clip.duration)}; it takes at least {_clock(limit.min_seconds)}")
    return problems
