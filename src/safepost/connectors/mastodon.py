"""Mastodon (REST API v1/v2) with a user access token (scopes ``read write``).

The instance URL is user-configured, so it goes through the SSRF guard (``net``).

Publishing: images, or one video, with ``POST /api/v2/media`` (``file`` + ``description`` = alt
text; a 202 means it is still processing, as a video always is: poll ``GET /api/v1/media/:id``
until the ``url`` is set), then
``POST /api/v1/statuses`` with ``status``, ``media_ids[]`` and ``visibility=public``. Limits:
500 characters by default (``max_characters`` of the instance), 4 images.

Idempotency: every status is sent with ``Idempotency-Key: <post key>``; the server returns the
first status for a repeated key for an hour. Because a retry may come later than that, a retry
(``attempt > 1``) first looks through the account's own recent statuses for the same text
since the first attempt and returns it (``already_existed=True``).

Replies and mentions: ``GET /api/v1/notifications?types[]=mention`` (a reply to us mentions us),
read forward with ``min_id``; the cursor is the newest notification id. Metrics: the status's
``favourites_count``, ``reblogs_count``, ``replies_count``.

Errors: 401 (token revoked) permanent, 422 validation permanent, 429 transient with
``X-RateLimit-Reset`` (an ISO 8601 time), 5xx transient.
"""

from __future__ import annotations

import html
import re
from typing import Any, ClassVar

import httpx

from .base import (
    Connector,
    ConnectorError,
    InboundItem,
    OutboundPost,
    RemotePost,
    RepliesPage,
    gone_is_fine,
    json_or_empty,
    parse_datetime,
    same_text,
)
from .base import LOOKUP_SLACK
from .net import check_url, guarded_transport

__all__ = ["MastodonConnector", "html_to_text"]

IDEMPOTENCY_WINDOW_SECONDS = 3600

_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_PARAGRAPH = re.compile(r"</p>\s*<p[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")


def html_to_text(content: str) -> str:
    """Mastodon's status HTML -> plain text (links keep their full URL)."""
    text = _PARAGRAPH.sub("\n\n", content)
    text = _BREAK.sub("\n", text)
    return html.unescape(_TAG.sub("", text)).strip()


class MastodonConnector(Connector):
    platform: ClassVar[str] = "mastodon"
    credential_fields: ClassVar[tuple[str, ...]] = ("instance", "access_token")
    max_text_length: ClassVar[int] = 500
    max_images: ClassVar[int] = 4

    def __init__(
        self,
        instance: str,
        access_token: str,
        *,
        max_characters: int | None = None,
        poll_interval: float = 1.0,
        max_polls: int = 30,
        transport: httpx.BaseTransport | None = None,
        **kwargs: Any,
    ) -> None:
        self.instance = check_url(instance)
        super().__init__(transport=transport if transport is not None else guarded_transport(), **kwargs)
        self._token = access_token
        self._account: dict[str, Any] | None = None
        if max_characters:
            self.max_text_length = max_characters  # type: ignore[misc]
        self.poll_interval = poll_interval
        self.max_polls = max_polls

    def _api(
        self,
        method: str,
        path: str,
        *,
        what: str,
        ok: tuple[int, ...] = (200,),
        scrub: tuple[str, ...] = (),
        headers: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> tuple[int, Any]:
        response = self._send(
            method,
            f"{self.instance}{path}",
            headers={"Authorization": f"Bearer {self._token}", **(headers or {})},
            scrub=scrub,
            **kwargs,
        )
        if response.status_code in ok:
            return response.status_code, json_or_empty(response)
        body = json_or_empty(response)
        detail = str(body.get("error", "")) if isinstance(body, dict) else ""
        raise self._error(response, what=what, detail=detail, scrub=scrub)

    def _me(self) -> dict[str, Any]:
        if self._account is None:
            self._account = self._api("GET", "/api/v1/accounts/verify_credentials", what="account lookup")[1]
        return self._account

    def verify(self) -> str:
        self._account = None
        return str(self._me()["acct"])

    def _upload(self, media: Any, scrub: tuple[str, ...]) -> str:
        noun = "video" if media.is_video else "image"
        if media.data is None:
            raise ConnectorError(f"mastodon: an {noun} needs its bytes (data)" if noun == "image" else
                                 "mastodon: a video needs its bytes (data)", permanent=True, code="invalid")
        status, body = self._api(
            "POST",
            "/api/v2/media",
            what=f"{noun} upload",
            ok=(200, 202),
            scrub=scrub,
            data={"description": media.alt_text},
            files={"file": (noun, media.data, media.mime_type)},
        )
        media_id = str(body["id"])
        polls = 0
        while status == 202 or not body.get("url"):
            if polls >= self.max_polls:
                raise ConnectorError("mastodon: image still processing; try again", retry_after=30.0, code="server_error")
            self._sleep(self.poll_interval)
            polls += 1
            status, body = self._api("GET", f"/api/v1/media/{media_id}", what="image processing", ok=(200, 206))
            if status == 206:
                body = {}
        return media_id

    def _remote(self, status: dict[str, Any], *, already_existed: bool = False) -> RemotePost:
        return RemotePost(self.platform, str(status["id"]), status.get("url") or status.get("uri"), already_existed=already_existed)

    def _find_existing(self, post: OutboundPost) -> RemotePost | None:
        _, statuses = self._api(
            "GET",
            f"/api/v1/accounts/{self._me()['id']}/statuses",
            what="lookup of earlier attempt",
            params={"limit": 40, "exclude_reblogs": "true"},
        )
        earliest = post.first_attempt_at - LOOKUP_SLACK
        for status in statuses or []:
            if parse_datetime(str(status["created_at"])) >= earliest and same_text(html_to_text(str(status.get("content") or "")), post.text):
                return self._remote(status, already_existed=True)
        return None

    def _post_status(self, payload: dict[str, Any], key: str | None, scrub: tuple[str, ...]) -> dict[str, Any]:
        headers = {"Idempotency-Key": key} if key else None
        return self._api("POST", "/api/v1/statuses", what="publish", json=payload, headers=headers, scrub=scrub)[1]

    def publish(self, post: OutboundPost) -> RemotePost:
        self.check_text(post.text)
        self.check_media(post.media)
        existing = self.already_published(post)
        if existing is not None:
            return existing
        scrub = (post.text, *(m.alt_text for m in post.media))
        payload: dict[str, Any] = {"status": post.text, "visibility": "public"}
        if post.media:
            payload["media_ids"] = [self._upload(m, scrub) for m in post.media]
        status = self._post_status(payload, post.key, scrub)
        return self._remote(status)

    def delete(self, remote: RemotePost) -> None:
        with gone_is_fine():
            self._api("DELETE", f"/api/v1/statuses/{remote.id}", what="delete")

    def fetch_replies(self, since_cursor: str | None = None, *, max_pages: int = 10) -> RepliesPage:
        items: list[InboundItem] = []
        cursor = since_cursor
        for _ in range(max_pages):
            params: list[tuple[str, Any]] = [("types[]", "mention"), ("limit", 40)]
            if cursor:
                params.append(("min_id", cursor))
            _, notifications = self._api("GET", "/api/v1/notifications", what="notifications", params=params)
            if not notifications:
                break
            for note in notifications:
                status = note.get("status")
                if note.get("type") == "mention" and status:
                    items.append(self._item(status))
            newest = max(notifications, key=lambda n: int(n["id"]))["id"]
            if cursor is not None and int(newest) <= int(cursor):
                break
            cursor = str(newest)
            if since_cursor is None:
                break  # first read: the latest page only, then forward from it
        items.sort(key=lambda i: i.created_at)
        return RepliesPage(items, cursor)

    def _item(self, status: dict[str, Any]) -> InboundItem:
        account = status.get("account") or {}
        parent = status.get("in_reply_to_id")
        return InboundItem(
            platform=self.platform,
            id=str(status["id"]),
            kind="reply" if parent else "mention",
            author_handle=str(account.get("acct") or account.get("username") or ""),
            author_id=account.get("id"),
            text=html_to_text(str(status.get("content") or "")),
            created_at=parse_datetime(str(status["created_at"])),
            parent_id=str(parent) if parent else None,
            url=status.get("url") or status.get("uri"),
        )

    def fetch_metrics(self, remote: RemotePost) -> dict[str, int]:
        _, status = self._api("GET", f"/api/v1/statuses/{remote.id}", what="metrics")
        return {
            "favourites": int(status.get("favourites_count") or 0),
            "reblogs": int(status.get("reblogs_count") or 0),
            "replies": int(status.get("replies_count") or 0),
        }

    def reply(self, to: InboundItem, text: str, *, key: str | None = None) -> RemotePost:
        self.check_text(text)
        payload = {"status": text, "in_reply_to_id": to.id, "visibility": "public"}
        return self._remote(self._post_status(payload, key, (text,)))
