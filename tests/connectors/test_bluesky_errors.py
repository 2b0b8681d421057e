"""Bluesky error cases the local PDS does not produce on demand (rate limits, AppView outage,
a refresh token that also expired), against recorded XRPC error payloads."""

from __future__ import annotations

import pytest
from connector_helpers import post

from safepost.connectors import BlueskyConnector, ConnectorError, FakeConnector, RemotePost

PDS = "https://pds.example"


def connector(recorder) -> BlueskyConnector:
    return BlueskyConnector(PDS, "elmclinic.bsky.social", "app-pass", transport=recorder.transport)


def test_a_rate_limit_is_transient_until_the_reset(recorder):
    recorder.on("POST", "/xrpc/com.atproto.server.createSession", (200, "bluesky/session"))
    recorder.on("POST", "/xrpc/com.atproto.repo.putRecord", (429, "bluesky/error_rate_limit", {"ratelimit-limit": "5000", "ratelimit-remaining": "0", "ratelimit-reset": "4102444800", "ratelimit-policy": "5000;w=3600"}))
    with pytest.raises(ConnectorError) as info:
        connector(recorder).publish(post("Open house Saturday"))
    assert not info.value.permanent and info.value.code == "rate_limited" and info.value.retry_after > 3600
    assert "Open house" not in info.value.message


def test_an_appview_outage_is_transient(recorder):
    recorder.on("POST", "/xrpc/com.atproto.server.createSession", (200, "bluesky/session"))
    recorder.on("GET", "/xrpc/app.bsky.notification.listNotifications", (502, "bluesky/error_upstream"))
    with pytest.raises(ConnectorError) as info:
        connector(recorder).fetch_replies()
    assert not info.value.permanent and info.value.code == "server_error"


def test_expired_tokens_fall_back_to_a_new_session_then_give_up(recorder):
    recorder.on("POST", "/xrpc/com.atproto.server.createSession", (200, "bluesky/session"), (401, {"error": "AuthenticationRequired", "message": "Invalid identifier or password"}))
    recorder.on("POST", "/xrpc/com.atproto.server.refreshSession", (400, "bluesky/error_expired"))
    recorder.on("GET", "/xrpc/app.bsky.feed.getPosts", (400, "bluesky/error_expired"))
    c = connector(recorder)
    with pytest.raises(ConnectorError) as info:
        c.fetch_metrics(RemotePost("bluesky", "at://did:plc:ewvi7nxzyoun6zhxrhs64oiz/app.bsky.feed.post/3l3qo2vutsw2b"))
    assert info.value.permanent and info.value.needs_reconnect  # the app password was revoked


def test_the_fake_connector_is_idempotent_by_key():
    fake = FakeConnector()
    first = fake.publish(post("hello"))
    again = fake.publish(post("hello", attempt=2))
    assert again.id == first.id and again.already_existed and len(fake.posts) == 1
