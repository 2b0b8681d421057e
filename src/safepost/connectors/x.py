"""X (formerly Twitter): API v2 with an OAuth 2.0 user-context token (scopes ``tweet.read
tweet.write users.read media.write offline.access``).

Publishing: images with ``POST /2/media/upload`` (multipart ``media``,
``media_category=tweet_image``) and alt text with ``POST /2/media/metadata``; then ``POST
/2/tweets`` with ``text`` and ``media.media_ids``. A video goes up in chunks (``POST
/2/media/upload/initialize`` with ``media_type``, ``total_bytes`` and ``media_category=tweet_video``;
``POST /2/media/upload/{id}/append`` per chunk of at most 4 MB with ``segment_index``; ``POST
/2/media/upload/{id}/finalize``; while ``processing_info.state`` is ``pending`` or ``in_progress``,
``GET /2/media/upload?command=STATUS&media_id=`` after ``check_after_secs``; ``failed`` is
permanent). 280 weighted characters (a URL counts 23,
most characters outside Latin-1 and general punctuation count 2), 4 images.

Access tokens live two hours: with ``refresh_token`` and ``client_id`` the connector renews
them once on a 401 (``POST /2/oauth2/token``, grant ``refresh_token``) and reports the new
pair through ``on_tokens``; without them, or when the refresh is refused, the error is
permanent (reconnect).

Idempotency: X has no idempotency key but refuses identical text ("You are not allowed to
create a Tweet with duplicate content", 403). On a retry (``attempt > 1``), and whenever X
answers "duplicate", we look at the account's posts since the first attempt
(``GET /2/users/:id/tweets?start_time=``, t.co links expanded) and return the one with the
same text (``already_existed=True``); a duplicate that is not ours is a permanent
``duplicate`` error.

Replies and mentions: ``GET /2/users/:id/mentions`` with ``since_id`` (replies to us mention
us); cursor = newest post id. Metrics: ``public_metrics`` of the post. Errors: 429 transient
until ``x-rate-limit-reset`` (or ``x-user-limit-24hour-reset`` when the daily cap is spent).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timezone
from typing import Any, ClassVar

import httpx

from .base import (
    AUTH,
    DUPLICATE,
    FORBIDDEN,
    Connector,
    ConnectorError,
    InboundItem,
    OutboundPost,
    RemotePost,
    RepliesPage,
    gone_is_fine,
    json_or_empty,
    parse_datetime,
    parse_retry_after,
    same_text,
)
from .base import LOOKUP_SLACK
from .limits import x_weighted_length

__all__ = ["XConnector", "weighted_length"]

API = "https://api.x.com/2"
CHUNK_BYTES = 4 * 1024 * 1024      # a video's upload chunks (X takes up to 5 MB each)
MAX_POLLS = 20                     # STATUS checks while a video is processing, then "try again later"


def weighted_length(text: str) -> int:
    """X's weighted character count (twitter-text v3 configuration, URLs as 23): see limits.py."""
    return x_weighted_length(text)


class XConnector(Connector):
    platform: ClassVar[str] = "x"
    credential_fields: ClassVar[tuple[str, ...]] = ("access_token",)
    max_text_length: ClassVar[int] = 280
    max_images: ClassVar[int] = 4

    def __init__(
        self,
        access_token: str,
        *,
        user_id: str | None = None,
        refresh_token: str | None = None,
        client_id: str | None = None,
        on_tokens: Callable[[dict[str, str]], None] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.chunk_bytes = CHUNK_BYTES
        self.max_polls = MAX_POLLS
        self._token = access_token
        self._refresh_token = refresh_token
        self._client_id = client_id
        self._on_tokens = on_tokens
        self._user_id = user_id
        self._username: str | None = None

    optional_credential_fields: ClassVar[tuple[str, ...]] = ("user_id", "refresh_token", "client_id")

    def check_text(self, text: str) -> None:
        length = weighted_length(text)
        if length > self.max_text_length:
            raise ConnectorError(
                f"x: text is {length} weighted characters, the limit is {self.max_text_length}",
                permanent=True,
                code="invalid",
            )

    # -- HTTP -----------------------------------------------------------------------------
    def _call(
        self, method: str, path: str, *, what: str, scrub: tuple[str, ...] = (), **kwargs: Any
    ) -> dict[str, Any]:
        for attempt in (1, 2):
            response = self._send(
                method, f"{API}{path}", headers={"Authorization": f"Bearer {self._token}"}, scrub=scrub, **kwargs
            )
            if response.status_code < 300:
                body = json_or_empty(response)
                return body if isinstance(body, dict) else {}
            if response.status_code == 401 and attempt == 1 and self._refresh():
                continue
            raise self._x_error(response, what, scrub)
        raise AssertionError("unreachable")  # pragma: no cover

    def _refresh(self) -> bool:
        if not (self._refresh_token and self._client_id):
            return False
        response = self._send(
            "POST",
            f"{API}/oauth2/token",
            data={"grant_type": "refresh_token", "refresh_token": self._refresh_token, "client_id": self._client_id},
        )
        if response.status_code != 200:
            return False
        body = response.json()
        self._token = str(body["access_token"])
        self._refresh_token = str(body.get("refresh_token") or self._refresh_token)
        if self._on_tokens is not None:
            self._on_tokens({"access_token": self._token, "refresh_token": self._refresh_token})
        return True

    def _x_error(self, response: httpx.Response, what: str, scrub: tuple[str, ...]) -> ConnectorError:
        body = json_or_empty(response)
        body = body if isinstance(body, dict) else {}
        detail = str(body.get("detail") or body.get("title") or "")
        if not detail and body.get("errors"):
            detail = str((body["errors"][0] or {}).get("message") or "")
        if response.status_code == 403 and "duplicate content" in detail.lower():
            return self._error(response, what=what, detail=detail, scrub=scrub, code=DUPLICATE)
        if response.status_code == 429:
            error = self._error(response, what=what, detail=detail, scrub=scrub)
            headers = response.headers
            if headers.get("x-user-limit-24hour-remaining") == "0" and headers.get("x-user-limit-24hour-reset"):
                error.retry_after = parse_retry_after({"x-rate-limit-reset": headers["x-user-limit-24hour-reset"]})
            return error
        if response.status_code == 401:
            return self._error(response, what=what, detail=detail, scrub=scrub, code=AUTH)
        if response.status_code == 403:
            return self._error(response, what=what, detail=detail, scrub=scrub, code=FORBIDDEN)
        return self._error(response, what=what, detail=detail, scrub=scrub)

    # -- account --------------------------------------------------------------------------
    def _me(self) -> str:
        if self._user_id is None:
            data = self._call("GET", "/users/me", what="account lookup")["data"]
            self._user_id = str(data["id"])
            self._username = data.get("username")
        return self._user_id

    def verify(self) -> str:
        self._user_id = None
        self._me()
        return str(self._username or self._user_id)

    def _url(self, tweet_id: str) -> str:
        return f"https://x.com/i/web/status/{tweet_id}"

    # -- publishing -----------------------------------------------------------------------
    def _find_existing(self, text: str, post: OutboundPost) -> RemotePost | None:
        start = (post.first_attempt_at - LOOKUP_SLACK).astimezone(timezone.utc)
        body = self._call(
            "GET",
            f"/users/{self._me()}/tweets",
            what="lookup of earlier attempt",
            params={
                "start_time": start.strftime("%Y-%m-%dT%H:%M:%SZ"),
                "max_results": 20,
                "tweet.fields": "created_at,entities",
                "exclude": "replies,retweets",
            },
        )
        for tweet in body.get("data") or []:
            if same_text(_expand_links(tweet), text):
                return RemotePost(self.platform, str(tweet["id"]), self._url(str(tweet["id"])), already_existed=True)
        return None

    def _wait_processed(self, media_id: str, info: dict[str, Any] | None) -> None:
        """Until X has processed an uploaded video (``processing_info``; none: ready)."""
        polls = 0
        while info and info.get("state") in ("pending", "in_progress"):
            if polls >= self.max_polls:
                raise ConnectorError("x: the video is still processing; try again", retry_after=60.0,
                                     code="server_error")
            self._sleep(float(min(max(info.get("check_after_secs") or 1, 1), 30)))
            polls += 1
            body = self._call("GET", "/media/upload", what="video processing",
                              params={"command": "STATUS", "media_id": media_id})
            info = (body.get("data") or {}).get("processing_info")
        if info and info.get("state") == "failed":
            error = info.get("error") or {}
            raise ConnectorError(f"x: the video was not accepted ({error.get('name') or 'processing failed'})",
                                 permanent=True, code="invalid")

    def _upload_video(self, media: Any, scrub: tuple[str, ...]) -> str:
        if media.data is None:
            raise ConnectorError("x: a video needs its bytes (data)", permanent=True, code="invalid")
        init = self._call("POST", "/media/upload/initialize", what="video upload", scrub=scrub,
                          json={"media_type": media.mime_type, "total_bytes": len(media.data),
                                "media_category": "tweet_video"})
        media_id = str(init["data"]["id"])
        for index, start in enumerate(range(0, len(media.data), self.chunk_bytes)):
            self._call("POST", f"/media/upload/{media_id}/append", what="video upload", scrub=scrub,
                       data={"segment_index": str(index)},
                       files={"media": ("chunk", media.data[start:start + self.chunk_bytes], "application/octet-stream")})
        done = self._call("POST", f"/media/upload/{media_id}/finalize", what="video upload", scrub=scrub)
        self._wait_processed(media_id, (done.get("data") or {}).get("processing_info"))
        return media_id

    def _upload(self, media: Any, scrub: tuple[str, ...]) -> str:
        if media.is_video:
            media_id = self._upload_video(media, scrub)
            if media.alt_text:
                self._alt_text(media_id, media.alt_text, scrub)
            return media_id
        if media.data is None:
            raise ConnectorError("x: an image needs its bytes (data)", permanent=True, code="invalid")
        body = self._call(
            "POST",
            "/media/upload",
            what="image upload",
            data={"media_category": "tweet_image", "media_type": media.mime_type},
            files={"media": ("image", media.data, media.mime_type)},
            scrub=scrub,
        )
        media_id = str(body["data"]["id"])
        if media.alt_text:
            self._alt_text(media_id, media.alt_text, scrub)
        return media_id

    def _alt_text(self, media_id: str, alt: str, scrub: tuple[str, ...]) -> None:
        self._call(
            "POST",
            "/media/metadata",
            what="alt text",
            json={"id": media_id, "metadata": {"alt_text": {"text": alt[:1000]}}},
            scrub=scrub,
        )

    def publish(self, post: OutboundPost) -> RemotePost:
        self.check_text(post.text)
        self.check_media(post.media)
        if post.attempt > 1:
            existing = self._find_existing(post.text, post)
            if existing is not None:
                return existing
        scrub = (post.text, *(m.alt_text for m in post.media))
        payload: dict[str, Any] = {"text": post.text}
        if post.media:
            payload["media"] = {"media_ids": [self._upload(m, scrub) for m in post.media]}
        try:
            body = self._call("POST", "/tweets", what="publish", json=payload, scrub=scrub)
        except ConnectorError as exc:
            if exc.code == DUPLICATE:
                existing = self._find_existing(post.text, post)
                if existing is not None:
                    return existing
            raise
        tweet_id = str(body["data"]["id"])
        return RemotePost(self.platform, tweet_id, self._url(tweet_id))

    def delete(self, remote: RemotePost) -> None:
        with gone_is_fine():
            self._call("DELETE", f"/tweets/{remote.id}", what="delete")

    # -- reading --------------------------------------------------------------------------
    def fetch_replies(self, since_cursor: str | None = None, *, max_pages: int = 5) -> RepliesPage:
        items: list[InboundItem] = []
        newest = since_cursor
        token: str | None = None
        for _ in range(max_pages):
            params: dict[str, Any] = {
                "max_results": 100,
                "tweet.fields": "created_at,conversation_id,referenced_tweets,author_id",
                "expansions": "author_id",
                "user.fields": "username",
            }
            if since_cursor:
                params["since_id"] = since_cursor
            if token:
                params["pagination_token"] = token
            body = self._call("GET", f"/users/{self._me()}/mentions", what="mentions", params=params)
            users = {u["id"]: u for u in (body.get("includes") or {}).get("users") or []}
            for tweet in body.get("data") or []:
                items.append(self._item(tweet, users))
            meta = body.get("meta") or {}
            if meta.get("newest_id") and (newest is None or int(meta["newest_id"]) > int(newest)):
                newest = str(meta["newest_id"])
            token = meta.get("next_token")
            if not token:
                break
        items.sort(key=lambda i: i.created_at)
        return RepliesPage(items, newest)

    def _item(self, tweet: dict[str, Any], users: dict[str, Any]) -> InboundItem:
        parent = next((r["id"] for r in tweet.get("referenced_tweets") or [] if r.get("type") == "replied_to"), None)
        author = users.get(tweet.get("author_id")) or {}
        handle = str(author.get("username") or tweet.get("author_id") or "")
        return InboundItem(
            platform=self.platform,
            id=str(tweet["id"]),
            kind="reply" if parent else "mention",
            author_handle=handle,
            author_id=tweet.get("author_id"),
            text=str(tweet.get("text") or ""),
            created_at=parse_datetime(str(tweet["created_at"])),
            parent_id=str(parent) if parent else None,
            url=f"https://x.com/{handle}/status/{tweet['id']}",
            root_id=tweet.get("conversation_id"),
        )

    def fetch_metrics(self, remote: RemotePost) -> dict[str, int]:
        body = self._call("GET", f"/tweets/{remote.id}", what="metrics", params={"tweet.fields": "public_metrics"})
        metrics = (body.get("data") or {}).get("public_metrics") or {}
        return {
            "likes": int(metrics.get("like_count") or 0),
            "reposts": int(metrics.get("retweet_count") or 0),
            "replies": int(metrics.get("reply_count") or 0),
            "quotes": int(metrics.get("quote_count") or 0),
            "bookmarks": int(metrics.get("bookmark_count") or 0),
            "impressions": int(metrics.get("impression_count") or 0),
        }

    def reply(self, to: InboundItem, text: str, *, key: str | None = None) -> RemotePost:
        self.check_text(text)
        body = self._call(
            "POST", "/tweets", what="reply", json={"text": text, "reply": {"in_reply_to_tweet_id": to.id}}, scrub=(text,)
        )
        tweet_id = str(body["data"]["id"])
        return RemotePost(self.platform, tweet_id, self._url(tweet_id))


def _expand_links(tweet: dict[str, Any]) -> str:
    """A post's text with t.co links replaced by what they point to, media links dropped."""
    text = str(tweet.get("text") or "")
    for url in (tweet.get("entities") or {}).get("urls") or []:
        short = url.get("url")
        if not short:
            continue
        text = text.replace(short, "" if url.get("media_key") else str(url.get("expanded_url") or short))
    return text.strip()
