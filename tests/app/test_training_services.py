"""Training with the real database: taking a module, expiry by the organization's setting,
standing, the team report, and the gate on posting and replying (403, code training_required,
on the API and the pages)."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from safepost.app.accounts import services as accounts
from safepost.app.accounts.rules import Role
from safepost.app.audit.models import AuditEntry
from safepost.app.audit.services import Who
from safepost.app.inbox import services as inbox
from safepost.app.posts import services as posts
from safepost.app.training import content, rules, services
from safepost.app.training.models import Completion
from safepost.app.training.rules import Standing
from safepost.app.training.services import TrainingError

from .conftest import make_member
from .posting import *  # noqa: F401,F403
from .posting import ALLOW_TEXT


def answers(module_id: str, wrong: int = 0) -> list[int]:
    """The right answers, with the first `wrong` questions answered wrongly."""
    qs = content.module(module_id).questions
    return [(q.correct + 1) % len(q.choices) if i < wrong else q.correct for i, q in enumerate(qs)]


def lapse(people, name, org=None):
    Completion.objects.filter(user=people[name], org=org or people.acme).update(
        expires_at=timezone.now() - timedelta(minutes=1))


@pytest.fixture
def newcomer(people):
    """nina: an author of acme who has taken no training yet."""
    return make_member(people.acme, "nina", Role.AUTHOR)


def test_a_full_score_passes_and_lasts_a_year(people, newcomer):
    c = services.complete(Who.user(newcomer, people.acme), people.acme, newcomer, "photos-and-video",
                          answers("photos-and-video"))
    assert (c.score, c.passed, c.wrong, c.version) == (100, True, [], 1)
    assert c.expires_at - c.completed_at == timedelta(days=365)


def test_a_failed_attempt_is_kept_with_the_questions_answered_wrongly(people, newcomer):
    c = services.complete(Who.user(newcomer, people.acme), people.acme, newcomer, "review-replies",
                          answers("review-replies", wrong=2))
    assert (c.score, c.passed, c.wrong, c.expires_at) == (50, False, [0, 1], None)


def test_every_completion_is_audited_with_ids_and_scores_only(people, newcomer):
    c = services.complete(Who.user(newcomer, people.acme), people.acme, newcomer, "review-replies",
                          answers("review-replies", wrong=1))
    e = AuditEntry.objects.get(action="training.complete", object_id=str(c.pk))
    assert e.meta == {"user": newcomer.pk, "module": "review-replies", "version": 1, "score": 75,
                      "passed": False, "wrong": 1}


@pytest.mark.parametrize("given, message", [([0], "Answer all 4 questions"), ([0, 0, 9, 0], "Question 3: choose one"),
                                            ([0, None, 0, 0], "Question 2: choose one")])
def test_incomplete_or_impossible_answers_are_refused_with_what_to_fix(people, newcomer, given, message):
    with pytest.raises(TrainingError, match=message):
        services.complete(Who.user(newcomer, people.acme), people.acme, newcomer, "review-replies", given)
    assert not Completion.objects.filter(user=newcomer).exists()


def test_an_unknown_module_is_refused(people, newcomer):
    with pytest.raises(TrainingError, match="no training module 'nope'"):
        services.complete(Who.user(newcomer, people.acme), people.acme, newcomer, "nope", [])


def test_the_organizations_settings_change_the_pass_mark_and_the_period_and_are_audited(people, newcomer):
    services.set_settings(Who.user(people["alice"], people.acme), people.acme, 730, 70)
    c = services.complete(Who.user(newcomer, people.acme), people.acme, newcomer, "review-replies",
                          answers("review-replies", wrong=1))
    assert c.passed and c.expires_at - c.completed_at == timedelta(days=730)
    e = AuditEntry.objects.filter(action="training.settings").last()
    assert e.meta == {"validity_days": 730, "passing_percent": 70, "policy": "default", "was_validity_days": 365,
                      "was_passing_percent": 80, "was_policy": "default"}
    with pytest.raises(TrainingError, match="one of 90, 180, 365, 730 days"):
        services.set_settings(Who.user(people["alice"], people.acme), people.acme, 400, 70)
    assert services.settings_for(people.other) == services.Settings(365, 80)


def test_a_member_is_current_only_with_every_required_module_passed_and_unexpired(people, newcomer):
    assert not services.is_current(people.acme, newcomer)
    services.train(newcomer, people.acme, modules=sorted(rules.required_modules(Role.AUTHOR) - {"photos-and-video"}))
    assert not services.is_current(people.acme, newcomer)
    services.complete(Who.user(newcomer, people.acme), people.acme, newcomer, "photos-and-video",
                      answers("photos-and-video"))
    assert services.is_current(people.acme, newcomer.pk)
    assert not services.is_current(people.acme, newcomer, now=timezone.now() + timedelta(days=366))
    assert not services.is_current(people.other, newcomer)           # not a member there
    assert not services.is_current(people.acme, None)                # a key acting for nobody


def test_my_training_lists_required_modules_first_with_standing_and_last_score(people, newcomer):
    services.complete(Who.user(newcomer, people.acme), people.acme, newcomer, "review-replies",
                      answers("review-replies", wrong=3))
    services.train(newcomer, people.acme, modules=["phi-on-social-media"],
                   when=timezone.now() - timedelta(days=350))
    rows = services.my_training(people.acme, newcomer)
    assert [r.required for r in rows] == [True] * 5 + [False] * 2
    by_id = {r.module.id: r for r in rows}
    assert by_id["phi-on-social-media"].standing is Standing.DUE_SOON
    assert by_id["patient-stories"].standing is Standing.NOT_DONE
    assert by_id["review-replies"].last.score == 25 and not by_id["review-replies"].required
    assert services.overall(rows) is Standing.NOT_DONE


def test_the_team_report_shows_who_is_current_due_and_lapsed(people, newcomer):
    lapse(people, "rita")
    Completion.objects.filter(user=people["andy"]).update(expires_at=timezone.now() + timedelta(days=5))
    report = {m.user.email: m for m in services.team_report(people.acme)}
    assert report["alice@acme.test"].standing is Standing.CURRENT
    assert report["andy@acme.test"].standing is Standing.DUE_SOON
    assert report["rita@acme.test"].standing is Standing.LAPSED and "phi-on-social-media" in report["rita@acme.test"].missing
    assert report["nina@acme.test"].standing is Standing.NOT_DONE and report["nina@acme.test"].next_expiry is None
    assert "charlie@other.test" not in report


# -- the gate ---------------------------------------------------------------------------------
def token(people, name, org=None):
    org = org or people.acme
    return accounts.create_api_key(Who.cli(org), org, f"{name} key", user=people[name])[1]


def call(tok, method, path, body=None):
    return Client().generic(method, path, data=json.dumps(body) if body is not None else "",
                            content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {tok}")


def test_submitting_a_post_with_lapsed_training_answers_403_training_required_and_retraining_restores_it(people, who, channel):
    post = posts.create_post(who("andy"), people.acme, ALLOW_TEXT, [channel.pk])
    lapse(people, "andy")
    tok = token(people, "andy")
    r = call(tok, "post", f"/api/v1/posts/{post.pk}/submit")
    assert r.status_code == 403 and r.json()["code"] == "training_required"
    assert "Training" in r.json()["detail"]
    services.train(people["andy"], people.acme)
    assert call(tok, "post", f"/api/v1/posts/{post.pk}/submit").status_code == 200


def test_the_pages_answer_403_with_the_way_back_when_training_lapsed(people, who, channel, as_user):
    post = posts.create_post(who("andy"), people.acme, ALLOW_TEXT, [channel.pk])
    lapse(people, "andy")
    c = as_user("andy")
    r = c.post(f"/o/acme/posts/{post.pk}/submit/")
    assert r.status_code == 403 and 'data-code="training_required"' in r.content.decode()
    assert "/o/acme/training/" in r.content.decode()
    r = c.post("/o/acme/posts/new/", {"text": ALLOW_TEXT, "channels": [channel.pk], "action": "submit"})
    assert r.status_code == 403 and "training has lapsed" in r.content.decode()


@pytest.fixture
def review(people):
    now = timezone.now()
    [item] = inbox.ingest(Who.cli(people.acme), people.acme, None, [inbox.Incoming(
        "google", "g-9", "review", "The wait was long", now, {"author_handle": "Sam"}, rating=2)])
    return item


def test_replying_with_lapsed_training_answers_403_training_required(people, review, as_user):
    lapse(people, "cora")
    text = inbox.template_for(review, "negative_review")
    r = call(token(people, "cora"), "post", f"/api/v1/inbox/{review.pk}/reply", {"text": text})
    assert r.status_code == 403 and r.json()["code"] == "training_required"
    page = as_user("cora").post(f"/o/acme/inbox/{review.pk}/reply/", {"text": text, "situation": ""})
    assert page.status_code == 403 and 'data-code="training_required"' in page.content.decode()
    services.train(people["cora"], people.acme)
    assert call(token(people, "cora"), "post", f"/api/v1/inbox/{review.pk}/reply", {"text": text}).status_code == 201


def test_a_pass_of_an_earlier_version_still_counts_but_asks_for_a_retake(people, newcomer):
    services.train(newcomer, people.acme)
    Completion.objects.filter(user=newcomer, module_id="photos-and-video").update(version=0)
    rows = {r.module.id: r for r in services.my_training(people.acme, newcomer)}
    assert rows["photos-and-video"].outdated and not rows["patient-stories"].outdated
    assert services.is_current(people.acme, newcomer)
