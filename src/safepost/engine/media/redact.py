"""A publishable copy of an image: faces blurred beyond recognition, every identifier the text
engine found in its text boxed out in black, and no metadata (checked by reading it back).
`redact_and_check()` also says what the copy still shows (its own verdict)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import cv2
import numpy as np
from PIL import Image, ImageOps

from safepost.engine.media import faces as face_detector
from safepost.engine.media.load import open_image
from safepost.engine.media.metadata import strip_image
from safepost.engine.media.report import Box, MediaFinding, MediaReport
from safepost.engine.media.scan_image import FACE_REASON, FACE_SCORE, FACE_WHY, merge_verdict
from safepost.engine.policy import Policy
from safepost.engine.scanner import scan

PAD = 3            # pixels around a text box, so no stroke of a letter is left
FACE_MARGIN = 0.15 # of the face box's size on every side: hairline, ears and chin too
BLOCKS = 4         # blocks across a blurred face


def _grow(box: Box, margin: float, shape: tuple) -> Box:
    x, y, w, h = box
    dx, dy = int(w * margin), int(h * margin)
    x0, y0 = max(0, x - dx), max(0, y - dy)
    x1, y1 = min(shape[1], x + w + dx), min(shape[0], y + h + dy)
    return (x0, y0, x1 - x0, y1 - y0)


def _blur(pixels: np.ndarray, box: Box) -> None:
    x, y, w, h = _grow(box, FACE_MARGIN, pixels.shape)
    roi = pixels[y:y + h, x:x + w]
    if roi.size == 0:
        return
    # pixelate to a few blocks across the face, then smooth: no feature survives, not even for a detector
    small = cv2.resize(roi, (BLOCKS, BLOCKS), interpolation=cv2.INTER_AREA)
    pixels[y:y + h, x:x + w] = cv2.GaussianBlur(cv2.resize(small, (w, h), interpolation=cv2.INTER_NEAREST),
                                                (0, 0), max(w, h) / 8)


def _box_out(pixels: np.ndarray, box: Box) -> None:
    x, y, w, h = box
    height, width = pixels.shape[:2]
    pixels[max(0, y - PAD):min(height, y + h + PAD), max(0, x - PAD):min(width, x + w + PAD)] = 0


def redact(data: bytes, report: MediaReport, fmt: str | None = None) -> bytes:
    """``data`` (the image `report` was made from) with its findings covered, in the same format
    or in ``fmt`` (JPEG, PNG or WEBP)."""
    image = open_image(data)
    pixels = np.array(ImageOps.exif_transpose(image).convert("RGB"))
    for f in report.findings:
        if f.box is None:
            continue
        if f.source == "face":
            _blur(pixels, f.box)
        elif f.source == "text":
            _box_out(pixels, f.box)
    return strip_image(Image.fromarray(pixels), fmt or image.format)


@dataclass(frozen=True)
class Redaction:
    """The redacted copy and what is left in it: ``report`` is the copy's own verdict (text the
    boxes did not cover, faces a detector still finds in the blurred pixels)."""

    data: bytes
    report: MediaReport
    blurred: int          # faces blurred
    boxed: int            # text findings boxed out


def covered(report: MediaReport) -> list[MediaFinding]:
    """The findings a redacted copy hides: every face and every text finding that has a box."""
    return [f for f in report.findings if f.box is not None and f.source in ("face", "text")]


def _masked(text: str, hidden: list[MediaFinding]) -> str:
    chars = list(text)
    for f in hidden:
        if f.source == "text" and f.start is not None and f.end is not None:
            chars[f.start:f.end] = " " * (f.end - f.start)
    return "".join(chars)


def redact_and_check(data: bytes, report: MediaReport, *, direction: str = "outbound", kind: str = "post",
                     policy: Policy | None = None, today: date | None = None, fmt: str | None = None) -> Redaction:
    """`redact()`, and the verdict of the copy it makes. The copy is not read again by OCR (a
    black box is read as stray letters); its text is the original's with the boxed-out words
    blanked, checked again by the text engine, so what the boxes did not cover (a finding without
    a box, a context that still identifies) stays. Faces are looked for again in the copy's pixels:
    a blur that left a face recognizable counts as that face."""
    copy = redact(data, report, fmt)
    hidden = covered(report)
    text = _masked(report.text, hidden)
    text_report = scan(text, direction=direction, kind=kind, org=policy, today=today)
    upright = np.asarray(ImageOps.exif_transpose(open_image(copy)).convert("RGB"))
    faces = face_detector.find_faces(upright)
    findings = ([MediaFinding("text", f.label, f.is_phi, f.score, f.why, None, f.start, f.end)
                 for f in text_report.findings]
                + [MediaFinding("face", "FACE", direction == "outbound", FACE_SCORE, FACE_WHY, box) for box in faces])
    reasons = list(text_report.reasons) + ([FACE_REASON] if faces and direction == "outbound" else [])
    verdict = merge_verdict(text_report.verdict, len(faces), direction)
    left = MediaReport(verdict, report.width, report.height, report.format, text, text_report, findings, reasons,
                       report.skew)
    return Redaction(copy, left, sum(f.source == "face" for f in hidden), sum(f.source == "text" for f in hidden))
