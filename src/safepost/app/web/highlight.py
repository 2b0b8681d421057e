"""Turn a text and the engine's findings into segments a template can render safely
(auto-escaped; no HTML is built in Python)."""

from __future__ import annotations

from dataclasses import dataclass

from safepost.engine import Report


@dataclass(frozen=True)
class Segment:
    text: str
    label: str = ""
    is_phi: bool = False
    why: str = ""

    @property
    def marked(self) -> bool:
        return bool(self.label)


def segments(text: str, report: Report) -> list[Segment]:
    out, pos = [], 0
    for f in sorted(report.findings, key=lambda f: (f.start, -f.end)):
        if f.start < pos or f.end > len(text) or f.start >= f.end:
            continue  # overlapping or out-of-range spans: the first wins
        if f.start > pos:
            out.append(Segment(text[pos:f.start]))
        out.append(Segment(text[f.start:f.end], f.label, f.is_phi, f.why))
        pos = f.end
    if pos < len(text):
        out.append(Segment(text[pos:]))
    return out
