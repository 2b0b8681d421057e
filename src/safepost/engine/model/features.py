"""What the learned verdict sees: the rules' evidence and the words around it, as named features.

Every feature is a short string ("sig:relationship", "find:NAME:phi:staff", "w:congrats <NAME>");
the model is a weight per feature name. Three families:

- the rules' evidence: the rule verdict and reasons, each finding's label × whose the rules think
  it is, the whole-text signals (health terms by category, a confirmed care relationship, a patient
  story, a staff post, venting, a compliant reply);
- the words, with every identifier replaced by its label ("congrats to <NAME> on her <HEALTH>"),
  as unigrams and bigrams, each also crossed with the situation, so that what is learned is the
  frame, not the person;
- the reply frame: the person replied to next to what a reply about their care names ("your
  results", "tu cita"), and the organization next to its records ("our records show"); the words
  are data (``data/reply_cues.tsv``);
- the situation: direction × kind, and each evidence feature crossed with the situation group
  (inbound / outbound reply / outbound other), because "your crown" means one thing in a reply to
  a review and another in a dentist's ad.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

import regex

from safepost.engine.doc import Candidate, Doc
from safepost.engine.lexicons import animal_terms, reply_cues
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


GROUPS = ("in", "reply", "out")


def group(doc: Doc) -> str:
    """The situation a text is in: inbound, an outbound reply, or another outbound text."""
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


SENTENCE_END = regex.compile(r"[.!?\n]+(?:\s|$)|\s[—–-]\s")


def _proximity_by_candidate(doc: Doc, sig: Signals, rules: RuleView, animals: list[int]) -> list[set[str]]:
    """For each identifier, the cues in its sentence: "Maria … her chemo" is not "Maria …
    (three sentences later) … chemo"."""
    if not rules.decided:
        return []
    bounds = [m.end() for m in SENTENCE_END.finditer(doc.text)]

    def sentence(pos: int) -> int:
        return bisect.bisect_right(bounds, pos)
    cues = [(sentence(s), "health") for s, _, _ in sig.health]
    cues += [(sentence(s), "frame") for s, _ in sig.patient_frame]
    cues += [(sentence(s), "relationship") for s, _ in sig.relationship]
    cues += [(sentence(s), "staff") for s, _ in sig.staff_frame]
    cues += [(sentence(i), "animal") for i in animals]
    cues += [(sentence(c.start), "room") for c, _ in rules.decided if c.kind == "room"]
    by_sentence: dict[int, set[str]] = {}
    for where, cue in cues:
        by_sentence.setdefault(where, set()).add(cue)
    return [set(by_sentence.get(sentence(c.start), ())) for c, _ in rules.decided]


def _proximity(rules: RuleView, prep: Prepared) -> set[str]:
    feats = set()
    for (c, _), near in zip(rules.decided, prep.near):
        for cue in near:
            feats.add(f"near:{c.label}:{cue}")
            feats.add(f"near:{c.owner or 'unknown'}:{cue}")
    return feats


@dataclass(frozen=True, slots=True)
class Prepared:
    """What both the span and the item features read, worked out once per text."""

    stream: list[tuple[str, int]]   # (token, start): see _stream
    near: list[set[str]]            # per identifier, the cues in its sentence
    animals: int                    # words that say the text is about an animal (a pet's care is not PHI)


def prepare(doc: Doc, sig: Signals, rules: RuleView) -> Prepared:
    stream = _stream(doc, rules, sig)
    words = animal_terms()
    animals = [i for t, i in stream if t in words]
    return Prepared(stream, _proximity_by_candidate(doc, sig, rules, animals), len(animals))


def _stream(doc: Doc, rules: RuleView, sig: Signals) -> list[tuple[str, int]]:
    """(token, start) pairs: words lowercased, digits as 0, identifiers as <LABEL>, health terms as
    <HEALTH> followed by their words."""
    marks = sorted([(c.start, c.end, f"<{c.label}>") for c, _ in rules.decided]
                   + [(s, e, "<HEALTH>") for s, e, _ in sig.health])
    out: list[tuple[str, int]] = []
    pos = 0
    low = doc.low
    for s, e, tag in marks:
        if s < pos:
            continue
        out.extend((m.group(), m.start()) for m in TOKEN.finditer(low, pos, s))
        out.append((tag, s))
        if tag == "<HEALTH>":
            out.extend((m.group(), m.start()) for m in TOKEN.finditer(low, s, e))
        pos = e
    out.extend((m.group(), m.start()) for m in TOKEN.finditer(low, pos))
    return [("0" if t.isdigit() else t, i) for t, i in out]


WINDOW = 5


def span_features(doc: Doc, rules: RuleView, prep: Prepared) -> list[set[str]]:
    """For each identifier the rules found, what surrounds it: the words before and after it (in
    order nearby, as a bag further out), the cues in its sentence, what the rules decided."""
    stream, near = prep.stream, prep.near
    starts = [i for _, i in stream]
    g = group(doc)
    toks = [t for t, _ in stream]
    out = []
    for k, (c, is_phi) in enumerate(rules.decided):
        j = bisect.bisect_left(starts, c.start)
        before, after = toks[max(0, j - WINDOW):j], toks[j + 1:j + 1 + WINDOW]
        f = {"bias", f"sl:{c.label}", f"sl:{c.label}:{'phi' if is_phi else 'not'}", f"so:{c.owner or 'unknown'}",
             f"sl:{c.label}:{c.owner or 'unknown'}", f"sg:{g}", f"sg:{g}:{c.label}", f"sk:{doc.kind}",
             f"ss:{'strong' if c.score >= 0.75 else 'weak'}", f"sc:{c.kind or 'plain'}"}
        f.update(f"b1:{t}" for t in before[-1:])
        f.update(f"b2:{' '.join(before[-2:])}" for _ in before[-2:-1])
        f.update(f"a1:{t}" for t in after[:1])
        f.update(f"a2:{' '.join(after[:2])}" for _ in after[1:2])
        f.update(f"bb:{t}" for t in before)
        f.update(f"ab:{t}" for t in after)
        f.update(f"sn:{cue}" for cue in near[k])
        f.update(f"sn:{c.label}:{cue}" for cue in near[k])
        out.append(f)
    return out


def _words_of(term: str) -> list[str]:
    return [m.group() for m in TOKEN.finditer(term)]


SPAN_BINS = (0.1, 0.3, 0.5, 0.7, 0.9)


def from_spans(rules: RuleView, probabilities: list[float]) -> set[str]:
    """What the span model said about the identifiers, as item features: how sure it is that the
    likeliest one is a patient's, and which kinds of identifier it thinks are."""
    top = max(probabilities, default=0.0)
    feats = {f"spanmax>={b}" for b in SPAN_BINS if top >= b}
    feats.update(f"spanphi:{c.label}" for (c, _), p in zip(rules.decided, probabilities) if p >= 0.5)
    return feats


ADDRESSEE_REACH, RECORD_REACH = 4, 3
LENGTH_BUCKET, LENGTH_BUCKETS = 8, 6     # text length in tokens, in buckets of 8, the last one open


def _reply_frame(doc: Doc, stream: list[tuple[str, int]]) -> set[str]:
    """"your results", "tu cita", "our records" in one sentence: how a reply confirms that someone
    was a patient ("your experience. Please contact our patient relations team" does not)."""
    cues = reply_cues()
    you, care, records, we = cues["addressee"], cues["care_object"], cues["record"], cues["we"]
    bounds = [m.end() for m in SENTENCE_END.finditer(doc.text)]
    sentence = [bisect.bisect_right(bounds, start) for _, start in stream]
    toks = [t for t, _ in stream]
    courtesy = cues["courtesy"]
    feats = set()
    plain = 0             # "your" followed by neither a courtesy word nor "for" ("thank you for")
    for i, t in enumerate(toks):
        if t in you:
            nxt = toks[i + 1:i + 3]
            if not (set(nxt) & courtesy or nxt[:1] == ["for"]):
                plain += 1
            for j in range(i + 1, min(i + 1 + ADDRESSEE_REACH, len(toks))):
                w = toks[j]
                if sentence[j] == sentence[i] and (w in care or w == "<HEALTH>"):
                    feats.add("you_care")
                    feats.add(f"you_care:{w}")
        elif t in we and any(w in records and sentence[j] == sentence[i]
                             for j, w in enumerate(toks[i + 1:i + 1 + RECORD_REACH], start=i + 1)):
            feats.add("we_records")
    if not plain and any(t in you for t in toks):
        feats.add("you_courtesy_only")      # every "your" is "your feedback", "thank you for"
    return feats or {"no_you_care"}


def extract(doc: Doc, sig: Signals, rules: RuleView, prep: Prepared,
            span_probabilities: list[float] | None = None) -> set[str]:
    """The item's features."""
    g = group(doc)
    toks = [t for t, _ in prep.stream]
    evidence = _evidence(doc, sig, rules) | _proximity(rules, prep)
    if g == "reply":                       # "your next cleaning" in a bio or an ad is an invitation
        evidence |= _reply_frame(doc, prep.stream)
    evidence.add(f"len:{min(len(toks) // LENGTH_BUCKET, LENGTH_BUCKETS)}")   # a short thank-you is not a short disclosure
    if prep.animals:
        evidence.add(f"animal:{min(prep.animals, 3)}")
    if span_probabilities is not None:
        evidence |= from_spans(rules, span_probabilities)
    feats = {"bias", f"kind:{doc.kind}", f"dir:{doc.direction}", f"group:{g}"}
    feats |= evidence
    feats.update(f"{g}|{f}" for f in evidence)
    if prep.animals:                       # the same evidence weighs differently when the text is about a pet
        feats.update(f"animal|{f}" for f in evidence)
    bigrams = [f"w:{a} {b}" for a, b in zip(toks, toks[1:])]
    feats.update(f"w:{t}" for t in toks)
    feats.update(bigrams)
    feats.update(f"{g}|w:{t}" for t in toks)
    feats.update(f"{g}|{b}" for b in bigrams)    # "your visit" in a reply, in a comment, in an ad
    return feats
