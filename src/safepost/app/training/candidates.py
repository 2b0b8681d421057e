"""Growing the bank from the organization's own work: a flagged draft or a closed incident
becomes a candidate scenario, DE-IDENTIFIED by the engine first.

The engine's redaction (safepost.engine.redact.mask) replaces every identifier it found with its
label ("[NAME] came in for her knee surgery"); the result is scanned again, and a candidate
whose rewrite still carries PHI (an identifier the engine calls PHI, or a phrase its rules read as
describing someone a small audience could recognise: indirect_identification evidence) is not
created (164.514(b)(2): Safe Harbor
removes the identifiers; what the engine cannot remove, nobody practises with). The candidate
waits as a draft until the privacy officer reviews and approves it (see review.py); the privacy
officers are told (TRAINING_SCENARIO_CANDIDATE: a link to the candidate and the source as the
reason code, never its text).

Audit meta: ids, reason codes and the verdict only (never the text)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from django.db import transaction

from safepost.app.accounts.models import Organization
from safepost.app.audit.services import Who, fingerprint, record
from safepost.app.notify.events import Event
from safepost.app.notify.services import notify
from safepost.app.training import bank
from safepost.app.training.models import Scenario
from safepost.engine import Policy, Report, scan
from safepost.engine.redact import mask

SYSTEM_ACTOR = "system:training"


@dataclass(frozen=True)
class Rewrite:
    text: str | None            # None: the rewrite still carries PHI
    original: Report            # the engine's report on the original text


def system_who(org: Organization) -> Who:
    return Who(org=org, actor_id=None, actor=SYSTEM_ACTOR)


def carries_phi(report: Report) -> bool:
    """An identifier the engine calls PHI, or a phrase identifying someone indirectly ("the
    firefighter from Engine 7"). Not the learned model's reason alone: a de-identified story
    about care still reads as care to it, which is what a scenario is for."""
    return (any(f.is_phi for f in report.findings)
            or any(e.reason == "indirect_identification" for e in report.evidence))


def deidentify(text: str, *, direction: str, kind: str, policy: Policy | None = None) -> Rewrite:
    """Every identifier the engine finds masked (the organization's own too: a scenario needs
    no one's), then checked again by the engine."""
    today = date.today()
    report = scan(text, direction=direction, kind=kind, org=policy, today=today)
    rewritten = mask(text, [replace(f, is_phi=True) for f in report.findings]).strip()
    again = scan(rewritten, direction=direction, kind=kind, org=policy, today=today)
    return Rewrite(None if carries_phi(again) or not rewritten else rewritten, report)


def propose(org: Organization, source: str, source_id: int, text: str, *, direction: str, kind: str,
            policy: Policy | None = None) -> Scenario | None:
    """A draft scenario from `text` (the post's or the incident's source), or None: already
    proposed for this source, not flagged by the engine, still PHI after the rewrite, or the
    same text as an existing scenario of the organization."""
    if source not in ("flagged_draft", "closed_incident"):
        raise ValueError(f"source must be flagged_draft or closed_incident, not {source!r}")
    if Scenario.objects.filter(org=org, source=source, source_id=source_id).exists():
        return None
    rewrite = deidentify(text, direction=direction, kind=kind, policy=policy)
    decision = bank.decision_of(rewrite.original.verdict)
    reasons = [r.code for r in rewrite.original.reasons]
    meta = {"source": source, "source_id": source_id, "decision": decision, "reasons": reasons}
    if decision == "allow":
        return None
    with transaction.atomic():
        if rewrite.text is None:
            record(system_who(org), "training.scenario_skipped", ("organization", org.pk), meta | {"why": "phi_after_rewrite"})
            return None
        fp = fingerprint(rewrite.text)
        if Scenario.objects.filter(org=org, text_fp=fp).exists():
            return None
        s = Scenario.objects.create(org=org, source=source, source_id=source_id, direction=direction, kind=kind,
                                    text=rewrite.text, text_fp=fp, decision=decision, reasons=reasons,
                                    explanation=bank.draft_explanation(decision, reasons), state="draft")
        record(system_who(org), "training.scenario_candidate", s, meta)
        notify(org, Event.TRAINING_SCENARIO_CANDIDATE, link=f"/o/{org.slug}/training/scenarios/{s.pk}/", obj=s,
               reason=source)
    return s


# -- the sources ------------------------------------------------------------------------------
def from_post(post) -> Scenario | None:
    """A flagged draft (posts.Post), checked with the organization's engine policy."""
    from safepost.app.posts.services import policy_for

    return propose(post.org, "flagged_draft", post.pk, post.text, direction="outbound", kind="post",
                   policy=policy_for(post.org))


def from_incident(incident) -> Scenario | None:
    """A closed incident about a published post or an inbox item: the text it was about."""
    from django.apps import apps

    if incident.source_kind == "post" and incident.source_id:
        post = apps.get_model("posts", "Post").objects.filter(org=incident.org, pk=incident.source_id).first()
        if post is None:
            return None
        from safepost.app.posts.services import policy_for

        return propose(incident.org, "closed_incident", incident.pk, post.text, direction="outbound", kind="post",
                       policy=policy_for(incident.org))
    if incident.source_kind == "inbox_item" and incident.source_id:
        item = apps.get_model("inbox", "Item").objects.filter(org=incident.org, pk=incident.source_id).first()
        if item is None:
            return None
        from safepost.app.inbox.rules import engine_kind

        return propose(incident.org, "closed_incident", incident.pk, item.body, direction="inbound",
                       kind=engine_kind(item.kind))
    return None
