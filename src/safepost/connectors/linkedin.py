"""LinkedIn organization pages: the versioned Posts API (``/rest/posts``) with a member token
that administers the page (permissions ``w_organization_social``, ``r_organization_social``).

Every call sends ``LinkedIn-Version: YYYYMM`` and ``X-Restli-Protocol-Version: 2.0.0``.
Publishing: images via the Images API (``POST /rest/images?action=initializeUpload`` with the
organization as owner, then ``PUT`` the bytes to ``uploadUrl``), then ``POST /rest/posts`` with
``author`` = the organization URN, ``commentary`` (LinkedIn's "little text" format: the
characters ``\\ | { } @ [ ] ( ) < > # * _ ~`` are escaped), ``visibility=PUBLIC`` and
``lifecycleState=PUBLISHED``; one image is ``content.media``, several ``content.multiImage``
(with ``altText``). A video goes through the Videos API: ``POST
/rest/videos?action=initializeUpload`` (owner, ``fileSizeBytes``) answers upload instructions (byte
ranges and URLs); each range is ``PUT`` to its URL and its ``ETag`` kept; ``POST
/rest/videos?action=finalizeUpload`` with the video URN, the ``uploadToken`` and the ETags in
order; ``GET /rest/videos/{urn}`` until its ``status`` is ``AVAILABLE`` (``PROCESSING_FAILED`` is
permanent); then the post's ``content.media.id`` is the video URN (MP4, 75 KB to 500 MB, 3 s to
30 minutes). The new post's URN comes back in the ``x-restli-id`` header. 3,000 characters.

Idempotency: no idempotency key. On a retry (``attempt > 1``) we list the organization's
recent posts (``GET /rest/posts?q=author``) and return the one with the same commentary
created since the first attempt. LinkedIn itself refuses a repeated post with 422
``DUPLICATE_POST`` ("Content is a duplicate of urn:li:share:..."): on a retry that URN is ours
(``already_existed=True``); on a first attempt it is a permanent ``duplicate`` error.

Comments: the organization's recent posts, then ``GET /rest/socialActions/{urn}/comments``;
cursor = newest ``created.time``. LinkedIn gives no handle for commenters: ``author_handle``
is their person URN. Metrics: ``GET /rest/socialMetadata/{urn}`` (reactions by type, comment
count). Errors: 401 (``EXPIRED_ACCESS_TOKEN``/``REVOKED_ACCESS_TOKEN``) permanent; 429
transient (daily quotas reset at midnight UTC when no ``Retry-After`` is given).
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from typing import Any, ClassVar
from urllib.parse import quote

import httpx

from .base import (
    DUPLICATE,
    RATE_LIMITED,
    Connector,
    ConnectorError,
    InboundItem,
    OutboundPost,
    RemotePost,
    RepliesPage,
    from_millis,
    gone_is_fine,
    json_or_empty,
    parse_datetime,
    same_text,
)
from .base import LOOKUP_SLACK

__all__ = ["LinkedInConnector", "escape_little_text", "unescape_little_text"]

API = "https://api.linkedin.com/rest"
LINKEDIN_VERSION = "202510"
_RESERVED = re.compile(r"([\\|{}@\[\]()<>#*_~])")
_ESCAPED = re.compile(r"\\([\\|{}@\[\]()<>#*_~])")
_DUPLICATE_URN = re.compile(r"duplicate of (urn:li:(?:share|ugcPost):\d+)")


def escape_little_text(text: str) -> str:
    return _RESERVED.sub(r"\\\1", text)


def unescape_little_text(text: str) -> str:
    return _ESCAPED.sub(r"\1", text)


def _seconds_to_utc_midnight(now: datetime | None = None) -> float:
    now = now or datetime.now(timezone.utc)
    tomorrow = (now + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    return (tomorrow - now).total_seconds()


class LinkedInConnector(Connector):
    platform: ClassVar[str] = "linkedin"
    credential_fields: ClassVar[tuple[str, ...]] = ("organization_id", "access_token")
    max_text_length: ClassVar[int] = 3000
    max_images: ClassVar[int] = 20

    def __init__(self, organization_id: str, access_token: str, *, version: str = LINKEDIN_VERSION, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.poll_interval = 2.0      # seconds between video status checks
        self.max_polls = 30
        self.org_urn = organization_id if organization_id.startswith("urn:") else f"urn:li:organization:{organization_id}"
        self._token = access_token
        self.version = version

    def _headers(self) -> dict[str, str]:
        return {
            "Authorization": f"Bearer {self._token}",
            "LinkedIn-Version": self.version,
            "X-Restli-Protocol-Version": "2.0.0",
        }

    def _call(self, method: str, url: str, *, what: str, scrub: tuple[str, ...] = (), **kwargs: Any) -> httpx.Response:
        headers = {**self._headers(), **kwargs.pop("headers", {})}
        response = self._send(method, url, headers=headers, scrub=scrub, **kwargs)
        if response.status_code < 300:
            return response
        raise self._linkedin_error(response, what, scrub)

    def _linkedin_error(self, response: httpx.Response, what: str, scrub: tuple[str, ...]) -> ConnectorError:
        body = json_or_empty(response)
        body = body if isinstance(body, dict) else {}
        code = str(body.get("code") or body.get("serviceErrorCode") or "")
        message = str(body.get("message") or "")
        inputs = ((body.get("errorDetails") or {}).get("inputErrors")) or []
        input_codes = {str(e.get("code")) for e in inputs if isinstance(e, dict)}
        detail = ": ".join(p for p in (code, message) if p)
        if response.status_code == 422 and ("DUPLICATE_POST" in input_codes or "duplicate" in message.lower()):
            error = self._error(response, what=what, detail=detail, scrub=scrub, code=DUPLICATE)
            match = _DUPLICATE_URN.search(message)
            error.existing_id = match.group(1) if match else None
            return error
        if response.status_code == 429:
            error = self._error(response, what=what, detail=detail, scrub=scrub, code=RATE_LIMITED)
            if error.retry_after is None:
                error.retry_after = _seconds_to_utc_midnight()
            return error
        return self._error(response, what=what, detail=detail, scrub=scrub)

    def verify(self) -> str:
        org_id = self.org_urn.rsplit(":", 1)[1]
        body = self._call("GET", f"{API}/organizations/{org_id}", what="organization lookup").json()
        return str(body.get("localizedName") or self.org_urn)

    def _url(self, urn: str) -> str:
        return f"https://www.linkedin.com/feed/update/{urn}/"

    def _recent_posts(self, count: int = 20) -> list[dict[str, Any]]:
        response = self._call(
            "GET",
            f"{API}/posts",
            what="post list",
            params={"author": self.org_urn, "q": "author", "count": count, "sortBy": "CREATED"},
            headers={"X-RestLi-Method": "FINDER"},
        )
        return list(json_or_empty(response).get("elements") or [])

    def _find_existing(self, post: OutboundPost) -> RemotePost | None:
        earliest = post.first_attempt_at - LOOKUP_SLACK
        for element in self._recent_posts():
            created = from_millis(int(element.get("createdAt") or element.get("publishedAt") or 0))
            if created >= earliest and same_text(unescape_little_text(str(element.get("commentary") or "")), post.text):
                return RemotePost(self.platform, str(element["id"]), self._url(str(element["id"])), already_existed=True)
        return None

    def _upload(self, media: Any, scrub: tuple[str, ...]) -> str:
        if media.data is None:
            raise ConnectorError("linkedin: an image needs its bytes (data)", permanent=True, code="invalid")
        init = self._call(
            "POST",
            f"{API}/images",
            what="image upload",
            params={"action": "initializeUpload"},
            json={"initializeUploadRequest": {"owner": self.org_urn}},
            scrub=scrub,
        ).json()["value"]
        self._call("PUT", init["uploadUrl"], what="image upload", content=media.data, headers={"Content-Type": media.mime_type})
        return str(init["image"])

    def _upload_video(self, media: Any, scrub: tuple[str, ...]) -> str:
        if media.data is None:
            raise ConnectorError("linkedin: a video needs its bytes (data)", permanent=True, code="invalid")
        value = self._call(
            "POST",
            f"{API}/videos",
            what="video upload",
            params={"action": "initializeUpload"},
            json={"initializeUploadRequest": {"owner": self.org_urn, "fileSizeBytes": len(media.data),
                                              "uploadCaptions": False, "uploadThumbnail": False}},
            scrub=scrub,
        ).json()["value"]
        urn = str(value["video"])
        etags = []
        for part in value.get("uploadInstructions") or []:
            first, last = int(part["firstByte"]), int(part["lastByte"])
            response = self._call("PUT", part["uploadUrl"], what="video upload", content=media.data[first:last + 1],
                                  headers={"Content-Type": "application/octet-stream"})
            etags.append(response.headers.get("etag", ""))
        self._call(
            "POST",
            f"{API}/videos",
            what="video upload",
            params={"action": "finalizeUpload"},
            json={"finalizeUploadRequest": {"video": urn, "uploadToken": value.get("uploadToken") or "",
                                            "uploadedPartIds": etags}},
            scrub=scrub,
        )
        self._wait_available(urn)
        return urn

    def _wait_available(self, urn: str) -> None:
        for polls in range(self.max_polls + 1):
            status = str(self._call("GET", f"{API}/videos/{quote(urn, safe='')}", what="video processing").json()
                         .get("status") or "")
            if status == "AVAILABLE":
                return
            if status == "PROCESSING_FAILED":
                raise ConnectorError("linkedin: the video was not accepted (PROCESSING_FAILED)", permanent=True,
                                     code="invalid")
            if polls < self.max_polls:
                self._sleep(self.poll_interval)
        raise ConnectorError("linkedin: the video is still processing; try again", retry_after=60.0,
                             code="server_error")

    def publish(self, post: OutboundPost) -> RemotePost:
        self.check_text(post.text)
        self.check_media(post.media)
        existing = self.already_published(post)
        if existing is not None:
            return existing
        scrub = (post.text, escape_little_text(post.text), *(m.alt_text for m in post.media))
        body: dict[str, Any] = {
            "author": self.org_urn,
            "commentary": escape_little_text(post.text),
            "visibility": "PUBLIC",
            "distribution": {"feedDistribution": "MAIN_FEED", "targetEntities": [], "thirdPartyDistributionChannels": []},
            "lifecycleState": "PUBLISHED",
            "isReshareDisabledByAuthor": False,
        }
        images = [{"id": self._upload(m, scrub), "altText": m.alt_text} for m in post.media if not m.is_video]
        if post.media and post.media[0].is_video:
            body["content"] = {"media": {"id": self._upload_video(post.media[0], scrub)}}
        elif len(images) == 1:
            body["content"] = {"media": images[0]}
        elif images:
            body["content"] = {"multiImage": {"images": images}}
        try:
            response = self._call("POST", f"{API}/posts", what="publish", json=body, scrub=scrub)
        except ConnectorError as exc:
            if exc.code == DUPLICATE and post.attempt > 1 and exc.existing_id:
                return RemotePost(self.platform, exc.existing_id, self._url(exc.existing_id), already_existed=True)
            raise
        urn = response.headers.get("x-restli-id") or str(json_or_empty(response).get("id") or "")
        return RemotePost(self.platform, urn, self._url(urn))

    def delete(self, remote: RemotePost) -> None:
        with gone_is_fine():
            self._call("DELETE", f"{API}/posts/{quote(remote.id, safe='')}", what="delete", headers={"X-RestLi-Method": "DELETE"})

    def fetch_replies(self, since_cursor: str | None = None, *, posts: int = 10) -> RepliesPage:
        since = parse_datetime(since_cursor) if since_cursor else None
        items: list[InboundItem] = []
        newest = since
        for element in self._recent_posts(posts):
            urn = str(element["id"])
            response = self._call("GET", f"{API}/socialActions/{quote(urn, safe='')}/comments", what="comments")
            for comment in json_or_empty(response).get("elements") or []:
                created = from_millis(int((comment.get("created") or {}).get("time") or 0))
                actor = str(comment.get("actor") or "")
                if (since is not None and created <= since) or actor == self.org_urn:
                    continue
                newest = created if newest is None or created > newest else newest
                items.append(
                    InboundItem(
                        platform=self.platform,
                        id=str(comment.get("commentUrn") or comment.get("$URN") or comment["id"]),
                        kind="comment",
                        author_handle=actor,
                        author_id=actor,
                        text=str((comment.get("message") or {}).get("text") or ""),
                        created_at=created,
                        parent_id=str(comment.get("parentComment") or urn),
                        url=self._url(urn),
                        root_id=urn,
                    )
                )
        items.sort(key=lambda i: i.created_at)
        return RepliesPage(items, newest.isoformat() if newest else since_cursor)

    def fetch_metrics(self, remote: RemotePost) -> dict[str, int]:
        body = self._call("GET", f"{API}/socialMetadata/{quote(remote.id, safe='')}", what="metrics").json()
        reactions = sum(int((v or {}).get("count") or 0) for v in (body.get("reactionSummaries") or {}).values())
        comments = int((body.get("commentSummary") or {}).get("count") or 0)
        return {"reactions": reactions, "comments": comments}

    def reply(self, to: InboundItem, text: str, *, key: str | None = None) -> RemotePost:
        self.check_text(text)
        post_urn = to.root_id or str(to.parent_id)
        body = {"actor": self.org_urn, "object": post_urn, "message": {"text": text}, "parentComment": to.id}
        response = self._call(
            "POST", f"{API}/socialActions/{quote(to.id, safe='')}/comments", what="reply", json=body, scrub=(text,)
        )
        comment_id = response.headers.get("x-restli-id") or str(json_or_empty(response).get("commentUrn") or "")
        return RemotePost(self.platform, comment_id, to.url)
