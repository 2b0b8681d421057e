"""The learned verdict on top of the rules.

The rules find the identifiers and say whose each one is; the model (``engine/model``) weighs
that evidence with the words around it and decides whether the text discloses PHI. The rules'
findings stay the evidence a reviewer sees; the model decides the flag, and its largest
contributions are the verdict's structured explanation (``Report.judgement``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import partial

import numpy as np

from safepost.engine import verdict
from safepost.engine.doc import TENTATIVE, Doc
from safepost.engine.model import PostModel, RuleView, extract
from safepost.engine.model.embedding import embed
from safepost.engine.model.features import group, prepare, span_features
from safepost.engine.report import Finding, Judgement, Reason, Verdict
from safepost.engine.signals import REPLY_KINDS, Signals

# When the model finds PHI the rules did not tie to a patient, these findings are the likely
# patient identifiers (a staff member's, the organization's or a public figure's never are).
PROMOTABLE = frozenset({"NAME", "USERNAME", "AGE"})


@dataclass(frozen=True, slots=True)
class ItemFeatures:
    """What the post heads read: the named features, the span head's probability for each
    identifier, and the text's embedding (None when no head reads one)."""

    names: set[str]
    span_probabilities: list[float] | None
    vector: np.ndarray | None


def item_features(doc: Doc, model: PostModel, view: RuleView, sig: Signals) -> ItemFeatures:
    prep = prepare(doc, sig, view)
    span_head = model.heads.get("span_phi")
    span_probs = [span_head.probability(f) for f in span_features(doc, view, prep)] if span_head else None
    vector = embed(doc.text) if any(h.dense is not None for h in model.heads.values()) else None
    return ItemFeatures(extract(doc, sig, view, prep, span_probs), span_probs, vector)


def decide(doc: Doc, model: PostModel, view: RuleView, findings: list[Finding],
           sig: Signals) -> tuple[Verdict, list[Reason], list[Finding], Judgement]:
    item = item_features(doc, model, view, sig)
    feats, span_probs = item.names, item.span_probabilities
    head = model.heads["phi_present"]
    present = head.present(feats, item.vector)
    p = head.probability_of(present)
    threshold = model.threshold(doc.policy.operating_point, group(doc))
    flagged = p >= threshold or bool(sig.block_terms)
    judgement = Judgement(probability=p, threshold=threshold, rules_verdict=view.verdict,
                          explain=partial(head.contributions, present))
    if not flagged:
        findings = [replace(f, is_phi=False) if f.is_phi else f for f in findings]
        return Verdict.ALLOW, [], _without_tentative(view, findings), judgement
    if span_probs and any(sp >= 0.5 for sp in span_probs):   # the span head says whose each identifier is
        owners = [c.owner for c, _ in view.decided]
        findings = [replace(f, is_phi=sp >= 0.5 and not _organization_says_not(doc, f, owner))
                    for f, sp, owner in zip(findings, span_probs, owners)]
    findings = _without_tentative(view, findings)
    if view.verdict != Verdict.ALLOW.value:
        return Verdict(view.verdict), verdict.reasons_of(view.reasons), findings, judgement
    if not any(f.is_phi for f in findings):
        findings = _promote(doc, view, findings)
    reply = doc.kind in REPLY_KINDS
    phi = any(f.is_phi for f in findings)
    reasons = verdict.reasons_for(doc, findings, sig, relationship=reply and not phi,
                                  indirect=not phi and not reply)
    kind = verdict.kind_of_flag(doc, findings, sig)
    if kind is Verdict.NEEDS_AUTHORIZATION and "consent_can_cure" in model.heads:
        cure = model.heads["consent_can_cure"]
        if cure.probability_of(cure.present(feats, item.vector)) < 0.5:
            kind = Verdict.BLOCK
    return kind, reasons, findings, judgement


def _without_tentative(view: RuleView, findings: list[Finding]) -> list[Finding]:
    """A weak guess (a proper noun where a place goes) is an identifier only when judged a patient's."""
    return [f for f, (c, _) in zip(findings, view.decided) if f.is_phi or c.kind != TENTATIVE]


def _organization_says_not(doc: Doc, f: Finding, owner: str) -> bool:
    """The organization's own identifiers, allow-listed terms and staff are never a patient's."""
    span = doc.text[f.start:f.end]
    return owner in ("org", "public") or doc.policy.is_allowed(span) or doc.policy.is_staff_name(span)


def _promote(doc: Doc, view: RuleView, findings: list[Finding]) -> list[Finding]:
    owners = {(c.start, c.end): c.owner for c, _ in view.decided}

    def patients(f: Finding) -> bool:
        owner = owners.get((f.start, f.end), "")
        return f.label in PROMOTABLE and owner in ("", "patient") and not _organization_says_not(doc, f, owner)
    return [replace(f, is_phi=True) if patients(f) else f for f in findings]
