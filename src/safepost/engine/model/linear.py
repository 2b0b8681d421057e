"""A calibrated linear model over named features: fast, small, and it explains itself.

The model file (JSON, shipped in the package) holds one *head* per question the engine asks —
``span_phi`` (is this identifier a patient's?), ``phi_present`` (does publishing this disclose
PHI?) and ``consent_can_cure`` (would the patient's authorization make it acceptable?) — each a weight per feature name and a Platt calibration
(probability = 1 / (1 + exp(-(a·z + b)))), plus the operating points chosen on cross-validation.
"""

from __future__ import annotations

import gzip
import hashlib
import heapq
import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

MODEL_FILE = "post_model.json.gz"


@dataclass(frozen=True)
class Contribution:
    feature: str
    weight: float


class Head:
    __slots__ = ("weights", "a", "b")

    def __init__(self, weights: dict[str, float], calibration: tuple[float, float]) -> None:
        self.weights = weights
        self.a, self.b = calibration

    def present(self, feats: set[str]) -> list[tuple[str, float]]:
        """The item's features that carry a weight, with the weight."""
        w = self.weights
        return [(f, w[f]) for f in feats if f in w]

    def probability_of(self, present: list[tuple[str, float]]) -> float:
        z = self.a * sum(x for _, x in present) + self.b
        return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))

    def probability(self, feats: set[str]) -> float:
        return self.probability_of(self.present(feats))

    def contributions(self, present: list[tuple[str, float]], top: int = 6) -> list[Contribution]:
        """The features that moved this item's score most, either way (calibrated units)."""
        biggest = heapq.nlargest(top, (p for p in present if p[0] != "bias"), key=lambda p: abs(p[1]))
        return [Contribution(f, self.a * x) for f, x in biggest]


class PostModel:
    def __init__(self, data: dict) -> None:
        self.meta = data.get("meta", {})
        # which trained model this is (an organization's correction is fitted to one base model)
        self.identity = hashlib.sha256(json.dumps(self.meta, sort_keys=True).encode()).hexdigest()[:16]
        self.heads = {name: Head(h["weights"], tuple(h["calibration"])) for name, h in data["heads"].items()}
        # per named point, a threshold per situation (inbound, outbound reply, other outbound),
        # each chosen on out-of-fold predictions to reach the point's recall in that situation
        self.operating_points: dict[str, dict[str, float]] = data["operating_points"]

    def threshold(self, point: str | float, situation: str = "out") -> float:
        if isinstance(point, (int, float)):
            return float(point)
        return self.operating_points[point][situation]

    @classmethod
    def from_file(cls, path: str | Path) -> "PostModel":
        with gzip.open(path, "rt", encoding="utf-8") as f:
            return cls(json.load(f))


@lru_cache(maxsize=1)
def shipped() -> PostModel | None:
    """The base model shipped with SafePost, or None when it has not been trained yet."""
    ref = resources.files("safepost.engine") / "data" / MODEL_FILE
    if not ref.is_file():
        return None
    with resources.as_file(ref) as path:
        return PostModel.from_file(path)
