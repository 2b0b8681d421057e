"""The inbox end to end against a real Bluesky network on loopback (the AT Protocol reference
PDS + AppView, safepost.connectors.devnet): a second account answers the clinic's post with a
phone number and a diagnosis; the worker's job ingests it and flags it; the community manager
answers with a template through the API; the answer is a reply on the PDS; the comment is
hidden through the root post's threadgate."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from typing import Any, TypeVar

import pytest
from django.db import connection
from django.test import Client

from safepost.app.accounts import services as accounts
from safepost.app.audit.models import AuditEntry
from safepost.app.audit.services import Who
from safepost.app.channels import services as channels
from safepost.app.channels.models import Channel
from safepost.app.inbox import services
from safepost.app.inbox.models import Item
from safepost.connectors import ConnectorError, InboundItem, OutboundPost
from safepost.connectors.bluesky import POST, THREADGATE, BlueskyConnector
from safepost.connectors.devnet import AtprotoDevNetwork

T = TypeVar("T")
PHI_REPLY = "My husband was diagnosed with HIV at your clinic last month. Please call me at 555-201-3344!"


@pytest.fixture(scope="module")
def net() -> Iterator[AtprotoDevNetwork]:
    with AtprotoDevNetwork(appview=True) as network:
        yield network


@pytest.fixture(autouse=True)
def _loopback(monkeypatch):
    monkeypatch.setenv("SAFEPOST_ALLOW_PRIVATE_HOSTS", "1")


def eventually(check: Callable[[], T | None], timeout: float = 20.0) -> T:
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError("the AppView did not show it in time")
        time.sleep(0.3)


def record_of(net: AtprotoDevNetwork, uri: str) -> dict[str, Any]:
    repo, collection, rkey = uri[5:].split("/")
    r = net.xrpc("GET", "com.atproto.repo.getRecord", params={"repo": repo, "collection": collection, "rkey": rkey})
    assert r.status_code == 200, r.text
    return r.json()["value"]


def posts_of(net: AtprotoDevNetwork, did: str) -> list[dict[str, Any]]:
    r = net.xrpc("GET", "com.atproto.repo.listRecords", params={"repo": did, "collection": POST, "limit": 100})
    return r.json()["records"]


def indexed(conn: BlueskyConnector, remote) -> bool:
    try:
        conn.fetch_metrics(remote)
        return True
    except ConnectorError:
        return False


def api(token: str, method: str, path: str, body: Any = None):
    kw = {"data": json.dumps(body), "content_type": "application/json"} if body is not None else {}
    return getattr(Client(), method)(path, HTTP_AUTHORIZATION=f"Bearer {token}", **kw)


def test_a_phi_reply_is_ingested_flagged_answered_with_a_template_and_hidden(net, people):
    clinic, patient = net.create_account(), net.create_account()
    alice = Who.user(people["alice"], people.acme)
    channel = channels.create_channel(alice, people.acme, "bluesky", "Bluesky",
                                      {"service": net.pds_url, "identifier": clinic.handle,
                                       "app_password": clinic.app_password})
    # the clinic's post, and the patient's public answer to it
    clinic_conn = BlueskyConnector(net.pds_url, clinic.handle, clinic.app_password)
    post = clinic_conn.publish(OutboundPost(key="inbox-e2e-1", text="Flu shots this Saturday at all our clinics.",
                                            first_attempt_at=datetime.now(timezone.utc)))
    eventually(lambda: indexed(clinic_conn, post))       # a reply to an unindexed post notifies nobody
    patient_conn = BlueskyConnector(net.pds_url, patient.handle, patient.app_password)
    parent = InboundItem(platform="bluesky", id=post.id, kind="post", author_handle=clinic.handle, text="",
                         created_at=datetime.now(timezone.utc), cid=post.cid)
    phi = patient_conn.reply(parent, PHI_REPLY)

    # the worker's job claims the channel and pulls; then pull again until the AppView has it
    assert services.pull_replies("test-worker") == 1
    assert services.pull_replies("test-worker") == 0          # polled a moment ago: not due
    ch = Channel.objects.get(pk=channel.pk)
    eventually(lambda: services.pull_channel(ch, "test-worker") or Item.objects.filter(org=people.acme).exists())
    item = Item.objects.get(org=people.acme)
    assert item.channel_id == channel.pk and item.source == "bluesky" and item.kind == "reply"
    assert item.body == PHI_REPLY and item.author == patient.handle
    assert item.verdict == "PRIVATE_FOLLOW_UP"
    phone = PHI_REPLY.index("555")
    assert {"start": phone, "end": phone + 12, "label": "PHONE", "is_phi": True} \
        .items() <= next(s for s in item.spans if s["label"] == "PHONE").items()
    assert "health_information" in item.reasons
    with connection.cursor() as cur:
        cur.execute("SELECT body FROM inbox_item WHERE id = %s", [item.pk])
        assert "HIV" not in cur.fetchone()[0]

    # the cursor was stored after the item; re-reading from an older cursor (a restart before
    # the cursor was saved) adds nothing twice, and a new reply still arrives
    ch.refresh_from_db()
    assert ch.replies_cursor
    second = patient_conn.reply(parent, "Also, the parking lot lights are out.")
    Channel.objects.filter(pk=ch.pk).update(replies_cursor="")
    ch.refresh_from_db()
    eventually(lambda: services.pull_channel(ch, "test-worker") or Item.objects.filter(org=people.acme).count() == 2)
    assert Item.objects.filter(org=people.acme).count() == 2
    assert services.pull_channel(ch, "test-worker") == 0

    # the community manager's blocked draft goes nowhere; the template goes out as a reply
    token = accounts.create_api_key(Who.cli(people.acme), people.acme, "cora's", user=people["cora"])[1]
    before = len(posts_of(net, clinic.did))
    r = api(token, "post", f"/api/v1/inbox/{item.pk}/reply",
            {"text": "We're so sorry about your husband's HIV diagnosis, we will call you today."})
    assert r.status_code == 409 and r.json()["blocking_phrase"]
    assert len(posts_of(net, clinic.did)) == before
    template = services.template_for(item, "general", base_url="https://safepost.example/")
    r = api(token, "post", f"/api/v1/inbox/{item.pk}/reply", {"text": template})
    assert r.status_code == 201, r.content
    sent = r.json()
    assert sent["state"] == "sent" and sent["remote"]["platform"] == "bluesky"
    on_pds = record_of(net, sent["remote"]["id"])
    assert on_pds["text"] == template
    assert on_pds["reply"]["parent"]["uri"] == phi.id and on_pds["reply"]["root"]["uri"] == post.id
    assert sent["remote"]["id"].startswith(f"at://{clinic.did}/")
    assert Item.objects.get(pk=item.pk).state == "replied"

    # hidden through the connector: the root post's threadgate lists it, audited
    r = api(token, "post", f"/api/v1/inbox/{item.pk}/hide")
    assert r.status_code == 200 and r.json()["hidden"] is True
    gate = record_of(net, f"at://{clinic.did}/{THREADGATE}/{post.id.rsplit('/', 1)[1]}")
    assert gate["post"] == post.id and gate["hiddenReplies"] == [phi.id]
    entries = AuditEntry.objects.filter(org=people.acme, action__in=["inbox.reply_send", "inbox.hide", "inbox.ingest",
                                                                     "inbox.reply_blocked"])
    assert {e.action for e in entries} == {"inbox.reply_send", "inbox.hide", "inbox.ingest", "inbox.reply_blocked"}
    dumped = json.dumps([e.meta for e in entries])
    assert "HIV" not in dumped and "555-201" not in dumped and second.id not in dumped
