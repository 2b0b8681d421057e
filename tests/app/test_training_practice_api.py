"""The practice API through the API client: GET /api/v1/training/practice (the key's member's
next practice set, without the answers), POST /api/v1/training/practice/answers (graded,
scheduled and audited as on the Practice page), the refusals, and the OpenAPI document."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from safepost.app.accounts import services as accounts
from safepost.app.audit.models import AuditEntry
from safepost.app.audit.services import Who
from safepost.app.posts import services as posts
from safepost.app.training import bank
from safepost.app.training.models import PracticeCard, PracticeMark, Scenario

from .posting import *  # noqa: F401,F403
from .posting import BLOCK_TEXT

PRACTICE, ANSWERS = "/api/v1/training/practice", "/api/v1/training/practice/answers"


def token(people, name, org=None):
    org = org or people.acme
    return accounts.create_api_key(Who.cli(org), org, f"{name} key", user=people[name])[1]


def get(tok, path=PRACTICE):
    return Client().get(path, HTTP_AUTHORIZATION=f"Bearer {tok}")


def post(tok, body):
    return Client().post(ANSWERS, data=json.dumps(body), content_type="application/json",
                         HTTP_AUTHORIZATION=f"Bearer {tok}")


def wrong_decision(s: Scenario) -> str:
    return next(d for d in bank.DECISIONS if d != s.decision)


@pytest.fixture
def andy(people):
    return token(people, "andy")


def test_the_practice_set_lists_five_scenarios_and_the_decisions_but_not_the_answers(andy):
    r = get(andy)
    body = r.json()
    assert r.status_code == 200 and len(body["scenarios"]) == 5
    assert [d["value"] for d in body["decisions"]] == list(bank.DECISIONS)
    first = body["scenarios"][0]
    assert set(first) == {"id", "direction", "kind", "language", "text"}
    assert Scenario.objects.get(pk=first["id"]).text == first["text"]
    assert get(andy).json() == body                                # the same set until answered


def test_answering_grades_schedules_and_audits_and_the_set_moves_on(people, andy):
    ids = [s["id"] for s in get(andy).json()["scenarios"]]
    right, wrong = Scenario.objects.get(pk=ids[0]), Scenario.objects.get(pk=ids[1])
    r = post(andy, {"answers": [{"scenario": right.pk, "decision": right.decision},
                                {"scenario": wrong.pk, "decision": wrong_decision(wrong)}]})
    body = r.json()
    assert r.status_code == 200 and body["right"] == 1
    first, second = body["results"]
    assert (first["scenario"], first["correct"], first["comes_back_at"]) == (right.pk, True, None)   # learned
    assert (second["correct"], second["decision"], second["reasons"]) == (False, wrong.decision, wrong.reasons)
    assert second["explanation"] == wrong.explanation and second["comes_back_at"] is not None
    card = PracticeCard.objects.get(user=people["andy"], scenario=wrong)
    assert (card.answers, card.wrong, card.due_at is not None) == (1, 1, True)
    entries = AuditEntry.objects.filter(action="training.practice_answer").order_by("seq")
    assert [(e.meta["scenario"], e.meta["correct"]) for e in entries] == [(right.pk, True), (wrong.pk, False)]
    assert right.text not in str(list(entries.values_list("meta", flat=True)))
    assert right.pk not in [s["id"] for s in get(andy).json()["scenarios"]]      # learned: gone


def test_a_flagged_draft_brings_matching_scenarios_into_the_api_set(people, who, andy):
    posts.create_post(who("andy"), people.acme, BLOCK_TEXT)
    codes = set(PracticeMark.objects.get(user=people["andy"]).codes)
    first = Scenario.objects.get(pk=get(andy).json()["scenarios"][0]["id"])
    assert codes & set(first.reasons)


@pytest.mark.parametrize("body", [
    {"answers": []},
    {"answers": [{"scenario": 1, "decision": "maybe"}]},
    {"answers": [{"scenario": "1", "decision": "block"}]},
    {"answers": [{"scenario": 1, "decision": "block", "note": "maybe"}]},
    {"answers": [{"scenario": 1, "decision": "block"}] * 11},
    {},
])
def test_malformed_answers_are_refused_without_echoing_them(people, andy, body):
    r = post(andy, body)
    assert r.status_code == 422 and "maybe" not in r.content.decode()
    assert not PracticeCard.objects.filter(user=people["andy"]).exists()


def test_a_scenario_answered_twice_or_not_in_use_is_refused_with_what_to_fix(people, andy):
    sid = get(andy).json()["scenarios"][0]["id"]
    r = post(andy, {"answers": [{"scenario": sid, "decision": "block"}, {"scenario": sid, "decision": "allow"}]})
    assert r.status_code == 422 and "appears twice" in r.json()["detail"]
    other = Scenario.objects.create(org=people.other, source="flagged_draft", source_id=99, direction="outbound",
                                    kind="post", text="[NAME] had surgery.", decision="block",
                                    reasons=["names_patient"], explanation="Synthetic.", state="approved")
    r = post(andy, {"answers": [{"scenario": other.pk, "decision": "block"}]})
    assert r.status_code == 422 and f"Scenario {other.pk} is not one you can practise with" in r.json()["detail"]
    assert not PracticeCard.objects.filter(user=people["andy"]).exists()


def test_the_auditor_and_a_service_key_cannot_practise(people):
    audrey = token(people, "audrey")
    assert get(audrey).status_code == 403
    assert post(audrey, {"answers": [{"scenario": 1, "decision": "block"}]}).status_code == 403
    _k, service = accounts.create_api_key(Who.cli(people.acme), people.acme, "pipeline")
    assert get(service).status_code == 403


def test_the_openapi_document_describes_the_practice_api(people):
    doc = Client().get("/api/openapi.json").json()
    assert doc["paths"][PRACTICE]["get"]["operationId"] == "training_practice"
    op = doc["paths"][ANSWERS]["post"]
    assert op["operationId"] == "training_practice_answer" and {"200", "403", "422"} <= set(op["responses"])
    schemas = doc["components"]["schemas"]
    assert schemas["AnswerSpec"]["properties"]["decision"]["enum"] == list(bank.DECISIONS)
    assert schemas["AnswersSpec"]["properties"]["answers"]["maxItems"] == 10
