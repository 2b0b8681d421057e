"""`scan()`: detectors → who each identifier belongs to → verdict → safe suggestion."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from safepost.engine import context, learned, signals, verdict
from safepost.engine.detect import ALL as DETECTORS, names
from safepost.engine.doc import Candidate, Doc, Taken
from safepost.engine.labels import PRIORITY
from safepost.engine.normalize import normalize
from safepost.engine.policy import DEFAULT_POLICY, Policy
from safepost.engine.redact import suggest
from safepost.engine.model import RuleView, shipped
from safepost.engine.report import DIRECTIONS, KINDS, Finding, Report, Verdict
from safepost.engine.signals import Signals

MAX_TEXT = 100_000


def _resolve(cands: list[Candidate]) -> list[Candidate]:
    ranked = sorted(cands, key=lambda c: (-c.score, -PRIORITY.get(c.label, 0), -(c.end - c.start), c.start))
    kept: list[Candidate] = []
    taken = Taken()
    for c in ranked:
        if taken.claim(c.start, c.end):
            kept.append(c)
    return sorted(kept, key=lambda c: c.start)


def rules(doc: Doc) -> tuple[RuleView, list[Finding], Signals]:
    """The rule pass: identifiers found, whose each one is, and the rules' own verdict."""
    cands = _resolve([c for detect in DETECTORS for c in detect(doc)
                      if c.label != "NAME" or c.score >= doc.policy.name_threshold])
    again = names.repeated(doc, cands)
    if again:
        cands = sorted(cands + again, key=lambda c: c.start)
    sig = signals.compute(doc)
    decided = context.decide(doc, cands, sig)
    findings = [Finding(c.start, c.end, c.label, is_phi, c.score, f"{c.why}; {why}") for c, is_phi, why in decided]
    v, reasons = verdict.decide(doc, findings, sig)
    view = RuleView(v.value, tuple(r.code for r in reasons), tuple((c, is_phi) for c, is_phi, _ in decided))
    return view, findings, sig


def candidates(text: str, direction: str = "inbound", kind: str = "comment") -> list[tuple[int, int, str]]:
    """Every identifier the rule pass proposes, before any verdict, as (start, end, label) in the
    offsets of ``text`` as written (for the detection tables and ``bench/detection_misses.py``)."""
    norm = normalize(text)
    view, _, _ = rules(Doc(norm.text, direction, kind, DEFAULT_POLICY))
    return [(*norm.original(c.start, c.end), c.label) for c, _ in view.decided]


def scan(text: str, *, direction: str = "outbound", kind: str = "post", org: Policy | None = None,
         today: date | None = None) -> Report:
    """Scan one text. ``direction`` is outbound (the organization's) or inbound (a patient's or
    the public's); ``kind`` is what the text is (post, review_reply, comment, …); ``org`` is
    the organization's policy (its own phones, addresses, staff…); ``today`` is the reference
    date for ages worked out from birth years (the engine reads no clock: same input, same output;
    without it, a birth year alone is not turned into an age)."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    if direction not in DIRECTIONS:
        raise ValueError(f"direction must be one of {', '.join(DIRECTIONS)}; got {direction!r}")
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}; got {kind!r}")
    if len(text) > MAX_TEXT:
        raise ValueError(f"text is {len(text)} characters; the limit is {MAX_TEXT}")
    norm = normalize(text)
    doc = Doc(norm.text, direction, kind, org or DEFAULT_POLICY, today)
    view, findings, sig = rules(doc)
    model = doc.policy.model or shipped()   # an organization's own model (engine/adapt.py), else the base
    if model is None:
        v, reasons = Verdict(view.verdict), verdict.reasons_of(view.reasons)
        judgement = None
    else:
        v, reasons, findings, judgement = learned.decide(doc, model, view, findings, sig)
    evidence = verdict.evidence(doc, v, sig)
    if norm.changed:   # offsets back into the text as it was written
        findings = [replace(f, start=a, end=b) for f in findings for a, b in [norm.original(f.start, f.end)]]
        evidence = [replace(e, start=a, end=b) for e in evidence for a, b in [norm.original(e.start, e.end)]]
        doc = Doc(text, direction, kind, doc.policy, today)
    return Report(verdict=v, findings=findings, reasons=reasons, suggestion=suggest(doc, v, findings),
                  evidence=evidence, judgement=judgement)
