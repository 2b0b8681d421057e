"""An organization's own model: the shipped base model plus a small correction fitted on its
reviewers' marks ("false alarm": flagged, but no PHI; "missed PHI": allowed, but it has PHI).

The base weights stay fixed. The correction is a logistic regression whose offset is the base
model's calibrated logit, over the same features (`model/features.py`), with a strong L2 penalty
that pulls every correction weight to 0: where the marks say nothing, the organization's model
says what the base says. The base model's operating points are kept. A correction is fitted to
one base model (`PostModel.identity`); after an upgrade it no longer applies and is not used.

Needs numpy (installed with the service); nothing here reads a clock or touches a database.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from safepost.engine.doc import Doc
from safepost.engine.learned import item_features
from safepost.engine.model.features import group
from safepost.engine.model.linear import Head, PostModel, shipped
from safepost.engine.normalize import normalize
from safepost.engine.policy import DEFAULT_POLICY, Policy
from safepost.engine.scanner import rules

MIN_MARKS = 20          # fewer marks than this: no organization model
MIN_EACH = 5            # … and at least this many of each kind
STRENGTH = 4.0          # the L2 penalty on the correction weights (strong: the base is the prior)
MIN_COUNT = 2           # a feature is learned only when at least this many marks share it
FOLDS = 5


class TooFewMarks(ValueError):
    """Not enough marks, or not both kinds, to fit an organization's model; the message says how many."""


@dataclass(frozen=True)
class Example:
    """One marked text as the fitter sees it."""

    features: frozenset[str]
    margin: float        # the base model's calibrated logit for it
    threshold: float     # the organization's operating point for its situation (a probability)
    phi: bool            # the reviewer's answer


def example(text: str, phi: bool, *, direction: str = "outbound", kind: str = "post", org: Policy | None = None,
            today: date | None = None, base: PostModel | None = None) -> Example:
    """What the base model sees in `text`, with the reviewer's answer."""
    base = base or _base()
    policy = org or DEFAULT_POLICY
    doc = Doc(normalize(text).text, direction, kind, policy, today)
    view, _, sig = rules(doc)
    item = item_features(doc, base, view, sig)
    feats = item.names
    head = base.heads["phi_present"]
    margin = head.a * math.fsum(w for _, w in head.present(feats, item.vector)) + head.b
    return Example(frozenset(feats), margin, base.threshold(policy.operating_point, group(doc)), phi)


def _base() -> PostModel:
    base = shipped()
    if base is None:
        raise TooFewMarks("no base model is installed (python -m safepost.engine.model.train)")
    return base


@dataclass(frozen=True)
class Correction:
    """Calibrated-logit units added to the base model's logit for each feature present."""

    weights: dict[str, float]
    base: str            # the base model's identity
    marks: int

    def to_dict(self) -> dict:
        return {"weights": self.weights, "base": self.base, "marks": self.marks}

    @classmethod
    def from_dict(cls, data: dict) -> "Correction":
        return cls({str(k): float(v) for k, v in data["weights"].items()}, str(data["base"]), int(data["marks"]))


def check_enough(examples: list[Example]) -> None:
    n_phi = sum(e.phi for e in examples)
    n_not = len(examples) - n_phi
    if len(examples) < MIN_MARKS or min(n_phi, n_not) < MIN_EACH:
        raise TooFewMarks(f"{_count(len(examples), 'mark')} ({_count(n_not, 'false alarm')}, {n_phi} missed PHI); "
                          f"an organization's model needs at least {MIN_MARKS}, with at least {MIN_EACH} of each kind")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def fit(examples: list[Example], base_identity: str, strength: float = STRENGTH) -> Correction:
    """The correction: L2-penalised logistic regression with the base logit as offset, classes
    weighted equally, solved by Newton's method in the marks' span (n × n, n = the marks)."""
    import numpy as np

    counts: dict[str, int] = {}
    for e in examples:
        for f in e.features:
            counts[f] = counts.get(f, 0) + 1
    names = sorted(f for f, n in counts.items() if n >= MIN_COUNT or f == "bias")
    index = {f: j for j, f in enumerate(names)}
    x = np.zeros((len(examples), len(names)))
    for i, e in enumerate(examples):
        x[i, [index[f] for f in e.features if f in index]] = 1.0
    y = np.array([1.0 if e.phi else 0.0 for e in examples])
    offset = np.array([e.margin for e in examples])
    n_phi = y.sum()
    if n_phi in (0, len(y)):
        raise TooFewMarks("the marks are all of one kind: a correction needs both")
    weight = np.where(y == 1, len(y) / (2 * n_phi), len(y) / (2 * (len(y) - n_phi)))
    alpha = _newton(x @ x.T, y, offset, weight, strength)
    theta = x.T @ alpha
    return Correction({f: round(float(t), 5) for f, t in zip(names, theta) if abs(t) >= 1e-4}, base_identity,
                      len(examples))


def _newton(k, y, offset, weight, strength: float, steps: int = 50):
    """Minimise Σ weight·logloss(y, offset + Kα) + strength/2 · αᵀKα over α."""
    import numpy as np

    def objective(a):
        z = offset + k @ a
        return float(np.sum(weight * (np.logaddexp(0, z) - y * z)) + strength / 2 * a @ k @ a)

    alpha = np.zeros(len(y))
    current = objective(alpha)
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(offset + k @ alpha)))
        g = weight * (p - y) + strength * alpha
        h = (weight * p * (1 - p))[:, None] * k + strength * np.eye(len(y))
        delta = np.linalg.solve(h, g)
        step = 1.0
        while step > 1e-4 and objective(alpha - step * delta) > current:
            step /= 2
        alpha = alpha - step * delta
        new = objective(alpha)
        if current - new < 1e-9:
            break
        current = new
    return alpha


class AdjustedHead(Head):
    """The base head with the organization's correction folded into its weights."""

    __slots__ = ("delta",)

    def __init__(self, base: Head, correction: Correction) -> None:
        super().__init__(base.weights, (base.a, base.b))
        self.dense = base.dense
        self.delta = {f: w / base.a for f, w in correction.weights.items()}

    def present(self, feats: set[str], vector=None) -> list[tuple[str, float]]:
        w, d = self.weights, self.delta
        return [(f, w.get(f, 0.0) + d.get(f, 0.0)) for f in feats if f in w or f in d] + self._embedding_share(vector)


def adjusted(base: PostModel, correction: Correction) -> PostModel:
    """The organization's model: `base` with `correction` on its phi_present head. ValueError when
    the correction was fitted to another base model."""
    if correction.base != base.identity:
        raise ValueError(f"this correction was fitted to base model {correction.base}, not {base.identity}: retrain it")
    model = PostModel.__new__(PostModel)
    model.meta = {**base.meta, "organization_marks": correction.marks}
    model.identity = base.identity
    model.heads = {**base.heads, "phi_present": AdjustedHead(base.heads["phi_present"], correction)}
    model.operating_points = base.operating_points
    return model


@dataclass(frozen=True)
class Agreement:
    """How many marks a model now answers as the reviewer did, per kind."""

    false_alarms_fixed: int
    false_alarms: int
    missed_caught: int
    missed: int

    @property
    def text(self) -> str:
        return (f"false alarms now allowed {self.false_alarms_fixed}/{self.false_alarms}, "
                f"missed PHI now flagged {self.missed_caught}/{self.missed}")


def agreement(examples: list[Example], logits: list[float]) -> Agreement:
    flagged = [1 / (1 + math.exp(-max(-60.0, min(60.0, z)))) >= e.threshold for e, z in zip(examples, logits)]
    return Agreement(sum(1 for e, f in zip(examples, flagged) if not e.phi and not f), sum(not e.phi for e in examples),
                     sum(1 for e, f in zip(examples, flagged) if e.phi and f), sum(e.phi for e in examples))


def changes(examples: list[Example], correction: Correction) -> tuple[int, int]:
    """On texts nobody marked: how many the correction turns (flagged → allowed, allowed → flagged)."""
    def flagged(z: float, e: Example) -> bool:
        return 1 / (1 + math.exp(-max(-60.0, min(60.0, z)))) >= e.threshold
    before = [flagged(e.margin, e) for e in examples]
    after = [flagged(logit(e, correction), e) for e in examples]
    return sum(b and not a for b, a in zip(before, after)), sum(a and not b for b, a in zip(before, after))


def logit(e: Example, correction: Correction) -> float:
    return e.margin + sum(correction.weights.get(f, 0.0) for f in e.features)


def cross_validate(examples: list[Example], base_identity: str, folds: int = FOLDS) -> tuple[Agreement, Agreement]:
    """(the base model, the organization's model fitted without each fold) on the marks: every
    mark is answered by a correction that never saw it. Folds are stratified, in mark order."""
    fold_of = {}
    for kind in (True, False):
        for k, i in enumerate(i for i, e in enumerate(examples) if e.phi is kind):
            fold_of[i] = k % folds
    out = [0.0] * len(examples)
    for f in range(folds):
        train = [e for i, e in enumerate(examples) if fold_of[i] != f]
        c = fit(train, base_identity)
        for i, e in enumerate(examples):
            if fold_of[i] == f:
                out[i] = logit(e, c)
    return agreement(examples, [e.margin for e in examples]), agreement(examples, out)
