"""The privacy officer's review of the organization's candidate scenarios: approve (with the
decision, reasons, explanation and text as they should be taught) or retire. An edited text is
checked by the engine again: identifiers cannot come back in through the review.

Audit meta: ids, reason codes, the decision and whether things changed (never the text)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from safepost.app.audit.services import Who, fingerprint, record
from safepost.app.training import bank
from safepost.app.training.candidates import carries_phi
from safepost.app.training.models import Scenario
from safepost.engine import scan
from safepost.engine.labels import PLAIN


class ReviewError(ValueError):
    """The review cannot be taken as it is; the message says what to fix."""


@dataclass(frozen=True)
class Decision:
    text: str
    decision: str
    reasons: tuple[str, ...]
    explanation: str


def _locked(scenario: Scenario) -> Scenario:
    return Scenario.objects.select_for_update().get(pk=scenario.pk)


def _identifiers_left(text: str, direction: str, kind: str) -> list[str]:
    report = scan(text, direction=direction, kind=kind, today=date.today())
    if not carries_phi(report):
        return []
    plain = sorted({PLAIN.get(f.label, f.label) for f in report.findings if f.is_phi})
    return plain or ["a description that identifies someone indirectly"]


def approve(who: Who, scenario: Scenario, d: Decision) -> Scenario:
    """Approve a draft (or re-approve an approved one with corrections): members practise with it."""
    if who.actor_id is None:
        raise ReviewError("Only a person (the privacy officer) can approve a scenario.")
    text, explanation = d.text.strip(), d.explanation.strip()
    if found := bank.problems(direction=scenario.direction, kind=scenario.kind, decision=d.decision,
                              reasons=list(d.reasons), text=text, explanation=explanation):
        raise ReviewError("; ".join(found))
    with transaction.atomic():
        s = _locked(scenario)
        if s.org_id is None:
            raise ReviewError("Builtin scenarios are changed in the repository, not here.")
        if s.state == "retired":
            raise ReviewError("This scenario was retired; it cannot be approved again.")
        text_changed = text != s.text
        if text_changed and (left := _identifiers_left(text, s.direction, s.kind)):
            raise ReviewError("The text still identifies someone (" + ", ".join(left) + "); replace those parts "
                              "with a label in brackets such as [NAME] or remove them.")
        meta = {"scenario": s.pk, "source": s.source, "source_id": s.source_id, "decision": d.decision,
                "reasons": list(d.reasons), "was": s.state, "text_changed": text_changed,
                "decision_changed": d.decision != s.decision}
        s.text, s.text_fp, s.decision, s.reasons = text, fingerprint(text), d.decision, list(d.reasons)
        s.explanation, s.state = explanation, "approved"
        s.reviewed_by_id, s.reviewed_at = who.actor_id, timezone.now()
        s.save()
        record(who, "training.scenario_approve", s, meta)
    return s


def retire(who: Who, scenario: Scenario) -> Scenario:
    """No one practises with it any more (kept: answers refer to it)."""
    with transaction.atomic():
        s = _locked(scenario)
        if s.org_id is None:
            raise ReviewError("Builtin scenarios are changed in the repository, not here.")
        if s.state == "retired":
            return s
        was = s.state
        s.state, s.reviewed_by_id, s.reviewed_at = "retired", who.actor_id, timezone.now()
        s.save(update_fields=["state", "reviewed_by", "reviewed_at"])
        record(who, "training.scenario_retire", s, {"scenario": s.pk, "source": s.source, "was": was})
    return s
