"""The training API for the key's member (a key acting for no person has no training: 403):

    GET  /api/v1/training/me                  standing, per module, under the organization's policy
    GET  /api/v1/training/practice            the next practice set (up to five scenarios, no answers)
    POST /api/v1/training/practice/answers    decisions for scenarios → the right decisions, reasons,
                                              explanations and when each comes back (spaced repetition)

The practice answers go through the same grading, scheduling and audit as the Practice page
(practice.py). Refusals answer 422 {"detail": "<what to fix>"}."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from ninja import Router, Schema
from ninja.errors import HttpError
from pydantic import ConfigDict, Field

from safepost.app.accounts.rules import Action
from safepost.app.api.auth import require
from safepost.app.api.schemas import ErrorDict
from safepost.app.audit.services import Who
from safepost.app.training import bank, practice, services

router = Router(tags=["training"])


class ModuleStandingDict(Schema):
    id: str
    title: str
    version: int
    required: bool
    standing: str                       # current | due_soon | new_hire | lapsed | not_done
    expires_at: datetime | None
    last_score: int | None
    last_passed: bool | None
    last_completed_at: datetime | None
    outdated: bool                      # passed an earlier version of the module: retake
    due_by: datetime | None             # Texas policy: a new hire's deadline for this module


class TrainingMeDict(Schema):
    standing: str                       # the worst standing among the required modules
    current: bool                       # may post and reply
    policy: str                         # default | texas
    validity_days: int
    passing_percent: int
    modules: list[ModuleStandingDict]


@router.get("/training/me", response={200: TrainingMeDict, 401: ErrorDict, 403: ErrorDict},
            summary="My training standing", operation_id="training_me")
def me(request):
    require(request, Action.TRAINING_VIEW)
    user = request.api_key.user
    rows = services.my_training(request.org, user)
    overall = services.overall(rows)
    conf = services.settings_for(request.org)
    return {"standing": overall.value, "current": overall.counts, "policy": conf.policy.value,
            "validity_days": conf.validity_days,
            "passing_percent": conf.passing_percent,
            "modules": [{"id": r.module.id, "title": r.module.title, "version": r.module.version,
                         "required": r.required, "standing": r.standing.value, "expires_at": r.expires_at,
                         "last_score": r.last.score if r.last else None,
                         "last_passed": r.last.passed if r.last else None,
                         "last_completed_at": r.last.completed_at if r.last else None,
                         "outdated": r.outdated, "due_by": r.due_by} for r in rows]}


# -- practice ---------------------------------------------------------------------------------
Decision = Literal[tuple(bank.DECISIONS)]  # type: ignore[valid-type]
MAX_ANSWERS = 10


class DecisionDict(Schema):
    value: str                          # what to send back as `decision`
    label: str


class PracticeScenarioDict(Schema):
    id: int
    direction: str                      # outbound: we are about to publish it; inbound: someone wrote it to us
    kind: str                           # post, reply, review, comment, …
    language: str
    text: str                           # de-identified: names and other identifiers are [LABELS]


class PracticeSetDict(Schema):
    scenarios: list[PracticeScenarioDict]
    decisions: list[DecisionDict]


class AnswerSpec(Schema):
    model_config = ConfigDict(extra="forbid", strict=True)

    scenario: int = Field(..., ge=1, description="a scenario id from GET /api/v1/training/practice")
    decision: Decision = Field(..., description="the decision chosen: " + ", ".join(bank.DECISIONS))


class AnswersSpec(Schema):
    model_config = ConfigDict(extra="forbid", strict=True)

    answers: list[AnswerSpec] = Field(..., min_length=1, max_length=MAX_ANSWERS,
                                      description="one decision per scenario")


class PracticeResultDict(Schema):
    scenario: int
    chosen: str
    correct: bool
    decision: str                       # the right decision
    reasons: list[str]                  # the engine's reason codes for it
    explanation: str
    comes_back_at: datetime | None      # None: learned, it leaves the practice


class PracticeResultsDict(Schema):
    right: int
    results: list[PracticeResultDict]


def _member(request):
    require(request, Action.TRAINING_TAKE)
    user = request.api_key.user
    role = services.role_of(request.org, user.pk) if user else None
    if role is None:
        raise HttpError(403, "this API key acts for no member of the organization: practice is a person's")
    return user, role


@router.get("/training/practice", response={200: PracticeSetDict, 401: ErrorDict, 403: ErrorDict},
            summary="My next practice set", operation_id="training_practice")
def practice_set(request):
    user, role = _member(request)
    return {"scenarios": [{"id": s.pk, "direction": s.direction, "kind": s.kind, "language": s.language,
                           "text": s.text} for s in practice.practice_set(request.org, user, role)],
            "decisions": [{"value": k, "label": v} for k, v in bank.DECISIONS.items()]}


@router.post("/training/practice/answers",
             response={200: PracticeResultsDict, 401: ErrorDict, 403: ErrorDict, 422: ErrorDict},
             summary="Answer practice scenarios", operation_id="training_practice_answer")
def practice_answer(request, spec: AnswersSpec):
    user, _role = _member(request)
    chosen = {a.scenario: a.decision for a in spec.answers}
    if len(chosen) != len(spec.answers):
        raise HttpError(422, "answers: one decision per scenario (a scenario appears twice)")
    try:
        results = practice.answer(Who.from_request(request), request.org, user, chosen)
    except practice.PracticeError as e:
        raise HttpError(422, str(e)) from None
    return {"right": sum(1 for r in results if r.correct),
            "results": [{"scenario": r.scenario.pk, "chosen": r.chosen, "correct": r.correct,
                         "decision": r.scenario.decision, "reasons": list(r.scenario.reasons),
                         "explanation": r.scenario.explanation, "comes_back_at": r.due_at} for r in results]}
