"""/api/v1/inbox: the same inbox as the pages. Other tools depend on these shapes:

    GET  /api/v1/inbox?state=&verdict=&channel=   → [{"id", "channel", "kind", "received_at",
                                                      "verdict", "spans", "state", …}, …]
         (escalated first, then by due time; `channel` = a channel id or a source such as
          google, yelp, healthgrades, secure_form; `limit` ≤ 500, `offset`)
    POST /api/v1/inbox/{id}/assign   {"assignee": user id | null}          → item
    POST /api/v1/inbox/{id}/hide                                           → item (hidden on the platform)
    POST /api/v1/inbox/{id}/resolve                                        → item
    POST /api/v1/inbox/{id}/reply    {"text"} → 201 {"id", "state", "remote", …}, or 409
         {"detail", "blocking_phrase", "phrases": [{"start", "end", "text", "reason"}],
          "reasons": [codes], "safe_rewrite"} when the reply checker refuses it
         (and "reply": the blocked reply's id, kept for a privacy officer's release)
    POST /api/v1/inbox/{id}/replies/{reply_id}/release  {"reason", "confirm": "RELEASE"}
         → {"id", "state", "release": "requested" | "released", "labels", …}, or 409 {"detail", "code"}
    POST /api/v1/inbox/import        multipart `file` (CSV or JSON review export)
         → {"rows", "created", "duplicates", "errors": [{"row", "error"}]}

`channel` in an item is the channel's id, or null for imported reviews and secure messages
(`source` then says where it came from). Bodies are not in the list (they may hold PHI);
`GET /api/v1/inbox/{id}` returns the text (audited).
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from ninja import File, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile
from pydantic import ConfigDict, Field

from safepost.app.accounts.rules import Action
from safepost.app.api.auth import require
from safepost.app.api.schemas import ErrorDict
from safepost.app.audit.services import Who
from safepost.app.inbox import release, rules, services
from safepost.app.inbox.models import Item, Reply
from safepost.app.lib.ids import is_row_id

router = Router(tags=["inbox"])

StateName = Literal["open", "replied", "resolved"]
VerdictName = Literal["ALLOW", "NEEDS_AUTHORIZATION", "BLOCK", "PRIVATE_FOLLOW_UP"]
MAX_IMPORT_BYTES = 5_000_000


class SpanOut(Schema):
    start: int
    end: int
    label: str
    is_phi: bool
    score: float
    why: str


class ItemDict(Schema):
    id: int
    channel: int | None
    source: str
    kind: str
    received_at: datetime
    verdict: str
    spans: list[SpanOut]
    state: str
    reasons: list[str]
    situation: str
    escalated: bool
    assignee: int | None
    due_at: datetime
    overdue: bool
    hidden: bool
    rating: int | None


class ItemDetail(ItemDict):
    text: str
    author: str
    url: str


class AssignSpec(Schema):
    model_config = ConfigDict(extra="forbid", strict=True)

    assignee: int | None = Field(..., description="a member's user id, or null to unassign")


class ReplySpec(Schema):
    model_config = ConfigDict(extra="forbid", strict=True)

    text: str = Field(..., min_length=1, max_length=5000)


class ReplyDict(Schema):
    id: int
    item: int
    state: str
    remote: dict | None
    sent_at: datetime | None
    created: datetime


class ReleaseSpec(Schema):
    model_config = ConfigDict(extra="forbid", strict=True)

    reason: str = Field(..., min_length=1, max_length=2000,
                        description="why the block is overridden (no patient details; the engine checks it; "
                                    "stored encrypted, shown to privacy officers only)")
    confirm: str = Field(..., max_length=40, description="the word RELEASE, typed")


class ReleaseDict(ReplyDict):
    release: Literal["requested", "released"]
    labels: list[str] = Field(..., description="the identifier types the engine found (no text)")


class ImportError_(Schema):
    row: int
    error: str


class ImportDict(Schema):
    rows: int
    created: int
    duplicates: int
    errors: list[ImportError_]


ERRORS = {400: ErrorDict, 401: ErrorDict, 403: ErrorDict, 404: ErrorDict, 409: ErrorDict, 422: ErrorDict}


def item_dict(it: Item, now=None) -> dict:
    from django.utils import timezone

    now = now or timezone.now()
    return {"id": it.pk, "channel": it.channel_id, "source": it.source, "kind": it.kind, "received_at": it.received_at,
            "verdict": it.verdict, "spans": it.spans, "state": it.state, "reasons": it.reasons,
            "situation": it.situation, "escalated": it.escalated, "assignee": it.assignee_id, "due_at": it.due_at,
            "overdue": rules.overdue(it.state, it.due_at, now), "hidden": it.hidden_at is not None,
            "rating": it.rating}


def _get(request, item_id: int) -> Item:
    return get_object_or_404(Item.objects.select_related("channel", "org"), org=request.org, pk=item_id)


def _refused(e: services.Refused):
    code = 403 if isinstance(e, services.NotAllowed) else 502 if isinstance(e, services.SendFailed) else 409
    if isinstance(e, services.TrainingRequired | release.ReleaseRefused):
        return JsonResponse({"detail": str(e), "code": e.code}, status=code)
    return JsonResponse({"detail": str(e)}, status=code)


@router.get("/inbox", response={200: list[ItemDict], **ERRORS}, summary="The inbox queue", operation_id="inbox_list")
def list_items(request, state: StateName | None = None, verdict: VerdictName | None = None,
               channel: str | None = None, limit: int = 100, offset: int = 0):
    require(request, Action.INBOX_VIEW)
    if not 1 <= limit <= 500 or offset < 0:
        raise HttpError(422, "limit must be 1–500 and offset ≥ 0")
    if channel is not None and not (is_row_id(channel) or channel in rules.SOURCE_LABELS):
        raise HttpError(422, "channel must be a channel id or one of " + ", ".join(rules.SOURCE_LABELS))
    qs = services.queue(request.org, state=state, verdict=verdict, channel=channel).defer("body", "remote")
    return [item_dict(it) for it in qs[offset:offset + limit]]


@router.post("/inbox/import", response={200: ImportDict, **ERRORS}, summary="Import a review export (CSV or JSON)",
             operation_id="inbox_import")
def import_reviews(request, file: File[UploadedFile]):
    require(request, Action.INBOX_TRIAGE)
    if file.size is not None and file.size > MAX_IMPORT_BYTES:
        raise HttpError(422, f"the file is larger than {MAX_IMPORT_BYTES} bytes")
    result = services.import_reviews(Who.from_request(request), request.org, file.read(), file.name or "")
    if result.rows == 0 and result.errors:
        return JsonResponse({"detail": result.errors[0][1], "rows": 0, "created": 0, "duplicates": 0,
                             "errors": [{"row": r, "error": m} for r, m in result.errors]}, status=422)
    return {"rows": result.rows, "created": result.created, "duplicates": result.duplicates,
            "errors": [{"row": r, "error": m} for r, m in result.errors]}


@router.get("/inbox/{item_id}", response={200: ItemDetail, **ERRORS}, summary="One item, with its text (audited)",
            operation_id="inbox_get")
def get_item(request, item_id: int):
    require(request, Action.INBOX_VIEW)
    it = _get(request, item_id)
    services.view(Who.from_request(request), it)
    return {**item_dict(it), "text": it.body, "author": it.author, "url": it.url}


@router.post("/inbox/{item_id}/assign", response={200: ItemDict, **ERRORS}, summary="Assign (or unassign)",
             operation_id="inbox_assign")
def assign(request, item_id: int, spec: AssignSpec):
    require(request, Action.INBOX_TRIAGE)
    it = _get(request, item_id)
    try:
        services.assign(Who.from_request(request), it, spec.assignee)
    except services.Refused as e:
        return JsonResponse({"detail": str(e)}, status=422)
    return item_dict(it)


@router.post("/inbox/{item_id}/hide", response={200: ItemDict, **ERRORS}, summary="Hide it on the platform",
             operation_id="inbox_hide")
def hide(request, item_id: int):
    require(request, Action.INBOX_TRIAGE)
    it = _get(request, item_id)
    try:
        services.hide(Who.from_request(request), it)
    except services.Refused as e:
        return _refused(e)
    return item_dict(it)


@router.post("/inbox/{item_id}/resolve", response={200: ItemDict, **ERRORS}, summary="Resolve (also: do not reply)",
             operation_id="inbox_resolve")
def resolve(request, item_id: int):
    require(request, Action.INBOX_TRIAGE)
    it = _get(request, item_id)
    services.resolve(Who.from_request(request), it)
    return item_dict(it)


@router.post("/inbox/{item_id}/reply", response={201: ReplyDict, **ERRORS}, summary="Answer (checked first)",
             operation_id="inbox_reply")
def reply(request, item_id: int, spec: ReplySpec):
    require(request, Action.INBOX_REPLY)
    it = _get(request, item_id)
    try:
        r = services.send_reply(Who.from_request(request), it, spec.text, base_url=request.build_absolute_uri("/"))
    except services.ReplyBlocked as e:
        chk = e.check
        return JsonResponse({"detail": str(e), "reply": e.reply.pk if e.reply else None, "blocking_phrase": chk.phrase,
                             "phrases": [p.to_dict() for p in chk.phrases],
                             "reasons": [c for c, _ in chk.reasons], "safe_rewrite": chk.rewrite}, status=409)
    except services.Refused as e:
        return _refused(e)
    return Status(201, {"id": r.pk, "item": it.pk, "state": r.state, "remote": r.remote, "sent_at": r.sent_at,
                 "created": r.created})


@router.post("/inbox/{item_id}/replies/{reply_id}/release", response={200: ReleaseDict, 502: ErrorDict, **ERRORS},
             summary="Release a blocked reply (privacy officer)", operation_id="inbox_reply_release",
             description="Same rules as a post's override: typed confirmation, an engine-checked reason, the "
                         "organization's two-person rule (the first officer's call answers `release: requested`), "
                         "never by its writer, never with identifiers consent cannot cure (409, code "
                         "`uncurable_identifier`). Once released it is sent (502 when the platform fails: kept as "
                         "failed) and an incident is opened.")
def release_reply(request, item_id: int, reply_id: int, spec: ReleaseSpec):
    require(request, Action.INBOX_RELEASE)
    it = _get(request, item_id)
    r = get_object_or_404(Reply, org=request.org, item=it, pk=reply_id)
    r.item = it
    try:
        r = release.release_reply(Who.from_request(request), r, spec.reason, spec.confirm,
                                  base_url=request.build_absolute_uri("/"))
    except services.Refused as e:
        return _refused(e)
    return {"id": r.pk, "item": it.pk, "state": r.state, "remote": r.remote, "sent_at": r.sent_at,
            "created": r.created, "release": "released" if r.released_at else "requested", "labels": r.labels}
