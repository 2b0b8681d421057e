"""What the media engine returns: the text engine's `Verdict` and `Reason`, with findings that
carry where they are in the picture (a pixel box) or in the file (a metadata field)."""

from __future__ import annotations

from dataclasses import dataclass, field

from safepost.engine.report import Reason, Report, Verdict

Box = tuple[int, int, int, int]


@dataclass(frozen=True, slots=True)
class MediaFinding:
    """One identifier in an image. ``source`` is ``text`` (read by OCR: ``start``/``end`` index the
    report's ``text``), ``face`` or ``metadata`` (``field`` names it; stripped before publishing).
    ``box`` is (x, y, width, height) in the upright image's pixels, None for metadata."""

    source: str
    label: str
    is_phi: bool
    score: float
    why: str
    box: Box | None = None
    start: int | None = None
    end: int | None = None
    field: str | None = None

    def to_dict(self) -> dict:
        d = {"source": self.source, "label": self.label, "is_phi": self.is_phi, "score": round(self.score, 2),
             "why": self.why, "box": list(self.box) if self.box else None}
        if self.source == "text":
            d.update(start=self.start, end=self.end)
        if self.field:
            d["field"] = self.field
        return d


@dataclass(slots=True)
class MediaReport:
    verdict: Verdict
    width: int
    height: int
    format: str
    text: str = ""                       # what OCR read, line by line
    text_report: Report | None = None    # the text engine's report on it
    findings: list[MediaFinding] = field(default_factory=list)
    reasons: list[Reason] = field(default_factory=list)
    skew: float = 0.0                    # degrees of rotation undone to read the text

    @property
    def flag(self) -> bool:
        return self.verdict is not Verdict.ALLOW

    @property
    def faces(self) -> int:
        return sum(f.source == "face" for f in self.findings)

    def to_dict(self) -> dict:
        """The JSON shape of `safepost scan photo.jpg --json`."""
        return {
            "verdict": self.verdict.value,
            "flag": self.flag,
            "image": {"width": self.width, "height": self.height, "format": self.format},
            "text": self.text,
            "faces": self.faces,
            "findings": [f.to_dict() for f in self.findings],
            "reasons": [r.code for r in self.reasons],
            "explanations": {r.code: r.explanation for r in self.reasons},
            "suggestion": self.text_report.suggestion if self.text_report and self.text_report.flag else "",
        }
