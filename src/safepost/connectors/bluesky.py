"""Bluesky (AT Protocol) over XRPC with httpx.

Auth: ``com.atproto.server.createSession`` with the handle (or DID/email) and an app password;
the access JWT is renewed with ``com.atproto.server.refreshSession`` when the PDS answers
``ExpiredToken``, and the session is created again when the refresh token is refused. Pass the
saved session back in (``session=``) and persist changes (``on_session=``) so that a worker
does not call createSession for every post (bsky.social limits it to 30 per 5 minutes).

Publishing: images go up with ``com.atproto.repo.uploadBlob`` (at most 4, each at most
1,000,000 bytes, with alt text), a video the same way (one MP4, embedded as
``app.bsky.embed.video`` with its alt text and aspect ratio; limits in ``limits.VIDEO_LIMITS``), then an ``app.bsky.feed.post`` record with facets (links,
@mentions, #tags; byte offsets in UTF-8) and ``createdAt`` = the post's first attempt. Text
is limited to 300 graphemes.

Idempotency: the record key is a TID derived from the post: its timestamp is
``first_attempt_at`` and its 10-bit clock id comes from a hash of ``key``. The record is
written with ``com.atproto.repo.putRecord``, which, for the same key and content, answers with
the same URI and CID without a new commit, so a retry after a crash cannot create a second
post (a retry with ``attempt > 1`` first reads the record with ``getRecord`` and returns it
with ``already_existed=True``). ``createRecord`` is not used for this because a second
create with the same key answers a 500 that cannot be told from an outage.

Replies: ``app.bsky.notification.listNotifications`` (reasons reply, mention, quote), which
the PDS proxies to the AppView; the cursor we hand back is the newest ``indexedAt`` seen.
Metrics: ``app.bsky.feed.getPosts`` (likes, reposts, replies, quotes), also from the AppView.
Errors: ``AuthenticationRequired``/``InvalidToken`` after a fresh login and
``AccountTakedown`` are permanent; ``RateLimitExceeded`` (429, ``ratelimit-reset``) and 5xx
(``UpstreamFailure`` when the AppView is down) are transient.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from datetime import datetime, timezone
from typing import Any, ClassVar

import httpx
import regex

from .base import (
    AUTH,
    FORBIDDEN,
    INVALID,
    NOT_FOUND,
    Connector,
    ConnectorError,
    InboundItem,
    MediaItem,
    OutboundPost,
    RemotePost,
    RepliesPage,
    json_or_empty,
    parse_datetime,
)
from .net import check_url, guarded_transport

__all__ = ["BlueskyConnector", "build_facets", "tid_for"]

POST = "app.bsky.feed.post"
THREADGATE = "app.bsky.feed.threadgate"
MAX_IMAGE_BYTES = 1_000_000
MAX_TEXT_BYTES = 3000
NOTIFICATION_REASONS = ("reply", "mention", "quote")
_TID_ALPHABET = "234567abcdefghijklmnopqrstuvwxyz"

_URL = regex.compile(r"https?://[^\s<>\"]+", regex.IGNORECASE)
_MENTION = regex.compile(
    r"(?<![\p{L}\p{N}_@.])@((?:[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+"
    r"[a-zA-Z](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)"
)
_TAG = regex.compile(r"(?<![\p{L}\p{N}_#&])#([\p{L}\p{N}_]*\p{L}[\p{L}\p{N}_]*)")
_TRAILING = ".,;:!?)]}'\""


def tid_for(key: str, when: datetime) -> str:
    """A deterministic TID (the AT Protocol's timestamp record key) for one post."""
    micros = int(when.astimezone(timezone.utc).timestamp() * 1_000_000)
    clock_id = int.from_bytes(hashlib.sha256(key.encode("utf-8")).digest()[:2], "big") & 0x3FF
    value = ((micros & ((1 << 53) - 1)) << 10) | clock_id
    chars = []
    for _ in range(13):
        chars.append(_TID_ALPHABET[value & 31])
        value >>= 5
    return "".join(reversed(chars))


def _byte_span(text: str, start: int, end: int) -> dict[str, int]:
    return {
        "byteStart": len(text[:start].encode("utf-8")),
        "byteEnd": len(text[:end].encode("utf-8")),
    }


def build_facets(text: str, resolve_handle: Callable[[str], str | None]) -> list[dict[str, Any]]:
    """Rich-text facets for links, @mentions (resolved to DIDs) and #tags."""
    facets: list[dict[str, Any]] = []
    taken: list[tuple[int, int]] = []
    for match in _URL.finditer(text):
        uri = match.group(0).rstrip(_TRAILING)
        start, end = match.start(), match.start() + len(uri)
        taken.append((start, end))
        facets.append(
            {
                "index": _byte_span(text, start, end),
                "features": [{"$type": "app.bsky.richtext.facet#link", "uri": uri}],
            }
        )

    def free(start: int, end: int) -> bool:
        return all(end <= a or start >= b for a, b in taken)

    for match in _MENTION.finditer(text):
        if not free(match.start(), match.end()):
            continue
        did = resolve_handle(match.group(1).lower())
        if did:
            facets.append(
                {
                    "index": _byte_span(text, match.start(), match.end()),
                    "features": [{"$type": "app.bsky.richtext.facet#mention", "did": did}],
                }
            )
    for match in _TAG.finditer(text):
        if not free(match.start(), match.end()) or len(match.group(1)) > 64:
            continue
        facets.append(
            {
                "index": _byte_span(text, match.start(), match.end()),
                "features": [{"$type": "app.bsky.richtext.facet#tag", "tag": match.group(1)}],
            }
        )
    facets.sort(key=lambda f: f["index"]["byteStart"])
    return facets


def _iso(when: datetime) -> str:
    return when.astimezone(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _split_uri(uri: str) -> tuple[str, str, str]:
    """at://<repo>/<collection>/<rkey> -> (repo, collection, rkey)."""
    if not uri.startswith("at://"):
        raise ConnectorError("bluesky: not an at:// URI", permanent=True, code=INVALID)
    parts = uri[5:].split("/")
    if len(parts) != 3:
        raise ConnectorError("bluesky: malformed at:// URI", permanent=True, code=INVALID)
    return parts[0], parts[1], parts[2]


class BlueskyConnector(Connector):
    platform: ClassVar[str] = "bluesky"
    can_hide: ClassVar[bool] = True
    credential_fields: ClassVar[tuple[str, ...]] = ("service", "identifier", "app_password")
    optional_credential_fields: ClassVar[tuple[str, ...]] = ("session",)
    max_text_length: ClassVar[int] = 300
    max_images: ClassVar[int] = 4
    web_url: ClassVar[str] = "https://bsky.app"

    def __init__(
        self,
        service: str,
        identifier: str,
        app_password: str,
        *,
        session: Mapping[str, str] | None = None,
        on_session: Callable[[dict[str, str]], None] | None = None,
        transport: httpx.BaseTransport | None = None,
        timeout: float = 20.0,
        **kwargs: Any,
    ) -> None:
        self.service = check_url(service)
        super().__init__(
            transport=transport if transport is not None else guarded_transport(),
            timeout=timeout,
            **kwargs,
        )
        self._identifier = identifier
        self._password = app_password
        self._session: dict[str, str] | None = dict(session) if session else None
        self._on_session = on_session

    # -- session --------------------------------------------------------------------------
    @property
    def session(self) -> dict[str, str] | None:
        """did, handle, accessJwt, refreshJwt: store encrypted with the channel."""
        return dict(self._session) if self._session else None

    @property
    def did(self) -> str:
        return self._ensure_session()["did"]

    @property
    def handle(self) -> str:
        return self._ensure_session()["handle"]

    def _url(self, nsid: str) -> str:
        return f"{self.service}/xrpc/{nsid}"

    def _store_session(self, body: Mapping[str, Any]) -> dict[str, str]:
        self._session = {
            "did": str(body["did"]),
            "handle": str(body.get("handle") or (self._session or {}).get("handle", "")),
            "accessJwt": str(body["accessJwt"]),
            "refreshJwt": str(body["refreshJwt"]),
        }
        if self._on_session is not None:
            self._on_session(dict(self._session))
        return self._session

    def _login(self) -> dict[str, str]:
        response = self._send(
            "POST",
            self._url("com.atproto.server.createSession"),
            json={"identifier": self._identifier, "password": self._password},
        )
        if response.status_code != 200:
            raise self._xrpc_error(response, "sign-in", login=True)
        return self._store_session(response.json())

    def _refresh(self) -> dict[str, str]:
        refresh = (self._session or {}).get("refreshJwt")
        if refresh:
            response = self._send(
                "POST",
                self._url("com.atproto.server.refreshSession"),
                headers={"Authorization": f"Bearer {refresh}"},
            )
            if response.status_code == 200:
                return self._store_session(response.json())
            if response.status_code == 429 or response.status_code >= 500:
                raise self._xrpc_error(response, "session refresh")
        return self._login()

    def _ensure_session(self) -> dict[str, str]:
        return self._session or self._login()

    def verify(self) -> str:
        self._login()
        return self.handle

    # -- XRPC -----------------------------------------------------------------------------
    def _xrpc(
        self,
        method: str,
        nsid: str,
        *,
        what: str,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        content: bytes | None = None,
        content_type: str | None = None,
        scrub: tuple[str, ...] = (),
        auth: bool = True,
    ) -> dict[str, Any]:
        for attempt in (1, 2):
            headers = {}
            if auth:
                headers["Authorization"] = f"Bearer {self._ensure_session()['accessJwt']}"
            if content_type:
                headers["Content-Type"] = content_type
            response = self._send(
                method,
                self._url(nsid),
                params=params,
                json=json,
                content=content,
                headers=headers,
                scrub=scrub,
            )
            if response.status_code == 200:
                body = json_or_empty(response)
                return body if isinstance(body, dict) else {}
            error = str(json_or_empty(response).get("error", ""))
            if auth and attempt == 1 and error in ("ExpiredToken", "InvalidToken"):
                self._refresh()
                continue
            raise self._xrpc_error(response, what, scrub=scrub)
        raise AssertionError("unreachable")  # pragma: no cover

    def _xrpc_error(
        self,
        response: httpx.Response,
        what: str,
        *,
        scrub: tuple[str, ...] = (),
        login: bool = False,
    ) -> ConnectorError:
        body = json_or_empty(response)
        error = str(body.get("error", "")) if isinstance(body, dict) else ""
        message = str(body.get("message", "")) if isinstance(body, dict) else ""
        detail = f"{error}: {message}" if error and message else error or message
        status = response.status_code
        if error in ("AuthenticationRequired", "ExpiredToken", "InvalidToken", "AuthFactorTokenRequired"):
            return self._error(response, what=what, detail=detail, scrub=scrub, code=AUTH)
        if error in ("AccountTakedown", "AccountDeactivated", "RepoTakendown", "RepoDeactivated"):
            return self._error(response, what=what, detail=detail, scrub=scrub, code=FORBIDDEN)
        if error == "RecordNotFound" or (status == 400 and error in ("NotFound", "RepoNotFound")):
            return self._error(response, what=what, detail=detail, scrub=scrub, code=NOT_FOUND)
        if login and status == 401:
            return self._error(response, what=what, detail=detail, scrub=scrub, code=AUTH)
        return self._error(response, what=what, detail=detail, scrub=scrub)

    # -- publishing -----------------------------------------------------------------------
    def _resolve_handle(self, handle: str) -> str | None:
        try:
            body = self._xrpc(
                "GET",
                "com.atproto.identity.resolveHandle",
                what="handle resolution",
                params={"handle": handle},
                auth=False,
            )
        except ConnectorError as exc:
            if exc.permanent:
                return None
            raise
        did = body.get("did")
        return str(did) if did else None

    def _upload(self, media: MediaItem, scrub: tuple[str, ...]) -> dict[str, Any]:
        if media.data is None:
            raise ConnectorError(
                "bluesky: an image needs its bytes (data)", permanent=True, code=INVALID
            )
        if len(media.data) > MAX_IMAGE_BYTES:
            raise ConnectorError(
                f"bluesky: image is {len(media.data)} bytes, the limit is {MAX_IMAGE_BYTES}",
                permanent=True,
                code=INVALID,
            )
        image: dict[str, Any] = {"alt": media.alt_text, "image": self._blob(media, "image upload", scrub)}
        if media.width and media.height:
            image["aspectRatio"] = {"width": media.width, "height": media.height}
        return image

    def _blob(self, media: MediaItem, what: str, scrub: tuple[str, ...]) -> dict[str, Any]:
        """The file as a blob of the account's repository (``com.atproto.repo.uploadBlob``)."""
        body = self._xrpc("POST", "com.atproto.repo.uploadBlob", what=what, content=media.data,
                          content_type=media.mime_type, scrub=scrub)
        return body["blob"]

    def _upload_video(self, media: MediaItem, scrub: tuple[str, ...]) -> dict[str, Any]:
        """``app.bsky.embed.video``: the clip as a blob (``uploadBlob``, video/mp4), its alt text
        and aspect ratio. (bsky.social also offers a transcoding service, ``app.bsky.video.uploadVideo``;
        a PDS takes the MP4 blob as it is.)"""
        if media.data is None:
            raise ConnectorError("bluesky: a video needs its bytes (data)", permanent=True, code=INVALID)
        embed: dict[str, Any] = {"$type": "app.bsky.embed.video", "video": self._blob(media, "video upload", scrub)}
        if media.alt_text:
            embed["alt"] = media.alt_text
        if media.width and media.height:
            embed["aspectRatio"] = {"width": media.width, "height": media.height}
        return embed

    def _record(
        self,
        text: str,
        created_at: datetime,
        media: tuple[MediaItem, ...] = (),
        reply: Mapping[str, Any] | None = None,
    ) -> dict[str, Any]:
        self.check_text(text)
        self.check_media(media)
        if len(text.encode("utf-8")) > MAX_TEXT_BYTES:
            raise ConnectorError(
                f"bluesky: text is longer than {MAX_TEXT_BYTES} bytes", permanent=True, code=INVALID
            )
        scrub = (text, *(m.alt_text for m in media))
        record: dict[str, Any] = {"$type": POST, "text": text, "createdAt": _iso(created_at)}
        facets = build_facets(text, self._resolve_handle)
        if facets:
            record["facets"] = facets
        if media and media[0].is_video:
            record["embed"] = self._upload_video(media[0], scrub)
        elif media:
            record["embed"] = {
                "$type": "app.bsky.embed.images",
                "images": [self._upload(m, scrub) for m in media],
            }
        if reply:
            record["reply"] = dict(reply)
        return record

    def _remote(self, uri: str, cid: str | None, *, already_existed: bool = False) -> RemotePost:
        _, _, rkey = _split_uri(uri)
        handle = self.handle or self.did
        return RemotePost(
            platform=self.platform,
            id=uri,
            url=f"{self.web_url}/profile/{handle}/post/{rkey}",
            cid=cid,
            already_existed=already_existed,
        )

    def _get_own_record(self, rkey: str) -> dict[str, Any] | None:
        try:
            return self._xrpc(
                "GET",
                "com.atproto.repo.getRecord",
                what="record lookup",
                params={"repo": self.did, "collection": POST, "rkey": rkey},
                auth=False,
            )
        except ConnectorError as exc:
            if exc.code == NOT_FOUND:
                return None
            raise

    def _put_keyed(
        self, key: str, when: datetime, text: str, build: Callable[[], dict[str, Any]], attempt: int
    ) -> RemotePost:
        rkey = tid_for(key, when)
        if attempt > 1:
            existing = self._get_own_record(rkey)
            if existing is not None:
                return self._remote(existing["uri"], existing.get("cid"), already_existed=True)
        record = build()
        body = self._xrpc(
            "POST",
            "com.atproto.repo.putRecord",
            what="publish",
            json={"repo": self.did, "collection": POST, "rkey": rkey, "record": record},
            scrub=(text,),
        )
        # No commit in the answer: the identical record was already there (our own retry).
        return self._remote(body["uri"], body.get("cid"), already_existed="commit" not in body)

    def publish(self, post: OutboundPost) -> RemotePost:
        self.check_text(post.text)
        self.check_media(post.media)
        return self._put_keyed(
            post.key,
            post.first_attempt_at,
            post.text,
            lambda: self._record(post.text, post.first_attempt_at, post.media),
            post.attempt,
        )

    def reply(self, to: InboundItem, text: str, *, key: str | None = None) -> RemotePost:
        if not to.cid:
            raise ConnectorError(
                "bluesky: the item to answer has no cid", permanent=True, code=INVALID
            )
        parent = {"uri": to.id, "cid": to.cid}
        root = {"uri": to.root_id, "cid": to.root_cid} if to.root_id and to.root_cid else parent
        reply_ref = {"root": root, "parent": parent}
        now = datetime.now(timezone.utc)
        if key:
            # A stable key: same record key on every retry (timestamp from the item answered,
            # so it does not depend on when we retry).
            when = max(to.created_at, datetime(2023, 1, 1, tzinfo=timezone.utc))
            return self._put_keyed(
                "reply:" + key, when, text, lambda: self._record(text, when, reply=reply_ref), 2
            )
        record = self._record(text, now, reply=reply_ref)
        body = self._xrpc(
            "POST",
            "com.atproto.repo.createRecord",
            what="reply",
            json={"repo": self.did, "collection": POST, "record": record},
            scrub=(text,),
        )
        return self._remote(body["uri"], body.get("cid"))

    def delete(self, remote: RemotePost) -> None:
        repo, collection, rkey = _split_uri(remote.id)
        self._xrpc(
            "POST",
            "com.atproto.repo.deleteRecord",
            what="delete",
            json={"repo": repo, "collection": collection, "rkey": rkey},
        )

    def hide(self, item: InboundItem) -> None:
        """Hide a reply under one of our threads: its URI goes into ``hiddenReplies`` of the
        root post's threadgate (``app.bsky.feed.threadgate``, record key = the root's), which
        the AppView applies for everyone. An existing gate's reply rules are kept."""
        root = item.root_id or item.parent_id
        if not root:
            raise ConnectorError("bluesky: only a reply in a thread can be hidden", permanent=True, code=INVALID)
        repo, _, rkey = _split_uri(root)
        if repo != self.did:
            raise ConnectorError(
                "bluesky: only replies under our own posts can be hidden", permanent=True, code=FORBIDDEN
            )
        try:
            existing = self._xrpc(
                "GET",
                "com.atproto.repo.getRecord",
                what="threadgate lookup",
                params={"repo": self.did, "collection": THREADGATE, "rkey": rkey},
                auth=False,
            ).get("value") or {}
        except ConnectorError as exc:
            if exc.code != NOT_FOUND:
                raise
            existing = {}
        hidden = [str(u) for u in existing.get("hiddenReplies") or []]
        if item.id in hidden:
            return
        record = {"$type": THREADGATE, "post": root, "createdAt": _iso(datetime.now(timezone.utc)), **existing}
        record["hiddenReplies"] = (hidden + [item.id])[-50:]   # the lexicon allows at most 50
        self._xrpc(
            "POST",
            "com.atproto.repo.putRecord",
            what="hide",
            json={"repo": self.did, "collection": THREADGATE, "rkey": rkey, "record": record},
        )

    # -- reading --------------------------------------------------------------------------
    def fetch_replies(self, since_cursor: str | None = None, *, max_pages: int = 10) -> RepliesPage:
        since = parse_datetime(since_cursor) if since_cursor else None
        items: list[InboundItem] = []
        newest = since
        api_cursor: str | None = None
        for _ in range(max_pages):
            params: dict[str, Any] = {"limit": 50, "reasons": list(NOTIFICATION_REASONS)}
            if api_cursor:
                params["cursor"] = api_cursor
            body = self._xrpc(
                "GET", "app.bsky.notification.listNotifications", what="notifications", params=params
            )
            notifications = body.get("notifications") or []
            reached_old = False
            for note in notifications:
                indexed = parse_datetime(note["indexedAt"])
                if since is not None and indexed <= since:
                    reached_old = True
                    continue
                if note.get("reason") not in NOTIFICATION_REASONS:
                    continue
                item = self._item(note)
                if item is not None:
                    items.append(item)
                if newest is None or indexed > newest:
                    newest = indexed
            api_cursor = body.get("cursor")
            if reached_old or not api_cursor or not notifications:
                break
        items.sort(key=lambda i: i.created_at)
        cursor = newest.isoformat() if newest else since_cursor
        return RepliesPage(items, cursor)

    def _item(self, note: Mapping[str, Any]) -> InboundItem | None:
        record = note.get("record") or {}
        if record.get("$type") != POST:
            return None
        author = note.get("author") or {}
        reply = record.get("reply") or {}
        parent = (reply.get("parent") or {}).get("uri")
        root = reply.get("root") or {}
        handle = str(author.get("handle") or author.get("did") or "")
        _, _, rkey = _split_uri(str(note["uri"]))
        try:
            created = parse_datetime(str(record.get("createdAt") or note["indexedAt"]))
        except ValueError:
            created = parse_datetime(str(note["indexedAt"]))
        return InboundItem(
            platform=self.platform,
            id=str(note["uri"]),
            kind=str(note["reason"]),
            author_handle=handle,
            author_id=author.get("did"),
            text=str(record.get("text") or ""),
            created_at=created,
            parent_id=parent,
            url=f"{self.web_url}/profile/{handle}/post/{rkey}",
            cid=note.get("cid"),
            root_id=root.get("uri"),
            root_cid=root.get("cid"),
        )

    def fetch_metrics(self, remote: RemotePost) -> dict[str, int]:
        body = self._xrpc(
            "GET", "app.bsky.feed.getPosts", what="metrics", params={"uris": [remote.id]}
        )
        posts = body.get("posts") or []
        if not posts:
            # Deleted, or not indexed by the AppView yet: ask again later.
            raise ConnectorError(
                "bluesky: the post is not in the AppView (deleted or not indexed yet)",
                permanent=False,
                retry_after=60.0,
                code=NOT_FOUND,
            )
        view = posts[0]
        return {
            "likes": int(view.get("likeCount") or 0),
            "reposts": int(view.get("repostCount") or 0),
            "replies": int(view.get("replyCount") or 0),
            "quotes": int(view.get("quoteCount") or 0),
        }
