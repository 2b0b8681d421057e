"""`scan_image()`: an image's text (OCR → the text engine), faces and metadata → one verdict.

The verdict is the text engine's verdict on the text in the picture, raised to at least
NEEDS_AUTHORIZATION when an outbound image shows a face: Safe Harbor counts "full face photographic
images and any comparable images" as an identifier (45 CFR 164.514(b)(2)(i)(Q)), and the
organization's answer is the person's authorization (164.508). Inbound images (a patient's or the
public's) are judged by their text alone: a face in someone's own photo is not the organization's
disclosure. Metadata (GPS, serial numbers, owner names) is reported and never raises the verdict,
because what SafePost stores and publishes is the stripped copy (`metadata.strip`).
"""

from __future__ import annotations

from datetime import date

import numpy as np
from PIL import Image, ImageOps

from safepost.engine.media import faces as face_detector
from safepost.engine.media import metadata, ocr
from safepost.engine.media.table import label_tables
from safepost.engine.media.load import open_image
from safepost.engine.media.report import MediaFinding, MediaReport
from safepost.engine.policy import Policy
from safepost.engine.report import DIRECTIONS, KINDS, Reason, Report, Verdict
from safepost.engine.scanner import scan

FACE_REASON = Reason("shows_face", "Shows a person's face; a full-face photograph identifies them (Safe Harbor (Q)), "
                                   "so it needs their authorization.")
FACE_WHY = "a face (Safe Harbor (Q) full-face photograph); needs the person's authorization to publish"
FACE_SCORE = 0.8
METADATA_WHY = "in the file's metadata; removed from the copy that is stored and published"


def check_arguments(direction: str, kind: str) -> None:
    if direction not in DIRECTIONS:
        raise ValueError(f"direction must be one of {', '.join(DIRECTIONS)}; got {direction!r}")
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}; got {kind!r}")


def text_findings(reading: ocr.Reading, report: Report) -> list[MediaFinding]:
    return [MediaFinding("text", f.label, f.is_phi, f.score, f.why, reading.box_of(f.start, f.end), f.start, f.end)
            for f in report.findings]


def face_findings(boxes: list[ocr.Box], direction: str) -> list[MediaFinding]:
    return [MediaFinding("face", "FACE", direction == "outbound", FACE_SCORE, FACE_WHY, box) for box in boxes]


def metadata_findings(fields: list[metadata.MetaField]) -> list[MediaFinding]:
    return [MediaFinding("metadata", m.label, False, 1.0, METADATA_WHY, field=m.field) for m in fields]


def merge_verdict(text_verdict: Verdict, faces: int, direction: str) -> Verdict:
    if faces and direction == "outbound" and text_verdict is Verdict.ALLOW:
        return Verdict.NEEDS_AUTHORIZATION
    return text_verdict


def scan_image(data: bytes, *, direction: str = "outbound", kind: str = "post", policy: Policy | None = None,
               today: date | None = None) -> MediaReport:
    """Check one image (JPEG, PNG or WebP bytes) the way `scan()` checks a text. Raises MediaError
    (a ValueError) for what is not an image, too large, or a format not taken, and when Tesseract
    is not installed; ValueError for a direction or kind that does not exist."""
    check_arguments(direction, kind)
    image = open_image(data)
    upright = ImageOps.exif_transpose(image).convert("RGB")
    return scan_pixels(upright, image.format, metadata.read(image), direction=direction, kind=kind, policy=policy,
                       today=today)


def scan_pixels(upright: Image.Image, fmt: str, fields: list[metadata.MetaField], *, direction: str, kind: str,
                policy: Policy | None, today: date | None,
                face_long_side: int = face_detector.DETECT_LONG_SIDE, text_check: bool = False) -> MediaReport:
    """The checks on decoded, upright RGB pixels (an image's, or a video frame's): text, faces
    (looked for on a copy ``face_long_side`` pixels long at most), and the metadata ``fields``
    already read from the file. With ``text_check`` (video frames), OCR runs only when
    `ocr.likely_text` sees a line of text."""
    pixels = np.asarray(upright)
    if text_check and not ocr.likely_text(pixels):
        reading = ocr.Reading(())
    else:
        reading = label_tables(ocr.read_text(pixels))
    text = reading.text
    text_report = scan(text, direction=direction, kind=kind, org=policy, today=today)
    boxes = face_detector.find_faces(pixels, face_long_side)
    findings = text_findings(reading, text_report) + face_findings(boxes, direction) + metadata_findings(fields)
    verdict = merge_verdict(text_report.verdict, len(boxes), direction)
    reasons = list(text_report.reasons)
    if boxes and direction == "outbound":
        reasons.append(FACE_REASON)
    return MediaReport(verdict, upright.width, upright.height, fmt, text, text_report, findings,
                       reasons, reading.skew)
