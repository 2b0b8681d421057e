"""A calibrated linear model over named features: fast, small, and it explains itself.

The model file (JSON, shipped in the package) holds one *head* per question the engine asks —
``span_phi`` (is this identifier a patient's?), ``phi_present`` (does publishing this disclose
PHI?) and ``consent_can_cure`` (would the patient's authorization make it acceptable?) — each a weight per feature name and a Platt calibration
(probability = 1 / (1 + exp(-(a·z + b)))), plus the operating points chosen on cross-validation.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

from safepost.engine.model import embedding

MODEL_FILE = "post_model.json.gz"


@dataclass(frozen=True)
class Contribution:
    feature: str
    weight: float


EMBEDDING = "text:embedding"     # the pseudo-feature that carries the embedding's share of the score


class Head:
    __slots__ = ("weights", "a", "b", "dense")

    def __init__(self, weights: dict[str, float], calibration: tuple[float, float],
                 dense: list[float] | None = None) -> None:
        self.weights = weights
        self.a, self.b = calibration
        # a weight per dimension of the text's embedding (model/embedding.py), when the head reads it
        self.dense = None if dense is None else np.asarray(dense, dtype=np.float32)

    def present(self, feats: set[str], vector=None) -> list[tuple[str, float]]:
        """The item's features that carry a weight, with the weight; the embedding's share as one
        more (``text:embedding``) when the head reads it."""
        w = self.weights
        out = [(f, w[f]) for f in feats if f in w]
        return out + self._embedding_share(vector)

    def _embedding_share(self, vector) -> list[tuple[str, float]]:
        if self.dense is None or vector is None:
            return []
        return [(EMBEDDING, float(np.dot(self.dense, vector)))]

    def probability_of(self, present: list[tuple[str, float]]) -> float:
        z = self.a * math.fsum(x for _, x in present) + self.b     # exact: the same whatever the order
        return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))

    def probability(self, feats: set[str]) -> float:
        return self.probability_of(self.present(feats))

    def contributions(self, present: list[tuple[str, float]], top: int = 6) -> list[Contribution]:
        """The features that moved this item's score most, either way (calibrated units)."""
        # sorted on (|weight|, name): what heapq.nlargest with that key gives, without a call a feature
        ranked = sorted([(abs(x), f, x) for f, x in present if f != "bias"], reverse=True)
        return [Contribution(f, self.a * x) for _, f, x in ranked[:top]]


class PostModel:
    def __init__(self, data: dict) -> None:
        self.meta = data.get("meta", {})
        # which trained model this is (an organization's correction is fitted to one base model)
        self.identity = hashlib.sha256(json.dumps(self.meta, sort_keys=True).encode()).hexdigest()[:16]
        for name, h in data["heads"].items():
            if h.get("dense_kind", embedding.NAME) != embedding.NAME:
                raise ValueError(f"head {name} reads {h['dense_kind']} vectors; this SafePost makes {embedding.NAME}")
        self.heads = {name: Head(h["weights"], tuple(h["calibration"]), h.get("dense"))
                      for name, h in data["heads"].items()}
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
