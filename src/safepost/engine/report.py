"""What the engine returns: findings (evidence), reasons and a verdict."""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from safepost.engine.labels import LABELS  # noqa: F401  (re-exported: the public list of labels)


class Verdict(str, enum.Enum):
    ALLOW = "ALLOW"
    NEEDS_AUTHORIZATION = "NEEDS_AUTHORIZATION"
    BLOCK = "BLOCK"
    PRIVATE_FOLLOW_UP = "PRIVATE_FOLLOW_UP"


DIRECTIONS = ("outbound", "inbound")
KINDS = (
    "post", "caption", "review_reply", "comment_reply", "comment",
    "review", "direct_message", "story_text", "bio",
)


@dataclass(frozen=True, slots=True)
class Finding:
    """One identifier in the text. Offsets are Python string indices, ``end`` exclusive."""

    start: int
    end: int
    label: str
    is_phi: bool
    score: float
    why: str

    def to_dict(self) -> dict:
        return {
            "start": self.start, "end": self.end, "label": self.label,
            "is_phi": self.is_phi, "score": round(self.score, 2), "why": self.why,
        }


@dataclass(frozen=True, slots=True)
class Reason:
    code: str
    explanation: str


@dataclass(frozen=True, slots=True)
class Evidence:
    """A phrase that is not an identifier but made the verdict: "your crown", "we reviewed your
    chart", "the firefighter from Engine 7". A reply checker names it to the writer."""

    start: int
    end: int
    reason: str

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class Judgement:
    """How the learned verdict was reached: the calibrated probability that the text discloses
    PHI, the organization's threshold, what the rules alone said, and the features that moved
    the score most (positive: towards PHI). Those are worked out only when asked for (`explain`):
    a bulk scan never shows them."""

    probability: float
    threshold: float
    rules_verdict: str
    explain: Callable[[], Sequence] = field(default=tuple, repr=False, compare=False)

    @property
    def contributions(self) -> tuple:
        return tuple(self.explain())

    def to_dict(self) -> dict:
        return {"probability": round(self.probability, 4), "threshold": round(self.threshold, 4),
                "rules_verdict": self.rules_verdict,
                "contributions": [{"feature": c.feature, "weight": round(c.weight, 3)} for c in self.contributions]}


@dataclass(slots=True)
class Report:
    verdict: Verdict
    findings: list[Finding] = field(default_factory=list)
    reasons: list[Reason] = field(default_factory=list)
    suggestion: str = ""
    evidence: list[Evidence] = field(default_factory=list)
    judgement: Judgement | None = None

    @property
    def flag(self) -> bool:
        return self.verdict is not Verdict.ALLOW

    def to_dict(self) -> dict:
        """The JSON shape shared by the CLI (`--json`, `--jsonl`) and the API."""
        return {
            "verdict": self.verdict.value,
            "flag": self.flag,
            "spans": [f.to_dict() for f in self.findings],
            "reasons": [r.code for r in self.reasons],
            "explanations": {r.code: r.explanation for r in self.reasons},
            "suggestion": self.suggestion,
            "evidence": [e.to_dict() for e in self.evidence],
            "judgement": self.judgement.to_dict() if self.judgement else None,
        }
