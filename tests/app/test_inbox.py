"""The inbox with the real database, services, engine and pages: Meta webhooks, review import,
the secure message form, the queue, replies and the /api/v1/inbox shapes. (Ingestion from a
real platform, replies and hiding are in test_inbox_bluesky.py.)"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from safepost.app.accounts import services as accounts
from safepost.app.audit.models import AuditEntry
from safepost.app.audit.services import Who
from safepost.app.channels import services as channels
from safepost.app.inbox import services
from safepost.app.inbox.models import InboxSettings, Item

PHI_COMMENT = "My daughter Emma was diagnosed with leukemia here last week, call me at 555-201-3344"
CSV = "\n".join([
    "source,id,text,date,author,rating,url",
    "google,g-1,Terrible wait and the front desk was rude,2026-03-01,Sam,1,https://g.example/r/1",
    "yelp,y-1,My diabetes diagnosis was missed,yesterday,Al,1,",
    "healthgrades,h-1,Dr. Lee is wonderful,2026-03-02T09:00:00Z,Kim,5,",
    "myspace,m-1,hello,2026-03-02,,,",
]).encode()


@pytest.fixture
def key(people):
    def make(name: str, org=None) -> str:
        org = org or people.acme
        return accounts.create_api_key(Who.cli(org), org, f"{name}'s key", user=people[name])[1]
    return make


def api(token, method, path, body=None, **kw):
    c = Client()
    if body is not None and "data" not in kw:
        kw["data"], kw["content_type"] = json.dumps(body), "application/json"
    return getattr(c, method)(path, HTTP_AUTHORIZATION=f"Bearer {token}", **kw)


@pytest.fixture
def facebook(people):
    return channels.create_channel(Who.user(people["alice"], people.acme), people.acme, "facebook", "Page",
                                   {"page_id": "111", "page_access_token": "t"}, verify=False)


def sign(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def fb_payload(comment_id: str, text: str) -> bytes:
    return json.dumps({"object": "page", "entry": [{"id": "111", "time": 1767225600, "changes": [
        {"field": "feed", "value": {"item": "comment", "verb": "add", "comment_id": comment_id, "post_id": "111_2",
                                    "parent_id": "111_2", "message": text, "from": {"id": "9", "name": "Pat Q"},
                                    "created_time": 1767225600}}]}]}).encode()


def raw_column(table: str, column: str, pk: int) -> str:
    with connection.cursor() as cur:
        cur.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])
        return cur.fetchone()[0]


def audit_text(org) -> str:
    return json.dumps(list(AuditEntry.objects.filter(org=org).values("action", "meta", "object_type")))


# -- webhooks ---------------------------------------------------------------------------------
def test_a_signed_webhook_delivery_is_scanned_stored_encrypted_and_deduplicated(people, facebook):
    hook = services.create_webhook(Who.user(people["alice"], people.acme), facebook, "app-secret")
    url = f"/hooks/meta/{hook.token}/"
    body = fb_payload("111_2_3", PHI_COMMENT)
    c = Client()
    r = c.post(url, body, content_type="application/json", HTTP_X_HUB_SIGNATURE_256=sign("app-secret", body))
    assert r.status_code == 200 and r.content == b"ok 1"
    it = Item.objects.get(org=people.acme)
    assert it.channel_id == facebook.pk and it.verdict == "PRIVATE_FOLLOW_UP"
    assert it.body == PHI_COMMENT and it.author == "Pat Q"
    assert any(s["label"] == "PHONE" and s["is_phi"] for s in it.spans)
    assert "leukemia" not in raw_column("inbox_item", "body", it.pk)
    assert "Pat Q" not in raw_column("inbox_item", "remote", it.pk)
    assert "111_2_3" not in raw_column("inbox_item", "external_key", it.pk)
    # Meta retries deliveries: the same comment again is not a second item
    r = c.post(url, body, content_type="application/json", HTTP_X_HUB_SIGNATURE_256=sign("app-secret", body))
    assert r.content == b"ok 0" and Item.objects.filter(org=people.acme).count() == 1
    assert "leukemia" not in audit_text(people.acme) and "555-201" not in audit_text(people.acme)


def test_a_webhook_with_a_bad_signature_is_refused_and_logged_without_the_body(people, facebook, caplog):
    hook = services.create_webhook(Who.user(people["alice"], people.acme), facebook, "app-secret")
    body = fb_payload("111_2_9", PHI_COMMENT)
    c = Client()
    with caplog.at_level(logging.WARNING, logger="safepost.inbox"):
        for header in (sign("wrong-secret", body), sign("app-secret", body + b" "), "", "sha256=00"):
            extra = {"HTTP_X_HUB_SIGNATURE_256": header} if header else {}
            r = c.post(f"/hooks/meta/{hook.token}/", body, content_type="application/json", **extra)
            assert r.status_code == 403
    assert Item.objects.count() == 0
    logged = [rec.getMessage() for rec in caplog.records if "webhook" in rec.getMessage()]
    assert len(logged) == 4 and all("bad X-Hub-Signature-256" in m for m in logged)
    assert not any("leukemia" in m or "555-201" in m for m in caplog.messages)
    assert c.post("/hooks/meta/nosuch/", body, content_type="application/json").status_code == 404


def test_the_webhook_subscription_check_answers_only_with_the_verify_token(people, facebook):
    hook = services.create_webhook(Who.user(people["alice"], people.acme), facebook, "app-secret")
    url = f"/hooks/meta/{hook.token}/"
    ok = Client().get(url, {"hub.mode": "subscribe", "hub.verify_token": hook.verify_token, "hub.challenge": "42"})
    assert ok.status_code == 200 and ok.content == b"42"
    bad = Client().get(url, {"hub.mode": "subscribe", "hub.verify_token": "guess", "hub.challenge": "42"})
    assert bad.status_code == 403


# -- import -----------------------------------------------------------------------------------
def test_importing_a_malformed_csv_keeps_the_good_rows_with_clear_row_errors(people, key):
    r = api(key("cora"), "post", "/api/v1/inbox/import",
            data={"file": _upload("reviews.csv", CSV)})
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["rows"] == 4 and body["created"] == 2 and body["duplicates"] == 0
    assert [e["row"] for e in body["errors"]] == [3, 5]
    assert "date" in body["errors"][0]["error"] and "source" in body["errors"][1]["error"]
    assert "diabetes" not in r.content.decode()
    items = Item.objects.filter(org=people.acme).order_by("source")
    assert [(i.source, i.kind, i.rating, i.channel_id) for i in items] == [("google", "review", 1, None),
                                                                           ("healthgrades", "review", 5, None)]
    assert items[0].situation == "negative_review" and items[1].situation == "praise"
    again = api(key("cora"), "post", "/api/v1/inbox/import", data={"file": _upload("reviews.csv", CSV)}).json()
    assert again["created"] == 0 and again["duplicates"] == 2


def test_the_import_page_shows_the_row_errors(as_user, people):
    r = as_user("cora").post("/o/acme/inbox/import/", {"file": _upload("reviews.csv", CSV)})
    html = r.content.decode()
    assert r.status_code == 200 and 'data-created="2"' in html and "row 3: date" in html
    assert as_user("cora").post("/o/acme/inbox/import/", {"file": _upload("x.csv", b"a,b\n1,2\n")}).status_code == 400


def _upload(name: str, data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="text/csv")


# -- the secure message form ------------------------------------------------------------------
def test_the_secure_form_stores_the_message_encrypted_and_never_echoes_it(people, as_user):
    row = services.settings_for(people.acme)
    url = f"/secure/{row.form_slug}/"
    c = Client(enforce_csrf_checks=True)
    assert c.get(url).status_code == 301                         # plain HTTP goes to HTTPS
    page = c.get(url, secure=True)
    assert page.status_code == 200 and "Acme Clinic" in page.content.decode()
    token = page.cookies["csrftoken"].value
    msg = "I think my HIV test result was mixed up with someone else's. Please call 555-867-5309."
    r = c.post(url, {"name": "Rosa Diaz", "contact": "rosa@example.com", "message": msg,
                     "csrfmiddlewaretoken": _form_token(page)}, secure=True, HTTP_REFERER=f"https://testserver{url}")
    assert r.status_code == 200, r.content
    html = r.content.decode()
    assert "received privately" in html and "HIV" not in html and "Rosa" not in html and "867" not in html
    it = Item.objects.get(org=people.acme, source="secure_form")
    assert it.kind == "direct_message" and it.body == msg and it.verdict == "PRIVATE_FOLLOW_UP"
    assert it.remote_data["contact"] == "rosa@example.com"
    raw = raw_column("inbox_item", "body", it.pk) + raw_column("inbox_item", "remote", it.pk)
    assert "HIV" not in raw and "Rosa" not in raw and "rosa@example.com" not in raw
    # the team sees it in the queue (the notification)
    assert f'data-item="{it.pk}"' in as_user("cora").get("/o/acme/inbox/").content.decode()
    assert token


def _form_token(page) -> str:
    import re

    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)


def test_the_secure_form_refuses_a_post_without_the_csrf_token(people):
    row = services.settings_for(people.acme)
    c = Client(enforce_csrf_checks=True)
    r = c.post(f"/secure/{row.form_slug}/", {"message": "hello"}, secure=True)
    assert r.status_code == 403 and Item.objects.count() == 0


def test_the_secure_form_is_rate_limited_per_address(people):
    row = services.settings_for(people.acme)
    c = Client()
    codes = [c.post(f"/secure/{row.form_slug}/", {"message": f"message {i}"}, secure=True).status_code
             for i in range(services.FORM_PER_CLIENT_PER_HOUR + 1)]
    assert codes == [200] * services.FORM_PER_CLIENT_PER_HOUR + [429]
    assert Item.objects.filter(source="secure_form").count() == services.FORM_PER_CLIENT_PER_HOUR


def test_a_disabled_or_unknown_form_is_not_found(people):
    row = services.settings_for(people.acme)
    InboxSettings.objects.filter(pk=row.pk).update(form_enabled=False)
    assert Client().get(f"/secure/{row.form_slug}/", secure=True).status_code == 404
    assert Client().get("/secure/nosuch/", secure=True).status_code == 404


# -- the queue, triage and replies ------------------------------------------------------------
@pytest.fixture
def items(people):
    who = Who.cli(people.acme)
    now = timezone.now()
    incoming = [
        services.Incoming("google", "g-1", "review", "Terrible wait and the front desk was rude", now - timedelta(days=3),
                          {"author_handle": "Sam"}, rating=1),
        services.Incoming("yelp", "y-1", "review", PHI_COMMENT, now - timedelta(hours=2), {"author_handle": "Al"}, rating=2),
        services.Incoming("yelp", "y-2", "review", "I can't go on, I want to end my life", now - timedelta(minutes=5),
                          {"author_handle": "Jo"}, rating=1),
        services.Incoming("healthgrades", "h-1", "review", "Kind staff, thank you!", now, {}, rating=5),
    ]
    new = services.ingest(who, people.acme, None, incoming)
    return {i.remote_data.get("author_handle", "anon") or "anon": i for i in new}


def test_the_queue_puts_crisis_first_marks_overdue_items_and_filters(as_user, items):
    html = as_user("cora").get("/o/acme/inbox/").content.decode()
    order = [html.index(f'data-item="{items[n].pk}"') for n in ("Jo", "Sam", "Al")]
    assert order == sorted(order)                                     # crisis, then by due time
    assert f'class="overdue" data-item="{items["Sam"].pk}"' in html   # 3 days old, 24 h SLA
    assert "Crisis" in html
    pfu = as_user("cora").get("/o/acme/inbox/?verdict=PRIVATE_FOLLOW_UP").content.decode()
    assert f'data-item="{items["Al"].pk}"' in pfu and f'data-item="{items["Sam"].pk}"' not in pfu
    old = as_user("cora").get("/o/acme/inbox/?age=24h&channel=google").content.decode()
    assert f'data-item="{items["Sam"].pk}"' not in old


def test_crisis_language_is_escalated_with_a_one_hour_clock_and_audited(people, items):
    jo = items["Jo"]
    assert jo.escalated and jo.situation == "crisis"
    assert jo.due_at - jo.received_at == timedelta(hours=1)
    assert AuditEntry.objects.filter(org=people.acme, action="inbox.escalate", object_id=str(jo.pk)).exists()


def test_the_item_page_highlights_the_spans_and_offers_the_crisis_template(as_user, items):
    html = as_user("cora").get(f"/o/acme/inbox/{items['Al'].pk}/").content.decode()
    assert '<mark class="phi" data-label="PHONE"' in html
    crisis = as_user("cora").get(f"/o/acme/inbox/{items['Jo'].pk}/").content.decode()
    assert "988" in crisis and "Crisis language" in crisis


def test_bulk_actions_assign_and_resolve(as_user, people, items):
    ids = [items["Sam"].pk, items["Al"].pk]
    c = as_user("cora")
    c.post("/o/acme/inbox/bulk/", {"items": ids, "op": "assign", "assignee": people["cora"].pk})
    assert set(Item.objects.filter(pk__in=ids).values_list("assignee_id", flat=True)) == {people["cora"].pk}
    mine = c.get("/o/acme/inbox/?assignee=me").content.decode()
    assert f'data-item="{items["Sam"].pk}"' in mine and f'data-item="{items["Jo"].pk}"' not in mine
    c.post("/o/acme/inbox/bulk/", {"items": ids, "op": "resolve"})
    assert set(Item.objects.filter(pk__in=ids).values_list("state", flat=True)) == {"resolved"}
    assert AuditEntry.objects.filter(org=people.acme, action="inbox.resolve").count() == 2
    # an author cannot assign work to themselves: not a member who may answer
    with pytest.raises(services.Refused):
        services.bulk(Who.cli(people.acme), people.acme, ids, "assign", people["andy"].pk)


def test_the_api_lists_items_in_the_documented_shape(key, items):
    r = api(key("cora"), "get", "/api/v1/inbox?state=open&verdict=PRIVATE_FOLLOW_UP")
    assert r.status_code == 200
    [item] = r.json()
    assert {"id", "channel", "kind", "received_at", "verdict", "spans", "state"} <= set(item)
    assert item["id"] == items["Al"].pk and item["channel"] is None and item["kind"] == "review"
    assert item["verdict"] == "PRIVATE_FOLLOW_UP" and item["state"] == "open"
    assert {"start", "end", "label", "is_phi"} <= set(item["spans"][0])
    assert "text" not in item and "leukemia" not in r.content.decode()
    by_source = api(key("cora"), "get", "/api/v1/inbox?channel=google").json()
    assert [i["id"] for i in by_source] == [items["Sam"].pk]
    assert api(key("cora"), "get", "/api/v1/inbox?verdict=MAYBE").status_code == 422


def test_the_api_assigns_resolves_and_refuses_hiding_a_review(key, people, items):
    token = key("cora")
    pk = items["Sam"].pk
    r = api(token, "post", f"/api/v1/inbox/{pk}/assign", {"assignee": people["cora"].pk})
    assert r.status_code == 200 and r.json()["assignee"] == people["cora"].pk
    assert api(token, "post", f"/api/v1/inbox/{pk}/assign", {"assignee": people["charlie"].pk}).status_code == 422
    assert api(token, "post", f"/api/v1/inbox/{pk}/hide").status_code == 409   # review sites: no API
    r = api(token, "post", f"/api/v1/inbox/{pk}/resolve")
    assert r.status_code == 200 and r.json()["state"] == "resolved"
    assert api(key("audrey"), "post", f"/api/v1/inbox/{pk}/resolve").status_code == 403


def test_a_blocked_reply_answers_409_with_the_phrase_and_the_safe_rewrite(key, people, items):
    pk = items["Sam"].pk
    r = api(key("cora"), "post", f"/api/v1/inbox/{pk}/reply",
            {"text": "Sam, we reviewed your chart and your appointment on March 3 started on time."})
    assert r.status_code == 409
    body = r.json()
    assert body["blocking_phrase"] in ("Sam", "we reviewed your chart")
    assert {"Sam", "March 3"} <= {p["text"] for p in body["phrases"]}
    assert "names_patient" in body["reasons"] and "can't discuss anyone's care here" in body["safe_rewrite"]
    assert Item.objects.get(pk=pk).state == "open"
    kept = Item.objects.get(pk=pk).replies.get()          # kept for a privacy officer's release, not sent
    assert kept.state == "blocked" and body["reply"] == kept.pk and kept.sent_at is None
    blocked = AuditEntry.objects.get(org=people.acme, action="inbox.reply_blocked")
    assert "chart" not in json.dumps(blocked.meta) and blocked.meta["fp"]


def test_a_reply_may_not_repeat_the_phone_number_the_author_posted(key, items):
    r = api(key("cora"), "post", f"/api/v1/inbox/{items['Al'].pk}/reply",
            {"text": "Thank you. We will call you at 555-201-3344."})
    assert r.status_code == 409 and r.json()["blocking_phrase"] == "555-201-3344"
    assert "echoes_author" in r.json()["reasons"]


def test_a_safe_reply_to_an_imported_review_is_recorded_for_posting(key, people, items):
    pk = items["Sam"].pk
    text = services.template_for(items["Sam"], "negative_review")
    r = api(key("cora"), "post", f"/api/v1/inbox/{pk}/reply", {"text": text})
    assert r.status_code == 201 and r.json()["state"] == "manual"
    it = Item.objects.get(pk=pk)
    assert it.state == "replied" and it.first_response_at is not None
    assert "inbox.reply_record" in audit_text(people.acme)


def test_the_composer_page_refuses_a_blocked_reply_and_checks_drafts(as_user, items):
    c = as_user("cora")
    pk = items["Sam"].pk
    r = c.post(f"/o/acme/inbox/{pk}/reply/", {"text": "Sorry Sam, your root canal took long.", "situation": ""})
    assert r.status_code == 409 and "cannot be sent" in r.content.decode()
    chk = c.post(f"/o/acme/inbox/{pk}/check/", {"text": "Thank you for your feedback, please call our office."})
    assert 'data-check="ok"' in chk.content.decode()


def test_items_of_another_organization_are_not_found(key, people, items, as_user):
    pk = items["Sam"].pk
    people["charlie"]  # admin of "other"
    token = key("charlie", people.other)
    for path in (f"/api/v1/inbox/{pk}", ):
        assert api(token, "get", path).status_code == 404
    for op in ("assign", "hide", "resolve"):
        assert api(token, "post", f"/api/v1/inbox/{pk}/{op}", {"assignee": None} if op == "assign" else None).status_code == 404
    assert api(token, "post", f"/api/v1/inbox/{pk}/reply", {"text": "hi"}).status_code == 404
    assert api(token, "get", "/api/v1/inbox").json() == []
    assert as_user("charlie").get(f"/o/other/inbox/{pk}/").status_code == 404


def test_opening_a_phi_item_is_audited(as_user, people, items):
    as_user("audrey").get(f"/o/acme/inbox/{items['Al'].pk}/")
    assert AuditEntry.objects.filter(org=people.acme, action="inbox.view", object_id=str(items["Al"].pk)).exists()


def test_settings_change_the_sla_and_the_secure_link(as_user, people):
    r = as_user("pat").post("/o/acme/inbox/settings/", {"sla_hours": 4, "contact_phone": "(555) 201-0000",
                                                        "portal_url": "https://portal.acme.example/m", "form_enabled": "on"})
    assert r.status_code == 302
    row = services.settings_for(people.acme)
    assert row.sla_hours == 4 and services.secure_link(row) == "https://portal.acme.example/m"
    assert as_user("pat").post("/o/acme/inbox/settings/", {"sla_hours": 4, "portal_url": "http://x"}).status_code == 400
    assert as_user("cora").get("/o/acme/inbox/settings/").status_code == 403


# -- pulling ----------------------------------------------------------------------------------
def test_a_channel_whose_connector_cannot_be_made_is_noted_and_the_pull_goes_on(people):
    """A channel whose service stopped resolving after it was added (the demo's offline channel is
    one) gets the error on its page, and the pull job finishes instead of failing on it."""
    from safepost.app.channels.models import Channel

    broken = Channel.objects.create(org=people.acme, platform="bluesky", name="Offline", handle="clinic.pds.invalid",
                                    credentials=json.dumps({"service": "https://pds.invalid",
                                                            "identifier": "clinic.pds.invalid", "app_password": "x"}))
    assert services.pull_channel(broken, "test-worker") == 0
    broken.refresh_from_db()
    assert broken.last_error_code and broken.last_error_at is not None
    Channel.objects.filter(pk=broken.pk).update(replies_checked_at=None)
    assert services.pull_replies("test-worker") == 1        # claimed, noted, done: no exception
