"""A reviewer's "false alarm" / "missed PHI" marks: stored with the text encrypted, one per person
per version, audited without text, refused when the engine's verdict does not fit the mark."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test import Client

from safepost.app.accounts import services as accounts
from safepost.app.audit.models import AuditEntry
from safepost.app.audit.services import Who
from safepost.app.posts import marks, services
from safepost.app.posts.models import EngineMark
from safepost.app.posts.rules import Refused

from .posting import *  # noqa: F401,F403
from .posting import ALLOW_TEXT, BLOCK_TEXT, STORY_TEXT


@pytest.fixture
def post(people, who, channel):
    return lambda text: services.create_post(who("andy"), people.acme, text, [channel.pk])


def test_a_reviewer_marks_a_flagged_post_as_a_false_alarm(post, who, people):
    p = post(STORY_TEXT)
    assert p.verdict != "ALLOW"
    m = marks.mark(who("rita"), p, "false_alarm", "It is our staff runner.")
    m.refresh_from_db()
    assert (m.kind, m.version, m.user, m.verdict, m.text, m.note) == (
        "false_alarm", 1, people["rita"], p.verdict, STORY_TEXT, "It is our staff runner.")
    assert m.phi is False and 0.0 <= m.probability <= 1.0
    with connection.cursor() as cur:      # the text and the note are encrypted at rest
        cur.execute("SELECT text, note FROM posts_enginemark WHERE id = %s", [m.pk])
        raw = " ".join(cur.fetchone())
    assert "Maria" not in raw and "staff runner" not in raw
    entry = AuditEntry.objects.get(action="post.engine_mark")
    assert entry.meta["mark"] == "false_alarm" and entry.meta["verdict"] == p.verdict
    assert "Maria" not in json.dumps(entry.meta) and "runner" not in json.dumps(entry.meta)


def test_missed_phi_is_only_for_an_allowed_verdict_and_false_alarm_only_for_a_flag(post, who):
    allowed, blocked = post(ALLOW_TEXT), post(BLOCK_TEXT)
    with pytest.raises(Refused, match="already flags"):
        marks.mark(who("rita"), blocked, "missed_phi")
    with pytest.raises(Refused, match="no alarm"):
        marks.mark(who("rita"), allowed, "false_alarm")
    with pytest.raises(Refused, match="false_alarm, missed_phi"):
        marks.mark(who("rita"), allowed, "wrong")
    assert marks.mark(who("rita"), allowed, "missed_phi").phi is True


def test_one_mark_per_person_per_version(post, who):
    p = post(ALLOW_TEXT)
    marks.mark(who("rita"), p, "missed_phi")
    with pytest.raises(Refused, match="already marked"):
        marks.mark(who("rita"), p, "missed_phi")
    marks.mark(who("pat"), p, "missed_phi")
    services.edit_post(who("andy"), p, text=ALLOW_TEXT + " Bring a friend!")
    marks.mark(who("rita"), p, "missed_phi")
    assert sorted(EngineMark.objects.values_list("version", flat=True)) == [1, 1, 2]


def test_the_review_page_offers_the_mark_and_keeps_it(post, as_user):
    p = post(STORY_TEXT)
    c = as_user("rita")
    page = c.get(f"/o/acme/posts/{p.pk}/").content.decode()
    assert "Mark as a false alarm" in page
    r = c.post(f"/o/acme/posts/{p.pk}/mark/", {"kind": "false_alarm", "note": ""}, follow=True)
    assert "your mark is kept" in r.content.decode()
    assert "You have marked this version" in r.content.decode()
    assert EngineMark.objects.get().kind == "false_alarm"


def test_authors_cannot_mark_and_other_organizations_get_404(post, as_user, people, who, channel):
    p = post(STORY_TEXT)
    assert "Mark as a false alarm" not in as_user("andy").get(f"/o/acme/posts/{p.pk}/").content.decode()
    assert as_user("andy").post(f"/o/acme/posts/{p.pk}/mark/", {"kind": "false_alarm"}).status_code == 403
    theirs = services.create_post(Who.cli(people.other), people.other, STORY_TEXT)
    assert as_user("rita").post(f"/o/acme/posts/{theirs.pk}/mark/", {"kind": "false_alarm"}).status_code == 404
    assert not EngineMark.objects.exists()


def test_the_api_marks_a_post(post, people):
    p = post(ALLOW_TEXT)
    _k, token = accounts.create_api_key(Who.cli(people.acme), people.acme, "rita key", user=people["rita"])
    c = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    r = c.post(f"/api/v1/posts/{p.pk}/marks", json.dumps({"kind": "missed_phi", "note": "a patient's first name"}),
               content_type="application/json")
    assert r.status_code == 201, r.content
    assert r.json()["kind"] == "missed_phi" and r.json()["verdict"] == "ALLOW" and "text" not in r.json()
    again = c.post(f"/api/v1/posts/{p.pk}/marks", json.dumps({"kind": "missed_phi"}), content_type="application/json")
    assert again.status_code == 409
    bad = c.post(f"/api/v1/posts/{p.pk}/marks", json.dumps({"kind": "maybe"}), content_type="application/json")
    assert bad.status_code == 422
