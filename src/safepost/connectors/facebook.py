"""Facebook Pages (Graph API) with a Page access token (permissions ``pages_manage_posts``,
``pages_read_engagement``, ``pages_read_user_content``, ``pages_manage_engagement``).

Publishing: ``POST /{page-id}/feed`` with ``message``; images are first uploaded unpublished
with ``POST /{page-id}/photos`` (``published=false``, ``alt_text_custom``) and attached with
``attached_media[i]={"media_fbid": ...}``. The answer's ``id`` is "<page id>_<post id>". A video is published by itself with ``POST
/{page-id}/videos`` (multipart ``source``, ``description`` = the post's text; the non-resumable
upload, files up to 1 GB and 20 minutes); the answer's ``id`` is the video's, its page
``https://www.facebook.com/{page-id}/videos/{video-id}``.

Idempotency: the Pages API has no idempotency key. On a retry (``attempt > 1``) we first list
the Page's posts since the first attempt (``GET /{page-id}/published_posts?since=``) and
return the one with the same message (``already_existed=True``). A 506 "Duplicate status
message" is a permanent ``duplicate`` error.

Comments: ``GET /{page-id}/published_posts`` with the ``comments`` edge expanded
(``filter(stream)`` so replies to comments come too, newest first); the cursor is the newest
``created_time`` seen. Metrics: reactions, comments and shares of the post. Replies:
``POST /{comment-id}/comments``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, ClassVar

from .base import (
    ConnectorError,
    InboundItem,
    OutboundPost,
    RemotePost,
    RepliesPage,
    gone_is_fine,
    parse_datetime,
    same_text,
)
from .base import LOOKUP_SLACK
from .graph import GraphConnector

__all__ = ["FacebookConnector"]

COMMENT_FIELDS = "id,message,from{id,name},created_time,parent{id},permalink_url"


class FacebookConnector(GraphConnector):
    platform: ClassVar[str] = "facebook"
    credential_fields: ClassVar[tuple[str, ...]] = ("page_id", "page_access_token")
    max_text_length: ClassVar[int] = 63206
    max_images: ClassVar[int] = 10
    can_hide: ClassVar[bool] = True

    def __init__(self, page_id: str, page_access_token: str, **kwargs: Any) -> None:
        super().__init__(page_access_token, **kwargs)
        self.page_id = page_id

    def verify(self) -> str:
        return str(self._graph("GET", self.page_id, what="page lookup", params={"fields": "id,name"})["name"])

    def _find_existing(self, post: OutboundPost) -> RemotePost | None:
        since = int((post.first_attempt_at - LOOKUP_SLACK).timestamp())
        body = self._graph(
            "GET",
            f"{self.page_id}/published_posts",
            what="lookup of earlier attempt",
            params={"fields": "id,message,created_time,permalink_url", "since": since, "limit": 50},
        )
        for item in body.get("data") or []:
            if same_text(str(item.get("message") or ""), post.text):
                return RemotePost(self.platform, str(item["id"]), item.get("permalink_url") or self._url(str(item["id"])), already_existed=True)
        return None

    def _url(self, post_id: str) -> str:
        return f"https://www.facebook.com/{post_id}"

    def publish(self, post: OutboundPost) -> RemotePost:
        self.check_text(post.text)
        self.check_media(post.media)
        existing = self.already_published(post)
        if existing is not None:
            return existing
        scrub = (post.text, *(m.alt_text for m in post.media))
        if post.media and post.media[0].is_video:
            return self._publish_video(post, post.media[0], scrub)
        data: dict[str, Any] = {"message": post.text}
        for index, media in enumerate(post.media):
            if media.data is None:
                raise ConnectorError("facebook: an image needs its bytes (data)", permanent=True, code="invalid")
            photo = self._graph(
                "POST",
                f"{self.page_id}/photos",
                what="image upload",
                data={"published": "false", "alt_text_custom": media.alt_text},
                files={"source": ("image", media.data, media.mime_type)},
                scrub=scrub,
            )
            data[f"attached_media[{index}]"] = json.dumps({"media_fbid": photo["id"]})
        body = self._graph("POST", f"{self.page_id}/feed", what="publish", data=data, scrub=scrub)
        post_id = str(body["id"])
        return RemotePost(self.platform, post_id, self._url(post_id))

    def _publish_video(self, post: OutboundPost, clip: Any, scrub: tuple[str, ...]) -> RemotePost:
        if clip.data is None:
            raise ConnectorError("facebook: a video needs its bytes (data)", permanent=True, code="invalid")
        body = self._graph(
            "POST",
            f"{self.page_id}/videos",
            what="video upload",
            data={"description": post.text},
            files={"source": ("video", clip.data, clip.mime_type)},
            scrub=scrub,
        )
        video_id = str(body["id"])
        return RemotePost(self.platform, video_id, f"https://www.facebook.com/{self.page_id}/videos/{video_id}")

    def delete(self, remote: RemotePost) -> None:
        with gone_is_fine():
            self._graph("DELETE", remote.id, what="delete")

    def fetch_replies(self, since_cursor: str | None = None) -> RepliesPage:
        since = parse_datetime(since_cursor) if since_cursor else None
        body = self._graph(
            "GET",
            f"{self.page_id}/published_posts",
            what="comments",
            params={
                "fields": f"id,permalink_url,comments.filter(stream).order(reverse_chronological).limit(100){{{COMMENT_FIELDS}}}",
                "limit": 25,
            },
        )
        items: list[InboundItem] = []
        newest = since
        for post in body.get("data") or []:
            for comment in (post.get("comments") or {}).get("data") or []:
                created = parse_datetime(str(comment["created_time"]))
                author = comment.get("from") or {}
                if (since is not None and created <= since) or author.get("id") == self.page_id:
                    continue
                newest = created if newest is None or created > newest else newest
                parent = (comment.get("parent") or {}).get("id") or post["id"]
                items.append(
                    InboundItem(
                        platform=self.platform,
                        id=str(comment["id"]),
                        kind="comment",
                        author_handle=str(author.get("name") or author.get("id") or "unknown"),
                        author_id=author.get("id"),
                        text=str(comment.get("message") or ""),
                        created_at=created,
                        parent_id=str(parent),
                        url=comment.get("permalink_url"),
                        root_id=str(post["id"]),
                    )
                )
        items.sort(key=lambda i: i.created_at)
        return RepliesPage(items, newest.isoformat() if newest else since_cursor)

    def fetch_metrics(self, remote: RemotePost) -> dict[str, int]:
        body = self._graph(
            "GET",
            remote.id,
            what="metrics",
            params={"fields": "reactions.summary(total_count).limit(0),comments.summary(total_count).limit(0),shares"},
        )
        return {
            "reactions": _total(body.get("reactions")),
            "comments": _total(body.get("comments")),
            "shares": int((body.get("shares") or {}).get("count") or 0),
        }

    def reply(self, to: InboundItem, text: str, *, key: str | None = None) -> RemotePost:
        self.check_text(text)
        body = self._graph("POST", f"{to.id}/comments", what="reply", data={"message": text}, scrub=(text,))
        return RemotePost(self.platform, str(body["id"]), None)

    def hide(self, item: InboundItem) -> None:
        """``POST /{comment-id}`` with ``is_hidden=true``: hidden from everyone but the author
        and their friends (needs ``pages_manage_engagement``)."""
        self._graph("POST", item.id, what="hide", data={"is_hidden": "true"})


def _total(edge: Mapping[str, Any] | None) -> int:
    return int(((edge or {}).get("summary") or {}).get("total_count") or 0)
