"""What the learned verdict sees: the rules' evidence and the words around it, as named features.

Every feature is a short string ("sig:relationship", "find:NAME:phi:staff", "w:congrats <NAME>");
the model is a weight per feature name. Three families:

- the rules' evidence: the rule verdict and reasons, each finding's label × whose the rules think
  it is, the whole-text signals (health terms by category, a confirmed care relationship, a patient
  story, a staff post, venting, a compliant reply);
- the words, with every identifier replaced by its label ("congrats to <NAME> on her <HEALTH>"),
  as unigrams and bigrams, so that what is learned is the frame, not the person;
- the situation: direction × kind, and each evidence feature crossed with the situation group
  (inbound / outbound reply / outbound other), because "your crown" means one thing in a reply to
  a review and another in a dentist's ad.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from safepost.engine.doc import Candidate, Doc
from safepost.engine.signals import REPLY_KINDS, Signals

TOKEN = regex.compile(r"<[A-Z_]+>|[\p{L}\p{M}]+(?:['’][\p{L}]+)?|\d+|[!?#@]|\p{So}")
SIGNALS = ("relationship", "confirmed", "patient_frame", "strong_patient_frame", "staff_frame", "indirect",
           "personal_care", "staff_doc", "indirect_care", "venting", "safe_reply", "has_clinical")


@dataclass(frozen=True, slots=True)
class RuleView:
    """What the rules concluded, as the model reads it."""

    verdict: str
    reasons: tuple[str, ...]
    decided: tuple[tuple[Candidate, bool], ...]   # each candidate and the rules' is_phi


def group(doc: Doc) -> str:
    if doc.direction == "inbound":
        return "in"
    return "reply" if doc.kind in REPLY_KINDS else "out"


def _evidence(doc: Doc, sig: Signals, rules: RuleView) -> set[str]:
    feats = {f"v:{rules.verdict}"}
    feats.update(f"r:{r}" for r in rules.reasons)
    n_phi = 0
    for c, is_phi in rules.decided:
        phi = "phi" if is_phi else "not"
        feats.add(f"find:{c.label}:{phi}")
        feats.add(f"find:{c.label}:{phi}:{c.owner or 'unknown'}")
        if c.label == "NAME":
            feats.add(f"name:{phi}:{'strong' if c.score >= 0.75 else 'weak'}")
        n_phi += is_phi
    feats.add(f"nphi:{min(n_phi, 3)}")
    feats.add(f"nfind:{min(len(rules.decided), 4)}")
    for s, e, cat in sig.health:
        feats.add(f"health:{cat}")
    if sig.health:
        feats.add(f"nhealth:{min(len(sig.health), 4)}")
    for name in SIGNALS:
        if getattr(sig, name):
            feats.add(f"sig:{name}")
    if sig.block_terms:
        feats.add("sig:policy_term")
    return feats


def masked_tokens(doc: Doc, rules: RuleView, sig: Signals) -> list[str]:
    """The text's words, lowercased, with identifiers as <LABEL> and health terms as <HEALTH>."""
    marks = sorted([(c.start, c.end, f"<{c.label}>") for c, _ in rules.decided]
                   + [(s, e, "<HEALTH>") for s, e, _ in sig.health])
    out: list[str] = []
    pos = 0
    low = doc.low
    for s, e, tag in marks:
        if s < pos:
            continue
        out.extend(m.group() for m in TOKEN.finditer(low, pos, s))
        out.append(tag)
        out.extend(_words_of(low[s:e]) if tag == "<HEALTH>" else ())
        pos = e
    out.extend(m.group() for m in TOKEN.finditer(low, pos))
    return ["0" if t.isdigit() else t for t in out]


def _words_of(term: str) -> list[str]:
    return [m.group() for m in TOKEN.finditer(term)]


def extract(doc: Doc, sig: Signals, rules: RuleView) -> set[str]:
    """The item's features."""
    g = group(doc)
    evidence = _evidence(doc, sig, rules)
    feats = {"bias", f"kind:{doc.kind}", f"dir:{doc.direction}", f"group:{g}"}
    feats |= evidence
    feats.update(f"{g}|{f}" for f in evidence)
    toks = masked_tokens(doc, rules, sig)
    feats.update(f"w:{t}" for t in toks)
    feats.update(f"w:{a} {b}" for a, b in zip(toks, toks[1:]))
    feats.update(f"{g}|w:{t}" for t in toks)
    return feats
