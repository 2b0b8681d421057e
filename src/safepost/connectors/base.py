"""The one small interface every platform connector implements.

Plain dataclasses go in and out; no Django here. A connector is bound to one connected account
(a channel) and talks to its platform over ``httpx``; tests swap the transport for
``httpx.MockTransport`` (or, for Bluesky, a real local PDS).

Errors form one tree::

    ConnectorError(message, permanent, retry_after, code)
      permanent=True   the same call will fail again: the channel needs attention
                       (code "auth": credentials expired or revoked -> reconnect;
                        "duplicate": the platform refuses the same content twice;
                        "invalid": the platform refused the content or request;
                        "not_found": the remote object no longer exists;
                        "forbidden": missing permission/scope; "refused_host": SSRF guard)
      permanent=False  try again later, after ``retry_after`` seconds when the platform says
                       ("rate_limited", "server_error", "network", "timeout")

Messages never contain the text of a post or reply (it may hold PHI): connectors build them
from status codes and the platform's error codes, and scrub the outgoing text from anything
the platform echoes back.

Idempotency: ``OutboundPost.key`` is stable across every attempt to publish one post on one
channel, and ``OutboundPost.first_attempt_at`` is persisted by the caller before the first
attempt. A crash between the platform's answer and our database write therefore leads to a
retry that either hits the same remote record (Bluesky: a record key derived from ``key``;
Mastodon: ``Idempotency-Key``) or finds the earlier post by a remote lookup (the others, when
``attempt > 1``). Such a retry returns ``RemotePost(already_existed=True)`` instead of
publishing twice. See each module's docstring for what that platform does.
"""

from __future__ import annotations

import contextlib
import dataclasses
import email.utils
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any, ClassVar, NamedTuple

import httpcore
import httpx

__all__ = [
    "AUTH",
    "DUPLICATE",
    "FORBIDDEN",
    "INVALID",
    "NETWORK",
    "NOT_FOUND",
    "RATE_LIMITED",
    "REFUSED_HOST",
    "RefusedAddress",
    "SERVER_ERROR",
    "TIMEOUT",
    "Connector",
    "ConnectorError",
    "InboundItem",
    "MediaItem",
    "OutboundPost",
    "RemotePost",
    "RepliesPage",
    "count_graphemes",
]

#: How far before ``first_attempt_at`` a remote lookup for an earlier success reaches.
LOOKUP_SLACK = timedelta(minutes=5)

# ConnectorError.code values.
AUTH = "auth"
DUPLICATE = "duplicate"
INVALID = "invalid"
NOT_FOUND = "not_found"
FORBIDDEN = "forbidden"
REFUSED_HOST = "refused_host"
RATE_LIMITED = "rate_limited"
SERVER_ERROR = "server_error"
NETWORK = "network"
TIMEOUT = "timeout"


class ConnectorError(Exception):
    """A platform call failed. ``permanent`` tells the worker whether retrying can help."""

    def __init__(
        self,
        message: str,
        permanent: bool = False,
        retry_after: float | None = None,
        *,
        code: str = "",
        status: int | None = None,
        existing_id: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.permanent = permanent
        self.retry_after = retry_after
        self.code = code
        self.status = status
        #: For ``duplicate``: the platform's id of the post it says this one duplicates.
        self.existing_id = existing_id

    @property
    def needs_reconnect(self) -> bool:
        """True when the stored credentials are no longer accepted (show "Reconnect")."""
        return self.code == AUTH

    def __repr__(self) -> str:
        return (
            f"ConnectorError({self.message!r}, permanent={self.permanent}, "
            f"retry_after={self.retry_after}, code={self.code!r}, status={self.status})"
        )


@dataclass(frozen=True)
class MediaItem:
    """An image or a video (``mime_type`` video/…) to attach. ``data`` is uploaded by platforms
    that take bytes (Bluesky, Mastodon, Facebook, LinkedIn, X, Instagram's resumable video
    upload); Instagram fetches an image's ``url`` itself (a public HTTPS URL). ``duration``:
    a video's seconds."""

    mime_type: str
    alt_text: str = field(default="", repr=False)
    data: bytes | None = field(default=None, repr=False)
    url: str | None = None
    width: int | None = None
    height: int | None = None
    duration: float | None = None

    @property
    def is_video(self) -> bool:
        return self.mime_type.startswith("video/")


@dataclass(frozen=True)
class OutboundPost:
    """What to publish on one channel.

    ``key``: stable for every attempt at this post on this channel (e.g. "<post id>:<channel
    id>"); ``first_attempt_at``: persisted by the caller before the first attempt and passed
    unchanged on every retry; ``attempt``: 1 on the first try, then 2, 3, ... (connectors
    without platform-side idempotency look for an earlier success when it is above 1).
    """

    key: str
    text: str = field(repr=False)
    first_attempt_at: datetime
    media: tuple[MediaItem, ...] = ()
    attempt: int = 1

    def __post_init__(self) -> None:
        if not self.key:
            raise ValueError("OutboundPost.key must not be empty")
        if self.first_attempt_at.tzinfo is None:
            raise ValueError("OutboundPost.first_attempt_at must be timezone-aware")
        if self.attempt < 1:
            raise ValueError("OutboundPost.attempt starts at 1")


@dataclass(frozen=True)
class RemotePost:
    """A post as it exists on the platform: what ``delete``, ``fetch_metrics`` and ``reply``
    need later. Store it whole (``to_dict``/``from_dict``) on the post's channel row.

    ``id``: the platform's identifier (Bluesky: the at:// URI; Mastodon: status id; Facebook:
    "<page id>_<post id>"; Instagram: media id; LinkedIn: the share/ugcPost URN; X: tweet id).
    ``url``: the public web page. ``cid``: Bluesky's content id of the record (needed to
    reply). ``already_existed``: an idempotent retry found the post made by an earlier attempt.
    """

    platform: str
    id: str
    url: str | None = None
    cid: str | None = None
    already_existed: bool = False

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RemotePost:
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})


@dataclass(frozen=True)
class InboundItem:
    """A comment, reply or mention from the public. ``text`` may hold PHI: it is kept out of
    ``repr`` and must be stored encrypted.

    ``kind``: "reply" (answers one of our posts or a reply under it), "comment" (Facebook,
    Instagram, LinkedIn), "mention", "quote". ``parent_id``: the remote id this item answers
    (None for a plain mention). ``root_id``/``root_cid``/``cid``: what ``reply`` needs to
    thread an answer correctly (Bluesky). ``author_handle``: the public handle or, where the
    platform gives no handle (LinkedIn), the author's URN.
    """

    platform: str
    id: str
    kind: str
    author_handle: str
    text: str = field(repr=False)
    created_at: datetime
    parent_id: str | None = None
    url: str | None = None
    author_id: str | None = None
    cid: str | None = None
    root_id: str | None = None
    root_cid: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["created_at"] = self.created_at.isoformat()
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> InboundItem:
        names = {f.name for f in dataclasses.fields(cls)}
        values = {k: v for k, v in data.items() if k in names}
        if isinstance(values.get("created_at"), str):
            values["created_at"] = parse_datetime(values["created_at"])
        return cls(**values)


class RepliesPage(NamedTuple):
    """``fetch_replies`` result; unpacks as ``items, next_cursor``. Delivery is at least once:
    deduplicate on ``InboundItem.id``. Store ``next_cursor`` and pass it to the next call."""

    items: list[InboundItem]
    next_cursor: str | None


@contextlib.contextmanager
def gone_is_fine() -> Iterator[None]:
    """Around a delete: a post the platform no longer has is already what we wanted."""
    try:
        yield
    except ConnectorError as exc:
        if exc.code != NOT_FOUND:
            raise


class Connector:
    """Base class: one connected account on one platform.

    Subclasses set ``platform`` and ``credential_fields`` and implement the five calls.
    ``transport`` (an ``httpx.BaseTransport``) replaces the network, for tests.
    """

    platform: ClassVar[str] = ""
    credential_fields: ClassVar[tuple[str, ...]] = ()
    optional_credential_fields: ClassVar[tuple[str, ...]] = ()
    #: The most characters (graphemes for Bluesky) a post may have on this platform.
    max_text_length: ClassVar[int] = 0
    max_images: ClassVar[int] = 4
    #: Whether ``hide`` can take a comment from someone else out of public view.
    can_hide: ClassVar[bool] = False

    def __init__(
        self,
        *,
        transport: httpx.BaseTransport | None = None,
        timeout: float = 20.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._client = httpx.Client(
            transport=transport,
            timeout=timeout,
            follow_redirects=False,
            trust_env=False,  # no proxies from the environment: they would bypass the SSRF guard
            headers={"User-Agent": "SafePost/0.1 (+connectors)"},
        )
        self._sleep = sleep

    # -- the interface --------------------------------------------------------------------
    @classmethod
    def from_credentials(cls, credentials: Mapping[str, Any], **kwargs: Any) -> Connector:
        missing = [f for f in cls.credential_fields if not credentials.get(f)]
        if missing:
            raise ConnectorError(
                f"{cls.platform}: missing credentials: {', '.join(missing)}",
                permanent=True,
                code=AUTH,
            )
        known = {k: v for k, v in credentials.items() if k in cls._accepted_credentials()}
        return cls(**known, **kwargs)

    @classmethod
    def _accepted_credentials(cls) -> tuple[str, ...]:
        return cls.credential_fields + cls.optional_credential_fields

    def verify(self) -> str:
        """Check the credentials with one call; returns the account's handle or name."""
        raise NotImplementedError

    def publish(self, post: OutboundPost) -> RemotePost:
        raise NotImplementedError

    def delete(self, remote: RemotePost) -> None:
        """Remove the post. Deleting something already gone is not an error."""
        raise NotImplementedError

    def fetch_replies(self, since_cursor: str | None = None) -> RepliesPage:
        raise NotImplementedError

    def fetch_metrics(self, remote: RemotePost) -> dict[str, int]:
        raise NotImplementedError

    def reply(self, to: InboundItem, text: str, *, key: str | None = None) -> RemotePost:
        """Answer a comment/reply publicly. ``key`` (optional, stable across retries) makes the
        answer idempotent where the platform allows it (Bluesky, Mastodon)."""
        raise NotImplementedError

    def hide(self, item: InboundItem) -> None:
        """Hide someone else's comment/reply from public view (``can_hide``). Hiding what is
        already hidden is not an error."""
        raise NotImplementedError

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Connector:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- helpers for subclasses -----------------------------------------------------------
    def check_text(self, text: str) -> None:
        """Refuse text the platform would refuse, before any call (message without the text)."""
        from .limits import UNITS, count

        length = count(self.platform, text)
        if self.max_text_length and length > self.max_text_length:
            unit = UNITS.get(self.platform, "characters")
            raise ConnectorError(
                f"{self.platform}: text is {length} {unit}, the limit is "
                f"{self.max_text_length}",
                permanent=True,
                code=INVALID,
            )

    def check_media(self, media: Sequence[MediaItem]) -> None:
        videos = [m for m in media if m.is_video]
        if videos and len(media) > 1:
            raise ConnectorError(
                f"{self.platform}: a post takes one video and nothing beside it",
                permanent=True,
                code=INVALID,
            )
        if videos:
            from .limits import video_problems, VideoFacts

            clip = videos[0]
            facts = VideoFacts(clip.mime_type, len(clip.data or b""), clip.duration or 0.0)
            if problems := video_problems(self.platform, [facts]):
                raise ConnectorError(f"{self.platform}: {'; '.join(problems)}", permanent=True, code=INVALID)
            return
        if len(media) > self.max_images:
            raise ConnectorError(
                f"{self.platform}: {len(media)} images, the limit is {self.max_images}",
                permanent=True,
                code=INVALID,
            )

    def already_published(self, post: OutboundPost) -> RemotePost | None:
        """On a retry, the post an earlier attempt already published (found by a remote lookup),
        so that a crash between the platform's answer and our database write makes no duplicate."""
        if post.attempt > 1:
            return self._find_existing(post)
        return None

    def _find_existing(self, post: OutboundPost) -> RemotePost | None:
        """Platforms without an idempotency key look for the post among their recent ones."""
        return None

    def _send(
        self, method: str, url: str, *, scrub: Sequence[str] = (), **kwargs: Any
    ) -> httpx.Response:
        """One HTTP call; network failures become transient ConnectorErrors."""
        try:
            return self._client.request(method, url, **kwargs)
        except httpx.TimeoutException:
            raise ConnectorError(
                f"{self.platform}: {method} {_path(url)} timed out", code=TIMEOUT
            ) from None
        except httpx.TransportError as exc:
            permanent = isinstance(exc.__cause__, RefusedAddress)
            detail = str(exc) if permanent else type(exc).__name__
            raise ConnectorError(
                f"{self.platform}: {method} {_path(url)} failed: {scrub_text(detail, scrub)}",
                permanent=permanent,
                code=REFUSED_HOST if permanent else NETWORK,
            ) from None

    def _error(
        self,
        response: httpx.Response,
        *,
        what: str,
        scrub: Sequence[str] = (),
        detail: str = "",
        permanent: bool | None = None,
        code: str | None = None,
    ) -> ConnectorError:
        """Default mapping of an HTTP error status to a ConnectorError."""
        status = response.status_code
        if code is None:
            if status == 401:
                code = AUTH
            elif status == 403:
                code = FORBIDDEN
            elif status == 404 or status == 410:
                code = NOT_FOUND
            elif status == 429:
                code = RATE_LIMITED
            elif status >= 500:
                code = SERVER_ERROR
            else:
                code = INVALID
        if permanent is None:
            permanent = code not in (RATE_LIMITED, SERVER_ERROR, NETWORK, TIMEOUT)
        retry_after = None if permanent else parse_retry_after(response.headers)
        msg = f"{self.platform}: {what} failed (HTTP {status}"
        if detail:
            msg += f", {scrub_text(detail, scrub)}"
        msg += ")"
        if code == AUTH:
            msg += ": reconnect the account"
        return ConnectorError(msg, permanent, retry_after, code=code, status=status)


# -- small shared utilities -------------------------------------------------------------------


def count_graphemes(text: str) -> int:
    """User-perceived characters (extended grapheme clusters), as Bluesky counts them."""
    import regex

    return len(regex.findall(r"\X", text))


def scrub_text(message: str, secrets: Sequence[str], limit: int = 300) -> str:
    """Remove the outgoing text (and each of its lines) from a message the platform echoed."""
    out = message
    for secret in secrets:
        if not secret:
            continue
        pieces = [secret, *[line.strip() for line in secret.splitlines()]]
        for piece in sorted(set(pieces), key=len, reverse=True):
            if len(piece) >= 8:
                out = out.replace(piece, "[post text]")
    out = " ".join(out.split())
    return out if len(out) <= limit else out[: limit - 1] + "…"


def parse_retry_after(headers: Mapping[str, str], now: float | None = None) -> float | None:
    """Seconds to wait, from Retry-After (seconds or HTTP date) or the platforms' reset
    headers (RateLimit-Reset / X-RateLimit-Reset / x-rate-limit-reset: epoch seconds or
    ISO 8601, as Mastodon sends)."""
    now = time.time() if now is None else now
    value = headers.get("retry-after")
    if value:
        value = value.strip()
        if value.isdigit():
            return float(value)
        try:
            when = email.utils.parsedate_to_datetime(value)
            return max(0.0, when.timestamp() - now)
        except (TypeError, ValueError):
            pass
    for name in ("ratelimit-reset", "x-ratelimit-reset", "x-rate-limit-reset"):
        value = headers.get(name)
        if not value:
            continue
        value = value.strip()
        try:
            number = float(value)
        except ValueError:
            try:
                return max(0.0, parse_datetime(value).timestamp() - now)
            except ValueError:
                continue
        # Epoch seconds (a large number) or a delta in seconds (a small one).
        return max(0.0, number - now) if number > 1_000_000_000 else number
    return None


def parse_datetime(value: str) -> datetime:
    """ISO 8601 (with Z, offsets, or Facebook's +0000), always timezone-aware."""
    text = value.strip()
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    if len(text) > 5 and text[-5] in "+-" and text[-4:].isdigit() and text[-3] != ":":
        text = text[:-2] + ":" + text[-2:]
    result = datetime.fromisoformat(text)
    if result.tzinfo is None:
        result = result.replace(tzinfo=timezone.utc)
    return result


def from_millis(ms: int | float) -> datetime:
    return datetime.fromtimestamp(ms / 1000, tz=timezone.utc)


def same_text(a: str, b: str) -> bool:
    """Whether two post texts are the same post (whitespace-insensitive), for remote lookups."""
    return " ".join(a.split()) == " ".join(b.split())


def json_or_empty(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return {}


def batched(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _path(url: str) -> str:
    """The path of a URL, without the query (which may carry tokens)."""
    try:
        return httpx.URL(url).path
    except Exception:  # pragma: no cover - defensive
        return "?"


class RefusedAddress(httpcore.ConnectError):
    """Raised inside the transport by the SSRF guard (see safepost.connectors.net)."""
