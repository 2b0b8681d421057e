"""An in-memory connector for tests, demos and benchmarks (never a real platform).

It behaves like a well-behaved platform with idempotency by ``OutboundPost.key``: publishing
the same key twice returns the first post with ``already_existed=True``. ``latency`` adds a
delay per call (the publishing benchmark uses 0.05 s); ``fail_next`` queues errors to raise.
Thread-safe, so several workers may share one instance.
"""

from __future__ import annotations

import itertools
import threading
import time
from datetime import datetime, timezone
from typing import Any, ClassVar

from .base import (
    NOT_FOUND,
    Connector,
    ConnectorError,
    InboundItem,
    OutboundPost,
    RemotePost,
    RepliesPage,
)

__all__ = ["FakeConnector"]


class FakeConnector(Connector):
    platform: ClassVar[str] = "fake"
    max_text_length: ClassVar[int] = 500

    def __init__(self, *, latency: float = 0.0, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.latency = latency
        self.posts: dict[str, RemotePost] = {}
        self.texts: dict[str, str] = {}
        self.by_key: dict[str, str] = {}
        self.inbox: list[InboundItem] = []
        self.replies: list[tuple[str, str]] = []
        self.fail_next: list[ConnectorError] = []
        self.calls = 0
        self._ids = itertools.count(1)
        self._lock = threading.Lock()

    def _tick(self) -> None:
        if self.latency:
            time.sleep(self.latency)
        with self._lock:
            self.calls += 1
            if self.fail_next:
                raise self.fail_next.pop(0)

    def verify(self) -> str:
        self._tick()
        return "fake-account"

    def publish(self, post: OutboundPost) -> RemotePost:
        self.check_text(post.text)
        self._tick()
        with self._lock:
            if post.key in self.by_key:
                first = self.posts[self.by_key[post.key]]
                return RemotePost(first.platform, first.id, first.url, already_existed=True)
            post_id = str(next(self._ids))
            remote = RemotePost(self.platform, post_id, f"https://fake.example/posts/{post_id}")
            self.posts[post_id] = remote
            self.texts[post_id] = post.text
            self.by_key[post.key] = post_id
            return remote

    def delete(self, remote: RemotePost) -> None:
        self._tick()
        with self._lock:
            self.posts.pop(remote.id, None)
            self.texts.pop(remote.id, None)

    def fetch_replies(self, since_cursor: str | None = None) -> RepliesPage:
        self._tick()
        start = int(since_cursor or 0)
        return RepliesPage(list(self.inbox[start:]), str(len(self.inbox)))

    def fetch_metrics(self, remote: RemotePost) -> dict[str, int]:
        self._tick()
        if remote.id not in self.posts:
            raise ConnectorError("fake: no such post", permanent=True, code=NOT_FOUND)
        return {"likes": 0, "replies": sum(1 for item in self.inbox if item.parent_id == remote.id)}

    def reply(self, to: InboundItem, text: str, *, key: str | None = None) -> RemotePost:
        self.check_text(text)
        self._tick()
        with self._lock:
            post_id = str(next(self._ids))
            self.replies.append((to.id, text))
        return RemotePost(self.platform, post_id, None)

    def add_inbound(self, text: str, *, parent_id: str | None = None, author: str = "someone") -> InboundItem:
        """Simulate a comment/reply/mention arriving from the public."""
        with self._lock:
            item = InboundItem(
                platform=self.platform,
                id=f"in-{next(self._ids)}",
                kind="reply" if parent_id else "mention",
                author_handle=author,
                text=text,
                created_at=datetime.now(timezone.utc),
                parent_id=parent_id,
            )
            self.inbox.append(item)
        return item
