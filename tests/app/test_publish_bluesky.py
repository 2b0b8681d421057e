"""Bluesky end to end: the reference AT Protocol PDS runs on loopback (safepost.connectors.devnet,
the same network tests/connectors uses). A channel is connected through the API, a patient story
with a covering consent goes draft → review → approved → scheduled, the worker publishes it, the
record is read back from the PDS, and revoking the consent deletes it there."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from safepost.app.accounts import services as accounts
from safepost.app.audit.models import AuditEntry
from safepost.app.audit.services import Who
from safepost.app.posts import publishing, services
from safepost.app.posts.models import Delivery
from safepost.connectors.devnet import AtprotoDevNetwork

from .posting import *  # noqa: F401,F403
from .posting import STORY_TEXT


@pytest.fixture(scope="module")
def pds():
    with AtprotoDevNetwork(appview=False) as net:
        yield net


def get_record(net, uri: str):
    repo, collection, rkey = uri[5:].split("/")
    return net.xrpc("GET", "com.atproto.repo.getRecord", params={"repo": repo, "collection": collection, "rkey": rkey})


def test_a_post_goes_out_to_bluesky_and_comes_down_on_revocation(pds, people, who, consent, monkeypatch):
    monkeypatch.setenv("SAFEPOST_ALLOW_PRIVATE_HOSTS", "1")          # the PDS is on loopback
    account = pds.create_account()
    _k, token = accounts.create_api_key(Who.cli(people.acme), people.acme, "admin", user=people["alice"])
    r = Client().post("/api/v1/channels", data=json.dumps({"platform": "bluesky", "name": "Sky", "credentials": {
        "service": pds.pds_url, "identifier": account.handle, "app_password": account.app_password}}),
        content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert r.status_code == 201, r.content
    channel_id = r.json()["id"]
    assert r.json()["handle"] == account.handle

    post = services.create_post(who("andy"), people.acme, STORY_TEXT, [channel_id], consent_id=consent.pk)
    services.submit(who("andy"), post)
    services.approve(who("rita"), post)
    services.schedule(who("andy"), post, None)
    assert publishing.publish_due("w1") == 1

    d = Delivery.objects.get(post=post)
    post.refresh_from_db()
    assert (post.state, d.state) == ("published", "published")
    uri = d.remote["id"]
    assert uri.startswith(f"at://{account.did}/app.bsky.feed.post/")
    rec = get_record(pds, uri)
    assert rec.status_code == 200 and rec.json()["value"]["text"] == STORY_TEXT

    from safepost.app.consent import services as consents

    consents.revoke(who("pat"), consent)
    assert publishing.takedown_due("w1") == 1
    assert get_record(pds, uri).status_code == 400            # RecordNotFound: gone from the PDS
    d.refresh_from_db()
    assert d.state == "deleted"
    entry = AuditEntry.objects.get(action="post.takedown")
    assert entry.meta["deleted"] is True and entry.meta["remote_id"] == uri


def test_a_post_with_a_video_is_checked_by_the_worker_then_published_as_a_video_embed(pds, people, who, monkeypatch):
    """Upload (API) → the job mediascan → review → the publishing worker → the PDS holds the
    stripped copy (no container tags) as the post's app.bsky.embed.video."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from safepost.app.channels import services as channels
    from safepost.app.posts import mediascan
    from safepost.app.posts.models import Attachment

    from .media_uploads import calm_frame, make_clip, require_ffmpeg, require_tesseract
    from .posting import ALLOW_TEXT

    require_ffmpeg()
    require_tesseract()
    monkeypatch.setenv("SAFEPOST_ALLOW_PRIVATE_HOSTS", "1")
    account = pds.create_account()
    sky = channels.create_channel(who("alice"), people.acme, "bluesky", "Sky", {
        "service": pds.pds_url, "identifier": account.handle, "app_password": account.app_password})
    _k, token = accounts.create_api_key(Who.cli(people.acme), people.acme, "andy", user=people["andy"])
    post = services.create_post(who("andy"), people.acme, ALLOW_TEXT, [sky.pk])
    data = make_clip([(calm_frame((320, 180)), 2)], tags={"artist": "Pat Example"})
    r = Client().post(f"/api/v1/posts/{post.pk}/attachments",
                      {"file": SimpleUploadedFile("lobby.mp4", data, "video/mp4"), "alt_text": "Our lobby"},
                      HTTP_AUTHORIZATION=f"Bearer {token}")
    assert r.status_code == 201, r.content
    assert mediascan.scan_due("w1") == 1
    post.refresh_from_db()
    assert post.verdict == "ALLOW"
    services.submit(who("andy"), post)
    services.approve(who("rita"), post)
    services.schedule(who("andy"), post, None)
    assert publishing.publish_due("w1") == 1
    d = Delivery.objects.get(post=post)
    assert d.state == "published", d.last_error
    embed = get_record(pds, d.remote["id"]).json()["value"]["embed"]
    assert embed["$type"] == "app.bsky.embed.video" and embed["alt"] == "Our lobby"
    assert embed["aspectRatio"] == {"width": 320, "height": 180}
    blob = pds.xrpc("GET", "com.atproto.sync.getBlob", params={"did": account.did, "cid": embed["video"]["ref"]["$link"]})
    assert blob.content == Attachment.objects.get(post=post).published_bytes() and b"Pat Example" not in blob.content
