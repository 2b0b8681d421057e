"""`GET /api/v1/training/me`: the key's member's training standing (a key acting for no person
has none: 403)."""

from __future__ import annotations

from datetime import datetime

from ninja import Router, Schema

from safepost.app.accounts.rules import Action
from safepost.app.api.auth import require
from safepost.app.api.schemas import ErrorDict
from safepost.app.training import services

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
