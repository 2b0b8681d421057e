"""A calibrated linear model over named features: fast, small, and it explains itself.

The model file (``data/post_model.bin``, shipped in the package; see `write_model`) holds one
*head* per question the engine asks —
``span_phi`` (is this identifier a patient's?), ``phi_present`` (does publishing this disclose
PHI?) and ``consent_can_cure`` (would the patient's authorization make it acceptable?) — each a weight per feature name and a Platt calibration
(probability = 1 / (1 + exp(-(a·z + b)))), plus the operating points chosen on cross-validation.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import math
import struct
import sys
from array import array
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from operator import itemgetter
from pathlib import Path

import numpy as np

from safepost.engine.model import embedding

MODEL_FILE = "post_model.bin"
MAGIC = b"SAFEPOST-MODEL-1\n"


def write_model(data: dict, path: str | Path) -> None:
    """Write a model (``{"meta", "heads", "operating_points"}``, each head's ``weights`` a dict of
    feature name -> weight) in the shipped binary format, loaded with one read and no parsing of
    the weights (for start-up speed): the magic line; the length (8 bytes, little-endian) of a JSON
    header that holds everything but the weights, with each head's number of weights; then per head,
    in the order of their names, the length of its feature names, the names (UTF-8, one per line,
    sorted, as the JSON format had them) and its weights (IEEE doubles, little-endian): the same floats."""
    heads = {name: {**{k: v for k, v in h.items() if k != "weights"}, "n": len(h["weights"])}
             for name, h in data["heads"].items()}
    header = {**{k: v for k, v in data.items() if k != "heads"}, "heads": heads}
    blob = json.dumps(header, sort_keys=True, separators=(",", ":")).encode()
    parts = [MAGIC, struct.pack("<Q", len(blob)), blob]
    for name in sorted(heads):
        weights = data["heads"][name]["weights"]
        if any("\n" in f for f in weights):
            raise ValueError(f"head {name}: a feature name with a line break cannot be written")
        keys = sorted(weights)
        names = "\n".join(keys).encode()
        values = array("d", [float(weights[f]) for f in keys])
        if sys.byteorder == "big":
            values.byteswap()
        parts += [struct.pack("<Q", len(names)), names, values.tobytes()]
    Path(path).write_bytes(b"".join(parts))


def read_model(path: str | Path) -> dict:
    """What `write_model` wrote, as the dict it was given (an older gzip JSON model file too)."""
    raw = Path(path).read_bytes()
    if raw[:2] == b"\x1f\x8b":     # gzip: the JSON format of earlier versions
        return json.loads(gzip.decompress(raw))
    if not raw.startswith(MAGIC):
        raise ValueError(f"{path}: not a SafePost model file")
    pos = len(MAGIC)
    (size,) = struct.unpack_from("<Q", raw, pos)
    data = json.loads(raw[pos + 8:pos + 8 + size])
    pos += 8 + size
    for h in data["heads"].values():
        (size,) = struct.unpack_from("<Q", raw, pos)
        names = raw[pos + 8:pos + 8 + size].decode().split("\n") if h["n"] else []
        pos += 8 + size
        values = array("d")
        values.frombytes(raw[pos:pos + 8 * h["n"]])
        pos += 8 * h["n"]
        if sys.byteorder == "big":
            values.byteswap()
        h["weights"] = dict(zip(names, values.tolist()))
        del h["n"]
    return data


@dataclass(frozen=True)
class Contribution:
    feature: str
    weight: float


EMBEDDING = "text:embedding"     # the pseudo-feature that carries the embedding's share of the score
_weight = itemgetter(1)          # (feature, weight) -> weight, in C (for speed)


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
        # the features the head knows, found by the set intersection (in C: most features are
        # known, and each is looked up once); their order is the set's, which nothing reads:
        # probability_of sums exactly, contributions sorts
        out = [(f, w[f]) for f in w.keys() & feats]
        return out + self._embedding_share(vector)

    def _embedding_share(self, vector) -> list[tuple[str, float]]:
        if self.dense is None or vector is None:
            return []
        return [(EMBEDDING, float(np.dot(self.dense, vector)))]

    def probability_of(self, present: list[tuple[str, float]]) -> float:
        z = self.a * math.fsum(map(_weight, present)) + self.b     # exact: the same whatever the order
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
        return cls(read_model(path))


@lru_cache(maxsize=1)
def shipped() -> PostModel | None:
    """The base model shipped with SafePost, or None when it has not been trained yet."""
    ref = resources.files("safepost.engine") / "data" / MODEL_FILE
    if not ref.is_file():
        return None
    with resources.as_file(ref) as path:
        return PostModel.from_file(path)
