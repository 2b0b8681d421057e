"""Instagram professional accounts (Instagram Graph API, Facebook Login; permissions
``instagram_basic``, ``instagram_content_publish``, ``instagram_manage_comments``,
``pages_read_engagement``).

Publishing is two steps (content publishing guide): ``POST /{ig-user-id}/media`` with
``image_url`` (Instagram fetches it, so it must be a public URL), ``caption`` and ``alt_text``
makes a container; we poll ``GET /{container}?fields=status_code`` until ``FINISHED``
(``ERROR``/``EXPIRED`` are permanent), then ``POST /{ig-user-id}/media_publish`` with
``creation_id``. Two to ten images make a carousel (child containers with
``is_carousel_item=true``, then a ``CAROUSEL`` container). A video is a Reel: with its bytes, the
resumable upload (``POST /{ig-user-id}/media`` with ``media_type=REELS``, ``upload_type=resumable``,
``caption``, ``share_to_feed=true`` makes the container; the bytes are ``POST``ed to
``https://rupload.facebook.com/ig-api-upload/{version}/{container}`` with ``Authorization: OAuth
<token>``, ``offset: 0`` and ``file_size``), or with ``video_url`` when it has a public URL; then
the same status polling and ``media_publish``. Instagram needs at least one image or a video;
captions are limited to 2,200 characters, 30 hashtags and 20 @mentions; an account may
publish 50 posts per 24 hours (error subcode 2207042: transient, retried later).

Idempotency: no idempotency key. On a retry (``attempt > 1``) we first list the account's
recent media (``GET /{ig-user-id}/media?fields=caption,timestamp``) and return the one with
the same caption published since the first attempt (``already_existed=True``).

Comments: recent media with the ``comments`` edge and their ``replies``; cursor = newest
``timestamp``. Metrics: ``like_count``, ``comments_count``. Replies: ``POST
/{comment-id}/replies``. Delete: ``DELETE /{media-id}`` (Facebook Login accounts only; where
Instagram refuses it, a permanent error tells staff to remove the post in the app).
"""

from __future__ import annotations

import regex
from typing import Any, ClassVar

from .base import (
    INVALID,
    NOT_FOUND,
    ConnectorError,
    InboundItem,
    OutboundPost,
    RemotePost,
    RepliesPage,
    parse_datetime,
    same_text,
)
from .base import LOOKUP_SLACK
from .graph import GraphConnector

__all__ = ["InstagramConnector"]

PUBLISHING_LIMIT_SUBCODE = 2207042
RUPLOAD = "https://rupload.facebook.com"
_HASHTAG = regex.compile(r"#[\p{L}\p{N}_]+")
_MENTION = regex.compile(r"@[A-Za-z0-9_.]+")
COMMENT_FIELDS = "id,text,username,timestamp,from{id,username}"


class InstagramConnector(GraphConnector):
    platform: ClassVar[str] = "instagram"
    credential_fields: ClassVar[tuple[str, ...]] = ("ig_user_id", "access_token")
    max_text_length: ClassVar[int] = 2200
    max_images: ClassVar[int] = 10
    can_hide: ClassVar[bool] = True

    def __init__(
        self,
        ig_user_id: str,
        access_token: str,
        *,
        poll_interval: float = 2.0,
        max_polls: int = 30,
        **kwargs: Any,
    ) -> None:
        super().__init__(access_token, **kwargs)
        self.ig_user_id = ig_user_id
        self.poll_interval = poll_interval
        self.max_polls = max_polls

    def _publishing_limit(self, code: int, subcode: int) -> bool:
        return subcode == PUBLISHING_LIMIT_SUBCODE

    def verify(self) -> str:
        return str(self._graph("GET", self.ig_user_id, what="account lookup", params={"fields": "id,username"})["username"])

    def check_text(self, text: str) -> None:
        super().check_text(text)
        if len(_HASHTAG.findall(text)) > 30:
            raise ConnectorError("instagram: more than 30 hashtags", permanent=True, code=INVALID)
        if len(_MENTION.findall(text)) > 20:
            raise ConnectorError("instagram: more than 20 @mentions", permanent=True, code=INVALID)

    def _find_existing(self, post: OutboundPost) -> RemotePost | None:
        body = self._graph(
            "GET",
            f"{self.ig_user_id}/media",
            what="lookup of earlier attempt",
            params={"fields": "id,caption,timestamp,permalink", "limit": 25},
        )
        earliest = post.first_attempt_at - LOOKUP_SLACK
        for item in body.get("data") or []:
            if parse_datetime(str(item["timestamp"])) >= earliest and same_text(str(item.get("caption") or ""), post.text):
                return RemotePost(self.platform, str(item["id"]), item.get("permalink"), already_existed=True)
        return None

    def _container(self, params: dict[str, Any], scrub: tuple[str, ...]) -> str:
        body = self._graph("POST", f"{self.ig_user_id}/media", what="media container", data=params, scrub=scrub)
        return str(body["id"])

    def _wait_ready(self, container: str) -> None:
        for _ in range(self.max_polls):
            body = self._graph("GET", container, what="container status", params={"fields": "status_code"})
            status = body.get("status_code")
            if status in ("FINISHED", "PUBLISHED"):
                return
            if status in ("ERROR", "EXPIRED"):
                raise ConnectorError(
                    f"instagram: the media container is {status} (image not fetchable or not accepted)",
                    permanent=True,
                    code=INVALID,
                )
            self._sleep(self.poll_interval)
        raise ConnectorError("instagram: media still processing; try again", retry_after=60.0, code="server_error")

    def _reel(self, post: OutboundPost, clip: Any, scrub: tuple[str, ...]) -> str:
        """A Reel's container, its bytes uploaded (resumable upload) unless Instagram fetches its URL."""
        params = {"media_type": "REELS", "caption": post.text, "share_to_feed": "true"}
        if clip.url:
            return self._container({**params, "video_url": clip.url}, scrub)
        if clip.data is None:
            raise ConnectorError("instagram: a video needs its bytes or a public URL", permanent=True, code=INVALID)
        container = self._container({**params, "upload_type": "resumable"}, scrub)
        response = self._send(
            "POST",
            f"{RUPLOAD}/ig-api-upload/{self.version}/{container}",
            content=clip.data,
            headers={"Authorization": f"OAuth {self._token}", "offset": "0", "file_size": str(len(clip.data)),
                     "Content-Type": "application/octet-stream"},
            scrub=scrub,
        )
        if response.status_code >= 300:
            raise self._graph_error(response, "video upload", scrub)
        return container

    def publish(self, post: OutboundPost) -> RemotePost:
        self.check_text(post.text)
        self.check_media(post.media)
        if not post.media:
            raise ConnectorError("instagram: a post needs at least one image", permanent=True, code=INVALID)
        if post.media[0].is_video:
            existing = self.already_published(post)
            if existing is not None:
                return existing
            scrub = (post.text, *(m.alt_text for m in post.media))
            return self._published(self._reel(post, post.media[0], scrub), scrub)
        if any(not m.url for m in post.media):
            raise ConnectorError(
                "instagram: images must have a public URL (Instagram fetches them)", permanent=True, code=INVALID
            )
        existing = self.already_published(post)
        if existing is not None:
            return existing
        scrub = (post.text, *(m.alt_text for m in post.media))
        if len(post.media) == 1:
            media = post.media[0]
            container = self._container({"image_url": media.url, "caption": post.text, "alt_text": media.alt_text}, scrub)
        else:
            children = [
                self._container({"image_url": m.url, "is_carousel_item": "true", "alt_text": m.alt_text}, scrub)
                for m in post.media
            ]
            for child in children:
                self._wait_ready(child)
            container = self._container(
                {"media_type": "CAROUSEL", "children": ",".join(children), "caption": post.text}, scrub
            )
        return self._published(container, scrub)

    def _published(self, container: str, scrub: tuple[str, ...]) -> RemotePost:
        self._wait_ready(container)
        body = self._graph(
            "POST", f"{self.ig_user_id}/media_publish", what="publish", data={"creation_id": container}, scrub=scrub
        )
        media_id = str(body["id"])
        link = self._graph("GET", media_id, what="permalink", params={"fields": "permalink"})
        return RemotePost(self.platform, media_id, link.get("permalink"))

    def delete(self, remote: RemotePost) -> None:
        try:
            self._graph("DELETE", remote.id, what="delete")
        except ConnectorError as exc:
            if exc.code == NOT_FOUND:
                return
            if exc.permanent and exc.code == INVALID:
                raise ConnectorError(
                    f"{exc.message}; Instagram did not allow deleting it through the API: remove the post in the Instagram app",
                    permanent=True,
                    code=exc.code,
                    status=exc.status,
                ) from None
            raise

    def fetch_replies(self, since_cursor: str | None = None) -> RepliesPage:
        since = parse_datetime(since_cursor) if since_cursor else None
        body = self._graph(
            "GET",
            f"{self.ig_user_id}/media",
            what="comments",
            params={
                "fields": f"id,permalink,comments.limit(50){{{COMMENT_FIELDS},replies{{{COMMENT_FIELDS}}}}}",
                "limit": 25,
            },
        )
        items: list[InboundItem] = []
        newest = since

        def add(comment: dict[str, Any], parent: str, media: dict[str, Any]) -> None:
            nonlocal newest
            created = parse_datetime(str(comment["timestamp"]))
            author = comment.get("from") or {}
            if (since is not None and created <= since) or author.get("id") == self.ig_user_id:
                return
            newest = created if newest is None or created > newest else newest
            items.append(
                InboundItem(
                    platform=self.platform,
                    id=str(comment["id"]),
                    kind="comment",
                    author_handle=str(comment.get("username") or author.get("username") or "unknown"),
                    author_id=author.get("id"),
                    text=str(comment.get("text") or ""),
                    created_at=created,
                    parent_id=parent,
                    url=media.get("permalink"),
                    root_id=str(media["id"]),
                )
            )

        for media in body.get("data") or []:
            for comment in (media.get("comments") or {}).get("data") or []:
                add(comment, str(media["id"]), media)
                for answer in (comment.get("replies") or {}).get("data") or []:
                    add(answer, str(comment["id"]), media)
        items.sort(key=lambda i: i.created_at)
        return RepliesPage(items, newest.isoformat() if newest else since_cursor)

    def fetch_metrics(self, remote: RemotePost) -> dict[str, int]:
        body = self._graph("GET", remote.id, what="metrics", params={"fields": "like_count,comments_count"})
        return {"likes": int(body.get("like_count") or 0), "comments": int(body.get("comments_count") or 0)}

    def reply(self, to: InboundItem, text: str, *, key: str | None = None) -> RemotePost:
        self.check_text(text)
        comment = to.id if to.parent_id == to.root_id else str(to.parent_id)  # replies are one level deep
        body = self._graph("POST", f"{comment}/replies", what="reply", data={"message": text}, scrub=(text,))
        return RemotePost(self.platform, str(body["id"]), to.url)

    def hide(self, item: InboundItem) -> None:
        """``POST /{ig-comment-id}`` with ``hide=true`` (needs ``instagram_manage_comments``)."""
        self._graph("POST", item.id, what="hide", data={"hide": "true"})
