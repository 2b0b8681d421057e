"""Channels: which platforms, which credential fields, what a preview shows. Pure: no Django.

The connectors (safepost.connectors, no Django either) say what each platform needs and allows;
this module turns that into the questions the channel service and the compose page ask.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from safepost.connectors import CONNECTORS
from safepost.connectors.limits import (
    ImageFacts,
    Length,
    VideoFacts,
    fitting_prefix,
    measure,
    media_message,
    media_problems,
    over_message,
    video_problems,
)

PLATFORM_LABELS = {
    "bluesky": "Bluesky", "mastodon": "Mastodon", "facebook": "Facebook Page",
    "instagram": "Instagram", "linkedin": "LinkedIn page", "x": "X",
}
# Credential fields that are URLs the user typed (a PDS, a Mastodon instance): SSRF-checked.
URL_FIELDS = {"bluesky": ("service",), "mastodon": ("instance",)}
MAX_CREDENTIAL_CHARS = 4096


class Status(str, enum.Enum):
    ACTIVE = "active"
    NEEDS_RECONNECT = "needs_reconnect"   # the platform refused the stored credentials
    DISABLED = "disabled"                 # turned off by an administrator


STATUS_LABELS = {Status.ACTIVE: "Active", Status.NEEDS_RECONNECT: "Needs reconnecting",
                 Status.DISABLED: "Disabled"}


def platforms() -> list[str]:
    return [p for p in CONNECTORS if p in PLATFORM_LABELS]


def credential_refusal(platform: str, name: str, credentials: Mapping[str, Any]) -> str | None:
    """Why these credentials cannot make a channel (before any network call), or None."""
    if platform not in platforms():
        return f"Unknown platform {platform!r}; choose one of {', '.join(platforms())}."
    if not name.strip() or len(name) > 100:
        return "A channel needs a name of 1 to 100 characters."
    cls = CONNECTORS[platform]
    allowed = set(cls.credential_fields) | set(cls.optional_credential_fields)
    unknown = sorted(set(credentials) - allowed)
    if unknown:
        return f"Unknown credential field(s) for {PLATFORM_LABELS[platform]}: {', '.join(unknown)}."
    missing = [f for f in cls.credential_fields if not credentials.get(f)]
    if missing:
        return f"Missing credential field(s) for {PLATFORM_LABELS[platform]}: {', '.join(missing)}."
    for k, v in credentials.items():
        if not isinstance(v, str) or len(v) > MAX_CREDENTIAL_CHARS:
            return f"Credential field {k} must be text of at most {MAX_CREDENTIAL_CHARS} characters."
    return None


def status_after_error(code: str, permanent: bool, current: Status) -> Status:
    """A platform error changes the channel's status only when the credentials are refused."""
    if permanent and code == "auth":
        return Status.NEEDS_RECONNECT
    return current


Preview = Length     # count, limit, unit, over, over_by, left


def preview(platform: str, text: str) -> Length:
    """How long `text` is on `platform`, counted as the network counts (connectors/limits.py),
    against the connector's limit."""
    cls = CONNECTORS.get(platform)
    return measure(platform, text, cls.max_text_length if cls else 0)


@dataclass(frozen=True)
class NetworkPreview:
    """How the post will look on one channel: the part that fits and the part cut off."""
    length: Length
    shown: str
    cut: str


def network_preview(platform: str, text: str) -> NetworkPreview:
    length = preview(platform, text)
    at = fitting_prefix(platform, text, length.limit) if length.over else len(text)
    return NetworkPreview(length, text[:at], text[at:])


def over_limit_messages(channels: list[tuple[str, str]], text: str) -> tuple[str, ...]:
    """For (platform, channel name) pairs: one sentence per channel the text is too long for."""
    out = []
    for platform, name in channels:
        length = preview(platform, text)
        if length.over:
            out.append(over_message(length, name))
    return tuple(out)


def media_limit_messages(channels: list[tuple[str, str]], images: list[ImageFacts],
                         videos: list[VideoFacts] = ()) -> tuple[str, ...]:
    """For (platform, channel name) pairs: one sentence per channel that cannot take the images
    (how many, bytes, format, aspect ratio: connectors/limits.py `MEDIA_LIMITS`) or the video
    (format, bytes, duration, one per post and no images beside it: `VIDEO_LIMITS`)."""
    out = []
    for platform, name in channels:
        problems = media_problems(platform, images) if not videos else []
        problems += video_problems(platform, list(videos), images=len(images))
        if problems:
            out.append(media_message(platform, problems, name))
    return tuple(out)
