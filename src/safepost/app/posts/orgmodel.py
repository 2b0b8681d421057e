"""An organization's own engine model, fitted on its reviewers' marks (engine/adapt.py does the
learning; this module reads the marks, stores the result encrypted, and hands it to the scans).

    safepost engine retrain --org SLUG [--enable]     fit, report before/after (cross-validated), store
    safepost engine use --org SLUG on|off             use it in the organization's scans, or not

The shipped base model stays the default: an organization's model is used only when it exists,
is enabled, and was fitted to the installed base model.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache

from django.db import transaction

from safepost.app.accounts.models import Organization
from safepost.app.audit.services import Who, record
from safepost.app.posts.models import EngineMark, OrgEngineModel, Post
from safepost.engine import adapt
from safepost.engine.model import PostModel, shipped


@dataclass(frozen=True)
class Retrained:
    marks: int
    features: int
    before: adapt.Agreement       # the base model on the marks
    after: adapt.Agreement        # the organization's model, cross-validated
    enabled: bool
    unmarked: int                 # the organization's latest posts nobody marked
    turned: tuple[int, int]       # of those, flagged → allowed and allowed → flagged by its model


def examples(org: Organization, base: PostModel) -> list[adapt.Example]:
    """The organization's marks as training examples: one per post version (the latest mark), the
    text judged with the organization's policy (its own name, staff, …) and the base model."""
    from safepost.app.posts.services import base_policy_for

    policy = base_policy_for(org)
    latest: dict[tuple[int, int], EngineMark] = {}
    for m in EngineMark.objects.filter(org=org).order_by("created", "id"):
        latest[(m.post_id, m.version)] = m
    return [adapt.example(m.text, m.phi, direction=m.direction, kind=m.text_kind, org=policy,
                          today=m.created.date(), base=base) for m in latest.values()]


UNMARKED = 500


def unmarked(org: Organization, base: PostModel) -> list[adapt.Example]:
    """The organization's latest posts nobody marked (their answer unknown: phi=False is a placeholder)."""
    from safepost.app.posts.services import base_policy_for

    policy = base_policy_for(org)
    posts = Post.objects.filter(org=org, marks__isnull=True).order_by("-created", "-id")[:UNMARKED]
    return [adapt.example(p.text, False, org=policy, today=p.created.date(), base=base) for p in posts]


def retrain(who: Who, org: Organization, enable: bool = False) -> Retrained:
    """Fit the organization's model on its marks and store it (replacing the previous one).
    adapt.TooFewMarks when there are too few marks or not both kinds."""
    base = shipped()
    if base is None:
        raise adapt.TooFewMarks("no base model is installed (python -m safepost.engine.model.train)")
    data = examples(org, base)
    adapt.check_enough(data)
    before, after = adapt.cross_validate(data, base.identity)
    correction = adapt.fit(data, base.identity)
    others = unmarked(org, base)
    turned = adapt.changes(others, correction)
    with transaction.atomic():
        row = OrgEngineModel.objects.select_for_update().filter(org=org).first() or OrgEngineModel(org=org)
        row.correction = json.dumps(correction.to_dict(), sort_keys=True)
        row.base, row.marks = base.identity, len(data)
        row.enabled = row.enabled or enable
        row.save()
        record(who, "engine.retrain", ("organization", org.pk), {
            "marks": len(data), "features": len(correction.weights), "base": base.identity, "enabled": row.enabled,
            "before_fixed": before.false_alarms_fixed, "before_caught": before.missed_caught,
            "after_fixed": after.false_alarms_fixed, "after_caught": after.missed_caught,
            "unmarked": len(others), "turned_allowed": turned[0], "turned_flagged": turned[1]})
    return Retrained(len(data), len(correction.weights), before, after, row.enabled, len(others), turned)


def set_enabled(who: Who, org: Organization, on: bool) -> bool:
    """Use the organization's model in its scans (on) or the base model (off). False when it has none."""
    with transaction.atomic():
        row = OrgEngineModel.objects.select_for_update().filter(org=org).first()
        if row is None:
            return False
        was, row.enabled = row.enabled, on
        row.save()
        record(who, "engine.use", ("organization", org.pk), {"enabled": on, "was": was})
    return True


@dataclass(frozen=True)
class Status:
    marks: int                    # marks collected so far
    fitted_on: int | None         # marks the stored model was fitted on (None: no model)
    enabled: bool
    current: bool                 # fitted to the installed base model


def status(org: Organization) -> Status:
    row = OrgEngineModel.objects.filter(org=org).only("marks", "enabled", "base").first()
    base = shipped()
    return Status(EngineMark.objects.filter(org=org).count(), row.marks if row else None, bool(row and row.enabled),
                  bool(row and base and row.base == base.identity))


def model_for(org: Organization) -> PostModel | None:
    """The model the organization's scans use: its own when present, enabled and fitted to the
    installed base model; None (the base model) otherwise."""
    row = OrgEngineModel.objects.filter(org=org, enabled=True).only("pk", "updated", "base").first()
    base = shipped()
    if row is None or base is None or row.base != base.identity:
        return None
    return _load(row.pk, row.updated.isoformat())


@lru_cache(maxsize=64)
def _load(row_id: int, updated: str) -> PostModel:
    """Decrypted and built once per stored version (the key changes whenever the row does)."""
    row = OrgEngineModel.objects.get(pk=row_id)
    return adapt.adjusted(shipped(), adapt.Correction.from_dict(json.loads(row.correction)))
