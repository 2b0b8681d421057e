"""Shared bits for the recorded-payload connector tests."""

from __future__ import annotations

from datetime import datetime, timezone

from safepost.connectors import MediaItem, OutboundPost

FIRST_ATTEMPT = datetime(2026, 3, 2, 15, 0, 0, tzinfo=timezone.utc)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def post(text: str, *, attempt: int = 1, media: tuple[MediaItem, ...] = (), key: str = "post-1:chan-1") -> OutboundPost:
    return OutboundPost(key=key, text=text, first_attempt_at=FIRST_ATTEMPT, media=media, attempt=attempt)


def image(alt: str = "The new lobby", url: str | None = None) -> MediaItem:
    return MediaItem(mime_type="image/png", alt_text=alt, data=PNG, url=url)


def video(alt: str = "A walk through the lobby", size: int = 9_000_000, mime: str = "video/mp4") -> MediaItem:
    """Bytes that stand for a clip (the recorded platforms do not decode them)."""
    return MediaItem(mime_type=mime, alt_text=alt, data=bytes(range(256)) * (size // 256), width=1280, height=720,
                     duration=12.0)
