"""`scan_video()`: a clip's keyframes through the image checks (OCR → the text engine, faces), its
container tags as metadata findings, one verdict: the strictest frame's.

Findings carry the time of their frame (seconds from the start). The report's ``text`` is what was
read in every frame, one after the other, so a text finding's ``start``/``end`` index it as for an
image. A clip with more frames worth checking than the engine takes (`video.MAX_FRAMES`) is
NEEDS_AUTHORIZATION at least: a person has to watch what was not checked. OCR runs only on the
frames where `ocr.likely_text` sees a line of text (faces are looked for in every frame).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from safepost.engine.media import video
from safepost.engine.media.report import MediaFinding, MediaReport
from safepost.engine.media.scan_image import (
    check_arguments,
    metadata_findings,
    scan_pixels,
)
from safepost.engine.policy import Policy
from safepost.engine.report import Reason, Verdict

ORDER = (Verdict.ALLOW, Verdict.NEEDS_AUTHORIZATION, Verdict.PRIVATE_FOLLOW_UP, Verdict.BLOCK)
PARTLY_CHECKED = Reason("video_not_fully_checked", f"The clip changes scene more often than the "
                        f"{video.MAX_FRAMES} frames that are checked; a person must watch the rest.")


@dataclass(frozen=True, slots=True)
class TimedFinding:
    finding: MediaFinding
    time: float | None          # None: the file's metadata

    def to_dict(self) -> dict:
        return {**self.finding.to_dict(), "time": None if self.time is None else round(self.time, 2)}


@dataclass(slots=True)
class VideoReport:
    verdict: Verdict
    clip: video.Clip
    frames: list[tuple[float, MediaReport]]
    complete: bool
    text: str = ""
    findings: list[TimedFinding] = field(default_factory=list)
    reasons: list[Reason] = field(default_factory=list)
    images: dict = field(default_factory=dict, repr=False)   # frame time → the upright pixels checked

    @property
    def flag(self) -> bool:
        return self.verdict is not Verdict.ALLOW

    @property
    def faces(self) -> int:
        """The most faces seen in one frame."""
        return max((r.faces for _, r in self.frames), default=0)

    def to_dict(self) -> dict:
        """The JSON shape of `safepost scan clip.mp4 --json`: an image's, with ``video`` for
        ``image``, a ``time`` on every finding and the checked ``frames``."""
        flagged = next((r for _, r in self.frames if r.text_report and r.text_report.flag), None)
        return {
            "verdict": self.verdict.value,
            "flag": self.flag,
            "video": {"width": self.clip.width, "height": self.clip.height, "format": self.clip.format,
                      "duration": round(self.clip.duration, 2), "frames_checked": len(self.frames),
                      "complete": self.complete},
            "text": self.text,
            "faces": self.faces,
            "findings": [f.to_dict() for f in self.findings],
            "reasons": [r.code for r in self.reasons],
            "explanations": {r.code: r.explanation for r in self.reasons},
            "suggestion": flagged.text_report.suggestion if flagged else "",
            "frames": [{"time": round(t, 2), "verdict": r.verdict.value, "faces": r.faces} for t, r in self.frames],
        }


def _stricter(a: Verdict, b: Verdict) -> Verdict:
    return a if ORDER.index(a) >= ORDER.index(b) else b


def _merge(report: VideoReport) -> None:
    """Fold each frame's report into the clip's: verdict, text (offsets shifted), findings, reasons."""
    parts: list[str] = []
    offset = 0
    for time, frame in report.frames:
        report.verdict = _stricter(report.verdict, frame.verdict)
        for f in frame.findings:
            if f.source == "text":
                f = replace(f, start=f.start + offset, end=f.end + offset)
            report.findings.append(TimedFinding(f, time))
        report.reasons += [r for r in frame.reasons if r.code not in {x.code for x in report.reasons}]
        if frame.text:
            parts.append(frame.text)
            offset += len(frame.text) + 1
    report.text = "\n".join(parts)


def scan_video(path: str | Path, *, direction: str = "outbound", kind: str = "post", policy: Policy | None = None,
               today: date | None = None) -> VideoReport:
    """Check a clip (MP4/MOV, WebM/Matroska or AVI file) the way `scan_image()` checks a picture.
    Raises MediaError for what is not a video, too long or too large, and when ffmpeg or Tesseract
    is not installed; ValueError for a direction or kind that does not exist."""
    check_arguments(direction, kind)
    clip = video.probe(path)
    taken = video.keyframes(clip)
    frames = [(t, scan_pixels(img, "PNG", [], direction=direction, kind=kind, policy=policy, today=today,
                              face_long_side=video.FACE_LONG_SIDE, text_check=True)) for t, img in taken.frames]
    report = VideoReport(Verdict.ALLOW, clip, frames, taken.complete, images=dict(taken.frames))
    _merge(report)
    report.findings += [TimedFinding(f, None) for f in metadata_findings(video.metadata_fields(clip))]
    if not taken.complete:
        report.verdict = _stricter(report.verdict, Verdict.NEEDS_AUTHORIZATION)
        report.reasons.append(PARTLY_CHECKED)
    return report
