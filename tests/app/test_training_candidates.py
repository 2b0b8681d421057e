"""Growing the scenario bank from the organization: flagged drafts and closed incidents become
DRAFT scenarios, de-identified by the real engine (a rewrite that still identifies someone is
not created); the privacy officer reviews, edits and approves them (page, permission, audit)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from safepost.app.audit.models import AuditEntry
from safepost.app.audit.services import Who
from safepost.app.inbox import services as inbox
from safepost.app.incidents import services as incidents
from safepost.app.incidents.services import NewIncident
from safepost.app.posts import services as posts
from safepost.app.training import review
from safepost.app.training.models import Scenario

from .posting import *  # noqa: F401,F403
from .posting import ALLOW_TEXT, STORY_TEXT

INDIRECT_TEXT = ("Prayers for the firefighter from Engine 7 who came in with burns after last night's "
                 "warehouse fire. He's in good hands with our team.")


def audit_dump(org) -> str:
    return str(list(AuditEntry.objects.filter(org=org).values_list("action", "meta", "object_id", "actor")))


def test_a_flagged_draft_becomes_a_de_identified_draft_scenario(people, who):
    post = posts.create_post(who("andy"), people.acme, STORY_TEXT)
    s = Scenario.objects.get(org=people.acme, source="flagged_draft", source_id=post.pk)
    assert s.state == "draft" and s.decision == "needs_authorization"
    assert "[NAME]" in s.text and "Maria" not in s.text and "Lopez" not in s.text
    assert "knee replacement" in s.text
    assert s.reasons == post.reasons and "names_patient" in s.reasons
    assert "authorization" in s.explanation.lower()


def test_the_candidate_is_audited_with_codes_and_ids_only(people, who):
    post = posts.create_post(who("andy"), people.acme, STORY_TEXT)
    entry = AuditEntry.objects.get(org=people.acme, action="training.scenario_candidate")
    assert entry.meta["source_id"] == post.pk and entry.meta["decision"] == "needs_authorization"
    assert "Maria" not in audit_dump(people.acme) and "knee" not in audit_dump(people.acme)


def test_the_candidate_text_is_encrypted_at_rest(people, who):
    posts.create_post(who("andy"), people.acme, STORY_TEXT)
    with connection.cursor() as cur:
        cur.execute("SELECT text FROM training_scenario WHERE source = 'flagged_draft'")
        (raw,) = cur.fetchone()
    assert "knee" not in raw and "NAME" not in raw


def test_an_allowed_draft_makes_no_candidate(people, who):
    posts.create_post(who("andy"), people.acme, ALLOW_TEXT)
    assert not Scenario.objects.filter(org=people.acme).exists()


def test_editing_a_flagged_draft_makes_no_second_candidate(people, who):
    post = posts.create_post(who("andy"), people.acme, STORY_TEXT)
    posts.edit_post(who("andy"), post, text=STORY_TEXT + " She says thank you to the whole team!")
    assert Scenario.objects.filter(org=people.acme).count() == 1


def test_a_draft_whose_rewrite_still_identifies_someone_makes_no_candidate(people, who):
    posts.create_post(who("andy"), people.acme, INDIRECT_TEXT)
    assert not Scenario.objects.filter(org=people.acme).exists()
    skipped = AuditEntry.objects.get(org=people.acme, action="training.scenario_skipped")
    assert skipped.meta["why"] == "phi_after_rewrite" and "indirect_identification" in skipped.meta["reasons"]
    assert "firefighter" not in audit_dump(people.acme)


def test_the_same_de_identified_text_is_proposed_once(people, who):
    posts.create_post(who("andy"), people.acme, STORY_TEXT)
    posts.create_post(who("andy"), people.acme, STORY_TEXT.replace("Maria Lopez", "Ana Perez"))
    assert Scenario.objects.filter(org=people.acme).count() == 1


def who_of(people, name):
    return Who.user(people[name], people.acme)


def _closed_incident(people, source_kind, source_id):
    pat = who_of(people, "pat")
    i = incidents.open_reported(pat, people.acme, NewIncident(
        title="Synthetic incident", discovered_on=timezone.localdate() - timedelta(days=1), affected_by_state={"CA": 1},
        source_kind=source_kind, source_id=source_id))
    i = incidents.claim_exception(pat, i, "unable_to_retain", "Sent to a fax that printed nothing.", False)
    return incidents.close(pat, i)


def test_a_closed_incident_about_a_post_becomes_a_draft_scenario(people, who):
    post = posts.create_post(who("andy"), people.acme, ALLOW_TEXT)
    post.text = "Get well soon to Harold Finch, recovering from his bypass surgery in our cardiac unit!"
    post.save()          # the published text the incident is about (an ALLOW preview made no candidate)
    i = _closed_incident(people, "post", post.pk)
    s = Scenario.objects.get(org=people.acme, source="closed_incident", source_id=i.pk)
    assert s.state == "draft" and "Harold" not in s.text and "bypass surgery" in s.text


def test_an_open_incident_makes_no_candidate(people, who):
    post = posts.create_post(who("andy"), people.acme, ALLOW_TEXT)
    incidents.open_reported(who_of(people, "pat"), people.acme, NewIncident(
        title="Synthetic", discovered_on=timezone.localdate(), affected_by_state={}, source_kind="post", source_id=post.pk))
    assert not Scenario.objects.filter(source="closed_incident").exists()


def test_a_closed_incident_about_an_inbox_comment_becomes_a_private_follow_up_scenario(people):
    [item] = inbox.ingest(Who.cli(people.acme), people.acme, None, [inbox.Incoming(
        "google", "g-77", "review", "Dr. Alvarez fixed my torn ACL last spring, I'm Brenda Cole and I'm running again!",
        timezone.now(), {})])
    i = _closed_incident(people, "inbox_item", item.pk)
    s = Scenario.objects.get(org=people.acme, source="closed_incident", source_id=i.pk)
    assert s.direction == "inbound" and s.kind == "review" and s.decision == "private_follow_up"
    assert "Brenda" not in s.text and "Cole" not in s.text


# -- the privacy officer's review ------------------------------------------------------------
@pytest.fixture
def candidate(people, who):
    post = posts.create_post(who("andy"), people.acme, STORY_TEXT)
    return Scenario.objects.get(org=people.acme, source_id=post.pk)


def form(s, **changes):
    data = {"text": s.text, "decision": s.decision, "reasons": s.reasons, "explanation": s.explanation}
    return data | changes


def test_the_privacy_officer_sees_the_drafts_waiting(as_user, candidate):
    page = as_user("pat").get("/o/acme/training/scenarios/")
    assert page.status_code == 200 and f'data-scenario="{candidate.pk}"' in page.content.decode()
    assert 'data-waiting="1"' in page.content.decode()
    detail = as_user("pat").get(f"/o/acme/training/scenarios/{candidate.pk}/").content.decode()
    assert "Meet [NAME], who ran" in detail
    assert re.search(r'value="needs_authorization"[^>]* checked>', detail)


@pytest.mark.parametrize("name", ["alice", "rita", "andy", "cora", "audrey"])
def test_only_the_privacy_officer_reviews_scenarios(as_user, candidate, name):
    c = as_user(name)
    assert c.get("/o/acme/training/scenarios/").status_code == 403
    assert c.post(f"/o/acme/training/scenarios/{candidate.pk}/approve/", form(candidate)).status_code == 403
    candidate.refresh_from_db()
    assert candidate.state == "draft"


def test_approving_with_an_edited_explanation_makes_it_usable_and_is_audited(as_user, candidate, people):
    r = as_user("pat").post(f"/o/acme/training/scenarios/{candidate.pk}/approve/",
                            form(candidate, explanation="A named patient story needs her signed authorization."))
    assert r.status_code == 302
    candidate.refresh_from_db()
    assert candidate.state == "approved" and candidate.reviewed_by == people["pat"]
    assert candidate.explanation.startswith("A named patient story")
    entry = AuditEntry.objects.get(org=people.acme, action="training.scenario_approve")
    assert entry.meta["scenario"] == candidate.pk and entry.meta["was"] == "draft" and entry.meta["text_changed"] is False
    assert "signed authorization" not in audit_dump(people.acme)


def test_an_edit_that_puts_a_name_back_is_refused_with_what_to_fix(as_user, candidate):
    r = as_user("pat").post(f"/o/acme/training/scenarios/{candidate.pk}/approve/",
                            form(candidate, text=candidate.text.replace("[NAME]", "Maria Lopez")))
    assert r.status_code == 400 and "still identifies someone" in r.content.decode()
    assert "a name" in r.content.decode()
    candidate.refresh_from_db()
    assert candidate.state == "draft"


def test_a_flagged_decision_without_reasons_is_refused(as_user, candidate):
    data = form(candidate)
    del data["reasons"]
    r = as_user("pat").post(f"/o/acme/training/scenarios/{candidate.pk}/approve/", data)
    assert r.status_code == 400 and "needs at least one reason code" in r.content.decode()


def test_retiring_takes_it_out_of_use_and_is_audited(as_user, candidate, people):
    assert as_user("pat").post(f"/o/acme/training/scenarios/{candidate.pk}/retire/").status_code == 302
    candidate.refresh_from_db()
    assert candidate.state == "retired"
    assert AuditEntry.objects.filter(org=people.acme, action="training.scenario_retire").count() == 1
    with pytest.raises(review.ReviewError, match="retired"):
        review.approve(who_of(people, "pat"), candidate, review.Decision(candidate.text, "block", ("names_patient",), "x"))


def test_another_organizations_scenario_or_a_builtin_is_not_found(as_user, candidate, people):
    from safepost.app.training.scenarios import sync_builtins

    sync_builtins()
    builtin = Scenario.objects.filter(source="builtin").first()
    assert as_user("pat").get(f"/o/acme/training/scenarios/{builtin.pk}/").status_code == 404
    assert as_user("pat").post(f"/o/acme/training/scenarios/{builtin.pk}/retire/").status_code == 404
    from safepost.app.accounts.rules import Role

    from .conftest import make_member

    people["olga"] = make_member(people.other, "olga", Role.PRIVACY)     # the other organization's officer
    olga = as_user("olga")
    assert olga.get("/o/other/training/scenarios/").status_code == 200
    assert olga.get(f"/o/other/training/scenarios/{candidate.pk}/").status_code == 404
    assert olga.post(f"/o/other/training/scenarios/{candidate.pk}/retire/").status_code == 404
    candidate.refresh_from_db()
    assert candidate.state == "draft"
