"""Releasing a reply the check blocked (issues 10 and 13): a privacy officer, a typed
confirmation, an engine-checked reason kept encrypted, the organization's two-person rule,
never the writer's own words, never identifiers consent cannot cure; then the reply goes out
through the connector (the fake Mastodon platform over real HTTP) and an incident opens with
the identifier types, the crisis team told. Real services, database and engine."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from safepost.app.accounts import services as accounts
from safepost.app.accounts.rules import Role
from safepost.app.audit.models import AuditEntry
from safepost.app.audit.services import Who
from safepost.app.inbox import services as inbox
from safepost.app.inbox.models import Reply
from safepost.app.inbox.release import ReleaseRefused, release_reply
from safepost.app.incidents.models import Exposure, Incident
from safepost.app.notify.models import Notification
from safepost.app.posts import services as posts

from .conftest import make_member
from .posting import *  # noqa: F401,F403

COMMENT = "The wait at your clinic was far too long yesterday."
BLOCKED = "Delbert Mayfield, we are sorry your knee replacement follow-up with Dr. Lee ran late."
UNCURABLE = "We have your file under SSN 123-45-6789 and will call you about it."
REASON = "The patient asked us in writing to answer publicly; approved by the privacy office."


@pytest.fixture
def item(people, channel):
    inc = inbox.Incoming("mastodon", "109", "reply", COMMENT, timezone.now(),
                         {"platform": "mastodon", "id": "109", "kind": "reply", "author_handle": "al"})
    return inbox.ingest(Who.cli(people.acme), people.acme, channel, [inc])[0]


def blocked(who, item, text=BLOCKED) -> Reply:
    with pytest.raises(inbox.ReplyBlocked) as e:
        inbox.send_reply(who, item, text)
    assert e.value.reply is not None and e.value.reply.state == "blocked"
    return e.value.reply


def raw(table: str, column: str, pk: int) -> str:
    with connection.cursor() as cur:
        cur.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])
        return cur.fetchone()[0]


def audit_text(org) -> str:
    return json.dumps(list(AuditEntry.objects.filter(org=org).values("action", "meta")))


def api(token, path, body):
    return Client().post(path, data=json.dumps(body), content_type="application/json",
                         HTTP_AUTHORIZATION=f"Bearer {token}")


def key(people, name):
    return accounts.create_api_key(Who.cli(people.acme), people.acme, f"{name}'s key", user=people[name])[1]


def test_two_officers_release_a_blocked_reply_which_is_sent_and_opens_an_incident(people, who, second_officer,
                                                                                 item, fake_platform):
    reply = blocked(who("cora"), item)
    assert fake_platform.texts() == [] and reply.labels and "NAME" in reply.labels
    asked = release_reply(who("pat"), reply, REASON, "RELEASE")
    assert asked.state == "blocked" and asked.release_requested_by_id == people["pat"].pk
    assert Notification.objects.filter(recipient=second_officer, event="post.override_requested").exists()
    with pytest.raises(ReleaseRefused) as e:
        release_reply(who("pat"), reply, REASON, "RELEASE")
    assert e.value.code == "two_person"
    done = release_reply(Who.user(second_officer, people.acme), reply, REASON, "RELEASE")
    assert done.state == "sent" and done.released_by_id == second_officer.pk and fake_platform.texts() == [BLOCKED]
    i = Incident.objects.get(org=people.acme, source_kind="inbox_item", source_id=item.pk)
    assert i.open_reason == "blocked_reply_released" and "NAME" in i.info_types
    assert Exposure.objects.filter(incident=i, kind="reply", ref_id=reply.pk).exists()
    assert Notification.objects.filter(event="incident.opened", recipient=people["pat"]).exists()
    text = audit_text(people.acme)
    assert "inbox.reply_release_request" in text and "inbox.reply_release" in text and '"released": true' in text
    for secret in ("Delbert", "knee", "written", REASON):
        assert secret not in text
    assert "written" not in raw("inbox_reply", "release_reason", reply.pk)


def test_identifiers_consent_cannot_cure_are_a_hard_stop_with_a_clear_code(people, who, item, fake_platform):
    reply = blocked(who("cora"), item, UNCURABLE)
    r = api(key(people, "pat"), f"/api/v1/inbox/{item.pk}/replies/{reply.pk}/release",
            {"reason": REASON, "confirm": "RELEASE"})
    assert r.status_code == 409 and r.json()["code"] == "uncurable_identifier"
    assert "Social Security number" in r.json()["detail"]
    assert Reply.objects.get(pk=reply.pk).state == "blocked" and fake_platform.texts() == []
    assert not Incident.objects.filter(org=people.acme).exists()


def test_the_writer_may_not_release_their_own_reply(people, who, item):
    posts.set_two_person_override(who("alice"), people.acme, False)
    reply = blocked(who("pat"), item)
    with pytest.raises(ReleaseRefused) as e:
        release_reply(who("pat"), reply, REASON, "RELEASE")
    assert e.value.code == "own_words"


@pytest.mark.parametrize(("reason", "confirm", "code"), [
    ("too short", "RELEASE", "reason"),
    ("Approved after Delbert Mayfield called us at 555-201-3344 about it.", "RELEASE", "reason"),
    (REASON, "release it", "confirm"),
])
def test_the_reason_is_checked_by_the_engine_and_the_word_must_be_typed(people, who, item, reason, confirm, code):
    posts.set_two_person_override(who("alice"), people.acme, False)
    reply = blocked(who("cora"), item)
    with pytest.raises(ReleaseRefused) as e:
        release_reply(who("pat"), reply, reason, confirm)
    assert e.value.code == code and Reply.objects.get(pk=reply.pk).state == "blocked"


def test_one_officer_releases_when_the_organization_turned_the_two_person_rule_off(people, who, item, fake_platform):
    posts.set_two_person_override(who("alice"), people.acme, False)
    reply = blocked(who("cora"), item)
    r = api(key(people, "pat"), f"/api/v1/inbox/{item.pk}/replies/{reply.pk}/release",
            {"reason": REASON, "confirm": "RELEASE"})
    assert r.status_code == 200 and r.json()["release"] == "released" and r.json()["state"] == "sent"
    assert "NAME" in r.json()["labels"] and fake_platform.texts() == [BLOCKED]
    again = api(key(people, "pat"), f"/api/v1/inbox/{item.pk}/replies/{reply.pk}/release",
                {"reason": REASON, "confirm": "RELEASE"})
    assert again.status_code == 409 and again.json()["code"] == "not_blocked"


def test_a_platform_failure_keeps_the_released_reply_failed_and_the_incident_open(people, who, item, fake_platform):
    posts.set_two_person_override(who("alice"), people.acme, False)
    reply = blocked(who("cora"), item)
    fake_platform.fail_next(422, {"error": "Validation failed"})
    with pytest.raises(inbox.SendFailed):
        release_reply(who("pat"), reply, REASON, "RELEASE")
    row = Reply.objects.get(pk=reply.pk)
    assert row.state == "failed" and row.released_at is not None and fake_platform.texts() == []
    assert Incident.objects.filter(org=people.acme, source_kind="inbox_item", source_id=item.pk).exists()


def test_a_blocked_answer_to_an_imported_review_is_released_for_posting_by_hand(people, who):
    review = inbox.ingest(Who.cli(people.acme), people.acme, None, [inbox.Incoming(
        "google", "g-9", "review", COMMENT, timezone.now(), {"author_handle": "Al"}, rating=2)])[0]
    posts.set_two_person_override(who("alice"), people.acme, False)
    reply = blocked(who("cora"), review)
    assert release_reply(who("pat"), reply, REASON, "RELEASE").state == "manual"
    assert Incident.objects.filter(org=people.acme, source_kind="inbox_item", source_id=review.pk).exists()


def test_only_the_privacy_role_may_release_and_other_organizations_see_nothing(people, who, item):
    reply = blocked(who("cora"), item)
    path = f"/api/v1/inbox/{item.pk}/replies/{reply.pk}/release"
    for name in ("cora", "alice", "audrey"):
        assert api(key(people, name), path, {"reason": REASON, "confirm": "RELEASE"}).status_code == 403
    olga = make_member(people.other, "olga", Role.PRIVACY)
    other = accounts.create_api_key(Who.cli(people.other), people.other, "k", user=olga)[1]
    assert api(other, path, {"reason": REASON, "confirm": "RELEASE"}).status_code == 404
    assert api(key(people, "pat"), path, {"reason": REASON, "confirm": "RELEASE", "x": 1}).status_code == 422
    assert Reply.objects.get(pk=reply.pk).state == "blocked"


def test_the_blocked_reply_answer_names_the_kept_reply_and_the_openapi_document_has_the_release(people, item):
    r = Client().post(f"/api/v1/inbox/{item.pk}/reply", data=json.dumps({"text": BLOCKED}),
                      content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key(people, 'cora')}")
    assert r.status_code == 409 and Reply.objects.get(pk=r.json()["reply"]).state == "blocked"
    doc = Client().get("/api/openapi.json").json()
    op = doc["paths"]["/api/v1/inbox/{item_id}/replies/{reply_id}/release"]["post"]
    assert op["operationId"] == "inbox_reply_release"


def test_the_item_page_offers_the_release_to_the_privacy_officer_only(people, who, as_user, item, fake_platform):
    posts.set_two_person_override(who("alice"), people.acme, False)
    reply = blocked(who("cora"), item)
    page = as_user("pat").get(f"/o/acme/inbox/{item.pk}/").content.decode()
    assert f"/replies/{reply.pk}/release/" in page and "Type RELEASE to confirm" in page
    assert "/release/" not in as_user("cora").get(f"/o/acme/inbox/{item.pk}/").content.decode()
    c = as_user("pat")
    r = c.post(f"/o/acme/inbox/{item.pk}/replies/{reply.pk}/release/", {"reason": REASON, "confirm": "RELEASE"})
    assert r.status_code == 302 and Reply.objects.get(pk=reply.pk).state == "sent"
    assert REASON in c.get(f"/o/acme/inbox/{item.pk}/").content.decode()
    cora_page = as_user("cora").get(f"/o/acme/inbox/{item.pk}/").content.decode()
    assert REASON not in cora_page and "visible to privacy officers" in cora_page
