"""Platform connectors: one module per platform behind one small interface (``base``).

No Django here: plain dataclasses in and out. ``CONNECTORS`` maps a platform name to its
class; ``connector_for(platform, credentials)`` builds one from a channel's stored credentials.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .base import (
    Connector,
    ConnectorError,
    InboundItem,
    MediaItem,
    OutboundPost,
    RemotePost,
    RepliesPage,
)
from .bluesky import BlueskyConnector
from .facebook import FacebookConnector
from .fake import FakeConnector
from .instagram import InstagramConnector
from .linkedin import LinkedInConnector
from .mastodon import MastodonConnector
from .net import check_url
from .x import XConnector

__all__ = [
    "BlueskyConnector",
    "CONNECTORS",
    "Connector",
    "ConnectorError",
    "FacebookConnector",
    "FakeConnector",
    "InboundItem",
    "InstagramConnector",
    "LinkedInConnector",
    "MastodonConnector",
    "MediaItem",
    "OutboundPost",
    "RemotePost",
    "RepliesPage",
    "XConnector",
    "check_url",
    "connector_for",
]

CONNECTORS: dict[str, type[Connector]] = {
    cls.platform: cls
    for cls in (
        BlueskyConnector,
        MastodonConnector,
        FacebookConnector,
        InstagramConnector,
        LinkedInConnector,
        XConnector,
    )
}


def connector_for(platform: str, credentials: Mapping[str, Any], **kwargs: Any) -> Connector:
    """A connector for one channel. Unknown platform or missing credentials: a permanent
    ``ConnectorError``."""
    try:
        cls = CONNECTORS[platform]
    except KeyError:
        raise ConnectorError(f"unknown platform {platform!r}", permanent=True, code="invalid") from None
    return cls.from_credentials(credentials, **kwargs)
