"""The incidents' JSON API (HTTP only; services do the work):

    POST /api/v1/incidents                      open an incident → 201 with its `deadlines`
    GET  /api/v1/incidents?state=               the organization's incidents, nearest deadline first
    GET  /api/v1/incidents/{id}                 one incident with its deadlines, assessment, notices
    POST /api/v1/incidents/{id}/assessment      the four-factor assessment (164.402(2)); with
                                                "decide": true the conclusion is recorded too
    POST /api/v1/incidents/{id}/exception       a statutory exception (164.402(1))
    POST /api/v1/incidents/{id}/notices         a notice sent (164.414(b) proof)
    POST /api/v1/incidents/{id}/unreachable     how many cannot be reached: the substitute notice (164.404(d)(2))
    POST /api/v1/incidents/{id}/hhs-report      the answers for the HHS breach portal (164.408)
    POST /api/v1/incidents/{id}/review          the post-incident review and corrective actions
    POST /api/v1/incidents/{id}/close           close (assessment done, notices owed sent, and for
                                                a breach the post-incident review recorded)

Refusals answer 422 with one error per field:
{"detail": [{"loc": ["body", "spec", "<field>"], "msg": "<field>: <what to fix>", "type": "incident_refused"}]}
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from django.http import JsonResponse
from django.utils import timezone
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status
from pydantic import ConfigDict, Field

from safepost.app.accounts.rules import Action
from safepost.app.api.auth import require
from safepost.app.api.schemas import ErrorDict
from safepost.app.audit.services import Who
from safepost.app.accounts.models import Membership
from safepost.app.incidents import review as reviews
from safepost.app.incidents import hhs, rules, services
from safepost.app.incidents.models import Incident

router = Router(tags=["incidents"])
STATE = Literal["open", "assessing", "notifying", "closed"]


class IncidentSpec(Schema):
    model_config = ConfigDict(extra="forbid", strict=True)

    title: str = Field(..., max_length=200, description="A short title; encrypted at rest, never logged")
    discovered_on: date = Field(..., strict=False, description="YYYY-MM-DD: the first day it was known or would "
                                                               "have been with reasonable diligence (164.404(a)(2))")
    occurred_on: date | None = Field(None, strict=False, description="YYYY-MM-DD: when the breach happened, if known")
    affected_by_state: dict[str, int] = Field(default_factory=dict, description='people affected per State or '
                                              'jurisdiction, e.g. {"CA": 600, "NV": 20}')
    summary: str = Field("", max_length=5000, description="What happened; encrypted at rest")
    role: Literal["covered_entity", "business_associate"] = "covered_entity"
    source_kind: Literal["manual", "post", "inbox_item", "consent"] = "manual"
    source_id: int | None = Field(None, ge=1)


class FactorSpec(Schema):
    model_config = ConfigDict(extra="forbid", strict=True)

    risk: Literal["low", "high"]
    evidence: str = Field(..., max_length=4000, description=f"written evidence, at least {rules.MIN_RATIONALE} "
                                                            "characters; encrypted at rest")


class AssessmentSpec(Schema):
    model_config = ConfigDict(extra="forbid", strict=True)

    info_types: list[str] = Field(..., max_length=25, description=f"any of {', '.join(rules.INFO_TYPES)}")
    reidentification: Literal["low", "medium", "high"]
    nature: FactorSpec = Field(..., description=rules.FACTORS["nature"])
    recipient: FactorSpec = Field(..., description=rules.FACTORS["recipient"])
    acquired: FactorSpec = Field(..., description=rules.FACTORS["acquired"])
    mitigation: FactorSpec = Field(..., description=rules.FACTORS["mitigation"])
    rationale: str = Field("", max_length=4000, description="the written overall conclusion (required for "
                                                            "'low probability of compromise')")
    decide: bool = Field(False, description="record the conclusion now")


class ExceptionSpec(Schema):
    model_config = ConfigDict(extra="forbid", strict=True)

    exception: Literal["workforce_good_faith", "inadvertent_internal", "unable_to_retain"]
    justification: str = Field(..., max_length=4000)
    no_further_use: bool = False


class ActionSpec(Schema):
    model_config = ConfigDict(extra="forbid", strict=True)

    description: str = Field(..., max_length=rules.ACTION_MAX, description="what changes; encrypted at rest")
    owner_email: str = Field(..., max_length=254, description="an active member of the organization")
    due_on: date = Field(..., strict=False, description="YYYY-MM-DD, today or later")


class ReviewSpec(Schema):
    model_config = ConfigDict(extra="forbid", strict=True)

    what_happened: str = Field(..., max_length=5000, description="what happened and what failed; encrypted at rest")
    root_cause: Literal[tuple(rules.ROOT_CAUSES)] = Field(..., description="the root cause's category")  # type: ignore[valid-type]
    actions: list[ActionSpec] = Field(default_factory=list, max_length=20, description="corrective actions to add")


class NoticeSpec(Schema):
    model_config = ConfigDict(extra="forbid", strict=True)

    kind: Literal["individuals", "media", "hhs", "covered_entity", "substitute"]
    method: Literal["mail", "email", "portal", "press", "other", "phone", "web", "toll_free"] = Field(
        ..., description="a substitute notice (164.404(d)(2)): mail, email, phone or other for fewer than 10 people; "
                         "web or press, and toll_free, for 10 or more")
    sent_on: date = Field(..., strict=False, description="YYYY-MM-DD")
    recipients_count: int = Field(..., ge=0)
    state: str = Field("", max_length=2, description="media notices only: the State or jurisdiction with more than "
                                                    "500 affected residents (164.406), e.g. CA; one notice per State")


class UnreachableSpec(Schema):
    model_config = ConfigDict(extra="forbid", strict=True)

    unreachable_count: int = Field(..., ge=0, description="people with insufficient or out-of-date contact "
                                                          "information (164.404(d)(2)); 0 when everyone can be reached")


class HhsReportSpec(Schema):
    model_config = ConfigDict(extra="forbid", strict=True)

    entity_type: Literal[tuple(hhs.ENTITY_TYPES)] = "provider"  # type: ignore[valid-type]
    breach_type: Literal[tuple(hhs.BREACH_TYPES)] = "unauthorized_disclosure"  # type: ignore[valid-type]
    location: Literal[tuple(hhs.LOCATIONS)] = Field("other", description="'other' is social media")  # type: ignore[valid-type]
    safeguards: list[Literal[tuple(hhs.SAFEGUARDS)]] = Field(default_factory=list, max_length=5)  # type: ignore[valid-type]
    actions: list[Literal[tuple(hhs.ACTIONS)]] = Field(default_factory=list, max_length=8)  # type: ignore[valid-type]
    business_associate: bool = False


class SubstituteStepDict(Schema):
    key: str
    label: str
    methods: list[str]
    done_on: date | None
    keep_until: date | None


class SubstituteDict(Schema):
    unreachable_count: int | None
    rule: Literal["unknown", "none", "few", "many"]
    citation: str
    explanation: str
    steps: list[SubstituteStepDict]
    remaining: list[str]


class DeadlinesDict(Schema):
    individuals: date | None
    media: date | None
    hhs: date | None
    covered_entity: date | None = None


class DeadlineDict(Schema):
    key: str
    label: str
    due: date
    citation: str
    annual: bool
    states: list[str]
    unpaused_due: date | None
    not_before: date | None
    counsel_decision: bool


class NoticeDict(Schema):
    id: int
    kind: str
    method: str
    sent_on: date
    recipients_count: int
    state: str


class MediaNoticeDict(Schema):
    state: str
    residents: int
    due: date
    sent_on: date | None


class IncidentDict(Schema):
    id: int
    ref: str
    state: STATE
    title: str
    role: str
    source_kind: str
    source_id: int | None
    open_reason: str
    discovered_on: date
    occurred_on: date | None
    affected_by_state: dict[str, int]
    affected_total: int
    deadlines: DeadlinesDict
    deadline_details: list[DeadlineDict]
    info_types: list[str]
    reidentification: str
    factor_risks: dict[str, str]
    conclusion: str
    exception: str
    assignee: str | None
    acknowledged_at: datetime | None
    opened_at: datetime
    closed_at: datetime | None
    notices: list[NoticeDict]
    hhs_report: dict = Field(default_factory=dict, description="the officer's answers to the HHS breach portal's "
                                                              "questions (codes; empty until recorded)")
    media_notices: list[MediaNoticeDict] = Field(default_factory=list, description="one per State or jurisdiction "
                                                 "with more than 500 affected residents (164.406)")
    substitute: SubstituteDict | None = Field(None, description="the substitute notice owed (164.404(d)(2)); null "
                                                               "when no notice to individuals is owed")


def _substitute(i: Incident) -> dict | None:
    p = i.substitute_plan()
    if p is None:
        return None
    return {"unreachable_count": p.count, "rule": p.rule, "citation": p.citation, "explanation": p.explanation,
            "steps": [{"key": s.key, "label": s.label, "methods": list(s.kind.methods), "done_on": s.done_on,
                       "keep_until": s.keep_until} for s in p.steps],
            "remaining": p.remaining(timezone.localdate())}


def _notice(n) -> dict:
    return {"id": n.pk, "kind": n.kind, "method": n.method, "sent_on": n.sent_on,
            "recipients_count": n.recipients_count, "state": n.jurisdiction}


def _out(i: Incident) -> dict:
    found = i.deadlines()
    by_media = next((d for d in found if d.key == "media"), None)
    media_sent = i.media_sent()
    by_key = {d.key: d.due for d in found}
    return {
        "id": i.pk, "ref": i.ref, "state": i.state, "title": i.title, "role": i.role, "source_kind": i.source_kind,
        "source_id": i.source_id, "open_reason": i.open_reason, "discovered_on": i.discovered_on,
        "occurred_on": i.occurred_on, "affected_by_state": i.affected_by_state, "affected_total": i.affected_total,
        "deadlines": {k: by_key.get(k) for k in ("individuals", "media", "hhs", "covered_entity")},
        "deadline_details": [{"key": d.key, "label": d.label, "due": d.due, "citation": d.citation, "annual": d.annual,
                              "states": list(d.states), "unpaused_due": d.unpaused_due, "not_before": d.not_before,
                              "counsel_decision": d.counsel_decision} for d in found],
        "info_types": i.info_types, "reidentification": i.reidentification, "factor_risks": i.factor_risks,
        "conclusion": i.conclusion, "exception": i.exception_code,
        "assignee": i.assignee.email if i.assignee_id else None, "acknowledged_at": i.acknowledged_at,
        "opened_at": i.opened_at, "closed_at": i.closed_at,
        "notices": [_notice(n) for n in i.notices.all()],
        "media_notices": [{"state": s, "residents": i.affected_by_state.get(s, 0), "due": by_media.due,
                           "sent_on": media_sent.get(s)} for s in (by_media.states if by_media else ())],
        "substitute": _substitute(i), "hhs_report": i.hhs_report,
    }


def _get(request, incident_id: int) -> Incident:
    i = Incident.objects.filter(org=request.org, pk=incident_id).select_related("assignee").first()
    if i is None:
        raise HttpError(404, "no such incident in this organization")
    return i


def _refused(e: services.IncidentError) -> JsonResponse:
    return JsonResponse({"detail": [{"loc": ["body", "spec", p.split(":", 1)[0] if ":" in p else "incident"],
                                     "msg": p, "type": "incident_refused"} for p in e.problems]}, status=422)


def _apply(request, incident_id: int, act, answer=None):
    """The write endpoints' shape: incidents.manage, the incident (404 when not ours), then
    `act(who, incident)`. A refusal answers 422 with one error per field; otherwise
    `answer(act's result)`, or by default the incident as it is now (200)."""
    require(request, Action.INCIDENTS_MANAGE)
    i = _get(request, incident_id)
    try:
        result = act(Who.from_request(request), i)
    except services.IncidentError as e:
        return _refused(e)
    return answer(result) if answer else Status(200, _out(_get(request, i.pk)))


ERRORS = {401: ErrorDict, 403: ErrorDict, 404: ErrorDict, 422: ErrorDict}


@router.post("/incidents", response={201: IncidentDict, **ERRORS}, summary="Open an incident",
             operation_id="incident_create")
def create_incident(request, spec: IncidentSpec):
    """Answers with the computed deadlines: individuals (164.404(b)), media when one State has more
    than 500 (164.406), HHS (164.408: with the individuals at 500 or more, else the annual log)."""
    require(request, Action.INCIDENTS_MANAGE)
    try:
        i = services.open_reported(Who.from_request(request), request.org, services.NewIncident(**spec.model_dump()),
                            reason="api")
    except services.IncidentError as e:
        return _refused(e)
    return Status(201, _out(i))


@router.get("/incidents", response={200: list[IncidentDict], **ERRORS}, summary="The organization's incidents",
            operation_id="incident_list")
def list_incidents(request, state: STATE | None = None):
    """Nearest deadline first (closed and 'not a breach' last), at most 500."""
    require(request, Action.INCIDENTS_VIEW)
    qs = Incident.objects.filter(org=request.org).select_related("assignee").prefetch_related("notices")
    if state:
        qs = qs.filter(state=state)
    return Status(200, [_out(i) for i in by_urgency(list(qs[:500]), timezone.localdate())])


def by_urgency(incidents: list[Incident], today: date) -> list[Incident]:
    return sorted(incidents, key=lambda i: (i.state == "closed", rules.urgency(i.deadlines(), today)[0], -i.pk))


@router.get("/incidents/{incident_id}", response={200: IncidentDict, **ERRORS}, summary="One incident",
            operation_id="incident_get")
def get_incident(request, incident_id: int):
    require(request, Action.INCIDENTS_VIEW)
    return Status(200, _out(_get(request, incident_id)))


@router.post("/incidents/{incident_id}/assessment", response={200: IncidentDict, **ERRORS},
             summary="Record the four-factor risk assessment", operation_id="incident_assess")
def assess_incident(request, incident_id: int, spec: AssessmentSpec):
    """Low probability of compromise needs all four factors low with evidence and a rationale;
    anything else, once decided, is a breach to notify (164.402(2))."""
    d = spec.model_dump()
    a = rules.Assessment(info_types=tuple(d["info_types"]), reidentification=d["reidentification"],
                         rationale=d["rationale"],
                         **{k: rules.FactorAnswer(d[k]["risk"], d[k]["evidence"]) for k in rules.FACTORS})

    def act(who, i):
        i = services.assess(who, i, a)
        if spec.decide:
            services.decide(who, i)
    return _apply(request, incident_id, act)


@router.post("/incidents/{incident_id}/exception", response={200: IncidentDict, **ERRORS},
             summary="Record a statutory exception (not a breach)", operation_id="incident_exception")
def claim_exception(request, incident_id: int, spec: ExceptionSpec):
    return _apply(request, incident_id, lambda who, i: services.claim_exception(
        who, i, spec.exception, spec.justification, spec.no_further_use))


@router.post("/incidents/{incident_id}/notices", response={201: NoticeDict, **ERRORS},
             summary="Record a notice as sent", operation_id="incident_notice")
def record_notice(request, incident_id: int, spec: NoticeSpec):
    return _apply(request, incident_id, lambda who, i: services.record_notice(who, i, **spec.model_dump()),
                  answer=lambda n: Status(201, _notice(n)))


@router.post("/incidents/{incident_id}/unreachable", response={200: IncidentDict, **ERRORS},
             summary="Record how many people cannot be reached", operation_id="incident_unreachable")
def record_unreachable(request, incident_id: int, spec: UnreachableSpec):
    """Decides the substitute notice (164.404(d)(2)): fewer than 10, an alternative written notice,
    telephone or other means; 10 or more, a 90-day home-page posting or major media, and a toll-free
    number for at least 90 days. A breach owing individual notice closes only with the count recorded."""
    return _apply(request, incident_id, lambda who, i: services.record_unreachable(who, i, spec.unreachable_count))


@router.post("/incidents/{incident_id}/hhs-report", response={200: IncidentDict, **ERRORS},
             summary="Record the answers for the HHS breach portal", operation_id="incident_hhs_report")
def record_hhs_report(request, incident_id: int, spec: HhsReportSpec):
    """The portal's questions only the covered entity can answer (164.408); the rest of the report
    (dates, count, type of PHI, notices) comes from the incident. CSV: /o/<org>/incidents/<id>/hhs.csv."""
    return _apply(request, incident_id, lambda who, i: services.record_hhs_report(who, i, spec.model_dump()))


@router.post("/incidents/{incident_id}/close", response={200: IncidentDict, **ERRORS},
             summary="Close an incident", operation_id="incident_close")
def close_incident(request, incident_id: int):
    return _apply(request, incident_id, services.close)


@router.post("/incidents/{incident_id}/review", response={200: IncidentDict, **ERRORS},
             summary="Record the post-incident review and add corrective actions", operation_id="incident_review")
def record_review(request, incident_id: int, spec: ReviewSpec):
    """Required before a breach closes; each action's owner is reminded 7 days and 1 day before its due date."""
    def act(who, i):
        emails = {a.owner_email.strip().lower() for a in spec.actions}
        ids = dict(Membership.objects.filter(org=i.org, user__email__in=emails).values_list("user__email", "user_id"))
        drafts = [rules.ActionDraft(a.description, ids.get(a.owner_email.strip().lower(), -1), a.due_on)
                  for a in spec.actions]
        reviews.save_review(who, i, spec.what_happened, spec.root_cause, drafts)
    return _apply(request, incident_id, act)
