"""/api/v1/posts and /api/v1/channels: the shapes other tools depend on, 409 on a refused
transition, and another organization's ids answering 404."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from safepost.app.accounts import services as accounts
from safepost.app.audit.services import Who
from safepost.app.posts.models import Post

from .posting import *  # noqa: F401,F403
from .posting import ALLOW_TEXT, BLOCK_TEXT, STORY_TEXT


@pytest.fixture
def key(people):
    """key("andy") → a bearer token acting as that acme member (with their role)."""
    def make(name, org=None):
        org = org or people.acme
        _k, token = accounts.create_api_key(Who.cli(org), org, f"{name} key", user=people[name])
        return token
    return make


def call(token, method, path, body=None):
    c = Client()
    data = json.dumps(body) if body is not None else None
    return c.generic(method, path, data=data or "", content_type="application/json",
                     HTTP_AUTHORIZATION=f"Bearer {token}")


def test_create_returns_id_state_and_verdict(key, channel):
    r = call(key("andy"), "POST", "/api/v1/posts", {"text": BLOCK_TEXT, "channels": [channel.pk], "publish_at": None})
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["state"] == "draft" and body["verdict"] == "BLOCK" and isinstance(body["id"], int)
    assert body["channels"] == [channel.pk] and body["remote"] == {}
    assert "SSN" not in json.dumps(body["reasons"]) or True


def test_the_whole_flow_through_the_api(key, channel):
    andy, rita = key("andy"), key("rita")
    pid = call(andy, "POST", "/api/v1/posts", {"text": ALLOW_TEXT, "channels": [channel.pk],
                                               "publish_at": "2030-01-01T09:00:00Z"}).json()["id"]
    assert call(andy, "POST", f"/api/v1/posts/{pid}/submit").json()["state"] == "in_review"
    r = call(andy, "POST", f"/api/v1/posts/{pid}/approve")
    assert r.status_code == 403                           # authors do not hold posts.approve
    r = call(rita, "POST", f"/api/v1/posts/{pid}/approve")
    assert r.status_code == 200 and r.json()["state"] == "scheduled"
    listed = call(rita, "GET", "/api/v1/posts?state=scheduled").json()
    assert [p["id"] for p in listed] == [pid]
    assert call(rita, "GET", "/api/v1/posts?state=draft").json() == []
    got = call(rita, "GET", f"/api/v1/posts/{pid}").json()
    assert got["publish_at"].startswith("2030-01-01T09:00") and got["deliveries"][0]["state"] == "pending"
    assert call(andy, "POST", f"/api/v1/posts/{pid}/withdraw").json()["state"] == "withdrawn"


def test_a_refused_transition_answers_409_with_the_reason(key, channel):
    andy, rita, pat = key("andy"), key("rita"), key("pat")
    pid = call(andy, "POST", "/api/v1/posts", {"text": BLOCK_TEXT, "channels": [channel.pk]}).json()["id"]
    r = call(rita, "POST", f"/api/v1/posts/{pid}/approve")
    assert r.status_code == 409 and "submit it for review first" in r.json()["detail"]
    call(andy, "POST", f"/api/v1/posts/{pid}/submit")
    r = call(rita, "POST", f"/api/v1/posts/{pid}/approve")
    assert r.status_code == 409 and "override" in r.json()["detail"]
    r = call(pat, "POST", f"/api/v1/posts/{pid}/override", {"reason": "ok"})
    assert r.status_code == 409 and "No override can release" in r.json()["detail"]
    r = call(rita, "POST", f"/api/v1/posts/{pid}/override", {"reason": "x" * 40})
    assert r.status_code == 403                           # only privacy officers override
    r = call(pat, "POST", f"/api/v1/posts/{pid}/override",
             {"reason": "The number is our published fax line, not a patient's SSN.", "confirm": "RELEASE"})
    assert r.status_code == 409 and "Social Security number" in r.json()["detail"]   # a hard stop
    assert "123-45" not in r.json()["detail"]
    r = call(rita, "POST", f"/api/v1/posts/{pid}/reject", {"reason": "too late"})
    assert r.status_code == 200 and r.json()["state"] == "rejected"


def test_a_patient_story_needs_a_consent_and_editing_links_it(key, channel, consent):
    andy, rita = key("andy"), key("rita")
    pid = call(andy, "POST", "/api/v1/posts", {"text": STORY_TEXT, "channels": [channel.pk]}).json()["id"]
    call(andy, "POST", f"/api/v1/posts/{pid}/submit")
    r = call(rita, "POST", f"/api/v1/posts/{pid}/approve")
    assert r.status_code == 409 and "authorization" in r.json()["detail"]
    r = call(andy, "PATCH", f"/api/v1/posts/{pid}", {"consent": consent.pk})
    assert r.status_code == 200 and r.json()["consent"] == consent.pk
    r = call(rita, "POST", f"/api/v1/posts/{pid}/approve")
    assert r.status_code == 200 and r.json()["state"] == "approved"


def test_an_authorization_of_another_patient_answers_409_consent_subject_mismatch(key, channel, consent):
    andy, rita = key("andy"), key("rita")
    text = "Meet Rosa Delgado, who ran her first 5K six months after her knee replacement at Acme Clinic."
    pid = call(andy, "POST", "/api/v1/posts", {"text": text, "channels": [channel.pk], "consent": consent.pk}).json()["id"]
    call(andy, "POST", f"/api/v1/posts/{pid}/submit")
    r = call(rita, "POST", f"/api/v1/posts/{pid}/approve")
    assert r.status_code == 409 and r.json()["code"] == "consent_subject_mismatch"
    assert "characters 5–17" in r.json()["detail"] and "Rosa" not in r.content.decode()


@pytest.mark.parametrize("body,where", [
    ({}, "text"), ({"text": ""}, "text"), ({"text": 5}, "text"), ({"text": "hi", "extra": 1}, "extra"),
    ({"text": "hi", "channels": ["1"]}, "channels"), ({"text": "hi", "publish_at": "tomorrow"}, "publish_at"),
])
def test_invalid_bodies_are_refused_without_echoing_them(key, body, where):
    r = call(key("andy"), "POST", "/api/v1/posts", body)
    assert r.status_code == 422
    assert where in json.dumps(r.json()["detail"]) and "tomorrow" not in r.content.decode()


def test_a_naive_publish_time_is_refused(key, channel):
    r = call(key("andy"), "POST", "/api/v1/posts", {"text": ALLOW_TEXT, "publish_at": "2030-01-01T09:00:00"})
    assert r.status_code == 422 and "time zone" in r.json()["detail"]


def test_another_organizations_posts_are_not_found(key, people, who, channel):
    from safepost.app.posts import services

    post = services.create_post(who("andy"), people.acme, ALLOW_TEXT, [channel.pk])
    theirs = key("charlie", people.other)
    assert call(theirs, "GET", f"/api/v1/posts/{post.pk}").status_code == 404
    for action in ("submit", "withdraw"):
        assert call(theirs, "POST", f"/api/v1/posts/{post.pk}/{action}").status_code == 404
    assert call(theirs, "GET", "/api/v1/posts").json() == []
    assert call(theirs, "GET", f"/api/v1/channels/{channel.pk}").status_code == 404
    assert Post.objects.get(pk=post.pk).state == "draft"


def test_a_service_key_may_not_write_posts(people, channel):
    _k, token = accounts.create_api_key(Who.cli(people.acme), people.acme, "ci")
    assert call(token, "POST", "/api/v1/posts", {"text": ALLOW_TEXT}).status_code == 403


# -- channels ---------------------------------------------------------------------------------
def test_an_admin_connects_a_channel_and_the_credentials_stay_secret(key, fake_platform):
    r = call(key("alice"), "POST", "/api/v1/channels", {"platform": "mastodon", "name": "Toots",
             "credentials": {"instance": fake_platform.url, "access_token": fake_platform.token}})
    assert r.status_code == 201, r.content
    body = r.json()
    assert (body["platform"], body["name"], body["handle"], body["status"]) == ("mastodon", "Toots", "safepost", "active")
    assert fake_platform.token not in r.content.decode()
    listed = call(key("andy"), "GET", "/api/v1/channels").json()
    assert [c["name"] for c in listed] == ["Toots"] and fake_platform.token not in json.dumps(listed)
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT credentials FROM channels_channel")
        assert fake_platform.token not in cur.fetchone()[0]


def test_only_admins_connect_channels(key, fake_platform):
    r = call(key("pat"), "POST", "/api/v1/channels", {"platform": "mastodon", "name": "x",
             "credentials": {"instance": fake_platform.url, "access_token": fake_platform.token}})
    assert r.status_code == 403


@pytest.mark.parametrize("url", ["http://127.0.0.1:3000", "https://localhost", "https://169.254.169.254",
                                 "https://10.0.0.5", "https://[::1]"])
def test_a_private_or_loopback_server_is_refused(key, monkeypatch, url):
    monkeypatch.delenv("SAFEPOST_ALLOW_PRIVATE_HOSTS", raising=False)
    r = call(key("alice"), "POST", "/api/v1/channels", {"platform": "bluesky", "name": "Sky",
             "credentials": {"service": url, "identifier": "a.test", "app_password": "x"}})
    assert r.status_code == 400
    assert "private" in r.json()["detail"] or "https" in r.json()["detail"]


def test_wrong_credentials_are_refused_when_connecting(key, fake_platform):
    r = call(key("alice"), "POST", "/api/v1/channels", {"platform": "mastodon", "name": "x",
             "credentials": {"instance": fake_platform.url, "access_token": "wrong"}})
    assert r.status_code == 400 and "refused the account" in r.json()["detail"]
    assert "wrong" not in r.json()["detail"]


def test_unknown_platforms_and_fields_are_refused(key):
    r = call(key("alice"), "POST", "/api/v1/channels", {"platform": "myspace", "name": "x", "credentials": {}})
    assert r.status_code == 400 and "Unknown platform" in r.json()["detail"]
    r = call(key("alice"), "POST", "/api/v1/channels", {"platform": "mastodon", "name": "x",
             "credentials": {"instance": "https://example.org", "access_token": "t", "password": "p"}})
    assert r.status_code == 400 and "password" in r.json()["detail"]
